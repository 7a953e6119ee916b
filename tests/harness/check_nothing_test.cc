// `check` and `analyze` never give a verdict on nothing: garbage, an empty
// history, a cut last line, a bad --init, a store whose history lost ops, or
// an input too big to read. The real binary, as a user runs it.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "harness/history/op.h"
#include "tests/support/run_binary.h"

namespace faultline {
namespace {

namespace fs = std::filesystem;

testing::BinaryRun run(const std::string& args) {
  return testing::run_faultline(FAULTLINE_BINARY, args + " 2>&1");
}

// A folder of this test's own (pid and test name), removed afterwards.
class CheckNothing : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("faultline-check-nothing-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  std::string write(const std::string& name, const std::string& text) {
    std::ofstream(dir_ / name, std::ios::binary) << text;
    return (dir_ / name).string();
  }
  fs::path dir_;
};

TEST_F(CheckNothing, RandomBytesAreAnErrorThatNamesTheFormatAndTheLine) {
  std::string bytes = "\x7f\x45\x4c\x46\x02\x01";
  bytes += std::string(1, '\0') + "\x9c\xff\x01garbage\x1b[31m\n\x02\x03";
  const std::string path = write("random.bin", bytes);
  testing::BinaryRun r = run("check " + path);
  EXPECT_EQ(r.status, 255) << r.out;
  EXPECT_NE(r.out.find(path + ":1:1: no op could be read as a Jepsen text log"), std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("\\x7fELF\\x02\\x01\\x00\\x9c\\xff"), std::string::npos)
      << "bytes are shown escaped: " << r.out;
  EXPECT_EQ(r.out.find('\x1b'), std::string::npos) << "no raw escape reaches the terminal";
  EXPECT_EQ(r.out.find("valid"), std::string::npos) << r.out;
}

TEST_F(CheckNothing, PlainTextIsAnErrorNotAnEmptyValidHistory) {
  const std::string path =
      write("notes.txt", "\n# my notes\nthe test ran fine\n\tindented\twith tabs\n");
  testing::BinaryRun r = run("check " + path);
  EXPECT_EQ(r.status, 255) << r.out;
  EXPECT_NE(r.out.find(path + ":2:1: no op could be read"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("'# my notes'"), std::string::npos) << r.out;
}

TEST_F(CheckNothing, EmptyHistoriesAreUnknownInEveryFormat) {
  for (const auto& [name, text] :
       std::vector<std::pair<std::string, std::string>>{{"empty.jsonl", ""},
                                                        {"blank.jsonl", "\n  \n"},
                                                        {"empty.edn", "[]"},
                                                        {"empty.log", ""},
                                                        {"noext", ""}}) {
    const std::string path = write(name, text);
    testing::BinaryRun r = run("check " + path);
    EXPECT_EQ(r.status, 2) << name << ": " << r.out;
    EXPECT_NE(r.out.find(path + ": unknown (no ops to check)"), std::string::npos)
        << name << ": " << r.out;
    testing::BinaryRun json = run("check --json " + path);
    EXPECT_EQ(json.status, 2) << name;
    EXPECT_NE(json.out.find("\"valid\":\"unknown\""), std::string::npos) << json.out;
  }
}

TEST_F(CheckNothing, AHistoryOfOnlyNemesisOpsIsUnknown) {
  const std::string path = write(
      "nemesis.jsonl",
      "{\"process\":\"nemesis\",\"type\":\"info\",\"f\":\"start-partition\",\"value\":null}\n"
      "{\"process\":\"nemesis\",\"type\":\"info\",\"f\":\"start-partition\",\"value\":null}\n");
  testing::BinaryRun r = run("check " + path);
  EXPECT_EQ(r.status, 2) << r.out;
  EXPECT_NE(r.out.find("only the nemesis's"), std::string::npos) << r.out;
}

// The read's completion "12" cut to "1" (a value nobody wrote) must not be
// read: the read then never completed, which is valid.
TEST_F(CheckNothing, ACutLastLineOfAJepsenLogIsNotReadAsACompletion) {
  const std::string head =
      "INFO  jepsen.util - 0\t:invoke\t:write\t12\n"
      "INFO  jepsen.util - 0\t:ok\t:write\t12\n"
      "INFO  jepsen.util - 1\t:invoke\t:read\tnil\n";
  const std::string path = write("cut.log", head + "INFO  jepsen.util - 1\t:ok\t:read\t1");
  testing::BinaryRun r = run("check --init 0 " + path);
  EXPECT_EQ(r.status, 0) << r.out;
  EXPECT_NE(r.out.find(path + ":4:1: the last line has no newline"), std::string::npos) << r.out;
  // The same line with its newline is a real completion, and invalid.
  const std::string whole = write("whole.log", head + "INFO  jepsen.util - 1\t:ok\t:read\t1\n");
  EXPECT_EQ(run("check --init 0 " + whole).status, 1);
}

TEST_F(CheckNothing, ACutLastLineOfJsonLinesIsLeftOutWithANote) {
  const std::string path =
      write("cut.jsonl",
            "{\"process\":0,\"type\":\"invoke\",\"f\":\"write\",\"value\":1}\n"
            "{\"process\":0,\"type\":\"ok\",\"f\":\"write\",\"value\":1}\n"
            "{\"process\":1,\"type\":\"invoke\",\"f\":\"read\",\"value\":null}\n"
            "{\"process\":1,\"type\":\"ok\",\"f\":\"read\",\"val");
  testing::BinaryRun r = run("check --init 0 " + path);
  EXPECT_EQ(r.status, 0) << r.out;
  EXPECT_NE(r.out.find(path + ":4:1: the last line has no newline and is not a whole op"),
            std::string::npos)
      << r.out;
  // A corrupt line that is not the last is still an error.
  const std::string corrupt = write(
      "corrupt.jsonl", "{\"process\":0,\"type\":\"ok\",\"f\":\"read\",\"val\n{\"process\":0}\n");
  EXPECT_EQ(run("check " + corrupt).status, 255);
}

TEST_F(CheckNothing, AnInitThatIsNotJsonIsBadUsage) {
  const std::string path =
      write("h.jsonl",
            "{\"process\":1,\"type\":\"invoke\",\"f\":\"read\",\"value\":null}\n"
            "{\"process\":1,\"type\":\"ok\",\"f\":\"read\",\"value\":\"bad\"}\n");
  for (const std::string init : {"'{bad'", "bad", "'[1,'"}) {
    testing::BinaryRun r = run("check --init " + init + " " + path);
    EXPECT_EQ(r.status, 254) << init << ": " << r.out;
    EXPECT_NE(r.out.find("not JSON"), std::string::npos) << r.out;
  }
  EXPECT_EQ(run("check --init '\"bad\"' " + path).status, 0) << "a JSON string is fine";
}

TEST_F(CheckNothing, DevicesAndHugeFilesAreRefusedAtOnce) {
  for (const std::string device : {"/dev/zero", "/dev/urandom"}) {
    testing::BinaryRun r = run("check " + device);
    EXPECT_EQ(r.status, 255) << r.out;
    EXPECT_NE(r.out.find(device + ": cannot read history file: is a device"), std::string::npos)
        << r.out;
  }
  // Sparse: 10 GiB that take no disk. An EDN file is read whole, so its size is refused
  // before anything is read.
  const std::string huge = write("huge.edn", "");
  fs::resize_file(huge, uint64_t{10} << 30);
  testing::BinaryRun r = run("check " + huge);
  EXPECT_EQ(r.status, 255) << r.out;
  EXPECT_NE(r.out.find("is 10 GiB, larger than the limit of 2.0 GiB (--max-input-size MB"),
            std::string::npos)
      << r.out;
  // JSON lines are streamed, with no size limit, but a "line" of 256 MiB is no history.
  const std::string huge_lines = write("huge.jsonl", "");
  fs::resize_file(huge_lines, uint64_t{10} << 30);
  testing::BinaryRun lines = run("check " + huge_lines);
  EXPECT_EQ(lines.status, 255) << lines.out;
  EXPECT_NE(
      lines.out.find(huge_lines + ":1:1: a line longer than 256 MiB: not a history of JSON lines"),
      std::string::npos)
      << lines.out;
  EXPECT_EQ(run("check " + dir_.string()).status, 255) << "a directory";
  // A stream is read up to the limit only.
  const std::string fifo = (dir_ / "fifo").string();
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  testing::BinaryRun stream =
      run("check --max-input-size 1 " + fifo + " 2>&1 & head -c 3000000 /dev/zero > " + fifo +
          " 2>/dev/null; wait $!");
  EXPECT_EQ(stream.status, 255) << stream.out;
  EXPECT_NE(stream.out.find("larger than the limit of 1.0 MiB (--max-input-size MB raises it)"),
            std::string::npos)
      << stream.out;
}

// A stored run whose results.json counted more ops than its history holds.
TEST_F(CheckNothing, AnalyzeOfAStoreWhoseHistoryLostOpsIsUnknown) {
  const std::string ops =
      "{\"process\":0,\"type\":\"invoke\",\"f\":\"write\",\"key\":\"k0\",\"value\":1}\n"
      "{\"process\":0,\"type\":\"ok\",\"f\":\"write\",\"key\":\"k0\",\"value\":1}\n"
      "{\"process\":1,\"type\":\"invoke\",\"f\":\"read\",\"key\":\"k0\",\"value\":null}\n"
      "{\"process\":1,\"type\":\"ok\",\"f\":\"read\",\"key\":\"k0\",\"value\":1}\n";
  const std::string results =
      R"({"test": "t", "seed": 1, "config": {"workload": "register"}, "finished": "2026-12-02T10:00:00Z",
          "run": {"invoked": 2, "ok": 2, "failed": 0, "indeterminate": 0},
          "errors": [], "notes": [], "checkers": [], "nodes": []})";
  write("results.json", results);
  write("history.jsonl", ops);
  testing::BinaryRun whole = run("analyze " + dir_.string());
  EXPECT_EQ(whole.status, 0) << whole.out;

  write("results.json", results);
  write("history.jsonl", ops.substr(0, ops.find("{\"process\":1,\"type\":\"ok\"")));
  testing::BinaryRun cut = run("analyze " + dir_.string());
  EXPECT_EQ(cut.status, 2) << cut.out;
  EXPECT_NE(cut.out.find("ops are missing from history.jsonl"), std::string::npos) << cut.out;

  write("results.json", results);
  write("history.jsonl", "");
  testing::BinaryRun emptied = run("analyze " + dir_.string());
  EXPECT_EQ(emptied.status, 2) << emptied.out;
  EXPECT_NE(emptied.out.find("no ops to check"), std::string::npos) << emptied.out;
}

TEST(SeedOption, ANegativeOrNonNumericSeedIsBadUsage) {
  for (const std::string seed : {"-1", "1e3", "x", "18446744073709551616"}) {
    testing::BinaryRun r = run("run /nonexistent.yaml --seed " + seed);
    EXPECT_EQ(r.status, 254) << seed << ": " << r.out;
    EXPECT_NE(r.out.find("a seed is a whole number"), std::string::npos) << seed << ": " << r.out;
  }
}

}  // namespace
}  // namespace faultline
