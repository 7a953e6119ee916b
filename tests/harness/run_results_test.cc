// results.json's verdict: invalid wins over everything (the evidence stands
// whatever else failed), a harness error otherwise makes it "error" (exit
// 255), no checker outcome at all is unknown.
#include <gtest/gtest.h>

#include "harness/run/junit.h"
#include "harness/run/results.h"

namespace faultline {
namespace {

Json fresh() {
  TestFile test;
  test.name = "t";
  return initial_results(test, 7, "2026-12-01T09:30:00Z");
}

CheckOutcome outcome(Verdict verdict) {
  return CheckOutcome{"linearizability", verdict, Json{{"valid", to_json(verdict)}}, "text"};
}

TEST(RunResults, StartsUnknownWithTheSeedAndTheConfig) {
  Json results = fresh();
  EXPECT_EQ(results["verdict"], "unknown");
  EXPECT_EQ(results["seed"], 7);
  EXPECT_EQ(results["config"]["db"], "etcd");
  EXPECT_EQ(results["config"]["client"], "etcd, linearizable reads");
  EXPECT_EQ(results["config"]["workload"], "register");
  EXPECT_EQ(results["config"]["time_limit_s"], 60.0);
}

TEST(RunResults, CombinesCheckersIntoTheVerdictAndExitCode) {
  Json results = fresh();
  set_verdict(results, {outcome(Verdict::kValid), outcome(Verdict::kValid)});
  EXPECT_EQ(results["verdict"], "valid");
  EXPECT_EQ(results["valid"], true);
  EXPECT_EQ(results["exit_code"], 0);
  EXPECT_EQ(results["checkers"].size(), 2u);
  EXPECT_EQ(results["checkers"][0]["summary"], "text");

  set_verdict(results, {outcome(Verdict::kValid), outcome(Verdict::kUnknown)});
  EXPECT_EQ(results["verdict"], "unknown");
  EXPECT_EQ(results["exit_code"], 2);

  set_verdict(results, {outcome(Verdict::kUnknown), outcome(Verdict::kInvalid)});
  EXPECT_EQ(results["verdict"], "invalid");
  EXPECT_EQ(results["valid"], false);
  EXPECT_EQ(results["exit_code"], 1);
  EXPECT_EQ(verdict_headline(results), "INVALID");
}

TEST(RunResults, AHarnessErrorIsAnErrorUnlessACheckerFoundTheDatabaseInvalid) {
  Json results = fresh();
  add_error(results, "db: n2: start: etcd exited");
  set_verdict(results, {});
  EXPECT_EQ(results["verdict"], "error");
  EXPECT_EQ(results["exit_code"], kExitHarnessFailed);
  EXPECT_EQ(verdict_headline(results), "ERROR");

  set_verdict(results, {outcome(Verdict::kValid)});
  EXPECT_EQ(results["verdict"], "error");

  set_verdict(results, {outcome(Verdict::kInvalid)});
  EXPECT_EQ(results["verdict"], "invalid");
  EXPECT_EQ(results["exit_code"], 1);
}

TEST(RunResults, AnInterruptedRunThatChecksValidIsUnknownButInvalidStaysInvalid) {
  Json results = fresh();
  results["interrupted"] = true;
  set_verdict(results, {outcome(Verdict::kValid)});
  EXPECT_EQ(results["verdict"], "unknown");
  EXPECT_EQ(results["exit_code"], 2);
  set_verdict(results, {outcome(Verdict::kInvalid)});
  EXPECT_EQ(results["verdict"], "invalid");
}

// `faultline run` exits with results.json's exit_code, so a run stopped by a
// signal must say 128 + the signal there (also after a harness error, such
// as a setup cut short), and 1 when what it recorded is invalid.
TEST(RunResults, ARunStoppedByASignalHasItsExitCodeUnlessInvalid) {
  Json results = fresh();
  results["interrupted"] = true;
  results["interrupt_signal"] = 15;
  set_verdict(results, {outcome(Verdict::kValid)});
  EXPECT_EQ(results["verdict"], "unknown");
  EXPECT_EQ(results["exit_code"], 143);
  set_verdict(results, {outcome(Verdict::kInvalid)});
  EXPECT_EQ(results["exit_code"], 1);
  add_error(results, "nodes: interrupted while the local cluster came up");
  set_verdict(results, {});
  EXPECT_EQ(results["verdict"], "error");
  EXPECT_EQ(results["exit_code"], 143);
}

TEST(RunResults, NoCheckerOutcomeIsUnknown) {
  Json results = fresh();
  set_verdict(results, {});
  EXPECT_EQ(results["verdict"], "unknown");
  EXPECT_EQ(results["exit_code"], 2);
}

TEST(RunResults, DescribesDbAndClient) {
  DbConfig shell;
  shell.kind = DbKind::kShell;
  shell.process = "redis-server";
  EXPECT_EQ(describe_db(shell), "shell (redis-server)");
  ClientConfig adapter;
  adapter.kind = ClientKind::kAdapter;
  adapter.command = {"python3", "a.py"};
  EXPECT_EQ(describe_client(adapter), "adapter: python3 a.py");
  ClientConfig serializable;
  serializable.reads = EtcdReads::kSerializable;
  EXPECT_EQ(describe_client(serializable), "etcd, serializable reads");
}

TEST(RunJunit, AFailurePerInvalidCheckerAndAnErrorForTheHarnessEscaped) {
  Json results = fresh();
  results["test"] = "t<1>";
  CheckOutcome invalid = outcome(Verdict::kInvalid);
  invalid.summary = "read \"x\" </failure> & more";
  add_error(results, "db: n2: start: <boom>");
  set_verdict(results, {invalid, outcome(Verdict::kValid)});
  const std::string xml = junit_xml(results);
  EXPECT_NE(xml.find("<testsuite name=\"t&lt;1&gt;\" tests=\"3\" failures=\"1\" errors=\"1\""),
            std::string::npos)
      << xml;
  EXPECT_NE(xml.find("read &quot;x&quot; &lt;/failure&gt; &amp; more\n</failure>"),
            std::string::npos)
      << xml;
  EXPECT_NE(xml.find("<error message=\"db: n2: start: &lt;boom&gt;\">"), std::string::npos) << xml;
  EXPECT_EQ(xml.find("<boom>"), std::string::npos);
}

TEST(RunJunit, LeavesOutControlCharactersXmlForbids) {
  Json results = fresh();
  add_error(results, "n1: start: \x1b[31mred\x1b[0m \xff");
  set_verdict(results, {});
  const std::string xml = junit_xml(results);
  EXPECT_EQ(xml.find('\x1b'), std::string::npos) << xml;
  EXPECT_EQ(xml.find('\xff'), std::string::npos) << xml;
  EXPECT_NE(xml.find("?[31mred?[0m"), std::string::npos) << xml;
}

TEST(RunJunit, AValidRunHasNoFailure) {
  Json results = fresh();
  set_verdict(results, {outcome(Verdict::kValid)});
  const std::string xml = junit_xml(results);
  EXPECT_NE(xml.find("failures=\"0\" errors=\"0\""), std::string::npos) << xml;
  EXPECT_EQ(xml.find("<failure"), std::string::npos);
}

// What finish_nemesis stores when faults could not be applied.
Json with_fault_errors(std::vector<std::string> errors) {
  Json results = fresh();
  NemesisReport report;
  report.faults_started = 7;
  report.errors = std::move(errors);
  results["nemesis"] = nemesis_json(Plan{}, report);
  return results;
}

TEST(RunResults, AFaultThatCouldNotBeAppliedMakesAValidRunUnknownNeverValid) {
  Json results =
      with_fault_errors({"start-partition: the database cannot name its primaries",
                         "start-kill: primaries: the primaries step failed: n1: exit 1"});
  set_verdict(results, {outcome(Verdict::kValid)});
  EXPECT_EQ(results["verdict"], "unknown");
  EXPECT_EQ(results["valid"], "unknown");
  EXPECT_EQ(results["exit_code"], 2);
  EXPECT_EQ(results["unknown_because"],
            "2 fault error(s): a fault that could not be applied or healed (nemesis.errors)");
  EXPECT_EQ(verdict_headline(results), "UNKNOWN");
  set_verdict(results, {outcome(Verdict::kValid)});  // again (finish_results may): the same
  EXPECT_EQ(results["exit_code"], 2);
}

TEST(RunResults, EveryReasonAValidCheckCannotVouchForIsSaidInUnknownBecause) {
  Json results = with_fault_errors({"start-loss: applied to no node"});
  limit_verdict(results, "no final read saw a written key");
  results["interrupted"] = true;
  set_verdict(results, {outcome(Verdict::kValid)});
  EXPECT_EQ(results["verdict"], "unknown");
  EXPECT_EQ(results["unknown_because"],
            "the run was interrupted; no final read saw a written key; 1 fault error(s): a fault "
            "that could not be applied or healed (nemesis.errors)");
  Json limited = fresh();
  limit_verdict(limited, "ops are missing from history.jsonl");
  set_verdict(limited, {outcome(Verdict::kValid)});
  EXPECT_EQ(limited["exit_code"], 2);
  EXPECT_EQ(limited["unknown_because"], "ops are missing from history.jsonl");
}

TEST(RunResults, FaultErrorsLeaveAnInvalidVerdictInvalidAndAFaultlessRunValid) {
  Json invalid = with_fault_errors({"start-netem: applied to no node"});
  set_verdict(invalid, {outcome(Verdict::kInvalid)});
  EXPECT_EQ(invalid["verdict"], "invalid");
  EXPECT_EQ(invalid["exit_code"], 1);
  EXPECT_FALSE(invalid.contains("unknown_because"));
  Json clean = with_fault_errors({});
  set_verdict(clean, {outcome(Verdict::kValid)});
  EXPECT_EQ(clean["verdict"], "valid");
  EXPECT_EQ(clean["exit_code"], 0);
}

// Written keys that no final read saw are noted; when none was read at all,
// a run that checks valid is unknown: the check saw no write survive.
TEST(RunResults, UnreadWrittenKeysAreNotedAndNoneReadMakesAValidRunUnknown) {
  Json all_read = fresh();
  EXPECT_FALSE(note_unread_keys(all_read, {}, 3));
  EXPECT_TRUE(all_read["notes"].empty());

  Json some_read = fresh();
  const std::optional<std::string> what = note_unread_keys(some_read, {"k1"}, 3);
  ASSERT_TRUE(what);
  EXPECT_EQ(*what,
            "1 of 3 written keys were never read after the heal (every final read failed: k1): a "
            "write lost on them cannot be seen");
  EXPECT_EQ(some_read["notes"], Json::array({*what}));
  set_verdict(some_read, {outcome(Verdict::kValid)});
  EXPECT_EQ(some_read["verdict"], "valid") << "the other two written keys were read";

  Json none_read = fresh();
  note_unread_keys(none_read, {"k0", "k1", "k2", "k3", "k4", "k5"}, 6);
  set_verdict(none_read, {outcome(Verdict::kValid)});
  EXPECT_EQ(none_read["verdict"], "unknown");
  EXPECT_EQ(none_read["exit_code"], 2);
  ASSERT_EQ(none_read["verdict_limits"].size(), 1u);
  EXPECT_NE(none_read["verdict_limits"][0].get<std::string>().find(
                "6 of 6 written keys were never read after the heal (every final read failed: k0, "
                "k1, k2, k3, k4, ...)"),
            std::string::npos)
      << none_read["verdict_limits"];
}

TEST(RunJunit, FaultErrorsAreAnErrorNemesisTestcaseAndTheVerdictIsSkipped) {
  Json results = with_fault_errors({"start-partition: <no primary>", "stop-kill: n2: gone"});
  set_verdict(results, {outcome(Verdict::kValid)});
  const std::string xml = junit_xml(results);
  EXPECT_NE(xml.find("tests=\"3\" failures=\"0\" errors=\"1\" skipped=\"1\""), std::string::npos)
      << xml;
  EXPECT_NE(xml.find("<testcase classname=\"t\" name=\"nemesis\">\n    <error message=\"2 "
                     "fault(s) could not be applied or healed: start-partition: &lt;no "
                     "primary&gt;\">start-partition: &lt;no primary&gt;\nstop-kill: n2: "
                     "gone\n</error>"),
            std::string::npos)
      << xml;
  EXPECT_NE(xml.find("<testcase classname=\"t\" name=\"verdict\">\n    <skipped "
                     "message=\"unknown because 2 fault error(s)"),
            std::string::npos)
      << xml;
  EXPECT_NE(xml.find("<testcase classname=\"t\" name=\"linearizability\"/>"), std::string::npos)
      << xml;
}

TEST(RunJunit, AnUnknownCheckerIsSkippedWithItsReason) {
  Json results = fresh();
  CheckOutcome unknown = outcome(Verdict::kUnknown);
  unknown.summary = "time limit reached";
  set_verdict(results, {unknown});
  const std::string xml = junit_xml(results);
  EXPECT_NE(xml.find("<skipped message=\"linearizability: unknown (time limit reached)\"/>"),
            std::string::npos)
      << xml;
  EXPECT_NE(xml.find("tests=\"1\" failures=\"0\" errors=\"0\" skipped=\"1\""), std::string::npos);
}

}  // namespace
}  // namespace faultline
