// Nemesis ops -> fault bands. The nemesis (nemeses/nemesis_runner.h) writes
// two info ops per step: "start-<kind>" with what it is asked to do, then
// "start-<kind>" with what was done (and errors); the same for "stop-<kind>".
// Imported Jepsen histories use plain "start"/"stop" in the same pairs.
#include <algorithm>
#include <map>

#include "harness/report/fault_text.h"
#include "harness/report/report_parts.h"

namespace faultline::report_detail {
namespace {

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
        band.what = describe_fault(kind, Json(), op.value);
        band.start_ns = std::max<int64_t>(op.time_ns, 0);
        bands.push_back(std::move(band));
      } else if (auto it = open.find(kind); it != open.end()) {
        bands[it->second].what = describe_fault(kind, op.value, first->value);
        bands[it->second].applied = op.value;
        add_errors(op.error, bands[it->second].errors);
      }
    } else if (auto it = open.find(kind); it != open.end()) {
      // A stop written as one op (some histories do) ends the band too.
      add_errors(op.error, bands[it->second].errors);
      if (!request) bands[it->second].ended = describe_fault(kind, op.value, first->value, true);
      bands[it->second].end_ns = std::max(op.time_ns, bands[it->second].start_ns);
      if (!request) open.erase(it);
    }
  }
  return bands;
}

}  // namespace faultline::report_detail
