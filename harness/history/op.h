// One event in a history: an invocation or a completion of an operation.
//
// Plain value, cheap to move; round-trips losslessly through JSON (op_json.h).
// Thread-compatible: no shared state.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace faultline {

using Json = nlohmann::json;

enum class OpType { kInvoke, kOk, kFail, kInfo };

std::string_view to_string(OpType type);
std::optional<OpType> parse_op_type(std::string_view text);

// Logical process ids are non-negative; the nemesis (and any other named,
// non-client actor) is kNemesisProcess.
inline constexpr int64_t kNemesisProcess = -1;

struct Op {
  int64_t index = -1;  // position in the history; -1 until assigned
  int64_t process = 0;
  OpType type = OpType::kInvoke;
  std::string f;
  std::optional<std::string> key;  // independent key, when the workload has keys
  Json value;                      // null when absent
  int64_t time_ns = -1;            // -1 when unknown
  std::string node;                // empty when unknown
  Json error;                      // null when none

  // Where the op came from, for messages: 1-based line in its file (0 if none).
  int64_t source_line = 0;
};

}  // namespace faultline
