// `faultline run` end to end, as a user runs it: the binary, the example
// test files, a real 3-member etcd on a local cluster made for the run,
// real faults. Linearizable reads check valid; serializable reads under
// partitions are caught with the stale read in the evidence; a run stopped
// with Ctrl-C heals, stores and checks what it recorded; `analyze` re-checks.
// Needs root; each run takes ~30-60 s.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <sstream>
#include <thread>

#include "harness/base/text_file.h"
#include "tests/harness/integration/example_run.h"
#include "tests/support/run_binary.h"

namespace faultline {
namespace {

namespace fs = std::filesystem;

const std::string kBinary = FAULTLINE_BINARY;
const std::string kSource = FAULTLINE_SOURCE_DIR;

class RunEtcd : public testing::ExampleRun {
 protected:
  // faultline.log and the history count from one zero: each nemesis line
  // ("  12.345 nemesis: start-kill: ...", written as the step completes,
  // before its op is appended) lies between its step's invocation and
  // completion in the history. Ordering only: no wall-clock margin. The
  // log keeps 3 decimals, hence half a millisecond either way.
  void expect_log_and_history_share_their_clock(const std::vector<Json>& ops,
                                                const std::string& log) {
    std::map<std::string, std::vector<std::pair<double, double>>> steps;  // f -> (invoke, complete)
    std::map<std::string, double> invoked;
    for (const Json& op : ops) {
      if (op["process"] != "nemesis") continue;
      const std::string f = op["f"];
      const double t = op["time"].get<double>() / 1e9;
      if (auto it = invoked.find(f); it != invoked.end()) {
        steps[f].emplace_back(it->second, t);
        invoked.erase(it);
      } else {
        invoked[f] = t;
      }
    }
    std::map<std::string, size_t> seen;
    std::istringstream lines(log);
    size_t compared = 0;
    for (std::string line; std::getline(lines, line);) {
      std::istringstream fields(line);
      double stamp = 0;
      std::string word, f;
      if (!(fields >> stamp >> word) || word != "nemesis:" || !(fields >> f)) continue;
      if (!f.empty() && f.back() == ':') f.pop_back();
      if (!steps.count(f)) continue;
      ASSERT_LT(seen[f], steps[f].size()) << line;
      const auto [invoke_s, complete_s] = steps[f][seen[f]++];
      EXPECT_LE(invoke_s - 0.0005, stamp) << line;
      EXPECT_LE(stamp, complete_s + 0.0005) << line;
      ++compared;
    }
    EXPECT_GE(compared, 4u) << log;
  }

  // The availability of a run with partitions, as results.json and the
  // terminal show it: periods in time order, the phases the run went
  // through, sides of each partition, every client op counted once, a
  // recovery per healed fault.
  void expect_availability(const Json& results, const std::string& out) {
    EXPECT_NE(out.find("availability, as the clients saw it:"), std::string::npos) << out;
    const Json& starts = results["phase_starts_s"];
    ASSERT_TRUE(starts.is_object()) << results.dump();
    EXPECT_LT(starts["main"].get<double>(), starts["quiesce"].get<double>());
    EXPECT_LT(starts["quiesce"].get<double>(), starts["final"].get<double>());
    EXPECT_LE(starts["final"].get<double>(), starts["done"].get<double>());
    const Json& availability = results["availability"];
    const Json& periods = availability["periods"];
    ASSERT_GE(periods.size(), 4u) << availability.dump();
    EXPECT_EQ(periods.front()["kind"], "before") << availability.dump();
    EXPECT_EQ(periods.back()["kind"], "final") << availability.dump();
    int64_t ok = 0, fail = 0, info = 0;
    int partitions_with_sides = 0, faults = 0;
    double last_end = 0;
    for (const Json& period : periods) {
      EXPECT_GE(period["start_s"].get<double>(), last_end - 1e-3) << availability.dump();
      last_end = period["end_s"].get<double>();
      ok += period["ok"].get<int64_t>();
      fail += period["fail"].get<int64_t>();
      info += period["info"].get<int64_t>();
      if (period["kind"] != "fault") continue;
      ++faults;
      if (period.contains("sides") && period["sides"].size() >= 2) ++partitions_with_sides;
    }
    EXPECT_GE(faults, 2) << availability.dump();
    EXPECT_GE(partitions_with_sides, 1) << availability.dump();
    EXPECT_EQ(ok, results["run"]["ok"].get<int64_t>());
    EXPECT_EQ(fail, results["run"]["failed"].get<int64_t>());
    EXPECT_EQ(info, results["run"]["indeterminate"].get<int64_t>());
    EXPECT_GE(availability["recoveries"].size(), 1u) << availability.dump();
    for (const Json& recovery : availability["recoveries"])
      EXPECT_LE(recovery["healed_s"].get<double>(), starts["done"].get<double>());
  }
};

TEST_F(RunEtcd, LinearizableReadsUnderPartitionsPausesAndKillsAreValid) {
  testing::BinaryRun r = run("etcd-register.yaml", "--time-limit 20");
  ASSERT_EQ(r.status, 0) << r.out;
  EXPECT_NE(r.out.find("VALID"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("report:  " + store_ + "/etcd-register/"), std::string::npos) << r.out;
  Json results = this->results();
  EXPECT_EQ(results["verdict"], "valid");
  EXPECT_EQ(results["seed"], 42);
  EXPECT_EQ(results["errors"], Json::array());
  EXPECT_GE(results["nemesis"]["faults_started"].get<int>(), 2) << results["nemesis"].dump();
  EXPECT_EQ(results["nemesis"]["errors"], Json::array()) << results["nemesis"].dump();
  EXPECT_EQ(results["nemesis"]["still_active"], Json::array());
  EXPECT_GT(results["run"]["ok"].get<int>(), 100) << results["run"].dump();
  EXPECT_EQ(results["run"]["reached"], "done");

  int nemesis_ops = 0, ok_reads = 0;
  for (const Json& op : history()) {
    if (op["process"] == "nemesis") ++nemesis_ops;
    if (op["type"] == "ok" && op["f"] == "read") ++ok_reads;
  }
  EXPECT_GE(nemesis_ops, 8);  // two faults' start and stop, invoke and completion
  EXPECT_GT(ok_reads, 10);
  for (const char* node : {"n1", "n2", "n3"}) {
    EXPECT_TRUE(fs::exists(store_ + "/latest/nodes/" + std::string(node) + "/etcd.log")) << node;
  }
  EXPECT_TRUE(fs::exists(store_ + "/latest/report.html"));
  EXPECT_TRUE(fs::exists(store_ + "/latest/ledger.jsonl"));
  auto log = read_text_file(store_ + "/latest/faultline.log");
  ASSERT_TRUE(log);
  expect_log_and_history_share_their_clock(history(), *log);
  // The pause of one node names it (the run ends before the kill: its
  // restart's wording is FaultWording's, in the unit tests).
  EXPECT_TRUE(std::regex_search(*log, std::regex("nemesis: start-pause: pause \\S+ on n[1-3] "
                                                 "\\(target one\\)")))
      << *log;
  auto as_run = read_text_file(store_ + "/latest/test.yaml");
  ASSERT_TRUE(as_run);
  EXPECT_NE(as_run->find("seed: 42"), std::string::npos) << *as_run;
  EXPECT_NE(as_run->find("time_limit: 20000ms"), std::string::npos) << *as_run;
  expect_no_run_cluster_left();
  auto summary = read_text_file(store_ + "/latest/summary.md");
  ASSERT_TRUE(summary);
  EXPECT_EQ(summary->rfind("## faultline: etcd-register: VALID\n\n**VALID**: No violation found "
                           "in this run",
                           0),
            0u)
      << *summary;
  auto junit = read_text_file(store_ + "/latest/junit.xml");
  ASSERT_TRUE(junit);
  EXPECT_NE(junit->find("<testcase classname=\"etcd-register\" name=\"linearizability\"/>"),
            std::string::npos)
      << *junit;

  // analyze checks the stored history again, with the same verdict.
  testing::BinaryRun again = testing::run_faultline(kBinary, "analyze " + store_ + "/latest 2>&1");
  EXPECT_EQ(again.status, 0) << again.out;
  EXPECT_NE(again.out.find("VALID"), std::string::npos) << again.out;
}

// etcd is a Go program: the clock faults reach it through faultline-clock
// (process mode), are verified inside its processes, and etcd notices them.
// Its verdict under clock faults is a finding, not an assumption: any verdict
// (valid or invalid) passes, an unapplied fault or a harness error does not.
TEST_F(RunEtcd, ClockFaultsReachEtcdsOwnProcessesAndEtcdNoticesThem) {
  testing::BinaryRun r = run("etcd-clocks.yaml", "--time-limit 22");
  ASSERT_TRUE(r.status == 0 || r.status == 1) << r.out;
  Json results = this->results();
  EXPECT_EQ(results["nemesis"]["errors"], Json::array()) << results["nemesis"].dump();
  EXPECT_GE(results["nemesis"]["faults_started"].get<int>(), 2) << results["nemesis"].dump();
  int verified = 0;
  for (const Json& op : history()) {
    if (op["process"] != "nemesis" || op["type"] != "info" || !op["value"].is_object()) continue;
    const Json& value = op["value"];
    if (!value.contains("seen_offset_ms")) continue;
    for (const auto& [node, seen] : value["seen_offset_ms"].items()) {
      EXPECT_EQ(value["mode"][node], "process") << op.dump();
      if (value["action"] == "bump") {
        EXPECT_NEAR(seen.get<double>(), value["offset_ms"][node].get<double>(), 1) << op.dump();
      }
      ++verified;
    }
  }
  EXPECT_GE(verified, 4) << "one node, then all three, seen moved from inside etcd";
  bool noticed = false;
  for (const char* node : {"n1", "n2", "n3"}) {
    auto log = read_text_file(store_ + "/latest/nodes/" + std::string(node) + "/etcd.log");
    noticed |= log && log->find("clock difference against peer") != std::string::npos;
  }
  EXPECT_TRUE(noticed) << "etcd logs a peer's clock that is off by more than 1 s";
  expect_no_run_cluster_left();
}

TEST_F(RunEtcd, SerializableReadsUnderPartitionsAreCaughtWithTheStaleRead) {
  testing::BinaryRun r = run("etcd-serializable.yaml", "");
  ASSERT_EQ(r.status, 1) << r.out;
  EXPECT_NE(r.out.find("INVALID"), std::string::npos) << r.out;
  Json results = this->results();
  EXPECT_EQ(results["verdict"], "invalid");
  ASSERT_EQ(results["checkers"].size(), 1u);
  const Json& checker = results["checkers"][0];
  EXPECT_EQ(checker["valid"], false);
  // The evidence is a read that no order of the ops explains.
  EXPECT_NE(checker["summary"].get<std::string>().find("cannot linearize"), std::string::npos)
      << checker["summary"];
  EXPECT_NE(checker["summary"].get<std::string>().find(" read "), std::string::npos)
      << checker["summary"];
  expect_no_run_cluster_left();
  expect_availability(results, r.out);

  // CI's files: a failure per invalid key, with times; the summary replays the run.
  auto junit = read_text_file(store_ + "/latest/junit.xml");
  ASSERT_TRUE(junit);
  EXPECT_NE(junit->find("<failure message=\"linearizability: the history is not valid (first "
                        "seen at "),
            std::string::npos)
      << *junit;
  EXPECT_NE(junit->find("<testcase classname=\"etcd-serializable\" name=\"linearizability key "),
            std::string::npos)
      << *junit;
  EXPECT_NE(junit->find("when (seconds from the start of the run) and the faults active then:"),
            std::string::npos)
      << *junit;
  auto summary = read_text_file(store_ + "/latest/summary.md");
  ASSERT_TRUE(summary);
  EXPECT_EQ(summary->rfind("## faultline: etcd-serializable: INVALID\n", 0), 0u) << *summary;
  EXPECT_NE(summary->find("### Evidence"), std::string::npos) << *summary;
  EXPECT_NE(summary->find("### Availability, as the clients saw it\n\n| period |"),
            std::string::npos)
      << *summary;
  EXPECT_NE(summary->find("faultline run " + store_ + "/etcd-serializable/"), std::string::npos)
      << *summary;
  EXPECT_NE(summary->find("/test.yaml --seed 7\n"), std::string::npos) << *summary;
}

TEST_F(RunEtcd, CtrlCHealsStoresAndChecksWhatWasRecorded) {
  const std::string command = kBinary + " run " + kSource +
                              "/examples/etcd-register.yaml --time-limit 60 --store " + store_ +
                              " >" + store_ + "/out.txt 2>&1";
  const pid_t child = fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    setpgid(0, 0);
    execl("/bin/sh", "sh", "-c", ("exec " + command).c_str(), static_cast<char*>(nullptr));
    _exit(127);
  }
  // Interrupt once the workload runs and a fault has started.
  const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(90);
  bool faulting = false;
  while (!faulting && std::chrono::steady_clock::now() < give_up) {
    std::this_thread::sleep_for(std::chrono::milliseconds(250));
    auto out = read_text_file(store_ + "/out.txt");
    faulting = out && out->find("nemesis: start-") != std::string::npos;
  }
  ASSERT_TRUE(faulting) << read_text_file(store_ + "/out.txt").value();
  kill(child, SIGINT);
  int status = 0;
  ASSERT_EQ(waitpid(child, &status, 0), child);
  ASSERT_TRUE(WIFEXITED(status));
  auto out = read_text_file(store_ + "/out.txt");
  EXPECT_EQ(WEXITSTATUS(status), 130) << out.value();
  Json results = this->results();
  EXPECT_EQ(results["interrupted"], true);
  EXPECT_EQ(results["nemesis"]["still_active"], Json::array()) << results.dump();
  // What was recorded checks valid, but the run did not run its course.
  EXPECT_EQ(results["verdict"], "unknown") << results.dump();
  EXPECT_EQ(results["checkers"][0]["valid"], true) << results.dump();
  expect_no_run_cluster_left();
}

// The generic path: etcd set up by the shell steps of examples/etcd-shell.yaml
// and driven through the example Python adapter, under a partition, a kill
// and a pause done by the db's own kill, pause and resume steps (restarted by
// the start step).
TEST_F(RunEtcd, AShellDbWithTheExampleAdapterRunsAndChecksValid) {
  testing::BinaryRun r = run("etcd-shell.yaml", "--time-limit 28");  // room for the pause
  ASSERT_EQ(r.status, 0) << r.out;
  Json results = this->results();
  EXPECT_EQ(results["config"]["db"], "shell (etcd)");
  EXPECT_EQ(results["config"]["client"].get<std::string>().rfind("adapter: python3 ", 0), 0u)
      << results["config"];
  EXPECT_GE(results["nemesis"]["faults_started"].get<int>(), 2) << results["nemesis"].dump();
  EXPECT_EQ(results["nemesis"]["errors"], Json::array()) << results["nemesis"].dump();
  EXPECT_GT(results["run"]["ok"].get<int>(), 50) << results["run"].dump();
  for (const char* node : {"n1", "n2", "n3"}) {
    EXPECT_TRUE(fs::exists(store_ + "/latest/nodes/" + std::string(node) + "/etcd.log")) << node;
  }
  // The kill and the pause were done by the db's own steps, not by signals.
  std::set<std::string> steps_done;
  for (const Json& op : history()) {
    const Json& value = op["value"];
    if (op["process"] == "nemesis" && value.is_object() && value.contains("step")) {
      steps_done.insert(op["f"].get<std::string>() + " " + value["step"].get<std::string>());
    }
  }
  // A stop's invoke names what it undoes (the start's value), so "stop-kill
  // kill" is the restart's invoke and "stop-pause resume" the resume step.
  EXPECT_EQ(steps_done,
            (std::set<std::string>{"start-kill kill", "stop-kill kill", "start-pause pause",
                                   "stop-pause pause", "stop-pause resume"}));
  expect_no_run_cluster_left();
}

// The set workload through the etcd client (adds under a prefix, range reads)
// with a partition and a kill: every acknowledged add is read back.
TEST_F(RunEtcd, TheSetWorkloadOnEtcdIsValid) {
  testing::BinaryRun r = run("etcd-set.yaml", "--time-limit 12");
  ASSERT_EQ(r.status, 0) << r.out;
  EXPECT_NE(r.out.find("set: valid"), std::string::npos) << r.out;
  Json results = this->results();
  ASSERT_EQ(results["checkers"].size(), 1u);
  EXPECT_EQ(results["checkers"][0]["checker"], "set");
  EXPECT_GT(results["run"]["ok"].get<int>(), 100) << results["run"].dump();

  // Every key, also each one retired before the end (100 ok ops a key), is read
  // after the last add of the run: the final reads.
  const std::vector<Json> ops = history();
  size_t last_add = 0;
  std::set<std::string> added, read_at_the_end;
  for (size_t i = 0; i < ops.size(); ++i) {
    if (ops[i]["f"] == "add") last_add = i, added.insert(ops[i]["key"].get<std::string>());
  }
  for (size_t i = last_add; i < ops.size(); ++i) {
    if (ops[i]["f"] == "read" && ops[i]["type"] == "invoke") {
      read_at_the_end.insert(ops[i]["key"].get<std::string>());
    }
  }
  EXPECT_GT(added.size(), 3u) << "keys rotate";
  // (A key made just before the end may be read without any add.)
  for (const std::string& key : added) EXPECT_TRUE(read_at_the_end.count(key)) << key;
}

TEST_F(RunEtcd, ABadTestFileIsRefusedWithItsLineAndColumnBeforeAnythingStarts) {
  const std::string file = store_ + "/bad.yaml";
  std::ofstream(file) << "name: bad\nnodes: {local: 3}\ndb: etcd\nworkload: regster\n";
  testing::BinaryRun r =
      testing::run_faultline(kBinary, "run " + file + " --store " + store_ + " 2>&1");
  EXPECT_EQ(r.status, 254) << r.out;
  EXPECT_NE(r.out.find(file + ":4:11"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("did you mean 'register'"), std::string::npos) << r.out;
  EXPECT_FALSE(fs::exists(store_ + "/bad"));
}

}  // namespace
}  // namespace faultline
