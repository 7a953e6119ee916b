#include "nemeses/vdso_clock/clock_request.h"

#include <charconv>
#include <limits>

namespace faultline::vdso_clock {
namespace {

constexpr int64_t kMaxOffsetMs = 10LL * 365 * 24 * 3600 * 1000;  // ten years
constexpr int64_t kMaxDriftPpm = 1'000'000;                      // twice as fast, or stopped

std::optional<int64_t> integer(const std::string& text) {
  int64_t value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || text.empty()) return std::nullopt;
  return value;
}

struct Reader {
  const std::vector<std::string>& args;
  size_t at = 1;
  std::string error;

  // The value after option args[at]: an integer in [low, high].
  std::optional<int64_t> number(int64_t low, int64_t high) {
    const std::string& option = args[at];
    if (++at >= args.size()) {
      error = option + " needs a value";
      return std::nullopt;
    }
    std::optional<int64_t> value = integer(args[at]);
    if (!value || *value < low || *value > high) {
      error = option + " takes a whole number from " + std::to_string(low) + " to " +
              std::to_string(high) + ", not '" + args[at] + "'";
      return std::nullopt;
    }
    return value;
  }
};

std::string check(const Request& r) {
  const int asks = r.offset_ms.has_value() + r.bump_ms.has_value() + r.drift_ppm.has_value() +
                   r.strobe_ms.has_value();
  if (r.verb == Verb::kSet && asks != 1)
    return "set takes exactly one of --offset-ms, --bump-ms, --drift-ppm, --strobe-ms";
  if (r.verb != Verb::kSet && asks != 0) return "only set takes an offset, a drift or a strobe";
  if (r.verb == Verb::kReset && r.pids.empty() && r.ledger.empty())
    return "reset needs --pid or --ledger";
  const int ways = !r.pids.empty() + !r.process_name.empty() + !r.pid_file.empty();
  if (r.verb != Verb::kReset && ways != 1)
    return "name the processes one way: --pid, --process or --pid-file";
  if (r.own_netns && r.process_name.empty()) return "--own-netns goes with --process";
  return "";
}

}  // namespace

ParsedRequest parse_request(const std::vector<std::string>& args) {
  ParsedRequest out;
  Request& r = out.request;
  if (args.empty() || (args[0] != "set" && args[0] != "reset" && args[0] != "read")) {
    out.error = "the first word is set, reset or read";
    return out;
  }
  r.verb = args[0] == "set" ? Verb::kSet : args[0] == "reset" ? Verb::kReset : Verb::kRead;
  Reader in{args, 1, ""};
  const int64_t pid_max = std::numeric_limits<pid_t>::max();
  for (; in.at < args.size() && in.error.empty(); ++in.at) {
    const std::string& option = args[in.at];
    if (option == "--monotonic") {
      r.monotonic = true;
    } else if (option == "--own-netns") {
      r.own_netns = true;
    } else if (option == "--ledger" || option == "--process" || option == "--pid-file") {
      if (++in.at >= args.size() || args[in.at].empty()) {
        in.error = option + " needs a value";
      } else {
        std::string& into = option == "--ledger"    ? r.ledger
                            : option == "--process" ? r.process_name
                                                    : r.pid_file;
        into = args[in.at];
      }
    } else if (option == "--pid") {
      if (auto pid = in.number(1, pid_max)) r.pids.push_back(static_cast<pid_t>(*pid));
    } else if (option == "--offset-ms") {
      r.offset_ms = in.number(-kMaxOffsetMs, kMaxOffsetMs);
    } else if (option == "--bump-ms") {
      r.bump_ms = in.number(-kMaxOffsetMs, kMaxOffsetMs);
    } else if (option == "--drift-ppm") {
      r.drift_ppm = in.number(-kMaxDriftPpm, kMaxDriftPpm);
    } else if (option == "--strobe-ms") {
      r.strobe_ms = in.number(-kMaxOffsetMs, kMaxOffsetMs);
    } else if (option == "--period-ms") {
      if (auto v = in.number(1, kMaxOffsetMs)) r.period_ms = *v;
    } else if (option == "--duration-ms") {
      if (auto v = in.number(1, kMaxOffsetMs)) r.duration_ms = *v;
    } else {
      in.error = "unknown option '" + option + "'";
    }
  }
  out.error = in.error.empty() ? check(r) : in.error;
  return out;
}

ClockSettings next_settings(const ClockSettings& current, const Request& request, int64_t now_ns) {
  ClockSettings next;
  next.flags = kRealtimeClocks | (request.monotonic ? kMonotonicClocks : 0);
  if (request.offset_ms) {
    next.base_ns = *request.offset_ms * 1'000'000;
    return next;
  }
  // The offset now without a strobe's part: a drift so far becomes base.
  ClockSettings without_strobe = current;
  without_strobe.strobe_period_ns = 0;
  next.base_ns = offset_at(without_strobe, now_ns);
  next.drift_ppb = current.drift_ppb;
  next.drift_t0_ns = now_ns;
  if (request.bump_ms) next.base_ns += *request.bump_ms * 1'000'000;
  if (request.drift_ppm) next.drift_ppb = *request.drift_ppm * 1000;
  if (request.strobe_ms) {
    next.strobe_delta_ns = *request.strobe_ms * 1'000'000;
    next.strobe_period_ns = request.period_ms * 1'000'000;
    next.strobe_start_ns = now_ns;
    next.strobe_end_ns = now_ns + request.duration_ms * 1'000'000;
  }
  return next;
}

}  // namespace faultline::vdso_clock
