#include "harness/history/op_columns.h"

namespace faultline {

uint32_t StringIds::id_of(std::string_view text) {
  if (auto it = ids_.find(text); it != ids_.end()) return it->second;
  const auto id = static_cast<uint32_t>(texts_.size());
  auto [it, added] = ids_.emplace(std::string(text), id);
  texts_.push_back(&it->first);
  return id;
}

void CountingColumn::push(int64_t value) {
  if (size_ == 0) first_ = value;
  if (values_.empty() && value != first_ + static_cast<int64_t>(size_)) {
    values_.reserve(size_ + 1);
    for (size_t row = 0; row < size_; ++row) values_.push_back(first_ + static_cast<int64_t>(row));
  }
  if (!values_.empty()) values_.push_back(value);
  ++size_;
}

void NarrowIntColumn::push(int64_t value) {
  const bool fits =
      value >= std::numeric_limits<int32_t>::min() && value <= std::numeric_limits<int32_t>::max();
  if (!wide_ && !fits) {
    wide_values_.assign(narrow_.begin(), narrow_.end());
    std::vector<int32_t>().swap(narrow_);
    wide_ = true;
  }
  if (wide_)
    wide_values_.push_back(value);
  else
    narrow_.push_back(static_cast<int32_t>(value));
}

}  // namespace faultline
