// Keys and values of micro-ops as integers. A key is interned by its text
// (an integer key by its decimal text). A value that is a non-negative
// integer below 2^62 is its own code (the usual case: no lookup); any other
// JSON value is interned by its JSON text and its code has the top bit set.
// Codes compare equal exactly when the values do.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "harness/history/op.h"

namespace faultline::elle {

using KeyId = uint32_t;
using ValueCode = uint64_t;

inline constexpr ValueCode kInternedValueBit = ValueCode{1} << 63;

class Interner {
 public:
  KeyId key(const Json& key, std::vector<std::string>* names) {
    if (key.is_string()) return intern(key.get_ref<const std::string&>(), keys_, names);
    return intern(key.dump(), keys_, names);
  }

  ValueCode value(const Json& value, std::vector<std::string>* names) {
    constexpr int64_t kLargestPlain = (int64_t{1} << 62) - 1;
    if (value.is_number_unsigned() && value.get<uint64_t>() <= uint64_t(kLargestPlain))
      return value.get<uint64_t>();
    if (value.is_number_integer() && value.get<int64_t>() >= 0 &&
        value.get<int64_t>() <= kLargestPlain)
      return static_cast<ValueCode>(value.get<int64_t>());
    return kInternedValueBit |
           intern(value.dump(-1, ' ', false, Json::error_handler_t::replace), values_, names);
  }

 private:
  struct TextHash {
    using is_transparent = void;
    size_t operator()(std::string_view text) const { return std::hash<std::string_view>{}(text); }
  };
  using Table = std::unordered_map<std::string, uint32_t, TextHash, std::equal_to<>>;

  static uint32_t intern(std::string_view text, Table& table, std::vector<std::string>* names) {
    auto found = table.find(text);
    if (found != table.end()) return found->second;
    const auto id = static_cast<uint32_t>(names->size());
    names->emplace_back(text);
    table.emplace(std::string(text), id);
    return id;
  }

  Table keys_, values_;
};

}  // namespace faultline::elle
