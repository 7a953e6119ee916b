// The libssh layer under SshRemote: owners for every libssh handle, and
// opening a connected, host-key-checked, authenticated session to one node
// (running a command on it is ssh_channel.h).
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

#include "harness/remote/command.h"
#include "harness/remote/node_spec.h"
#include "harness/remote/remote_error.h"

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

}  // namespace faultline
