// The libssh layer under SshRemote: owners for every libssh handle, opening a
// connected, host-key-checked, authenticated session to one node, and running
// one command line on a new channel of it.
//
// Every handle lives in an owner (unique_ptr with a deleter) so it is released
// on every exit path. Lifetime: a channel, sftp session, sftp file or dir must
// be destroyed before the session it came from (libssh frees a session's
// channels with the session). Not thread-safe: a session and everything opened
// on it belong to one thread at a time (libssh's rule, see ENVIRONMENT.md).
#pragma once

#include <libssh/libssh.h>
#include <libssh/sftp.h>

#include <chrono>
#include <memory>
#include <string>

#include "harness/command.h"
#include "harness/nodes_file.h"
#include "harness/remote_error.h"

namespace faultline {

// How SshRemote reaches nodes, beyond what each NodeSpec says.
struct SshOptions {
  // Off: accept unknown and changed host keys (for throwaway clusters only).
  bool strict_host_keys = true;
  // Read by libssh's parser after the host is set (Host, HostName, Port, User,
  // IdentityFile, UserKnownHostsFile ...); the NodeSpec's fields win over it.
  // Empty: read no ssh config at all.
  std::string ssh_config = "~/.ssh/config";
  // For connecting and for every blocking libssh call on an open session.
  std::chrono::milliseconds connect_timeout{10'000};
  // The environment variable whose value, if set, answers sudo's password prompt.
  std::string sudo_password_env = "FAULTLINE_SUDO_PASSWORD";
};

struct SessionFree {
  void operator()(ssh_session s) const;  // disconnects, then frees
};
struct ChannelFree {
  void operator()(ssh_channel c) const;  // closes if still open, then frees
};
struct SftpFree {
  void operator()(sftp_session s) const;
};
struct SftpFileClose {
  void operator()(sftp_file f) const;
};
struct SftpDirClose {
  void operator()(sftp_dir d) const;
};
struct SftpAttributesFree {
  void operator()(sftp_attributes a) const;
};
struct KeyFree {
  void operator()(ssh_key k) const;
};

using SessionPtr = std::unique_ptr<ssh_session_struct, SessionFree>;
using ChannelPtr = std::unique_ptr<ssh_channel_struct, ChannelFree>;
using SftpPtr = std::unique_ptr<sftp_session_struct, SftpFree>;
using SftpFilePtr = std::unique_ptr<sftp_file_struct, SftpFileClose>;
using SftpDirPtr = std::unique_ptr<sftp_dir_struct, SftpDirClose>;
using SftpAttributesPtr = std::unique_ptr<sftp_attributes_struct, SftpAttributesFree>;
using KeyPtr = std::unique_ptr<ssh_key_struct, KeyFree>;

// libssh's last error message for `session`, never null.
std::string ssh_error_text(ssh_session session);

// Connects to `node`, checks its host key against its known_hosts and
// authenticates: the key file named in `node`, then ssh-agent, then the
// identities from ssh config and the default ~/.ssh/id_* files. Every error
// names the node and, where known, the fix.
RemoteResult<SessionPtr> open_session(const NodeSpec& node, const SshOptions& options);

// What came of running one command line on a new channel.
struct ChannelRun {
  RemoteResult<CommandResult> result;
  bool started = false;  // false: no channel could be opened, so nothing ran
};

// Runs `line` (already quoted, from remote_command_line) on a new channel of
// `session`: writes `input` to its stdin, then EOF, and collects stdout and
// stderr until EOF or `timeout`. On timeout the remote command is sent TERM
// (sshd honours that only for non-root logins, so it may keep running), the
// channel closed, and the result has timed_out set. `node` and `description`
// (never holding secrets) are for messages.
ChannelRun run_on_channel(ssh_session session, const std::string& node, const std::string& line,
                          const std::string& input, std::chrono::milliseconds timeout,
                          const std::string& description);

}  // namespace faultline
