// What every test that proves a page in headless Chromium shares. It skips
// on a workstation without chromium but FAILS in CI (CI=true), so the proof
// never silently vanishes there; it gives each test a work folder, the
// page's DOM after its scripts ran, and a screenshot of what the test
// checked, kept as test output in <build>/test-output/browser/ (CI
// keeps that folder as an artifact).
#pragma once

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <iostream>
#include <optional>
#include <string>

#include "tests/support/chromium.h"
#include "tests/support/dom_scan.h"
#include "tests/support/png_size.h"
#include "tests/support/test_output.h"

namespace faultline::testing {

// One test's browser: its work folder (made now, removed with it) and chromium.
class BrowserSession {
 public:
  explicit BrowserSession(const std::string& binary)
      : work_dir_(std::filesystem::temp_directory_path() /
                  ("faultline-browser-" + std::to_string(::getpid()) + "-" + test_name())),
        browser_(binary, work_dir_) {
    std::filesystem::remove_all(work_dir_);
    std::filesystem::create_directories(work_dir_);
  }
  ~BrowserSession() { std::filesystem::remove_all(work_dir_); }
  BrowserSession(const BrowserSession&) = delete;
  BrowserSession& operator=(const BrowserSession&) = delete;

  const std::filesystem::path& work_dir() const { return work_dir_; }

  // The DOM chromium made of `url`; a test failure (and an empty DOM) when
  // the browser did not give one.
  ScannedDom dom_of(const std::string& url) const {
    auto dom = browser_.dump_dom(url);
    if (!dom) {
      ADD_FAILURE() << dom.error().what;
      return ScannedDom("");
    }
    return ScannedDom(std::move(*dom));
  }

  // Saves a screenshot of `url` as <output>/browser/<Suite>.<Test><suffix>.png,
  // checks that it is a real 1280 x 2000 PNG, and says where it is.
  void keep_screenshot(const std::string& url, const std::string& suffix = "") const {
    const auto* test = ::testing::UnitTest::GetInstance()->current_test_info();
    const std::filesystem::path folder = test_output_dir() / "browser";
    std::filesystem::create_directories(folder);
    const std::filesystem::path png =
        folder / (std::string(test->test_suite_name()) + "." + test->name() + suffix + ".png");
    std::filesystem::remove(png);
    if (auto error = browser_.screenshot(url, png)) {
      ADD_FAILURE() << error->what;
      return;
    }
    auto size = read_png_size(png);
    ASSERT_TRUE(size) << size.error();
    EXPECT_EQ(size->width, 1280u) << png;
    EXPECT_EQ(size->height, 2000u) << png;
    std::cout << "screenshot: " << png.string() << "\n";
  }

 private:
  static std::string test_name() {
    return ::testing::UnitTest::GetInstance()->current_test_info()->name();
  }
  std::filesystem::path work_dir_;
  HeadlessChromium browser_;
};

// Why no browser test can run here ("" when chromium is installed).
inline std::string chromium_missing() {
  return chromium_binary().empty()
             ? "chromium is not installed (scripts/install-deps.sh installs it); "
               "the browser proofs did not run"
             : "";
}

// In a test body or SetUp: fails in CI, skips elsewhere, when there is no chromium.
#define FAULTLINE_REQUIRE_CHROMIUM()                                                              \
  do {                                                                                            \
    if (const std::string missing = ::faultline::testing::chromium_missing(); !missing.empty()) { \
      if (::faultline::testing::in_ci()) FAIL() << missing;                                       \
      GTEST_SKIP() << missing;                                                                    \
    }                                                                                             \
  } while (0)

class BrowserTest : public ::testing::Test {
 protected:
  void SetUp() override {
    FAULTLINE_REQUIRE_CHROMIUM();
    session_.emplace(chromium_binary());
    work_dir_ = session_->work_dir();
  }
  void TearDown() override { session_.reset(); }

  ScannedDom dom_of(const std::string& url) { return session_->dom_of(url); }
  void keep_screenshot(const std::string& url, const std::string& suffix = "") {
    session_->keep_screenshot(url, suffix);
  }

  std::optional<BrowserSession> session_;
  std::filesystem::path work_dir_;
};

}  // namespace faultline::testing
