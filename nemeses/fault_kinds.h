// The fault kinds a test file's `nemesis:` section may name, and the keys
// each takes with the type of value it expects. A new kind adds a row in
// fault_kinds.cc; the schedule reader and `validate` follow the table.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace faultline {

enum class FaultValueType { kText, kPercent, kWhole, kRate, kShape, kTarget, kComponents, kFlag };

struct FaultKeySpec {
  const char* key;
  FaultValueType type;
  // kWhole: the range, and what it means (for the error).
  int64_t low = 0;
  int64_t high = 0;
  const char* meaning = "";
};

struct FaultKindSpec {
  const char* kind;
  std::vector<FaultKeySpec> keys;
};

// Every kind, in the order the docs list them.
const std::vector<FaultKindSpec>& fault_kind_table();
// The row for `kind`, or null.
const FaultKindSpec* find_fault_kind(const std::string& kind);

}  // namespace faultline
