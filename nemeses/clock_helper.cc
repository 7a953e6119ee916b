#include "nemeses/clock_helper.h"

#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <sstream>

#include "harness/remote/node_paths.h"

namespace faultline {

std::string clock_helper_path() {
  if (const char* path = std::getenv("FAULTLINE_CLOCK_HELPER"); path && *path) return path;
  std::error_code error;
  const std::filesystem::path self = std::filesystem::read_symlink("/proc/self/exe", error);
  if (error) return "faultline-clock";
  return (self.parent_path() / "faultline-clock").string();
}

std::string clock_ledger_file() { return std::string(kNodeStateDir) + "/clock-patched"; }

std::vector<std::string> process_clock_args(const std::vector<std::string>& change,
                                            bool monotonic) {
  std::vector<std::string> args = change;
  args.push_back("--ledger");
  args.push_back(clock_ledger_file());
  if (monotonic) args.push_back("--monotonic");
  return args;
}

ProcessClockReply parse_process_clock_reply(const std::string& out) {
  ProcessClockReply reply;
  std::istringstream in(out);
  for (std::string line; std::getline(in, line);) {
    if (line.empty()) continue;
    std::istringstream words(line);
    std::string word;
    if (words >> word && word == "offsets" && words >> reply.previous_ms >> reply.offset_ms) {
      reply.has_offsets = true;
      continue;
    }
    ProcessClockAnswer a;
    nlohmann::json j = nlohmann::json::parse(line, nullptr, false);
    if (!j.is_object() || !j.contains("pid") || !j.contains("ok")) {
      a.error = "faultline-clock printed '" + line + "', not an answer";
      reply.answers.push_back(a);
      continue;
    }
    a.pid = j.value("pid", 0);
    a.ok = j.value("ok", false);
    a.error = j.value("error", "");
    if (j.contains("seen_offset_ms")) a.seen_ms = j["seen_offset_ms"].value("realtime", 0.0);
    reply.answers.push_back(a);
  }
  return reply;
}

}  // namespace faultline
