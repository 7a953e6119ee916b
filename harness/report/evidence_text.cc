#include "harness/report/evidence_text.h"

#include <algorithm>
#include <cstdio>
#include <limits>
#include <map>
#include <set>

namespace faultline {
namespace {

constexpr size_t kMaxListedOps = 20;

// The lists the set and counter checkers blame ops in (recovered elements
// are no violation).
constexpr const char* kViolationLists[] = {"lost", "unexpected", "duplicated", "out_of_bounds"};

int64_t integer(const Json& object, const char* field) {
  return object.is_object() && object.contains(field) && object[field].is_number_integer()
             ? object[field].get<int64_t>()
             : -1;
}

std::string text(const Json& object, const char* field) {
  if (!object.is_object() || !object.contains(field)) return "";
  const Json& value = object[field];
  return value.is_string() ? value.get<std::string>() : value.dump();
}

double number(const Json& object, const char* field) {
  return object.is_object() && object.contains(field) && object[field].is_number()
             ? object[field].get<double>()
             : 0.0;
}

std::string value_text(const Json& value) {
  return value.is_null() ? "nil" : value.dump(-1, ' ', false, Json::error_handler_t::replace);
}

// Seconds from the op itself (linearizability keeps them, in ns) or from
// results["op_times_s"].
double seconds_of(const Json& results, const Json& op, const char* time_field, int64_t index) {
  if (op.is_object() && op.contains(time_field) && op[time_field].is_number())
    return op[time_field].get<double>() / 1e9;
  const Json times = results.value("op_times_s", Json::object());
  const std::string id = std::to_string(index);
  return index >= 0 && times.is_object() && times.contains(id) && times[id].is_number()
             ? times[id].get<double>()
             : -1;
}

std::vector<EvidenceOp> linearizability_ops(const Json& results, const Json& evidence) {
  std::vector<EvidenceOp> ops;
  const int64_t failed = integer(evidence.value("failed_op", Json::object()), "invoke_index");
  for (const Json& op : evidence.value("ops", Json::array())) {
    if (!op.is_object()) continue;
    EvidenceOp e;
    e.key = op.contains("key") ? text(op, "key") : text(evidence, "key");
    e.process = text(op, "process");
    e.invoked = integer(op, "invoke_index");
    e.completed = integer(op, "complete_index");
    e.blamed = e.invoked == failed;
    const int64_t line = integer(op, "line");
    e.what = (e.blamed ? "-> " : "   ") +
             (line > 0 ? "line " + std::to_string(line) : "#" + std::to_string(e.invoked)) +
             "  process " + text(op, "process") + "  " + text(op, "f") + " " +
             value_text(op.value("value", Json())) + "  " + text(op, "type");
    e.invoked_s = seconds_of(results, op, "time", e.invoked);
    e.completed_s = seconds_of(results, op, "complete_time", e.completed);
    ops.push_back(std::move(e));
  }
  // The blamed op first: it is the one a person looks up.
  std::stable_partition(ops.begin(), ops.end(), [](const EvidenceOp& e) { return e.blamed; });
  return ops;
}

std::vector<EvidenceOp> listed_ops(const Json& results, const Json& details) {
  std::vector<EvidenceOp> ops;
  for (const char* list : kViolationLists) {
    for (const Json& item : details.value(list, Json::array())) {
      if (!item.is_object()) continue;
      EvidenceOp e;
      e.key = text(item, "key");
      e.process = text(item, "process");
      e.blamed = true;
      e.invoked = std::max(integer(item, "invoke_index"), integer(item, "add_invoke_index"));
      e.completed = std::max(integer(item, "complete_index"), integer(item, "add_complete_index"));
      const std::string name = std::string(list) == "out_of_bounds" ? "read out of bounds" : list;
      e.what = name + " on key " + e.key + ": " +
               (item.contains("element") ? "element " + value_text(item["element"])
                                         : "value " + value_text(item.value("value", Json())));
      if (item.contains("lower") || item.contains("upper"))
        e.what += " (bounds " + text(item, "lower") + ".." + text(item, "upper") + ")";
      e.invoked_s = seconds_of(results, Json(), "", e.invoked);
      e.completed_s = seconds_of(results, Json(), "", e.completed);
      ops.push_back(std::move(e));
    }
  }
  // Earliest first: the first violation is the one to read.
  std::stable_sort(ops.begin(), ops.end(), [](const EvidenceOp& a, const EvidenceOp& b) {
    return (a.invoked_s < 0 ? 1e300 : a.invoked_s) < (b.invoked_s < 0 ? 1e300 : b.invoked_s);
  });
  return ops;
}

const Json& details_of(const Json& checker) {
  static const Json kNone = Json::object();
  return checker.is_object() && checker.contains("details") && checker["details"].is_object()
             ? checker["details"]
             : kNone;
}

std::string seconds_text(double seconds) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.3f s", seconds);
  return buffer;
}

std::string op_line(const Json& results, const EvidenceOp& op) {
  std::string line = "  " + op.what;
  if (op.invoked_s >= 0) {
    line += "   at " + seconds_text(op.invoked_s);
    if (op.completed_s >= 0) line += " .. " + seconds_text(op.completed_s);
    line += "; " + faults_active_at(results, op.invoked_s);
  } else if (op.invoked >= 0) {
    line += "   (history #" + std::to_string(op.invoked) + ", time unknown)";
  }
  return line;
}

}  // namespace

std::vector<EvidenceOp> evidence_ops(const Json& results, const Json& checker,
                                     const std::optional<std::string>& key) {
  const Json& details = details_of(checker);
  std::vector<EvidenceOp> ops = details.contains("evidence") && details["evidence"].is_object()
                                    ? linearizability_ops(results, details["evidence"])
                                    : listed_ops(results, details);
  if (key) std::erase_if(ops, [&](const EvidenceOp& e) { return e.key != *key; });
  return ops;
}

std::vector<std::string> invalid_keys(const Json& results, const Json& checker) {
  std::vector<std::string> keys;
  std::set<std::string> seen;
  auto add = [&](const std::string& key) {
    if (!key.empty() && seen.insert(key).second) keys.push_back(key);
  };
  const Json& details = details_of(checker);
  for (const Json& part : details.value("partitions", Json::array()))
    if (part.is_object() && part.value("valid", Json()) == Json(false)) add(text(part, "key"));
  for (const char* list : kViolationLists)
    for (const Json& item : details.value(list, Json::array())) add(text(item, "key"));
  std::map<std::string, double> first_s;  // key -> its earliest blamed op's time
  for (const EvidenceOp& op : evidence_ops(results, checker, std::nullopt)) {
    if (!op.blamed || op.invoked_s < 0) continue;
    auto [it, fresh] = first_s.emplace(op.key, op.invoked_s);
    if (!fresh) it->second = std::min(it->second, op.invoked_s);
  }
  std::stable_sort(keys.begin(), keys.end(), [&](const std::string& a, const std::string& b) {
    auto at = [&](const std::string& key) {
      auto it = first_s.find(key);
      return it == first_s.end() ? std::numeric_limits<double>::infinity() : it->second;
    };
    return at(a) < at(b);
  });
  return keys;
}

std::string faults_active_at(const Json& results, double seconds) {
  const Json availability = results.value("availability", Json::object());
  const Json periods =
      availability.is_object() ? availability.value("periods", Json::array()) : Json::array();
  const Json* found = nullptr;
  for (const Json& period : periods)
    if (period.is_object() && number(period, "start_s") <= seconds) found = &period;
  if (!found) return periods.empty() ? "faults then: unknown" : "no fault then";
  if (text(*found, "kind") != "fault") return "no fault then (" + text(*found, "period") + ")";
  return text(*found, "period") + ": " + text(*found, "what");
}

std::optional<std::string> evidence_when(const Json& results, const Json& checker,
                                         const std::optional<std::string>& key) {
  for (const EvidenceOp& op : evidence_ops(results, checker, key))
    if (op.blamed && op.invoked_s >= 0)
      return seconds_text(op.invoked_s) + ", " + faults_active_at(results, op.invoked_s);
  return std::nullopt;
}

std::optional<Violation> earliest_violation(const Json& results) {
  std::optional<Violation> first;
  if (!results.is_object()) return first;
  const auto checkers = results.find("checkers");
  if (checkers == results.end() || !checkers->is_array()) return first;
  for (const Json& checker : *checkers) {
    if (!checker.is_object() || checker.value("valid", Json()) != Json(false)) continue;
    const std::vector<std::string> keys = invalid_keys(results, checker);
    const std::optional<std::string> key =
        keys.empty() ? std::nullopt : std::optional<std::string>(keys[0]);
    Violation found{&checker, key, std::nullopt};
    for (EvidenceOp& op : evidence_ops(results, checker, key)) {
      if (op.blamed && op.invoked_s >= 0 && (!found.op || op.invoked_s < found.op->invoked_s))
        found.op = std::move(op);
    }
    // A violation with a time beats one without; the first checker wins a tie.
    const auto seconds = [](const Violation& v) {
      return v.op ? v.op->invoked_s : std::numeric_limits<double>::infinity();
    };
    if (!first || seconds(found) < seconds(*first)) first = std::move(found);
  }
  return first;
}

std::string evidence_text(const Json& results, const Json& checker,
                          const std::optional<std::string>& key) {
  const Json& details = details_of(checker);
  const Json evidence = details.value("evidence", Json());
  std::string out;
  const bool linearizability = evidence.is_object();
  if (key && linearizability && text(evidence, "key") != *key) {
    return "key " + *key + ": its ops cannot be linearized either; the checker keeps the " +
           "evidence of one key only (" + text(evidence, "key") + ": see its test case)\n";
  }
  if (!key || linearizability) out += text(checker, "summary") + "\n";
  const std::vector<EvidenceOp> ops = evidence_ops(results, checker, key);
  if (ops.empty()) return out;
  out += "\nwhen (seconds from the start of the run) and the faults active then:\n";
  for (size_t i = 0; i < ops.size() && i < kMaxListedOps; ++i)
    out += op_line(results, ops[i]) + "\n";
  if (ops.size() > kMaxListedOps)
    out += "  ... and " + std::to_string(ops.size() - kMaxListedOps) + " more\n";
  return out;
}

}  // namespace faultline
