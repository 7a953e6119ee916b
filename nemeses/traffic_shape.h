// What a traffic fault does to packets a node sends towards the cluster: a
// bandwidth limit and/or netem (delay with jitter, duplication, reordering,
// corruption). Plain values, checked once (so a bad request fails before any
// node is touched), with the JSON the history and ledger record.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "harness/base/result.h"

namespace faultline {

// A rate in bits per second, parsed from tc's notation: 8mbit, 500kbit,
// 1gbit, 250000bit (bits; k/m/g are powers of 1000), or 1mbps, 100kbps
// (bytes, as tc reads "bps"). Unit letters are case-insensitive.
Result<uint64_t, std::string> parse_rate(const std::string& text);

// "8mbit" for 8000000; the shortest exact form.
std::string format_rate(uint64_t bits_per_second);

struct Netem {
  int delay_ms = 0;
  int jitter_ms = 0;  // normal distribution around delay_ms
  double duplicate_percent = 0;
  double reorder_percent = 0;  // sent at once, ahead of the delayed ones
  double corrupt_percent = 0;
  bool operator==(const Netem&) const = default;
};

// Empty when `netem` does something and makes sense; else what is wrong,
// naming the option (e.g. "--reorder needs --ms > 0: ...").
std::string check_netem(const Netem& netem);

// "delay 100ms jitter 10ms (normal), duplicate 1%, reorder 25%, corrupt 0.1%";
// only the parts that are set.
std::string describe_netem(const Netem& netem);

// {"delay_ms":100,"jitter_ms":10,"distribution":"normal","duplicate_percent":1,...};
// only the parts that are set.
nlohmann::json netem_to_json(const Netem& netem);

// Formats a percentage or other number the shortest way: 1, 0.5, 12.25.
std::string format_number(double value);

}  // namespace faultline
