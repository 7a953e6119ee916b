#include "harness/cluster/doctor.h"

#include <chrono>
#include <cstdio>
#include <sstream>

namespace faultline {
namespace {

constexpr int64_t kLowDiskKiB = 1024 * 1024;      // 1 GiB
constexpr double kClockWarnMs = 100, kClockFailMs = 5000;

DoctorCheck ok(std::string name, std::string detail) {
  return {std::move(name), CheckLevel::kOk, std::move(detail), ""};
}
DoctorCheck problem(CheckLevel level, std::string name, std::string detail, std::string fix) {
  return {std::move(name), level, std::move(detail), std::move(fix)};
}

std::string first_line(const std::string& text) {
  std::string line = text.substr(0, text.find('\n'));
  return line.empty() ? "(no output)" : line;
}

DoctorCheck check_login(Remote& remote) {
  RemoteResult<CommandResult> r = remote.run(Command::of({"id", "-un"}));
  if (!r) {
    const RemoteError& e = r.error();
    bool auth = e.kind == RemoteErrorKind::kAuth || e.kind == RemoteErrorKind::kHostKeyChanged ||
                e.kind == RemoteErrorKind::kHostKeyUnknown;
    return problem(CheckLevel::kFail, auth ? "authenticated" : "reachable", e.message, e.fix);
  }
  return ok("reachable", "logged in as " + first_line(r->out));
}

DoctorCheck check_sudo(Remote& remote) {
  Command c = Command::of({"true"});
  c.sudo = true;
  RemoteResult<CommandResult> r = remote.run(c);
  if (!r) return problem(CheckLevel::kFail, "sudo", r.error().message, r.error().fix);
  if (!r->ok()) {
    return problem(CheckLevel::kFail, "sudo", "sudo true failed: " + r->tail(),
                   "allow the login user to run sudo without a password (NOPASSWD), or set "
                   "FAULTLINE_SUDO_PASSWORD");
  }
  return ok("sudo", "works");
}

// Runs a root shell script; the CommandResult, or the error as a failed result.
CommandResult root_script(Remote& remote, const std::string& script) {
  Command c = Command::shell(script);
  c.sudo = true;
  c.timeout = std::chrono::seconds(20);
  RemoteResult<CommandResult> r = remote.run(c);
  if (r) return *r;
  CommandResult failed;
  failed.err = r.error().message;
  return failed;
}

DoctorCheck check_iptables(Remote& remote) {
  CommandResult r = root_script(remote, "iptables --version && iptables -w -L INPUT -n >/dev/null");
  if (!r.ok()) {
    return problem(CheckLevel::kFail, "iptables", "not usable: " + first_line(r.err + r.out),
                   "apt-get install iptables (partitions and packet loss need it)");
  }
  return ok("iptables", first_line(r.out));
}

DoctorCheck check_tc(Remote& remote) {
  CommandResult r = root_script(remote, "command -v tc");
  if (!r.ok()) {
    return problem(CheckLevel::kWarn, "tc", "not installed",
                   "apt-get install iproute2 (bandwidth limits and netem need tc)");
  }
  return ok("tc", first_line(r.out));
}

DoctorCheck check_netem(Remote& remote) {
  // A throwaway device (dummy, else a veth pair), so no real interface is touched.
  const char* probe =
      "ip link add fl-doctor0 type dummy 2>/dev/null ||\n"
      "  ip link add fl-doctor0 type veth peer name fl-doctor1 || exit 3\n"
      "out=$(tc qdisc add dev fl-doctor0 root netem delay 1ms 2>&1); rc=$?\n"
      "ip link del fl-doctor0\n"
      "echo \"$out\"; exit $rc";
  CommandResult r = root_script(remote, probe);
  if (r.ok()) return ok("netem", "works (delay, jitter, duplication, reordering, corruption)");
  if (r.exit_status == 3) {
    return problem(CheckLevel::kWarn, "netem", "could not test: no dummy or veth device",
                   "load the dummy or veth module (modprobe dummy) to let doctor test netem");
  }
  return problem(CheckLevel::kWarn, "netem",
                 "not supported by this node's kernel: " + first_line(r.out + r.err),
                 "delay, jitter, duplication, reordering and corruption faults are unavailable "
                 "here (packet loss via iptables and bandwidth via tbf still work); use a "
                 "kernel with sch_netem");
}

DoctorCheck check_clock(Remote& remote) {
  using Clock = std::chrono::system_clock;
  auto before = Clock::now();
  RemoteResult<CommandResult> r = remote.run(Command::of({"date", "+%s%N"}));
  auto after = Clock::now();
  if (!r || !r->ok()) return problem(CheckLevel::kWarn, "clock", "could not read the clock", "");
  double remote_ns = std::stod(r->out);
  double local_ns = std::chrono::duration<double, std::nano>(
                        (before.time_since_epoch() + after.time_since_epoch()) / 2)
                        .count();
  double offset_ms = (remote_ns - local_ns) / 1e6;
  char detail[96];
  std::snprintf(detail, sizeof detail, "offset %+.1f ms from the controller (round trip %.1f ms)",
                offset_ms, std::chrono::duration<double, std::milli>(after - before).count());
  double size = offset_ms < 0 ? -offset_ms : offset_ms;
  if (size < kClockWarnMs) return ok("clock", detail);
  return problem(size < kClockFailMs ? CheckLevel::kWarn : CheckLevel::kFail, "clock", detail,
                 "synchronise clocks (chrony or ntp) so timestamps in histories line up");
}

DoctorCheck check_disk(Remote& remote) {
  RemoteResult<CommandResult> r = remote.run(Command::of({"df", "-Pk", "/"}));
  if (!r || !r->ok()) return problem(CheckLevel::kWarn, "disk", "could not run df", "");
  std::istringstream lines(r->out);
  std::string header, fs;
  int64_t blocks = 0, used = 0, available = -1;
  std::getline(lines, header);
  lines >> fs >> blocks >> used >> available;
  if (available < 0) return problem(CheckLevel::kWarn, "disk", "could not read df", "");
  char detail[64];
  std::snprintf(detail, sizeof detail, "%.1f GiB free on /", available / 1024.0 / 1024.0);
  if (available >= kLowDiskKiB) return ok("disk", detail);
  return problem(CheckLevel::kWarn, "disk", detail,
                 "free some space: databases and their logs need room");
}

}  // namespace

bool NodeReport::failed() const {
  for (const DoctorCheck& c : checks) {
    if (c.level == CheckLevel::kFail) return true;
  }
  return false;
}

NodeReport examine_node(Remote& remote) {
  NodeReport report{remote.node(), {}};
  report.checks.push_back(check_login(remote));
  if (report.failed()) return report;
  report.checks.push_back(check_sudo(remote));
  if (report.failed()) return report;
  for (auto check : {check_iptables, check_tc, check_netem, check_clock, check_disk}) {
    report.checks.push_back(check(remote));
  }
  return report;
}

}  // namespace faultline
