// The `client` part of a test file: how workers talk to the database.
//
//   client: etcd                         # etcd's v3 gateway, linearizable reads
//   client: {kind: etcd, reads: serializable}
//   client:                              # any database through an adapter
//     kind: adapter
//     command: [python3, adapters/redis_adapter.py, --port, "6379"]
//     env: {ADAPTER_LOG: debug}
//
// An adapter is a program faultline starts once per worker; it speaks JSON
// lines on stdin/stdout. Pure functions; safe from any thread.
#pragma once

#include <yaml-cpp/yaml.h>

#include <map>
#include <string>
#include <vector>

#include "harness/base/source_error.h"

namespace faultline {

enum class ClientKind { kEtcd, kAdapter };
enum class EtcdReads { kLinearizable, kSerializable };

struct ClientConfig {
  ClientKind kind = ClientKind::kEtcd;
  EtcdReads reads = EtcdReads::kLinearizable;  // kEtcd only
  std::vector<std::string> command;            // kAdapter: program and arguments
  std::map<std::string, std::string> env;      // kAdapter: added to its environment
  SourceLocation where;                        // of the `client` value
};

std::vector<std::string> client_kinds();

// The `client` value of a test file read from `file` (for messages).
Parsed<ClientConfig> parse_client(const YAML::Node& client, const std::string& file);

}  // namespace faultline
