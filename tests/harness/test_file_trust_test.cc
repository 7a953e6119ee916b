// Inputs that once passed validation and then failed at run time, or worse,
// injected nothing and reported VALID (the "Trust" issue): each is now an
// error at its file:line:col before any node is touched.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "harness/config/test_file.h"
#include "harness/config/test_overrides.h"
#include "harness/config/test_preflight.h"
#include "tests/harness/test_file_error_of.h"

namespace faultline {
namespace {

namespace fs = std::filesystem;

std::string error_of(const std::string& text) { return testing::test_file_error_of(text); }

const std::string kHead = "name: t\nnodes: {local: 3}\ndb: etcd\nworkload: register\n";
const std::string kShell =
    "name: t\nnodes: {local: 3}\ndb:\n  kind: shell\n  process: redis-server\n  steps:\n"
    "    install: i\n    start: s\n    stop: t\n    wipe: w\n";
const std::string kShellTail = "client: {kind: adapter, command: [a]}\nworkload: register\n";

// The head, then a nemesis with one fault on line 7, column 7.
std::string with_fault(const std::string& fault) {
  return kHead + "nemesis:\n  faults:\n    - " + fault + "\n";
}

struct Bad {
  const char* name;
  std::string text;
  const char* error;  // "line:col: message", exactly
};

class TrustErrors : public ::testing::TestWithParam<Bad> {};

TEST_P(TrustErrors, IsAnErrorAtItsPlace) { EXPECT_EQ(error_of(GetParam().text), GetParam().error); }

INSTANTIATE_TEST_SUITE_P(
    TestFile, TrustErrors,
    ::testing::Values(
        // YAML is UTF-8 text without control characters; yaml-cpp reads a NUL
        // as garbage, and raw bytes would reach messages and JSON output.
        Bad{"NulByte", kHead + std::string("rate: 1\0\n", 9),
            "5:8: not a YAML text file: byte \\x00 is not UTF-8 text (or is a control character)"},
        Bad{"NotUtf8", "name: t\nnodés: 1\nn\xe9: 2\n",
            "3:2: not a YAML text file: byte \\xe9 is not UTF-8 text (or is a control character)"},
        // yaml-cpp points past a cut escape (quoting its end-of-input mark, 0x04)
        // and decodes "\_" (U+00A0) to a byte that is not UTF-8.
        Bad{"CutEscape", "\"\\", "1:3: unknown escape character: \\x04"},
        Bad{"EscapeThatIsNotUtf8", "\"\\_x\": 1\n",
            "1:1: unknown top-level key '\\xa0x' (did you mean 'db'?); known: name, nodes, db, "
            "client, workload, "
            "concurrency, rate, time_limit, keys, txn, elle, nemesis, checkers, seed"},
        Bad{"ZeroBandwidth", with_fault("bandwidth: {rate: 0mbit}"),
            "7:25: 'rate': rate '0mbit' is below 1kbit: nothing would get through"},
        Bad{"GarbageBandwidth", with_fault("bandwidth: {rate: fast}"),
            "7:25: 'rate': rate 'fast' is not a rate: write a number and a unit, e.g. 8mbit, "
            "500kbit, 1gbit, 1mbps (bytes)"},
        Bad{"NegativeDelay", with_fault("netem: {delay_ms: -5}"),
            "7:25: 'delay_ms' must be a delay of 1 to 60000 ms, not '-5'"},
        Bad{"NegativeJitter", with_fault("netem: {delay_ms: 5, jitter_ms: -1}"),
            "7:39: 'jitter_ms' must be a jitter of 0 to 60000 ms, not '-1'"},
        Bad{"ZeroLoss", with_fault("loss: {percent: 0}"),
            "7:23: 'percent' must be a number from 0 to 100 (more than 0: 0% drops nothing), not "
            "'0'"},
        Bad{"ZeroClockBump", with_fault("clock: {bump_ms: 0}"),
            "7:24: 'bump_ms' is 0: it would move no clock"},
        Bad{"ComponentsWithAnUnknownNode",
            with_fault("partition: {shape: components, components: 'n1,n2|n9'}"),
            "7:7: components 'n1,n2|n9': unknown node 'n9' (did you mean 'n1'?); known: n1, n2, "
            "n3"},
        Bad{"ComponentsMissingANode",
            with_fault("partition: {shape: components, components: 'n1|n2'}"),
            "7:7: components 'n1|n2': node n3 is in no component"},
        Bad{"OneComponent", with_fault("partition: {shape: components, components: 'n1,n2,n3'}"),
            "7:50: 'components' 'n1,n2,n3' must give two or more components split by '|', e.g. "
            "'n1,n2|n3'"},
        Bad{"ComponentsWithoutTheShape", with_fault("partition: {components: 'n1|n2,n3'}"),
            "7:31: 'components' is read only by shape 'components', not 'halves': write 'shape: "
            "components' or drop 'components'"},
        Bad{"TheShapeWithoutComponents", with_fault("partition: {shape: components}"),
            "7:26: shape 'components' needs 'components', e.g. components: 'n1,n2|n3'"},
        Bad{"ATargetNoShapeReads", with_fault("partition: {shape: halves, target: n1}"),
            "7:42: 'target' is read only by shape 'isolate' (the nodes cut off), not 'halves': "
            "write 'shape: isolate' or drop 'target'"},
        Bad{"DuplicateTargetList", with_fault("pause: {target: [n1, n1]}"),
            "7:28: node 'n1' is named twice in 'target'"},
        Bad{"DuplicateTargetText", with_fault("pause: {target: 'n1,n1'}"),
            "7:23: 'target' names node 'n1' twice"},
        Bad{"IsolateEveryNode", with_fault("partition: {shape: isolate, target: all}"),
            "7:7: 'isolate' cuts the target off from the other nodes, but target 'all' can pick "
            "all 3 nodes: target one, minority or names"},
        Bad{"IsolateANamedListOfEveryNode",
            with_fault("partition: {shape: isolate, target: [n1, n2, n3]}"),
            "7:7: 'isolate' cuts the target off from the other nodes, but target 'n1,n2,n3' can "
            "pick all 3 nodes: target one, minority or names"},
        Bad{"IsolateAnUnknownNode", with_fault("partition: {shape: isolate, target: n7}"),
            "7:7: 'partition' targets unknown node 'n7' (did you mean 'n1'?); known: n1, n2, n3"},
        Bad{"PrimariesTargetWithEtcd", with_fault("kill: {target: primaries}"),
            "7:7: 'kill' uses target 'primaries', but faultline cannot ask etcd for its leader "
            "(yet): target one, minority or names"},
        Bad{"PrimariesShapeWithAShellDbThatCannotNameThem",
            kShell + kShellTail + "nemesis:\n  faults:\n    - partition: {shape: primaries}\n",
            "15:7: 'partition' uses shape 'primaries', but the shell db has no 'primaries' step "
            "to name them: add one that prints the names of the nodes that lead, e.g. "
            "'primaries: if <this node leads>; then echo ${node}; fi'"},
        Bad{"CommandSubstitutionInAVariable",
            kShell + "    configure: echo ${node$(touch /tmp/x)}\n" + kShellTail,
            "11:16: step 'configure' has '${node$(touch /tmp/x)}', which names no variable: "
            "inside ${...} stands a name (letters, digits, '_'), e.g. ${node}, and at most an "
            "expansion such as ${node:-none}"},
        Bad{"AHugeTimeLimit", kHead + "time_limit: 99999999999h\n",
            "5:13: 'time_limit' is 99999999999h, but at most 168h (a week)"},
        Bad{"AHugeInterval",
            with_fault("kill").substr(0, kHead.size()) +
                "nemesis:\n  interval: 200h\n  faults: [kill]\n",
            "6:13: 'interval' is 200h, but at most 168h (a week)"},
        Bad{"ALongName",
            "name: " + std::string(300, 'a') + "\nnodes: {local: 3}\ndb: etcd\n" +
                "workload: register\n",
            "1:7: 'name' names the run's results folder: at most 100 characters, not 300"}),
    [](const auto& info) { return std::string(info.param.name); });

TEST(TrustAccepted, IsolateTakesAnyTargetSpecAndAShellDbNamesItsPrimaries) {
  for (const char* target :
       {"", ", target: one", ", target: minority", ", target: n2", ", target: [n1, n3]"}) {
    EXPECT_EQ(error_of(with_fault(std::string("partition: {shape: isolate") + target + "}")),
              "no error")
        << target;
  }
  const std::string primaries = kShell + "    primaries: if leads; then echo ${node}; fi\n" +
                                kShellTail + "nemesis:\n  faults:\n";
  EXPECT_EQ(error_of(primaries + "    - partition: {shape: primaries}\n"), "no error");
  EXPECT_EQ(error_of(primaries + "    - kill: {target: primaries}\n"), "no error");
  EXPECT_EQ(error_of(primaries + "    - partition: {shape: isolate, target: primaries}\n"),
            "no error");
  EXPECT_EQ(error_of(kShell +
                     "    configure: echo ${HOME} ${node} $(hostname) ${#peers} ${x:+,} "
                     "${node%%.*} ${a:-${address}}\n" +
                     kShellTail),
            "no error");
  EXPECT_EQ(error_of(kShell + "    configure: echo ${!node}\n" + kShellTail).substr(0, 38),
            "11:16: step 'configure' has '${!node}'");
}

// A nodes file the test names: read before anything else, its errors at the
// test's `nodes` (or in the nodes file), its nodes used for the fault checks.
class NodesFileChecks : public ::testing::Test {
 protected:
  NodesFileChecks() {
    dir_ = fs::temp_directory_path() / ("faultline-trust-" + std::to_string(::getpid()));
    fs::create_directories(dir_);
  }
  ~NodesFileChecks() override { fs::remove_all(dir_); }
  std::string write(const std::string& name, const std::string& text) {
    std::ofstream(dir_ / name, std::ios::binary) << text;
    return (dir_ / name).string();
  }
  // check_nodes_file's error for a test whose nodes are {file: `nodes`}.
  std::string preflight(const std::string& nodes, const std::string& faults = "") {
    const std::string test_path = (dir_ / "test.yaml").string();
    Parsed<TestFile> test = parse_test_file(
        "name: t\nnodes: {file: " + nodes + "}\ndb: etcd\nworkload: register\n" + faults,
        test_path);
    if (!test) return "parse: " + test.error().to_string();
    std::optional<SourceError> problem = check_nodes_file(*test);
    if (!problem) return "no error";
    std::string text = problem->to_string();
    for (size_t at; (at = text.find(dir_.string() + "/")) != std::string::npos;) {
      text.erase(at, dir_.string().size() + 1);
    }
    return text;
  }
  fs::path dir_;
};

TEST_F(NodesFileChecks, AMissingFileIsAnErrorAtTheTestsNodes) {
  EXPECT_EQ(preflight("missing.yaml"),
            "test.yaml:2:8: nodes file missing.yaml: cannot read: No such file or directory");
}

TEST_F(NodesFileChecks, ADirectoryIsAnErrorAtTheTestsNodes) {
  fs::create_directories(dir_ / "folder");
  EXPECT_EQ(preflight("folder"),
            "test.yaml:2:8: nodes file folder: cannot read: is a directory, not a file");
}

TEST_F(NodesFileChecks, GarbageIsAnErrorInTheNodesFileShownWithoutRawBytes) {
  write("garbage", std::string("\x7f"
                               "ELF\x02\x01\x01\x00\x00\xff",
                               10) +
                       "\n");
  EXPECT_EQ(preflight("garbage"),
            "garbage:1:1: '\\x7fELF\\x02\\x01\\x01\\x00\\x00\\xff' is not a hostname (letters, "
            "digits, '.', '-', '_', ':'); is this a nodes file?");
  write("empty", "# nothing\n");
  EXPECT_EQ(preflight("empty"), "test.yaml:2:8: nodes file empty: lists no nodes");
}

TEST_F(NodesFileChecks, TheFilesNodesAreCheckedAgainstTheFaults) {
  write("nodes", "db1\ndb2\ndb3\n");
  EXPECT_EQ(preflight("nodes"), "no error");
  EXPECT_EQ(preflight("nodes", "nemesis:\n  faults:\n    - pause: {target: db4}\n"),
            "test.yaml:7:7: 'pause' targets unknown node 'db4' (did you mean 'db1'?); known: "
            "db1, db2, db3");
  EXPECT_EQ(preflight("nodes",
                      "nemesis:\n  faults:\n    - partition: {shape: components, components: "
                      "'db1|db2'}\n"),
            "test.yaml:7:7: components 'db1|db2': node db3 is in no component");
}

TEST_F(NodesFileChecks, ANodesFileOptionThatCannotBeReadNamesTheOption) {
  Parsed<TestFile> test = parse_test_file(kHead, (dir_ / "test.yaml").string());
  ASSERT_TRUE(test);
  TestOverrides overrides;
  overrides.nodes_file = (dir_ / "missing").string();
  ASSERT_EQ(apply_overrides(*test, overrides), std::nullopt);
  std::optional<SourceError> problem = check_nodes_file(*test);
  ASSERT_TRUE(problem);
  EXPECT_TRUE(problem->where.file.empty());
  EXPECT_EQ(problem->message, "--nodes-file " + (dir_ / "missing").string() +
                                  ": cannot read: No such file or directory");
}

}  // namespace
}  // namespace faultline
