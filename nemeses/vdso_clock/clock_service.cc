#include "nemeses/vdso_clock/clock_service.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <ctime>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "nemeses/vdso_clock/clock_patch.h"
#include "nemeses/vdso_clock/process_finder.h"

namespace faultline::vdso_clock {
namespace {

using nlohmann::json;

int64_t now_ns(clockid_t clock) {
  timespec ts{};
  clock_gettime(clock, &ts);
  return static_cast<int64_t>(ts.tv_sec) * 1'000'000'000 + ts.tv_nsec;
}

// `out` with the fields of `extra` added.
json with(json out, const json& extra) {
  out.update(extra);
  return out;
}

json settings_json(const ClockSettings& s) {
  json out = {{"realtime", (s.flags & kRealtimeClocks) != 0},
              {"monotonic", (s.flags & kMonotonicClocks) != 0},
              {"base_ms", s.base_ns / 1e6}};
  if (s.drift_ppb != 0) out["drift_ppm"] = s.drift_ppb / 1e3;
  if (s.strobe_period_ns != 0) {
    out["strobe_ms"] = s.strobe_delta_ns / 1e6;
    out["period_ms"] = s.strobe_period_ns / 1e6;
  }
  return out;
}

// Reads `clock` inside the process (between two true readings of it made
// there, see read_inside()) and checks that it is off by what `settings`
// says for it at that time (0 when `moved` is false): this program's
// CLOCK_MONOTONIC before and after brackets when that was, for a drift or a
// strobe. Records what was seen. Empty when it was.
std::string check_clock(Tracee& tracee, uint64_t block, const std::vector<PatchPoint>& points,
                        const char* name, clockid_t clock, bool moved,
                        const ClockSettings& settings, json* seen, json* expected) {
  Failure failure;
  ProbeReading reading;
  const int64_t mono_before = now_ns(CLOCK_MONOTONIC);
  if (!read_inside(tracee, block, points, clock, &reading, &failure)) return failure.what;
  const int64_t mono_after = now_ns(CLOCK_MONOTONIC);
  const int64_t seen_ns = reading.offset_ns();
  const int64_t at_start = moved ? offset_at(settings, mono_before) : 0;
  const int64_t at_end = moved ? offset_at(settings, mono_after) : 0;
  const int64_t slack = reading.spread_ns / 2 + kToleranceNs;
  (*seen)[name] = seen_ns / 1e6;
  (*expected)[name] = (at_start + at_end) / 2 / 1e6;
  if (seen_ns >= std::min(at_start, at_end) - slack &&
      seen_ns <= std::max(at_start, at_end) + slack)
    return "";
  std::ostringstream why;
  why << "the process's " << name << " clock is off by " << seen_ns / 1e6 << " ms, not "
      << at_start / 1e6 << " ms (± " << slack / 1e6 << " ms)";
  return why.str();
}

// The points come from the caller's own find_patch_points(): the vDSO does
// not move while the process is held.
std::string verify(Tracee& tracee, uint64_t block, const std::vector<PatchPoint>& points,
                   const ClockSettings& settings, json* out) {
  json seen, expected;
  std::string realtime = check_clock(tracee, block, points, "realtime", CLOCK_REALTIME,
                                     settings.flags & kRealtimeClocks, settings, &seen, &expected);
  std::string monotonic =
      check_clock(tracee, block, points, "monotonic", CLOCK_MONOTONIC,
                  settings.flags & kMonotonicClocks, settings, &seen, &expected);
  (*out)["seen_offset_ms"] = seen;
  (*out)["expected_offset_ms"] = expected;
  return realtime.empty() ? monotonic : realtime;
}

// The settings in the process's block (none when it is not patched).
bool settings_in(const Tracee& tracee, uint64_t block, ClockSettings* settings, Failure* failure) {
  if (block == 0) return true;
  std::vector<uint8_t> bytes;
  if (!tracee.read(block + kSettingsOffset, 64, &bytes, failure)) return false;
  *settings = decode_settings(bytes.data());
  return true;
}

json set_one(pid_t pid, const Request& request) {
  json out = {{"pid", pid}, {"ok", false}};
  Failure failure;
  std::unique_ptr<Tracee> tracee = Tracee::attach(pid, &failure);
  if (!tracee) return with(out, {{"error", failure.what}});
  out["threads"] = tracee->threads().size();
  std::vector<PatchPoint> points;
  uint64_t block = 0;
  if (!find_patch_points(*tracee, &points, &failure) ||
      !installed_block(*tracee, points, &block, &failure))
    return with(out, {{"error", failure.what}});
  ClockSettings current;
  if (!settings_in(*tracee, block, &current, &failure)) return with(out, {{"error", failure.what}});
  const ClockSettings next = next_settings(current, request, now_ns(CLOCK_MONOTONIC));
  if (!apply_settings(*tracee, next, &block, &failure)) return with(out, {{"error", failure.what}});
  out["patched"] = true;
  out["settings"] = settings_json(next);
  if (std::string problem = verify(*tracee, block, points, next, &out); !problem.empty())
    return with(out, {{"error", problem}});
  out["ok"] = true;
  return out;
}

json reset_one(pid_t pid) {
  json out = {{"pid", pid}, {"ok", false}};
  Failure failure;
  std::unique_ptr<Tracee> tracee = Tracee::attach(pid, &failure);
  if (!tracee) return with(out, {{"error", failure.what}});
  bool was_patched = false;
  if (!remove_patch(*tracee, &was_patched, &failure)) return with(out, {{"error", failure.what}});
  // Seen from the process: its vDSO jumps nowhere now.
  std::vector<PatchPoint> points;
  uint64_t block = 0;
  if (!find_patch_points(*tracee, &points, &failure) ||
      !installed_block(*tracee, points, &block, &failure))
    return with(out, {{"error", failure.what}});
  if (block != 0) return with(out, {{"error", "the patch is still in place after removing it"}});
  return with(out, {{"ok", true}, {"patched", false}, {"was_patched", was_patched}});
}

json read_one(pid_t pid) {
  json out = {{"pid", pid}, {"ok", false}};
  Failure failure;
  std::unique_ptr<Tracee> tracee = Tracee::attach(pid, &failure);
  if (!tracee) return with(out, {{"error", failure.what}});
  std::vector<PatchPoint> points;
  uint64_t block = 0;
  if (!find_patch_points(*tracee, &points, &failure) ||
      !installed_block(*tracee, points, &block, &failure))
    return with(out, {{"error", failure.what}});
  out["patched"] = block != 0;
  if (block == 0) return with(out, {{"ok", true}});
  ClockSettings settings;
  if (!settings_in(*tracee, block, &settings, &failure))
    return with(out, {{"error", failure.what}});
  out["settings"] = settings_json(settings);
  if (std::string problem = verify(*tracee, block, points, settings, &out); !problem.empty())
    return with(out, {{"error", problem}});
  return with(out, {{"ok", true}});
}

// The ledger, locked for the whole request so two requests do not interleave.
class Ledger {
 public:
  explicit Ledger(const std::string& path) : path_(path) {
    if (path_.empty()) return;
    fd_ = open(path_.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
    if (fd_ >= 0) flock(fd_, LOCK_EX);
    std::ifstream in(path_);
    std::stringstream text;
    text << in.rdbuf();
    entries_ = parse_ledger(text.str());
  }
  ~Ledger() {
    if (fd_ >= 0) close(fd_);
  }
  std::vector<LedgerEntry>& entries() { return entries_; }
  void save() {
    if (path_.empty()) return;
    std::ofstream(path_, std::ios::trunc) << format_ledger(entries_);
  }

 private:
  std::string path_;
  int fd_ = -1;
  std::vector<LedgerEntry> entries_;
};

}  // namespace

std::vector<LedgerEntry> parse_ledger(const std::string& text) {
  std::vector<LedgerEntry> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    std::istringstream fields(line);
    LedgerEntry e;
    if (fields >> e.pid >> e.start_time && e.pid > 0) out.push_back(e);
  }
  return out;
}

std::string format_ledger(const std::vector<LedgerEntry>& entries) {
  std::string out;
  for (const LedgerEntry& e : entries)
    out += std::to_string(e.pid) + " " + std::to_string(e.start_time) + "\n";
  return out;
}

std::string find_processes(Request* request) {
  if (!request->process_name.empty()) {
    request->pids = processes_named(request->process_name, request->own_netns);
    if (request->pids.empty()) return "no process named " + request->process_name + " is running";
  }
  if (!request->pid_file.empty()) {
    PidFromFile found = process_in_pid_file(request->pid_file);
    if (!found.error.empty()) return found.error;
    request->pids = {found.pid};
  }
  return "";
}

std::vector<std::string> carry_out(const Request& request) {
  Ledger ledger(request.ledger);
  std::vector<std::string> lines;
  std::vector<pid_t> pids = request.pids;
  if (request.verb == Verb::kReset) {
    for (const LedgerEntry& e : ledger.entries()) {
      // A process that ended, or a new one with the pid, has no patch of ours.
      if (start_time(e.pid) == e.start_time &&
          std::find(pids.begin(), pids.end(), e.pid) == pids.end())
        pids.push_back(e.pid);
    }
  }
  std::vector<LedgerEntry> still_patched;
  for (pid_t pid : pids) {
    json result = request.verb == Verb::kSet     ? set_one(pid, request)
                  : request.verb == Verb::kReset ? reset_one(pid)
                                                 : read_one(pid);
    if (result.value("patched", false)) still_patched.push_back({pid, start_time(pid)});
    if (request.verb == Verb::kReset && !result["ok"].get<bool>())
      still_patched.push_back({pid, start_time(pid)});  // kept: heal tries it again
    lines.push_back(result.dump());
  }
  if (request.verb != Verb::kRead) {
    std::vector<LedgerEntry>& entries = ledger.entries();
    if (request.verb == Verb::kReset) entries.clear();
    for (const LedgerEntry& e : still_patched) {
      auto same = [&](const LedgerEntry& x) { return x.pid == e.pid; };
      if (std::none_of(entries.begin(), entries.end(), same)) entries.push_back(e);
    }
    ledger.save();
  }
  return lines;
}

}  // namespace faultline::vdso_clock
