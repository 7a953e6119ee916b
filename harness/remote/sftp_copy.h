// Copying files and directory trees over SFTP on an open libssh session, for
// SshRemote::upload and download. Not thread-safe: the session belongs to the
// calling thread for the duration of the call (libssh's rule).
#pragma once

#include <optional>
#include <string>

#include "harness/remote/remote_error.h"
#include "harness/remote/ssh_session.h"

namespace faultline {

// What came of one transfer.
struct SftpTransfer {
  std::optional<RemoteError> error;  // nullopt on success
  bool started = false;              // false: SFTP could not even start, nothing was copied
};

// Copies a local file or directory tree to exactly `remote_path` (not into it),
// creating missing parent directories; modes are preserved, symbolic links
// followed, existing files overwritten. Errors name `node`, the path and the fix.
SftpTransfer sftp_upload(ssh_session session, const std::string& node,
                         const std::string& local_path, const std::string& remote_path);

// The reverse of sftp_upload, with the same rules.
SftpTransfer sftp_download(ssh_session session, const std::string& node,
                           const std::string& remote_path, const std::string& local_path);

}  // namespace faultline
