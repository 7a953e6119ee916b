// The test file's settings of the transactional workloads (list-append,
// rw-register):
//   txn:  {min_length: 1, max_length: 4, read_ratio: 0.5, active_keys: 3,
//          max_writes_per_key: 32}      # the generator (workloads/txn_workload.h)
//   elle: {expect: serializable, realtime: true, process_order: false}
//                                       # the checker (checkers/elle/)
// Each setting is optional; errors name the file, line and column.
#pragma once

#include <yaml-cpp/yaml.h>

#include <string>

#include "harness/base/source_error.h"
#include "workloads/checker_choice.h"
#include "workloads/txn_workload.h"

namespace faultline {

Parsed<TxnSettings> parse_txn_settings(const YAML::Node& node, const std::string& file);
Parsed<ElleChoice> parse_elle_choice(const YAML::Node& node, const std::string& file);

}  // namespace faultline
