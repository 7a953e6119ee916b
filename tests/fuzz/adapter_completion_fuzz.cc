// Fuzzes how faultline reads an adapter's answer line (workloads/adapter_protocol.h):
// anything a buggy or hostile adapter prints. The first byte picks the op
// answered (by value mod the number of ops below); the rest is the line.
// Properties: an answer is ok, fail or info; it is read or refused with a
// reason, never a crash; an ok to an op other than a read carries a value.
#include <string>
#include <vector>

#include "tests/fuzz/fuzz_target.h"
#include "workloads/adapter_protocol.h"

namespace faultline::fuzz {
namespace {

Op invocation(std::string f, Json value) {
  Op op;
  op.process = 3;
  op.f = std::move(f);
  op.key.emplace(1, '7');  // not = "7": g++ 12 warns falsely (-Wrestrict) on that
  op.value = std::move(value);
  return op;
}

const std::vector<Op>& invocations() {
  static const std::vector<Op> ops = {
      invocation("read", nullptr), invocation("write", 4),  invocation("cas", Json::array({1, 2})),
      invocation("add", 5),        invocation("add", "e1"), invocation("read", Json::array()),
  };
  return ops;
}

}  // namespace
}  // namespace faultline::fuzz

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace faultline;
  using namespace faultline::fuzz;
  if (size == 0) return 0;
  const Op& op = invocations()[data[0] % invocations().size()];
  const std::string_view line = as_text(data + 1, size - 1);
  Result<Completion, std::string> answer = parse_adapter_completion(op, line);
  if (!answer) {
    require(!answer.error().empty(), "a refused answer says why");
    require(truncated(answer.error()).size() <= 200 + 40, "a reason is cut for the log");
    return 0;
  }
  require(
      answer->type == OpType::kOk || answer->type == OpType::kFail || answer->type == OpType::kInfo,
      "an answer completes the op as ok, fail or info");
  if (answer->type == OpType::kOk && op.f != "read")
    require(!answer->value.is_null(), "an ok to a " + op.f + " carries a value");
  return 0;
}
