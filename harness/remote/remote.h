// The seam between faultline and a node: run a command, move files.
//
// Implementations: SshRemote (libssh, one persistent session per node) for
// real machines and namespace nodes alike; test fakes record commands. A
// Remote may be used from one thread at a time; run one action on many nodes
// with on_nodes() (parallel.h).
#pragma once

#include <string>

#include "harness/remote/command.h"
#include "harness/remote/remote_error.h"

namespace faultline {

class Remote {
 public:
  virtual ~Remote() = default;
  virtual const std::string& node() const = 0;  // the node's name, for messages
  // Runs a command. A non-zero exit status is a result, not an error; errors
  // are failures to run it at all (connection, auth, sudo, timeout to connect).
  virtual RemoteResult<CommandResult> run(const Command& command) = 0;
  // Copies a local file or directory (recursively) to `remote_path`.
  virtual RemoteResult<Done> upload(const std::string& local_path,
                                    const std::string& remote_path) = 0;
  // Copies a remote file or directory (recursively) to `local_path`.
  virtual RemoteResult<Done> download(const std::string& remote_path,
                                      const std::string& local_path) = 0;
};

}  // namespace faultline
