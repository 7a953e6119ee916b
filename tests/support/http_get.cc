#include "tests/support/http_get.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include "harness/base/unique_fd.h"

namespace faultline::testing {

std::string HttpAnswer::header(const std::string& name) const {
  const std::string key = "\r\n" + name + ": ";
  const size_t at = head.find(key);
  if (at == std::string::npos) return "";
  const size_t begin = at + key.size();
  return head.substr(begin, head.find("\r\n", begin) - begin);
}

HttpAnswer http_request(int port, const std::string& target, const std::string& method,
                        const std::string& host) {
  HttpAnswer answer;
  UniqueFd socket(::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0));
  if (socket.get() < 0) return answer;
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<uint16_t>(port));
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(socket.get(), reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
    return answer;
  }
  const std::string request = method + " " + target + " HTTP/1.1\r\nHost: " + host +
                              "\r\nConnection: close\r\n"
                              "Content-Length: 0\r\n\r\n";
  if (::send(socket.get(), request.data(), request.size(), MSG_NOSIGNAL) < 0) return answer;
  std::string raw;
  char buffer[65536];
  for (ssize_t n; (n = ::recv(socket.get(), buffer, sizeof buffer, 0)) > 0;) {
    raw.append(buffer, static_cast<size_t>(n));
  }
  const size_t end = raw.find("\r\n\r\n");
  if (end == std::string::npos || raw.size() < 12 || raw.compare(0, 5, "HTTP/") != 0) return answer;
  answer.head = raw.substr(0, end);
  answer.body = raw.substr(end + 4);
  answer.status = std::atoi(raw.substr(9, 3).c_str());
  return answer;
}

}  // namespace faultline::testing
