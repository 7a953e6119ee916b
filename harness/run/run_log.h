// The run's log, faultline.log in the store: every step on every node, what
// clients and adapters complained about, the faults. Each line gets the time
// since the run began, on the run's clock (the zero of the history's `time`
// too, so a nemesis line and its op in the history agree); lines also go to the terminal when asked
// (`echo`), so the person running the test sees progress and the file keeps everything.
//
// Thread-safe: workers, the nemesis and node threads log at once.
#pragma once

#include <fstream>
#include <mutex>
#include <ostream>
#include <string>

#include "harness/runner/run_clock.h"

namespace faultline {

class RunLog {
 public:
  // `terminal` receives the lines logged with echo (nullptr: none); `clock`
  // gives each line's time (by default, zero is now).
  explicit RunLog(std::ostream* terminal, RunClock clock = RunClock());

  // Starts writing to `path` as well (opened for appending); lines logged
  // before are written to it first. Returns false when it cannot be opened.
  bool open(const std::string& path);

  // A line for the file only.
  void line(const std::string& text);
  // A line for the file and the terminal.
  void echo(const std::string& text);
  // The same event said twice: `whole` for the file, `short_form` (cut to fit a
  // terminal line) for the terminal.
  void echo(const std::string& whole, const std::string& short_form);

 private:
  void write(const std::string& file_text, const std::string* terminal_text);

  std::mutex mutex_;
  const RunClock clock_;
  std::ostream* terminal_;
  std::ofstream file_;
  std::string before_open_;  // lines logged before open()
};

}  // namespace faultline
