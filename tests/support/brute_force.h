// A reference linearizability checker for tiny histories: tries every order
// of the ops that respects real time (and, for indeterminate ops, both
// "took effect" and "never happened"). Exponential; for differential tests.
#pragma once

#include "checkers/model.h"
#include "checkers/verdict.h"
#include "harness/history/history.h"

namespace faultline::testing {

Verdict brute_force_check(const History& history, const Model& model,
                          const ModelOptions& options);

}  // namespace faultline::testing
