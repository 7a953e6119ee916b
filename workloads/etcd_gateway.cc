#include "workloads/etcd_gateway.h"

#include <charconv>
#include <cstdint>

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

Completion read_completion(const Op& invocation, const Json& answer) {
  const auto kvs = answer.find("kvs");
  // An absent key: no kvs (proto3 JSON leaves empty lists out).
  if (kvs == answer.end() || (kvs->is_array() && kvs->empty())) return Completion::ok(nullptr);
  if (!kvs->is_array() || !(*kvs)[0].is_object()) {
    return indeterminate(invocation, "etcd's range answer has a malformed kvs: " + kvs->dump());
  }
  const Json& kv = (*kvs)[0];
  // An empty value is left out too.
  const Json encoded = kv.value("value", Json(""));
  std::optional<std::string> text;
  if (encoded.is_string()) text = base64_decode(encoded.get<std::string>());
  if (!text) {
    return indeterminate(invocation,
                         "etcd's range answer has a value that is not base64: " + encoded.dump());
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
  return std::string(text);
}

Result<EtcdRequest, std::string> etcd_request(const Op& invocation,
                                              const EtcdRequestOptions& options) {
  if (!invocation.key) return "a register op needs a key; " + invocation.f + " has none";
  const std::string& key = *invocation.key;
  if (invocation.f == "read") {
    Json body = {{"key", base64_encode(key)}};
    if (options.serializable) body["serializable"] = true;
    return EtcdRequest{"/v3/kv/range", std::move(body)};
  }
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

Completion etcd_completion(const Op& invocation, int status, std::string_view body) {
  if (status != 200) {
    const std::string error =
        "etcd answered HTTP " + std::to_string(status) + ": " + error_message(body);
    // 408: the gateway's call was cancelled, perhaps after raft took it.
    const bool refused = status >= 400 && status < 500 && status != 408;
    return refused ? Completion::fail(error) : indeterminate(invocation, error);
  }
  const Json answer = Json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (!answer.is_object() || !answer.contains("header")) {
    return indeterminate(
        invocation, "etcd answered HTTP 200 with a body that is not a response: " + excerpt(body));
  }
  if (invocation.f == "read") return read_completion(invocation, answer);
  if (invocation.f == "cas") return cas_completion(invocation, answer);
  return Completion::ok(invocation.value);
}

Completion etcd_unanswered(const Op& invocation, const std::string& error, bool maybe_sent) {
  if (!maybe_sent) return Completion::fail(error);
  return indeterminate(invocation, error);
}

}  // namespace faultline
