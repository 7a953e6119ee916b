#include "tests/harness/integration/example_run.h"

#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "harness/base/text_file.h"
#include "tests/harness/integration/cluster_leftovers.h"

namespace faultline::testing {

void ExampleRun::SetUp() {
  char pattern[] = "/tmp/faultline-run-XXXXXX";
  store_ = mkdtemp(pattern);
}

void ExampleRun::TearDown() { std::filesystem::remove_all(store_); }

BinaryRun ExampleRun::run(const std::string& test, const std::string& extra) {
  return run_faultline(FAULTLINE_BINARY, "run " + std::string(FAULTLINE_SOURCE_DIR) + "/examples/" +
                                             test + " --store " + store_ + " " + extra + " 2>&1");
}

Json ExampleRun::results() {
  auto text = read_text_file(store_ + "/latest/results.json");
  EXPECT_TRUE(text) << text.error().reason;
  return text ? Json::parse(*text) : Json();
}

std::vector<Json> ExampleRun::history() {
  std::vector<Json> ops;
  std::ifstream in(store_ + "/latest/history.jsonl");
  for (std::string line; std::getline(in, line);) ops.push_back(Json::parse(line));
  return ops;
}

void ExampleRun::expect_no_run_cluster_left() {
  const std::string cluster = results().value("local_cluster", "");
  ASSERT_EQ(cluster.rfind("run", 0), 0u) << "results.json names no local cluster";
  const std::string subnet = "10.213." + std::to_string(150 + std::stoi(cluster.substr(3))) + ".";
  EXPECT_EQ(cluster_leftovers(cluster, subnet), "");
}

}  // namespace faultline::testing
