#include "tests/support/loopback_redis.h"

#include <unistd.h>

#include <stdexcept>

#include "tests/support/logged_child.h"
#include "tests/support/loopback_etcd.h"
#include "tests/support/redis_time.h"

namespace faultline {
namespace {

namespace fs = std::filesystem;

fs::path make_dir() {
  std::string pattern = (fs::temp_directory_path() / "faultline-redis-XXXXXX").string();
  if (mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
  return pattern;
}

}  // namespace

LoopbackRedis::LoopbackRedis() : dir_(make_dir()), port_(free_loopback_port()) {
  pid_ = start_logged({"redis-server", "--bind", "127.0.0.1", "--port", std::to_string(port_),
                       "--dir", dir_.string(), "--save", "", "--appendonly", "no"},
                      dir_ / "redis.log");
}

LoopbackRedis::~LoopbackRedis() {
  if (pid_ > 0) stop_logged(pid_);
  std::error_code ignored;
  fs::remove_all(dir_, ignored);
}

std::string LoopbackRedis::wait_until_serving(std::chrono::seconds limit) {
  const std::string problem = faultline::wait_until_serving(
      &pid_, "redis-server",
      [this] {
        std::string error;
        return testing::redis_time("127.0.0.1", port_, &error).has_value();
      },
      limit);
  return problem.empty() ? "" : problem + "; its log:\n" + log_tail(dir_ / "redis.log");
}

}  // namespace faultline
