// Transactions on PostgreSQL end to end, as a user runs them: `faultline run`
// of the two example test files (Debian's postgresql set up by shell steps on
// a local node, examples/adapters/postgres_txn_adapter.py, pauses and a
// kill of postgres), at two isolation levels with the findings each level
// allows. Needs root; ~25 s a run.
#include <gtest/gtest.h>

#include <set>

#include "tests/harness/integration/example_run.h"

namespace faultline {
namespace {

class RunPostgres : public testing::ExampleRun {
 protected:
  const Json& elle_details() {
    results_ = results();
    EXPECT_EQ(results_["checkers"].size(), 1u) << results_.dump();
    EXPECT_EQ(results_["checkers"][0]["checker"], "elle");
    EXPECT_EQ(results_["nemesis"]["errors"], Json::array()) << results_["nemesis"].dump();
    EXPECT_GE(results_["nemesis"]["faults_started"].get<int>(), 2) << results_["nemesis"].dump();
    return results_["checkers"][0]["details"];
  }

  // SERIALIZABLE under pauses and a kill: valid, no anomaly, and the run did
  // real work (commits, and serialization failures or the kill's aborts).
  void expect_serializable_without_anomaly(const std::string& example,
                                           const std::string& workload) {
    testing::BinaryRun r = run(example, "--time-limit 8");
    ASSERT_EQ(r.status, 0) << r.out;
    EXPECT_NE(r.out.find("elle: valid  (" + workload), std::string::npos) << r.out;
    const Json& details = elle_details();
    EXPECT_EQ(details["anomaly_types"], Json::array()) << details.dump();
    EXPECT_EQ(details["expected"], "strict-serializable");
    EXPECT_GT(details["txns"]["ok"].get<int>(), 100) << details["txns"];
    EXPECT_GT(details["txns"]["fail"].get<int>(), 0) << "serialization failures and the kill";
    expect_no_run_cluster_left();
  }

  Json results_;
};

TEST_F(RunPostgres, SerializableUnderPausesAndKillsHasNoAnomaly) {
  expect_serializable_without_anomaly("postgres-append-serializable.yaml", "list-append");
}

TEST_F(RunPostgres, ReadCommittedShowsReadAndWriteSkewButNoDirtyReads) {
  testing::BinaryRun r = run("postgres-append-read-committed.yaml", "--time-limit 8");
  ASSERT_EQ(r.status, 1) << r.out;
  EXPECT_NE(r.out.find("elle: INVALID  (list-append"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("expected: serializable (ruled out)"), std::string::npos) << r.out;
  const Json& details = elle_details();
  std::set<std::string> types;
  for (const Json& type : details["anomaly_types"]) types.insert(type.get<std::string>());
  EXPECT_TRUE(types.count("G-single") || types.count("G2-item") || types.count("G-nonadjacent"))
      << details["anomaly_types"];
  for (const char* never :
       {"G0", "G1a", "G1b", "G1c", "incompatible-order", "duplicate-appends", "lost-append"})
    EXPECT_FALSE(types.count(never)) << never << ": read committed forbids it";
  EXPECT_NE(r.out.find("-rw->"), std::string::npos) << "a cycle in words: " << r.out;
  expect_no_run_cluster_left();
}

TEST_F(RunPostgres, RwRegisterSerializableUnderPausesAndKillsHasNoAnomaly) {
  expect_serializable_without_anomaly("postgres-rw-register-serializable.yaml", "rw-register");
}

// Read committed's own anomalies are found and named, and do not rule out the
// claim of read committed: the run is valid.
TEST_F(RunPostgres, RwRegisterReadCommittedNamesTheAnomaliesItAllowsAndStaysValid) {
  testing::BinaryRun r = run("postgres-rw-register-read-committed.yaml", "--time-limit 8");
  ASSERT_EQ(r.status, 0) << r.out;
  EXPECT_NE(r.out.find("elle: valid  (rw-register"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("expected: read-committed (not ruled out"), std::string::npos) << r.out;
  const Json& details = elle_details();
  std::set<std::string> types;
  for (const Json& type : details["anomaly_types"]) types.insert(type.get<std::string>());
  EXPECT_TRUE(types.count("lost-update")) << details["anomaly_types"];
  EXPECT_TRUE(types.count("G2-item")) << "a lost update's cycle: " << details["anomaly_types"];
  EXPECT_TRUE(types.count("internal")) << "non-repeatable read: " << details["anomaly_types"];
  for (const char* never : {"G0", "G1a", "G1b", "G1c", "future-read", "garbage-read"})
    EXPECT_FALSE(types.count(never)) << never << ": read committed forbids it";
  EXPECT_EQ(details["ruled_out"].front(), "repeatable-read") << details["ruled_out"];
  EXPECT_NE(r.out.find("-rw->"), std::string::npos) << "a cycle in words: " << r.out;
  expect_no_run_cluster_left();
}

}  // namespace
}  // namespace faultline
