// Hand-made keyed histories for the checkers' tests: one put, then one get,
// each invoked and completed before the next op.
#pragma once

#include <string>

#include "harness/history/history.h"

namespace faultline::testing {

// Appends a put of `value` (process 0, node n1) then a get that saw `seen`
// (process 1, node n2) on `key`; index, time and line follow the op's place.
void put_then_get(History& h, const std::string& key, int value, Json seen);

}  // namespace faultline::testing
