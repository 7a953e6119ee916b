// The workloads' ops in etcd's v3 HTTP/JSON gateway (etcd 3.4 serves it on
// its client URL): the request each op becomes, and what each answer means
// for the op. Pure functions; the HTTP itself is in etcd_client.h.
//
// register:
//   read        POST /v3/kv/range  {key}                 ok with the value, null when absent
//   write       POST /v3/kv/put    {key, value}          ok
//   cas [a b]   POST /v3/kv/txn    if value == a: put b  ok when it ran, else fail
// set (each element is a key of its own under the set's prefix "<key>/"):
//   add e       POST /v3/kv/put    {"<key>/<e>", e}      ok
//   read        POST /v3/kv/range  the prefix "<key>/"   ok with the sorted elements
// counter:
//   read        POST /v3/kv/range  {key}                 ok with the value, 0 when absent
//   add d       range, then txn: if mod_revision is still the one read, put
//               value + d; the client repeats both while the compare fails
//               (etcd_counter_state, etcd_counter_txn, etcd_counter_txn_completion)
//
// Keys and values travel base64; values are integers stored as decimal text
// ("42").
//
// How an op ends when the answer is not a success: a read changes nothing, so
// a read that did not complete is a definite fail (as in Jepsen). A write, cas
// or add whose request may have reached etcd (a timeout, a lost connection, a
// 5xx, a 408, an answer we cannot read) is info; one etcd refused (another 4xx)
// or that was never sent is fail. A counter add fails while only its range
// was sent: nothing is written before the txn.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "harness/base/result.h"
#include "harness/runner/client.h"

namespace faultline {

struct EtcdRequest {
  std::string path;  // "/v3/kv/range", ...
  Json body;
};

// Which workload's ops a client sends (their f names overlap: `add`).
// list-append's and rw-register's txns have requests of their own: etcd_txn.h.
enum class EtcdWorkload { kRegister, kSet, kCounter, kListAppend, kRwRegister };
std::optional<EtcdWorkload> etcd_workload_named(std::string_view name);

struct EtcdRequestOptions {
  // Reads go through raft (linearizable) unless this is set: then any member
  // answers from its own state, which may be stale.
  bool serializable = false;
  EtcdWorkload workload = EtcdWorkload::kRegister;
};

// The request for `invocation` (one of the workload's ops, a key, the value);
// for a counter add, its first step (the range). Error text when the op is
// not one of these or its value is malformed.
Result<EtcdRequest, std::string> etcd_request(const Op& invocation,
                                              const EtcdRequestOptions& options = {});

// How `invocation` ended, given the gateway's HTTP status and body (for a
// counter add, use etcd_counter_txn_completion).
Completion etcd_completion(const Op& invocation, int status, std::string_view body,
                           EtcdWorkload workload = EtcdWorkload::kRegister);

// A counter as its range step found it: mod_revision 0 when absent.
struct EtcdCounterState {
  int64_t value = 0;
  int64_t mod_revision = 0;
};

// The counter `add` read, from its range step's answer; else how the add
// ends (fail: nothing was written).
Result<EtcdCounterState, Completion> etcd_counter_state(const Op& add, int status,
                                                        std::string_view body);

// The txn that puts state.value + delta on `key` if its mod_revision is still
// state.mod_revision (etcd compares an absent key's as 0).
EtcdRequest etcd_counter_txn(const std::string& key, const EtcdCounterState& state, int64_t delta);

// How the counter `add` ended, given its txn's answer; nothing when the
// compare failed (another add came first: read again and retry).
std::optional<Completion> etcd_counter_txn_completion(const Op& add, int status,
                                                      std::string_view body);

// How `invocation` ended when no answer came. `maybe_sent`: false when the
// request certainly never left (no connection could be made).
Completion etcd_unanswered(const Op& invocation, const std::string& error, bool maybe_sent);

// A register value as etcd stores it, and back: integers as decimal text;
// anything else as its JSON text. Text that is not a decimal integer reads as
// a JSON string, so a foreign value shows up in the history as it is (bytes
// that are not UTF-8 as \xNN).
std::string etcd_value_text(const Json& value);
Json etcd_value_from_text(std::string_view text);

}  // namespace faultline
