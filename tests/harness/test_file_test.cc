// The test file of `faultline run`: a good file read whole, each key's errors
// at their line and column, "did you mean", impossible combinations, overrides.
#include "harness/config/test_file.h"

#include <gtest/gtest.h>

#include "harness/config/test_overrides.h"
#include "tests/harness/test_file_error_of.h"

namespace faultline {
namespace {

using std::chrono::milliseconds;

const char kGood[] = R"(name: etcd-register
nodes: {local: 3}
db: etcd
client: {kind: etcd, reads: serializable}
workload: register
concurrency: 10
rate: 250.5
time_limit: 2m
keys: {ops_per_key: 300, active: 4}
nemesis:
  interval: 5s
  duration: 10s
  faults:
    - partition: {shape: halves}
    - kill: {target: minority}
checkers: [linearizability]
seed: 42
)";

std::string error_of(const std::string& text) { return testing::test_file_error_of(text); }

// The minimal good file with `extra` lines added.
std::string minimal(const std::string& extra) {
  return "name: t\nnodes: {local: 3}\ndb: etcd\nworkload: register\n" + extra;
}

TEST(TestFileTest, ReadsEveryKeyOfAGoodFile) {
  Parsed<TestFile> test = parse_test_file(kGood, "dir/test.yaml");
  ASSERT_TRUE(test) << test.error().to_string();
  EXPECT_EQ(test->path, "dir/test.yaml");
  EXPECT_EQ(test->name, "etcd-register");
  EXPECT_EQ(test->nodes.kind, NodesSource::Kind::kLocal);
  EXPECT_EQ(test->nodes.local_nodes, 3);
  EXPECT_EQ(test->db.kind, DbKind::kEtcd);
  EXPECT_EQ(test->client.kind, ClientKind::kEtcd);
  EXPECT_EQ(test->client.reads, EtcdReads::kSerializable);
  EXPECT_EQ(test->workload, "register");
  EXPECT_EQ(test->concurrency, 10);
  EXPECT_DOUBLE_EQ(test->rate, 250.5);
  EXPECT_EQ(test->time_limit, milliseconds(120'000));
  EXPECT_EQ(test->keys.ops_per_key, 300);
  EXPECT_EQ(test->keys.active, 4);
  ASSERT_TRUE(test->nemesis.has_value());
  EXPECT_EQ(test->nemesis->interval, milliseconds(5'000));
  ASSERT_EQ(test->nemesis->faults.size(), 2u);
  EXPECT_EQ(test->nemesis->faults[1].kind, "kill");
  EXPECT_EQ(test->nemesis->faults[1].target, "minority");
  EXPECT_EQ(test->checkers, std::vector<std::string>{"linearizability"});
  EXPECT_EQ(test->seed, 42u);
}

TEST(TestFileTest, DefaultsWhatIsLeftOut) {
  Parsed<TestFile> test = parse_test_file(minimal(""), "t.yaml");
  ASSERT_TRUE(test) << test.error().to_string();
  EXPECT_EQ(test->client.kind, ClientKind::kEtcd);
  EXPECT_EQ(test->client.reads, EtcdReads::kLinearizable);
  EXPECT_EQ(test->concurrency, 5);
  EXPECT_DOUBLE_EQ(test->rate, 100);
  EXPECT_EQ(test->time_limit, milliseconds(60'000));
  EXPECT_EQ(test->keys.ops_per_key, 200);
  EXPECT_EQ(test->keys.active, 5);
  EXPECT_FALSE(test->nemesis.has_value());
  EXPECT_TRUE(test->checkers.empty());
  EXPECT_FALSE(test->seed.has_value());
}

TEST(TestFileTest, ReadsNodesAsAFileOrHosts) {
  Parsed<TestFile> file =
      parse_test_file("name: t\nnodes: {file: ../nodes.yaml}\ndb: etcd\nworkload: register\n",
                      "/tests/dir/test.yaml");
  ASSERT_TRUE(file) << file.error().to_string();
  EXPECT_EQ(file->nodes.kind, NodesSource::Kind::kFile);
  EXPECT_EQ(file->nodes.file, "/tests/nodes.yaml");  // relative to the test file
  EXPECT_TRUE(file->nodes.known_names().empty());

  Parsed<TestFile> hosts =
      parse_test_file("name: t\nnodes: [db1, db2]\ndb: etcd\nworkload: register\n", "t.yaml");
  ASSERT_TRUE(hosts) << hosts.error().to_string();
  EXPECT_EQ(hosts->nodes.kind, NodesSource::Kind::kHosts);
  EXPECT_EQ(hosts->nodes.hosts, (std::vector<std::string>{"db1", "db2"}));
}

TEST(TestFileTest, ReadsNodesAsAClusterOfContainers) {
  Parsed<TestFile> docker =
      parse_test_file("name: t\nnodes: {docker: 5}\ndb: etcd\nworkload: register\n", "t.yaml");
  ASSERT_TRUE(docker) << docker.error().to_string();
  EXPECT_EQ(docker->nodes.kind, NodesSource::Kind::kLocal);
  EXPECT_TRUE(docker->nodes.containers);
  EXPECT_EQ(docker->nodes.local_nodes, 5);
  EXPECT_EQ(docker->nodes.image, "");
  EXPECT_EQ(docker->nodes.known_names(), (std::vector<std::string>{"n1", "n2", "n3", "n4", "n5"}));
  // The same cluster spelt as a kind of local cluster; namespace is the default kind.
  Parsed<TestFile> spelt = parse_test_file(
      "name: t\nnodes: {local: 4, backend: docker, image: 'my-node:2'}\ndb: etcd\n"
      "workload: register\n",
      "t.yaml");
  ASSERT_TRUE(spelt) << spelt.error().to_string();
  EXPECT_TRUE(spelt->nodes.containers);
  EXPECT_EQ(spelt->nodes.local_nodes, 4);
  EXPECT_EQ(spelt->nodes.image, "my-node:2");
  Parsed<TestFile> namespaces = parse_test_file(
      "name: t\nnodes: {local: 2, backend: namespace}\ndb: etcd\nworkload: register\n", "t.yaml");
  ASSERT_TRUE(namespaces) << namespaces.error().to_string();
  EXPECT_FALSE(namespaces->nodes.containers);
  EXPECT_EQ(namespaces->nodes.local_nodes, 2);

  Parsed<TestFile> image = parse_test_file(
      "name: t\nnodes: {docker: 3, image: 'my-node:1'}\ndb: etcd\nworkload: register\n", "t.yaml");
  ASSERT_TRUE(image) << image.error().to_string();
  EXPECT_TRUE(image->nodes.containers);
  EXPECT_EQ(image->nodes.image, "my-node:1");

  Parsed<TestFile> local = parse_test_file(minimal(""), "t.yaml");
  ASSERT_TRUE(local) << local.error().to_string();
  EXPECT_FALSE(local->nodes.containers);
}

TEST(TestFileTest, ReadsAShellDbWithAnAdapterClient) {
  Parsed<TestFile> test = parse_test_file(R"(name: redis
nodes: [r1, r2, r3]
db:
  kind: shell
  process: redis-server
  logs: [/var/lib/faultline/redis.log]
  steps:
    install: apt-get install -y redis-server
    start: redis-server --bind ${address} --replicaof ${peers} --dir ${HOME}
    stop: redis-cli -h ${address} shutdown
    wipe: rm -rf /var/lib/faultline/redis-${node}
client:
  kind: adapter
  command: [python3, adapter.py, --port, "6379"]
  env: {LOG: debug}
workload: register
)",
                                          "t.yaml");
  ASSERT_TRUE(test) << test.error().to_string();
  EXPECT_EQ(test->db.kind, DbKind::kShell);
  EXPECT_EQ(test->db.process, "redis-server");
  EXPECT_EQ(test->db.logs, std::vector<std::string>{"/var/lib/faultline/redis.log"});
  EXPECT_EQ(test->db.steps.size(), 4u);
  EXPECT_EQ(test->client.kind, ClientKind::kAdapter);
  EXPECT_EQ(test->client.command,
            (std::vector<std::string>{"python3", "adapter.py", "--port", "6379"}));
  EXPECT_EQ(test->client.env.at("LOG"), "debug");

  std::optional<Command> wipe =
      db_step_command(test->db, "wipe", {"r2", "10.0.0.2", {"10.0.0.1", "10.0.0.2"}});
  ASSERT_TRUE(wipe.has_value());
  EXPECT_EQ(wipe->script, "rm -rf /var/lib/faultline/redis-${node}");
  EXPECT_EQ(wipe->env.at("node"), "r2");
  EXPECT_EQ(wipe->env.at("address"), "10.0.0.2");
  EXPECT_EQ(wipe->env.at("peers"), "10.0.0.1,10.0.0.2");
  EXPECT_FALSE(db_step_command(test->db, "pause", {}).has_value());
}

TEST(TestFileTest, TopLevelErrors) {
  EXPECT_EQ(error_of(minimal("concurency: 4\n")),
            "5:1: unknown top-level key 'concurency' (did you mean 'concurrency'?); known: name, "
            "nodes, db, client, workload, concurrency, rate, time_limit, keys, txn, elle, "
            "nemesis, checkers, seed");
  EXPECT_EQ(error_of(minimal("rate: 5\nrate: 6\n")), "6:1: 'rate' is given twice; keep one");
  EXPECT_EQ(error_of("name: t\nnodes: {local: 3}\nworkload: register\n"),
            "1:1: missing 'db': the database to test, e.g. 'db: etcd'");
  EXPECT_EQ(error_of("- a\n"),
            "1:1: a test file is a mapping of keys (name, nodes, db, ...), not a list");
  EXPECT_EQ(error_of("name: [t\n").substr(0, 4), "2:1:");  // YAML syntax, where it broke
}

TEST(TestFileTest, NameAndWorkloadErrors) {
  EXPECT_EQ(error_of("name: a/b\nnodes: {local: 3}\ndb: etcd\nworkload: register\n"),
            "1:7: 'name' names the run's results folder: use letters, digits, '.', '_' and "
            "'-', not 'a/b'");
  EXPECT_EQ(error_of("name: t\nnodes: {local: 3}\ndb: etcd\nworkload: regster\n"),
            "4:11: unknown workload 'regster' (did you mean 'register'?); known: register, set, "
            "counter, list-append, rw-register");
  EXPECT_EQ(error_of("name: t\nnodes: {local: 3}\ndb: etcd\nworkload: queue\n"),
            "4:11: unknown workload 'queue'; known: register, set, counter, list-append, "
            "rw-register");
}

TEST(TestFileTest, NodesErrors) {
  const auto with_nodes = [](const std::string& nodes) {
    return error_of("name: t\nnodes: " + nodes + "\ndb: etcd\nworkload: register\n");
  };
  EXPECT_EQ(with_nodes("{local: 0}"),
            "2:16: 'local' is 0, but a local cluster has 1 to 9 nodes; for more, make machines "
            "and give them with {file: nodes.yaml}");
  EXPECT_EQ(with_nodes("{local: 10}").substr(0, 21), "2:16: 'local' is 10, ");
  EXPECT_EQ(with_nodes("{lokal: 3}"),
            "2:9: unknown nodes source 'lokal' (did you mean 'local'?); known: local, docker, "
            "image, file, backend");
  EXPECT_EQ(with_nodes("nodes.yaml"),
            "2:8: 'nodes' is {local: N} (a local cluster for the run), {docker: N} (a cluster of "
            "containers for the run), {file: nodes.yaml}, or a list of hosts, not 'nodes.yaml'");
  EXPECT_EQ(with_nodes("{dokcer: 3}"),
            "2:9: unknown nodes source 'dokcer' (did you mean 'docker'?); known: local, docker, "
            "image, file, backend");
  EXPECT_EQ(with_nodes("{docker: 0}"),
            "2:17: 'docker' is 0, but a local cluster has 1 to 9 nodes; for more, make machines "
            "and give them with {file: nodes.yaml}");
  EXPECT_EQ(with_nodes("{docker: 3, local: 3}").substr(0, 50),
            "2:27: 'local' and 'docker' are two nodes sources: ");
  EXPECT_EQ(with_nodes("{local: 3, image: x}"),
            "2:26: 'image' goes with {docker: N} only (the image of the containers)");
  EXPECT_EQ(with_nodes("{local: 3, backend: vm}"),
            "2:28: 'backend' is docker (containers) or namespace (network namespaces, the "
            "default), not 'vm'");
  EXPECT_EQ(with_nodes("{backend: docker}"),
            "2:18: 'backend' goes with {local: N} (the kind of local cluster)");
  EXPECT_EQ(with_nodes("{local: 3, backend: namespace, image: x}"),
            "2:46: 'image' goes with {docker: N} only (the image of the containers)");
  EXPECT_EQ(with_nodes("{local: 3, backend: docker, docker: 3}").substr(0, 55),
            "2:16: 'local' and 'docker' are two nodes sources: give ");
  EXPECT_EQ(with_nodes("{docker: 3, image: 'a b'}"),
            "2:27: 'image' is the name of a Docker image (e.g. faultline-node:0123456789abcdef), "
            "not 'a b'");
  EXPECT_EQ(with_nodes("{image: x}"),
            "2:16: 'image' goes with {docker: N} only (the image of the containers)");
  EXPECT_EQ(with_nodes("[a, b, a]"), "2:15: host 'a' is listed twice in 'nodes'");
}

TEST(TestFileTest, DbErrors) {
  EXPECT_EQ(error_of("name: t\nnodes: {local: 3}\ndb: etdc\nworkload: register\n"),
            "3:5: unknown db kind 'etdc' (did you mean 'etcd'?); known: etcd, shell");
  EXPECT_EQ(error_of("name: t\nnodes: {local: 3}\ndb: {kind: etcd, steps: {}}\n"
                     "workload: register\n"),
            "3:18: etcd is built in: its steps and process are not set here; remove 'steps', or "
            "use 'kind: shell'");
  const std::string shell_head = "name: t\nnodes: {local: 3}\ndb:\n  kind: shell\n  steps:\n";
  const std::string tail = "client: {kind: adapter, command: [a]}\nworkload: register\n";
  const std::string good_steps = "    install: i\n    start: s\n    stop: t\n    wipe: w\n";
  EXPECT_EQ(error_of(shell_head + good_steps + "    strat: s\n" + tail),
            "10:5: unknown db step 'strat' (did you mean 'start'?); known: install, configure, "
            "start, await_ready, stop, kill, pause, resume, primaries, wipe");
  EXPECT_EQ(error_of(shell_head + good_steps + "    start: again\n" + tail),
            "10:5: 'start' is given twice; keep one");
  EXPECT_EQ(error_of(shell_head + "    install: i\n    start: s\n    stop: t\n" + tail),
            "6:5: a shell db must say how to 'wipe': add 'wipe: <command>' under 'steps'");
  EXPECT_EQ(error_of(shell_head + good_steps + "    await_ready: curl ${adress}:80\n" + tail),
            "10:18: step 'await_ready' uses unknown variable '${adress}' (did you mean "
            "'${address}'?); the variables are ${node}, ${address} and ${peers}");
  EXPECT_EQ(error_of(shell_head + good_steps + "    configure: echo ${node\n" + tail),
            "10:16: step 'configure' has '${' without a closing '}'");
  EXPECT_EQ(error_of("name: t\nnodes: {local: 3}\ndb:\n  kind: shell\n"
                     "  process: postgres-checkpointer\n  steps:\n" +
                     good_steps + tail),
            "5:12: 'process' is matched against the kernel's process name, which keeps 15 "
            "characters: write 'postgres-checkp'");
  EXPECT_EQ(error_of(shell_head + good_steps + "    pause: kill -STOP 1\n" + tail),
            "10:12: a 'pause' step needs a 'resume' step too (the pause fault runs both): add "
            "'resume: <command>' under 'steps'");
  EXPECT_EQ(error_of("name: t\nnodes: {local: 3}\ndb: shell\nworkload: register\n"),
            "3:5: a shell db needs its steps: write 'db: {kind: shell, steps: {install: ..., "
            "start: ..., stop: ..., wipe: ...}}'");
}

TEST(TestFileTest, ClientErrors) {
  const auto with_client = [](const std::string& client) {
    return error_of(minimal("client: " + client + "\n"));
  };
  EXPECT_EQ(with_client("{kind: etcd, reads: serialisable}"),
            "5:29: unknown reads 'serialisable' (did you mean 'serializable'?); known: "
            "linearizable, serializable");
  EXPECT_EQ(with_client("{kind: etcd, raeds: serializable}"),
            "5:22: unknown client key 'raeds' (did you mean 'reads'?); known: kind, reads");
  EXPECT_EQ(with_client("{kind: adaptor}"),
            "5:16: unknown client kind 'adaptor' (did you mean 'adapter'?); known: etcd, adapter");
  EXPECT_EQ(with_client("{kind: adapter}"),
            "5:9: an adapter client needs 'command': the program faultline starts for each "
            "worker, e.g. [python3, adapter.py]");
  EXPECT_EQ(with_client("{kind: adapter, command: [x], env: [a]}"),
            "5:44: 'env' must be a mapping, not a list");
}

TEST(TestFileTest, NumberErrors) {
  EXPECT_EQ(error_of(minimal("concurrency: 0\n")),
            "5:14: 'concurrency' is 0, but it is the number of workers: 1 or more (at most "
            "10000)");
  EXPECT_EQ(error_of(minimal("concurrency: many\n")),
            "5:14: 'concurrency' must be a whole number, not 'many'");
  EXPECT_EQ(error_of(minimal("rate: -1\n")),
            "5:7: 'rate' is -1, but it is ops/s for all workers together: 0 (no limit) or more");
  EXPECT_EQ(
      error_of(minimal("time_limit: 60\n")),
      "5:13: 'time_limit' must be a positive duration such as 10s, 500ms, 2m or 1h, not '60'");
  EXPECT_EQ(error_of(minimal("seed: -3\n")),
            "5:7: 'seed' must be a non-negative whole number, not '-3'");
  EXPECT_EQ(error_of(minimal("keys: {ops_per_key: 0}\n")),
            "5:21: 'ops_per_key' is 0, but each key needs at least 1 op before a fresh key is "
            "used");
  EXPECT_EQ(error_of(minimal("keys: {active: 0}\n")),
            "5:16: 'active' is 0, but at least 1 key must be in use (at most 10000)");
  EXPECT_EQ(error_of(minimal("keys: {opsperkey: 3}\n")),
            "5:8: unknown keys setting 'opsperkey' (did you mean 'ops_per_key'?); known: "
            "ops_per_key, active");
  EXPECT_EQ(error_of(minimal("keys: 5\n")), "5:7: 'keys' must be a mapping, not '5'");
}

TEST(TestFileTest, NemesisAndCheckerErrors) {
  EXPECT_EQ(error_of(minimal("nemesis:\n  faults:\n    - partiton: {shape: halves}\n")),
            "7:7: unknown fault kind 'partiton' (did you mean 'partition'?); known: partition, "
            "loss, netem, bandwidth, pause, kill, clock");
  EXPECT_EQ(error_of(minimal("checkers: [linearizability, linearisable]\n")),
            "5:29: unknown checker 'linearisable'; known: linearizability, set, counter, elle");
}

TEST(TestFileTest, ExplainsImpossibleCombinations) {
  EXPECT_EQ(error_of(minimal("client: {kind: adapter, command: [a], reads: serializable}\n")),
            "5:39: 'reads: serializable' is a setting of the etcd client; an adapter chooses "
            "how it reads: remove 'reads', or use 'kind: etcd'");
  EXPECT_EQ(error_of("name: t\nnodes: {local: 3}\ndb: {kind: shell, steps: {install: i, start: "
                     "s, stop: t, wipe: w}}\nworkload: register\n"),
            "3:5: a shell db needs a client that speaks to it: add 'client: {kind: adapter, "
            "command: [program, args...]}' (the etcd client is only for etcd)");
  EXPECT_EQ(error_of("name: t\nnodes: {local: 3}\ndb: etcd\nworkload: set\n"
                     "checkers: [linearizability]\n"),
            "5:12: the set workload's history is read by the 'set' checker, not "
            "'linearizability': write 'checkers: [set]' or leave 'checkers' out");
  EXPECT_EQ(error_of("name: t\nnodes: {local: 1}\ndb: etcd\nworkload: register\n"
                     "nemesis:\n  faults:\n    - partition: {shape: halves}\n"),
            "7:7: a partition needs at least 2 nodes, but 'nodes' gives 1: use more nodes (e.g. "
            "{local: 3}) or drop it");
  EXPECT_EQ(error_of("name: t\nnodes: {local: 3}\ndb: {kind: shell, steps: {install: i, start: "
                     "s, stop: t, wipe: w}}\nclient: {kind: adapter, command: [a]}\n"
                     "workload: register\nnemesis:\n  faults:\n    - kill\n"),
            "8:7: a 'kill' fault needs to know which process to signal, but the shell db has "
            "neither 'process' nor a 'kill' step: add 'process: <name>' under 'db'");
  const std::string hosts = "name: t\nnodes: [db1, db2, db3]\ndb: etcd\nworkload: register\n";
  EXPECT_EQ(error_of(hosts + "nemesis:\n  faults:\n    - pause: {target: [db1, db4]}\n"),
            "7:7: 'pause' targets unknown node 'db4' (did you mean 'db1'?); known: db1, db2, db3");
  EXPECT_EQ(error_of(hosts + "nemesis:\n  faults:\n    - pause: {target: [db1, db3]}\n"),
            "no error");
  EXPECT_EQ(error_of(minimal("time_limit: 10s\nnemesis:\n  interval: 5s\n  duration: 8s\n"
                             "  faults: [kill]\n")),
            "5:13: the nemesis would inject no fault: its first one starts after 'interval' "
            "(5s) and lasts 'duration' (8s), beyond the time limit (10s); lengthen "
            "'time_limit' or shorten the nemesis's interval or duration");
}

TEST(TestFileTest, OverridesReplaceTheFilesValues) {
  Parsed<TestFile> test = parse_test_file(kGood, "dir/test.yaml");
  ASSERT_TRUE(test) << test.error().to_string();
  TestOverrides overrides;
  overrides.nodes_file = "/tmp/nodes.yaml";
  overrides.time_limit = milliseconds(30'000);
  overrides.concurrency = 3;
  overrides.rate = 0;
  overrides.seed = 7;
  EXPECT_EQ(apply_overrides(*test, overrides), std::nullopt);
  EXPECT_EQ(test->nodes.kind, NodesSource::Kind::kFile);
  EXPECT_EQ(test->nodes.file, "/tmp/nodes.yaml");
  EXPECT_EQ(test->time_limit, milliseconds(30'000));
  EXPECT_EQ(test->concurrency, 3);
  EXPECT_DOUBLE_EQ(test->rate, 0);
  EXPECT_EQ(test->seed, 7u);
  EXPECT_EQ(test->keys.ops_per_key, 300);  // untouched
}

TEST(TestFileTest, RejectsBadOverridesAndKeepsTheFile) {
  Parsed<TestFile> test = parse_test_file(kGood, "dir/test.yaml");
  ASSERT_TRUE(test) << test.error().to_string();
  TestOverrides zero;
  zero.concurrency = 0;
  EXPECT_EQ(apply_overrides(*test, zero),
            "--concurrency is the number of workers: 1 or more, not 0");
  TestOverrides negative;
  negative.rate = -5;
  negative.seed = 1;
  EXPECT_EQ(apply_overrides(*test, negative),
            "--rate is ops/s for all workers together: 0 (no limit) or more");
  TestOverrides short_run;
  short_run.time_limit = milliseconds(12'000);
  EXPECT_EQ(apply_overrides(*test, short_run),
            "with --time-limit, the nemesis would inject no fault: its first one starts after "
            "'interval' (5s) and lasts 'duration' (10s), beyond the time limit (12s); lengthen "
            "'time_limit' or shorten the nemesis's interval or duration");
  EXPECT_EQ(test->concurrency, 10);
  EXPECT_EQ(test->seed, 42u);
  EXPECT_EQ(test->time_limit, milliseconds(120'000));
}

TEST(TestFileTest, TheExamplesParse) {
  for (const char* name : {"etcd-register.yaml", "etcd-serializable.yaml", "etcd-docker.yaml",
                           "etcd-docker-serializable.yaml"}) {
    const std::string path = std::string(FAULTLINE_SOURCE_DIR) + "/examples/" + name;
    Parsed<TestFile> test = read_test_file(path);
    ASSERT_TRUE(test) << test.error().to_string();
    EXPECT_EQ(test->db.kind, DbKind::kEtcd) << name;
    EXPECT_TRUE(test->nemesis.has_value()) << name;
  }
  Parsed<TestFile> serializable =
      read_test_file(std::string(FAULTLINE_SOURCE_DIR) + "/examples/etcd-serializable.yaml");
  ASSERT_TRUE(serializable);
  EXPECT_EQ(serializable->client.reads, EtcdReads::kSerializable);
  Parsed<TestFile> on_containers =
      read_test_file(std::string(FAULTLINE_SOURCE_DIR) + "/examples/etcd-docker.yaml");
  ASSERT_TRUE(on_containers);
  EXPECT_TRUE(on_containers->nodes.containers);
  EXPECT_EQ(on_containers->nodes.local_nodes, 5);
}

TEST(TestFileTest, SaysWhenTheFileCannotBeRead) {
  Parsed<TestFile> test = read_test_file("/nonexistent/test.yaml");
  ASSERT_FALSE(test);
  EXPECT_EQ(test.error().to_string(),
            "/nonexistent/test.yaml: cannot read the test file: No such file or directory");
}

}  // namespace
}  // namespace faultline
