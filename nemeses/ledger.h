// The ledger: every fault faultline applies, written down before it is
// applied and again once it is healed, so a run (or a person, or the next
// controller after a crash) knows which faults may still be in place.
//
// In memory and, when opened on a file, appended to a JSON-lines file in the
// run's store; each record is flushed and fsync'd before the call returns, so
// a controller killed at any moment leaves at most a torn last line. Records:
//   {"event":"start","id":1,"kind":"partition","params":{...},"time_ns":...}
//   {"event":"applied","id":1,"fault":{"kind":..,"nodes":[..],"value":..},
//    "errors":[..],"notes":[..],"time_ns":...}
//   {"event":"healed","id":1,"errors":[..],"time_ns":...}   (errors: heal failed)
//   {"event":"heal-all","ok":true,"report":"...","time_ns":...}
// A fault is active from its start until a heal without errors (or a
// heal-all that succeeded everywhere): an applied record is not needed, as
// the fault may have been half applied when the controller died.
//
// Thread-safe: any thread may record or read.
#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "harness/base/result.h"
#include "harness/base/source_error.h"
#include "nemeses/fault.h"

namespace faultline {

// One fault as the ledger knows it.
struct LedgerFault {
  int64_t id = 0;
  std::string kind;
  nlohmann::json params;                // what was asked for
  std::optional<FaultOutcome> applied;  // what was done, once known
  bool healed = false;
  std::vector<std::string> heal_errors;  // from the last heal that failed
  int64_t started_ns = 0;                // wall clock, for people
};

// Everything a ledger holds: its faults in start order, and notes about the
// file it was read from (e.g. a torn last line).
struct LedgerState {
  std::vector<LedgerFault> faults;
  std::vector<std::string> notes;
  std::vector<LedgerFault> active() const;  // started and not healed, in start order
};

class Ledger {
 public:
  // A ledger kept in memory only (for tests and dry runs).
  Ledger();
  ~Ledger();
  Ledger(const Ledger&) = delete;
  Ledger& operator=(const Ledger&) = delete;

  // Opens `path` for appending (creating it); faults already in the file are
  // read first, so a resumed run still knows them. Errors name the file.
  static Result<std::unique_ptr<Ledger>, std::string> open(const std::string& path);

  // Reads a ledger file back. A torn or unparsable last line (a controller
  // killed mid-write) is dropped with a note; any other bad line is an error
  // naming file:line.
  static Parsed<LedgerState> load(const std::string& path);

  // Records that a fault is about to be applied; returns its id. Fails (and
  // the fault must not be applied) when the record cannot be made durable.
  Result<int64_t, std::string> record_start(const std::string& kind, const nlohmann::json& params);
  // Records what applying fault `id` did.
  std::string record_applied(int64_t id, const FaultOutcome& outcome);
  // Records a heal of fault `id`; with errors, the fault stays active.
  std::string record_healed(int64_t id, const std::vector<std::string>& errors);
  // Records a node-side heal of everything; when `ok`, every fault is healed.
  std::string record_heal_all(bool ok, const std::string& report);
  // (The record_* functions return an error message, empty on success.)

  LedgerState state() const;
  std::vector<LedgerFault> active() const;
  const std::string& path() const { return path_; }

 private:
  std::string append(const nlohmann::json& record);

  mutable std::mutex mutex_;
  std::string path_;  // empty: in memory only
  int fd_ = -1;       // owned; closed by the destructor
  LedgerState state_;
  int64_t next_id_ = 1;
};

}  // namespace faultline
