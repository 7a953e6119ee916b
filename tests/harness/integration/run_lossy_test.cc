// A database that loses acknowledged writes must never pass. lossy-kv
// (examples/lossy-kv/) is a primary/replica store with nothing on disk: the
// nemesis kills its primary, which comes back empty. Each trial runs the
// example as a user would, with its default key settings and its own seed,
// and must be INVALID with the acknowledged write and the read that missed
// it in the evidence.
//
// Trials: FAULTLINE_LOSSY_TRIALS (default 2 in the suite; the long mode is
//   FAULTLINE_LOSSY_TRIALS=10 ctest -R RunLossy --output-on-failure
// and must find the loss in at least 9 of 10). Needs root; ~40 s a trial.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <vector>

#include "harness/history/op.h"
#include "harness/base/text_file.h"
#include "tests/support/run_binary.h"

namespace faultline {
namespace {

namespace fs = std::filesystem;

int trials() {
  const char* text = std::getenv("FAULTLINE_LOSSY_TRIALS");
  const int n = text ? std::atoi(text) : 2;
  return n > 0 ? n : 2;
}

// The value an ok mutation left in its key: a write's value, a cas's new one.
Json written_value(const Json& op) {
  return op["f"] == "cas" && op["value"].is_array() && op["value"].size() == 2 ? op["value"][1]
                                                                               : op["value"];
}

// Whether `evidence` (its ops and the longest linearization's tail) shows a
// read that missed a write acknowledged before it began: the latest ok write or cas completed
// before the read's invocation wrote something else than the read saw.
bool shows_a_missed_acknowledged_write(const Json& evidence, std::string* why) {
  const Json& read = evidence["failed_op"];
  if (read["f"] != "read" || read["type"] != "ok") {
    *why = "the failed op is not an ok read: " + read.dump();
    return false;
  }
  // The evidence's ops and the tail of the longest linearization found.
  std::vector<Json> candidates(evidence["ops"].begin(), evidence["ops"].end());
  for (const Json& step : evidence["last_linearized"]) candidates.push_back(step["op"]);
  const Json* latest = nullptr;
  for (const Json& op : candidates) {
    const bool mutation = op["f"] == "write" || op["f"] == "cas";
    if (!mutation || op["type"] != "ok" || !op.contains("complete_index")) continue;
    if (op["complete_index"].get<int64_t>() > read["invoke_index"].get<int64_t>()) continue;
    if (!latest || op["complete_index"] > (*latest)["complete_index"]) latest = &op;
  }
  if (!latest) {
    *why = "no acknowledged write before the read in the evidence: " + evidence.dump();
    return false;
  }
  if (written_value(*latest) == read["value"]) {
    *why = "the read saw the last acknowledged write: " + evidence.dump();
    return false;
  }
  return true;
}

TEST(RunLossy, ADatabaseThatLosesAcknowledgedWritesOnAKillIsInvalid) {
  const int n = trials();
  int invalid = 0;
  for (int trial = 0; trial < n; ++trial) {
    char pattern[] = "/tmp/faultline-lossy-XXXXXX";
    const std::string store = mkdtemp(pattern);
    const uint64_t seed = 1000 + static_cast<uint64_t>(trial);
    testing::BinaryRun r = testing::run_faultline(
        FAULTLINE_BINARY, "run " + std::string(FAULTLINE_SOURCE_DIR) +
                              "/examples/lossy-kv.yaml --seed " + std::to_string(seed) +
                              " --store " + store + " 2>&1");
    auto text = read_text_file(store + "/latest/results.json");
    ASSERT_TRUE(text) << "seed " << seed << ": " << r.out;
    const Json results = Json::parse(*text);
    EXPECT_EQ(results["errors"], Json::array()) << "seed " << seed << ": " << r.out;
    EXPECT_GE(results["nemesis"]["faults_started"].get<int>(), 2) << results["nemesis"].dump();
    if (r.status == 1 && results["verdict"] == "invalid") {
      ++invalid;
      const Json& details = results["checkers"][0]["details"];
      ASSERT_TRUE(details.contains("evidence")) << details.dump();
      std::string why;
      EXPECT_TRUE(shows_a_missed_acknowledged_write(details["evidence"], &why))
          << "seed " << seed << ": " << why;
    } else {
      ADD_FAILURE() << "seed " << seed << " was not found invalid (exit " << r.status << "):\n"
                    << r.out;
    }
    fs::remove_all(store);
  }
  std::cout << "lossy-kv: INVALID in " << invalid << " of " << n << " seeded runs\n";
  EXPECT_GE(invalid, static_cast<int>(std::ceil(0.9 * n)));
}

}  // namespace
}  // namespace faultline
