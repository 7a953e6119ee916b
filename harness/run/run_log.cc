#include "harness/run/run_log.h"

#include <cstdio>

namespace faultline {

RunLog::RunLog(std::ostream* terminal, RunClock clock) : clock_(clock), terminal_(terminal) {}

bool RunLog::open(const std::string& path) {
  std::lock_guard lock(mutex_);
  file_.open(path, std::ios::app);
  if (!file_) return false;
  file_ << before_open_ << std::flush;
  before_open_.clear();
  return true;
}

void RunLog::line(const std::string& text) { write(text, nullptr); }
void RunLog::echo(const std::string& text) { write(text, &text); }
void RunLog::echo(const std::string& whole, const std::string& short_form) {
  write(whole, &short_form);
}

void RunLog::write(const std::string& text, const std::string* terminal_text) {
  const double seconds = static_cast<double>(clock_.now_ns()) / 1e9;
  char stamp[32];
  std::snprintf(stamp, sizeof stamp, "%8.3f ", seconds);
  std::lock_guard lock(mutex_);
  if (file_.is_open()) {
    file_ << stamp << text << "\n" << std::flush;
  } else {
    before_open_ += stamp + text + "\n";
  }
  if (terminal_text && terminal_) *terminal_ << *terminal_text << "\n" << std::flush;
}

}  // namespace faultline
