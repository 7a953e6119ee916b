#include "tests/support/run_binary.h"

#include <sys/wait.h>

#include <array>
#include <cstdio>

namespace faultline::testing {

BinaryRun run_faultline(const std::string& binary, const std::string& args) {
  std::string command = binary + " " + args + " 2>&1";
  FILE* pipe = popen(command.c_str(), "r");
  if (!pipe) return {-1, "popen failed"};
  std::string out;
  std::array<char, 4096> buf;
  for (size_t n; (n = fread(buf.data(), 1, buf.size(), pipe)) > 0;) out.append(buf.data(), n);
  int status = pclose(pipe);
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, out};
}

}  // namespace faultline::testing
