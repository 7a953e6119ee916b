#include "tests/support/chromium.h"

#include <unistd.h>

#include <cctype>
#include <cstdlib>
#include <string_view>

#include "harness/cluster/local_process.h"

namespace faultline::testing {
namespace {

namespace fs = std::filesystem;

// A cold start on a loaded CI machine under ASan can take a while; a page
// that never finishes loading must not hang the suite.
constexpr std::chrono::milliseconds kBrowserTimeout{60'000};

Command browser_command(const std::string& binary, const fs::path& work_dir,
                        std::vector<std::string> action, const std::string& url) {
  Command command;
  command.argv = {binary,
                  "--headless",
                  "--no-sandbox",  // tests run as root in CI containers
                  "--disable-gpu",
                  "--disable-dev-shm-usage",
                  "--no-first-run",
                  "--hide-scrollbars",
                  "--user-data-dir=" + (work_dir / "chromium-profile").string()};
  for (std::string& arg : action) command.argv.push_back(std::move(arg));
  command.argv.push_back(url);
  command.timeout = kBrowserTimeout;
  return command;
}

BrowserError failure(const Command& command, const CommandResult& result) {
  std::string what = command.describe() + ": ";
  what += result.timed_out ? "timed out after " + std::to_string(kBrowserTimeout.count()) + " ms"
                           : "exit status " + std::to_string(result.exit_status);
  return {what + "\n" + result.tail(1500)};
}

}  // namespace

std::string chromium_binary() {
  for (const char* path : {"/usr/bin/chromium", "/usr/bin/chromium-browser"})
    if (::access(path, X_OK) == 0) return path;
  return "";
}

bool in_ci() {
  const char* ci = std::getenv("CI");
  return ci && std::string(ci) == "true";
}

HeadlessChromium::HeadlessChromium(std::string binary, fs::path work_dir)
    : binary_(std::move(binary)), work_dir_(std::move(work_dir)) {}

Result<std::string, BrowserError> HeadlessChromium::dump_dom(const std::string& url) const {
  const Command command = browser_command(binary_, work_dir_, {"--dump-dom"}, url);
  CommandResult result = run_local(command);
  if (!result.ok()) return failure(command, result);
  if (result.out.empty()) return BrowserError{command.describe() + ": printed no DOM"};
  return std::move(result.out);
}

std::optional<BrowserError> HeadlessChromium::screenshot(const std::string& url,
                                                         const fs::path& png) const {
  const Command command = browser_command(
      binary_, work_dir_, {"--screenshot=" + png.string(), "--window-size=1280,2000"}, url);
  const CommandResult result = run_local(command);
  if (!result.ok()) return failure(command, result);
  return std::nullopt;
}

std::string file_url(const fs::path& page) {
  static const char* kHex = "0123456789ABCDEF";
  std::string url = "file://";
  for (unsigned char c : fs::absolute(page).string()) {
    if (std::isalnum(c) ||
        std::string_view("/-._~").find(static_cast<char>(c)) != std::string_view::npos) {
      url += static_cast<char>(c);
    } else {
      url += '%';
      url += kHex[c >> 4];
      url += kHex[c & 15];
    }
  }
  return url;
}

}  // namespace faultline::testing
