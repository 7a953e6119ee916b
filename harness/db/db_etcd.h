// The built-in etcd db: one member per node, named after the node, its files
// in the node's kNodeStateDir/etcd (data/, etcd.log appended, etcd.pid).
// Clients reach a member at ADDRESS:2379, peers at ADDRESS:2380. Every value
// (name, address, the initial cluster) reaches the node's scripts as an
// argument, never as script text.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "harness/db/db.h"

namespace faultline {

std::string etcd_dir();       // kNodeStateDir/etcd
std::string etcd_data_dir();  // etcd_dir()/data
std::string etcd_log_file();  // etcd_dir()/etcd.log
std::string etcd_pid_file();  // etcd_dir()/etcd.pid

// "n1=http://10.0.0.11:2380,n2=..." from the node's peer names and addresses;
// nothing when they do not pair up (or there are none).
std::optional<std::string> etcd_initial_cluster(const DbNodeVariables& node);

// `extra_logs`: more files to collect besides etcd's log (the test file's `logs`).
std::unique_ptr<Db> make_etcd_db(std::vector<std::string> extra_logs);

}  // namespace faultline
