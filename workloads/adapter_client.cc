#include "workloads/adapter_client.h"

#include <unistd.h>

#include <atomic>
#include <iostream>
#include <memory>
#include <mutex>

#include "workloads/adapter_process.h"
#include "workloads/adapter_protocol.h"

extern char** environ;

namespace faultline {
namespace {

using std::chrono::milliseconds;
using std::chrono::steady_clock;

constexpr size_t kMaxLine = 64 << 20;  // a longer answer is not a completion (64 MiB)
constexpr milliseconds kExitWait{300};  // for an adapter that closed its stdout
constexpr size_t kLoggedLine = 200;     // characters of a bad line in the log

std::string join(const std::vector<std::string>& words, const std::string& separator) {
  std::string out;
  for (const std::string& word : words) out += (out.empty() ? "" : separator) + word;
  return out;
}

std::string op_name(const Op& op) { return op.f + (op.key ? " on key " + *op.key : std::string()); }

std::string stderr_tail(const AdapterProcess& process) {
  if (process.last_stderr().empty()) return "; it wrote nothing to stderr";
  std::string tail;
  for (const std::string& line : process.last_stderr()) tail += (tail.empty() ? "" : " | ") + line;
  return "; its last stderr: " + tail;
}

// What every worker of one factory shares: the options, and whether the
// adapter's failure to start, or fields it sends that faultline does not read,
// were logged already (once is enough).
struct Shared {
  AdapterOptions options;
  std::atomic<bool> start_failure_logged{false};
  std::atomic<bool> unknown_fields_logged{false};
};

class AdapterClient : public Client {
 public:
  AdapterClient(std::shared_ptr<Shared> shared, int worker, const AdapterTarget& target)
      : shared_(std::move(shared)),
        prefix_("worker " + std::to_string(worker) + " adapter: "),
        spawn_{shared_->options.command, adapter_environment(shared_->options, target, worker),
               shared_->options.working_dir} {
    start();
  }

  Completion invoke(const Op& invocation, Deadline deadline) override {
    if (!process_ && !start()) return Completion::fail(*start_error_);
    const auto left = std::chrono::duration_cast<milliseconds>(deadline - steady_clock::now());
    const std::string request = adapter_request_line(invocation, left.count());
    const AdapterProcess::Written wrote = process_->write(request, deadline);
    if (wrote.status == AdapterProcess::Io::kTimeout) return timed_out(invocation);
    if (wrote.status == AdapterProcess::Io::kClosed) return exited(invocation, wrote.bytes);
    AdapterProcess::Line line = process_->read_line(deadline, kMaxLine);
    if (line.status == AdapterProcess::Io::kTimeout) return timed_out(invocation);
    if (line.status == AdapterProcess::Io::kClosed) return exited(invocation, wrote.bytes);
    std::vector<std::string> unknown;
    auto completion = parse_adapter_completion(invocation, line.text, &unknown);
    if (!completion) return not_a_completion(invocation, completion.error(), line.text);
    if (!unknown.empty() && !shared_->unknown_fields_logged.exchange(true)) warn_unknown(unknown);
    return *completion;
  }

 private:
  // False when the program cannot be started; then every op fails.
  bool start() {
    auto started = AdapterProcess::start(spawn_, [this](const std::string& line) { log(line); });
    if (started) {
      process_ = std::move(*started);
      return true;
    }
    start_error_ = "the adapter could not be started (" + started.error() +
                   "), so no op was sent: command [" + join(spawn_.argv, ", ") + "]";
    if (!shared_->start_failure_logged.exchange(true)) log(*start_error_);
    return false;
  }

  Completion timed_out(const Op& invocation) {
    log("no answer to " + op_name(invocation) + " by its deadline: killed it (pid " +
        std::to_string(process_->pid()) + "); the next op starts a fresh one");
    process_->kill_now();
    process_.reset();
    return Completion::info("timeout");
  }

  // Its stdout closed: it exited (or is about to). If none of the request
  // was read (what went into the pipe is still there), the op certainly did
  // not happen.
  Completion exited(const Op& invocation, size_t bytes_written) {
    const bool never_read = process_->unread_input() >= bytes_written;
    const std::string ended = process_->wait_exit(steady_clock::now() + kExitWait);
    const std::string message =
        "the adapter " + ended + " before answering " + op_name(invocation) +
        (never_read ? " (it never read the op)" : "") + stderr_tail(*process_);
    log(message);
    process_.reset();
    return never_read ? Completion::fail(message) : Completion::info(message);
  }

  void warn_unknown(const std::vector<std::string>& fields) const {
    std::string names;
    for (const std::string& field : fields) names += (names.empty() ? "'" : ", '") + field + "'";
    log("warning: the adapter's answers carry " + names +
        ", which faultline does not read (it reads type, value, error and node); said once");
  }

  Completion not_a_completion(const Op& invocation, const std::string& problem,
                              const std::string& line) {
    const std::string message = "the adapter answered " + op_name(invocation) +
                                " with a line that is not a completion (" + problem +
                                "): " + truncated(line, kLoggedLine);
    log(message + "; killed it, the next op starts a fresh one");
    process_->kill_now();
    process_.reset();
    return Completion::info(message);
  }

  void log(const std::string& line) const {
    const auto& sink = shared_->options.log;
    if (sink) {
      sink(prefix_ + line);
    } else {
      std::cerr << (prefix_ + line + "\n") << std::flush;
    }
  }

  std::shared_ptr<Shared> shared_;
  std::string prefix_;
  AdapterSpawn spawn_;
  std::optional<std::string> start_error_;
  // Last: destroyed first, while the log sink it calls is still here.
  std::unique_ptr<AdapterProcess> process_;
};

}  // namespace

std::vector<std::string> adapter_environment(const AdapterOptions& options,
                                             const AdapterTarget& target, int worker) {
  std::map<std::string, std::string> env;
  for (char** entry = environ; *entry != nullptr; ++entry) {
    const std::string text = *entry;
    const size_t equals = text.find('=');
    if (equals != std::string::npos) env[text.substr(0, equals)] = text.substr(equals + 1);
  }
  for (const auto& [name, value] : options.env) env[name] = value;
  env["FAULTLINE_NODE"] = target.node;
  env["FAULTLINE_ADDRESS"] = target.address;
  env["FAULTLINE_ENDPOINT"] = target.endpoint;
  env["FAULTLINE_PEERS"] = join(target.peers, ",");
  env["FAULTLINE_WORKER"] = std::to_string(worker);
  std::vector<std::string> out;
  for (const auto& [name, value] : env) out.push_back(name + "=" + value);
  return out;
}

ClientFactory adapter_clients(AdapterOptions options,
                              std::function<AdapterTarget(const std::string& node)> target_of) {
  auto shared = std::make_shared<Shared>();
  shared->options = std::move(options);
  return [shared, target_of = std::move(target_of)](const ClientContext& context) {
    return std::make_unique<AdapterClient>(shared, context.worker, target_of(context.node));
  };
}

}  // namespace faultline
