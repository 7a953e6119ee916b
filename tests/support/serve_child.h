// `faultline serve --port 0` on a store, started for a test as its child and
// stopped (by its pid) when the test ends: the port it says it serves on.
#pragma once

#include <sys/types.h>

#include <filesystem>
#include <string>

namespace faultline::testing {

class ServeChild {
 public:
  // Starts the server; ok() says whether it serves, else why() says why not.
  ServeChild(const std::string& faultline, const std::filesystem::path& store,
             const std::filesystem::path& log);
  ~ServeChild();
  ServeChild(const ServeChild&) = delete;
  ServeChild& operator=(const ServeChild&) = delete;

  bool ok() const { return port_ > 0; }
  const std::string& why() const { return why_; }
  // http://127.0.0.1:PORT
  std::string base_url() const { return "http://127.0.0.1:" + std::to_string(port_); }

 private:
  pid_t pid_ = -1;
  int port_ = 0;
  std::string why_;
};

}  // namespace faultline::testing
