// The terminal of a run with a live progress line: the run's own lines
// (nemesis, db, warnings) print above the line, which is then drawn again,
// so the two never mix. Redrawn (a terminal): the line is rewritten in place
// with "\r" and erase-to-end-of-line. Plain (not a terminal): each progress
// line is a line of its own, "progress: ...". Thread-safe.
#pragma once

#include <mutex>
#include <ostream>
#include <string>

namespace faultline {

class StatusLine {
 public:
  StatusLine(std::ostream& out, bool redraw) : out_(out), redraw_(redraw) {}

  // A line of the run's output (without its newline), above the progress line.
  void print(const std::string& text);
  // Shows `status` as the progress line.
  void show(const std::string& status);
  // Removes the progress line (before the verdict is printed) and stops showing it.
  void clear();

 private:
  std::mutex mutex_;
  std::ostream& out_;
  const bool redraw_;
  std::string shown_;  // the line on the screen now (redraw only)
};

}  // namespace faultline
