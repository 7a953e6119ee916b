#include "nemeses/clock_schedule.h"

#include <vector>

namespace faultline {

std::optional<ClockSettingsProblem> clock_settings_problem(const nlohmann::json& params) {
  const std::vector<std::string> actions = {"bump_ms", "strobe_ms", "drift_ppm", "scramble_ms"};
  std::vector<std::string> given;
  for (const std::string& a : actions) {
    if (params.contains(a)) given.push_back(a);
  }
  if (given.size() > 1) {
    return ClockSettingsProblem{given[1], "a clock fault does one thing: '" + given[0] + "' and '" +
                                              given[1] + "' cannot be combined (make two faults)"};
  }
  if (params.contains("period_ms") && !params.contains("strobe_ms")) {
    return ClockSettingsProblem{"period_ms", "'period_ms' is read only with 'strobe_ms'"};
  }
  return std::nullopt;
}

}  // namespace faultline
