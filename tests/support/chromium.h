// Headless Chromium (Debian's `chromium`) for tests that prove a page in a
// real browser: the DOM after the page's scripts ran, and a screenshot of
// what was checked. Each call starts a fresh browser (a second or two) with
// its own profile folder, so tests never share state.
#pragma once

#include <filesystem>
#include <optional>
#include <string>

#include "harness/base/result.h"

namespace faultline::testing {

// The browser's path, or "" when none is installed.
std::string chromium_binary();

// CI=true: a test that needs chromium must fail there rather than skip.
bool in_ci();

struct BrowserError {
  std::string what;  // the command, its exit status and the end of its stderr
};

class HeadlessChromium {
 public:
  // `work_dir` holds the browser's profile; the caller removes it.
  HeadlessChromium(std::string binary, std::filesystem::path work_dir);

  // The DOM after load and scripts, as chromium serializes it (--dump-dom).
  Result<std::string, BrowserError> dump_dom(const std::string& url) const;

  // A PNG of the page as a 1280 x 2000 window shows it (--screenshot).
  std::optional<BrowserError> screenshot(const std::string& url,
                                         const std::filesystem::path& png) const;

 private:
  std::string binary_;
  std::filesystem::path work_dir_;
};

// file:///abs/path for a page on disk (the path made absolute).
std::string file_url(const std::filesystem::path& page);

}  // namespace faultline::testing
