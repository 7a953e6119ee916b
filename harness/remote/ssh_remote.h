// SshRemote: the Remote for real machines and local namespace nodes alike,
// over libssh with one persistent authenticated session per node.
//
// The session is opened on first use and reused: every command gets a new
// channel on it (~2 ms instead of ~100 ms for a new connection). When the
// session has dropped (the node rebooted, sshd restarted), the next call
// reconnects, retrying after 100 ms, 400 ms and 1.6 s; a command or transfer
// is retried once on the new session only when it had not started, so nothing
// runs twice. Files move over SFTP (sftp_copy.h).
//
// Timeouts: the command line wraps the command in the node's `timeout` (see
// shell.h), which kills its process group there; the controller waits a little
// longer and reports either end as timed_out with exit_status -1.
//
// sudo: a Command with `sudo` runs as is when the login user is already root;
// otherwise through `sudo -n`, or, when the node's sudo needs a password, with
// the password from the environment variable SshOptions::sudo_password_env
// (read once, at construction) written on the command's stdin, for `sudo -k
// -S` (which always reads it, so it never becomes the command's input). The
// password never appears in a command line, a message or a log.
//
// Thread-safety: one thread at a time per SshRemote (a libssh session is not
// thread-safe); different SshRemotes may be used from different threads.
#pragma once

#include <optional>
#include <string>

#include "harness/remote/node_spec.h"
#include "harness/remote/remote.h"
#include "harness/remote/ssh_session.h"

namespace faultline {

class SshRemote : public Remote {
 public:
  // `spec.name` defaults to `spec.host`. Does not connect yet.
  explicit SshRemote(NodeSpec spec, SshOptions options = {});

  const std::string& node() const override { return spec_.name; }

  RemoteResult<CommandResult> run(const Command& command) override;

  // Copies a file or a directory tree to exactly `remote_path` (not into it),
  // creating missing parent directories. Modes are preserved; symbolic links
  // are followed. An existing file is overwritten.
  RemoteResult<Done> upload(const std::string& local_path, const std::string& remote_path) override;

  // The reverse of upload, with the same rules.
  RemoteResult<Done> download(const std::string& remote_path,
                              const std::string& local_path) override;

  // Closes the session, if any; the next call connects again.
  void disconnect() { session_.reset(); }

 private:
  // What a command asking for sudo needs on this node; learned once.
  enum class SudoMode { kUnknown, kAlreadyRoot, kNoPassword, kPassword };

  // Runs `attempt(session, started)` on a live session, reconnecting first
  // when needed, and once more on a fresh session when it failed with
  // `started` still false.
  template <class T, class Attempt>
  RemoteResult<T> with_session(Attempt attempt);
  std::optional<RemoteError> ensure_session(bool reconnecting);
  std::optional<RemoteError> connect_with_backoff();

  RemoteResult<CommandResult> run_line(const Command& command, bool with_password);
  RemoteResult<SudoMode> sudo_mode();
  RemoteResult<CommandResult> run_sudo(const Command& command);

  NodeSpec spec_;
  SshOptions options_;
  std::string sudo_password_;
  SudoMode sudo_mode_ = SudoMode::kUnknown;
  bool ever_connected_ = false;
  SessionPtr session_;
};

}  // namespace faultline
