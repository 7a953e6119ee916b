#include "workloads/adapter_probe.h"

#include "workloads/adapter_process.h"
#include "workloads/adapter_protocol.h"

namespace faultline {
namespace {

constexpr size_t kMaxLine = 1 << 20;
constexpr std::chrono::milliseconds kExitWait{300};

std::string command_text(const std::vector<std::string>& command) {
  std::string out;
  for (const std::string& word : command) out += (out.empty() ? "" : ", ") + word;
  return "[" + out + "]";
}

std::string stderr_tail(const AdapterProcess& process) {
  if (process.last_stderr().empty()) return "; it wrote nothing to stderr";
  std::string tail;
  for (const std::string& line : process.last_stderr()) tail += (tail.empty() ? "" : " | ") + line;
  return "; its last stderr: " + tail;
}

}  // namespace

std::optional<std::string> probe_adapter(const AdapterOptions& options,
                                         std::chrono::milliseconds limit) {
  // No database runs yet: point it at a port nobody listens on, so a client
  // that connects is refused at once and answers fail.
  const AdapterTarget nowhere{"probe", "127.0.0.1", "127.0.0.1:1", {"127.0.0.1"}};
  AdapterSpawn spawn{options.command, adapter_environment(options, nowhere, 0),
                     options.working_dir};
  const std::string adapter = "the adapter " + command_text(options.command);
  auto started = AdapterProcess::start(spawn, [](const std::string&) {});
  if (!started) return adapter + " could not be started: " + started.error();
  AdapterProcess& process = **started;
  Op read;
  read.process = 0;
  read.type = OpType::kInvoke;
  read.f = "read";
  read.key = "faultline-probe";
  const auto deadline = std::chrono::steady_clock::now() + limit;
  const std::string request = adapter_request_line(read, limit.count());
  const AdapterProcess::Written wrote = process.write(request, deadline);
  AdapterProcess::Line line;
  if (wrote.status == AdapterProcess::Io::kDone) line = process.read_line(deadline, kMaxLine);
  const AdapterProcess::Io status =
      wrote.status == AdapterProcess::Io::kDone ? line.status : wrote.status;
  if (status == AdapterProcess::Io::kTimeout) {
    process.kill_now();
    return adapter + " did not answer a probe read within " + std::to_string(limit.count() / 1000) +
           " s" + stderr_tail(process);
  }
  if (status == AdapterProcess::Io::kClosed) {
    const std::string ended = process.wait_exit(std::chrono::steady_clock::now() + kExitWait);
    return adapter + " " + ended + " before answering a probe read" + stderr_tail(process);
  }
  Result<Completion, std::string> completion = parse_adapter_completion(read, line.text);
  if (!completion) {
    return adapter + " answered a probe read with a line that is not a completion (" +
           completion.error() + "): " + truncated(line.text, 200);
  }
  return std::nullopt;
}

}  // namespace faultline
