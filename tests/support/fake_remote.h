// A Remote for unit tests: records every command, upload and download it is
// asked for, and answers commands from a scripted table instead of a node.
// Lets nemesis and db logic be tested without machines:
//
//   FakeRemote n1("n1");
//   n1.on("iptables -S", FakeRemote::exits(0, "-P INPUT ACCEPT\n"))
//     .once("systemctl start", RemoteError{.kind = RemoteErrorKind::kDisconnected});
//   ... code under test calls n1.run(...) ...
//   EXPECT_EQ(n1.command_lines(), (std::vector<std::string>{...}));
//
// Like any Remote, one thread at a time may use it; read the log once the
// code under test is done with it (on_nodes() joins its threads first).
#pragma once

#include <chrono>
#include <string>
#include <vector>

#include "harness/remote/remote.h"

namespace faultline::testing {

// One upload or download a FakeRemote was asked for.
struct FakeTransfer {
  enum class Direction { kUpload, kDownload };
  Direction direction = Direction::kUpload;
  std::string local_path;
  std::string remote_path;
  bool operator==(const FakeTransfer&) const = default;
};

class FakeRemote : public Remote {
 public:
  explicit FakeRemote(std::string node);

  // A command is answered by the first rule, in the order added, whose pattern
  // is a substring of the command's describe() ("" matches every command).
  // A command no rule matches succeeds with no output. A RemoteError without
  // a node gets this remote's name.
  FakeRemote& on(std::string pattern, RemoteResult<CommandResult> reply);
  // Like on(), but the rule answers one command and is then removed.
  FakeRemote& once(std::string pattern, RemoteResult<CommandResult> reply);
  // Uploads and downloads whose remote path contains `pattern` fail with `error`.
  FakeRemote& fail_transfers(std::string pattern, RemoteError error);
  // Every run() first sleeps this long (to see that callers run nodes in parallel).
  FakeRemote& set_latency(std::chrono::milliseconds latency);

  // A reply: a command that ran and exited with `status`.
  static CommandResult exits(int status, std::string out = "", std::string err = "");

  // What was asked, in order.
  const std::vector<Command>& commands() const { return commands_; }
  std::vector<std::string> command_lines() const;  // describe() of each command
  const std::vector<FakeTransfer>& transfers() const { return transfers_; }
  void clear_log();

  const std::string& node() const override { return node_; }
  RemoteResult<CommandResult> run(const Command& command) override;
  RemoteResult<Done> upload(const std::string& local_path, const std::string& remote_path) override;
  RemoteResult<Done> download(const std::string& remote_path,
                              const std::string& local_path) override;

 private:
  struct Rule {
    std::string pattern;
    RemoteResult<CommandResult> reply;
    bool once = false;
  };
  struct TransferRule {
    std::string pattern;
    RemoteError error;
  };

  RemoteResult<CommandResult> answer(const std::string& line);
  RemoteResult<Done> transfer(FakeTransfer transfer);
  RemoteError named(RemoteError error) const;

  std::string node_;
  std::vector<Rule> rules_;
  std::vector<TransferRule> transfer_rules_;
  std::chrono::milliseconds latency_{0};
  std::vector<Command> commands_;
  std::vector<FakeTransfer> transfers_;
};

}  // namespace faultline::testing
