// faultline_test_dockerd start|stop PID_FILE: the ctest fixture `dockerd`
// (tests/CMakeLists.txt). `start` runs before the first test that needs Docker
// and starts dockerd unless one runs; `stop` runs after the last and stops the
// dockerd `start` started (none other). Both always exit 0: a test that needs
// dockerd says itself why it cannot run (or skips), as when run alone.
#include <iostream>
#include <string>

#include "tests/support/docker_daemon.h"

int main(int argc, char** argv) {
  const std::string action = argc == 3 ? argv[1] : "";
  if (action != "start" && action != "stop") {
    std::cerr << "usage: faultline_test_dockerd start|stop PID_FILE\n";
    return 254;
  }
  std::cout << (action == "start" ? faultline::start_shared_dockerd(argv[2])
                                  : faultline::stop_shared_dockerd(argv[2]))
            << "\n";
  return 0;
}
