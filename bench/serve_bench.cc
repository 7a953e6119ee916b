// faultline_serve_bench: the results browser with 10,000 runs.
//
// Makes a store of `--runs` runs (default 10,000) in a temporary folder, each
// with a results.json the size of a real one, and its index.jsonl as the runs
// would have appended it. Then, each the median of rounds:
//   baseline: what a browser without an index does for its first page: read
//             and parse every run folder's results.json, sort, draw page 1;
//   index:    read and parse index.jsonl, draw page 1;
//   request:  GET / from the real server (`faultline serve`) over loopback,
//             its index already read (as after the first request), and
//             GET /?test=...&verdict=invalid&page=2 (a filtered page).
// Prints each time and the baseline's ratio to them.
//
//   build/bench/faultline_serve_bench [--runs N] [--rounds R]
#include <unistd.h>

#include <cstdio>
#include <cstring>
#include <filesystem>
#include <string>
#include <thread>

#include "bench/bench_support.h"
#include "harness/base/text_file.h"
#include "harness/run/run_index.h"
#include "harness/serve/index_page.h"
#include "harness/serve/store_server.h"
#include "tests/support/http_get.h"

namespace fl = faultline;
namespace fs = std::filesystem;

namespace {

const char* kVerdicts[] = {"valid", "valid", "valid", "invalid", "unknown"};

// A results.json shaped like a real run's: config, nodes, plan, checkers, availability.
fl::Json results_of(int n) {
  const std::string test = "test-" + std::to_string(n % 7);
  fl::Json events = fl::Json::array();
  for (int f = 1; f <= 6; ++f) {
    for (const char* phase : {"start", "stop"}) {
      events.push_back({{"at_ms", f * 5000},
                        {"phase", phase},
                        {"fault", f},
                        {"kind", f % 2 ? "partition" : "kill"},
                        {"params", {{"shape", "majority"}}},
                        {"target", ""},
                        {"seed", n + f}});
    }
  }
  fl::Json periods = fl::Json::array();
  for (int p = 0; p < 12; ++p) {
    periods.push_back({{"period", "during fault " + std::to_string(p)},
                       {"kind", "fault"},
                       {"start_s", p * 5.0},
                       {"end_s", p * 5.0 + 5},
                       {"ok", 480},
                       {"fail", 3},
                       {"info", 1},
                       {"ok_rate", 0.99},
                       {"ok_per_s", 96.0},
                       {"latency_ms", {{"p50", 1.2}, {"p95", 3.4}, {"p99", 8.1}, {"max", 12.0}}}});
  }
  char started[32];
  std::snprintf(started, sizeof started, "2026-%02d-%02dT%02d:%02d:%02dZ", 1 + n / 100000 % 12,
                1 + n / 3600 % 28, n / 60 % 24, n % 60, n * 7 % 60);
  return fl::Json{
      {"faultline", 1},
      {"test", test},
      {"verdict", kVerdicts[n % 5]},
      {"exit_code", n % 5 == 3 ? 1 : 0},
      {"started", started},
      {"seconds", 60.0 + n % 30},
      {"seed", 1000 + n},
      {"config", {{"db", "etcd"}, {"workload", "register"}, {"concurrency", 10}}},
      {"nodes", {{{"name", "n1"}, {"address", "10.0.0.2"}}, {{"name", "n2"}}}},
      {"run", {{"invoked", 8000}, {"ok", 7600}, {"failed", 300}, {"indeterminate", 100}}},
      {"nemesis", {{"plan", {{"seed", n}, {"events", events}}}, {"errors", fl::Json::array()}}},
      {"checkers",
       {{{"checker", "linearizability"},
         {"valid", true},
         {"summary", "no violation found"},
         {"details", {{"keys", 40}}}}}},
      {"availability", {{"periods", periods}}},
      {"errors", fl::Json::array()}};
}

bool make_store(const std::string& root, int runs) {
  for (int n = 0; n < runs; ++n) {
    const fl::Json results = results_of(n);
    const std::string dir = results["test"].get<std::string>() + "/run-" + std::to_string(n);
    fs::create_directories(root + "/" + dir);
    if (auto e = fl::write_file_atomically(root + "/" + dir + "/results.json", results.dump(2))) {
      std::fprintf(stderr, "%s\n", e->c_str());
      return false;
    }
    if (auto e = fl::append_to_run_index(root, fl::index_entry_of(results, dir))) {
      std::fprintf(stderr, "%s\n", e->c_str());
      return false;
    }
  }
  return true;
}

// The first page without an index: every results.json read and parsed.
size_t page_by_scanning(const std::string& root) {
  fl::RunIndex index;
  for (const auto& test : fs::directory_iterator(root)) {
    if (!test.is_directory()) continue;
    for (const auto& run : fs::directory_iterator(test.path())) {
      auto text = fl::read_text_file((run.path() / "results.json").string());
      if (!text) continue;
      const std::string dir = (test.path().filename() / run.path().filename()).string();
      index.runs.push_back(fl::index_entry_of(fl::Json::parse(*text), dir));
    }
  }
  std::sort(index.runs.begin(), index.runs.end(),
            [](const auto& a, const auto& b) { return a.started > b.started; });
  return fl::render_index_page(index, {}, root).size();
}

size_t page_from_index(const std::string& root) {
  auto index = fl::read_run_index(root + "/index.jsonl");
  if (!index) return 0;
  return fl::render_index_page(*index, {}, root).size();
}

}  // namespace

int main(int argc, char** argv) {
  int runs = 10'000;
  int rounds = 5;
  for (int i = 1; i + 1 < argc; i += 2) {
    if (!std::strcmp(argv[i], "--runs")) runs = std::atoi(argv[i + 1]);
    if (!std::strcmp(argv[i], "--rounds")) rounds = std::atoi(argv[i + 1]);
  }
  char pattern[] = "/tmp/faultline-serve-bench-XXXXXX";
  const std::string root = mkdtemp(pattern);
  const auto made = std::chrono::steady_clock::now();
  if (!make_store(root, runs)) return 1;
  std::printf("store: %d runs in %s, made in %.1f s (each appended to index.jsonl)\n", runs,
              root.c_str(),
              std::chrono::duration<double>(std::chrono::steady_clock::now() - made).count());

  const double scan_ms = fl::bench::median_ms(rounds, [&] { return page_by_scanning(root) > 0; });
  const double index_ms = fl::bench::median_ms(rounds, [&] { return page_from_index(root) > 0; });

  auto server = fl::StoreServer::open(root);
  if (!server || (*server)->bind("127.0.0.1", 0)) {
    std::fprintf(stderr, "cannot start the server\n");
    return 1;
  }
  std::thread serving([&] { (*server)->serve(); });
  const int port = (*server)->port();
  fl::testing::HttpAnswer first = fl::testing::http_request(port, "/");  // reads the index once
  const double request_ms = fl::bench::median_ms(
      rounds * 4, [&] { return fl::testing::http_request(port, "/").status == 200; });
  const double filtered_ms = fl::bench::median_ms(rounds * 4, [&] {
    return fl::testing::http_request(port, "/?test=test-3&verdict=invalid&page=2").status == 200;
  });
  (*server)->stop();
  serving.join();
  fs::remove_all(root);
  if (first.status != 200 || scan_ms < 0 || index_ms < 0 || request_ms < 0 || filtered_ms < 0) {
    std::fprintf(stderr, "a step failed (first request: %d)\n", first.status);
    return 1;
  }
  std::printf("first page, scanning every results.json (baseline): %8.1f ms\n", scan_ms);
  std::printf("first page, from index.jsonl:                       %8.1f ms  (%.1fx faster)\n",
              index_ms, scan_ms / index_ms);
  std::printf("GET / from faultline serve (index read):            %8.1f ms  (%.1fx faster)\n",
              request_ms, scan_ms / request_ms);
  std::printf("GET /?test=..&verdict=invalid&page=2:               %8.1f ms  (%.1fx faster)\n",
              filtered_ms, scan_ms / filtered_ms);
  std::printf("page size: %zu bytes (%d runs a page)\n", first.body.size(), fl::kRunsPerPage);
  return 0;
}
