#include "harness/report/evidence_times.h"

#include <set>
#include <string_view>

namespace faultline {
namespace {

bool names_an_index(std::string_view field) {
  return field == "index" || (field.size() > 6 && field.substr(field.size() - 6) == "_index");
}

void collect_indices(const Json& value, std::set<int64_t>& indices) {
  if (indices.size() >= kMaxTimedEvidenceOps) return;
  if (value.is_array()) {
    for (const Json& item : value) collect_indices(item, indices);
  } else if (value.is_object()) {
    for (const auto& [field, item] : value.items()) {
      if (names_an_index(field) && item.is_number_integer() && item.get<int64_t>() >= 0)
        indices.insert(item.get<int64_t>());
      else
        collect_indices(item, indices);
      if (indices.size() >= kMaxTimedEvidenceOps) return;
    }
  }
}

}  // namespace

Json evidence_op_times(const std::vector<Json>& checker_details, const OpTable& history) {
  std::set<int64_t> indices;
  for (const Json& details : checker_details) collect_indices(details, indices);
  Json times = Json::object();
  if (indices.empty()) return times;
  for (size_t row = 0; row < history.size(); ++row) {
    const int64_t index = history.index(row), time_ns = history.time_ns(row);
    if (time_ns < 0 || !indices.count(index)) continue;
    times[std::to_string(index)] = static_cast<double>(time_ns) / 1e9;
  }
  return times;
}

}  // namespace faultline
