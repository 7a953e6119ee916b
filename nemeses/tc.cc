#include "nemeses/tc.h"

#include <sstream>

#include "harness/remote/shell.h"

namespace faultline {
namespace {

// Route types `ip route get` may print before the address.
bool is_route_type(const std::string& word) {
  return word == "local" || word == "broadcast" || word == "unicast" || word == "multicast" ||
         word == "anycast" || word == "unreachable" || word == "prohibit" || word == "blackhole";
}

Command root_script(std::string script) {
  Command c = Command::shell(std::move(script));
  c.sudo = true;
  c.timeout = std::chrono::seconds(20);
  return c;
}

std::string ms(int value) { return std::to_string(value) + "ms"; }
std::string percent(double value) { return format_number(value) + "%"; }

}  // namespace

std::vector<std::string> netem_arguments(const Netem& n) {
  std::vector<std::string> args{"netem"};
  if (n.delay_ms > 0) {
    args.insert(args.end(), {"delay", ms(n.delay_ms)});
    if (n.jitter_ms > 0) args.insert(args.end(), {ms(n.jitter_ms), "distribution", "normal"});
  }
  if (n.duplicate_percent > 0) args.insert(args.end(), {"duplicate", percent(n.duplicate_percent)});
  if (n.reorder_percent > 0) args.insert(args.end(), {"reorder", percent(n.reorder_percent)});
  if (n.corrupt_percent > 0) args.insert(args.end(), {"corrupt", percent(n.corrupt_percent)});
  return args;
}

std::vector<std::vector<std::string>> shape_device_commands(
    const std::string& device, const std::vector<std::string>& destinations,
    const TrafficShape& shape) {
  const std::string rate = format_rate(shape.rate_bits.value_or(kUnlimitedBits));
  std::vector<std::vector<std::string>> out{
      {"tc", "qdisc", "add", "dev", device, "root", "handle", kShapeHandle, "htb", "default", "0"},
      // An explicit quantum: the default (rate / 10) is out of range at high rates.
      {"tc", "class", "add", "dev", device, "parent", kShapeHandle, "classid", kShapedClass, "htb",
       "rate", rate, "ceil", rate, "quantum", "60000"}};
  for (const std::string& destination : destinations) {
    out.push_back({"tc", "filter", "add", "dev", device, "parent", kShapeHandle, "protocol", "ip",
                   "prio", "1", "u32", "match", "ip", "dst", destination + "/32", "flowid",
                   kShapedClass});
  }
  if (shape.netem) {
    std::vector<std::string> leaf{"tc",     "qdisc",      "add",    "dev",       device,
                                  "parent", kShapedClass, "handle", kNetemHandle};
    std::vector<std::string> args = netem_arguments(*shape.netem);
    leaf.insert(leaf.end(), args.begin(), args.end());
    out.push_back(leaf);
  }
  return out;
}

Command shape_egress(const std::map<std::string, std::vector<std::string>>& by_device,
                     const TrafficShape& shape) {
  std::string script = "set -e\n";
  for (const auto& [device, destinations] : by_device) {
    // Ours goes first, so a second fault replaces the first instead of failing.
    script += shell_join({"tc", "qdisc", "del", "dev", device, "root", "handle", kShapeHandle}) +
              " 2>/dev/null || true\n";
    for (const auto& command : shape_device_commands(device, destinations, shape)) {
      script += shell_join(command) + "\n";
    }
  }
  return root_script(script);
}

Command probe_netem() {
  const std::string dev = kProbeDevice;
  const std::string add_netem =
      shell_join({"tc", "qdisc", "add", "dev", dev, "root", "netem", "delay", "1ms"});
  const std::string missing = std::to_string(kNoNetemStatus);
  return root_script(
      shell_join({"ip", "link", "del", dev}) + " 2>/dev/null || true\n" +
      shell_join({"ip", "link", "add", dev, "type", "veth", "peer", "name", dev + "1"}) +
      " || exit 3\n" + "if out=$(" + add_netem + " 2>&1); then status=0\n" +
      // "kind is unknown" (new tc), "not found" / "No such file" (older kernels).
      "else\n  case $out in *nknown*|*'not found'*|*'No such file'*) status=" + missing +
      " ;; *) status=11 ;; esac\n  echo \"$out\" >&2\nfi\n" +
      shell_join({"ip", "link", "del", dev}) + "\nexit $status\n");
}

Command route_devices(const std::vector<std::string>& addresses) {
  std::string script;  // no set -e: an address without a route is missing from the output
  for (const std::string& address : addresses) {
    script += shell_join({"ip", "-o", "route", "get", address}) + "\n";
  }
  Command c = Command::shell(script);
  c.timeout = std::chrono::seconds(20);
  return c;
}

std::map<std::string, std::string> parse_route_devices(const std::string& out) {
  std::map<std::string, std::string> devices;
  std::istringstream lines(out);
  for (std::string line; std::getline(lines, line);) {
    std::istringstream words(line);
    std::vector<std::string> w;
    for (std::string word; words >> word;) w.push_back(word);
    size_t at = !w.empty() && is_route_type(w[0]) ? 1 : 0;
    if (at >= w.size()) continue;
    for (size_t i = at + 1; i + 1 < w.size(); ++i) {
      if (w[i] == "dev") {
        devices[w[at]] = w[i + 1];
        break;
      }
    }
  }
  return devices;
}

Command unshape_all() {
  // `tc qdisc show` lines: "qdisc htb fa17: dev eth0 root refcnt 2 ...".
  const std::string ours =
      std::string("$3 == \"") + kShapeHandle + "\" && $6 == \"root\" {print $5}";
  std::string script = "set -e\nfor dev in $(" + shell_join({"tc", "qdisc", "show"}) + " | " +
                       shell_join({"awk", ours}) + "); do\n  " +
                       shell_join({"tc", "qdisc", "del", "dev"}) + " \"$dev\" " +
                       shell_join({"root", "handle", kShapeHandle}) + "\n  echo \"removed qdisc " +
                       kShapeHandle + " on $dev\"\ndone\n" +
                       shell_join({"ip", "link", "del", kProbeDevice}) + " 2>/dev/null || true\n";
  return root_script(script);
}

Command list_qdiscs() {
  Command c = Command::of({"tc", "qdisc", "show"});
  c.sudo = true;
  return c;
}

}  // namespace faultline
