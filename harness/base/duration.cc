#include "harness/base/duration.h"

#include <cctype>
#include <cmath>
#include <cstdlib>
#include <utility>
#include <vector>

namespace faultline {

std::optional<std::chrono::milliseconds> parse_duration(const std::string& text) {
  static const std::vector<std::pair<std::string, double>> kUnits = {
      {"ms", 1}, {"s", 1000}, {"m", 60'000}, {"h", 3'600'000}};
  size_t digits = 0;
  while (digits < text.size() &&
         (std::isdigit(static_cast<unsigned char>(text[digits])) || text[digits] == '.')) {
    ++digits;
  }
  if (digits == 0) return std::nullopt;
  const std::string unit = text.substr(digits);
  char* end = nullptr;
  const std::string number_text = text.substr(0, digits);
  const double value = std::strtod(number_text.c_str(), &end);
  if (*end != '\0') return std::nullopt;
  for (const auto& [name, ms] : kUnits) {
    // Saturates where milliseconds (and the nanoseconds clocks count in) end.
    if (unit == name && value * ms > 1e15) return std::chrono::milliseconds::max();
    if (unit == name) return std::chrono::milliseconds(std::llround(value * ms));
  }
  return std::nullopt;
}

}  // namespace faultline
