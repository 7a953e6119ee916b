#include "harness/run/live_progress.h"

#include <algorithm>
#include <cstdio>

namespace faultline {
namespace {

std::string seconds_text(double seconds) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.1f s", seconds);
  return buffer;
}

}  // namespace

std::optional<ProgressMode> parse_progress_mode(const std::string& word) {
  if (word == "auto") return ProgressMode::kAuto;
  if (word == "tty") return ProgressMode::kTty;
  if (word == "plain") return ProgressMode::kPlain;
  if (word == "off") return ProgressMode::kOff;
  return std::nullopt;
}

ProgressMode resolve_progress_mode(ProgressMode mode, bool stdout_is_terminal) {
  if (mode != ProgressMode::kAuto) return mode;
  return stdout_is_terminal ? ProgressMode::kTty : ProgressMode::kPlain;
}

std::string render_progress_line(const ProgressSnapshot& s, size_t width) {
  std::string phase = s.phase;
  if (!s.active_faults.empty()) {
    std::string faults;
    for (const std::string& kind : s.active_faults) faults += (faults.empty() ? "" : ", ") + kind;
    phase += (s.active_faults.size() == 1 ? ", fault active: " : ", faults active: ") + faults;
  }
  std::string line = phase + " | " + seconds_text(s.elapsed_s);
  if (s.remaining_s) line += ", " + seconds_text(*s.remaining_s) + " left";
  line += " | " + std::to_string(s.invoked) + " ops: " + std::to_string(s.ok) + " ok, " +
          std::to_string(s.failed) + " fail, " + std::to_string(s.info) + " info";
  if (s.ops_per_s) {
    char rate[32];
    std::snprintf(rate, sizeof rate, "%.1f", *s.ops_per_s);
    line += std::string(" | ") + rate + " ops/s";
  }
  if (width > 3 && line.size() > width) {
    size_t cut = width - 3;
    while (cut > 0 && (static_cast<unsigned char>(line[cut]) & 0xC0) == 0x80) --cut;
    line = line.substr(0, cut) + "...";
  }
  return line;
}

void ThroughputMeter::sample(std::chrono::steady_clock::time_point at, int64_t completed) {
  samples_.emplace_back(at, completed);
  // Keep one sample at or before the window's start, so the rate spans the whole window.
  while (samples_.size() > 2 && samples_[1].first <= at - window_) samples_.pop_front();
}

std::optional<double> ThroughputMeter::per_second() const {
  if (samples_.size() < 2) return std::nullopt;
  const double seconds =
      std::chrono::duration<double>(samples_.back().first - samples_.front().first).count();
  if (seconds < 0.1) return std::nullopt;
  return static_cast<double>(samples_.back().second - samples_.front().second) / seconds;
}

bool ProgressCadence::due(std::chrono::steady_clock::time_point now) {
  if (redraw_) return true;
  const int64_t periods = (now - start_) / every_;
  if (periods <= periods_done_) return false;
  periods_done_ = periods;
  return true;
}

void LiveProgress::set_phase(const std::string& phase) {
  std::lock_guard lock(mutex_);
  phase_ = phase;
}

void LiveProgress::main_started(std::chrono::steady_clock::time_point at,
                                std::chrono::steady_clock::duration length) {
  std::lock_guard lock(mutex_);
  phase_ = "running";
  main_end_ = at + length;
}

void LiveProgress::main_ended() {
  std::lock_guard lock(mutex_);
  main_end_.reset();
}

void LiveProgress::fault_applying(const std::string& kind) {
  std::lock_guard lock(mutex_);
  ++faults_[kind];
}

void LiveProgress::fault_healed(const std::string& kind) {
  std::lock_guard lock(mutex_);
  if (auto found = faults_.find(kind); found != faults_.end() && --found->second <= 0) {
    faults_.erase(found);
  }
}

void LiveProgress::note_nemesis_op(const Op& op, bool completion) {
  const auto kind_after = [&](std::string_view prefix) -> std::optional<std::string> {
    if (op.f.rfind(prefix, 0) != 0) return std::nullopt;
    return op.f.substr(prefix.size());
  };
  if (std::optional<std::string> started = kind_after("start-")) {
    if (!completion) fault_applying(*started);
    if (completion && op.value.is_null() && !op.error.is_null()) fault_healed(*started);
  } else if (std::optional<std::string> stopped = kind_after("stop-"); stopped && completion) {
    fault_healed(*stopped);
  }
}

ProgressSnapshot LiveProgress::snapshot(std::chrono::steady_clock::time_point now) const {
  ProgressSnapshot s;
  s.elapsed_s = std::chrono::duration<double>(now - start_).count();
  s.invoked = LiveCounts::read(counts_.invoked);
  s.ok = LiveCounts::read(counts_.ok);
  s.failed = LiveCounts::read(counts_.failed);
  s.info = LiveCounts::read(counts_.info);
  std::lock_guard lock(mutex_);
  s.phase = phase_;
  if (main_end_) {
    s.remaining_s = std::max(0.0, std::chrono::duration<double>(*main_end_ - now).count());
  }
  for (const auto& [kind, count] : faults_) s.active_faults.push_back(kind);
  return s;
}

}  // namespace faultline
