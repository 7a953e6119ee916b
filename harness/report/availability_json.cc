// Availability in results.json, and back out of it as the rows of one table
// that the report, the terminal and summary.md all show.
#include <cmath>
#include <cstdio>

#include "harness/report/availability.h"

namespace faultline {
namespace {

double seconds(int64_t ns) { return static_cast<double>(ns) / 1e9; }
double milliseconds(int64_t ns) { return static_cast<double>(ns) / 1e6; }

// Rounded, so results.json stays readable: 3 decimals of a second is a millisecond.
double rounded(double value, double unit) { return std::round(value / unit) * unit; }

Json rate(int64_t part, int64_t total) {
  return total > 0 ? Json(rounded(static_cast<double>(part) / static_cast<double>(total), 1e-4))
                   : Json();
}

Json counts_json(const OutcomeCounts& c) {
  Json out = {{"ok", c.ok},
              {"fail", c.fail},
              {"info", c.info},
              {"ok_rate", rate(c.ok, c.total())},
              {"fail_rate", rate(c.fail, c.total())},
              {"info_rate", rate(c.info, c.total())},
              {"ok_per_s", rounded(c.ok_per_s, 0.01)},
              {"latency_ms", Json()}};
  if (c.latency) {
    out["latency_ms"] = {{"p50", rounded(milliseconds(c.latency->p50), 0.001)},
                         {"p95", rounded(milliseconds(c.latency->p95), 0.001)},
                         {"p99", rounded(milliseconds(c.latency->p99), 0.001)},
                         {"max", rounded(milliseconds(c.latency->max), 0.001)}};
  }
  return out;
}

int64_t phase_ns(const Json& starts, const char* phase) {
  if (!starts.is_object() || !starts.contains(phase) || !starts[phase].is_number()) return -1;
  return static_cast<int64_t>(std::llround(starts[phase].get<double>() * 1e9));
}

std::string format(const char* pattern, double value) {
  char buffer[48];
  std::snprintf(buffer, sizeof buffer, pattern, value);
  return buffer;
}

double number(const Json& object, const char* field) {
  return object.is_object() && object.contains(field) && object[field].is_number()
             ? object[field].get<double>()
             : 0.0;
}

std::string count_text(const Json& object, const char* field) {
  return object.is_object() && object.contains(field) && object[field].is_number_integer()
             ? std::to_string(object[field].get<int64_t>())
             : "-";
}

std::string percent_text(const Json& rate) {
  return rate.is_number() ? format("%.1f%%", rate.get<double>() * 100) : "-";
}

std::string ms_text(const Json& latency, const char* field) {
  if (!latency.is_object() || !latency.contains(field) || !latency[field].is_number()) return "-";
  const double ms = latency[field].get<double>();
  return format(ms < 10 ? "%.1f" : "%.0f", ms);
}

std::vector<std::string> counts_cells(const Json& c) {
  const Json latency = c.value("latency_ms", Json());
  return {count_text(c, "ok"),
          count_text(c, "fail"),
          count_text(c, "info"),
          percent_text(c.value("ok_rate", Json())),
          format("%.1f", number(c, "ok_per_s")),
          ms_text(latency, "p50"),
          ms_text(latency, "p95"),
          ms_text(latency, "p99"),
          ms_text(latency, "max")};
}

std::string side_name(const Json& side) {
  std::string nodes;
  for (const Json& node : side.value("nodes", Json::array()))
    if (node.is_string()) nodes += (nodes.empty() ? "" : ",") + node.get<std::string>();
  return nodes.empty() ? "nodes on no side" : "side " + nodes;
}

}  // namespace

PhaseStarts phase_starts_of(const Json& results) {
  const Json starts = results.is_object() ? results.value("phase_starts_s", Json()) : Json();
  return PhaseStarts{phase_ns(starts, "quiesce"), phase_ns(starts, "final"),
                     phase_ns(starts, "done")};
}

Json availability_to_json(const Availability& availability) {
  Json periods = Json::array();
  for (const AvailabilityPeriod& p : availability.periods) {
    Json period = {{"period", p.name},
                   {"kind", std::string(to_string(p.kind))},
                   {"faults", p.faults},
                   {"start_s", rounded(seconds(p.start_ns), 0.001)},
                   {"end_s", rounded(seconds(p.end_ns), 0.001)}};
    if (!p.what.empty()) period["what"] = p.what;
    period.update(counts_json(p.counts));
    if (!p.sides.empty()) {
      period["sides"] = Json::array();
      for (const SideCounts& side : p.sides) {
        Json entry = {{"nodes", side.nodes}};
        entry.update(counts_json(side.counts));
        period["sides"].push_back(std::move(entry));
      }
    }
    periods.push_back(std::move(period));
  }
  Json recoveries = Json::array();
  for (const Recovery& r : availability.recoveries) {
    recoveries.push_back(
        {{"fault", r.fault},
         {"kind", r.kind},
         {"healed_s", rounded(seconds(r.healed_ns), 0.001)},
         {"ok_per_s_before", r.ok_per_s_before ? Json(rounded(*r.ok_per_s_before, 0.01)) : Json()},
         {"recovered_after_s",
          r.recovered_ns ? Json(rounded(seconds(*r.recovered_ns - r.healed_ns), 0.001)) : Json()},
         {"next_fault", r.next_fault > 0 ? Json(r.next_fault) : Json()}});
  }
  return Json{{"window_s", seconds(kRecoveryWindowNs)},
              {"recovery_share", kRecoveryShare},
              {"untimed_ops", availability.untimed_ops},
              {"periods", std::move(periods)},
              {"recoveries", std::move(recoveries)}};
}

std::vector<std::string> availability_columns() {
  return {"period",  "from s", "to s",   "ok",     "fail",   "info",
          "ok rate", "ok/s",   "p50 ms", "p95 ms", "p99 ms", "max ms"};
}

std::vector<AvailabilityRow> availability_rows(const Json& availability) {
  std::vector<AvailabilityRow> rows;
  if (!availability.is_object()) return rows;
  for (const Json& period : availability.value("periods", Json::array())) {
    if (!period.is_object()) continue;
    AvailabilityRow row;
    row.cells = {period.value("period", std::string("?")),
                 format("%.1f", number(period, "start_s")),
                 format("%.1f", number(period, "end_s"))};
    for (std::string& cell : counts_cells(period)) row.cells.push_back(std::move(cell));
    rows.push_back(std::move(row));
    for (const Json& side : period.value("sides", Json::array())) {
      if (!side.is_object()) continue;
      AvailabilityRow side_row{true, {side_name(side), "", ""}};
      for (std::string& cell : counts_cells(side)) side_row.cells.push_back(std::move(cell));
      rows.push_back(std::move(side_row));
    }
  }
  return rows;
}

std::vector<std::string> recovery_lines(const Json& availability) {
  std::vector<std::string> lines;
  if (!availability.is_object()) return lines;
  const double window = number(availability, "window_s");
  const double share = number(availability, "recovery_share");
  for (const Json& r : availability.value("recoveries", Json::array())) {
    if (!r.is_object()) continue;
    std::string line = "fault " + count_text(r, "fault") + " (" +
                       r.value("kind", std::string("?")) + ") healed at " +
                       format("%.1f s", number(r, "healed_s")) + ": ";
    const Json before = r.value("ok_per_s_before", Json());
    const Json after = r.value("recovered_after_s", Json());
    if (!before.is_number()) {
      line += "no op succeeded before it, nothing to compare with";
    } else if (after.is_number()) {
      line += "ok/s back to " + format("%.0f%%", share * 100) + " of " +
              format("%.1f", before.get<double>()) + " (before the fault) " +
              format("%.1f s", after.get<double>()) + " after the heal";
    } else {
      const Json next = r.value("next_fault", Json());
      line += (next.is_number_integer() ? "did not recover before fault " + next.dump() + " began"
                                        : std::string("did not recover within the run")) +
              " (no " + format("%g s", window) + " window after the heal reached " +
              format("%.0f%%", share * 100) + " of " + format("%.1f", before.get<double>()) +
              " ok/s, the level before the fault)";
    }
    lines.push_back(std::move(line));
  }
  return lines;
}

}  // namespace faultline
