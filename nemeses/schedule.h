// The nemesis part of a test file: which faults, how long each stays, how
// much quiet time lies between them, in which order. Parsed into plain values
// here; plan_schedule (schedule_plan.h) turns it into timed events.
//
//   nemesis:
//     interval: 10s        # quiet time between faults
//     duration: 8s         # how long each fault stays
//     order: random        # or: fixed (in the listed order, cycling)
//     seed: 42             # optional; chosen and recorded when absent
//     clock_mode: auto     # optional: process, faketime or system (clock_faults.h)
//     faults:
//       - partition: {shape: halves}
//       - loss: {percent: 20}
//       - pause: {target: minority}
//       - kill: {target: one}
//       - clock: {bump_ms: 5000, target: all}
//
// Kinds and their keys are checked here (unknown ones get "did you mean");
// node names in targets are checked when the run knows its nodes.
// Pure functions; safe from any thread.
#pragma once

#include <yaml-cpp/yaml.h>

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "harness/base/duration.h"
#include "harness/base/source_error.h"
#include "harness/history/op.h"

namespace faultline {

// One entry of `faults`.
struct FaultSpec {
  std::string kind;    // partition, loss, netem, bandwidth, pause, kill, clock
  Json params;         // the entry's keys except target, e.g. {"shape": "halves"}
  std::string target;  // "" (the kind's default), one, minority, majority, all,
                       // primaries, or node names "n1,n3"
  SourceLocation where;
};

enum class ScheduleOrder { kRandom, kFixed };

struct Schedule {
  std::chrono::milliseconds interval{10'000};
  std::chrono::milliseconds duration{8'000};
  ScheduleOrder order = ScheduleOrder::kRandom;
  std::optional<uint64_t> seed;
  std::string clock_mode = "auto";  // how clock faults reach the nodes (kClockModeChoices)
  std::vector<FaultSpec> faults;
};

// The kinds `faults` may name, and the keys each takes (target included).
std::vector<std::string> fault_kinds();
std::vector<std::string> fault_keys(const std::string& kind);
// Targets with a meaning of their own (anything else is a list of node names).
std::vector<std::string> named_targets();

// The `nemesis` mapping of a test file read from `file` (for messages).
Parsed<Schedule> parse_schedule(const YAML::Node& nemesis, const std::string& file);
// Reads the `nemesis` section of a whole test file given as text.
Parsed<Schedule> parse_schedule_text(const std::string& text, const std::string& file);
// Reads the `nemesis` section of the test file at `path`.
Parsed<Schedule> read_schedule(const std::string& path);

// The schedule's seed, or a fresh random one (to be recorded with the run).
uint64_t choose_seed(const Schedule& schedule);

}  // namespace faultline
