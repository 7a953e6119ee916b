// The register workload's ops in etcd's v3 HTTP/JSON gateway (etcd 3.4 serves
// it on its client URL): the request each op becomes, and what each answer
// means for the op. Pure functions; the HTTP itself is in etcd_client.h.
//
//   read        POST /v3/kv/range  {key}                 ok with the value, null when absent
//   write       POST /v3/kv/put    {key, value}          ok
//   cas [a b]   POST /v3/kv/txn    if value == a: put b  ok when it ran, else fail
//
// Keys and values travel base64; values are the workload's integers stored as
// decimal text ("42").
//
// How an op ends when the answer is not a success: a read changes nothing, so
// a read that did not complete is a definite fail (as in Jepsen). A write or
// cas whose request may have reached etcd (a timeout, a lost connection, a 5xx,
// a 408, an answer we cannot read) is info; one etcd refused (another 4xx) or
// that was never sent is fail.
#pragma once

#include <string>
#include <string_view>

#include "harness/result.h"
#include "harness/runner/client.h"

namespace faultline {

struct EtcdRequest {
  std::string path;  // "/v3/kv/range", ...
  Json body;
};

struct EtcdRequestOptions {
  // Reads go through raft (linearizable) unless this is set: then any member
  // answers from its own state, which may be stale.
  bool serializable = false;
};

// The request for `invocation` (f read / write / cas, a key, the value).
// Error text when the op is not one of these or its value is malformed.
Result<EtcdRequest, std::string> etcd_request(const Op& invocation,
                                              const EtcdRequestOptions& options = {});

// How `invocation` ended, given the gateway's HTTP status and body.
Completion etcd_completion(const Op& invocation, int status, std::string_view body);

// How `invocation` ended when no answer came. `maybe_sent`: false when the
// request certainly never left (no connection could be made).
Completion etcd_unanswered(const Op& invocation, const std::string& error, bool maybe_sent);

// A register value as etcd stores it, and back: integers as decimal text;
// anything else as its JSON text. Text that is not a decimal integer reads as
// a JSON string, so a foreign value shows up in the history as it is.
std::string etcd_value_text(const Json& value);
Json etcd_value_from_text(std::string_view text);

}  // namespace faultline
