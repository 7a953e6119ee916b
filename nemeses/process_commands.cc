#include "nemeses/process_commands.h"

#include <algorithm>
#include <sstream>

#include "harness/remote/node_paths.h"

namespace faultline {
namespace {

// Shell functions every process command starts with. Positional parameters:
// $1 "name" or "pidfile", $2 the name or pid file, $3 "1" to match only this
// network namespace, $4 the state directory, $5 an action argument.
constexpr char kFindPids[] = R"sh(
# A zombie (killed, not yet reaped) is not running.
alive() {
  st=$(ps -o stat= -p "$1" 2>/dev/null) || return 1
  case "$st" in "" | Z*) return 1 ;; esac
}
find_pids() {
  if [ "$1" = pidfile ]; then
    if [ ! -r "$2" ]; then echo "pid file $2 does not exist" >&2; return 3; fi
    pid=$(tr -cd 0-9 < "$2")
    if [ -z "$pid" ] || ! alive "$pid"; then
      echo "no process with the pid in $2 (${pid:-empty}) is running" >&2; return 3
    fi
    echo "$pid"
    return 0
  fi
  if [ "$3" = 1 ]; then found=$(pgrep -x --ns $$ --nslist net -- "$2")
  else found=$(pgrep -x -- "$2"); fi
  live=""
  for p in $found; do alive "$p" && live="$live $p"; done
  if [ -z "$live" ]; then echo "no process named $2 is running" >&2; return 3; fi
  echo $live
}
forget_pids() {
  [ -f "$4/paused" ] || return 0
  keep=""
  for q in $(cat "$4/paused"); do
    case " $pids " in *" $q "*) ;; *) keep="$keep $q" ;; esac
  done
  if [ -z "$keep" ]; then rm -f "$4/paused"
  else printf '%s\n' $keep > "$4/paused.new" && mv "$4/paused.new" "$4/paused"; fi
}
)sh";

constexpr char kPause[] = R"sh(
pids=$(find_pids "$@") || exit 3
mkdir -p "$4"
{ cat "$4/paused" 2>/dev/null; printf '%s\n' $pids; } | sort -un > "$4/paused.new"
mv "$4/paused.new" "$4/paused"
kill -STOP $pids
echo $pids
)sh";

constexpr char kResume[] = R"sh(
pids=$(find_pids "$@") || exit 3
kill -CONT $pids
forget_pids "$@"
echo $pids
)sh";

constexpr char kKill[] = R"sh(
pids=$(find_pids "$@") || exit 3
kill -KILL $pids
forget_pids "$@"
echo $pids
)sh";

constexpr char kFind[] = R"sh(
find_pids "$@" || exit 3
)sh";

constexpr char kAwait[] = R"sh(
tries=0
until pids=$(find_pids "$@" 2>/dev/null); do
  tries=$((tries + 1))
  if [ "$tries" -ge "$5" ]; then
    find_pids "$@" >/dev/null
    echo "it did not start within $(( $5 / 10 )).$(( $5 % 10 ))s" >&2; exit 3
  fi
  sleep 0.1
done
echo $pids
)sh";

constexpr char kResumePaused[] = R"sh(
[ -f "$1/paused" ] || exit 0
pids=$(cat "$1/paused")
for p in $pids; do kill -CONT "$p" 2>/dev/null; done
rm -f "$1/paused"
[ -z "$pids" ] || echo "resumed pids" $pids
)sh";

// `name` becomes $0: it names the action in logs and `ps`.
Command process_shell(const char* name, const std::string& body, const ProcessSpec& p,
                      const std::vector<std::string>& args) {
  const bool by_name = !p.name.empty();
  std::vector<std::string> argv{"sh",
                                "-c",
                                std::string(kFindPids) + body,
                                name,
                                by_name ? "name" : "pidfile",
                                by_name ? p.name : p.pid_file,
                                p.own_network_namespace ? "1" : "0",
                                kNodeStateDir};
  argv.insert(argv.end(), args.begin(), args.end());
  Command c = Command::of(std::move(argv));
  c.sudo = true;  // the database may run as another user
  return c;
}

Command process_script(const char* name, const char* action, const ProcessSpec& p,
                       const std::string& extra = "") {
  return process_shell(name, action, p, {extra});
}

}  // namespace

std::string ProcessSpec::describe() const {
  if (!name.empty()) return name;
  return pid_file.empty() ? "the database's process" : "the process in pid file " + pid_file;
}

std::string paused_file() { return std::string(kNodeStateDir) + "/paused"; }

Command pause_command(const ProcessSpec& p) { return process_script("faultline-pause", kPause, p); }
Command resume_command(const ProcessSpec& p) {
  return process_script("faultline-resume", kResume, p);
}
Command kill_command(const ProcessSpec& p) { return process_script("faultline-kill", kKill, p); }
Command find_command(const ProcessSpec& p) { return process_script("faultline-find", kFind, p); }

Command await_command(const ProcessSpec& p, std::chrono::milliseconds wait) {
  const long long tries = std::max<long long>(1, wait.count() / 100);
  Command c = process_script("faultline-await", kAwait, p, std::to_string(tries));
  c.timeout = wait + std::chrono::milliseconds(30'000);
  return c;
}

Command resume_paused_command() {
  Command c = Command::of({"sh", "-c", kResumePaused, "faultline-resume-paused", kNodeStateDir});
  c.sudo = true;
  return c;
}

std::vector<int> parse_pids(const std::string& out) {
  std::vector<int> pids;
  std::stringstream words(out);
  for (std::string w; words >> w;) {
    if (!w.empty() && w.find_first_not_of("0123456789") == std::string::npos && w.size() < 10)
      pids.push_back(std::stoi(w));
  }
  return pids;
}

}  // namespace faultline
