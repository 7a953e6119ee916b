#include "harness/run/results.h"

#include <cctype>

#include "nemeses/schedule_plan.h"
#include "workloads/catalog.h"

namespace faultline {

std::string describe_db(const DbConfig& db) {
  if (db.kind == DbKind::kEtcd) return "etcd";
  return db.process.empty() ? "shell" : "shell (" + db.process + ")";
}

std::string describe_client(const ClientConfig& client) {
  if (client.kind == ClientKind::kEtcd) {
    return client.reads == EtcdReads::kSerializable ? "etcd, serializable reads"
                                                    : "etcd, linearizable reads";
  }
  std::string command;
  for (const std::string& part : client.command) command += (command.empty() ? "" : " ") + part;
  return "adapter: " + command;
}

Json initial_results(const TestFile& test, uint64_t seed, const std::string& started) {
  Json config = {
      {"db", describe_db(test.db)},
      {"client", describe_client(test.client)},
      {"workload", test.workload},
      {"concurrency", test.concurrency},
      {"rate", test.rate},
      {"time_limit_s", std::chrono::duration<double>(test.time_limit).count()},
  };
  if (is_txn_workload(test.workload)) {
    // analyze checks again with these (elle_settings_of in analysis.cc).
    config["txn_length"] =
        std::to_string(test.txn.min_length) + "-" + std::to_string(test.txn.max_length);
    config["read_ratio"] = test.txn.read_ratio;
    config["active_keys"] = test.txn.active_keys;
    config["max_writes_per_key"] = test.txn.max_writes_per_key;
    config["elle_expect"] = test.elle.expect.empty() ? "any anomaly is invalid" : test.elle.expect;
    config["elle_realtime"] = test.elle.realtime;
    config["elle_process_order"] = test.elle.process_order;
  } else {
    config["ops_per_key"] = test.keys.ops_per_key;
    config["active_keys"] = test.keys.active;
  }
  return Json{{"faultline", 1},
              {"test", test.name},
              {"verdict", "unknown"},
              {"valid", "unknown"},
              {"exit_code", 2},
              {"started", started},
              {"seed", seed},
              {"test_file", "test.yaml"},
              {"config", config},
              {"nodes", Json::array()},
              {"checkers", Json::array()},
              {"errors", Json::array()},
              {"notes", Json::array()},
              {"interrupted", false}};
}

Json nodes_json(const std::vector<std::string>& names,
                const std::map<std::string, std::string>& addresses) {
  Json nodes = Json::array();
  for (const std::string& name : names) {
    auto address = addresses.find(name);
    nodes.push_back(
        {{"name", name}, {"address", address == addresses.end() ? "" : address->second}});
  }
  return nodes;
}

Json run_summary_json(const RunSummary& s) {
  return Json{{"invoked", s.invoked},
              {"ok", s.ok},
              {"failed", s.failed},
              {"indeterminate", s.indeterminate},
              {"client_errors", s.client_errors},
              {"workers_lost", s.workers_lost},
              {"stopped", s.stopped},
              {"reached", std::string(to_string(s.reached))}};
}

Json nemesis_json(const Plan& plan, const NemesisReport& report) {
  Json still_active = Json::array();
  for (const LedgerFault& fault : report.still_active) {
    still_active.push_back({{"id", fault.id},
                            {"kind", fault.kind},
                            {"params", fault.params},
                            {"heal_errors", fault.heal_errors}});
  }
  Json out = {{"plan", plan_to_json(plan)},
              {"faults_started", report.faults_started},
              {"stopped_early", report.stopped_early},
              {"errors", report.errors},
              {"still_active", still_active}};
  if (report.heal) out["heal"] = report.heal->describe();
  return out;
}

std::vector<std::string> fault_errors(const Json& results) {
  std::vector<std::string> out;
  if (!results.contains("nemesis") || !results["nemesis"].is_object()) return out;
  for (const Json& error : results["nemesis"].value("errors", Json::array())) {
    out.push_back(error.is_string() ? error.get<std::string>() : error.dump());
  }
  return out;
}

void add_error(Json& results, const std::string& error) { results["errors"].push_back(error); }

void limit_verdict(Json& results, const std::string& reason) {
  results["verdict_limits"].push_back(reason);
}

std::vector<std::string> verdict_limits(const Json& results) {
  std::vector<std::string> limits;
  // A run cut short proves nothing about the part it did not run.
  if (results.value("interrupted", false)) limits.push_back("the run was interrupted");
  // Nor does a history the check could not fully see (ops missing, keys unread).
  for (const Json& reason : results.value("verdict_limits", Json::array()))
    limits.push_back(reason.is_string() ? reason.get<std::string>() : reason.dump());
  // Nor one whose faults did not all happen: it did not test what it planned.
  if (const size_t n = fault_errors(results).size(); n > 0)
    limits.push_back(std::to_string(n) +
                     " fault error(s): a fault that could not be applied or healed "
                     "(nemesis.errors)");
  return limits;
}

void set_verdict(Json& results, const std::vector<CheckOutcome>& outcomes) {
  Json checkers = Json::array();
  Verdict verdict = Verdict::kValid;
  for (const CheckOutcome& o : outcomes) {
    checkers.push_back({{"checker", o.checker},
                        {"valid", to_json(o.verdict)},
                        {"summary", o.summary},
                        {"details", o.details}});
    verdict = combine(verdict, o.verdict);
  }
  if (outcomes.empty()) verdict = Verdict::kUnknown;
  results["checkers"] = std::move(checkers);
  const bool harness_failed = !results["errors"].empty();
  if (verdict != Verdict::kInvalid && harness_failed) {
    results["verdict"] = "error";
    results["valid"] = "unknown";
    results["exit_code"] = kExitHarnessFailed;
    apply_interrupt_exit_code(results);
    return;
  }
  // A valid check vouches for the run only if nothing limits it: one word of
  // why not, in "unknown_because", for every reader (banner, terminal, junit).
  const std::vector<std::string> limits = verdict_limits(results);
  results.erase("unknown_because");
  if (verdict == Verdict::kValid && !limits.empty()) {
    verdict = Verdict::kUnknown;
    std::string because;
    for (const std::string& limit : limits) because += (because.empty() ? "" : "; ") + limit;
    results["unknown_because"] = because;
  }
  results["verdict"] = std::string(to_string(verdict));
  results["valid"] = to_json(verdict);
  results["exit_code"] = exit_code(verdict);
  apply_interrupt_exit_code(results);
}

void apply_interrupt_exit_code(Json& results) {
  if (!results.value("interrupted", false) || !results.contains("interrupt_signal")) return;
  if (results.value("exit_code", 0) == 1) return;  // invalid: what was recorded already shows it
  results["exit_code"] = 128 + results["interrupt_signal"].get<int>();
}

std::optional<std::string> note_unread_keys(Json& results, const std::vector<std::string>& unread,
                                            int64_t written_keys) {
  if (unread.empty()) return std::nullopt;
  std::string keys;
  for (size_t i = 0; i < unread.size() && i < 5; ++i) keys += (i ? ", " : "") + unread[i];
  if (unread.size() > 5) keys += ", ...";
  const std::string what = std::to_string(unread.size()) + " of " + std::to_string(written_keys) +
                           " written keys were never read after the heal (every final read "
                           "failed: " +
                           keys + "): a write lost on them cannot be seen";
  results["notes"].push_back(what);
  if (static_cast<int64_t>(unread.size()) == written_keys) limit_verdict(results, what);
  return what;
}

std::string verdict_headline(const Json& results) {
  std::string word = results.value("verdict", "unknown");
  for (char& c : word) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return word;
}

}  // namespace faultline
