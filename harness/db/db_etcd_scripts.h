// The shell scripts the etcd db runs on a node. Their values come as
// positional parameters; the text is constant. Only db_etcd.cc uses these.
#pragma once

namespace faultline::etcd_scripts {

// $1 name, $2 address, $3 initial cluster, $4 etcd's directory. Starts the
// member detached, writes its pid file, and fails (with the log's tail) when
// etcd exits at once, e.g. on a taken port. On a restart with existing data
// etcd ignores the initial-cluster flags, so this also restarts a member.
inline constexpr char kStart[] = R"sh(
mkdir -p "$4" || exit 1
setsid etcd --name "$1" --data-dir "$4/data" \
  --listen-client-urls "http://$2:2379" --advertise-client-urls "http://$2:2379" \
  --listen-peer-urls "http://$2:2380" --initial-advertise-peer-urls "http://$2:2380" \
  --initial-cluster "$3" --initial-cluster-state new \
  >>"$4/etcd.log" 2>&1 </dev/null &
pid=$!
echo "$pid" > "$4/etcd.pid"
sleep 0.3
# Still our child, so an exited etcd is a zombie until `wait` reaps it.
st=$(ps -o stat= -p "$pid" 2>/dev/null)
case "$st" in
  "" | Z*)
    wait "$pid"
    echo "etcd exited (status $?):" >&2
    tail -n 15 "$4/etcd.log" >&2
    exit 1 ;;
esac
echo "$pid"
)sh";

// $1 the pid file. SIGTERM, up to 5 s to exit, then SIGKILL. Succeeds when
// etcd is not running. A stale pid may belong to another process by now (the
// kernel is shared by namespace nodes): only a process named etcd is signalled.
inline constexpr char kStop[] = R"sh(
alive() {
  st=$(ps -o stat= -p "$1" 2>/dev/null) || return 1
  case "$st" in "" | Z*) return 1 ;; esac
}
[ -r "$1" ] || exit 0
pid=$(tr -cd 0-9 < "$1")
if [ -z "$pid" ] || ! alive "$pid" || [ "$(cat "/proc/$pid/comm" 2>/dev/null)" != etcd ]; then
  rm -f "$1"; exit 0
fi
kill -TERM "$pid"
tries=0
while alive "$pid"; do
  tries=$((tries + 1))
  if [ "$tries" -ge 50 ]; then
    kill -KILL "$pid"
    echo "etcd (pid $pid) was still running 5 s after SIGTERM: sent SIGKILL" >&2
    break
  fi
  sleep 0.1
done
rm -f "$1"
echo "$pid"
)sh";

// Installs etcd from the distribution unless it is there; refreshes the
// package index only when the first attempt fails.
inline constexpr char kInstall[] = R"sh(
if command -v etcd >/dev/null 2>&1 && command -v etcdctl >/dev/null 2>&1; then exit 0; fi
apt-get install -y etcd-server etcd-client ||
  { apt-get update && apt-get install -y etcd-server etcd-client; }
)sh";

}  // namespace faultline::etcd_scripts
