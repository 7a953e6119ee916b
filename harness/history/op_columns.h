// The small column types a compact history (op_table.h) is made of.
#pragma once

#include <cstdint>
#include <limits>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace faultline {

// Strings seen many times (f, node, key, errors) kept once, each named by
// its id: 0, 1, 2... in the order first seen.
class StringIds {
 public:
  uint32_t id_of(std::string_view text);
  const std::string& text(uint32_t id) const { return *texts_[id]; }
  size_t size() const { return texts_.size(); }

 private:
  struct Hash {
    using is_transparent = void;
    size_t operator()(std::string_view text) const { return std::hash<std::string_view>()(text); }
  };
  std::unordered_map<std::string, uint32_t, Hash, std::equal_to<>> ids_;
  std::vector<const std::string*> texts_;  // the map's keys, which never move
};

// Integers that are nearly always first + row (history indexes, line
// numbers): nothing is stored until a value breaks the count.
class CountingColumn {
 public:
  void push(int64_t value);
  int64_t at(size_t row) const {
    return values_.empty() ? first_ + static_cast<int64_t>(row) : values_[row];
  }
  bool counting() const { return values_.empty(); }
  int64_t first() const { return first_; }
  size_t size() const { return size_; }

 private:
  int64_t first_ = 0;
  size_t size_ = 0;
  std::vector<int64_t> values_;  // all of them, once one broke the count
};

// Integers that nearly always fit 32 bits (process ids): 4 bytes each
// until one does not, then 8.
class NarrowIntColumn {
 public:
  void push(int64_t value);
  int64_t at(size_t row) const { return wide_ ? wide_values_[row] : narrow_[row]; }
  void reserve(size_t rows) { narrow_.reserve(rows); }

 private:
  bool wide_ = false;
  std::vector<int32_t> narrow_;
  std::vector<int64_t> wide_values_;  // all of them, once one did not fit
};

}  // namespace faultline
