// Nemesis ops -> fault bands. The nemesis (nemeses/nemesis_runner.h) writes
// two info ops per step: "start-<kind>" with what it is asked to do, then
// "start-<kind>" with what was done (and errors); the same for "stop-<kind>".
// Imported Jepsen histories use plain "start"/"stop" in the same pairs.
#include <algorithm>
#include <map>

#include "harness/report/report_parts.h"

namespace faultline::report_detail {
namespace {

std::string join(const std::vector<std::string>& items, std::string_view separator) {
  std::string out;
  for (const std::string& item : items) {
    if (!out.empty()) out += separator;
    out += item;
  }
  return out;
}

bool is_grudge(const Json& value) {
  if (!value.is_object() || value.empty()) return false;
  for (const auto& [node, dropped] : value.items()) {
    if (!dropped.is_array()) return false;
    for (const Json& name : dropped)
      if (!name.is_string()) return false;
  }
  return true;
}

// {"n1":["n3"],"n2":["n3"],"n3":["n1","n2"]} -> "n1,n2 drop n3; n3 drops n1,n2"
std::string describe_grudge(const Json& grudge) {
  std::map<std::vector<std::string>, std::vector<std::string>> by_dropped;
  for (const auto& [node, dropped] : grudge.items())
    by_dropped[dropped.get<std::vector<std::string>>()].push_back(node);
  // Groups in the order of their first node, so "n1" comes first.
  std::map<std::vector<std::string>, std::vector<std::string>> by_nodes;
  for (const auto& [dropped, nodes] : by_dropped) by_nodes[nodes] = dropped;
  std::vector<std::string> parts;
  for (const auto& [nodes, dropped] : by_nodes)
    parts.push_back(join(nodes, ",") + (nodes.size() == 1 ? " drops " : " drop ") +
                    join(dropped, ","));
  return join(parts, "; ");
}

std::string node_list(const Json& value) {
  std::vector<std::string> nodes;
  if (value.contains("nodes") && value["nodes"].is_array()) {
    for (const Json& n : value["nodes"])
      if (n.is_string()) nodes.push_back(n.get<std::string>());
  } else if (value.contains("pids") && value["pids"].is_object()) {
    for (const auto& [node, pids] : value["pids"].items()) nodes.push_back(node);
  }
  return join(nodes, ",");
}

std::string signed_number(const Json& n) {
  const std::string text = compact_json(n, 20);
  return n.is_number() && n.get<double>() >= 0 ? "+" + text : text;
}

// {"action":"bump","offset_ms":{"n1":30000,"n2":-2000},...} ->
// "clock bump: n1 +30000 ms, n2 -2000 ms" (a drift adds its rate, a strobe its period).
std::string describe_clock(const Json& value) {
  std::string text = "clock " + (value.contains("action") && value["action"].is_string()
                                     ? value["action"].get<std::string>()
                                     : std::string("change"));
  if (value.contains("drift_ppm")) text += " " + signed_number(value["drift_ppm"]) + " ppm";
  if (value.contains("period_ms")) text += " every " + compact_json(value["period_ms"], 20) + " ms";
  std::vector<std::string> offsets;
  for (const auto& [node, ms] : value["offset_ms"].items())
    offsets.push_back(node + " " + signed_number(ms) + " ms");
  if (!offsets.empty()) text += ": " + join(offsets, ", ");
  if (value.contains("seen_offset_ms")) text += " (seen inside the processes)";
  return text;
}

std::string describe(const std::string& kind, const Json& applied, const Json& request) {
  const Json& value = applied.is_null() ? request : applied;
  if (is_grudge(value)) return "partition: " + describe_grudge(value);
  if (kind == "clock" && value.is_object() && value.contains("offset_ms") &&
      value["offset_ms"].is_object())
    return describe_clock(value);
  if (!value.is_object()) return kind + (value.is_null() ? "" : " " + compact_json(value, 100));
  std::string text = kind;
  if (value.contains("process") && value["process"].is_string())
    text += " " + value["process"].get<std::string>();
  if (std::string nodes = node_list(value); !nodes.empty()) text += " on " + nodes;
  for (const auto& [name, field] : value.items()) {
    if (field.is_number() || (field.is_string() && name != "process"))
      text += " " + name + "=" + compact_json(field, 40);
  }
  if (request.is_object() && request.contains("target") && request["target"].is_string())
    text += " (target " + request["target"].get<std::string>() + ")";
  return text;
}

void add_errors(const Json& error, std::vector<std::string>& errors) {
  if (error.is_null()) return;
  if (error.is_object() && error.contains("errors") && error["errors"].is_array()) {
    for (const Json& e : error["errors"]) errors.push_back(compact_json(e, 300));
  } else {
    errors.push_back(compact_json(error, 300));
  }
}

struct Pending {
  const Op* first = nullptr;  // the request op, awaiting its completion
};

}  // namespace

std::vector<FaultBand> gather_faults(const History& history) {
  std::vector<FaultBand> bands;
  std::map<std::string, size_t> open;      // kind -> its band, while active
  std::map<std::string, Pending> pending;  // f -> the request half of a pair
  for (const Op& op : history.ops) {
    if (op.process != kNemesisProcess) continue;
    const bool start = op.f.rfind("start", 0) == 0;
    const bool stop = op.f.rfind("stop", 0) == 0;
    if (!start && !stop) continue;
    const std::string kind =
        op.f.size() > 5 && op.f[stop ? 4 : 5] == '-' ? op.f.substr(stop ? 5 : 6) : "fault";
    Pending& half = pending[op.f];
    const bool request = half.first == nullptr || op.type == OpType::kInvoke;
    const Op* first = request ? &op : half.first;
    half.first = request ? &op : nullptr;
    if (start) {
      if (request) {
        open[kind] = bands.size();
        FaultBand band;
        band.kind = kind;
        band.what = describe(kind, Json(), op.value);
        band.start_ns = std::max<int64_t>(op.time_ns, 0);
        bands.push_back(std::move(band));
      } else if (auto it = open.find(kind); it != open.end()) {
        bands[it->second].what = describe(kind, op.value, first->value);
        bands[it->second].applied = op.value;
        add_errors(op.error, bands[it->second].errors);
      }
    } else if (auto it = open.find(kind); it != open.end()) {
      // A stop written as one op (some histories do) ends the band too.
      add_errors(op.error, bands[it->second].errors);
      bands[it->second].end_ns = std::max(op.time_ns, bands[it->second].start_ns);
      if (!request) open.erase(it);
    }
  }
  return bands;
}

}  // namespace faultline::report_detail
