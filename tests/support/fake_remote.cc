#include "tests/support/fake_remote.h"

#include <thread>
#include <utility>

namespace faultline::testing {

FakeRemote::FakeRemote(std::string node) : node_(std::move(node)) {}

FakeRemote& FakeRemote::on(std::string pattern, RemoteResult<CommandResult> reply) {
  rules_.push_back({std::move(pattern), std::move(reply), false});
  return *this;
}

FakeRemote& FakeRemote::once(std::string pattern, RemoteResult<CommandResult> reply) {
  rules_.push_back({std::move(pattern), std::move(reply), true});
  return *this;
}

FakeRemote& FakeRemote::fail_transfers(std::string pattern, RemoteError error) {
  transfer_rules_.push_back({std::move(pattern), std::move(error)});
  return *this;
}

FakeRemote& FakeRemote::set_latency(std::chrono::milliseconds latency) {
  latency_ = latency;
  return *this;
}

CommandResult FakeRemote::exits(int status, std::string out, std::string err) {
  CommandResult result;
  result.exit_status = status;
  result.out = std::move(out);
  result.err = std::move(err);
  return result;
}

std::vector<std::string> FakeRemote::command_lines() const {
  std::vector<std::string> lines;
  lines.reserve(commands_.size());
  for (const Command& command : commands_) lines.push_back(command.describe());
  return lines;
}

void FakeRemote::clear_log() {
  commands_.clear();
  transfers_.clear();
}

RemoteResult<CommandResult> FakeRemote::run(const Command& command) {
  if (latency_.count() > 0) std::this_thread::sleep_for(latency_);
  commands_.push_back(command);
  return answer(command.describe());
}

RemoteResult<Done> FakeRemote::upload(const std::string& local_path,
                                      const std::string& remote_path) {
  return transfer({FakeTransfer::Direction::kUpload, local_path, remote_path});
}

RemoteResult<Done> FakeRemote::download(const std::string& remote_path,
                                        const std::string& local_path) {
  return transfer({FakeTransfer::Direction::kDownload, local_path, remote_path});
}

RemoteResult<CommandResult> FakeRemote::answer(const std::string& line) {
  for (auto rule = rules_.begin(); rule != rules_.end(); ++rule) {
    if (line.find(rule->pattern) == std::string::npos) continue;
    RemoteResult<CommandResult> reply = rule->reply;
    if (rule->once) rules_.erase(rule);
    if (!reply.ok()) return named(reply.error());
    return reply;
  }
  return exits(0);
}

RemoteResult<Done> FakeRemote::transfer(FakeTransfer transfer) {
  transfers_.push_back(transfer);
  for (const TransferRule& rule : transfer_rules_) {
    if (transfer.remote_path.find(rule.pattern) != std::string::npos) return named(rule.error);
  }
  return Done{};
}

RemoteError FakeRemote::named(RemoteError error) const {
  if (error.node.empty()) error.node = node_;
  return error;
}

}  // namespace faultline::testing
