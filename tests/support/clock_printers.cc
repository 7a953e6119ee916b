#include "tests/support/clock_printers.h"

#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <sstream>
#include <thread>

#include "harness/remote/node_paths.h"

namespace faultline::testing {

namespace fs = std::filesystem;

int64_t now_ns(clockid_t clock) {
  timespec ts{};
  clock_gettime(clock, &ts);
  return static_cast<int64_t>(ts.tv_sec) * 1'000'000'000 + ts.tv_nsec;
}

fs::path build_clock_printers(const std::string& source_dir, const std::string& tag) {
  const fs::path dir =
      fs::temp_directory_path() / ("faultline-" + tag + "-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  const std::string data = source_dir + "/tests/data/clock_programs/";
  const std::string go = "cd " + dir.string() + " && HOME=" + dir.string() +
                         " GOCACHE=" + dir.string() +
                         "/gocache GOFLAGS=-buildvcs=false go build -o " + kGoClockPrinter + " " +
                         data + "clockprint.go";
  const std::string c =
      "cc -O2 -o " + (dir / kCClockPrinter).string() + " " + data + "clockprint.c";
  if (std::system(go.c_str()) != 0 || std::system(c.c_str()) != 0) {
    fs::remove_all(dir);
    return {};
  }
  return dir;
}

std::string start_clock_printer(Remote& node, const std::string& path) {
  const std::string out =
      std::string(kNodeStateDir) + "/" + fs::path(path).filename().string() + ".out";
  // A fresh container has no state directory until faultline first writes there.
  RemoteResult<CommandResult> r = node.run(Command::of(
      {"sh", "-c", "mkdir -p \"$3\" && setsid \"$1\" \"$2\" >/dev/null 2>&1 </dev/null &", "start",
       path, out, kNodeStateDir}));
  if (!r.ok()) return node.node() + ": " + r.error().to_string();
  return r->ok() ? "" : node.node() + ": " + r->tail();
}

std::optional<std::pair<int64_t, int64_t>> printed_clocks(Remote& node,
                                                          const std::string& printer) {
  const std::string file = std::string(kNodeStateDir) + "/" + printer + ".out";
  const int64_t asked = now_ns(CLOCK_MONOTONIC);
  for (int i = 0; i < 200; ++i) {
    RemoteResult<CommandResult> r = node.run(Command::of({"tail", "-n", "1", file}));
    std::istringstream line(r.ok() ? r->out : "");
    int64_t wall = 0, mono = 0;
    if (line >> wall >> mono && i > 0 && now_ns(CLOCK_MONOTONIC) - asked > 60'000'000)
      return std::make_pair(wall, mono);
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return std::nullopt;
}

std::optional<double> printer_offset_ms(Remote& node, const std::string& printer) {
  auto line = printed_clocks(node, printer);
  if (!line) return std::nullopt;
  return (line->first - now_ns(CLOCK_REALTIME)) / 1e6;
}

}  // namespace faultline::testing
