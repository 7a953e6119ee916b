#include "harness/run/status_line.h"

namespace faultline {
namespace {

constexpr const char* kEraseLine = "\r\033[K";

}  // namespace

void StatusLine::print(const std::string& text) {
  std::lock_guard lock(mutex_);
  if (redraw_ && !shown_.empty()) {
    out_ << kEraseLine << text << "\n" << shown_ << std::flush;
  } else {
    out_ << text << "\n" << std::flush;
  }
}

void StatusLine::show(const std::string& status) {
  std::lock_guard lock(mutex_);
  if (redraw_) {
    shown_ = status;
    out_ << kEraseLine << status << std::flush;
  } else {
    out_ << "progress: " << status << "\n" << std::flush;
  }
}

void StatusLine::clear() {
  std::lock_guard lock(mutex_);
  if (redraw_ && !shown_.empty()) out_ << kEraseLine << std::flush;
  shown_.clear();
}

}  // namespace faultline
