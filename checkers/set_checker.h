// The set checker (Jepsen's): a history of `add` ops, each adding one unique
// element to its key's set, and reads of the whole set. Each key's final
// read (its ok read invoked last) is compared with the adds:
//   lost        an ok add, completed before the final read began, whose
//               element the read lacks: invalid
//   unexpected  an element the read has that no add invoked before the read
//               ended could have put there, or whose add failed: invalid
//   duplicated  an element the read lists more than once: invalid
//   recovered   an info add whose element the read has: fine
// A key with adds but no ok read is unknown (nothing says what it holds).
//
// Pure and linear in the history (plus sorting); safe from any thread.
#pragma once

#include <string>
#include <vector>

#include "checkers/verdict.h"
#include "harness/history/history.h"

namespace faultline {

// One element the checker names, with the add that (may have) added it.
struct SetElement {
  Json element;
  int64_t add_invoke_index = -1;    // -1: no add of this element
  int64_t add_complete_index = -1;  // -1: the add never completed
  OpType add_outcome = OpType::kInfo;
};

struct SetKeyResult {
  std::string key;
  Verdict verdict = Verdict::kValid;
  std::string unknown_reason;      // why the key is unknown
  int64_t read_invoke_index = -1;  // the final read; -1 when there is none
  int64_t read_complete_index = -1;
  size_t attempted = 0;     // adds invoked
  size_t acknowledged = 0;  // adds ok
  size_t read_size = 0;     // elements in the final read
  std::vector<SetElement> lost, unexpected, duplicated, recovered;
};

struct SetResult {
  Verdict verdict = Verdict::kValid;
  std::vector<SetKeyResult> keys;  // in order of first appearance
  std::vector<HistoryNote> notes;  // oddities and what was assumed
};

SetResult check_set(const History& history);

// {"valid", "keys", "attempted", "acknowledged", "lost_count", ...,
// "lost": [{"key", "element", "add_invoke_index", ...}], "unknown_keys": [...]}
Json to_json(const SetResult& result);

// The verdict line and, when invalid or unknown, a few lines of evidence;
// no trailing newline.
std::string set_summary(const SetResult& result);

}  // namespace faultline
