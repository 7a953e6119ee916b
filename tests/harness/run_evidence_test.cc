// The evidence CI reads (harness/report/evidence_text.h, junit.h): a test case
// per invalid key, with the evidence ops' times from the start of the run
// and the faults active then; and the op times results.json keeps for it
// (evidence_times.h).
#include <gtest/gtest.h>

#include "harness/report/evidence_text.h"
#include "harness/report/evidence_times.h"
#include "harness/run/junit.h"

namespace faultline {
namespace {

// A fault period from 5 to 8 s in results.json's availability.
Json availability() {
  return {{"periods",
           {{{"period", "before the first fault"}, {"kind", "before"}, {"start_s", 0.0}},
            {{"period", "during fault 1 (partition)"},
             {"kind", "fault"},
             {"what", "partition: n1,n2 drop n3; n3 drops n1,n2"},
             {"start_s", 5.0}},
            {{"period", "after the heal of fault 1 (partition)"},
             {"kind", "after-heal"},
             {"start_s", 8.0}}}}};
}

Json lin_op(int64_t index, int64_t process, const char* f, Json value, int64_t time_ns) {
  return {{"invoke_index", index}, {"complete_index", index + 1},
          {"process", process},    {"f", f},
          {"value", value},        {"type", "ok"},
          {"line", index + 1},     {"key", "k1"},
          {"time", time_ns},       {"complete_time", time_ns + 2'000'000}};
}

// Keys k1 and k3 not linearizable, the evidence (kept for k1 only) during the partition.
Json keyed_results() {
  Json evidence = {
      {"key", "k1"},
      {"failed_op", lin_op(20, 3, "read", nullptr, 6'500'000'000)},
      {"ops",
       {lin_op(10, 1, "write", 1, 4'000'000'000), lin_op(20, 3, "read", nullptr, 6'500'000'000)}}};
  Json details = {{"valid", false},
                  {"partitions",
                   {{{"key", "k1"}, {"valid", false}},
                    {{"key", "k2"}, {"valid", true}},
                    {{"key", "k3"}, {"valid", false}}}},
                  {"evidence", evidence}};
  return {{"test", "t"},
          {"checkers",
           {{{"checker", "linearizability"},
             {"valid", false},
             {"summary", "cannot linearize: line 21  process 3  read nil  ok"},
             {"details", details}}}},
          {"errors", Json::array()},
          {"availability", availability()}};
}

TEST(RunEvidence, JunitHasAFailurePerInvalidKeyWithTimesAndActiveFaults) {
  const std::string xml = junit_xml(keyed_results());
  EXPECT_NE(xml.find("tests=\"3\" failures=\"3\" errors=\"0\" skipped=\"0\""), std::string::npos)
      << xml;
  EXPECT_NE(xml.find("name=\"linearizability\">\n    <failure message=\"linearizability: the "
                     "history is not valid (first seen at 6.500 s, during fault 1 (partition): "
                     "partition: n1,n2 drop n3; n3 drops n1,n2)\""),
            std::string::npos)
      << xml;
  EXPECT_NE(xml.find("name=\"linearizability key k1\">\n    <failure message=\"key k1: not valid "
                     "(at 6.500 s, during fault 1 (partition)"),
            std::string::npos)
      << xml;
  // The blamed op first, then its neighbours, each with its times and faults.
  EXPECT_NE(xml.find("  -&gt; line 21  process 3  read nil  ok   at 6.500 s .. 6.502 s; during "
                     "fault 1 (partition): partition: n1,n2 drop n3; n3 drops n1,n2\n"
                     "     line 11  process 1  write 1  ok   at 4.000 s .. 4.002 s; no fault "
                     "then (before the first fault)\n"),
            std::string::npos)
      << xml;
  EXPECT_NE(xml.find("name=\"linearizability key k3\">\n    <failure message=\"key k3: not "
                     "valid\">key k3: its ops cannot be linearized either; the checker keeps the "
                     "evidence of one key only (k1: see its test case)"),
            std::string::npos)
      << xml;
  EXPECT_EQ(xml.find("key k2"), std::string::npos) << "a valid key is no test case";
}

TEST(RunEvidence, SetViolationsUseTheStoredOpTimesEarliestFirst) {
  Json details = {
      {"valid", false},
      {"lost",
       {{{"key", "s2"}, {"element", 9}, {"add_invoke_index", 40}},
        {{"key", "s1"}, {"element", 3}, {"add_invoke_index", 12}, {"add_complete_index", 13}}}},
      {"recovered", {{{"key", "s1"}, {"element", 4}, {"add_invoke_index", 2}}}}};
  const Json results = {
      {"checkers",
       {{{"checker", "set"}, {"valid", false}, {"summary", "set: INVALID"}, {"details", details}}}},
      {"op_times_s", {{"12", 5.5}, {"13", 5.75}, {"40", 9.0}}},
      {"availability", availability()}};
  const Json& checker = results["checkers"][0];
  // s1's loss happened first (5.5 s), although the checker lists s2 first.
  EXPECT_EQ(invalid_keys(results, checker), (std::vector<std::string>{"s1", "s2"}));
  EXPECT_EQ(evidence_when(results, checker),
            "5.500 s, during fault 1 (partition): partition: n1,n2 drop n3; n3 drops n1,n2");
  const std::string s1 = evidence_text(results, checker, "s1");
  EXPECT_EQ(s1,
            "\nwhen (seconds from the start of the run) and the faults active then:\n"
            "  lost on key s1: element 3   at 5.500 s .. 5.750 s; during fault 1 (partition): "
            "partition: n1,n2 drop n3; n3 drops n1,n2\n");
  EXPECT_EQ(evidence_text(results, checker).find("element 4"), std::string::npos)
      << "a recovered element is no violation";
}

TEST(RunEvidence, WithoutAvailabilityTheFaultsAreUnknownAndWithoutTimesSoIsWhen) {
  Json results = keyed_results();
  results.erase("availability");
  EXPECT_EQ(faults_active_at(results, 6.5), "faults then: unknown");
  Json untimed = {{"checker", "set"},
                  {"valid", false},
                  {"details", {{"lost", {{{"key", "s"}, {"add_invoke_index", 7}}}}}}};
  EXPECT_FALSE(evidence_when(results, untimed));
  EXPECT_NE(evidence_text(results, untimed).find("(history #7, time unknown)"), std::string::npos);
}

TEST(RunEvidence, OpTimesAreKeptForEveryIndexTheDetailsName) {
  History history;
  for (int64_t i = 0; i < 6; ++i) {
    Op op;
    op.index = i;
    op.time_ns = i == 4 ? -1 : i * 1'500'000'000;
    history.ops.push_back(op);
  }
  const Json details = {{"evidence", {{"ops", {{{"invoke_index", 1}, {"complete_index", 2}}}}}},
                        {"lost", {{{"add_invoke_index", 3}, {"element", 5}}}},
                        {"out_of_bounds", {{{"invoke_index", 4}, {"value", 0}}}},
                        {"ops", 5}};
  const Json times = evidence_op_times({details}, to_op_table(history));
  EXPECT_EQ(times, (Json{{"1", 1.5}, {"2", 3.0}, {"3", 4.5}}))
      << "index 4 has no time; 'ops' is a count, not an index";
}

}  // namespace
}  // namespace faultline
