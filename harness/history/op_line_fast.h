// A fast reader for the JSON lines faultline itself writes: a flat object of
// integers, plain ASCII strings, null, true, false and arrays of those. It
// hands each field to the same OpBuilder as the full JSON reader, so the op,
// and any problem with a field, are exactly what that reader gives; it only
// skips building a JSON value per token, which was most of the time of
// reading a 10M-op history. Anything else (an escape, a non-ASCII byte, a
// fraction, a nested object, a syntax error) it declines, and the line is read
// by the full reader, which also words its errors.
#pragma once

#include <optional>
#include <string_view>

#include "harness/base/source_error.h"
#include "harness/history/op.h"

namespace faultline {

// The op of `line` (or the field problem found, at `where`), or nothing when
// the line is not in the simple shape above.
std::optional<Parsed<Op>> read_simple_op_line(std::string_view line, const SourceLocation& where);

}  // namespace faultline
