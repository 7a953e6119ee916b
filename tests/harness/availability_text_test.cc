// Availability as text: the terminal's block and summary.md's table
// (harness/run/availability_text.h), from results.json's "availability".
#include "harness/run/availability_text.h"

#include <gtest/gtest.h>

namespace faultline {
namespace {

Json counts(int ok, int fail, int info, Json latency) {
  const int total = ok + fail + info;
  return {{"ok", ok},
          {"fail", fail},
          {"info", info},
          {"ok_rate", total ? Json(static_cast<double>(ok) / total) : Json()},
          {"ok_per_s", ok / 5.0},
          {"latency_ms", latency}};
}

Json availability() {
  Json before = counts(50, 0, 0, {{"p50", 2.0}, {"p95", 3.0}, {"p99", 4.5}, {"max", 12.0}});
  before.update({{"period", "before the first fault"}, {"start_s", 0.0}, {"end_s", 5.0}});
  Json during =
      counts(10, 30, 10, {{"p50", 2.0}, {"p95", 5000.0}, {"p99", 5000.0}, {"max", 5001.0}});
  during.update({{"period", "during fault 1 (partition)"}, {"start_s", 5.0}, {"end_s", 10.0}});
  during["sides"] = Json::array({counts(10, 0, 0, Json()), counts(0, 30, 10, Json())});
  during["sides"][0]["nodes"] = {"n1", "n2"};
  during["sides"][1]["nodes"] = {"n|3"};
  Json quiet = counts(0, 0, 0, Json());
  quiet.update({{"period", "quiet period"}, {"start_s", 10.0}, {"end_s", 15.0}});
  return {{"window_s", 1.0},
          {"recovery_share", 0.9},
          {"periods", {before, during, quiet}},
          {"recoveries",
           {{{"fault", 1},
             {"kind", "partition"},
             {"healed_s", 10.0},
             {"ok_per_s_before", 10.0},
             {"recovered_after_s", Json()}}}}};
}

TEST(AvailabilityText, TheTerminalBlockAlignsPeriodsSidesAndRecoveries) {
  const std::string block = availability_block(availability());
  EXPECT_EQ(
      block,
      "availability, as the clients saw it:\n"
      "  period                     from s to s ok fail info ok rate ok/s p99 ms\n"
      "  before the first fault        0.0  5.0 50    0    0  100.0% 10.0    4.5\n"
      "  during fault 1 (partition)    5.0 10.0 10   30   10   20.0%  2.0   5000\n"
      "    side n1,n2                           10    0    0  100.0%  2.0      -\n"
      "    side n|3                              0   30   10    0.0%  0.0      -\n"
      "  quiet period                 10.0 15.0  0    0    0       -  0.0      -\n"
      "  recovery: fault 1 (partition) healed at 10.0 s: did not recover within the run "
      "(no 1 s window after the heal reached 90% of 10.0 ok/s, the level before the fault)\n");
  EXPECT_EQ(availability_block(Json()), "");
}

TEST(AvailabilityText, TheMarkdownTableHasEveryColumnAndEscapesCells) {
  const std::string md = availability_markdown(availability());
  EXPECT_NE(md.find("| period | from s | to s | ok | fail | info | ok rate | ok/s | p50 ms | "
                    "p95 ms | p99 ms | max ms |\n| --- | ---: |"),
            std::string::npos)
      << md;
  EXPECT_NE(md.find("| ↳ side n\\|3 |"), std::string::npos) << md;  // '|' would split the cell
  EXPECT_NE(md.find("| during fault 1 (partition) | 5.0 | 10.0 | 10 | 30 | 10 | 20.0% | 2.0 | "
                    "2.0 | 5000 | 5000 | 5001 |"),
            std::string::npos)
      << md;
  EXPECT_NE(md.find("\n- fault 1 (partition) healed at 10.0 s: did not recover"), std::string::npos)
      << md;
}

TEST(AvailabilityText, MarkdownEscapeKeepsHtmlAndTableSyntaxAsText) {
  EXPECT_EQ(markdown_escape("<script>a|b*c_d`e\nf"), "&lt;script&gt;a\\|b\\*c\\_d\\`e f");
}

}  // namespace
}  // namespace faultline
