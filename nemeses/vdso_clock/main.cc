// faultline-clock: moves the clocks of running processes on this machine
// (see clock_request.h for its command line and clock_service.h for what it
// prints). The nemesis runs it on a node through the Remote, as root.
// Exit status: 0 when every process was done and checked, 1 when one was
// not (its line says why), 2 for a bad command line, 3 when the processes
// named by --process or --pid-file are not running.
#include <signal.h>

#include <iostream>
#include <string>
#include <vector>

#include "nemeses/vdso_clock/clock_service.h"

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  faultline::vdso_clock::ParsedRequest parsed = faultline::vdso_clock::parse_request(args);
  if (!parsed.error.empty()) {
    std::cerr << "faultline-clock: " << parsed.error << "\n";
    return 2;
  }
  if (std::string missing = faultline::vdso_clock::find_processes(&parsed.request);
      !missing.empty()) {
    std::cerr << "faultline-clock: " << missing << "\n";
    return 3;
  }
  // Holding a process stopped is brief; a hang here must not hold it forever
  // (the kernel detaches when this program dies).
  alarm(30);
  int status = 0;
  for (const std::string& line : faultline::vdso_clock::carry_out(parsed.request)) {
    std::cout << line << "\n";
    if (line.find("\"ok\":false") != std::string::npos) status = 1;
  }
  return status;
}
