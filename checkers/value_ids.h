// Interns JSON values as small integers so model states are plain integers.
// Id 0 is always nil (JSON null). Not thread-safe; one per compile.
#pragma once

#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

#include "harness/history/op.h"

namespace faultline {

class ValueIds {
 public:
  static constexpr int64_t kNil = 0;

  int64_t id(const Json& value);
  const Json& value(int64_t id) const { return values_.at(static_cast<size_t>(id)); }
  size_t size() const { return values_.size(); }

 private:
  std::unordered_map<std::string, int64_t> ids_;
  std::vector<Json> values_{Json()};
};

}  // namespace faultline
