// faultline_report_open_bench: how long a stored run's report.html takes to
// open in a real browser (headless Chromium), for runs of 1M and 10M ops
// (issue 16, "Scale": the 10M report must open in under 3 s).
//
// The time is the page's own: a probe appended to a copy of report.html
// records performance.now() in its load handler, after the report's scripts
// ran and a forced layout, so the browser's start is not counted. A blank
// page with the same probe, opened in the same rounds, is the baseline.
//
//   build/bench/faultline_report_open_bench [--rounds R] [--ops N ...]
//   build/bench/faultline_report_open_bench --store DIR ...   (stored runs)
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <optional>
#include <string>
#include <vector>

#include "bench/stored_run_gen.h"
#include "harness/base/text_file.h"
#include "harness/cluster/local_process.h"
#include "tests/support/chromium.h"

namespace fs = std::filesystem;
namespace fb = faultline::bench;
namespace ft = faultline::testing;

namespace {

constexpr const char* kProbe =
    "<script>addEventListener('load',function(){document.body.offsetHeight;"
    "document.documentElement.setAttribute('data-open-ms',String(performance.now()));});"
    "</script>\n";

struct Opened {
  double page_ms = -1;  // navigation start to the end of load, as the page measured it
  double wall_s = -1;   // the browser's whole run, start to exit
};

std::optional<Opened> open_page(const ft::HeadlessChromium& browser, const fs::path& page) {
  const auto start = std::chrono::steady_clock::now();
  auto dom = browser.dump_dom(ft::file_url(page));
  Opened opened;
  opened.wall_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (!dom) {
    std::printf("    cannot open %s: %s\n", page.c_str(), dom.error().what.c_str());
    return std::nullopt;
  }
  const std::string key = "data-open-ms=\"";
  const size_t at = dom->find(key);
  if (at == std::string::npos) {
    std::printf("    %s: the probe did not run (no load event?)\n", page.c_str());
    return std::nullopt;
  }
  opened.page_ms = std::stod(dom->substr(at + key.size()));
  return opened;
}

double median(std::vector<double> values) {
  if (values.empty()) return -1;
  std::sort(values.begin(), values.end());
  return values[values.size() / 2];
}

// A copy of `page` with the probe at its end (a script after </html> still runs).
std::optional<fs::path> probed_copy(const fs::path& page, const fs::path& copy) {
  std::error_code ec;
  fs::copy_file(page, copy, fs::copy_options::overwrite_existing, ec);
  if (ec) {
    std::printf("    cannot copy %s: %s\n", page.c_str(), ec.message().c_str());
    return std::nullopt;
  }
  std::ofstream(copy, std::ios::app) << kProbe;
  return copy;
}

struct Measured {
  std::string name;
  double mib = 0;
  double page_ms = -1, wall_s = -1;
};

// Opens the blank page and each report in turn, `rounds` times; medians.
std::vector<Measured> measure(const std::vector<std::pair<std::string, fs::path>>& pages,
                              const fs::path& work, int rounds) {
  const ft::HeadlessChromium browser(ft::chromium_binary(), work);
  std::vector<std::vector<double>> page_ms(pages.size()), wall_s(pages.size());
  for (int round = 0; round < rounds; ++round) {
    for (size_t i = 0; i < pages.size(); ++i) {
      if (auto opened = open_page(browser, pages[i].second)) {
        page_ms[i].push_back(opened->page_ms);
        wall_s[i].push_back(opened->wall_s);
      }
    }
  }
  std::vector<Measured> out;
  for (size_t i = 0; i < pages.size(); ++i) {
    std::error_code ec;
    const auto size = fs::file_size(pages[i].second, ec);
    out.push_back({pages[i].first, ec ? -1 : static_cast<double>(size) / (1 << 20),
                   median(page_ms[i]), median(wall_s[i])});
  }
  return out;
}

// Writes a stored run of `ops` ops into `dir` and its report; report.html's path.
std::optional<fs::path> make_report(const fs::path& dir, int64_t ops) {
  fb::StoredRunOptions options;
  options.ops = ops;
  std::printf("  %lld ops: writing the store and its report ...\n", static_cast<long long>(ops));
  std::fflush(stdout);
  if (auto error = fb::write_stored_run(dir.string(), options)) {
    std::printf("  cannot make the store: %s\n", error->c_str());
    return std::nullopt;
  }
  faultline::Command report;
  report.argv = {FAULTLINE_BINARY, "report", dir.string()};
  report.timeout = std::chrono::minutes(30);  // a 10M-op run is minutes before issue 16's work
  const faultline::CommandResult result = faultline::run_local(report);
  if (!result.ok()) {
    std::printf(
        "  faultline report failed (%s): %s\n",
        result.timed_out ? "timed out" : ("exit " + std::to_string(result.exit_status)).c_str(),
        result.tail(800).c_str());
    return std::nullopt;
  }
  return dir / "report.html";
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<int64_t> sizes;
  std::vector<fs::path> stores;
  int rounds = 3;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--ops" && i + 1 < argc) {
      sizes.push_back(std::stoll(argv[++i]));
    } else if (arg == "--store" && i + 1 < argc) {
      stores.emplace_back(argv[++i]);
    } else if (arg == "--rounds" && i + 1 < argc) {
      rounds = std::max(1, std::stoi(argv[++i]));
    } else {
      std::fprintf(stderr, "usage: %s [--rounds R] [--ops N ...] [--store DIR ...]\n", argv[0]);
      return 254;
    }
  }
  if (sizes.empty() && stores.empty()) sizes = {1'000'000, 10'000'000};
  if (ft::chromium_binary().empty()) {
    std::fprintf(stderr, "no chromium: apt-get install chromium\n");
    return 2;
  }
  const fs::path root =
      fs::temp_directory_path() / ("faultline-report-open-" + std::to_string(getpid()));
  fs::create_directories(root);
  std::printf("report.html opened in headless Chromium (target at 10M ops: < 3 s), median of %d\n",
              rounds);
  std::vector<std::pair<std::string, fs::path>> pages;
  {
    const fs::path blank = root / "blank.html";
    std::ofstream(blank) << "<!doctype html><html><body><p>blank</p></body></html>\n" << kProbe;
    pages.emplace_back("blank page", blank);
  }
  for (int64_t ops : sizes) {
    const fs::path dir = root / std::to_string(ops);
    if (auto page = make_report(dir, ops)) {
      if (auto copy = probed_copy(*page, root / (std::to_string(ops) + "-report.html")))
        pages.emplace_back(std::to_string(ops) + " ops", *copy);
    }
    fs::remove_all(dir);
  }
  for (const fs::path& store : stores) {
    const std::string name = store.filename().string();
    if (auto copy = probed_copy(store / "report.html", root / (name + "-report.html")))
      pages.emplace_back(store.string(), *copy);
  }
  const std::vector<Measured> measured = measure(pages, root, rounds);
  const double blank_ms = measured.front().page_ms;
  for (const Measured& m : measured) {
    std::printf("  %-28s %7.2f MiB  open %8.1f ms (%.1fx the blank page)  browser run %.2f s\n",
                m.name.c_str(), m.mib, m.page_ms, blank_ms > 0 ? m.page_ms / blank_ms : 0.0,
                m.wall_s);
  }
  fs::remove_all(root);
  return 0;
}
