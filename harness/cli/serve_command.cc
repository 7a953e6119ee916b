#include "harness/cli/serve_command.h"

#include <filesystem>
#include <iostream>
#include <memory>

#include "harness/base/interrupt.h"
#include "harness/run/run_index.h"
#include "harness/serve/store_server.h"

namespace faultline {
namespace {

constexpr int kExitUsage = 254;
constexpr int kExitFailed = 255;

struct ServeArgs {
  std::string store = "store";
  std::string bind = "127.0.0.1";
  int port = 8080;
  bool reindex = false;
};

// Rebuilds the index; false (with the reason printed) when it could not be written.
bool reindex(const std::string& store) {
  Result<RunIndex, std::string> index = rebuild_run_index(store);
  if (!index) {
    std::cerr << "faultline serve: cannot rebuild the index: " << index.error() << "\n";
    return false;
  }
  for (const std::string& warning : index->warnings) std::cerr << "warning: " << warning << "\n";
  std::cout << "indexed " << index->runs.size() << (index->runs.size() == 1 ? " run" : " runs")
            << " in " << store << "/" << kRunIndexFile << "\n";
  return true;
}

int serve(const ServeArgs& args) {
  // Before the server's threads, so they leave the signals to it.
  InterruptOptions on_interrupt;
  on_interrupt.on_signal = [](int, int count) {
    if (count == 1) std::cerr << "\nfaultline serve: stopping\n";
  };
  InterruptGuard interrupt(on_interrupt);
  Result<std::unique_ptr<StoreServer>, std::string> server = StoreServer::open(args.store);
  if (!server) {
    std::cerr << "faultline serve: " << server.error() << "\n";
    return kExitUsage;
  }
  std::error_code ec;
  const bool has_index = std::filesystem::exists(args.store + "/" + kRunIndexFile, ec);
  if (args.reindex || !has_index) {
    if (!has_index && !args.reindex) std::cout << "no index yet: making it from the run folders\n";
    if (!reindex(args.store)) return kExitFailed;
  }
  if (!is_loopback_address(args.bind)) {
    std::cerr << "warning: --bind " << args.bind
              << " is not a loopback address: anyone who can reach it can read every run in "
              << args.store << " (histories, logs, node addresses)\n";
  }
  if (auto error = (*server)->bind(args.bind, args.port)) {
    std::cerr << "faultline serve: " << *error << "\n";
    return kExitFailed;
  }
  const std::string host =
      args.bind.find(':') == std::string::npos ? args.bind : "[" + args.bind + "]";
  std::cout << "serving " << args.store << " at http://" << host << ":" << (*server)->port()
            << "/ (read-only; Ctrl-C stops)" << std::endl;
  std::stop_callback on_stop(interrupt.stop_token(), [&] { (*server)->stop(); });
  if (!(*server)->serve() && !interrupt.interrupted()) {
    std::cerr << "faultline serve: the server stopped listening\n";
    return kExitFailed;
  }
  return 0;
}

}  // namespace

std::function<int()> add_serve_command(CLI::App& app) {
  auto args = std::make_shared<ServeArgs>();
  CLI::App* cmd = app.add_subcommand("serve", "Browse the stored runs and their reports");
  cmd->footer(
      "Serves an index of every run in the store (newest first, filtered by test and\n"
      "verdict) and each run's report and files, read-only, over HTTP. Bound to\n"
      "127.0.0.1 unless --bind says otherwise. The index is STORE/index.jsonl, which\n"
      "every run and `analyze` add to; it is made from the run folders when missing,\n"
      "and --reindex makes it again (for a damaged index). Exit status: 0 after\n"
      "Ctrl-C, 254 bad usage, 255 cannot listen or write the index.");
  cmd->add_option("--store", args->store, "The store to serve")->capture_default_str();
  cmd->add_option("--bind", args->bind, "The address to listen on")->capture_default_str();
  cmd->add_option("--port", args->port, "The port to listen on (0: any free port)")
      ->check(CLI::Range(0, 65535))
      ->capture_default_str();
  cmd->add_flag("--reindex", args->reindex,
                "Make STORE/index.jsonl again from the run folders before serving");
  return [args] { return serve(*args); };
}

}  // namespace faultline
