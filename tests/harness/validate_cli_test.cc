// `faultline validate` and `faultline run` on bad input, as a user runs them:
// exit 254, one error on stderr with file:line:col, nothing on stdout, no
// store made and no node touched; and a good test validates in seconds.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace faultline {
namespace {

namespace fs = std::filesystem;

struct Ran {
  int status = -1;
  std::string out;
  std::string err;
};

std::string slurp(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

class ValidateCli : public ::testing::Test {
 protected:
  ValidateCli() {
    dir_ = fs::temp_directory_path() / ("faultline-validate-cli-" + std::to_string(::getpid()));
    fs::create_directories(dir_);
  }
  ~ValidateCli() override { fs::remove_all(dir_); }

  std::string write(const std::string& name, const std::string& text) {
    std::ofstream(dir_ / name, std::ios::binary) << text;
    return (dir_ / name).string();
  }
  Ran run(const std::string& args) {
    const std::string command = std::string(FAULTLINE_BINARY) + " " + args + " >" +
                                (dir_ / "out").string() + " 2>" + (dir_ / "err").string();
    const int raw = std::system(command.c_str());
    Ran ran;
    ran.status = WIFEXITED(raw) ? WEXITSTATUS(raw) : -1;
    ran.out = slurp(dir_ / "out");
    ran.err = slurp(dir_ / "err");
    return ran;
  }
  // A test file whose nodes are {file: `nodes`}.
  std::string test_with_nodes_file(const std::string& nodes) {
    return write("test.yaml", "name: t\nnodes: {file: " + nodes +
                                  "}\ndb: etcd\nworkload: register\nnemesis:\n  faults:\n"
                                  "    - partition: {shape: halves}\n");
  }
  fs::path dir_;
};

TEST_F(ValidateCli, AMissingNodesFileIsOne254ErrorAtTheTestsNodesAndNoStore) {
  const std::string test = test_with_nodes_file("missing.yaml");
  const std::string store = (dir_ / "store").string();
  for (const std::string& command : {"validate " + test, "run " + test + " --store " + store,
                                     "run --dry-run " + test + " --store " + store}) {
    Ran ran = run(command);
    EXPECT_EQ(ran.status, 254) << command;
    EXPECT_EQ(ran.out, "") << command;
    const std::string where = test + ":2:8: nodes file " + (dir_ / "missing.yaml").string() +
                              ": cannot read: No such file or directory\n";
    EXPECT_NE(ran.err.find(where), std::string::npos) << command << "\n" << ran.err;
    EXPECT_EQ(ran.err.find(where), ran.err.rfind(where)) << "printed once: " << ran.err;
    EXPECT_FALSE(fs::exists(store)) << command;
  }
}

TEST_F(ValidateCli, AGarbageNodesFileIsShownEscaped) {
  write("garbage", std::string("\x01\x02\xfe\n", 4));
  Ran ran = run("validate " + test_with_nodes_file("garbage"));
  EXPECT_EQ(ran.status, 254);
  EXPECT_EQ(ran.err, "faultline validate: " + (dir_ / "garbage").string() +
                         ":1:1: '\\x01\\x02\\xfe' is not a hostname (letters, digits, '.', "
                         "'-', '_', ':'); is this a nodes file?\n");
}

TEST_F(ValidateCli, ABadFaultIsAnErrorAtItsLineAndColumn) {
  const std::string test =
      write("bad.yaml",
            "name: t\nnodes: {local: 3}\ndb: etcd\nworkload: register\nnemesis:\n  faults:\n"
            "    - bandwidth: {rate: 0mbit}\n");
  Ran ran = run("validate " + test);
  EXPECT_EQ(ran.status, 254);
  EXPECT_EQ(ran.err, "faultline validate: " + test +
                         ":7:25: 'rate': rate '0mbit' is below 1kbit: nothing would get through\n");
}

TEST_F(ValidateCli, AnAdapterThatCannotStartIsAnErrorAtTheClient) {
  const std::string test = write(
      "adapter.yaml",
      "name: t\nnodes: {local: 3}\ndb: {kind: shell, process: x, steps: {install: i, start: s, "
      "stop: t, wipe: w}}\nclient: {kind: adapter, command: [./no-such-adapter.py]}\n"
      "workload: register\n");
  const std::string store = (dir_ / "store").string();
  for (const std::string& command : {"validate " + test, "run " + test + " --store " + store}) {
    Ran ran = run(command);
    EXPECT_EQ(ran.status, 254) << command;
    EXPECT_NE(ran.err.find(test + ":4:9: the adapter [" + (dir_ / "no-such-adapter.py").string() +
                           "] could not be started: "),
              std::string::npos)
        << ran.err;
    EXPECT_FALSE(fs::exists(store));
  }
}

TEST_F(ValidateCli, AGoodTestValidatesAndSaysWhatItChecked) {
  Ran ran = run("validate " + std::string(FAULTLINE_SOURCE_DIR) + "/examples/etcd-register.yaml");
  EXPECT_EQ(ran.status, 0) << ran.err;
  EXPECT_EQ(ran.out, std::string(FAULTLINE_SOURCE_DIR) +
                         "/examples/etcd-register.yaml: valid: 'etcd-register', etcd, etcd, "
                         "linearizable reads, register, 3 nodes, 4 faults\n");
  Ran shell = run("validate " + std::string(FAULTLINE_SOURCE_DIR) + "/examples/etcd-shell.yaml");
  EXPECT_EQ(shell.status, 0) << shell.err;
  EXPECT_NE(shell.out.find("the adapter answered a probe read"), std::string::npos) << shell.out;
}

TEST_F(ValidateCli, TheContainerExamplesValidateAsFiveContainerNodes) {
  for (const std::string name : {"etcd-docker", "etcd-docker-serializable"}) {
    const std::string path = std::string(FAULTLINE_SOURCE_DIR) + "/examples/" + name + ".yaml";
    Ran ran = run("validate " + path);
    EXPECT_EQ(ran.status, 0) << ran.err;
    EXPECT_EQ(ran.out.rfind(path + ": valid: '" + name + "', etcd, etcd, ", 0), 0u) << ran.out;
    EXPECT_NE(ran.out.find(", register, 5 container nodes, "), std::string::npos) << ran.out;
  }
}

TEST_F(ValidateCli, TheRedisClocksExampleValidatesWithItsAdapterAndEveryClockFault) {
  Ran ran = run("validate " + std::string(FAULTLINE_SOURCE_DIR) + "/examples/redis-clocks.yaml");
  EXPECT_EQ(ran.status, 0) << ran.err;
  EXPECT_NE(ran.out.find(": valid: 'redis-clocks', shell (redis-server), adapter: python3 " +
                         std::string(FAULTLINE_SOURCE_DIR) +
                         "/examples/adapters/redis_adapter.py, register, 3 nodes, 6 faults; "
                         "the adapter answered a probe read"),
            std::string::npos)
      << ran.out;
}

}  // namespace
}  // namespace faultline
