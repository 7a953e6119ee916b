#include "harness/run/run_index.h"

#include <algorithm>
#include <map>
#include <set>

#include "harness/base/text_file.h"

namespace faultline {
namespace {

int64_t count_of(const Json& run, const char* name) {
  const Json& value = run.contains(name) ? run[name] : Json();
  return value.is_number_integer() ? value.get<int64_t>() : 0;
}

std::string string_of(const Json& object, const char* name) {
  if (!object.is_object() || !object.contains(name)) return "";
  const Json& value = object[name];
  return value.is_string() ? value.get<std::string>() : "";
}

// The kinds of fault in the plan, each once, in the order they first come.
std::vector<std::string> planned_fault_kinds(const Json& results) {
  std::vector<std::string> kinds;
  if (!results.contains("nemesis") || !results["nemesis"].is_object()) return kinds;
  const Json& plan = results["nemesis"].value("plan", Json::object());
  if (!plan.is_object() || !plan.contains("events") || !plan["events"].is_array()) return kinds;
  for (const Json& event : plan["events"]) {
    const std::string kind = string_of(event, "kind");
    if (!kind.empty() && std::find(kinds.begin(), kinds.end(), kind) == kinds.end()) {
      kinds.push_back(kind);
    }
  }
  return kinds;
}

}  // namespace

RunIndexEntry index_entry_of(const Json& results, const std::string& dir) {
  RunIndexEntry entry;
  entry.dir = dir;
  entry.test = string_of(results, "test");
  if (results.contains("seed") && results["seed"].is_number()) entry.seed = results["seed"].dump();
  entry.verdict = string_of(results, "verdict");
  if (entry.verdict.empty()) entry.verdict = "unknown";
  if (results.contains("exit_code") && results["exit_code"].is_number_integer()) {
    entry.exit_code = results["exit_code"].get<int>();
  }
  entry.started = string_of(results, "started");
  if (results.contains("seconds") && results["seconds"].is_number()) {
    entry.seconds = results["seconds"].get<double>();
  }
  entry.faults = planned_fault_kinds(results);
  if (results.contains("run") && results["run"].is_object()) {
    const Json& run = results["run"];
    entry.invoked = count_of(run, "invoked");
    entry.ok = count_of(run, "ok");
    entry.failed = count_of(run, "failed");
    entry.info = count_of(run, "indeterminate");
  }
  return entry;
}

Json index_entry_to_json(const RunIndexEntry& e) {
  return Json{{"dir", e.dir},         {"test", e.test},           {"seed", e.seed},
              {"verdict", e.verdict}, {"exit_code", e.exit_code}, {"started", e.started},
              {"seconds", e.seconds}, {"faults", e.faults},       {"invoked", e.invoked},
              {"ok", e.ok},           {"failed", e.failed},       {"info", e.info}};
}

std::optional<RunIndexEntry> index_entry_from_json(const Json& json) {
  if (!json.is_object() || !json.contains("dir") || !json["dir"].is_string()) return std::nullopt;
  RunIndexEntry e;
  e.dir = json["dir"].get<std::string>();
  if (e.dir.empty()) return std::nullopt;
  e.test = string_of(json, "test");
  e.seed = string_of(json, "seed");
  e.verdict = string_of(json, "verdict");
  if (e.verdict.empty()) e.verdict = "unknown";
  if (json.contains("exit_code") && json["exit_code"].is_number_integer()) {
    e.exit_code = json["exit_code"].get<int>();
  }
  e.started = string_of(json, "started");
  if (json.contains("seconds") && json["seconds"].is_number()) {
    e.seconds = json["seconds"].get<double>();
  }
  if (json.contains("faults") && json["faults"].is_array()) {
    for (const Json& kind : json["faults"]) {
      if (kind.is_string()) e.faults.push_back(kind.get<std::string>());
    }
  }
  e.invoked = count_of(json, "invoked");
  e.ok = count_of(json, "ok");
  e.failed = count_of(json, "failed");
  e.info = count_of(json, "info");
  return e;
}

RunIndex parse_run_index(const std::string& text, const std::string& name) {
  RunIndex index;
  std::map<std::string, size_t> slot;  // dir -> position in index.runs
  size_t begin = 0;
  for (int64_t line = 1; begin < text.size(); ++line) {
    size_t end = text.find('\n', begin);
    if (end == std::string::npos) end = text.size();
    const std::string_view row(text.data() + begin, end - begin);
    begin = end + 1;
    if (row.find_first_not_of(" \t\r") == std::string_view::npos) continue;
    const Json json = Json::parse(row, nullptr, false);
    std::optional<RunIndexEntry> entry;
    if (!json.is_discarded()) entry = index_entry_from_json(json);
    if (!entry) {
      index.warnings.push_back(name + ":" + std::to_string(line) + ": " +
                               (json.is_discarded() ? "not JSON" : "not a run (no \"dir\")") +
                               "; line skipped (`faultline serve --reindex` rebuilds the index)");
      continue;
    }
    auto [found, fresh] = slot.try_emplace(entry->dir, index.runs.size());
    if (fresh) {
      index.runs.push_back(std::move(*entry));
    } else {
      index.runs[found->second] = std::move(*entry);
    }
  }
  std::stable_sort(index.runs.begin(), index.runs.end(),
                   [](const RunIndexEntry& a, const RunIndexEntry& b) {
                     if (a.started != b.started) return a.started > b.started;
                     return a.dir > b.dir;
                   });
  return index;
}

Result<RunIndex, std::string> read_run_index(const std::string& index_path) {
  Result<std::string, FileError> text = read_text_file(index_path, int64_t{1} << 30);
  if (!text) return index_path + ": " + text.error().reason;
  return parse_run_index(*text, index_path);
}

}  // namespace faultline
