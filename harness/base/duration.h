// Durations as people write them in test files and on the command line.
#pragma once

#include <chrono>
#include <optional>
#include <string>

namespace faultline {

// The longest time_limit, interval or duration a test may give.
inline constexpr std::chrono::milliseconds kLongestDuration{7LL * 24 * 3600 * 1000};
inline constexpr const char* kLongestDurationText = "168h (a week)";

// "10s", "500ms", "2m", "1h", "1.5s". Errors say what a duration looks like.
// A duration too long to count (99999999999h) is milliseconds::max(), so
// callers reject it as longer than kLongestDuration.
std::optional<std::chrono::milliseconds> parse_duration(const std::string& text);

}  // namespace faultline
