#include "workloads/etcd_gateway.h"

#include <algorithm>
#include <charconv>
#include <cstdint>

#include "harness/base/utf8.h"
#include "workloads/base64.h"

namespace faultline {
namespace {

// A read that did not complete changed nothing: fail. Anything else may have.
Completion indeterminate(const Op& invocation, const std::string& error) {
  if (invocation.f == "read") return Completion::fail(error);
  return Completion::info(error);
}

std::string excerpt(std::string_view body) {
  constexpr size_t kMax = 200;
  if (body.size() <= kMax) return std::string(body);
  return std::string(body.substr(0, kMax)) + "...";
}

// The gateway's error body is {"error": ..., "code": ..., "message": ...}.
std::string error_message(std::string_view body) {
  const Json json = Json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (json.is_object() && json.contains("message") && json["message"].is_string()) {
    return json["message"].get<std::string>();
  }
  return excerpt(body);
}

// An etcd kv's value as text; empty values are left out of the answer.
std::optional<std::string> kv_text(const Json& kv) {
  if (!kv.is_object()) return std::nullopt;
  const Json encoded = kv.value("value", Json(""));
  if (!encoded.is_string()) return std::nullopt;
  return base64_decode(encoded.get<std::string>());
}

// The kvs of a range answer: none when the range is empty (proto3 JSON leaves
// empty lists out), or nothing when they are malformed.
std::optional<Json> range_kvs(const Json& answer) {
  const auto kvs = answer.find("kvs");
  if (kvs == answer.end()) return Json::array();
  if (!kvs->is_array()) return std::nullopt;
  return *kvs;
}

Completion read_completion(const Op& invocation, const Json& answer) {
  const std::optional<Json> kvs = range_kvs(answer);
  if (!kvs) return indeterminate(invocation, "etcd's range answer has a malformed kvs");
  if (kvs->empty()) return Completion::ok(nullptr);
  const std::optional<std::string> text = kv_text((*kvs)[0]);
  if (!text) {
    return indeterminate(
        invocation, "etcd's range answer has a kv whose value is not base64: " + (*kvs)[0].dump());
  }
  return Completion::ok(etcd_value_from_text(*text));
}

Completion cas_completion(const Op& invocation, const Json& answer) {
  // `succeeded` is left out when false (proto3 JSON omits defaults).
  const Json succeeded = answer.value("succeeded", Json(false));
  if (!succeeded.is_boolean()) {
    return Completion::info("etcd's txn answer has a malformed succeeded: " + succeeded.dump());
  }
  if (succeeded.get<bool>()) return Completion::ok(invocation.value);
  return Completion::fail("precondition failed", invocation.value);
}

Json put_body(const std::string& key, const Json& value) {
  return {{"key", base64_encode(key)}, {"value", base64_encode(etcd_value_text(value))}};
}

// A range of one key, or of [key, range_end) when range_end is not empty.
EtcdRequest range_request(const std::string& key, const std::string& range_end,
                          const EtcdRequestOptions& options) {
  Json body = {{"key", base64_encode(key)}};
  if (!range_end.empty()) body["range_end"] = base64_encode(range_end);
  if (options.serializable) body["serializable"] = true;
  return EtcdRequest{"/v3/kv/range", std::move(body)};
}

}  // namespace

std::string etcd_value_text(const Json& value) {
  if (value.is_number_integer()) return std::to_string(value.get<int64_t>());
  return value.dump();
}

Json etcd_value_from_text(std::string_view text) {
  int64_t number = 0;
  const char* end = text.data() + text.size();
  auto [ptr, ec] = std::from_chars(text.data(), end, number);
  if (!text.empty() && ec == std::errc() && ptr == end) return number;
  // A JSON string must be UTF-8 (the checkers compare values by their JSON text).
  return with_invalid_utf8_escaped(text);
}

namespace {

Result<EtcdRequest, std::string> register_request(const Op& invocation,
                                                  const EtcdRequestOptions& options) {
  const std::string& key = *invocation.key;
  if (invocation.f == "read") return range_request(key, "", options);
  if (invocation.f == "write") return EtcdRequest{"/v3/kv/put", put_body(key, invocation.value)};
  if (invocation.f == "cas") {
    const Json& value = invocation.value;
    if (!value.is_array() || value.size() != 2) {
      return "a cas needs the value [old, new], not " + value.dump();
    }
    Json compare = {{"key", base64_encode(key)},
                    {"target", "VALUE"},
                    {"result", "EQUAL"},
                    {"value", base64_encode(etcd_value_text(value[0]))}};
    Json body = {{"compare", Json::array({std::move(compare)})},
                 {"success", Json::array({{{"request_put", put_body(key, value[1])}}})}};
    return EtcdRequest{"/v3/kv/txn", std::move(body)};
  }
  return "the etcd register client knows read, write and cas, not " + invocation.f;
}

// A set's elements live under "<key>/": one etcd key per element.
std::string set_prefix(const std::string& key) { return key + "/"; }

// The end of the range of keys that start with `prefix` ('/' + 1 is '0').
std::string prefix_end(std::string prefix) {
  prefix.back() = static_cast<char>(prefix.back() + 1);
  return prefix;
}

Result<EtcdRequest, std::string> set_request(const Op& invocation,
                                             const EtcdRequestOptions& options) {
  const std::string prefix = set_prefix(*invocation.key);
  if (invocation.f == "read") return range_request(prefix, prefix_end(prefix), options);
  if (invocation.f == "add") {
    if (invocation.value.is_null()) return std::string("a set add needs an element, not null");
    const std::string element = etcd_value_text(invocation.value);
    return EtcdRequest{"/v3/kv/put", put_body(prefix + element, invocation.value)};
  }
  return "the etcd set client knows add and read, not " + invocation.f;
}

Result<EtcdRequest, std::string> counter_request(const Op& invocation,
                                                 const EtcdRequestOptions& options) {
  if (invocation.f == "read") return range_request(*invocation.key, "", options);
  if (invocation.f == "add") {
    if (!invocation.value.is_number_integer()) {
      return "a counter add needs an integer, not " + invocation.value.dump();
    }
    // The first step of an add: read the counter and its mod_revision. The
    // compare is only as good as that revision, so read through raft.
    return range_request(*invocation.key, "", {});
  }
  return "the etcd counter client knows add and read, not " + invocation.f;
}

Completion set_read_completion(const Op& invocation, const Json& answer) {
  const std::optional<Json> kvs = range_kvs(answer);
  if (!kvs) return indeterminate(invocation, "etcd's range answer has a malformed kvs");
  Json elements = Json::array();
  for (const Json& kv : *kvs) {
    const std::optional<std::string> text = kv_text(kv);
    if (!text) {
      return indeterminate(invocation,
                           "etcd's range answer has a kv whose value is not base64: " + kv.dump());
    }
    elements.push_back(etcd_value_from_text(*text));
  }
  std::sort(elements.begin(), elements.end());
  return Completion::ok(std::move(elements));
}

// int64 fields travel as decimal strings in proto3 JSON.
int64_t json_int64(const Json& field) {
  if (field.is_number_integer()) return field.get<int64_t>();
  const Json number = field.is_string() ? etcd_value_from_text(field.get<std::string>()) : Json();
  return number.is_number_integer() ? number.get<int64_t>() : -1;
}

// The counter in a range answer: 0 when the key is absent.
Result<int64_t, std::string> counter_value(const Json& answer) {
  const std::optional<Json> kvs = range_kvs(answer);
  if (!kvs) return std::string("etcd's range answer has a malformed kvs");
  if (kvs->empty()) return int64_t{0};
  const std::optional<std::string> text = kv_text((*kvs)[0]);
  const Json value = text ? etcd_value_from_text(*text) : Json();
  if (!value.is_number_integer()) {
    return "the counter holds " + (text ? "\"" + *text + "\"" : (*kvs)[0].dump()) +
           ", not an integer";
  }
  return value.get<int64_t>();
}

Completion counter_read_completion(const Op& invocation, const Json& answer) {
  Result<int64_t, std::string> value = counter_value(answer);
  if (!value) return indeterminate(invocation, value.error());
  return Completion::ok(*value);
}

// Parses a 200 answer into `answer`; else (an error status, a body that is not
// a response) how `invocation` ends.
std::optional<Completion> answer_problem(const Op& invocation, int status, std::string_view body,
                                         Json& answer) {
  if (status != 200) {
    const std::string error =
        "etcd answered HTTP " + std::to_string(status) + ": " + error_message(body);
    // 408: the gateway's call was cancelled, perhaps after raft took it.
    const bool refused = status >= 400 && status < 500 && status != 408;
    return refused ? Completion::fail(error) : indeterminate(invocation, error);
  }
  answer = Json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (!answer.is_object() || !answer.contains("header")) {
    return indeterminate(
        invocation, "etcd answered HTTP 200 with a body that is not a response: " + excerpt(body));
  }
  return std::nullopt;
}

}  // namespace

std::optional<EtcdWorkload> etcd_workload_named(std::string_view name) {
  if (name == "register") return EtcdWorkload::kRegister;
  if (name == "set") return EtcdWorkload::kSet;
  if (name == "counter") return EtcdWorkload::kCounter;
  if (name == "list-append") return EtcdWorkload::kListAppend;
  if (name == "rw-register") return EtcdWorkload::kRwRegister;
  return std::nullopt;
}

Result<EtcdRequest, std::string> etcd_request(const Op& invocation,
                                              const EtcdRequestOptions& options) {
  if (!invocation.key) return "an etcd op needs a key; " + invocation.f + " has none";
  switch (options.workload) {
    case EtcdWorkload::kRegister:
      return register_request(invocation, options);
    case EtcdWorkload::kSet:
      return set_request(invocation, options);
    case EtcdWorkload::kCounter:
      return counter_request(invocation, options);
    case EtcdWorkload::kListAppend:
    case EtcdWorkload::kRwRegister:
      break;  // etcd_txn.h
  }
  return std::string("unknown etcd workload");
}

Completion etcd_completion(const Op& invocation, int status, std::string_view body,
                           EtcdWorkload workload) {
  Json answer;
  if (std::optional<Completion> problem = answer_problem(invocation, status, body, answer)) {
    return *problem;
  }
  if (workload == EtcdWorkload::kSet && invocation.f == "read") {
    return set_read_completion(invocation, answer);
  }
  if (workload == EtcdWorkload::kCounter && invocation.f == "read") {
    return counter_read_completion(invocation, answer);
  }
  if (invocation.f == "read") return read_completion(invocation, answer);
  if (invocation.f == "cas") return cas_completion(invocation, answer);
  return Completion::ok(invocation.value);
}

Result<EtcdCounterState, Completion> etcd_counter_state(const Op& add, int status,
                                                        std::string_view body) {
  // Only the range was sent: an add that ends here wrote nothing.
  const std::string failed = "reading the counter before adding: ";
  Json answer;
  if (std::optional<Completion> problem = answer_problem(add, status, body, answer)) {
    return Completion::fail(failed + problem->error.get<std::string>());
  }
  Result<int64_t, std::string> value = counter_value(answer);
  if (!value) return Completion::fail(failed + value.error());
  const std::optional<Json> kvs = range_kvs(answer);
  int64_t mod_revision = 0;
  if (!kvs->empty()) mod_revision = json_int64((*kvs)[0].value("mod_revision", Json("0")));
  return EtcdCounterState{*value, mod_revision};
}

EtcdRequest etcd_counter_txn(const std::string& key, const EtcdCounterState& state, int64_t delta) {
  Json compare = {{"key", base64_encode(key)},
                  {"target", "MOD"},
                  {"result", "EQUAL"},
                  {"mod_revision", std::to_string(state.mod_revision)}};
  Json body = {{"compare", Json::array({std::move(compare)})},
               {"success", Json::array({{{"request_put", put_body(key, state.value + delta)}}})}};
  return EtcdRequest{"/v3/kv/txn", std::move(body)};
}

std::optional<Completion> etcd_counter_txn_completion(const Op& add, int status,
                                                      std::string_view body) {
  Json answer;
  if (std::optional<Completion> problem = answer_problem(add, status, body, answer)) {
    return problem;
  }
  const Completion ran = cas_completion(add, answer);
  if (ran.type == OpType::kFail) return std::nullopt;
  return ran;
}

Completion etcd_unanswered(const Op& invocation, const std::string& error, bool maybe_sent) {
  if (!maybe_sent) return Completion::fail(error);
  return indeterminate(invocation, error);
}

}  // namespace faultline
