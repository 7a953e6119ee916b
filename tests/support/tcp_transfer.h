// A timed bulk TCP transfer between two nodes (perl on both ends: every node
// has perl-base), for the bandwidth fault's tests on namespace and container
// nodes alike.
#pragma once

#include <string>

#include "harness/remote/remote.h"

namespace faultline::testing {

struct Transfer {
  double mbit = -1;   // megabits per second, from the sender's first byte to the receiver's close
  std::string error;  // empty when every byte arrived
};

// Sends `bytes` from `from` to `to_address`:`port`, where `to` listens.
Transfer tcp_transfer(Remote& from, Remote& to, const std::string& to_address, int port, int bytes);

}  // namespace faultline::testing
