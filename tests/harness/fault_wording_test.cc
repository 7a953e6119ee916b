// Faults say the nodes they hit and, for a restart after a kill, the pid
// the process was restarted as, never as if it were the killed one: the
// console and faultline.log lines (nemesis_lines.h) and the report's fault
// table (fault_text.h) say it the same way.
#include <gtest/gtest.h>

#include "harness/report/fault_text.h"
#include "harness/report/report.h"
#include "harness/run/nemesis_lines.h"

namespace faultline {
namespace {

Op nemesis_op(std::string f, Json value, int64_t time_ns, Json error = Json()) {
  Op op;
  op.process = kNemesisProcess;
  op.type = OpType::kInfo;
  op.f = std::move(f);
  op.value = std::move(value);
  op.time_ns = time_ns;
  op.error = std::move(error);
  return op;
}

const Json kKillRequest = {{"target", "one"}};
const Json kKilled = {{"process", "etcd"}, {"pids", {{"n3", {123}}}}};
const Json kRestarted = {{"process", "etcd"}, {"pids", {{"n3", {4567}}}}};

TEST(FaultWording, ARestartSaysThePidItStartedAsAndTheKillTheNodeItHit) {
  const NemesisLine killed = nemesis_line(nemesis_op("start-kill", kKilled, 1), kKillRequest);
  EXPECT_EQ(killed.short_form, "nemesis: start-kill: kill etcd on n3 (target one)");
  EXPECT_EQ(killed.whole, "nemesis: start-kill: kill etcd on n3 (target one)  " + kKilled.dump());
  const NemesisLine restarted = nemesis_line(nemesis_op("stop-kill", kRestarted, 2), kKilled);
  EXPECT_EQ(restarted.short_form, "nemesis: stop-kill: restart etcd: n3 restarted as pid 4567");
}

TEST(FaultWording, APauseOfOneNodeNamesIt) {
  const Json paused = {{"process", "etcd"}, {"pids", {{"n2", {99}}}}};
  EXPECT_EQ(nemesis_line(nemesis_op("start-pause", paused, 1), {{"target", "one"}}).short_form,
            "nemesis: start-pause: pause etcd on n2 (target one)");
  EXPECT_EQ(nemesis_line(nemesis_op("stop-pause", paused, 2), paused).short_form,
            "nemesis: stop-pause: resume etcd on n2");
}

TEST(FaultWording, SeveralRestartsAndNoneAreSaid) {
  EXPECT_EQ(describe_fault("kill", {{"process", "etcd"}, {"pids", {{"n1", {7}}, {"n3", {8, 9}}}}},
                           Json(), true),
            "restart etcd: n1 restarted as pid 7, n3 restarted as pids 8, 9");
  EXPECT_EQ(describe_fault("kill", {{"process", "etcd"}, {"pids", Json::object()}}, Json(), true),
            "restart etcd: no process was started");
}

TEST(FaultWording, AHealedPartitionIsNoGrudge) {
  EXPECT_EQ(describe_fault("partition", {{"nodes", {"n1", "n2", "n3"}}}, Json(), true),
            "partition healed on n1,n2,n3");
}

TEST(FaultWording, AnErrorIsInTheLogAndPointedToOnTheTerminal) {
  const NemesisLine line = nemesis_line(
      nemesis_op("stop-kill", kRestarted, 2, {{"errors", {"n3: start failed"}}}), kKilled);
  EXPECT_NE(line.whole.find("n3: start failed"), std::string::npos) << line.whole;
  EXPECT_EQ(line.short_form,
            "nemesis: stop-kill: restart etcd: n3 restarted as pid 4567  (see faultline.log)");
}

TEST(FaultWording, TheHealLineKeepsItsReport) {
  const NemesisLine heal = nemesis_line(nemesis_op("heal", {{"n1", "flushed"}}, 3), Json());
  EXPECT_EQ(heal.whole, "nemesis: heal  {\"n1\":\"flushed\"}");
  EXPECT_EQ(heal.short_form, "nemesis: heal {\"n1\":\"flushed\"}");
}

TEST(FaultWording, TheReportsFaultTableSaysHowEachFaultEnded) {
  History history;
  for (Op op : {nemesis_op("start-kill", kKillRequest, 1'000'000'000),
                nemesis_op("start-kill", kKilled, 1'100'000'000),
                nemesis_op("stop-kill", kKilled, 3'000'000'000),
                nemesis_op("stop-kill", kRestarted, 3'200'000'000)}) {
    op.index = static_cast<int64_t>(history.ops.size());
    history.ops.push_back(std::move(op));
  }
  const Json results = {{"test", "t"}, {"verdict", "valid"}, {"checkers", Json::array()}};
  const std::string page = render_report(results, history);
  EXPECT_NE(page.find("<td>kill etcd on n3 (target one)</td><td class=\"num\">1.00</td><td "
                      "class=\"num\">3.20</td><td>restart etcd: n3 restarted as pid 4567</td>"),
            std::string::npos)
      << page.substr(page.find("<h2>Faults</h2>"), 600);
}

}  // namespace
}  // namespace faultline
