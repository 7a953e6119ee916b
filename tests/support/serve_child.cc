#include "tests/support/serve_child.h"

#include "tests/support/logged_child.h"

namespace faultline::testing {

ServeChild::ServeChild(const std::string& faultline, const std::filesystem::path& store,
                       const std::filesystem::path& log) {
  pid_ = start_logged({faultline, "serve", "--store", store.string(), "--port", "0"}, log);
  // "serving STORE at http://127.0.0.1:PORT/"
  const std::string marker = " at http://127.0.0.1:";
  auto port_in_log = [&] {
    const std::string text = log_tail(log, 100'000);
    const size_t at = text.find(marker);
    if (at == std::string::npos) return 0;
    try {
      return std::stoi(text.substr(at + marker.size()));
    } catch (const std::exception&) {
      return 0;  // the line is still being written
    }
  };
  const std::string not_serving = wait_until_serving(
      &pid_, "faultline serve", [&] { return port_in_log() > 0; }, std::chrono::seconds(60));
  if (!not_serving.empty()) {
    why_ = not_serving + "\n" + log_tail(log);
    return;
  }
  port_ = port_in_log();
}

ServeChild::~ServeChild() {
  if (pid_ > 0) stop_logged(pid_);
}

}  // namespace faultline::testing
