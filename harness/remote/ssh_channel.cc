#include "harness/remote/ssh_channel.h"

#include <algorithm>

namespace faultline {

namespace {

using Clock = std::chrono::steady_clock;
constexpr std::chrono::milliseconds kPollSlice{50};
constexpr size_t kWriteChunk = 32 * 1024;

enum class Io { kDone, kTimedOut, kBroken };

// Moves whatever output has arrived into `result`; false when the session broke.
bool drain(ssh_channel channel, CommandResult& result) {
  char buffer[16 * 1024];
  for (int is_stderr : {0, 1}) {
    std::string& sink = is_stderr != 0 ? result.err : result.out;
    for (;;) {
      int n = ssh_channel_read_nonblocking(channel, buffer, sizeof buffer, is_stderr);
      if (n == SSH_ERROR) return false;
      if (n <= 0) break;  // nothing more yet, or SSH_EOF
      sink.append(buffer, static_cast<size_t>(n));
    }
  }
  return true;
}

// How long to wait for the next packet: short, so stderr is read while stdout is quiet.
int poll_ms(Clock::time_point deadline) {
  auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
  return static_cast<int>(std::clamp(left, std::chrono::milliseconds(0), kPollSlice).count());
}

bool wait_for_packets(ssh_channel channel, Clock::time_point deadline) {
  return ssh_channel_poll_timeout(channel, poll_ms(deadline), 0) != SSH_ERROR;
}

// Writes `input` within the remote window only, reading output in between, so
// neither side can stall on a full window. A command that exits without
// reading all of its input is not an error: once the node has said EOF (the
// command's output is done) the rest is not sent; waiting for window space
// the command will never give took until the timeout.
Io feed(ssh_channel channel, const std::string& input, Clock::time_point deadline,
        CommandResult& result) {
  size_t sent = 0;
  while (sent < input.size() && ssh_channel_is_open(channel) != 0 &&
         ssh_channel_is_eof(channel) == 0) {
    if (!drain(channel, result)) return Io::kBroken;
    if (Clock::now() >= deadline) return Io::kTimedOut;
    size_t window = ssh_channel_window_size(channel);
    if (window == 0) {
      if (!wait_for_packets(channel, deadline)) return Io::kBroken;
      continue;
    }
    size_t n = std::min({input.size() - sent, window, kWriteChunk});
    int written = ssh_channel_write(channel, input.data() + sent, static_cast<uint32_t>(n));
    if (written == SSH_ERROR) break;
    sent += static_cast<size_t>(written);
  }
  if (ssh_is_connected(ssh_channel_get_session(channel)) == 0) return Io::kBroken;
  if (ssh_channel_is_open(channel) != 0) ssh_channel_send_eof(channel);
  return Io::kDone;
}

Io collect(ssh_channel channel, Clock::time_point deadline, CommandResult& result) {
  for (;;) {
    if (!drain(channel, result)) return Io::kBroken;
    if (ssh_channel_is_eof(channel) != 0 || ssh_channel_is_closed(channel) != 0) {
      return drain(channel, result) ? Io::kDone : Io::kBroken;
    }
    if (Clock::now() >= deadline) return Io::kTimedOut;
    if (!wait_for_packets(channel, deadline)) return Io::kBroken;
  }
}

Io exchange(ssh_channel channel, const std::string& input, Clock::time_point deadline,
            CommandResult& result) {
  Io io = feed(channel, input, deadline, result);
  return io == Io::kDone ? collect(channel, deadline, result) : io;
}

RemoteError lost(ssh_session session, const std::string& node, const std::string& description) {
  return RemoteError{node, RemoteErrorKind::kDisconnected,
                     "lost the connection while running `" + description +
                         "` (it may or may not have run): " + ssh_error_text(session),
                     "check that the node is up and sshd runs; the next command reconnects"};
}

}  // namespace

ChannelRun run_on_channel(ssh_session session, const std::string& node, const std::string& line,
                          const std::string& input, std::chrono::milliseconds timeout,
                          const std::string& description) {
  Clock::time_point deadline = Clock::now() + timeout;
  ChannelPtr channel(ssh_channel_new(session));
  if (!channel || ssh_channel_open_session(channel.get()) != SSH_OK) {
    return {RemoteError{node, RemoteErrorKind::kDisconnected,
                        "cannot open a channel: " + ssh_error_text(session),
                        "check that the node is up and sshd runs"},
            false};
  }
  // From the exec request on, the command may have started.
  if (ssh_channel_request_exec(channel.get(), line.c_str()) != SSH_OK) {
    if (ssh_is_connected(session) == 0) return {lost(session, node, description), true};
    return {RemoteError{node, RemoteErrorKind::kOther,
                        "sshd refused to run `" + description + "`: " + ssh_error_text(session),
                        "check sshd_config on the node (ForceCommand, Match blocks)"},
            true};
  }
  CommandResult result;
  Io io = exchange(channel.get(), input, deadline, result);
  if (io == Io::kBroken) return {lost(session, node, description), true};
  if (io == Io::kTimedOut) {
    ssh_channel_request_send_signal(channel.get(), "TERM");
    ssh_channel_close(channel.get());
    result.timed_out = true;
    return {std::move(result), true};
  }
  result.exit_status = ssh_channel_get_exit_status(channel.get());
  return {std::move(result), true};
}

}  // namespace faultline
