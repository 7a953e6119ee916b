// What went wrong talking to a node, and how to fix it.
//
// Every failure a user can meet (name does not resolve, connection refused,
// timeout, authentication failed, host key changed, sudo needs a password, a
// required tool missing) is a RemoteError naming the node and, where known,
// the fix. A value; `to_string` is the message a person reads.
#pragma once

#include <string>

#include "harness/base/result.h"

namespace faultline {

enum class RemoteErrorKind {
  kResolve,         // the node's name does not resolve
  kRefused,         // connection refused
  kTimeout,         // connecting or the command timed out
  kAuth,            // authentication failed
  kHostKeyChanged,  // known_hosts has another key for this host
  kHostKeyUnknown,  // no known_hosts entry and checking is on
  kSudoPassword,    // sudo asked for a password and none was given
  kToolMissing,     // a program the command needs is not installed
  kTransfer,        // upload or download failed
  kDisconnected,    // the session dropped and could not be re-established
  kOther,
};

struct RemoteError {
  std::string node;
  RemoteErrorKind kind = RemoteErrorKind::kOther;
  std::string message;  // what happened
  std::string fix;      // what to do about it; may be empty
  std::string to_string() const;  // "n1: connection refused ... (fix: ...)"
};

template <class T>
using RemoteResult = Result<T, RemoteError>;

struct Done {};  // the value of an action that returns nothing

}  // namespace faultline
