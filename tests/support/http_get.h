// A bare HTTP/1.1 client for tests and benchmarks of `faultline serve`: one
// request on a fresh loopback connection, the target sent exactly as given
// (no client library to tidy `..` or encodings away), the whole answer read.
#pragma once

#include <string>

namespace faultline::testing {

struct HttpAnswer {
  int status = 0;    // 0: no answer (could not connect, or not HTTP)
  std::string head;  // status line and headers
  std::string body;
  // The value of header `name` (as the server spelled it), or "".
  std::string header(const std::string& name) const;
};

HttpAnswer http_request(int port, const std::string& target, const std::string& method = "GET",
                        const std::string& host = "127.0.0.1");

}  // namespace faultline::testing
