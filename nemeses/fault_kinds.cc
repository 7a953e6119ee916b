#include "nemeses/fault_kinds.h"

#include "nemeses/schedule.h"

namespace faultline {
namespace {

constexpr int64_t kYearMs = 365LL * 24 * 3600 * 1000;

}  // namespace

const std::vector<FaultKindSpec>& fault_kind_table() {
  static const std::vector<FaultKindSpec> table = {
      {"partition",
       {{"shape", FaultValueType::kShape},
        {"target", FaultValueType::kTarget},
        {"components", FaultValueType::kComponents}}},
      {"loss", {{"percent", FaultValueType::kPercent}, {"target", FaultValueType::kTarget}}},
      {"netem",
       {{"delay_ms", FaultValueType::kWhole, 1, 60'000, "a delay of 1 to 60000 ms"},
        {"jitter_ms", FaultValueType::kWhole, 0, 60'000, "a jitter of 0 to 60000 ms"},
        {"target", FaultValueType::kTarget}}},
      {"bandwidth", {{"rate", FaultValueType::kRate}, {"target", FaultValueType::kTarget}}},
      {"pause", {{"target", FaultValueType::kTarget}, {"process", FaultValueType::kText}}},
      {"kill", {{"target", FaultValueType::kTarget}, {"process", FaultValueType::kText}}},
      {"clock",
       {{"bump_ms", FaultValueType::kWhole, -kYearMs, kYearMs,
         "a whole number of ms, at most a year (31536000000) either way"},
        {"strobe_ms", FaultValueType::kWhole, -kYearMs, kYearMs,
         "a whole number of ms, at most a year (31536000000) either way"},
        {"period_ms", FaultValueType::kWhole, 10, 3'600'000, "from 10 to 3600000 ms"},
        {"drift_ppm", FaultValueType::kWhole, -1'000'000, 1'000'000,
         "a whole number of parts per million from -1000000 to 1000000"},
        {"scramble_ms", FaultValueType::kWhole, 1, kYearMs,
         "a whole number of ms from 1 to a year (31536000000)"},
        {"monotonic", FaultValueType::kFlag},
        {"target", FaultValueType::kTarget}}},
  };
  return table;
}

const FaultKindSpec* find_fault_kind(const std::string& kind) {
  for (const FaultKindSpec& spec : fault_kind_table()) {
    if (kind == spec.kind) return &spec;
  }
  return nullptr;
}

std::vector<std::string> fault_kinds() {
  std::vector<std::string> out;
  for (const FaultKindSpec& spec : fault_kind_table()) out.push_back(spec.kind);
  return out;
}

std::vector<std::string> fault_keys(const std::string& kind) {
  std::vector<std::string> out;
  if (const FaultKindSpec* spec = find_fault_kind(kind)) {
    for (const FaultKeySpec& key : spec->keys) out.push_back(key.key);
  }
  return out;
}

}  // namespace faultline
