// The live progress of a run: the line for given counts, the throughput, the
// cadence (every tick on a terminal, every 10 s plain) on an injected clock,
// and the terminal's own lines printed above a redrawn line.
#include "harness/run/live_progress.h"

#include <gtest/gtest.h>

#include <mutex>
#include <sstream>
#include <thread>

#include "harness/run/progress_reporter.h"
#include "harness/run/run_log.h"
#include "harness/run/status_line.h"

namespace faultline {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;
using TimePoint = std::chrono::steady_clock::time_point;

const TimePoint kStart{seconds(1000)};

ProgressSnapshot running_snapshot() {
  ProgressSnapshot s;
  s.phase = "running";
  s.elapsed_s = 12.04;
  s.remaining_s = 27.96;
  s.invoked = 1234;
  s.ok = 1200;
  s.failed = 20;
  s.info = 14;
  s.ops_per_s = 98.46;
  return s;
}

TEST(ProgressLine, SaysPhaseTimesCountsAndThroughput) {
  EXPECT_EQ(render_progress_line(running_snapshot()),
            "running | 12.0 s, 28.0 s left | 1234 ops: 1200 ok, 20 fail, 14 info | 98.5 ops/s");
}

TEST(ProgressLine, NamesTheActiveFaults) {
  ProgressSnapshot s = running_snapshot();
  s.active_faults = {"partition"};
  EXPECT_EQ(render_progress_line(s).substr(0, 44), "running, fault active: partition | 12.0 s, 2");
  s.active_faults = {"kill", "partition"};
  EXPECT_EQ(render_progress_line(s).substr(0, 46),
            "running, faults active: kill, partition | 12.0");
}

TEST(ProgressLine, OutsideTheMainPhaseHasNoCountdownAndBeforeMeasuringNoRate) {
  ProgressSnapshot s;
  s.phase = "setup";
  s.elapsed_s = 3.0;
  EXPECT_EQ(render_progress_line(s), "setup | 3.0 s | 0 ops: 0 ok, 0 fail, 0 info");
}

TEST(ProgressLine, IsCutToTheTerminalWidthWithoutSplittingACharacter) {
  ProgressSnapshot s = running_snapshot();
  s.active_faults = {"\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9"};
  const std::string line = render_progress_line(s, 30);
  EXPECT_LE(line.size(), 30u);
  EXPECT_EQ(line.substr(line.size() - 3), "...");
  EXPECT_EQ(line, "running, fault active: \u00e9\u00e9...");
}

TEST(ProgressMode, WordsAndAuto) {
  EXPECT_EQ(parse_progress_mode("plain"), ProgressMode::kPlain);
  EXPECT_EQ(parse_progress_mode("TTY"), std::nullopt);
  EXPECT_EQ(resolve_progress_mode(ProgressMode::kAuto, true), ProgressMode::kTty);
  EXPECT_EQ(resolve_progress_mode(ProgressMode::kAuto, false), ProgressMode::kPlain);
  EXPECT_EQ(resolve_progress_mode(ProgressMode::kOff, true), ProgressMode::kOff);
}

TEST(Throughput, IsCompletionsPerSecondOverTheLastWindow) {
  ThroughputMeter meter(seconds(5));
  EXPECT_EQ(meter.per_second(), std::nullopt);
  meter.sample(kStart, 0);
  EXPECT_EQ(meter.per_second(), std::nullopt);
  for (int s = 1; s <= 10; ++s)
    meter.sample(kStart + seconds(s), s <= 5 ? s * 100 : 500 + (s - 5) * 10);
  // The last 5 s: 500 -> 550.
  ASSERT_TRUE(meter.per_second());
  EXPECT_DOUBLE_EQ(*meter.per_second(), 10.0);
}

TEST(Cadence, PlainSaysALineEveryTenSecondsOfTheRun) {
  ProgressCadence cadence(false, kStart);
  std::vector<int> said;
  for (int ms = 0; ms <= 35'000; ms += 1000) {
    if (cadence.due(kStart + milliseconds(ms))) said.push_back(ms / 1000);
  }
  EXPECT_EQ(said, (std::vector<int>{10, 20, 30}));
}

TEST(Cadence, PlainSaysOneLineAfterALongStallNotOnePerMissedPeriod) {
  ProgressCadence cadence(false, kStart);
  EXPECT_FALSE(cadence.due(kStart + milliseconds(9'999)));
  EXPECT_TRUE(cadence.due(kStart + seconds(35)));
  EXPECT_FALSE(cadence.due(kStart + seconds(36)));
  EXPECT_TRUE(cadence.due(kStart + seconds(40)));
}

TEST(Cadence, ATerminalIsRedrawnAtEveryTick) {
  ProgressCadence cadence(true, kStart);
  EXPECT_TRUE(cadence.due(kStart + seconds(1)));
  EXPECT_TRUE(cadence.due(kStart + seconds(2)));
}

TEST(LiveProgressState, CountsDownTheMainPhaseAndListsActiveFaults) {
  LiveProgress live(kStart);
  EXPECT_EQ(live.snapshot(kStart + seconds(2)).phase, "setup");
  live.main_started(kStart + seconds(5), seconds(30));
  LiveCounts::add(live.counts().invoked);
  LiveCounts::add(live.counts().ok);
  live.fault_applying("partition");
  ProgressSnapshot s = live.snapshot(kStart + seconds(15));
  EXPECT_EQ(s.phase, "running");
  EXPECT_DOUBLE_EQ(s.elapsed_s, 15.0);
  ASSERT_TRUE(s.remaining_s);
  EXPECT_DOUBLE_EQ(*s.remaining_s, 20.0);
  EXPECT_EQ(s.invoked, 1);
  EXPECT_EQ(s.ok, 1);
  EXPECT_EQ(s.active_faults, (std::vector<std::string>{"partition"}));
  live.fault_healed("partition");
  live.main_ended();
  live.set_phase("healing");
  s = live.snapshot(kStart + seconds(40));
  EXPECT_TRUE(s.active_faults.empty());
  EXPECT_FALSE(s.remaining_s);
  EXPECT_EQ(s.phase, "healing");
}

TEST(ProgressReporterTicks, PlainPrintsALineEveryTenSecondsWithTheCountsThen) {
  std::ostringstream out;
  StatusLine line(out, false);
  LiveProgress live(kStart);
  ProgressReporter reporter(live, line, false, kStart, 0);
  live.main_started(kStart, seconds(30));
  for (int s = 1; s <= 25; ++s) {
    for (int i = 0; i < 10; ++i) {
      LiveCounts::add(live.counts().invoked);
      LiveCounts::add(live.counts().ok);
    }
    reporter.tick(kStart + seconds(s));
  }
  reporter.stop();
  EXPECT_EQ(out.str(),
            "progress: running | 10.0 s, 20.0 s left | 100 ops: 100 ok, 0 fail, 0 info | 10.0 "
            "ops/s\n"
            "progress: running | 20.0 s, 10.0 s left | 200 ops: 200 ok, 0 fail, 0 info | 10.0 "
            "ops/s\n");
}

TEST(ProgressReporterTicks, ARedrawnLineStaysBelowTheRunsOwnLines) {
  std::ostringstream out;
  StatusLine line(out, true);
  RunLog log(&out);
  log.set_status_line(&line);
  LiveProgress live(kStart);
  ProgressReporter reporter(live, line, true, kStart, 0);
  reporter.tick(kStart + seconds(1));
  log.echo("nemesis: start-partition {}");
  reporter.tick(kStart + seconds(2));
  reporter.stop();
  log.set_status_line(nullptr);
  log.echo("VALID");
  const std::string first = "setup | 1.0 s | 0 ops: 0 ok, 0 fail, 0 info";
  EXPECT_EQ(out.str(), "\r\033[K" + first + "\r\033[Knemesis: start-partition {}\n" + first +
                           "\r\033[Ksetup | 2.0 s | 0 ops: 0 ok, 0 fail, 0 info | 0.0 ops/s"
                           "\r\033[KVALID\n");
}

// A stream buffer the test reads while the reporter's thread writes to it.
class LockedBuffer : public std::streambuf {
 public:
  std::string text() {
    std::lock_guard lock(mutex_);
    return text_;
  }

 protected:
  int overflow(int c) override {
    if (c == traits_type::eof()) return 0;
    std::lock_guard lock(mutex_);
    text_ += static_cast<char>(c);
    return c;
  }
  std::streamsize xsputn(const char* s, std::streamsize n) override {
    std::lock_guard lock(mutex_);
    text_.append(s, static_cast<size_t>(n));
    return n;
  }

 private:
  std::mutex mutex_;
  std::string text_;
};

TEST(ProgressReporterThread, DrawsOnItsOwnAndClearsItsLineWhenStopped) {
  LockedBuffer buffer;
  std::ostream out(&buffer);
  StatusLine line(out, true);
  LiveProgress live(std::chrono::steady_clock::now());
  ProgressReporter reporter(live, line, true, std::chrono::steady_clock::now(), 0);
  reporter.start(milliseconds(5));
  while (buffer.text().find("setup |") == std::string::npos) {
    std::this_thread::sleep_for(milliseconds(1));
  }
  reporter.stop();
  const std::string text = buffer.text();
  EXPECT_EQ(text.substr(text.size() - 4), "\r\033[K") << "the last thing written erases the line";
}

}  // namespace
}  // namespace faultline
