#include "nemeses/ledger.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <fstream>
#include <sstream>

namespace faultline {
namespace {

using Json = nlohmann::json;

int64_t wall_ns() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

Json outcome_to_json(const FaultOutcome& outcome) {
  return {{"fault",
           {{"kind", outcome.fault.kind},
            {"nodes", outcome.fault.nodes},
            {"value", outcome.fault.value}}},
          {"errors", outcome.errors},
          {"notes", outcome.notes}};
}

std::vector<std::string> strings_at(const Json& record, const char* key) {
  const Json& list = record.value(key, Json::array());
  std::vector<std::string> out;
  for (const Json& item : list) out.push_back(item.get<std::string>());
  return out;
}

FaultOutcome outcome_from_json(const Json& record) {
  FaultOutcome outcome;
  const Json& fault = record.at("fault");
  outcome.fault.kind = fault.at("kind").get<std::string>();
  for (const Json& node : fault.value("nodes", Json::array())) {
    outcome.fault.nodes.push_back(node.get<std::string>());
  }
  outcome.fault.value = fault.value("value", Json());
  outcome.errors = strings_at(record, "errors");
  outcome.notes = strings_at(record, "notes");
  return outcome;
}

LedgerFault* find_fault(LedgerState& state, int64_t id) {
  for (LedgerFault& fault : state.faults) {
    if (fault.id == id) return &fault;
  }
  return nullptr;
}

// Applies one record to the state. Returns a message saying what is wrong
// with the record, empty when it was applied. Throws json errors for fields
// of the wrong type (the caller turns them into messages).
std::string apply_record(LedgerState& state, const Json& record) {
  if (!record.is_object()) return "a ledger record must be a JSON object";
  const std::string event = record.value("event", "");
  if (event == "heal-all") {
    if (record.at("ok").get<bool>()) {
      for (LedgerFault& fault : state.faults) fault.healed = true;
    }
    return "";
  }
  const int64_t id = record.at("id").get<int64_t>();
  if (event == "start") {
    if (find_fault(state, id)) return "fault " + std::to_string(id) + " is started twice";
    LedgerFault fault;
    fault.id = id;
    fault.kind = record.at("kind").get<std::string>();
    fault.params = record.value("params", Json());
    fault.started_ns = record.value("time_ns", int64_t{0});
    state.faults.push_back(std::move(fault));
    return "";
  }
  LedgerFault* fault = find_fault(state, id);
  if (!fault) return "fault " + std::to_string(id) + " was never started";
  if (event == "applied") {
    fault->applied = outcome_from_json(record);
  } else if (event == "healed") {
    fault->heal_errors = strings_at(record, "errors");
    fault->healed = fault->heal_errors.empty();
  } else {
    return "unknown event '" + event + "' (known: start, applied, healed, heal-all)";
  }
  return "";
}

// Applies one line; an error message (without the location) or empty.
// `torn` says the line is not JSON at all, as a write cut short leaves it.
std::string apply_line(LedgerState& state, const std::string& line, bool* torn) {
  Json record = Json::parse(line, nullptr, false);
  *torn = record.is_discarded();
  if (*torn) return "not JSON";
  try {
    return apply_record(state, record);
  } catch (const Json::exception& e) {
    return std::string("not a ledger record: ") + e.what();
  }
}

std::string errno_text() { return std::strerror(errno); }

}  // namespace

std::vector<LedgerFault> LedgerState::active() const {
  std::vector<LedgerFault> out;
  std::copy_if(faults.begin(), faults.end(), std::back_inserter(out),
               [](const LedgerFault& fault) { return !fault.healed; });
  return out;
}

Ledger::Ledger() = default;

Ledger::~Ledger() {
  if (fd_ >= 0) ::close(fd_);
}

Result<std::unique_ptr<Ledger>, std::string> Ledger::open(const std::string& path) {
  auto ledger = std::make_unique<Ledger>();
  if (std::ifstream(path).good()) {
    Parsed<LedgerState> earlier = load(path);
    if (!earlier) return "cannot resume ledger: " + earlier.error().to_string();
    ledger->state_ = std::move(*earlier);
    for (const LedgerFault& fault : ledger->state_.faults) {
      ledger->next_id_ = std::max(ledger->next_id_, fault.id + 1);
    }
  }
  ledger->fd_ = ::open(path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
  if (ledger->fd_ < 0) return "cannot open ledger " + path + ": " + errno_text();
  ledger->path_ = path;
  return ledger;
}

Parsed<LedgerState> Ledger::load(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return SourceError{{path, 0, 0}, "cannot read ledger: " + errno_text()};
  std::vector<std::string> lines;
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  while (!lines.empty() && lines.back().empty()) lines.pop_back();
  LedgerState state;
  for (size_t i = 0; i < lines.size(); ++i) {
    if (lines[i].empty()) continue;
    bool torn = false;
    const std::string problem = apply_line(state, lines[i], &torn);
    if (problem.empty()) continue;
    const int64_t line_number = static_cast<int64_t>(i) + 1;
    if (torn && i + 1 == lines.size()) {
      // The controller died while writing its last record: that fault's
      // start may or may not have reached the nodes; `faultline heal` covers it.
      state.notes.push_back(format_location({path, line_number, 0}) +
                            ": last line is torn (controller killed while writing?); "
                            "ignored it");
      break;
    }
    return SourceError{{path, line_number, 0}, problem};
  }
  return state;
}

std::string Ledger::append(const Json& record) {
  std::string error = apply_record(state_, record);
  if (!error.empty()) return error;
  if (fd_ < 0) return "";
  const std::string line = record.dump(-1, ' ', false, Json::error_handler_t::replace) + "\n";
  // One write() per record: O_APPEND keeps records whole among writers.
  size_t done = 0;
  while (done < line.size()) {
    const ssize_t n = ::write(fd_, line.data() + done, line.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return "cannot write ledger " + path_ + ": " + errno_text();
    done += static_cast<size_t>(n);
  }
  if (::fsync(fd_) != 0) return "cannot sync ledger " + path_ + ": " + errno_text();
  return "";
}

Result<int64_t, std::string> Ledger::record_start(const std::string& kind, const Json& params) {
  std::lock_guard lock(mutex_);
  const int64_t id = next_id_++;
  std::string error = append(
      {{"event", "start"}, {"id", id}, {"kind", kind}, {"params", params}, {"time_ns", wall_ns()}});
  if (!error.empty()) return error;
  return id;
}

std::string Ledger::record_applied(int64_t id, const FaultOutcome& outcome) {
  std::lock_guard lock(mutex_);
  Json record = outcome_to_json(outcome);
  record["event"] = "applied";
  record["id"] = id;
  record["time_ns"] = wall_ns();
  return append(record);
}

std::string Ledger::record_healed(int64_t id, const std::vector<std::string>& errors) {
  std::lock_guard lock(mutex_);
  return append({{"event", "healed"}, {"id", id}, {"errors", errors}, {"time_ns", wall_ns()}});
}

std::string Ledger::record_heal_all(bool ok, const std::string& report) {
  std::lock_guard lock(mutex_);
  return append({{"event", "heal-all"}, {"ok", ok}, {"report", report}, {"time_ns", wall_ns()}});
}

LedgerState Ledger::state() const {
  std::lock_guard lock(mutex_);
  return state_;
}

std::vector<LedgerFault> Ledger::active() const {
  std::lock_guard lock(mutex_);
  return state_.active();
}

}  // namespace faultline
