#include "workloads/etcd_client.h"

#include <httplib.h>

#include <charconv>
#include <stdexcept>

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

}  // namespace

EtcdClient::EtcdClient(const std::string& endpoint, EtcdClientOptions options)
    : endpoint_(endpoint), options_(options) {
  const HostPort where = parse_endpoint(endpoint);
  http_ = std::make_unique<httplib::Client>(where.host, where.port);
  http_->set_keep_alive(true);
}

EtcdClient::~EtcdClient() = default;

Completion EtcdClient::invoke(const Op& invocation, Deadline deadline) {
  auto request = etcd_request(invocation, {.serializable = options_.serializable});
  if (!request) return Completion::fail(request.error());
  const auto remaining = deadline - std::chrono::steady_clock::now();
  if (remaining <= std::chrono::steady_clock::duration::zero()) {
    return Completion::fail("timeout: the deadline passed before the request was sent");
  }
  const auto timeout = std::chrono::duration_cast<std::chrono::microseconds>(remaining);
  http_->set_connection_timeout(timeout);
  http_->set_read_timeout(timeout);
  http_->set_write_timeout(timeout);
  const httplib::Result result =
      http_->Post(request->path, request->body.dump(), "application/json");
  if (!result) {
    const std::string error = "no answer from etcd at " + endpoint_ + " to " + request->path +
                              ": " + httplib::to_string(result.error());
    return etcd_unanswered(invocation, error, maybe_sent(result.error()));
  }
  return etcd_completion(invocation, result->status, result->body);
}

std::string etcd_default_endpoint(const std::string& node) { return node + ":2379"; }

ClientFactory etcd_register_clients(EtcdEndpointOf endpoint_of, EtcdClientOptions options) {
  return [endpoint_of = std::move(endpoint_of),
          options](const ClientContext& context) -> std::unique_ptr<Client> {
    return std::make_unique<EtcdClient>(endpoint_of(context.node), options);
  };
}

}  // namespace faultline
