// An independent reference checker for differential tests. It shares no code
// with the checker under test: its own pairing (an invocation with the same
// process's next completion), its own tiny sequential models on JSON values,
// no splitting by key, and an exhaustive search over every order that
// respects real time (indeterminate ops may take effect or not). Exponential:
// for histories of about a dozen ops.
#pragma once

#include <string>

#include "checkers/verdict.h"
#include "harness/history/history.h"

namespace faultline::testing {

// Models: register, cas-register, kv (append adds a list element), kv-string
// (append concatenates; a missing key reads as ""). nil reads mean "absent".
// kUnknown when the model is not one of these.
Verdict reference_check(const History& history, const std::string& model, const Json& init);

}  // namespace faultline::testing
