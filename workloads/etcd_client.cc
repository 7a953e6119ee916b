#include "workloads/etcd_client.h"

#include <httplib.h>

#include <charconv>
#include <stdexcept>

#include "workloads/etcd_txn.h"

namespace faultline {
namespace {

struct HostPort {
  std::string host;
  int port = 0;
};

HostPort parse_endpoint(const std::string& endpoint) {
  const size_t colon = endpoint.rfind(':');
  int port = 0;
  if (colon != std::string::npos && colon > 0) {
    const char* end = endpoint.data() + endpoint.size();
    auto [ptr, ec] = std::from_chars(endpoint.data() + colon + 1, end, port);
    if (ec == std::errc() && ptr == end && port > 0 && port < 65536) {
      return {endpoint.substr(0, colon), port};
    }
  }
  throw std::invalid_argument("etcd endpoint \"" + endpoint +
                              "\" is not host:port (for example 10.0.0.2:2379)");
}

// Connect errors happen before a byte of the request is sent; anything later
// (a failed send, no answer) may have reached etcd.
bool maybe_sent(httplib::Error error) { return error != httplib::Error::Connection; }

bool before(Client::Deadline deadline) { return std::chrono::steady_clock::now() < deadline; }

constexpr const char* kTooLate = "timeout: the deadline passed before the request was sent";

}  // namespace

EtcdClient::EtcdClient(const std::string& endpoint, EtcdClientOptions options)
    : endpoint_(endpoint), options_(options) {
  const HostPort where = parse_endpoint(endpoint);
  http_ = std::make_unique<httplib::Client>(where.host, where.port);
  http_->set_keep_alive(true);
}

EtcdClient::~EtcdClient() = default;

struct EtcdClient::Answer {
  httplib::Result result;
  std::string error;  // when no answer came
};

EtcdClient::Answer EtcdClient::post(const EtcdRequest& request, Deadline deadline) {
  const auto remaining = deadline - std::chrono::steady_clock::now();
  const auto timeout = std::chrono::duration_cast<std::chrono::microseconds>(remaining);
  http_->set_connection_timeout(timeout);
  http_->set_read_timeout(timeout);
  http_->set_write_timeout(timeout);
  Answer answer{http_->Post(request.path, request.body.dump(), "application/json"), ""};
  if (!answer.result) {
    answer.error = "no answer from etcd at " + endpoint_ + " to " + request.path + ": " +
                   httplib::to_string(answer.result.error());
  }
  return answer;
}

Completion EtcdClient::invoke(const Op& invocation, Deadline deadline) {
  if (is_etcd_txn_workload(options_.workload)) return run_txn(invocation, deadline);
  const EtcdRequestOptions request_options{options_.serializable, options_.workload};
  auto request = etcd_request(invocation, request_options);
  if (!request) return Completion::fail(request.error());
  if (!before(deadline)) return Completion::fail(kTooLate);
  if (options_.workload == EtcdWorkload::kCounter && invocation.f == "add") {
    return counter_add(invocation, deadline);
  }
  const Answer answer = post(*request, deadline);
  if (!answer.result) {
    return etcd_unanswered(invocation, answer.error, maybe_sent(answer.result.error()));
  }
  return etcd_completion(invocation, answer.result->status, answer.result->body, options_.workload);
}

Completion EtcdClient::counter_add(const Op& add, Deadline deadline) {
  const std::string& key = *add.key;
  const EtcdRequest range = *etcd_request(add, {.workload = EtcdWorkload::kCounter});
  for (int attempt = 1;; ++attempt) {
    const Answer read = post(range, deadline);
    // Nothing is written before the txn: any trouble reading is a fail.
    if (!read.result) return Completion::fail(read.error);
    auto state = etcd_counter_state(add, read.result->status, read.result->body);
    if (!state) return state.error();
    if (!before(deadline)) return Completion::fail(kTooLate);
    const EtcdRequest txn = etcd_counter_txn(key, *state, add.value.get<int64_t>());
    const Answer wrote = post(txn, deadline);
    if (!wrote.result) return etcd_unanswered(add, wrote.error, maybe_sent(wrote.result.error()));
    if (auto done = etcd_counter_txn_completion(add, wrote.result->status, wrote.result->body)) {
      return *done;
    }
    // Another add came between our read and our txn: nothing written, try again.
    if (!before(deadline)) {
      return Completion::fail("timeout: the counter changed under each of " +
                              std::to_string(attempt) + " attempts until the deadline");
    }
  }
}

Completion EtcdClient::run_txn(const Op& txn, Deadline deadline) {
  auto read = etcd_txn_read(txn, options_.workload, options_.serializable);
  if (!read) return Completion::fail(read.error());
  if (!before(deadline)) return Completion::fail(kTooLate);
  const Answer answer = post(*read, deadline);
  // Nothing is written before step 2: any trouble reading is a fail.
  if (!answer.result) return Completion::fail(answer.error);
  auto state = etcd_txn_state(txn, options_.workload, answer.result->status, answer.result->body);
  if (!state) return state.error();
  EtcdTxnPlan plan = etcd_txn_plan(txn, options_.workload, *state);
  if (!plan.write) return Completion::ok(std::move(plan.micro_ops));
  if (!before(deadline)) return Completion::fail(kTooLate);
  const Answer wrote = post(*plan.write, deadline);
  if (!wrote.result) return etcd_unanswered(txn, wrote.error, maybe_sent(wrote.result.error()));
  return etcd_txn_write_completion(plan.micro_ops, wrote.result->status, wrote.result->body);
}

std::string etcd_default_endpoint(const std::string& node) { return node + ":2379"; }

ClientFactory etcd_clients(EtcdEndpointOf endpoint_of, EtcdClientOptions options) {
  return [endpoint_of = std::move(endpoint_of),
          options](const ClientContext& context) -> std::unique_ptr<Client> {
    return std::make_unique<EtcdClient>(endpoint_of(context.node), options);
  };
}

ClientFactory etcd_register_clients(EtcdEndpointOf endpoint_of, EtcdClientOptions options) {
  options.workload = EtcdWorkload::kRegister;
  return etcd_clients(std::move(endpoint_of), options);
}

}  // namespace faultline
