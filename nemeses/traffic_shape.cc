#include "nemeses/traffic_shape.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <utility>
#include <vector>

namespace faultline {
namespace {

struct Unit {
  const char* name;
  double bits;  // bits per second in one of it
};

// Longest names first, so "kbit" is not read as "bit" after a "k".
constexpr Unit kUnits[] = {{"kbps", 8e3}, {"mbps", 8e6}, {"gbps", 8e9}, {"kbit", 1e3},
                           {"mbit", 1e6}, {"gbit", 1e9}, {"bps", 8},    {"bit", 1}};

bool ends_with(const std::string& text, const std::string& suffix) {
  return text.size() > suffix.size() &&
         text.compare(text.size() - suffix.size(), suffix.size(), suffix) == 0;
}

std::string lower(std::string text) {
  for (char& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return text;
}

bool is_decimal(const std::string& number) {
  if (number.empty() || number.front() == '.' || number.back() == '.') return false;
  return std::count(number.begin(), number.end(), '.') <= 1 &&
         std::all_of(number.begin(), number.end(), [](char c) {
           return std::isdigit(static_cast<unsigned char>(c)) || c == '.';
         });
}

bool bad_percent(double p) { return !(p >= 0 && p <= 100); }

}  // namespace

Result<uint64_t, std::string> parse_rate(const std::string& text) {
  const std::string t = lower(text);
  for (const Unit& unit : kUnits) {
    if (!ends_with(t, unit.name)) continue;
    std::string number = t.substr(0, t.size() - std::char_traits<char>::length(unit.name));
    if (!is_decimal(number)) break;
    double bits = std::stod(number) * unit.bits;
    if (bits < 1000) return "rate '" + text + "' is below 1kbit: nothing would get through";
    if (bits > 1e12) return "rate '" + text + "' is above 1000gbit";
    return static_cast<uint64_t>(std::llround(bits));
  }
  return "rate '" + text + "' is not a rate: write a number and a unit, e.g. 8mbit, 500kbit, " +
         "1gbit, 1mbps (bytes)";
}

std::string format_rate(uint64_t bits) {
  for (auto [size, name] : {std::pair<uint64_t, const char*>{1'000'000'000, "gbit"},
                            {1'000'000, "mbit"},
                            {1'000, "kbit"}}) {
    if (bits % size == 0) return std::to_string(bits / size) + name;
  }
  return std::to_string(bits) + "bit";
}

std::string check_netem(const Netem& n) {
  if (n.delay_ms < 0) return "--ms must be >= 0";
  if (n.jitter_ms < 0) return "--jitter-ms must be >= 0";
  if (n.jitter_ms > 0 && n.delay_ms == 0)
    return "--jitter-ms needs --ms > 0 (jitter varies the delay)";
  if (bad_percent(n.duplicate_percent)) return "--duplicate must be a percentage, 0..100";
  if (bad_percent(n.reorder_percent)) return "--reorder must be a percentage, 0..100";
  if (bad_percent(n.corrupt_percent)) return "--corrupt must be a percentage, 0..100";
  if (n.reorder_percent > 0 && n.delay_ms == 0) {
    return "--reorder needs --ms > 0: netem reorders by sending some packets at once while the "
           "rest wait out the delay";
  }
  if (n == Netem{}) return "nothing to do: give --ms, --duplicate, --reorder or --corrupt";
  return "";
}

std::string format_number(double value) {
  char text[32];
  std::snprintf(text, sizeof text, "%.6g", value);
  return text;
}

std::string describe_netem(const Netem& n) {
  std::vector<std::string> parts;
  if (n.delay_ms > 0) {
    std::string delay = "delay " + std::to_string(n.delay_ms) + "ms";
    if (n.jitter_ms > 0) delay += " jitter " + std::to_string(n.jitter_ms) + "ms (normal)";
    parts.push_back(delay);
  }
  if (n.duplicate_percent > 0)
    parts.push_back("duplicate " + format_number(n.duplicate_percent) + "%");
  if (n.reorder_percent > 0) parts.push_back("reorder " + format_number(n.reorder_percent) + "%");
  if (n.corrupt_percent > 0) parts.push_back("corrupt " + format_number(n.corrupt_percent) + "%");
  std::string text;
  for (const std::string& part : parts) text += (text.empty() ? "" : ", ") + part;
  return text;
}

nlohmann::json netem_to_json(const Netem& n) {
  nlohmann::json j = nlohmann::json::object();
  if (n.delay_ms > 0) j["delay_ms"] = n.delay_ms;
  if (n.jitter_ms > 0) {
    j["jitter_ms"] = n.jitter_ms;
    j["distribution"] = "normal";
  }
  if (n.duplicate_percent > 0) j["duplicate_percent"] = n.duplicate_percent;
  if (n.reorder_percent > 0) j["reorder_percent"] = n.reorder_percent;
  if (n.corrupt_percent > 0) j["corrupt_percent"] = n.corrupt_percent;
  return j;
}

}  // namespace faultline
