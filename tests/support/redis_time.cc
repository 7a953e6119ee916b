#include "tests/support/redis_time.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <cstring>
#include <ctime>
#include <string_view>

#include "harness/base/unique_fd.h"

namespace faultline::testing {
namespace {

int64_t realtime_ns() {
  timespec ts{};
  clock_gettime(CLOCK_REALTIME, &ts);
  return static_cast<int64_t>(ts.tv_sec) * 1'000'000'000 + ts.tv_nsec;
}

// The next "$N\r\n<N digits>\r\n" bulk string of `reply` from `at`, as a number.
std::optional<int64_t> bulk_number(const std::string& reply, size_t* at) {
  if (*at >= reply.size() || reply[*at] != '$') return std::nullopt;
  const size_t header_end = reply.find("\r\n", *at);
  if (header_end == std::string::npos) return std::nullopt;
  size_t length = 0;
  const char* first = reply.data() + *at + 1;
  const char* last = reply.data() + header_end;
  if (std::from_chars(first, last, length).ptr != last) return std::nullopt;
  const size_t body = header_end + 2;
  if (length == 0 || length > 18 || reply.size() < body + length + 2) return std::nullopt;
  const std::string digits = reply.substr(body, length);
  if (digits.find_first_not_of("0123456789") != std::string::npos) return std::nullopt;
  if (reply.compare(body + length, 2, "\r\n") != 0) return std::nullopt;
  *at = body + length + 2;
  int64_t number = 0;
  std::from_chars(digits.data(), digits.data() + digits.size(), number);
  return number;
}

}  // namespace

double RedisTime::offset_ms() const {
  return (server_ns - (controller_before_ns + controller_after_ns) / 2) / 1e6;
}

double RedisTime::uncertainty_ms() const {
  return (controller_after_ns - controller_before_ns) / 2e6;
}

std::optional<int64_t> parse_redis_time_reply(const std::string& reply) {
  if (reply.rfind("*2\r\n", 0) != 0) return std::nullopt;
  size_t at = 4;
  std::optional<int64_t> seconds = bulk_number(reply, &at);
  if (!seconds) return std::nullopt;
  std::optional<int64_t> micros = bulk_number(reply, &at);
  if (!micros || at != reply.size()) return std::nullopt;
  return *seconds * 1'000'000'000 + *micros * 1000;
}

std::optional<RedisTime> redis_time(const std::string& host, int port, std::string* error) {
  UniqueFd socket(::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0));
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<uint16_t>(port));
  if (socket.get() < 0 || ::inet_pton(AF_INET, host.c_str(), &address.sin_addr) != 1) {
    *error = "cannot make a socket for " + host;
    return std::nullopt;
  }
  timeval timeout{2, 0};
  ::setsockopt(socket.get(), SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
  ::setsockopt(socket.get(), SOL_SOCKET, SO_SNDTIMEO, &timeout, sizeof timeout);
  if (::connect(socket.get(), reinterpret_cast<const sockaddr*>(&address), sizeof address) != 0) {
    *error = "connecting to " + host + ":" + std::to_string(port) + ": " + std::strerror(errno);
    return std::nullopt;
  }
  static constexpr std::string_view kTime = "*1\r\n$4\r\nTIME\r\n";
  RedisTime time;
  time.controller_before_ns = realtime_ns();
  if (::send(socket.get(), kTime.data(), kTime.size(), MSG_NOSIGNAL) !=
      static_cast<ssize_t>(kTime.size())) {
    *error = "sending TIME to " + host + ": " + std::strerror(errno);
    return std::nullopt;
  }
  std::string reply;
  std::optional<int64_t> server_ns;
  while (!server_ns) {
    char buffer[256];
    const ssize_t n = ::recv(socket.get(), buffer, sizeof buffer, 0);
    if (n <= 0) {
      *error = "reading TIME's reply from " + host + " ('" + reply +
               "'): " + (n == 0 ? "closed" : std::strerror(errno));
      return std::nullopt;
    }
    reply.append(buffer, static_cast<size_t>(n));
    server_ns = parse_redis_time_reply(reply);
    if (!server_ns && reply.size() > 100) {
      *error = host + " answered TIME with '" + reply + "'";
      return std::nullopt;
    }
  }
  time.controller_after_ns = realtime_ns();
  time.server_ns = *server_ns;
  return time;
}

}  // namespace faultline::testing
