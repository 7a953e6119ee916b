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
  const Json node = answer.value("node", Json());
  if (!node.is_null() && (!node.is_string() || node.get<std::string>().empty()))
    return "its \"node\" is " + node.dump() + ", not the name of a node";
  Completion completion;
  if (name == "ok") {
    if (value.is_null() && invocation.f != "read") value = invocation.value;
    completion = Completion::ok(std::move(value));
  } else if (name == "fail") {
    completion = Completion::fail(error, std::move(value));
  } else if (name == "info") {
    completion = Completion::info(error, std::move(value));
  } else {
    return "its \"type\" is " + type.dump() + ", not ok, fail or info";
  }
  if (node.is_string()) completion.node = node.get<std::string>();
  return completion;
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
                                                         std::string_view line,
                                                         std::vector<std::string>* unknown_fields) {
  const Json answer = Json::parse(line.begin(), line.end(), nullptr, /*allow_exceptions=*/false);
  if (answer.is_discarded()) return std::string("it is not JSON");
  if (!answer.is_object()) return std::string("it is not a JSON object");
  if (unknown_fields) {
    for (const auto& [field, ignored] : answer.items()) {
      if (std::find(kCompletionFields.begin(), kCompletionFields.end(), field) ==
          kCompletionFields.end())
        unknown_fields->push_back(field);
    }
  }
  return completion_of(invocation, answer);
}

std::string truncated(std::string_view text, size_t limit) {
  if (text.size() <= limit) return std::string(text);
  return std::string(text.substr(0, limit)) + "... (" + std::to_string(text.size()) + " bytes)";
}

}  // namespace faultline
