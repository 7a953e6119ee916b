#include "tests/support/stored_run.h"

#include <algorithm>
#include <fstream>
#include <stdexcept>

#include "harness/cluster/local_process.h"
#include "harness/history/op.h"
#include "harness/run/results.h"

namespace faultline::testing {
namespace {

namespace fs = std::filesystem;

constexpr int kWorkers = 4;
constexpr double kRunSeconds = 20.0;
constexpr double kOpEvery = 0.2;

int64_t ns(double seconds) { return static_cast<int64_t>(seconds * 1e9); }

// How a fault looks to the clients of the nodes it hits.
enum class ClientEffect { kNone, kReadsFailWritesTimeOut, kTimeouts, kRefused };

struct PlannedFault {
  std::string kind;
  double start_s, end_s;
  Json request, applied, stopped;  // the start's request and outcome, the stop's outcome
  size_t node = 0;                 // the node whose clients see `effect`
  ClientEffect effect = ClientEffect::kNone;
};

std::vector<PlannedFault> planned_faults(const std::vector<std::string>& n,
                                         const std::string& process) {
  const Json grudge = {{n[0], {n[2]}}, {n[1], {n[2]}}, {n[2], {n[0], n[1]}}};
  const Json bump = {{"action", "bump"},
                     {"delta_ms", 30000},
                     {"mode", {{n[1], "process"}}},
                     {"offset_ms", {{n[1], 30000}}},
                     {"pids", {{n[1], {2202}}}},
                     {"previous_offset_ms", {{n[1], 0}}},
                     {"seen_offset_ms", {{n[1], 30000.017}}}};
  const Json scramble = {
      {"action", "set"},
      {"mode", {{n[0], "process"}, {n[1], "process"}, {n[2], "process"}}},
      {"offset_ms", {{n[0], 19013}, {n[1], -21200}, {n[2], 33105}}},
      {"pids", {{n[0], {2201}}, {n[1], {2202}}, {n[2], {2203}}}},
      {"previous_offset_ms", {{n[0], 0}, {n[1], 0}, {n[2], 0}}},
      {"seen_offset_ms", {{n[0], 19013.02}, {n[1], -21199.99}, {n[2], 33105.02}}}};
  return {
      {"partition",
       3.0,
       7.0,
       {{"target", "majority"}},
       grudge,
       {{"nodes", n}},
       2,
       ClientEffect::kReadsFailWritesTimeOut},
      {"pause",
       8.5,
       10.5,
       {{"target", "one"}},
       {{"process", process}, {"pids", {{n[1], {2202}}}}},
       {{"process", process}, {"pids", {{n[1], {2202}}}}},
       1,
       ClientEffect::kTimeouts},
      {"kill",
       11.5,
       13.5,
       {{"target", "one"}},
       {{"process", process}, {"pids", {{n[2], {2203}}}}},
       {{"process", process}, {"pids", {{n[2], {4567}}}}},
       2,
       ClientEffect::kRefused},
      {"clock", 14.5, 16.8, {{"bump_ms", 30000}, {"target", "one"}}, bump, {{"nodes", {n[1]}}}, 1},
      {"clock",
       17.2,
       18.6,
       {{"scramble_ms", 60000}, {"target", "all"}},
       scramble,
       {{"nodes", n}},
       0},
  };
}

Json op_json(Json process, const char* type, const std::string& f, Json value, double at_s) {
  return {{"process", std::move(process)},
          {"type", type},
          {"f", f},
          {"value", std::move(value)},
          {"time", ns(at_s)}};
}

// The nemesis runner's two info ops per step (nemeses/nemesis_runner.h).
void add_nemesis_ops(const std::vector<PlannedFault>& faults, std::vector<Json>& ops) {
  for (const PlannedFault& fault : faults) {
    ops.push_back(op_json("nemesis", "info", "start-" + fault.kind, fault.request, fault.start_s));
    ops.push_back(
        op_json("nemesis", "info", "start-" + fault.kind, fault.applied, fault.start_s + 0.05));
    ops.push_back(op_json("nemesis", "info", "stop-" + fault.kind, fault.applied, fault.end_s));
    ops.push_back(
        op_json("nemesis", "info", "stop-" + fault.kind, fault.stopped, fault.end_s + 0.04));
  }
}

ClientEffect effect_at(const std::vector<PlannedFault>& faults, size_t node, double at_s) {
  for (const PlannedFault& fault : faults)
    if (fault.node == node && fault.effect != ClientEffect::kNone && at_s >= fault.start_s &&
        at_s < fault.end_s)
      return fault.effect;
  return ClientEffect::kNone;
}

struct Counts {
  int64_t invoked = 0, ok = 0, failed = 0, indeterminate = 0;
};

// One worker's ops on its own key, one at a time: a write, a read, a cas
// (every other cas expects a value the key does not hold, and fails).
void add_worker_ops(int worker, const StoredRunSpec& spec, const std::vector<PlannedFault>& faults,
                    std::vector<Json>& ops, Counts& counts) {
  const size_t node = static_cast<size_t>(worker) % spec.nodes.size();
  const std::string key = "k" + std::to_string(worker) + spec.hostile;
  Json value = nullptr, before_last_write = nullptr;
  bool stale_read_done = spec.outcome != RunOutcome::kInvalid || worker != 1;
  double at = 0.05 + 0.037 * worker;
  for (int i = 0; at < kRunSeconds - 1.0; ++i) {
    const int kind = i % 3;
    const std::string f = kind == 0 ? "write" : kind == 1 ? "read" : "cas";
    Json request = nullptr;
    if (kind == 0) request = i / 3 + 1;
    if (kind == 2) request = Json::array({i % 6 == 5 ? Json(-1) : value, (i / 3 + 1) * 100});
    const ClientEffect effect = effect_at(faults, node, at);
    const char* type = "ok";
    double latency = (1.5 + (i * 7 + worker * 3) % 17) / 1000.0;
    Json error = nullptr;
    if (effect == ClientEffect::kReadsFailWritesTimeOut) {
      type = kind == 1 ? "fail" : "info";
      latency = kind == 1 ? 0.004 : 1.0;
      error = kind == 1 ? "unavailable: no leader" : "timeout";
    } else if (effect == ClientEffect::kTimeouts) {
      type = "info", latency = 1.0, error = "timeout";
    } else if (effect == ClientEffect::kRefused) {
      type = "fail", latency = 0.002, error = "connection refused";
    }
    if (!spec.hostile.empty() && !error.is_null()) error = error.get<std::string>() + spec.hostile;
    Json result = request;
    const bool applies = std::string(type) != "fail";
    if (kind == 0 && applies) before_last_write = value, value = request;
    if (kind == 1) result = value;
    if (kind == 2 && applies) {
      if (request[0] == value) {
        before_last_write = value, value = request[1];
      } else if (std::string(type) == "ok") {
        type = "fail", error = "cas mismatch";
      }
    }
    if (kind == 1 && std::string(type) == "ok" && !stale_read_done && at > 5.0 &&
        before_last_write != value) {
      result = before_last_write;  // a value overwritten before this read began
      stale_read_done = true;
    }
    Json invoke = op_json(worker, "invoke", f, request, at);
    invoke["key"] = key;
    invoke["node"] = spec.nodes[node];
    Json complete = op_json(
        worker, type, f, std::string(type) == "fail" && kind == 1 ? Json() : result, at + latency);
    complete["key"] = key;
    complete["node"] = spec.nodes[node];
    if (!error.is_null()) complete["error"] = error;
    ops.push_back(std::move(invoke));
    ops.push_back(std::move(complete));
    ++counts.invoked;
    ++(std::string(type) == "ok"     ? counts.ok
       : std::string(type) == "fail" ? counts.failed
                                     : counts.indeterminate);
    at = std::max(at + kOpEvery, at + latency + 0.01);
  }
}

Json plan_of(const std::vector<PlannedFault>& faults) {
  Json events = Json::array();
  for (size_t i = 0; i < faults.size(); ++i)
    for (const char* phase : {"start", "stop"}) {
      const PlannedFault& fault = faults[i];
      Json params = fault.request;
      params.erase("target");
      events.push_back(
          {{"at_ms", static_cast<int64_t>(
                         (phase == std::string("start") ? fault.start_s : fault.end_s) * 1000)},
           {"fault", i + 1},
           {"kind", fault.kind},
           {"params", params},
           {"phase", phase},
           {"target", fault.request.value("target", "")}});
    }
  return {{"events", events}};
}

// "2026-12-01T09:30:00Z" -> "20261201T093000Z"
std::string folder_time(const std::string& started) {
  std::string out;
  for (char c : started)
    if (c != '-' && c != ':') out += c;
  return out;
}

void write_file(const fs::path& path, const std::string& text) {
  std::ofstream out(path);
  out << text;
  if (!out) throw std::runtime_error("cannot write " + path.string());
}

}  // namespace

StoredRun write_stored_run(const fs::path& store, const std::string& folder,
                           const StoredRunSpec& spec, const std::string& faultline) {
  if (spec.nodes.size() != 3) throw std::invalid_argument("a stored run has 3 nodes");
  StoredRun run;
  run.relative = folder + "/" + folder_time(spec.started);
  run.dir = store / run.relative;
  fs::create_directories(run.dir);
  const std::string process = spec.hostile.empty() ? "etcd" : "etcd" + spec.hostile;
  const std::vector<PlannedFault> faults = planned_faults(spec.nodes, process);
  std::vector<Json> ops;
  Counts counts;
  add_nemesis_ops(faults, ops);
  for (int worker = 0; worker < kWorkers; ++worker)
    add_worker_ops(worker, spec, faults, ops, counts);
  std::stable_sort(ops.begin(), ops.end(), [](const Json& a, const Json& b) {
    return a["time"].get<int64_t>() < b["time"].get<int64_t>();
  });
  std::string history;
  for (size_t i = 0; i < ops.size(); ++i) {
    ops[i]["index"] = i;
    history += ops[i].dump() + "\n";
  }
  write_file(run.dir / "history.jsonl", history);
  if (spec.outcome == RunOutcome::kUnknown) counts.invoked += 5, counts.indeterminate += 5;
  Json nodes = Json::array();
  for (size_t i = 0; i < spec.nodes.size(); ++i) {
    nodes.push_back({{"name", spec.nodes[i]}, {"address", "10.213.90." + std::to_string(i + 2)}});
    fs::create_directories(run.dir / "nodes" / spec.nodes[i]);
    write_file(run.dir / "nodes" / spec.nodes[i] / "db.log",
               "etcd started on " + spec.nodes[i] + "\n" + spec.hostile + "\n");
  }
  std::string finished = spec.started;
  finished.replace(finished.size() - 3, 2, "20");  // 20 s later, within the same minute
  // The blocks `faultline run` writes, from the functions it writes them with.
  TestFile test;
  test.name = spec.test;
  test.concurrency = kWorkers;
  test.rate = kWorkers / kOpEvery;
  test.time_limit = std::chrono::milliseconds(static_cast<int64_t>(kRunSeconds * 1000));
  Json results = initial_results(test, spec.seed, spec.started);
  results["finished"] = finished;
  results["seconds"] = kRunSeconds;
  results["nodes"] = nodes;
  results["run"] = run_summary_json({.invoked = counts.invoked,
                                     .ok = counts.ok,
                                     .failed = counts.failed,
                                     .indeterminate = counts.indeterminate,
                                     .reached = Phase::kDone});
  results["nemesis"] = {{"plan", plan_of(faults)},
                        {"faults_started", faults.size()},
                        {"errors", Json::array()},
                        {"still_active", Json::array()}};
  results["phase_starts_s"] = {
      {"main", 0.0}, {"quiesce", kRunSeconds - 1.0}, {"done", kRunSeconds}};
  write_file(run.dir / "results.json", results.dump(2) + "\n");
  Command analyze = Command::of({faultline, "analyze", run.dir.string()});
  analyze.timeout = std::chrono::milliseconds(120'000);
  const CommandResult result = run_local(analyze);
  run.analyze = {result.timed_out ? -1 : result.exit_status, result.out + result.err};
  return run;
}

}  // namespace faultline::testing
