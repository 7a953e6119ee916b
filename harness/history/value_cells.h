// Op values (JSON) packed into 8 bytes each, for big histories (op_table.h):
// null and integers inline, a pair of non-negative integers (a cas's
// [old, new]) in a side table of pairs, anything else as JSON in another.
// get() gives back exactly the JSON added, integer kind (signed or unsigned)
// included.
#pragma once

#include <array>
#include <cstdint>
#include <vector>

#include "harness/history/op.h"

namespace faultline {

class ValueCells {
 public:
  using Cell = uint64_t;
  static constexpr Cell kNull = 0;

  Cell add(Json&& value);
  Json get(Cell cell) const;

 private:
  std::vector<std::array<uint64_t, 2>> pairs_;
  std::vector<Json> others_;
};

}  // namespace faultline
