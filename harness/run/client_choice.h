// Which clients a run's workers use: the test file's `client` (etcd's
// gateway or an adapter) for its workload, pointed at each node's endpoint.
#pragma once

#include <string>
#include <vector>

#include "harness/config/test_file.h"
#include "harness/db/db.h"
#include "harness/base/result.h"
#include "harness/run/run_log.h"
#include "harness/runner/client.h"

namespace faultline {

// `db` and `nodes` (one per node, in node order) say where each node serves
// clients. The error says what cannot work (a workload this client does not
// speak).
Result<ClientFactory, std::string> make_client_factory(const TestFile& test, const Db& db,
                                                       const std::vector<DbNodeVariables>& nodes,
                                                       RunLog& log);

}  // namespace faultline
