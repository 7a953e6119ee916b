// The client contract: how a worker talks to the system under test.
//
// The runner opens one Client per worker, bound to one node, and uses it from
// that worker's thread only (a Client need not be thread-safe). invoke() runs
// one operation and says how it ended:
//   ok    it took effect; `value` is its result (what a read saw)
//   fail  it certainly did NOT take effect (the database refused it)
//   info  it may or may not have taken effect: a timeout, a lost connection,
//         an error the client cannot classify. `error` says why.
// When unsure, answer info: a wrong fail makes the checker unsound, a wrong
// info only makes it weaker.
//
// invoke() must return by `deadline` (plus a little), answering info with
// error "timeout" when the operation has not completed by then: the runner
// cannot interrupt a call, so a client that ignores its deadline delays the
// end of the run. A client that throws is not fatal: the runner records info
// with the exception's text, logs it, and opens a fresh client.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <utility>

#include "harness/history/op.h"

namespace faultline {

struct Completion {
  OpType type = OpType::kInfo;  // kOk, kFail or kInfo
  Json value;                   // the result; null when none
  Json error;                   // why it failed or is indeterminate; null when none
  // The node that served the op, when the client knows (a read answered by a
  // replica); empty: the worker's own node is recorded.
  std::string node;

  static Completion ok(Json value = nullptr) {
    return {OpType::kOk, std::move(value), nullptr, {}};
  }
  static Completion fail(Json error, Json value = nullptr) {
    return {OpType::kFail, std::move(value), std::move(error), {}};
  }
  static Completion info(Json error, Json value = nullptr) {
    return {OpType::kInfo, std::move(value), std::move(error), {}};
  }
};

class Client {
 public:
  using Deadline = std::chrono::steady_clock::time_point;

  virtual ~Client() = default;  // closes connections

  // `invocation` carries f, key and value (and the process and node, for
  // logs). Called only from the owning worker's thread, one op at a time.
  virtual Completion invoke(const Op& invocation, Deadline deadline) = 0;
};

// Who a client is opened for.
struct ClientContext {
  int worker = 0;    // 0..concurrency-1
  std::string node;  // the node this worker talks to
};

// Opens a client for a worker; called from that worker's thread. Opening
// should not block for long: connection errors are better reported by
// invoke() as fail (never connected) or info. A factory that throws retires
// its worker (logged).
using ClientFactory = std::function<std::unique_ptr<Client>(const ClientContext&)>;

}  // namespace faultline
