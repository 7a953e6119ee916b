// faultline: a Jepsen-style fault-injection test harness. The program's entry:
// parses the command line and hands over to one subcommand.
#include <iostream>

#include "harness/cli/app.h"

int main(int argc, char** argv) {
  try {
    return faultline::run_cli(argc, argv);
  } catch (const std::exception& e) {
    // Exceptions are for programmer errors only; say so plainly.
    std::cerr << "faultline: internal error: " << e.what() << "\n";
    return 255;
  }
}
