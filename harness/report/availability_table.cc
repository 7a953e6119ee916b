// The report's availability section: the table of periods (and sides of a
// partition) and the recovery after each heal, from results.json's
// "availability", or measured from the history when an older store has none.
#include "harness/report/availability.h"
#include "harness/report/report_parts.h"

namespace faultline::report_detail {
namespace {

double number_or(const Json& object, const char* field, double otherwise) {
  return object.contains(field) && object[field].is_number() ? object[field].get<double>()
                                                             : otherwise;
}

}  // namespace

std::string render_availability(const Json& results, const OpTable& history) {
  Json availability = results.value("availability", Json());
  if (!availability.is_object())
    availability = availability_to_json(measure_availability(history, phase_starts_of(results)));
  const std::vector<AvailabilityRow> rows = availability_rows(availability);
  if (rows.empty()) return "<p>No timed client op in the history.</p>\n";
  std::string out = "<table class=\"availability\"><tr>";
  for (const std::string& column : availability_columns())
    out += "<th>" + html_escape(column) + "</th>";
  out += "</tr>";
  for (const AvailabilityRow& row : rows) {
    out += row.side ? "<tr class=\"side\">" : "<tr>";
    for (size_t i = 0; i < row.cells.size(); ++i)
      out +=
          std::string(i == 0 ? "<td>" : "<td class=\"num\">") + html_escape(row.cells[i]) + "</td>";
    out += "</tr>";
  }
  out += "</table>\n";
  const std::vector<std::string> recoveries = recovery_lines(availability);
  if (!recoveries.empty()) {
    out += "<h3>Recovery after each heal</h3><ul class=\"recoveries\">";
    for (const std::string& line : recoveries) out += "<li>" + html_escape(line) + "</li>";
    out += "</ul>\n";
  }
  out +=
      "<p class=\"note\">An op counts in the period in which its client saw the outcome; "
      "ok/s counts ok ops; latencies are of every completed op. Recovery: the first " +
      html_escape(fixed(number_or(availability, "window_s", 1.0), 1)) +
      " s window after the heal with at least " +
      html_escape(fixed(number_or(availability, "recovery_share", 0.9) * 100, 0)) +
      "% of the ok ops per second before the fault.</p>\n";
  return out;
}

}  // namespace faultline::report_detail
