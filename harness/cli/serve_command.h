// `faultline serve`: a read-only results browser over a store
// (harness/serve/store_server.h); `--reindex` rebuilds STORE/index.jsonl
// from the run folders first.
#pragma once

#include <CLI/CLI.hpp>
#include <functional>

namespace faultline {

std::function<int()> add_serve_command(CLI::App& app);

}  // namespace faultline
