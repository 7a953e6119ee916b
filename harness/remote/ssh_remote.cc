// SshRemote: sessions (connect, reconnect with backoff, retry what never
// started), sudo, and the glue to ssh_channel.h (commands), sftp_copy.h
// (files) and ssh_diagnosis.h (what a failed result means).
#include "harness/remote/ssh_remote.h"

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <thread>

#include "harness/remote/sftp_copy.h"
#include "harness/remote/shell.h"
#include "harness/remote/ssh_channel.h"
#include "harness/remote/ssh_diagnosis.h"

namespace faultline {
namespace {

namespace fs = std::filesystem;
using MaybeError = std::optional<RemoteError>;
using Clock = std::chrono::steady_clock;
using std::chrono_literals::operator""ms;

bool is_transient(RemoteErrorKind kind) {
  return kind == RemoteErrorKind::kRefused || kind == RemoteErrorKind::kTimeout ||
         kind == RemoteErrorKind::kDisconnected || kind == RemoteErrorKind::kOther;
}

std::string trimmed(std::string text) {
  while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.pop_back();
  return text;
}

std::chrono::milliseconds elapsed_since(Clock::time_point start) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - start);
}

// The node's `timeout` wrapper stopped the command: report it as the controller's own timeout.
void mark_remote_timeout(const Command& command, Clock::time_point start, CommandResult* result) {
  if (result->timed_out || !stopped_by_remote_timeout(command, *result, elapsed_since(start))) {
    return;
  }
  result->timed_out = true;
  result->exit_status = -1;
}

}  // namespace

SshRemote::SshRemote(NodeSpec spec, SshOptions options)
    : spec_(std::move(spec)), options_(std::move(options)) {
  if (spec_.name.empty()) spec_.name = spec_.host;
  const char* password = std::getenv(options_.sudo_password_env.c_str());
  if (password != nullptr) sudo_password_ = password;
}

MaybeError SshRemote::ensure_session(bool reconnecting) {
  if (session_ && ssh_is_connected(session_.get()) != 0) return std::nullopt;
  session_.reset();
  if (reconnecting) return connect_with_backoff();
  RemoteResult<SessionPtr> opened = open_session(spec_, options_);
  if (!opened) return opened.error();
  session_ = std::move(*opened);
  ever_connected_ = true;
  return std::nullopt;
}

MaybeError SshRemote::connect_with_backoff() {
  static constexpr std::chrono::milliseconds kDelays[] = {0ms, 100ms, 400ms, 1600ms};
  RemoteError last;
  for (std::chrono::milliseconds delay : kDelays) {
    std::this_thread::sleep_for(delay);
    RemoteResult<SessionPtr> opened = open_session(spec_, options_);
    if (opened) {
      session_ = std::move(*opened);
      return std::nullopt;
    }
    last = opened.error();
    if (!is_transient(last.kind)) return last;
  }
  last.message = "lost the session; 4 tries to reconnect over 2.1 s failed: " + last.message;
  return last;
}

template <class T, class Attempt>
RemoteResult<T> SshRemote::with_session(Attempt attempt) {
  bool reconnecting = ever_connected_;
  for (int round = 0;; ++round) {
    if (MaybeError error = ensure_session(reconnecting)) return *error;
    bool started = false;
    RemoteResult<T> result = attempt(session_.get(), started);
    if (ssh_is_connected(session_.get()) == 0) session_.reset();
    if (result.ok() || started || round > 0) return result;
    session_.reset();  // nothing ran: a fresh session gets one more try
    reconnecting = true;
  }
}

RemoteResult<CommandResult> SshRemote::run_line(const Command& command, bool with_password) {
  const RemoteInvocation invocation = remote_invocation(
      command, with_password ? std::optional<std::string_view>(sudo_password_) : std::nullopt);
  const Clock::time_point start = Clock::now();
  RemoteResult<CommandResult> result =
      with_session<CommandResult>([&](ssh_session session, bool& started) {
        ChannelRun run = run_on_channel(session, node(), invocation.line, invocation.input,
                                        invocation.controller_timeout, command.describe());
        started = run.started;
        return std::move(run.result);
      });
  // The password never reaches a message, even if something echoed it.
  if (!result) return with_password ? redacted(result.error(), sudo_password_) : result.error();
  mark_remote_timeout(command, start, &*result);
  if (MaybeError error = diagnose_command(node(), options_.sudo_password_env, command, *result)) {
    return with_password ? redacted(*error, sudo_password_) : *error;
  }
  return result;
}

RemoteResult<SshRemote::SudoMode> SshRemote::sudo_mode() {
  if (sudo_mode_ != SudoMode::kUnknown) return sudo_mode_;
  RemoteResult<CommandResult> id = run_line(Command::of({"id", "-u"}), false);
  if (!id) return id.error();
  if (trimmed(id->out) == "0") return sudo_mode_ = SudoMode::kAlreadyRoot;
  if (sudo_password_.empty()) return sudo_mode_ = SudoMode::kNoPassword;
  Command probe = Command::of({"sudo", "-n", "true"});
  RemoteResult<CommandResult> probed = run_line(probe, false);
  if (!probed) return probed.error();
  return sudo_mode_ = probed->ok() ? SudoMode::kNoPassword : SudoMode::kPassword;
}

RemoteResult<CommandResult> SshRemote::run_sudo(const Command& command) {
  RemoteResult<SudoMode> mode = sudo_mode();
  if (!mode) return mode.error();
  Command c = command;
  if (*mode == SudoMode::kAlreadyRoot) {
    c.sudo = false;
    return run_line(c, false);
  }
  RemoteResult<CommandResult> result = run_line(c, *mode == SudoMode::kPassword);
  // sudo -n only fails before running anything, so trying again with the password is safe
  // (sudo's cached credentials, seen by the probe, may have expired since).
  bool retry = !result && result.error().kind == RemoteErrorKind::kSudoPassword &&
               *mode == SudoMode::kNoPassword && !sudo_password_.empty();
  if (!retry) return result;
  sudo_mode_ = SudoMode::kPassword;
  return run_line(c, true);
}

RemoteResult<CommandResult> SshRemote::run(const Command& command) {
  return command.sudo ? run_sudo(command) : run_line(command, false);
}

RemoteResult<Done> SshRemote::upload(const std::string& local_path,
                                     const std::string& remote_path) {
  std::error_code ec;
  if (!fs::exists(local_path, ec)) {
    return RemoteError{
        node(), RemoteErrorKind::kTransfer,
        "upload of " + local_path + " to " + remote_path + ": no such local file or directory",
        "check the local path"};
  }
  return with_session<Done>([&](ssh_session session, bool& started) -> RemoteResult<Done> {
    SftpTransfer transfer = sftp_upload(session, node(), local_path, remote_path);
    started = transfer.started;
    if (transfer.error) return *transfer.error;
    return Done{};
  });
}

RemoteResult<Done> SshRemote::download(const std::string& remote_path,
                                       const std::string& local_path) {
  return with_session<Done>([&](ssh_session session, bool& started) -> RemoteResult<Done> {
    SftpTransfer transfer = sftp_download(session, node(), remote_path, local_path);
    started = transfer.started;
    if (transfer.error) return *transfer.error;
    return Done{};
  });
}

}  // namespace faultline
