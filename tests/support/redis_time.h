// Redis's own clock, as its TIME command gives it, read over a plain socket
// (RESP) from the controller: the round trip is short, so the controller's
// clock just before and after it brackets the server's reading.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace faultline::testing {

struct RedisTime {
  int64_t server_ns = 0;             // TIME's answer (µs resolution)
  int64_t controller_before_ns = 0;  // CLOCK_REALTIME just before the request
  int64_t controller_after_ns = 0;   // and just after the answer
  // How far ahead of the controller's clock the server's is, in ms, and the
  // most the round trip can make that wrong by (half of it).
  double offset_ms() const;
  double uncertainty_ms() const;
};

// TIME from the Redis at host:port, or nullopt with `error` saying why.
std::optional<RedisTime> redis_time(const std::string& host, int port, std::string* error);

// The seconds and microseconds of a TIME reply ("*2\r\n$10\r\n...\r\n$6\r\n...\r\n")
// in ns, or nullopt when `reply` is not a whole one.
std::optional<int64_t> parse_redis_time_reply(const std::string& reply);

}  // namespace faultline::testing
