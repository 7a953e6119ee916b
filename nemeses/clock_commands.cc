#include "nemeses/clock_commands.h"

#include <algorithm>
#include <cinttypes>
#include <cstdio>
#include <sstream>

#include "harness/remote/node_paths.h"
#include "nemeses/clock_helper_install.h"

namespace faultline {
namespace {

constexpr char kLibfaketime[] = "/usr/lib/x86_64-linux-gnu/faketime/libfaketime.so.1";

// Shell functions for every clock command; $1 is always the state directory.
constexpr char kClockLib[] = R"sh(
step_clock() {
  now=$(date +%s%N); t=$((now + $1 * 1000000))
  date -s "@$((t / 1000000000)).$(printf %09d $((t % 1000000000)))" >/dev/null
}
stop_time_sync() {
  [ -f "$1/clock-sync-stopped" ] && return 0
  : > "$1/clock-sync-stopped"
  command -v systemctl >/dev/null || return 0
  for s in systemd-timesyncd chrony chronyd ntp ntpd ntpsec openntpd; do
    if systemctl is-active --quiet "$s" 2>/dev/null; then
      systemctl stop "$s" && echo "$s" >> "$1/clock-sync-stopped"
    fi
  done
}
# set_offset DIR MODE OFFSET_MS FAKETIME_TEXT
set_offset() {
  mkdir -p "$1"
  old=$(cat "$1/clock-offset-ms" 2>/dev/null || echo 0)
  echo "$2" > "$1/clock-mode"
  if [ "$2" = faketime ]; then
    printf '%s\n' "$4" > "$1/faketime.new" && mv "$1/faketime.new" "$1/faketime" || return 1
  else
    stop_time_sync "$1"
    step_clock $(($3 - old)) || return 1
  fi
  echo "$3" > "$1/clock-offset-ms"
}
# helper_installed PATH DIGEST: an empty digest means the controller's own
# program; else the node's copy must carry that digest.
helper_installed() {
  [ -z "$2" ] && return 0
  [ -x "$1" ] && [ -r "$1.sum" ] || return 1
  read -r sum < "$1.sum"
  [ "$sum" = "$2" ]
}
# Zombies count as gone: nodes' init may be slow to reap them.
running() {
  case "$(ps -o stat= -p "$1" 2>/dev/null)" in "" | Z*) return 1 ;; esac
}
# Stops a strobe loop and waits (up to 3 s) until it is gone, so its last
# flip is recorded before anyone reads the offset.
stop_strobe() {
  [ -f "$1/clock-strobe.pid" ] || return 0
  pid=$(cat "$1/clock-strobe.pid")
  kill "$pid" 2>/dev/null
  for i in $(seq 30); do running "$pid" || break; sleep 0.1; done
  rm -f "$1/clock-strobe.pid"
}
)sh";

constexpr char kRead[] = R"sh(
cat "$1/clock-offset-ms" 2>/dev/null || echo 0
date +%s%N
)sh";

constexpr char kSet[] = R"sh(
stop_strobe "$1"
set_offset "$@"
)sh";

// $2 mode, $3 base ms, $4 strobe ms, $5 base text, $6 strobe text, $7 period (s), $8 flips.
// The loop (a subshell, so it has the functions above) finishes a flip before
// it honours TERM, so the recorded offset is always the one in force.
constexpr char kStrobe[] = R"sh(
stop_strobe "$1"
set_offset "$1" "$2" "$4" "$6" || exit 1
(
  trap "stop=1" TERM
  i=0
  while [ "$i" -lt "$8" ] && [ -z "$stop" ]; do
    sleep "$7" & wait $!
    [ -n "$stop" ] && break
    i=$((i + 1))
    if [ $((i % 2)) = 1 ]; then set_offset "$1" "$2" "$3" "$5"
    else set_offset "$1" "$2" "$4" "$6"; fi
  done
  [ $((i % 2)) = 0 ] && set_offset "$1" "$2" "$3" "$5"
  rm -f "$1/clock-strobe.pid"
) </dev/null >/dev/null 2>&1 &
echo $! > "$1/clock-strobe.pid"
)sh";

// $2 the helper, $3 how the offset changes ("+N", "=N" or "keep"), then
// the helper's arguments (which processes, the change). Reads files with
// `read`, not cat: every fork counts when a fault hits five nodes at once.
constexpr char kProcessSet[] = R"sh(
dir=$1; helper=$2; digest=$3; how=$4; shift 4
helper_installed "$helper" "$digest" || exit 125
old=0
[ -r "$dir/clock-offset-ms" ] && read -r old < "$dir/clock-offset-ms"
case "$how" in
  +*) off=$((old + ${how#+})); set -- "$@" --offset-ms "$off" ;;
  =*) off=${how#=}; set -- "$@" --offset-ms "$off" ;;
  *) off=$old ;;
esac
stop_strobe "$dir"
mkdir -p "$dir"
echo "offsets $old $off"
"$helper" set "$@" || exit $?
echo process > "$dir/clock-mode"
echo "$off" > "$dir/clock-offset-ms"
)sh";

constexpr char kProcessReapply[] = R"sh(
dir=$1; helper=$2; digest=$3; shift 3
mode=""; off=0
[ -r "$dir/clock-mode" ] && read -r mode < "$dir/clock-mode"
[ -r "$dir/clock-offset-ms" ] && read -r off < "$dir/clock-offset-ms"
[ "$mode" = process ] && [ "$off" != 0 ] || exit 0
helper_installed "$helper" "$digest" || exit 125
echo "offsets $off $off"
"$helper" set "$@" --offset-ms "$off"
)sh";

// $2 the controller's helper, $3 the node's installed copy (preferred: on a
// real machine only the copy is there).
constexpr char kReset[] = R"sh(
stop_strobe "$1"
if [ -s "$1/clock-patched" ]; then
  helper=$2; [ -x "$3" ] && helper=$3
  out=$("$helper" reset --ledger "$1/clock-patched" 2>&1) || {
    printf 'cannot undo the clock faults inside processes: %s\n' "$out" >&2; exit 1; }
fi
off=$(cat "$1/clock-offset-ms" 2>/dev/null || echo 0)
if [ "$(cat "$1/clock-mode" 2>/dev/null)" = system ] && [ "$off" != 0 ]; then
  step_clock $((-off)) || exit 1
fi
if [ -f "$1/faketime" ]; then
  printf '+0\n' > "$1/faketime.new" && mv "$1/faketime.new" "$1/faketime" || exit 1
fi
if [ -f "$1/clock-sync-stopped" ]; then
  for s in $(cat "$1/clock-sync-stopped"); do systemctl start "$s" || exit 1; done
  rm -f "$1/clock-sync-stopped"
fi
rm -f "$1/clock-offset-ms" "$1/clock-mode"
echo "$off"
)sh";

static_assert(kHelperNotInstalledStatus == 125, "kProcessSet and kProcessReapply exit 125");

// `name` becomes $0: it names the action in logs and `ps`.
Command clock_script(const char* name, const std::string& body, std::vector<std::string> args) {
  std::vector<std::string> argv{"sh", "-c", std::string(kClockLib) + body, name, kNodeStateDir};
  argv.insert(argv.end(), args.begin(), args.end());
  Command c = Command::of(std::move(argv));
  c.sudo = true;  // date -s, systemctl and the state directory need root
  return c;
}

std::string seconds_text(std::chrono::milliseconds ms) {
  char text[32];
  std::snprintf(text, sizeof text, "%lld.%03lld", static_cast<long long>(ms.count() / 1000),
                static_cast<long long>(ms.count() % 1000));
  return text;
}

}  // namespace

std::string to_string(ClockMode mode) {
  switch (mode) {
    case ClockMode::kFaketime:
      return "faketime";
    case ClockMode::kProcess:
      return "process";
    case ClockMode::kSystem:
      break;
  }
  return "system";
}

std::string faketime_file() { return std::string(kNodeStateDir) + "/faketime"; }

std::map<std::string, std::string> faketime_env() {
  return {{"LD_PRELOAD", kLibfaketime},
          {"FAKETIME_TIMESTAMP_FILE", faketime_file()},
          {"FAKETIME_NO_CACHE", "1"},
          {"FAKETIME_DONT_FAKE_MONOTONIC", "1"}};
}

Command faketime_wrap(Command command) {
  for (const auto& [name, value] : faketime_env()) command.env[name] = value;
  return command;
}

std::string faketime_offset_text(int64_t offset_ms) {
  const uint64_t magnitude =
      offset_ms < 0 ? 0 - static_cast<uint64_t>(offset_ms) : static_cast<uint64_t>(offset_ms);
  char text[40];
  std::snprintf(text, sizeof text, "%c%" PRIu64 ".%03" PRIu64, offset_ms < 0 ? '-' : '+',
                magnitude / 1000, magnitude % 1000);
  return text;
}

Command read_clock_command(ClockMode mode) {
  Command c = clock_script("faultline-clock-read", kRead, {});
  return mode == ClockMode::kFaketime ? faketime_wrap(std::move(c)) : c;
}

std::optional<ClockReading> parse_clock_reading(const std::string& out) {
  std::istringstream in(out);
  ClockReading r;
  if (!(in >> r.offset_ms >> r.clock_ns)) return std::nullopt;
  return r;
}

Command set_offset_command(ClockMode mode, int64_t offset_ms) {
  return clock_script(
      "faultline-clock-set", kSet,
      {to_string(mode), std::to_string(offset_ms), faketime_offset_text(offset_ms)});
}

Command strobe_command(ClockMode mode, int64_t base_ms, int64_t strobe_ms,
                       const StrobeTiming& timing) {
  const long long flips = std::max<long long>(1, timing.duration / timing.period);
  return clock_script("faultline-clock-strobe", kStrobe,
                      {to_string(mode), std::to_string(base_ms), std::to_string(strobe_ms),
                       faketime_offset_text(base_ms), faketime_offset_text(strobe_ms),
                       seconds_text(timing.period), std::to_string(flips)});
}

// faultline-clock's way to find the database's processes.
static std::vector<std::string> process_selection(const ProcessSpec& process) {
  if (process.name.empty()) return {"--pid-file", process.pid_file};
  std::vector<std::string> args{"--process", process.name};
  if (process.own_network_namespace) args.push_back("--own-netns");
  return args;
}

Command process_clock_command(const NodeClockHelper& helper, const ProcessSpec& process,
                              const std::string& how, const std::vector<std::string>& args) {
  std::vector<std::string> all{helper.path, helper.digest, how};
  const std::vector<std::string> selection = process_selection(process);
  all.insert(all.end(), selection.begin(), selection.end());
  all.insert(all.end(), args.begin(), args.end());
  Command c = clock_script("faultline-clock-process", kProcessSet, std::move(all));
  c.timeout = std::chrono::seconds(40);  // the helper gives up by itself after 30 s
  return c;
}

Command reapply_process_clock_command(const NodeClockHelper& helper, const ProcessSpec& process,
                                      const std::vector<std::string>& args) {
  std::vector<std::string> all{helper.path, helper.digest};
  const std::vector<std::string> selection = process_selection(process);
  all.insert(all.end(), selection.begin(), selection.end());
  all.insert(all.end(), args.begin(), args.end());
  Command c = clock_script("faultline-clock-reapply", kProcessReapply, std::move(all));
  c.timeout = std::chrono::seconds(40);
  return c;
}

Command reset_clock_command(const std::string& helper) {
  return clock_script("faultline-clock-reset", kReset, {helper, node_clock_helper_path()});
}

}  // namespace faultline
