#include "harness/report/fault_text.h"

#include <map>
#include <vector>

#include "harness/report/report_parts.h"

namespace faultline {
namespace {

using report_detail::compact_json;

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

std::string describe_start(const std::string& kind, const Json& applied, const Json& request) {
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

// "n1 restarted as pid 4567, n3 restarted as pids 12, 13" from {"n1":[4567],"n3":[12,13]}.
std::string restarted(const Json& pids) {
  std::vector<std::string> parts;
  for (const auto& [node, list] : pids.items()) {
    std::vector<std::string> numbers;
    if (list.is_array())
      for (const Json& pid : list) numbers.push_back(compact_json(pid, 20));
    if (numbers.empty()) continue;
    parts.push_back(node + " restarted as pid" + (numbers.size() > 1 ? "s " : " ") +
                    join(numbers, ", "));
  }
  return join(parts, ", ");
}

std::string describe_stop(const std::string& kind, const Json& applied, const Json& request) {
  const Json& value = applied.is_null() ? request : applied;
  const std::string process =
      value.is_object() && value.contains("process") && value["process"].is_string()
          ? " " + value["process"].get<std::string>()
          : "";
  if (kind == "kill") {
    const std::string done =
        value.is_object() && value.contains("pids") && value["pids"].is_object()
            ? restarted(value["pids"])
            : "";
    return "restart" + process + ": " + (done.empty() ? "no process was started" : done);
  }
  if (kind == "pause") {
    const std::string nodes = value.is_object() ? node_list(value) : "";
    return "resume" + process + (nodes.empty() ? "" : " on " + nodes);
  }
  // Undone: a stop's value names the nodes (a healed partition: {"nodes": [...]}), not a grudge.
  const std::string nodes = value.is_object() ? node_list(value) : "";
  return kind + " healed" + (nodes.empty() ? "" : " on " + nodes);
}

}  // namespace

std::string describe_fault(const std::string& kind, const Json& applied, const Json& request,
                           bool stop) {
  return stop ? describe_stop(kind, applied, request) : describe_start(kind, applied, request);
}

}  // namespace faultline
