#include "harness/remote/remote_error.h"

namespace faultline {
namespace {

// What to say when an error carries no message of its own.
const char* default_message(RemoteErrorKind kind) {
  switch (kind) {
    case RemoteErrorKind::kResolve:
      return "the node's name does not resolve";
    case RemoteErrorKind::kRefused:
      return "connection refused";
    case RemoteErrorKind::kTimeout:
      return "timed out";
    case RemoteErrorKind::kAuth:
      return "authentication failed";
    case RemoteErrorKind::kHostKeyChanged:
      return "the host key has changed";
    case RemoteErrorKind::kHostKeyUnknown:
      return "the host key is unknown";
    case RemoteErrorKind::kSudoPassword:
      return "sudo needs a password";
    case RemoteErrorKind::kToolMissing:
      return "a required program is not installed";
    case RemoteErrorKind::kTransfer:
      return "file transfer failed";
    case RemoteErrorKind::kDisconnected:
      return "the connection dropped";
    case RemoteErrorKind::kOther:
      break;
  }
  return "failed";
}

}  // namespace

std::string RemoteError::to_string() const {
  std::string text = node.empty() ? "" : node + ": ";
  text += message.empty() ? default_message(kind) : message;
  if (!fix.empty()) text += " (fix: " + fix + ")";
  return text;
}

}  // namespace faultline
