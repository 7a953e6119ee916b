#include "harness/history/value_cells.h"

namespace faultline {
namespace {

// The low two bits of a cell say what the rest is.
constexpr uint64_t kTagUnsigned = 1;  // a non-negative integer of JSON's unsigned kind
constexpr uint64_t kTagSigned = 2;    // an integer of JSON's signed kind
constexpr uint64_t kTagSide = 3;      // bit 2: 0 a pair, 1 other JSON; the rest its position
constexpr uint64_t kInlineLimit = uint64_t{1} << 61;  // magnitudes inline below this

bool small_unsigned(const Json& value) {
  return value.is_number_unsigned() && value.get<uint64_t>() < kInlineLimit;
}

}  // namespace

ValueCells::Cell ValueCells::add(Json&& value) {
  if (value.is_null()) return kNull;
  if (small_unsigned(value)) return value.get<uint64_t>() << 2 | kTagUnsigned;
  if (value.is_number_integer() && !value.is_number_unsigned()) {
    const int64_t number = value.get<int64_t>();
    if (number > -static_cast<int64_t>(kInlineLimit) && number < static_cast<int64_t>(kInlineLimit))
      return static_cast<uint64_t>(number) << 2 | kTagSigned;
  }
  if (value.is_array() && value.size() == 2 && small_unsigned(value[0]) &&
      small_unsigned(value[1])) {
    pairs_.push_back({value[0].get<uint64_t>(), value[1].get<uint64_t>()});
    return (pairs_.size() - 1) << 3 | kTagSide;
  }
  others_.push_back(std::move(value));
  return (others_.size() - 1) << 3 | 4 | kTagSide;
}

Json ValueCells::get(Cell cell) const {
  switch (cell & 3) {
    case kTagUnsigned:
      return Json(static_cast<Json::number_unsigned_t>(cell >> 2));
    case kTagSigned:
      // An arithmetic shift gives back the sign.
      return Json(static_cast<Json::number_integer_t>(static_cast<int64_t>(cell) >> 2));
    case kTagSide:
      if (cell & 4) return others_[cell >> 3];
      return Json::array({Json(static_cast<Json::number_unsigned_t>(pairs_[cell >> 3][0])),
                          Json(static_cast<Json::number_unsigned_t>(pairs_[cell >> 3][1]))});
    default:
      return Json();
  }
}

}  // namespace faultline
