#include "workloads/adapter_protocol.h"

#include <algorithm>

namespace faultline {
namespace {

Result<Completion, std::string> completion_of(const Op& invocation, const Json& answer) {
  if (!answer.contains("type")) return std::string("it has no \"type\" (ok, fail or info)");
  const Json& type = answer["type"];
  const std::string name = type.is_string() ? type.get<std::string>() : "";
  Json value = answer.value("value", Json());
  const Json error = answer.value("error", Json());
  if (name == "ok") {
    if (value.is_null() && invocation.f != "read") value = invocation.value;
    return Completion::ok(std::move(value));
  }
  if (name == "fail") return Completion::fail(error, std::move(value));
  if (name == "info") return Completion::info(error, std::move(value));
  return "its \"type\" is " + type.dump() + ", not ok, fail or info";
}

}  // namespace

std::string adapter_request_line(const Op& invocation, int64_t timeout_ms) {
  const Json request = {{"f", invocation.f},
                        {"key", invocation.key ? Json(*invocation.key) : Json()},
                        {"value", invocation.value},
                        {"process", invocation.process},
                        {"timeout_ms", std::max<int64_t>(timeout_ms, 0)}};
  // dump() escapes control characters, so the line holds no raw newline.
  return request.dump(-1, ' ', false, Json::error_handler_t::replace) + "\n";
}

Result<Completion, std::string> parse_adapter_completion(const Op& invocation,
                                                         std::string_view line) {
  const Json answer = Json::parse(line.begin(), line.end(), nullptr, /*allow_exceptions=*/false);
  if (answer.is_discarded()) return std::string("it is not JSON");
  if (!answer.is_object()) return std::string("it is not a JSON object");
  return completion_of(invocation, answer);
}

std::string truncated(std::string_view text, size_t limit) {
  if (text.size() <= limit) return std::string(text);
  return std::string(text.substr(0, limit)) + "... (" + std::to_string(text.size()) + " bytes)";
}

}  // namespace faultline
