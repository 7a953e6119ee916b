// The list-append and rw-register workloads' txns on etcd's v3 HTTP/JSON
// gateway: the requests each txn becomes and what each answer means. Pure
// functions; the HTTP itself is in etcd_client.h.
//
// A txn [["r", k, null], ["append", k2, v], ...] (rw-register: ["w", k2, v])
// runs in two steps:
//   1. POST /v3/kv/txn  success: a range of each key it touches: the keys'
//      values and mod revisions, all read at one revision. list-append keeps
//      a list as JSON text ("[1,2,3]"; absent: empty); rw-register an
//      integer as decimal text ("42"; absent: null).
//   2. only when it appends or writes: POST /v3/kv/txn  compare: each key's
//      mod_revision is still the one read (0: still absent); success: a put
//      of each written key's new value.
// The micro-ops are then played on the values read: a read sees the value
// with the txn's own earlier appends or writes. A read-only txn ends after
// step 1.
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

// Which txns: EtcdWorkload::kListAppend or kRwRegister.
bool is_etcd_txn_workload(EtcdWorkload workload);

// What step 1 read: per key (its text), the value (a list, or an integer or
// null) and its mod revision.
struct EtcdTxnState {
  std::map<std::string, Json> values;
  std::map<std::string, int64_t> mod_revisions;
};

// Step 1 for `txn`; error text when its value is not a list of the
// workload's micro-ops.
Result<EtcdRequest, std::string> etcd_txn_read(const Op& txn, EtcdWorkload workload,
                                               bool serializable = false);

// What step 1's answer read; else how the txn ends (a fail).
Result<EtcdTxnState, Completion> etcd_txn_state(const Op& txn, EtcdWorkload workload, int status,
                                                std::string_view body);

// The txn's micro-ops with its reads filled in from `state`, and step 2
// (none for a read-only txn).
struct EtcdTxnPlan {
  Json micro_ops;
  std::optional<EtcdRequest> write;
};
EtcdTxnPlan etcd_txn_plan(const Op& txn, EtcdWorkload workload, const EtcdTxnState& state);

// How the txn ends, given step 2's answer; `micro_ops` is the plan's.
Completion etcd_txn_write_completion(const Json& micro_ops, int status, std::string_view body);

}  // namespace faultline
