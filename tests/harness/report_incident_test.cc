// The report of an invalid run opens with an incident summary (when, under
// which faults, who, what was observed, how to replay), built from the same
// code as junit.xml and summary.md; and the evidence it shows first is the
// violation that happened earliest, as junit.xml orders it.
#include <gtest/gtest.h>

#include "harness/report/evidence_text.h"
#include "harness/report/report.h"
#include "harness/run/junit.h"
#include "tests/harness/report_fixtures.h"
#include "tests/support/append_op.h"

namespace faultline::report_test {
namespace {

// A partition from 0.010 s to 0.030 s, as the availability table has it.
Json partition_periods() {
  return {{"periods",
           {{{"period", "before the first fault"}, {"kind", "before"}, {"start_s", 0.0}},
            {{"period", "during fault 1 (partition)"},
             {"kind", "fault"},
             {"what", "partition: n1,n2 drop n3,n4,n5"},
             {"start_s", 0.010}},
            {{"period", "after the heal of fault 1 (partition)"},
             {"kind", "after-heal"},
             {"start_s", 0.030}}}}};
}

// The stale read of examples/histories: process 3 reads 1 on n3 at 0.020 s
// during the partition, after process 2 wrote 2. Checked for real.
struct StaleRead {
  History history = read_fixture(example_history("etcd-stale-read.jsonl"));
  Json results = [this] {
    Json r = results_for(history, register_checker(), "stale-read");
    r["availability"] = partition_periods();
    return r;
  }();
};

std::string section(const std::string& page, const std::string& id) {
  const size_t begin = page.find("<section class=\"incident\" id=\"" + id + "\"");
  if (begin == std::string::npos) return "";
  return page.substr(begin, page.find("</section>", begin) - begin);
}

TEST(ReportIncident, AnInvalidRunOpensWithWhenWhichFaultsWhoWhatAndTheReplayLine) {
  StaleRead run;
  const std::string page = render_report(run.results, run.history, {"store/stale-read/1", {}});
  const std::string incident = section(page, "incident");
  ASSERT_FALSE(incident.empty()) << page;
  // Right after the banner, before the evidence.
  EXPECT_LT(page.find("class=\"banner"), page.find("id=\"incident\""));
  EXPECT_LT(page.find("id=\"incident\""), page.find("<h2>Evidence</h2>"));
  EXPECT_NE(incident.find("<dt>When</dt><dd>0.020 s from the start of the run (history #7)"),
            std::string::npos)
      << incident;
  EXPECT_NE(incident.find("<dt>Faults active then</dt><dd>during fault 1 (partition): partition: "
                          "n1,n2 drop n3,n4,n5</dd>"),
            std::string::npos)
      << incident;
  EXPECT_NE(incident.find("process 0 (worker 0), process 1 (worker 1), process 2 (worker 2), "
                          "process 3 (worker 3); nodes n1, n3, n4"),
            std::string::npos)
      << incident;
  EXPECT_NE(incident.find("The history shows process 3&#39;s read on key k1 returned 1, which no "
                          "state the model could be in then allows (it could only be 2)."),
            std::string::npos)
      << incident;
  EXPECT_NE(incident.find("<code>faultline run store/stale-read/1/test.yaml --seed 42</code>"),
            std::string::npos)
      << incident;
  // What was seen, nothing more.
  EXPECT_NE(incident.find("A violation was observed by the linearizability checker on key k1"),
            std::string::npos);
  EXPECT_EQ(page.find("correct"), std::string::npos);
}

TEST(ReportIncident, TheSummaryAndJunitNameTheSameMomentAndFaults) {
  StaleRead run;
  const std::string incident = section(render_report(run.results, run.history), "incident");
  const std::optional<std::string> when =
      evidence_when(run.results, run.results["checkers"][0], std::string("k1"));
  ASSERT_TRUE(when);
  EXPECT_EQ(*when, "0.020 s, during fault 1 (partition): partition: n1,n2 drop n3,n4,n5");
  EXPECT_NE(junit_xml(run.results).find(*when), std::string::npos);
  EXPECT_NE(incident.find("0.020 s from the start"), std::string::npos);
}

TEST(ReportIncident, AValidRunHasNone) {
  const History history = read_fixture(example_history("register-valid.jsonl"));
  const Json results = results_for(history, knossos_choice(), "fine");
  ASSERT_EQ(results["verdict"], "valid");
  const std::string page = render_report(results, history);
  EXPECT_EQ(page.find("id=\"incident\""), std::string::npos);
  EXPECT_EQ(page.find("correct"), std::string::npos);
}

// Elements lost on two keys: "a" (first by name) at 0.04 s, "b" at 0.02 s.
struct TwoLostKeys {
  History history;
  Json results;
  TwoLostKeys() {
    auto add = [&](int64_t process, OpType type, const char* f, Json value, const char* key,
                   int64_t ms, const char* node) {
      Op& op = testing::append_op(history, process, type, f, std::move(value));
      op.key = key;
      op.time_ns = ms * 1'000'000;
      op.node = node;
    };
    add(0, OpType::kInvoke, "add", 1, "a", 40, "n1");  // #0
    add(0, OpType::kOk, "add", 1, "a", 41, "n1");      // #1
    add(1, OpType::kInvoke, "add", 2, "b", 20, "n2");  // #2
    add(1, OpType::kOk, "add", 2, "b", 21, "n2");      // #3
    const Json details = {
        {"valid", false},
        {"lost",
         {{{"key", "a"}, {"element", 1}, {"add_invoke_index", 0}, {"add_complete_index", 1}},
          {{"key", "b"}, {"element", 2}, {"add_invoke_index", 2}, {"add_complete_index", 3}}}}};
    results = {{"test", "sets"},
               {"verdict", "invalid"},
               {"seed", 7},
               {"config", {{"workload", "set"}, {"concurrency", 2}}},
               {"op_times_s", {{"0", 0.040}, {"2", 0.020}}},
               {"availability", partition_periods()},
               {"checkers",
                {{{"checker", "set"},
                  {"valid", false},
                  {"summary", "set: INVALID: 2 lost"},
                  {"details", details}}}}};
  }
};

TEST(ReportIncident, TheEarliestInvalidKeyLeadsTheEvidenceAsInJunit) {
  TwoLostKeys run;
  const std::vector<std::string> keys = invalid_keys(run.results, run.results["checkers"][0]);
  ASSERT_EQ(keys, (std::vector<std::string>{"b", "a"}));
  const std::string page = render_report(run.results, run.history);
  // Both lost elements are in the evidence table, b's (earlier) first.
  const size_t evidence = page.find("<h2>Evidence</h2>");
  const size_t b_row = page.find("<td class=\"num idx\">2 → 3</td>", evidence);
  const size_t a_row = page.find("<td class=\"num idx\">0 → 1</td>", evidence);
  ASSERT_NE(b_row, std::string::npos) << page;
  ASSERT_NE(a_row, std::string::npos) << page;
  EXPECT_LT(b_row, a_row);
  // The incident summary is about b, at its time, with its client and node.
  const std::string incident = section(page, "incident");
  EXPECT_NE(incident.find("on key b"), std::string::npos) << incident;
  EXPECT_NE(incident.find("0.020 s from the start of the run (history #2)"), std::string::npos)
      << incident;
  EXPECT_NE(incident.find("process 1 (worker 1); nodes n2"), std::string::npos) << incident;
  EXPECT_NE(incident.find("lost on key b: element 2"), std::string::npos) << incident;
  // junit.xml's first key test case is b too.
  const std::string xml = junit_xml(run.results);
  EXPECT_LT(xml.find("name=\"set key b\""), xml.find("name=\"set key a\"")) << xml;
}

// Two invalid checkers: the one whose violation came first leads the evidence.
TEST(ReportIncident, TheCheckerWithTheEarliestViolationLeads) {
  TwoLostKeys run;
  Json late = run.results["checkers"][0];
  late["checker"] = "late-set";
  late["details"]["lost"] = Json::array({late["details"]["lost"][0]});  // a only, at 0.040 s
  run.results["checkers"] = Json::array({late, run.results["checkers"][0]});
  const std::string page = render_report(run.results, run.history);
  EXPECT_LT(page.find("<h3>set: invalid</h3>"), page.find("<h3>late-set: invalid</h3>")) << page;
  EXPECT_NE(section(page, "incident").find("by the set checker on key b"), std::string::npos);
}

}  // namespace
}  // namespace faultline::report_test
