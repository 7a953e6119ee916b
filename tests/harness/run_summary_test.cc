// summary.md (harness/run/summary_md.h): the verdict in words, the evidence,
// the availability table and the replay line, from results.json.
#include <gtest/gtest.h>

#include "harness/run/summary_md.h"

namespace faultline {
namespace {

Json availability() {
  return {{"window_s", 1.0},
          {"recovery_share", 0.9},
          {"periods",
           {{{"period", "before the first fault"},
             {"kind", "before"},
             {"start_s", 0.0},
             {"end_s", 5.0},
             {"ok", 10},
             {"fail", 0},
             {"info", 0},
             {"ok_rate", 1.0},
             {"ok_per_s", 2.0},
             {"latency_ms", Json()}},
            {{"period", "during fault 1 (partition)"},
             {"kind", "fault"},
             {"what", "partition: n1 drops n2; n2 drops n1"},
             {"start_s", 5.0},
             {"end_s", 9.0},
             {"ok", 1},
             {"fail", 3},
             {"info", 0},
             {"ok_rate", 0.25},
             {"ok_per_s", 0.25},
             {"latency_ms", Json()}}}},
          {"recoveries", Json::array()}};
}

Json results(const std::string& verdict) {
  Json checker = {{"checker", "linearizability"},
                  {"valid", verdict == "invalid" ? Json(false) : Json(true)},
                  {"summary", "history.jsonl: " + verdict + " ```"}};
  if (verdict == "invalid") {
    checker["details"] = {{"partitions", {{{"key", "k<1>"}, {"valid", false}}}},
                          {"evidence",
                           {{"key", "k<1>"},
                            {"failed_op", {{"invoke_index", 7}}},
                            {"ops",
                             {{{"invoke_index", 7},
                               {"process", 2},
                               {"f", "read"},
                               {"type", "ok"},
                               {"time", 6'000'000'000}}}}}}};
  }
  return {{"test", "reg*ister|x"},
          {"verdict", verdict},
          {"seed", 42},
          {"seconds", 12.34},
          {"run", {{"invoked", 14}, {"ok", 11}, {"failed", 3}, {"indeterminate", 0}}},
          {"nemesis", {{"faults_started", 1}, {"errors", Json::array()}}},
          {"checkers", {checker}},
          {"errors", Json::array()},
          {"availability", availability()}};
}

TEST(RunSummary, AValidRunSaysNoViolationWasFoundNeverCorrect) {
  const std::string md = summary_markdown(results("valid"), "store/reg/20261201T093000Z");
  EXPECT_EQ(md.rfind("## faultline: reg\\*ister\\|x: VALID\n\n**VALID**: No violation found in "
                     "this run (linearizability)",
                     0),
            0u)
      << md;
  EXPECT_EQ(md.find("correct"), std::string::npos) << md;
  EXPECT_NE(md.find("Seed 42, 12.3 s, 14 ops (11 ok, 3 fail, 0 info), 1 faults started."),
            std::string::npos)
      << md;
  EXPECT_EQ(md.find("### Evidence"), std::string::npos);
  EXPECT_NE(md.find("### Availability, as the clients saw it\n\n| period |"), std::string::npos);
  EXPECT_NE(md.find("| during fault 1 (partition) | 5.0 | 9.0 | 1 | 3 | 0 | 25.0% |"),
            std::string::npos)
      << md;
  EXPECT_NE(md.find("```sh\nfaultline run store/reg/20261201T093000Z/test.yaml --seed 42\n```"),
            std::string::npos)
      << md;
}

TEST(RunSummary, AnInvalidRunShowsTheEvidenceWithItsTimeAndFaults) {
  const std::string md = summary_markdown(results("invalid"), "my store");
  EXPECT_NE(md.find("**INVALID**: A violation was observed"), std::string::npos) << md;
  EXPECT_NE(md.find("### Evidence\n\n**linearizability**, key k&lt;1&gt;: first seen at 6.000 s"),
            std::string::npos)
      << md;
  // The summary holds ``` : the fence is longer, so it cannot end early.
  EXPECT_NE(md.find("````text\nhistory.jsonl: invalid ```\n"), std::string::npos) << md;
  EXPECT_NE(md.find("   at 6.000 s; during fault 1 (partition): partition: n1 drops n2; n2 "
                    "drops n1\n````\n"),
            std::string::npos)
      << md;
  EXPECT_NE(md.find("faultline run 'my store/test.yaml' --seed 42"), std::string::npos) << md;
}

TEST(RunSummary, UnknownAndErrorSayWhy) {
  Json unknown = results("valid");
  unknown["verdict"] = "unknown";
  unknown["unknown_because"] = "the run was interrupted";
  EXPECT_NE(summary_markdown(unknown, "s").find("**UNKNOWN**: Undecided: the run was interrupted."),
            std::string::npos);
  Json error = results("valid");
  error["verdict"] = "error";
  error["errors"] = {"db: n1: <start> failed"};
  EXPECT_NE(summary_markdown(error, "s")
                .find("**ERROR**: The harness failed, so the run says "
                      "nothing about the database: db: n1: &lt;start&gt; "
                      "failed"),
            std::string::npos)
      << summary_markdown(error, "s");
}

}  // namespace
}  // namespace faultline
