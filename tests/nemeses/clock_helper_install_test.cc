// The process clock mode on nodes that do not share the controller's files:
// which nodes get a copy of faultline-clock, and that a copy is made once, on
// the first fault that needs it, and only when the node lacks that version.
// The real copy over SSH: integration/vdso_clock_cluster_test.cc.
#include "nemeses/clock_helper_install.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "nemeses/clock_faults.h"
#include "tests/support/fake_remote.h"

namespace faultline {
namespace {

using testing::FakeRemote;
namespace fs = std::filesystem;

// A stand-in for faultline-clock with the given bytes, removed at the end.
class HelperFile {
 public:
  explicit HelperFile(const std::string& bytes)
      : path_(fs::temp_directory_path() / ("faultline-clock-test-" + std::to_string(getpid()) +
                                           "-" + std::to_string(count_++))) {
    std::ofstream(path_, std::ios::binary) << bytes;
  }
  ~HelperFile() { fs::remove(path_); }
  std::string path() const { return path_.string(); }

 private:
  static inline int count_ = 0;
  fs::path path_;
};

const NodeSpec kLocal{"n1", "10.0.0.1", 22, "", "", "", "faultline-n1"};
const NodeSpec kReal{"db1", "db1.example", 22, "", "", "", ""};

std::string answer(int pid, double seen) {
  return nlohmann::json({{"pid", pid}, {"ok", true}, {"seen_offset_ms", {{"realtime", seen}}}})
             .dump() +
         "\n";
}

TEST(ClockHelperDigest, TellsVersionsApartAndNamesAMissingFile) {
  HelperFile a("version one"), b("version two"), same("version one");
  ASSERT_TRUE(file_digest(a.path()));
  EXPECT_EQ(*file_digest(a.path()), *file_digest(same.path()));
  EXPECT_NE(*file_digest(a.path()), *file_digest(b.path()));
  EXPECT_EQ(file_digest(a.path())->substr(17), "b") << "the size, 11 bytes, in hex";
  EXPECT_FALSE(file_digest("/nonexistent/faultline-clock"));
}

TEST(ClockHelperInstall, OnlyProcessModeNodesWithoutTheControllersFilesGetACopy) {
  HelperFile helper("helper bytes");
  ClockContext context;
  context.process = {"etcd", "", true};
  context.helper = helper.path();
  choose_clock_modes(context, {kLocal, kReal});
  EXPECT_EQ(context.modes["n1"], ClockMode::kProcess);
  EXPECT_EQ(context.modes["db1"], ClockMode::kSystem) << "auto keeps date -s on real machines";
  EXPECT_TRUE(context.copy_helper_to.empty());
  EXPECT_TRUE(context.helper_digest.empty()) << "nothing to copy: the file is not read";

  choose_clock_modes(context, {kLocal, kReal}, "process");
  EXPECT_EQ(context.modes["db1"], ClockMode::kProcess);
  EXPECT_EQ(context.copy_helper_to, (std::set<std::string>{"db1"}));
  EXPECT_EQ(context.helper_digest, *file_digest(helper.path()));

  ClockContext system;
  system.process = context.process;
  choose_clock_modes(system, {kLocal, kReal}, "system");
  EXPECT_EQ(system.modes["n1"], ClockMode::kSystem);
  EXPECT_TRUE(system.copy_helper_to.empty());
}

ClockContext real_machine_context(const std::string& helper) {
  ClockContext context;
  context.process = {"etcd", "", false};
  context.helper = helper;
  choose_clock_modes(context, {kReal}, "process");
  return context;
}

TEST(ClockHelperInstall, TheFirstFaultCopiesTheHelperThenRunsOnTheNodesCopy) {
  HelperFile helper("helper bytes");
  const ClockContext context = real_machine_context(helper.path());
  FakeRemote db1("db1");
  db1.once("faultline-clock-process", FakeRemote::exits(kHelperNotInstalledStatus))
      .on("faultline-clock-process", FakeRemote::exits(0, "offsets 0 2000\n" + answer(77, 2000)));

  FaultOutcome first = bump_clocks({&db1}, 2000, context);
  ASSERT_TRUE(first.ok()) << first.errors[0];
  EXPECT_EQ(first.fault.value["seen_offset_ms"]["db1"], 2000);
  ASSERT_EQ(db1.transfers().size(), 1u);
  EXPECT_EQ(db1.transfers()[0].local_path, helper.path());
  const std::vector<std::string> lines = db1.command_lines();
  ASSERT_EQ(lines.size(), 3u) << "try, install, run again";
  EXPECT_NE(lines[1].find("faultline-clock-install"), std::string::npos) << lines[1];
  const std::vector<std::string>& install = db1.commands()[1].argv;
  EXPECT_EQ(install[4], db1.transfers()[0].remote_path) << "installs what was uploaded";
  EXPECT_EQ(install[5], node_clock_helper_path());
  EXPECT_EQ(install[6], context.helper_digest);
  EXPECT_TRUE(db1.commands()[1].sudo);
  for (size_t i : {0u, 2u}) {
    const std::vector<std::string>& argv = db1.commands()[i].argv;
    EXPECT_EQ(argv[5], node_clock_helper_path()) << "the node's copy, not the controller's path";
    EXPECT_EQ(argv[6], context.helper_digest) << "checked on the node";
  }

  db1.clear_log();
  ASSERT_TRUE(bump_clocks({&db1}, 2000, context).ok());
  EXPECT_TRUE(db1.transfers().empty()) << "the node has this version now";
  EXPECT_EQ(db1.commands().size(), 1u);
}

TEST(ClockHelperInstall, AFailedCopyIsAnErrorOfTheFaultAndNothingIsRecorded) {
  HelperFile helper("helper bytes");
  const ClockContext context = real_machine_context(helper.path());
  FakeRemote arm("db1");
  arm.on("faultline-clock-process", FakeRemote::exits(kHelperNotInstalledStatus))
      .on("faultline-clock-install",
          FakeRemote::exits(2, "",
                            "faultline-clock runs on x86-64 Linux only, and this node is "
                            "aarch64\n"));
  FaultOutcome outcome = bump_clocks({&arm}, 2000, context);
  ASSERT_EQ(outcome.errors.size(), 1u);
  EXPECT_NE(outcome.errors[0].find("db1: installing faultline-clock"), std::string::npos)
      << outcome.errors[0];
  EXPECT_NE(outcome.errors[0].find("aarch64"), std::string::npos) << outcome.errors[0];
  EXPECT_TRUE(outcome.fault.nodes.empty());

  FakeRemote unreachable("db1");
  unreachable.on("faultline-clock-process", FakeRemote::exits(kHelperNotInstalledStatus))
      .fail_transfers("faultline-clock",
                      RemoteError{"", RemoteErrorKind::kDisconnected, "the session dropped", ""});
  outcome = bump_clocks({&unreachable}, 2000, context);
  ASSERT_EQ(outcome.errors.size(), 1u);
  EXPECT_NE(outcome.errors[0].find("copying faultline-clock to the node"), std::string::npos)
      << outcome.errors[0];
  EXPECT_EQ(unreachable.commands().size(), 1u) << "no install after a failed upload";

  ClockContext missing = real_machine_context("/nonexistent/faultline-clock");
  FakeRemote n("db1");
  n.on("faultline-clock-process", FakeRemote::exits(kHelperNotInstalledStatus));
  outcome = bump_clocks({&n}, 2000, missing);
  ASSERT_EQ(outcome.errors.size(), 1u);
  EXPECT_NE(outcome.errors[0].find("/nonexistent/faultline-clock is not there"), std::string::npos)
      << outcome.errors[0];
  EXPECT_TRUE(n.transfers().empty());
}

TEST(ClockHelperInstall, ARestartedDatabaseOnANodeWithoutTheCopyGetsItToo) {
  HelperFile helper("helper bytes");
  const ClockContext context = real_machine_context(helper.path());
  FakeRemote db1("db1");
  db1.once("faultline-clock-reapply", FakeRemote::exits(kHelperNotInstalledStatus))
      .on("faultline-clock-reapply", FakeRemote::exits(0, "offsets 900 900\n" + answer(78, 900)));
  FaultOutcome outcome = reapply_process_clocks({&db1}, context);
  ASSERT_TRUE(outcome.ok()) << outcome.errors[0];
  EXPECT_EQ(outcome.fault.value["seen_offset_ms"]["db1"], 900);
  EXPECT_EQ(db1.transfers().size(), 1u);
}

TEST(ClockHelperInstall, ResetPrefersTheNodesCopySoAHealAfterACrashFindsIt) {
  const Command reset = reset_clock_command("/opt/faultline/faultline-clock");
  ASSERT_GE(reset.argv.size(), 7u);
  EXPECT_EQ(reset.argv[5], "/opt/faultline/faultline-clock");
  EXPECT_EQ(reset.argv[6], node_clock_helper_path());
}

}  // namespace
}  // namespace faultline
