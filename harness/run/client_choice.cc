#include "harness/run/client_choice.h"

#include <map>

#include "workloads/adapter_client.h"
#include "workloads/etcd_client.h"

namespace faultline {
namespace {

constexpr char kEtcdClientPort[] = ":2379";

// node name -> where its clients connect.
std::map<std::string, std::string> endpoints(const Db& db,
                                             const std::vector<DbNodeVariables>& nodes) {
  std::map<std::string, std::string> out;
  for (const DbNodeVariables& node : nodes) {
    std::string endpoint = db.client_endpoint(node);
    out[node.node] = endpoint.empty() ? node.address + kEtcdClientPort : endpoint;
  }
  return out;
}

}  // namespace

Result<ClientFactory, std::string> make_client_factory(const TestFile& test, const Db& db,
                                                       const std::vector<DbNodeVariables>& nodes,
                                                       RunLog& log) {
  if (test.client.kind == ClientKind::kAdapter) {
    std::map<std::string, AdapterTarget> targets;
    for (const DbNodeVariables& node : nodes) {
      targets[node.node] =
          AdapterTarget{node.node, node.address, db.client_endpoint(node), node.peers};
    }
    AdapterOptions options;
    options.command = test.client.command;
    options.env = test.client.env;
    options.log = [&log](const std::string& line) { log.line(line); };
    return adapter_clients(std::move(options),
                           [targets](const std::string& node) { return targets.at(node); });
  }
  EtcdClientOptions options;
  options.serializable = test.client.reads == EtcdReads::kSerializable;
  std::map<std::string, std::string> endpoint_of = endpoints(db, nodes);
  auto lookup = [endpoint_of](const std::string& node) { return endpoint_of.at(node); };
  std::optional<EtcdWorkload> workload = etcd_workload_named(test.workload);
  if (!workload) return "the etcd client has no '" + test.workload + "' workload";
  options.workload = *workload;
  return etcd_clients(lookup, options);
}

}  // namespace faultline
