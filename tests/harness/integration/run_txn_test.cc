// Transactions end to end, as a user runs them: `faultline run` of the
// example test files with the list-append workload on a real 3-member etcd
// on a local cluster, under partitions, pauses and kills; Elle checks the
// history with real-time and process order. Needs root; ~30 s a run.
#include <gtest/gtest.h>

#include <set>

#include "harness/base/text_file.h"
#include "tests/harness/integration/example_run.h"

namespace faultline {
namespace {

class RunTxn : public testing::ExampleRun {};

TEST_F(RunTxn, EtcdListAppendUnderPartitionsPausesAndKillsHasNoAnomaly) {
  testing::BinaryRun r = run("etcd-append.yaml", "--time-limit 20");
  ASSERT_EQ(r.status, 0) << r.out;
  EXPECT_NE(r.out.find("elle: valid  (list-append"), std::string::npos) << r.out;
  Json results = this->results();
  EXPECT_EQ(results["verdict"], "valid");
  EXPECT_EQ(results["nemesis"]["errors"], Json::array()) << results["nemesis"].dump();
  EXPECT_GE(results["nemesis"]["faults_started"].get<int>(), 2) << results["nemesis"].dump();
  ASSERT_EQ(results["checkers"].size(), 1u);
  const Json& elle = results["checkers"][0];
  EXPECT_EQ(elle["checker"], "elle");
  const Json& details = elle["details"];
  EXPECT_EQ(details["model"], "list-append");
  EXPECT_EQ(details["expected"], "strict-serializable");
  EXPECT_EQ(details["anomaly_types"], Json::array()) << elle["summary"];
  EXPECT_EQ(details["ruled_out"], Json::array());
  EXPECT_GT(details["txns"]["ok"].get<int>(), 100) << details["txns"];
  EXPECT_GT(details["txns"]["fail"].get<int>(), 0) << "faults and conflicts fail some txns";
  EXPECT_EQ(results["config"]["elle_realtime"], true);

  // The final reads: one txn per key ever appended to, after the last append.
  const std::vector<Json> ops = history();
  size_t last_append = 0;
  std::set<Json> appended, read_at_the_end;
  for (size_t i = 0; i < ops.size(); ++i) {
    if (ops[i]["f"] != "txn" || ops[i]["type"] != "invoke") continue;
    for (const Json& mop : ops[i]["value"])
      if (mop[0] == "append") last_append = i, appended.insert(mop[1]);
  }
  for (size_t i = last_append + 1; i < ops.size(); ++i)
    if (ops[i]["f"] == "txn" && ops[i]["type"] == "ok")
      for (const Json& mop : ops[i]["value"]) read_at_the_end.insert(mop[1]);
  EXPECT_GT(appended.size(), 3u) << "keys retire after 32 appends";
  for (const Json& key : appended) EXPECT_TRUE(read_at_the_end.count(key)) << key;

  auto junit = read_text_file(store_ + "/latest/junit.xml");
  ASSERT_TRUE(junit);
  EXPECT_NE(junit->find("name=\"elle\""), std::string::npos) << *junit;
  expect_no_run_cluster_left();

  // analyze checks again with the settings the run recorded.
  testing::BinaryRun again =
      testing::run_faultline(FAULTLINE_BINARY, "analyze " + store_ + "/latest 2>&1");
  EXPECT_EQ(again.status, 0) << again.out;
  EXPECT_NE(again.out.find("expected: strict-serializable"), std::string::npos) << again.out;
}

TEST_F(RunTxn, EtcdRwRegisterUnderPartitionsPausesAndKillsHasNoAnomaly) {
  testing::BinaryRun r = run("etcd-rw-register.yaml", "--time-limit 20");
  ASSERT_EQ(r.status, 0) << r.out;
  EXPECT_NE(r.out.find("elle: valid  (rw-register"), std::string::npos) << r.out;
  Json results = this->results();
  EXPECT_EQ(results["verdict"], "valid");
  EXPECT_EQ(results["nemesis"]["errors"], Json::array()) << results["nemesis"].dump();
  EXPECT_GE(results["nemesis"]["faults_started"].get<int>(), 2) << results["nemesis"].dump();
  ASSERT_EQ(results["checkers"].size(), 1u);
  const Json& details = results["checkers"][0]["details"];
  EXPECT_EQ(details["model"], "rw-register");
  EXPECT_EQ(details["expected"], "strict-serializable");
  EXPECT_EQ(details["anomaly_types"], Json::array()) << results["checkers"][0]["summary"];
  EXPECT_GT(details["txns"]["ok"].get<int>(), 100) << details["txns"];
  EXPECT_GT(details["txns"]["fail"].get<int>(), 0) << "faults and conflicts fail some txns";
  // The reads saw the writes: values other than nil came back.
  size_t values_read = 0;
  for (const Json& op : history())
    if (op["f"] == "txn" && op["type"] == "ok")
      for (const Json& mop : op["value"]) values_read += mop[0] == "r" && !mop[2].is_null();
  EXPECT_GT(values_read, 50u);
  expect_no_run_cluster_left();
}

}  // namespace
}  // namespace faultline
