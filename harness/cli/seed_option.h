// The --seed option of `run` and `nemesis schedule`: a whole number from 0
// to 2^64-1. CLI11 alone reads "-1" into a uint64_t as 2^64-1, which would
// replay some other run than the one the user meant.
#pragma once

#include <CLI/CLI.hpp>
#include <cstdint>
#include <optional>
#include <string>

namespace faultline {

CLI::Option* add_seed_option(CLI::App& cmd, std::optional<uint64_t>& seed,
                             const std::string& description);

}  // namespace faultline
