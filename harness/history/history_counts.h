// How many ops of each kind a history holds: what `check` and `analyze` look
// at before trusting a verdict (a history with no client op proves nothing,
// and one with fewer ops than the run recorded was cut).
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "harness/history/history.h"
#include "harness/history/op_table.h"

namespace faultline {

struct HistoryCounts {
  int64_t client_invocations = 0;
  int64_t client_completions = 0;  // ok, fail or info
  int64_t client_ok = 0;
  int64_t nemesis_ops = 0;

  HistoryCounts& operator+=(const HistoryCounts& part) {
    client_invocations += part.client_invocations;
    client_completions += part.client_completions;
    client_ok += part.client_ok;
    nemesis_ops += part.nemesis_ops;
    return *this;
  }
};

HistoryCounts count_ops(const History& history);
HistoryCounts count_ops(const OpTable& table);

// Why a checker's verdict on `history` would say nothing ("no ops to check"),
// or nothing when there is something to check.
std::optional<std::string> nothing_to_check(const HistoryCounts& counts);

}  // namespace faultline
