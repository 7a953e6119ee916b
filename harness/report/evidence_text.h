// A checker's evidence as plain text for CI (junit.xml, summary.md): the
// checker's own summary (line numbers, values), then each op the evidence
// names with its time in seconds from the start of the run and the faults
// active then (from results.json's "availability"). Pure functions of
// results.json (docs/store.md).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "harness/history/op.h"

namespace faultline {

// One op a checker's evidence names, as results.json has it.
struct EvidenceOp {
  std::string key;
  std::string process;                   // "" when the evidence does not say
  std::string what;                      // one line for people
  int64_t invoked = -1, completed = -1;  // history indices
  double invoked_s = -1, completed_s = -1;
  bool blamed = false;  // the op the violation is about (not a neighbour)
};

// The ops `checker` (an entry of results["checkers"]) names as evidence, the
// blamed first (linearizability) or earliest first (lost elements ...);
// with `key`, only that key's.
std::vector<EvidenceOp> evidence_ops(const Json& results, const Json& checker,
                                     const std::optional<std::string>& key);

// The keys `checker` (an entry of results["checkers"]) found invalid, the
// one whose violation happened earliest first (keys without a known time
// after, in the checker's order); empty for a history without keys.
std::vector<std::string> invalid_keys(const Json& results, const Json& checker);

// What was active at `seconds` from the start: "fault 2 (partition):
// partition: n1,n2 drop n3; ..." or "no fault (after the heal of fault 1
// (kill))"; "unknown" without availability.
std::string faults_active_at(const Json& results, double seconds);

// When the evidence happened: the first op it blames (the op that cannot be
// linearized, the add that was lost, ...) as "8.276 s, during fault 2
// (partition): ..."; nothing when no time is known.
std::optional<std::string> evidence_when(const Json& results, const Json& checker,
                                         const std::optional<std::string>& key = std::nullopt);

// The violation that happened first in the run: of the checkers that found
// the run invalid, the one whose earliest blamed op started first (each
// checker's key chosen by invalid_keys). `op` is that blamed op, when one
// has a time. Nothing when no checker said invalid. Points into `results`.
struct Violation {
  const Json* checker = nullptr;
  std::optional<std::string> key;
  std::optional<EvidenceOp> op;
};
std::optional<Violation> earliest_violation(const Json& results);

// The checker's summary and its evidence ops with times and active faults;
// with `key`, only what concerns that key.
std::string evidence_text(const Json& results, const Json& checker,
                          const std::optional<std::string>& key = std::nullopt);

}  // namespace faultline
