#include "workloads/adapter_protocol.h"

#include <algorithm>
#include <optional>

namespace faultline {
namespace {

// What an ok txn's answer must be: the invocation's micro-ops, in order, the
// same f and key each, appends and writes with their own values, reads
// filled in: a list (or null: the key is absent) in a txn that appends, not
// a list in one that writes registers. (A read-only txn's reads are checked
// by the checker, which knows the workload.) The problem, in words, or nothing.
std::optional<std::string> txn_answer_problem(const Json& invoked, const Json& answered) {
  if (!invoked.is_array()) return std::nullopt;  // not a txn faultline made
  if (!answered.is_array())
    return "an ok txn answers its micro-ops, not " + truncated(answered.dump(), 80);
  if (answered.size() != invoked.size()) {
    return "an ok txn answers its " + std::to_string(invoked.size()) + " micro-ops, not " +
           std::to_string(answered.size());
  }
  bool appends = false, writes = false;
  for (const Json& mop : invoked) {
    appends = appends || (mop.is_array() && !mop.empty() && mop[0] == "append");
    writes = writes || (mop.is_array() && !mop.empty() && (mop[0] == "w" || mop[0] == "write"));
  }
  for (size_t i = 0; i < invoked.size(); ++i) {
    const Json& sent = invoked[i];
    const Json& got = answered[i];
    const std::string where = "micro-op " + std::to_string(i + 1) + " ";
    if (!got.is_array() || got.size() != 3)
      return where + "is not [f, key, value]: " + truncated(got.dump(), 80);
    if (got[0] != sent[0] || got[1] != sent[1]) {
      return where + "is " + truncated(got.dump(), 80) + ", but the request's was " +
             truncated(sent.dump(), 80) + " (same f and key, in the same order)";
    }
    const bool read = sent[0] == "r" || sent[0] == "read";
    if (!read && got[2] != sent[2])
      return where + "changed the value it " + (appends ? "appends" : "writes") + ": " +
             truncated(got.dump(), 80);
    if (read && appends && !got[2].is_array() && !got[2].is_null())
      return where + "read " + truncated(got[2].dump(), 80) +
             " of a list-append key: a read answers the whole list, e.g. [1,2,3]";
    if (read && writes && (got[2].is_array() || got[2].is_object()))
      return where + "read " + truncated(got[2].dump(), 80) +
             " of a register: a read answers one value or null";
  }
  return std::nullopt;
}

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
    if (invocation.f == "txn") {
      if (std::optional<std::string> problem = txn_answer_problem(invocation.value, value))
        return *problem;
    } else if (value.is_null() && invocation.f != "read") {
      value = invocation.value;
    }
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
