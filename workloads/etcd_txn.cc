#include "workloads/etcd_txn.h"

#include <set>

#include "harness/history/txn.h"
#include "workloads/base64.h"

namespace faultline {
namespace {

std::string excerpt(std::string_view body) {
  constexpr size_t kMax = 200;
  return body.size() <= kMax ? std::string(body) : std::string(body.substr(0, kMax)) + "...";
}

bool is_list(EtcdWorkload workload) { return workload == EtcdWorkload::kListAppend; }

// The keys `txn` touches, in order of first use, as their text.
Result<std::vector<std::string>, std::string> keys_of(const Op& txn, EtcdWorkload workload) {
  const char* name = is_list(workload) ? "list-append" : "rw-register";
  std::vector<MicroOpView> mops;
  if (std::optional<std::string> problem = read_micro_ops(txn.value, &mops))
    return std::string("a ") + name + " txn needs micro-ops [[f, key, value], ...]: " + *problem;
  const MicroOpKind foreign = is_list(workload) ? MicroOpKind::kWrite : MicroOpKind::kAppend;
  std::vector<std::string> keys;
  std::set<std::string> seen;
  for (const MicroOpView& mop : mops) {
    if (mop.kind == foreign) {
      return std::string(name) + " has no '" + std::string(to_string(foreign)) + "': use '" +
             (is_list(workload) ? "append" : "w") + "'";
    }
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

// One range response's value and mod revision, or why it cannot be read.
Result<std::pair<Json, int64_t>, std::string> value_of(const Json& response,
                                                       EtcdWorkload workload) {
  const Json range =
      response.is_object() ? response.value("response_range", Json::object()) : Json();
  if (!range.is_object()) return std::string("a txn response is not a range answer");
  const Json kvs = range.value("kvs", Json::array());
  if (!kvs.is_array()) return std::string("a range answer has a malformed kvs");
  if (kvs.empty()) return std::pair<Json, int64_t>{is_list(workload) ? Json::array() : Json(), 0};
  const std::optional<std::string> text = base64_decode(kvs[0].value("value", ""));
  const int64_t revision = revision_of(kvs[0].value("mod_revision", Json()));
  Json value;
  if (text)
    value = is_list(workload) ? Json::parse(*text, nullptr, false) : etcd_value_from_text(*text);
  const bool fits = is_list(workload) ? value.is_array() : value.is_number_integer();
  if (!fits || revision < 0) {
    return "a key holds " + (text ? excerpt(*text) : std::string("a value not in base64")) +
           (is_list(workload) ? ", not a list as this client writes it (\"[1,2]\")"
                              : ", not an integer as this client writes it (\"42\")");
  }
  return std::pair<Json, int64_t>{std::move(value), revision};
}

}  // namespace

bool is_etcd_txn_workload(EtcdWorkload workload) {
  return workload == EtcdWorkload::kListAppend || workload == EtcdWorkload::kRwRegister;
}

Result<EtcdRequest, std::string> etcd_txn_read(const Op& txn, EtcdWorkload workload,
                                               bool serializable) {
  Result<std::vector<std::string>, std::string> keys = keys_of(txn, workload);
  if (!keys) return keys.error();
  Json ranges = Json::array();
  for (const std::string& key : *keys) {
    Json range = {{"key", base64_encode(key)}};
    if (serializable) range["serializable"] = true;
    ranges.push_back({{"request_range", std::move(range)}});
  }
  return EtcdRequest{"/v3/kv/txn", {{"success", std::move(ranges)}}};
}

Result<EtcdTxnState, Completion> etcd_txn_state(const Op& txn, EtcdWorkload workload, int status,
                                                std::string_view body) {
  const std::string failed = "reading the keys before the txn: ";
  const std::vector<std::string> keys = *keys_of(txn, workload);
  const Answer answer = parse_answer(status, body);
  if (!answer.error.empty()) return Completion::fail(failed + answer.error);
  const Json responses = answer.json.value("responses", Json::array());
  if (!responses.is_array() || responses.size() != keys.size())
    return Completion::fail(failed + "etcd answered " + std::to_string(responses.size()) +
                            " ranges for " + std::to_string(keys.size()) + " keys");
  EtcdTxnState state;
  for (size_t i = 0; i < keys.size(); ++i) {
    auto value = value_of(responses[i], workload);
    if (!value) return Completion::fail(failed + "key " + keys[i] + ": " + value.error());
    state.values[keys[i]] = std::move(value->first);
    state.mod_revisions[keys[i]] = value->second;
  }
  return state;
}

EtcdTxnPlan etcd_txn_plan(const Op& txn, EtcdWorkload workload, const EtcdTxnState& state) {
  std::map<std::string, Json> values = state.values;
  std::set<std::string> written;
  std::vector<MicroOpView> mops;
  read_micro_ops(txn.value, &mops);
  EtcdTxnPlan plan{Json::array(), std::nullopt};
  for (size_t i = 0; i < mops.size(); ++i) {
    const std::string key = micro_op_key_text(*mops[i].key);
    if (mops[i].kind == MicroOpKind::kRead) {
      plan.micro_ops.push_back(Json::array({txn.value[i][0], *mops[i].key, values[key]}));
      continue;
    }
    if (mops[i].kind == MicroOpKind::kAppend) {
      values[key].push_back(*mops[i].value);
    } else {
      values[key] = *mops[i].value;
    }
    written.insert(key);
    plan.micro_ops.push_back(txn.value[i]);
  }
  if (written.empty()) return plan;
  Json compares = Json::array(), puts = Json::array();
  for (const auto& [key, revision] : state.mod_revisions) {
    compares.push_back({{"key", base64_encode(key)},
                        {"target", "MOD"},
                        {"result", "EQUAL"},
                        {"mod_revision", std::to_string(revision)}});
  }
  for (const std::string& key : written) {
    const std::string text = is_list(workload) ? values[key].dump() : etcd_value_text(values[key]);
    puts.push_back(
        {{"request_put", {{"key", base64_encode(key)}, {"value", base64_encode(text)}}}});
  }
  plan.write = EtcdRequest{"/v3/kv/txn", {{"compare", compares}, {"success", puts}}};
  return plan;
}

Completion etcd_txn_write_completion(const Json& micro_ops, int status, std::string_view body) {
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
