#include "harness/cli/seed_option.h"

#include <cerrno>
#include <cstdlib>

namespace faultline {
namespace {

// Empty when `text` is a whole number that fits in 64 bits, else the problem.
std::string check_seed(const std::string& text) {
  const bool digits_only =
      !text.empty() && text.find_first_not_of("0123456789") == std::string::npos;
  errno = 0;
  if (digits_only) std::strtoull(text.c_str(), nullptr, 10);
  if (digits_only && errno == 0) return "";
  return "a seed is a whole number from 0 to 18446744073709551615, not '" + text + "'";
}

}  // namespace

CLI::Option* add_seed_option(CLI::App& cmd, std::optional<uint64_t>& seed,
                             const std::string& description) {
  return cmd.add_option("--seed", seed, description)
      ->check(CLI::Validator(check_seed, "SEED", "seed"));
}

}  // namespace faultline
