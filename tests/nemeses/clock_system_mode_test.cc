// The system-mode clock scripts (date -s, time sync) run for real on the
// controller, against a fake `date` and `systemctl` on PATH and a temporary
// state directory: a shared kernel clock must never really be stepped here.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "harness/cluster/local_process.h"
#include "nemeses/clock_commands.h"

namespace faultline {
namespace {

namespace fs = std::filesystem;

class SystemClockScripts : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("faultline-clock-" + std::to_string(getpid()));
    fs::create_directories(dir_ / "bin");
    write_tool("date",
               "case \"$1\" in -s) echo \"date -s $2\" >> \"$LOG\" ;; *) echo 1000000000000 ;; "
               "esac");
    write_tool("systemctl",
               "echo \"systemctl $*\" >> \"$LOG\"\n"
               "if [ \"$1\" = is-active ]; then [ \"$3\" = chrony ]; exit; fi");
  }
  void TearDown() override { fs::remove_all(dir_); }
  void write_tool(const std::string& name, const std::string& body) {
    std::ofstream(dir_ / "bin" / name) << "#!/bin/sh\n" << body << "\n";
    fs::permissions(dir_ / "bin" / name, fs::perms::owner_all);
  }
  // Runs `c` with the fake tools first on PATH and the state kept in dir_/state.
  CommandResult run(Command c) {
    c.argv[4] = (dir_ / "state").string();
    c.sudo = false;
    c.env["PATH"] = (dir_ / "bin").string() + ":/usr/bin:/bin";
    c.env["LOG"] = (dir_ / "log").string();
    return run_local(c);
  }
  std::string log() {
    std::ifstream in(dir_ / "log");
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    fs::remove(dir_ / "log");
    return text;
  }
  fs::path dir_;
};

TEST_F(SystemClockScripts, StepsByTheChangeAndStopsTimeSyncOnce) {
  ASSERT_TRUE(run(set_offset_command(ClockMode::kSystem, 5000)).ok());
  std::string first = log();
  EXPECT_NE(first.find("systemctl stop chrony\n"), std::string::npos) << first;
  EXPECT_EQ(first.find("systemctl stop systemd-timesyncd"), std::string::npos) << first;
  EXPECT_NE(first.find("date -s @1005.000000000\n"), std::string::npos) << first;

  ASSERT_TRUE(run(set_offset_command(ClockMode::kSystem, 3000)).ok());
  std::string second = log();
  EXPECT_EQ(second, "date -s @998.000000000\n") << "a step of -2000 ms, sync already stopped";

  CommandResult reset = run(reset_clock_command("faultline-clock"));
  ASSERT_TRUE(reset.ok()) << reset.err;
  EXPECT_EQ(reset.out, "3000\n");
  EXPECT_EQ(log(), "date -s @997.000000000\nsystemctl start chrony\n");

  CommandResult again = run(reset_clock_command("faultline-clock"));
  ASSERT_TRUE(again.ok()) << again.err;
  EXPECT_EQ(again.out, "0\n");
  EXPECT_EQ(log(), "") << "a second reset changes nothing";
}

TEST_F(SystemClockScripts, ReadPrintsTheRecordedOffsetAndTheClock) {
  ASSERT_TRUE(run(set_offset_command(ClockMode::kSystem, -250)).ok());
  CommandResult read = run(read_clock_command(ClockMode::kSystem));
  ASSERT_TRUE(read.ok()) << read.err;
  EXPECT_EQ(read.out, "-250\n1000000000000\n");
}

TEST_F(SystemClockScripts, FaketimeModeWritesTheOffsetFileAndNeverTouchesTheClock) {
  ASSERT_TRUE(run(set_offset_command(ClockMode::kFaketime, -1500)).ok());
  std::ifstream file(dir_ / "state" / "faketime");
  std::string text((std::istreambuf_iterator<char>(file)), std::istreambuf_iterator<char>());
  EXPECT_EQ(text, "-1.500\n");
  ASSERT_TRUE(run(reset_clock_command("faultline-clock")).ok());
  EXPECT_EQ(log(), "");
}

}  // namespace
}  // namespace faultline
