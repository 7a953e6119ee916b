// The list-append workload's txns on etcd's v3 HTTP/JSON gateway: the
// requests each txn becomes and what each answer means. Pure functions; the
// HTTP itself is in etcd_client.h.
//
// A txn [["r", k, null], ["append", k2, v], ...] runs in two steps:
//   1. POST /v3/kv/txn  success: a range of each key it touches: the keys'
//      lists (as JSON text, "[1,2,3]"; absent: empty) and mod revisions, all
//      read at one revision.
//   2. only when it appends: POST /v3/kv/txn  compare: each key's
//      mod_revision is still the one read (0: still absent); success: a put
//      of each appended key's new list.
// The micro-ops are then played on the lists read: a read sees the list with
// the txn's own earlier appends. A read-only txn ends after step 1.
//
// How it ends: step 1 in trouble is a fail (nothing was written); a failed
// compare is a fail (another txn wrote a key first: nothing written); step 2
// without an answer (a timeout, a lost connection, a 5xx, a 408) is info; a
// refusal (another 4xx) is a fail.
#pragma once

#include <map>
#include <string>

#include "harness/base/result.h"
#include "harness/runner/client.h"
#include "workloads/etcd_gateway.h"

namespace faultline {

// What step 1 read: per key (its text), the list and its mod revision.
struct EtcdAppendState {
  std::map<std::string, Json> lists;
  std::map<std::string, int64_t> mod_revisions;
};

// Step 1 for `txn`; error text when its value is not a list of micro-ops.
Result<EtcdRequest, std::string> etcd_append_read(const Op& txn, bool serializable = false);

// What step 1's answer read; else how the txn ends (a fail).
Result<EtcdAppendState, Completion> etcd_append_state(const Op& txn, int status,
                                                      std::string_view body);

// The txn's micro-ops with its reads filled in from `state`, and step 2
// (none for a read-only txn).
struct EtcdAppendPlan {
  Json micro_ops;
  std::optional<EtcdRequest> write;
};
EtcdAppendPlan etcd_append_plan(const Op& txn, const EtcdAppendState& state);

// How the txn ends, given step 2's answer; `micro_ops` is the plan's.
Completion etcd_append_write_completion(const Json& micro_ops, int status, std::string_view body);

}  // namespace faultline
