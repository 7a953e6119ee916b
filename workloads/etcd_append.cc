#include "workloads/etcd_append.h"

#include <set>

#include "harness/history/txn.h"
#include "workloads/base64.h"

namespace faultline {
namespace {

std::string excerpt(std::string_view body) {
  constexpr size_t kMax = 200;
  return body.size() <= kMax ? std::string(body) : std::string(body.substr(0, kMax)) + "...";
}

// The keys `txn` touches, in order of first use, as their text.
Result<std::vector<std::string>, std::string> keys_of(const Op& txn) {
  std::vector<MicroOpView> mops;
  if (std::optional<std::string> problem = read_micro_ops(txn.value, &mops))
    return "a list-append txn needs micro-ops [[f, key, value], ...]: " + *problem;
  std::vector<std::string> keys;
  std::set<std::string> seen;
  for (const MicroOpView& mop : mops) {
    if (mop.kind == MicroOpKind::kWrite)
      return std::string("list-append has no writes ('w'): use 'append'");
    std::string key = micro_op_key_text(*mop.key);
    if (seen.insert(key).second) keys.push_back(std::move(key));
  }
  return keys;
}

// The answer as JSON; else what went wrong: refused (4xx but 408) or unclear.
struct Answer {
  Json json;
  std::string error;
  bool refused = false;
};
Answer parse_answer(int status, std::string_view body) {
  if (status != 200) {
    Json j = Json::parse(body, nullptr, false);
    const std::string message = j.is_object() && j.contains("message") && j["message"].is_string()
                                    ? j["message"].get<std::string>()
                                    : excerpt(body);
    // 408: the gateway's call was cancelled, perhaps after raft took it.
    return {Json(), "etcd answered HTTP " + std::to_string(status) + ": " + message,
            status >= 400 && status < 500 && status != 408};
  }
  Json j = Json::parse(body, nullptr, false);
  if (!j.is_object() || !j.contains("header"))
    return {Json(), "etcd answered HTTP 200 with a body that is not a response: " + excerpt(body)};
  return {std::move(j), "", false};
}

int64_t revision_of(const Json& field) {
  if (field.is_number_integer()) return field.get<int64_t>();
  if (!field.is_string()) return -1;
  try {
    return std::stoll(field.get<std::string>());
  } catch (const std::exception&) {
    return -1;
  }
}

// One range response's list and mod revision, or why it cannot be read.
Result<std::pair<Json, int64_t>, std::string> list_of(const Json& response) {
  const Json range =
      response.is_object() ? response.value("response_range", Json::object()) : Json();
  if (!range.is_object()) return std::string("a txn response is not a range answer");
  const Json kvs = range.value("kvs", Json::array());
  if (!kvs.is_array()) return std::string("a range answer has a malformed kvs");
  if (kvs.empty()) return std::pair<Json, int64_t>{Json::array(), 0};
  const std::optional<std::string> text = base64_decode(kvs[0].value("value", ""));
  Json list = text ? Json::parse(*text, nullptr, false) : Json();
  const int64_t revision = revision_of(kvs[0].value("mod_revision", Json()));
  if (!list.is_array() || revision < 0)
    return "a key holds " + (text ? excerpt(*text) : std::string("a value not in base64")) +
           ", not a list as this client writes it (\"[1,2]\")";
  return std::pair<Json, int64_t>{std::move(list), revision};
}

}  // namespace

Result<EtcdRequest, std::string> etcd_append_read(const Op& txn, bool serializable) {
  Result<std::vector<std::string>, std::string> keys = keys_of(txn);
  if (!keys) return keys.error();
  Json ranges = Json::array();
  for (const std::string& key : *keys) {
    Json range = {{"key", base64_encode(key)}};
    if (serializable) range["serializable"] = true;
    ranges.push_back({{"request_range", std::move(range)}});
  }
  return EtcdRequest{"/v3/kv/txn", {{"success", std::move(ranges)}}};
}

Result<EtcdAppendState, Completion> etcd_append_state(const Op& txn, int status,
                                                      std::string_view body) {
  const std::string failed = "reading the keys before the txn: ";
  const std::vector<std::string> keys = *keys_of(txn);
  const Answer answer = parse_answer(status, body);
  if (!answer.error.empty()) return Completion::fail(failed + answer.error);
  const Json responses = answer.json.value("responses", Json::array());
  if (!responses.is_array() || responses.size() != keys.size())
    return Completion::fail(failed + "etcd answered " + std::to_string(responses.size()) +
                            " ranges for " + std::to_string(keys.size()) + " keys");
  EtcdAppendState state;
  for (size_t i = 0; i < keys.size(); ++i) {
    auto list = list_of(responses[i]);
    if (!list) return Completion::fail(failed + "key " + keys[i] + ": " + list.error());
    state.lists[keys[i]] = std::move(list->first);
    state.mod_revisions[keys[i]] = list->second;
  }
  return state;
}

EtcdAppendPlan etcd_append_plan(const Op& txn, const EtcdAppendState& state) {
  std::map<std::string, Json> lists = state.lists;
  std::set<std::string> appended;
  EtcdAppendPlan plan{Json::array(), std::nullopt};
  for (const Json& mop : txn.value) {
    const std::string key = micro_op_key_text(mop[1]);
    if (mop[0] == "append") {
      lists[key].push_back(mop[2]);
      appended.insert(key);
      plan.micro_ops.push_back(mop);
    } else {
      plan.micro_ops.push_back(Json::array({mop[0], mop[1], lists[key]}));
    }
  }
  if (appended.empty()) return plan;
  Json compares = Json::array(), puts = Json::array();
  for (const auto& [key, revision] : state.mod_revisions) {
    compares.push_back({{"key", base64_encode(key)},
                        {"target", "MOD"},
                        {"result", "EQUAL"},
                        {"mod_revision", std::to_string(revision)}});
  }
  for (const std::string& key : appended) {
    puts.push_back({{"request_put",
                     {{"key", base64_encode(key)}, {"value", base64_encode(lists[key].dump())}}}});
  }
  plan.write = EtcdRequest{"/v3/kv/txn", {{"compare", compares}, {"success", puts}}};
  return plan;
}

Completion etcd_append_write_completion(const Json& micro_ops, int status, std::string_view body) {
  const Answer answer = parse_answer(status, body);
  if (!answer.error.empty())
    return answer.refused ? Completion::fail(answer.error) : Completion::info(answer.error);
  // `succeeded` is left out when false (proto3 JSON omits defaults).
  const Json succeeded = answer.json.value("succeeded", Json(false));
  if (!succeeded.is_boolean())
    return Completion::info("etcd's txn answer has a malformed succeeded: " + succeeded.dump());
  if (!succeeded.get<bool>())
    return Completion::fail("a key changed between the read and the txn (compare failed)");
  return Completion::ok(micro_ops);
}

}  // namespace faultline
