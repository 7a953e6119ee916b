#include "harness/history/op.h"

namespace faultline {

std::string_view to_string(OpType type) {
  switch (type) {
    case OpType::kInvoke: return "invoke";
    case OpType::kOk: return "ok";
    case OpType::kFail: return "fail";
    case OpType::kInfo: return "info";
  }
  return "?";
}

std::optional<OpType> parse_op_type(std::string_view text) {
  if (text == "invoke") return OpType::kInvoke;
  if (text == "ok") return OpType::kOk;
  if (text == "fail") return OpType::kFail;
  if (text == "info") return OpType::kInfo;
  return std::nullopt;
}

}  // namespace faultline
