// The workloads' client for etcd (register: read / write / cas; set: add /
// read; counter: add / read; list-append, rw-register: txn, etcd_txn.h) on one member, over etcd's
// v3 HTTP/JSON gateway on its client port (etcd_gateway.h says what each op becomes and how each
// answer is read). A counter add reads the counter and then writes it back
// incremented if nobody wrote in between, retrying until it succeeds or its
// deadline passes.
//
// One EtcdClient per worker, bound to one member's endpoint "host:port", used
// from that worker's thread only. It keeps one keep-alive connection, opened
// on the first op and again after any error. Each op's deadline bounds the
// connect and each send and receive (socket timeouts), so invoke() returns
// by the deadline, or by twice its remaining time in the rare case that a
// connect and then a receive both take nearly all of it.
#pragma once

#include <functional>
#include <memory>
#include <string>

#include "harness/runner/client.h"
#include "workloads/etcd_gateway.h"

namespace httplib {
class Client;
}

namespace faultline {

struct EtcdClientOptions {
  bool serializable = false;  // serializable reads (a member's own state); default linearizable
  EtcdWorkload workload = EtcdWorkload::kRegister;  // whose ops it is sent
};

class EtcdClient : public Client {
 public:
  // Throws std::invalid_argument when `endpoint` is not "host:port".
  explicit EtcdClient(const std::string& endpoint, EtcdClientOptions options = {});
  ~EtcdClient() override;

  Completion invoke(const Op& invocation, Deadline deadline) override;

 private:
  struct Answer;
  // Sends `request`, its time bounded by `deadline`.
  Answer post(const EtcdRequest& request, Deadline deadline);
  Completion counter_add(const Op& add, Deadline deadline);
  Completion run_txn(const Op& txn, Deadline deadline);

  std::string endpoint_;
  EtcdClientOptions options_;
  std::unique_ptr<httplib::Client> http_;
};

// Which member a node's workers talk to: "host:port" for a node name.
using EtcdEndpointOf = std::function<std::string(const std::string& node)>;

// The endpoint of a node on etcd's default client port: "<node>:2379".
std::string etcd_default_endpoint(const std::string& node);

// Opens an EtcdClient per worker on endpoint_of(its node), for the workload
// options.workload names.
ClientFactory etcd_clients(EtcdEndpointOf endpoint_of = etcd_default_endpoint,
                           EtcdClientOptions options = {});
// The same, for the register workload whatever options.workload says.
ClientFactory etcd_register_clients(EtcdEndpointOf endpoint_of = etcd_default_endpoint,
                                    EtcdClientOptions options = {});

}  // namespace faultline
