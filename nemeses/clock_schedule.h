// What a clock fault's settings in a schedule may combine (each value's own
// range is checked where it is read, in schedule.cc).
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>

namespace faultline {

struct ClockSettingsProblem {
  std::string key;  // the setting to point at; empty: the fault itself
  std::string message;
};

// A clock fault does one thing: bump_ms, strobe_ms (with its period_ms),
// drift_ppm or scramble_ms (none given: a bump of 5000 ms).
std::optional<ClockSettingsProblem> clock_settings_problem(const nlohmann::json& params);

}  // namespace faultline
