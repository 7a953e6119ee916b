// The adapter protocol's lines (docs/adapter-protocol.md), as pure functions:
// the request faultline writes for an op, and the completion it reads back.
//
//   request     {"f":"cas","key":"3","value":[1,2],"process":7,"timeout_ms":4990}
//   completion  {"type":"ok","value":...} | {"type":"fail","error":...}
//               | {"type":"info","error":...}, each with an optional "node"
//
// Safe from any thread.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "harness/base/result.h"
#include "harness/runner/client.h"

namespace faultline {

// One request line for `invocation`, ending in '\n'; `timeout_ms` is the
// time left until the op's deadline, so an adapter can give up (info) in time.
std::string adapter_request_line(const Op& invocation, int64_t timeout_ms);

// The completion an adapter answered to `invocation` with `line` (no '\n');
// the problem, in words, when the line is not a completion. An ok without a
// "value" (or with null) for an op other than a read completes with the op's
// own value (a write's completion carries what it wrote). An ok txn (f
// "txn") must answer its micro-ops with the reads filled in, the same count,
// f, key and written values as requested: else it is not a completion.
// "node", when given, names the node that served the op (recorded in the
// history instead of the worker's). Fields other than kCompletionFields are
// ignored, and named in `unknown_fields` when given, so they can be warned of.
Result<Completion, std::string> parse_adapter_completion(
    const Op& invocation, std::string_view line, std::vector<std::string>* unknown_fields = nullptr);

// The fields of a completion faultline reads.
inline const std::vector<std::string> kCompletionFields = {"type", "value", "error", "node"};

// `text` cut to `limit` characters (then "..." and the length), for log lines.
std::string truncated(std::string_view text, size_t limit = 200);

}  // namespace faultline
