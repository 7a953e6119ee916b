// Hand-made ops for tests: the fields every op has; each test sets the rest
// (key, node, time, error) on what these return.
#pragma once

#include <cstdint>
#include <string>

#include "harness/history/history.h"

namespace faultline::testing {

Op make_op(int64_t index, int64_t process, OpType type, std::string f, Json value);

// Appends such an op to `history`, its index its place there, and returns it.
Op& append_op(History& history, int64_t process, OpType type, std::string f, Json value);

}  // namespace faultline::testing
