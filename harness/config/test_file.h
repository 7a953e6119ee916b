// The test file of `faultline run`: one YAML file that says everything about
// a run, read into plain values and validated before anything touches a node.
//
//   name: etcd-register
//   nodes: {local: 3}
//   db: etcd
//   client: {kind: etcd, reads: linearizable}
//   workload: register
//   concurrency: 10          # logical processes (workers)
//   rate: 200                # ops/s across all workers together
//   time_limit: 60s
//   keys: {ops_per_key: 200, active: 5}
//   txn: {...}, elle: {...}  # list-append, rw-register (txn_config.h)
//   nemesis: {...}           # nemeses/schedule.h
//   checkers: [linearizability]
//   seed: 42
//
// Errors name the file, line and column; a misspelt key gets "did you mean";
// combinations that cannot work (a partition of one node, a kill fault for a
// shell db that names no process, ...) are explained with the fix.
// docs/test-file.md documents every key. Pure functions; safe from any thread.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "harness/config/client_config.h"
#include "harness/config/db_config.h"
#include "harness/config/nodes_source.h"
#include "harness/config/txn_config.h"
#include "harness/base/source_error.h"
#include "nemeses/schedule.h"

namespace faultline {

struct KeysConfig {
  int64_t ops_per_key = 200;  // ops on one key before it is replaced by a fresh one
  int active = 5;             // keys in use at once
};

struct TestFile {
  std::string path;  // where it was read from, for messages
  std::string name;  // names the run's results folder: letters, digits, '.', '_', '-'
  NodesSource nodes;
  DbConfig db;
  ClientConfig client;  // default: etcd's client when the db is etcd
  std::string workload = "register";
  int concurrency = 5;  // logical processes
  double rate = 100;    // ops/s for all workers together; 0: as fast as they can
  std::chrono::milliseconds time_limit{60'000};
  KeysConfig keys;
  TxnSettings txn;  // list-append and rw-register only
  ElleChoice elle;  // list-append and rw-register only
  std::optional<Schedule> nemesis;    // none: no faults
  std::vector<std::string> checkers;  // empty: the workload's own checker
  std::optional<uint64_t> seed;       // none: chosen by the run and recorded
};

// Every top-level key, and the keys a file must have.
std::vector<std::string> test_file_keys();
std::vector<std::string> required_test_file_keys();
// The checkers `checkers` may name.
std::vector<std::string> checker_names();

// A whole test file given as text; `file` names it in messages and anchors
// relative paths (a nodes file).
Parsed<TestFile> parse_test_file(const std::string& text, const std::string& file);
// The test file at `path`.
Parsed<TestFile> read_test_file(const std::string& path);

}  // namespace faultline
