#include "checkers/value_ids.h"

namespace faultline {

int64_t ValueIds::id(const Json& value) {
  if (value.is_null()) return kNil;
  auto [it, inserted] = ids_.try_emplace(value.dump(), static_cast<int64_t>(values_.size()));
  if (inserted) values_.push_back(value);
  return it->second;
}

}  // namespace faultline
