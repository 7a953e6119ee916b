// Local clusters from network namespaces (see local_cluster.h).
//
// `up` works in phases: plan (pure), check the machine, record the plan in
// state.json, make keys and configs, make the bridge, namespaces and veths in
// one `ip -batch`, configure each namespace and start its sshd (in parallel),
// then wait until every sshd accepts connections. `down` removes the union of
// what state.json lists and what the machine shows under the cluster's names.
#include "harness/local_cluster.h"

#include <arpa/inet.h>
#include <netdb.h>
#include <poll.h>
#include <pwd.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <functional>
#include <nlohmann/json.hpp>
#include <optional>
#include <regex>
#include <set>
#include <sstream>
#include <thread>

#include "harness/local_process.h"
#include "harness/node_paths.h"

namespace faultline {
namespace {

namespace fs = std::filesystem;
using Json = nlohmann::json;
using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

constexpr int kSshPort = 22;
constexpr int kMaxNodes = 99;       // veth names flv-NAME-99 stay within 15 characters
constexpr int kFirstNodeHost = 11;  // node i is at network + 10 + i

// ---------------------------------------------------------------- small helpers

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

Command command_of(std::vector<std::string> argv, std::string input) {
  Command command = Command::of(std::move(argv));
  command.stdin_data = std::move(input);
  command.timeout = milliseconds(30'000);
  return command;
}

CommandResult run(std::vector<std::string> argv, std::string input = "") {
  return run_local(command_of(std::move(argv), std::move(input)));
}

// "`ip link add ...` failed (exit 2): <stderr tail>"
std::string failure(const Command& command, const CommandResult& result) {
  std::string what =
      result.timed_out ? "timed out" : "failed (exit " + std::to_string(result.exit_status) + ")";
  return "`" + command.describe() + "` " + what + ": " + result.tail();
}

// Runs argv; the error message when it fails, empty when it succeeds.
std::string run_checked(std::vector<std::string> argv, std::string input = "") {
  const Command command = command_of(std::move(argv), std::move(input));
  const CommandResult result = run_local(command);
  return result.ok() ? "" : failure(command, result);
}

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

std::string write_file(const std::string& path, const std::string& text, fs::perms mode) {
  const std::string temp = path + ".tmp";
  {
    std::ofstream out(temp, std::ios::binary | std::ios::trunc);
    out << text;
    if (!out.flush()) return "cannot write " + temp + ": " + std::strerror(errno);
  }
  std::error_code error;
  fs::permissions(temp, mode, error);
  if (!error) fs::rename(temp, path, error);
  return error ? "cannot write " + path + ": " + error.message() : "";
}

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    if (!line.empty()) lines.push_back(line);
  }
  return lines;
}

std::string first_word(const std::string& line) {
  std::istringstream in(line);
  std::string word;
  in >> word;
  return word;
}

// Runs work(i) for i in [0, n) on n threads; the first error message, if any.
std::string in_parallel(size_t n, const std::function<std::string(size_t)>& work) {
  std::vector<std::string> errors(n);
  {
    std::vector<std::jthread> threads;  // joined when this scope ends
    for (size_t i = 0; i < n; ++i) threads.emplace_back([&, i] { errors[i] = work(i); });
  }
  for (const std::string& e : errors) {
    if (!e.empty()) return e;
  }
  return "";
}

// An owned file descriptor.
class Fd {
 public:
  explicit Fd(int fd) : fd_(fd) {}
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  ~Fd() {
    if (fd_ >= 0) ::close(fd_);
  }
  int get() const { return fd_; }

 private:
  int fd_;
};

// A getaddrinfo() result, freed when it goes.
class AddressList {
 public:
  AddressList(const std::string& host, int port) {
    addrinfo hints{};
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_flags = AI_NUMERICSERV;
    if (::getaddrinfo(host.c_str(), std::to_string(port).c_str(), &hints, &list_) != 0) {
      list_ = nullptr;
    }
  }
  AddressList(const AddressList&) = delete;
  AddressList& operator=(const AddressList&) = delete;
  ~AddressList() {
    if (list_ != nullptr) ::freeaddrinfo(list_);
  }
  const addrinfo* first() const { return list_; }

 private:
  addrinfo* list_ = nullptr;
};

bool connect_within(const addrinfo& address, milliseconds timeout, const std::string& device) {
  Fd socket(::socket(address.ai_family, address.ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC,
                     address.ai_protocol));
  if (socket.get() < 0) return false;
  if (!device.empty() && ::setsockopt(socket.get(), SOL_SOCKET, SO_BINDTODEVICE, device.c_str(),
                                      static_cast<socklen_t>(device.size())) != 0) {
    return false;  // no such device (the bridge is gone): nothing to reach through it
  }
  if (::connect(socket.get(), address.ai_addr, address.ai_addrlen) == 0) return true;
  if (errno != EINPROGRESS) return false;
  pollfd wait{socket.get(), POLLOUT, 0};
  if (::poll(&wait, 1, static_cast<int>(timeout.count())) != 1) return false;
  int error = 0;
  socklen_t length = sizeof error;
  return ::getsockopt(socket.get(), SOL_SOCKET, SO_ERROR, &error, &length) == 0 && error == 0;
}

// ---------------------------------------------------------------- addresses and names

struct Subnet {
  uint32_t network = 0;  // host byte order
  int prefix = 0;
  uint32_t mask() const { return prefix == 0 ? 0 : ~uint32_t{0} << (32 - prefix); }
  uint32_t broadcast() const { return network | ~mask(); }
};

bool all_digits(const std::string& text) {
  return !text.empty() &&
         std::all_of(text.begin(), text.end(), [](unsigned char c) { return std::isdigit(c); });
}

std::optional<uint32_t> parse_ipv4(const std::string& text) {
  in_addr address{};
  if (::inet_pton(AF_INET, text.c_str(), &address) != 1) return std::nullopt;
  return ntohl(address.s_addr);
}

std::string format_ipv4(uint32_t address) {
  in_addr raw{htonl(address)};
  char text[INET_ADDRSTRLEN] = {};
  ::inet_ntop(AF_INET, &raw, text, sizeof text);
  return text;
}

// "a.b.c.d/p"; an error message when it is not an IPv4 network.
std::string parse_subnet(const std::string& cidr, Subnet* subnet) {
  const size_t slash = cidr.find('/');
  std::optional<uint32_t> address = parse_ipv4(cidr.substr(0, slash));
  const std::string prefix = slash == std::string::npos ? "" : cidr.substr(slash + 1);
  if (!address || !all_digits(prefix) || prefix.size() > 2 || std::stoi(prefix) > 32) {
    return "subnet '" + cidr + "' is not an IPv4 network like 10.213.7.0/24";
  }
  subnet->prefix = std::stoi(prefix);
  subnet->network = *address & subnet->mask();
  if (subnet->network != *address) {
    return "subnet '" + cidr + "' has host bits set; did you mean " + format_ipv4(subnet->network) +
           "/" + prefix + "?";
  }
  return "";
}

bool is_private(const Subnet& subnet) {
  const Subnet ranges[] = {{0x0A000000, 8}, {0xAC100000, 12}, {0xC0A80000, 16}};
  for (const Subnet& range : ranges) {
    if (subnet.prefix >= range.prefix && (subnet.network & range.mask()) == range.network) {
      return true;
    }
  }
  return false;
}

bool overlaps(const Subnet& a, const Subnet& b) {
  const Subnet& wider = a.prefix < b.prefix ? a : b;
  return (a.network & wider.mask()) == (b.network & wider.mask());
}

std::string netns_prefix(const std::string& name) { return "fl-" + name + "-n"; }
std::string veth_prefix(const std::string& name) { return "flv-" + name + "-"; }
std::string bridge_name(const std::string& name) { return "flbr-" + name; }

// "prefix<digits>"
bool is_numbered(const std::string& text, const std::string& prefix) {
  return text.rfind(prefix, 0) == 0 && all_digits(text.substr(prefix.size()));
}

}  // namespace

std::string plan_cluster(const ClusterUpOptions& options, ClusterPlan* plan) {
  static const std::regex kName("[a-z0-9][a-z0-9-]{0,7}");
  if (!std::regex_match(options.name, kName)) {
    return "cluster name '" + options.name +
           "' must be 1 to 8 lowercase letters, digits or '-' (it goes into device names, "
           "which are limited to 15 characters)";
  }
  if (options.nodes < 1 || options.nodes > kMaxNodes) {
    return "a local cluster has 1 to " + std::to_string(kMaxNodes) + " nodes, not " +
           std::to_string(options.nodes);
  }
  Subnet subnet;
  if (std::string error = parse_subnet(options.subnet, &subnet); !error.empty()) return error;
  if (!is_private(subnet)) {
    return "subnet " + options.subnet +
           " is not private (10.0.0.0/8, 172.16.0.0/12 or 192.168.0.0/16); a local cluster "
           "must not use addresses that exist elsewhere";
  }
  const uint64_t last = uint64_t{subnet.network} + kFirstNodeHost - 1 + options.nodes;
  if (last >= subnet.broadcast()) {
    return "subnet " + options.subnet + " is too small for " + std::to_string(options.nodes) +
           " nodes (they take ." + std::to_string(kFirstNodeHost) + " onwards)";
  }
  if (options.state_root.empty()) return "no state directory given";
  ClusterPlan out;
  out.name = options.name;
  out.state_dir = (fs::path(options.state_root) / options.name).string();
  out.bridge = bridge_name(options.name);
  out.controller_address = format_ipv4(subnet.network + 1);
  out.prefix_length = subnet.prefix;
  out.key_file = out.state_dir + "/id_ed25519";
  out.authorized_keys = out.state_dir + "/authorized_keys";
  out.known_hosts = out.state_dir + "/known_hosts";
  for (int i = 1; i <= options.nodes; ++i) {
    ClusterNodePlan node;
    node.name = "n" + std::to_string(i);
    node.netns = netns_prefix(options.name) + std::to_string(i);
    node.veth = veth_prefix(options.name) + std::to_string(i);
    node.address = format_ipv4(subnet.network + kFirstNodeHost - 1 + i);
    node.dir = out.state_dir + "/nodes/" + node.name;
    node.pid_file = node.dir + "/sshd.pid";
    out.nodes.push_back(std::move(node));
  }
  *plan = std::move(out);
  return "";
}

namespace {

// ---------------------------------------------------------------- state file

// What state.json records. Written before each thing it names is made.
struct ClusterState {
  ClusterPlan plan;
  bool forward_rule = false;       // an ACCEPT rule for the bridge in the root FORWARD chain
  std::vector<int64_t> sshd_pids;  // once the sshds are up (their pid files say so too)
};

// "/run/x/./y/" -> "/run/x/y": as it appears in the sshd command lines.
std::string normal_dir(const std::string& dir) {
  std::string normal = fs::path(dir).lexically_normal().string();
  while (normal.size() > 1 && normal.back() == '/') normal.pop_back();
  return normal;
}

std::string state_path(const std::string& state_dir) { return state_dir + "/state.json"; }

std::string save_state(const ClusterState& state) {
  Json nodes = Json::array();
  for (const ClusterNodePlan& node : state.plan.nodes) {
    nodes.push_back({{"name", node.name},
                     {"netns", node.netns},
                     {"veth", node.veth},
                     {"address", node.address},
                     {"pid_file", node.pid_file}});
  }
  Json json = {{"name", state.plan.name},
               {"bridge", state.plan.bridge},
               {"controller_address", state.plan.controller_address},
               {"prefix_length", state.plan.prefix_length},
               {"nodes", nodes},
               {"forward_rule", state.forward_rule},
               {"sshd_pids", state.sshd_pids}};
  return write_file(state_path(state.plan.state_dir), json.dump(2) + "\n",
                    fs::perms::owner_read | fs::perms::owner_write);
}

// Whatever of the state can be read; missing or damaged parts are left empty.
ClusterState load_state(const std::string& state_dir) {
  ClusterState state;
  state.plan.state_dir = state_dir;
  state.plan.name = fs::path(state_dir).filename().string();
  Json json = Json::parse(read_file(state_path(state_dir)), nullptr, false);
  if (!json.is_object()) return state;
  state.plan.name = json.value("name", state.plan.name);
  state.plan.bridge = json.value("bridge", "");
  state.forward_rule = json.value("forward_rule", false);
  if (json.contains("sshd_pids") && json["sshd_pids"].is_array()) {
    for (const Json& pid : json["sshd_pids"]) {
      if (pid.is_number_integer()) state.sshd_pids.push_back(pid.get<int64_t>());
    }
  }
  if (!json.contains("nodes") || !json["nodes"].is_array()) return state;
  for (const Json& node : json["nodes"]) {
    if (!node.is_object()) continue;
    ClusterNodePlan plan;
    plan.name = node.value("name", "");
    plan.netns = node.value("netns", "");
    plan.veth = node.value("veth", "");
    plan.address = node.value("address", "");
    plan.pid_file = node.value("pid_file", "");
    state.plan.nodes.push_back(std::move(plan));
  }
  return state;
}

// ---------------------------------------------------------------- what the machine has

std::vector<std::string> existing_netns() {
  std::vector<std::string> names;
  for (const std::string& line : lines_of(run({"ip", "netns", "list"}).out)) {
    names.push_back(first_word(line));
  }
  return names;
}

// Link names, without the "@peer" suffix.
std::vector<std::string> existing_links() {
  std::vector<std::string> names;
  for (const std::string& line : lines_of(run({"ip", "-o", "link", "show"}).out)) {
    const size_t start = line.find(": ");
    if (start == std::string::npos) continue;
    const size_t end = line.find_first_of("@:", start + 2);
    names.push_back(line.substr(start + 2, end - start - 2));
  }
  return names;
}

bool contains(const std::vector<std::string>& list, const std::string& item) {
  return std::find(list.begin(), list.end(), item) != list.end();
}

// Which address or route already uses part of `subnet`; empty when none.
std::string subnet_user(const Subnet& subnet) {
  static const std::regex kNetwork(R"((\d+\.\d+\.\d+\.\d+)(/(\d+))?)");
  std::vector<std::string> lines = lines_of(run({"ip", "-o", "-4", "addr", "show"}).out);
  for (const std::string& line : lines_of(run({"ip", "-4", "route", "show"}).out)) {
    lines.push_back(line);
  }
  for (const std::string& line : lines) {
    std::smatch match;
    std::string text = line;
    const size_t inet = text.find(" inet ");
    if (inet != std::string::npos) text = text.substr(inet + 6);
    if (!std::regex_search(text, match, kNetwork) || match.position(0) != 0) continue;
    std::optional<uint32_t> address = parse_ipv4(match[1]);
    Subnet used{*address, match[3].matched ? std::stoi(match[3]) : 32};
    used.network &= used.mask();
    if (overlaps(used, subnet)) return line;
  }
  return "";
}

// ---------------------------------------------------------------- processes

std::optional<int64_t> read_pid(const std::string& pid_file) {
  std::ifstream in(pid_file);
  int64_t pid = 0;
  if (!(in >> pid) || pid <= 1) return std::nullopt;
  return pid;
}

// Alive and not a zombie waiting for its parent.
bool process_alive(int64_t pid) {
  const std::string stat = read_file("/proc/" + std::to_string(pid) + "/stat");
  const size_t paren = stat.rfind(')');
  if (paren == std::string::npos || paren + 2 >= stat.size()) return false;
  const char state = stat[paren + 2];
  return state != 'Z' && state != 'X';
}

// True when the process's command line mentions `text` (guards against a reused pid).
bool cmdline_mentions(int64_t pid, const std::string& text) {
  std::string cmdline = read_file("/proc/" + std::to_string(pid) + "/cmdline");
  std::replace(cmdline.begin(), cmdline.end(), '\0', ' ');
  return cmdline.find(text) != std::string::npos;
}

// Sends `signal` to each pid, then waits up to `patience` for all to be gone.
// The pids still alive afterwards.
std::set<int64_t> signal_and_wait(const std::set<int64_t>& pids, int signal,
                                  milliseconds patience) {
  for (int64_t pid : pids) ::kill(static_cast<pid_t>(pid), signal);
  const Clock::time_point deadline = Clock::now() + patience;
  std::set<int64_t> alive = pids;
  while (true) {
    std::erase_if(alive, [](int64_t pid) { return !process_alive(pid); });
    if (alive.empty() || Clock::now() >= deadline) return alive;
    std::this_thread::sleep_for(milliseconds(10));
  }
}

// Every process in the cluster's namespaces, plus sshds named by pid files.
std::set<int64_t> cluster_processes(const ClusterState& state,
                                    const std::vector<std::string>& namespaces) {
  std::set<int64_t> pids;
  for (const std::string& ns : namespaces) {
    for (const std::string& line : lines_of(run({"ip", "netns", "pids", ns}).out)) {
      const int64_t pid = std::atoll(line.c_str());
      if (pid > 1) pids.insert(pid);
    }
  }
  std::vector<int64_t> candidates = state.sshd_pids;
  for (const ClusterNodePlan& node : state.plan.nodes) {
    if (std::optional<int64_t> pid = read_pid(node.pid_file)) candidates.push_back(*pid);
  }
  for (int64_t pid : candidates) {
    if (process_alive(pid) && cmdline_mentions(pid, state.plan.state_dir)) pids.insert(pid);
  }
  return pids;
}

// ---------------------------------------------------------------- down

// The FORWARD rule that lets the bridge's traffic through after Docker set DROP.
std::vector<std::string> forward_rule(const std::string& action, const std::string& bridge) {
  return {"iptables", "-w", action, "FORWARD", "-i", bridge, "-o", bridge, "-j", "ACCEPT"};
}

bool have_iptables() { return run({"iptables", "--version"}).exit_status != 127; }

struct Leftovers {
  std::vector<std::string> namespaces;
  std::vector<std::string> veths;
  std::vector<std::string> bridges;
};

// What of the cluster exists now: named in the state or matching its naming scheme.
Leftovers find_leftovers(const ClusterState& state) {
  std::set<std::string> planned_ns, planned_veths;
  for (const ClusterNodePlan& node : state.plan.nodes) {
    planned_ns.insert(node.netns);
    planned_veths.insert(node.veth);
  }
  Leftovers found;
  for (const std::string& ns : existing_netns()) {
    if (planned_ns.count(ns) || is_numbered(ns, netns_prefix(state.plan.name))) {
      found.namespaces.push_back(ns);
    }
  }
  const std::string bridge = bridge_name(state.plan.name);
  for (const std::string& link : existing_links()) {
    if (planned_veths.count(link) || is_numbered(link, veth_prefix(state.plan.name))) {
      found.veths.push_back(link);
    } else if (link == bridge || link == state.plan.bridge) {
      found.bridges.push_back(link);
    }
  }
  return found;
}

std::string join(const std::vector<std::string>& items) {
  std::string out;
  for (const std::string& item : items) out += (out.empty() ? "" : ", ") + item;
  return out;
}

void kill_processes(const ClusterState& state, const Leftovers& found, ClusterOutcome* outcome) {
  const std::set<int64_t> pids = cluster_processes(state, found.namespaces);
  if (pids.empty()) return;
  std::set<int64_t> alive = signal_and_wait(pids, SIGTERM, milliseconds(2000));
  if (!alive.empty()) alive = signal_and_wait(alive, SIGKILL, milliseconds(2000));
  outcome->notes.push_back("stopped " + std::to_string(pids.size() - alive.size()) +
                           " process(es)");
  for (int64_t pid : alive) {
    outcome->error += (outcome->error.empty() ? "" : "; ") + std::string("process ") +
                      std::to_string(pid) + " survived SIGKILL";
  }
}

// `ip -force -batch`: every line is tried even when one fails (a piece may be gone already).
void ip_batch_ignoring_errors(const std::vector<std::string>& lines) {
  if (lines.empty()) return;
  std::string input;
  for (const std::string& line : lines) input += line + "\n";
  run({"ip", "-force", "-batch", "-"}, input);
}

void remove_devices(const Leftovers& found, ClusterOutcome* outcome) {
  // Veths first: `ip netns del` frees devices asynchronously (ENVIRONMENT.md).
  std::vector<std::string> veths, namespaces, bridges;
  for (const std::string& veth : found.veths) veths.push_back("link del " + veth);
  for (const std::string& ns : found.namespaces) namespaces.push_back("netns del " + ns);
  for (const std::string& bridge : found.bridges) bridges.push_back("link del " + bridge);
  ip_batch_ignoring_errors(veths);
  ip_batch_ignoring_errors(namespaces);
  ip_batch_ignoring_errors(bridges);
  if (!found.namespaces.empty()) outcome->notes.push_back("deleted " + join(found.namespaces));
  if (!found.veths.empty() || !found.bridges.empty()) {
    std::vector<std::string> links = found.veths;
    links.insert(links.end(), found.bridges.begin(), found.bridges.end());
    outcome->notes.push_back("deleted " + join(links));
  }
}

void remove_forward_rule(const ClusterState& state, ClusterOutcome* outcome) {
  if (!have_iptables()) return;
  std::set<std::string> bridges = {bridge_name(state.plan.name)};
  if (!state.plan.bridge.empty()) bridges.insert(state.plan.bridge);
  for (const std::string& bridge : bridges) {
    // The rule may have been added more than once by hand; remove every copy.
    for (int i = 0; i < 16 && run(forward_rule("-C", bridge)).ok(); ++i) {
      if (std::string error = run_checked(forward_rule("-D", bridge)); !error.empty()) {
        outcome->error += (outcome->error.empty() ? "" : "; ") + error;
        break;
      }
      if (i == 0) outcome->notes.push_back("removed the iptables FORWARD rule for " + bridge);
    }
  }
}

void check_all_gone(const ClusterState& state, ClusterOutcome* outcome) {
  const Leftovers left = find_leftovers(state);
  std::vector<std::string> names = left.namespaces;
  names.insert(names.end(), left.veths.begin(), left.veths.end());
  names.insert(names.end(), left.bridges.begin(), left.bridges.end());
  if (names.empty()) return;
  outcome->error +=
      (outcome->error.empty() ? "" : "; ") + std::string("still there: ") + join(names);
}

// Only a directory that holds nothing but what `up` puts there is removed: the
// path comes from a nodes file, which a person may have written by hand.
bool only_cluster_files(const std::string& state_dir) {
  static const std::set<std::string> kOurs = {"state.json",      "id_ed25519",  "id_ed25519.pub",
                                              "authorized_keys", "known_hosts", "nodes"};
  std::error_code error;
  for (const fs::directory_entry& entry : fs::directory_iterator(state_dir, error)) {
    std::string name = entry.path().filename().string();
    if (name.size() > 4 && name.ends_with(".tmp")) name.resize(name.size() - 4);
    if (!kOurs.count(name)) return false;
  }
  return !error;
}

void remove_state_dir(const std::string& state_dir, ClusterOutcome* outcome) {
  std::error_code error;
  if (!fs::exists(state_dir, error)) return;
  if (!only_cluster_files(state_dir)) {
    outcome->notes.push_back("left " + state_dir +
                             " alone: it holds files that are not a "
                             "local cluster's");
    return;
  }
  fs::remove_all(state_dir, error);
  if (error) {
    outcome->error = "cannot remove " + state_dir + ": " + error.message();
  } else {
    outcome->notes.push_back("removed " + state_dir);
  }
}

}  // namespace

ClusterOutcome cluster_down(const std::string& state_dir) {
  const Clock::time_point start = Clock::now();
  ClusterOutcome outcome;
  if (::geteuid() != 0) {
    outcome.error =
        "faultline cluster down needs root (it deletes network namespaces): run it "
        "with sudo";
    return outcome;
  }
  const ClusterState state = load_state(normal_dir(state_dir));
  const Leftovers found = find_leftovers(state);
  kill_processes(state, found, &outcome);
  remove_devices(found, &outcome);
  remove_forward_rule(state, &outcome);
  check_all_gone(state, &outcome);
  if (outcome.ok()) remove_state_dir(state.plan.state_dir, &outcome);
  if (outcome.ok() && outcome.notes.empty()) {
    outcome.notes.push_back("nothing of cluster '" + state.plan.name + "' was left");
  }
  outcome.seconds = seconds_since(start);
  return outcome;
}

ClusterOutcome cluster_down_nodes_file(const std::string& nodes_file) {
  Parsed<NodesFile> nodes = read_nodes_file(nodes_file);
  if (!nodes) {
    ClusterOutcome outcome;
    outcome.error = nodes.error().to_string();
    return outcome;
  }
  if (nodes->local_cluster.empty()) {
    ClusterOutcome outcome;
    outcome.error = nodes_file +
                    " describes machines, not a local cluster (it has no "
                    "'local_cluster:'); there is nothing to take down";
    return outcome;
  }
  return cluster_down(nodes->local_cluster);
}

namespace {

// ---------------------------------------------------------------- up

std::string check_prerequisites(const ClusterUpOptions& options) {
  if (::geteuid() != 0) {
    return "faultline cluster up needs root (it creates network namespaces): run it with sudo";
  }
  std::vector<std::string> missing;
  CommandResult ip = run({"ip", "netns", "list"});
  if (ip.exit_status == 127) {
    missing.push_back("iproute2 (the `ip` command)");
  } else if (!ip.ok()) {
    return "network namespaces do not work here: `ip netns list` says: " + ip.tail();
  }
  if (!fs::exists(options.sshd)) missing.push_back("openssh-server (" + options.sshd + ")");
  if (run({"ssh-keygen", "-?"}).exit_status == 127) {
    missing.push_back("openssh-client (ssh-keygen)");
  }
  if (run({"unshare", "--version"}).exit_status == 127) missing.push_back("util-linux (unshare)");
  if (missing.empty()) return "";
  return "faultline cluster up needs " + join(missing) +
         ": install them (apt-get install iproute2 openssh-server openssh-client)";
}

std::string check_free(const ClusterPlan& plan, const ClusterUpOptions& options) {
  if (fs::exists(plan.state_dir)) {
    return "a local cluster named '" + plan.name + "' already exists (" + plan.state_dir +
           "): take it down first with `faultline cluster down --name " + plan.name + "`";
  }
  const std::vector<std::string> links = existing_links();
  if (contains(links, plan.bridge)) return "network device " + plan.bridge + " already exists";
  const std::vector<std::string> namespaces = existing_netns();
  for (const ClusterNodePlan& node : plan.nodes) {
    if (contains(namespaces, node.netns)) return "namespace " + node.netns + " already exists";
    if (contains(links, node.veth)) return "network device " + node.veth + " already exists";
  }
  Subnet subnet;
  parse_subnet(options.subnet, &subnet);
  if (std::string user = subnet_user(subnet); !user.empty()) {
    return "subnet " + options.subnet + " is already in use on this machine (" + user +
           "); choose another with --subnet";
  }
  return "";
}

std::string sshd_config(const ClusterPlan& plan, const ClusterNodePlan& node) {
  std::ostringstream out;
  out << "# faultline local cluster '" << plan.name << "', node " << node.name << "\n"
      << "ListenAddress " << node.address << ":" << kSshPort << "\n"
      << "HostKey " << node.dir << "/ssh_host_ed25519_key\n"
      << "PidFile " << node.pid_file << "\n"
      << "AuthorizedKeysFile " << plan.authorized_keys << "\n"
      << "UsePAM no\n"
      << "PermitRootLogin prohibit-password\n"
      << "PubkeyAuthentication yes\n"
      << "PasswordAuthentication no\n"
      << "KbdInteractiveAuthentication no\n"
      << "StrictModes no\n"
      << "UseDNS no\n"
      << "PrintMotd no\n"
      << "MaxStartups 200\n"
      << "MaxSessions 200\n"
      << "Subsystem sftp internal-sftp\n";
  return out.str();
}

std::string keygen(const std::string& path, const std::string& comment) {
  return run_checked({"ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", comment, "-f", path});
}

// The cluster key, and per node a host key and sshd_config.
std::string make_keys_and_configs(const ClusterPlan& plan) {
  const size_t nodes = plan.nodes.size();
  return in_parallel(nodes + 1, [&](size_t i) -> std::string {
    if (i == nodes) return keygen(plan.key_file, "faultline-" + plan.name);
    const ClusterNodePlan& node = plan.nodes[i];
    std::error_code error;
    fs::create_directories(node.dir, error);
    if (error) return "cannot create " + node.dir + ": " + error.message();
    if (std::string e = keygen(node.dir + "/ssh_host_ed25519_key", node.name); !e.empty()) {
      return e;
    }
    return write_file(node.dir + "/sshd_config", sshd_config(plan, node),
                      fs::perms::owner_read | fs::perms::owner_write);
  });
}

// authorized_keys (the cluster key) and known_hosts (each node's host key at its address).
std::string write_key_lists(const ClusterPlan& plan) {
  const auto rw_r_r = fs::perms::owner_read | fs::perms::owner_write | fs::perms::group_read |
                      fs::perms::others_read;
  const std::string public_key = read_file(plan.key_file + ".pub");
  if (public_key.empty()) return "cannot read " + plan.key_file + ".pub";
  if (std::string e = write_file(plan.authorized_keys, public_key, rw_r_r); !e.empty()) return e;
  std::string known;
  for (const ClusterNodePlan& node : plan.nodes) {
    std::istringstream host_key(read_file(node.dir + "/ssh_host_ed25519_key.pub"));
    std::string type, key;
    if (!(host_key >> type >> key)) return "cannot read the host key of " + node.name;
    known += node.address + " " + type + " " + key + "\n";
  }
  return write_file(plan.known_hosts, known, rw_r_r);
}

// The bridge, and per node a namespace and a veth pair, in one `ip -batch`.
std::string make_network(const ClusterPlan& plan) {
  std::ostringstream batch;
  batch << "link add name " << plan.bridge << " type bridge\n"
        << "addr add " << plan.controller_address << "/" << plan.prefix_length << " dev "
        << plan.bridge << "\n"
        << "link set " << plan.bridge << " up\n";
  for (const ClusterNodePlan& node : plan.nodes) {
    batch << "netns add " << node.netns << "\n"
          << "link add " << node.veth << " type veth peer name eth0 netns " << node.netns << "\n"
          << "link set " << node.veth << " master " << plan.bridge << " up\n";
  }
  return run_checked({"ip", "-batch", "-"}, batch.str());
}

// Docker (br_netfilter) makes bridged traffic pass a FORWARD chain with policy
// DROP; then the bridge needs its own ACCEPT rule, recorded before it is added.
std::string allow_forwarding(ClusterState* state, ClusterOutcome* outcome) {
  if (!have_iptables()) return "";
  CommandResult rules = run({"iptables", "-w", "-S", "FORWARD"});
  if (!rules.ok() || rules.out.find("-P FORWARD DROP") == std::string::npos) return "";
  state->forward_rule = true;
  if (std::string e = save_state(*state); !e.empty()) return e;
  outcome->notes.push_back(
      "the FORWARD chain drops by default (Docker?): added an ACCEPT rule "
      "for " +
      state->plan.bridge);
  return run_checked(forward_rule("-I", state->plan.bridge));
}

// The home directory of the user the nodes log in as (the controller's user: root).
std::string login_home() {
  const passwd* entry = getpwuid(geteuid());
  return entry && entry->pw_dir && *entry->pw_dir ? entry->pw_dir : "/root";
}

// Inside the namespace: the address and the links up; then sshd with its own hostname.
std::string start_node(const ClusterPlan& plan, const ClusterNodePlan& node,
                       const std::string& sshd) {
  std::ostringstream batch;
  batch << "addr add " << node.address << "/" << plan.prefix_length << " dev eth0\n"
        << "link set eth0 up\n"
        << "link set lo up\n";
  if (std::string e = run_checked({"ip", "-n", node.netns, "-batch", "-"}, batch.str());
      !e.empty()) {
    return e;
  }
  // Like a machine of its own, the node has its own (empty) home for the login
  // user, mounted over the controller's in a private mount namespace: sshd runs
  // every command through the login shell, and the controller's shell start-up
  // files (here `pyenv init` in /root/.bashrc, ~100 ms) must not run per command.
  // Likewise its own kNodeStateDir (fault state, database data), as on a real machine.
  std::error_code error;
  const std::string home = node.dir + "/home";
  const std::string state = node.dir + "/state";
  for (const std::string& dir : {home, state, std::string(kNodeStateDir)}) {
    fs::create_directories(dir, error);
    if (error) return "cannot create " + dir + ": " + error.message();
  }
  fs::permissions(home, fs::perms::owner_all, error);
  // sshd daemonizes (leaving this command's process group) and writes its pid file.
  return run_checked({"ip", "netns", "exec", node.netns, "unshare", "--uts", "--mount",
                      "--propagation", "private", "sh", "-c",
                      "hostname \"$0\" && mount --bind \"$4\" \"$5\" && "
                      "mount --bind \"$6\" \"$7\" && exec \"$1\" -f \"$2\" -E \"$3\"",
                      node.name, sshd, node.dir + "/sshd_config", node.dir + "/sshd.log", home,
                      login_home(), state, kNodeStateDir});
}

std::string log_tail(const std::string& path) {
  std::string text = read_file(path);
  if (text.size() > 400) text = "..." + text.substr(text.size() - 400);
  while (!text.empty() && text.back() == '\n') text.pop_back();
  return text.empty() ? "(empty)" : text;
}

// Polls until every sshd has written its pid file and accepts TCP connections.
std::string wait_until_ready(const ClusterPlan& plan, milliseconds timeout) {
  const Clock::time_point deadline = Clock::now() + timeout;
  std::vector<bool> ready(plan.nodes.size(), false);
  while (true) {
    size_t waiting = 0;
    for (size_t i = 0; i < plan.nodes.size(); ++i) {
      const ClusterNodePlan& node = plan.nodes[i];
      if (!ready[i]) {
        ready[i] = read_pid(node.pid_file).has_value() &&
                   tcp_reachable(node.address, kSshPort, milliseconds(200), plan.bridge);
      }
      waiting += ready[i] ? 0 : 1;
    }
    if (waiting == 0) return "";
    if (Clock::now() >= deadline) break;
    std::this_thread::sleep_for(milliseconds(10));
  }
  for (size_t i = 0; i < plan.nodes.size(); ++i) {
    if (ready[i]) continue;
    const ClusterNodePlan& node = plan.nodes[i];
    return "sshd of " + node.name + " did not accept connections on " + node.address + ":" +
           std::to_string(kSshPort) + " within " + std::to_string(timeout.count()) +
           " ms; its log (" + node.dir + "/sshd.log): " + log_tail(node.dir + "/sshd.log");
  }
  return "";
}

NodesFile nodes_file_for(const ClusterPlan& plan, const std::string& path) {
  NodesFile nodes;
  nodes.path = path;
  nodes.local_cluster = plan.state_dir;
  nodes.strict_host_keys = true;
  for (const ClusterNodePlan& node : plan.nodes) {
    nodes.nodes.push_back(
        {node.name, node.address, kSshPort, "root", plan.key_file, plan.known_hosts, node.netns});
  }
  return nodes;
}

// Under sudo, the person who ran it gets the key and the nodes file, so that
// `faultline run` works without sudo.
void give_to_sudo_user(const ClusterPlan& plan, const std::string& nodes_file) {
  const char* uid = std::getenv("SUDO_UID");
  const char* gid = std::getenv("SUDO_GID");
  if (uid == nullptr || gid == nullptr) return;
  const uid_t user = static_cast<uid_t>(std::atol(uid));
  const gid_t group = static_cast<gid_t>(std::atol(gid));
  for (const std::string& path : {plan.key_file, plan.key_file + ".pub", nodes_file}) {
    [[maybe_unused]] int ignored = ::chown(path.c_str(), user, group);
  }
}

std::string bring_up(ClusterState* state, const ClusterUpOptions& options,
                     ClusterOutcome* outcome) {
  const ClusterPlan& plan = state->plan;
  if (std::string e = save_state(*state); !e.empty()) return e;
  if (std::string e = make_keys_and_configs(plan); !e.empty()) return e;
  if (std::string e = write_key_lists(plan); !e.empty()) return e;
  if (std::string e = make_network(plan); !e.empty()) return e;
  if (std::string e = allow_forwarding(state, outcome); !e.empty()) return e;
  std::error_code error;
  fs::create_directories("/run/sshd", error);  // sshd's privilege separation directory
  if (error) return "cannot create /run/sshd: " + error.message();
  if (std::string e =
          in_parallel(plan.nodes.size(),
                      [&](size_t i) { return start_node(plan, plan.nodes[i], options.sshd); });
      !e.empty()) {
    return e;
  }
  if (std::string e = wait_until_ready(plan, options.ready_timeout); !e.empty()) return e;
  for (const ClusterNodePlan& node : plan.nodes) {
    if (std::optional<int64_t> pid = read_pid(node.pid_file)) state->sshd_pids.push_back(*pid);
  }
  return save_state(*state);
}

}  // namespace

ClusterOutcome cluster_up(const ClusterUpOptions& options) {
  const Clock::time_point start = Clock::now();
  ClusterOutcome outcome;
  ClusterState state;
  if (options.nodes_file.empty()) {
    outcome.error = "no nodes file given (where to write the cluster's node list)";
    return outcome;
  }
  outcome.error = plan_cluster(options, &state.plan);
  if (outcome.ok()) outcome.error = check_prerequisites(options);
  if (outcome.ok()) outcome.error = check_free(state.plan, options);
  if (!outcome.ok()) return outcome;

  std::error_code error;
  fs::create_directories(options.state_root, error);
  // create_directory is false when the directory exists: two `up`s of one name cannot both win.
  if (error || !fs::create_directory(state.plan.state_dir, error)) {
    outcome.error = "cannot create " + state.plan.state_dir + ": " +
                    (error ? error.message() : "it exists already");
    return outcome;
  }
  outcome.error = bring_up(&state, options, &outcome);
  if (outcome.ok()) {
    outcome.nodes = nodes_file_for(state.plan, options.nodes_file);
    outcome.error = write_nodes_file(outcome.nodes, options.nodes_file);
  }
  if (!outcome.ok()) {
    ClusterOutcome undo = cluster_down(state.plan.state_dir);
    if (!undo.ok()) outcome.error += "; cleaning up afterwards also failed: " + undo.error;
    outcome.seconds = seconds_since(start);
    return outcome;
  }
  give_to_sudo_user(state.plan, options.nodes_file);
  outcome.seconds = seconds_since(start);
  return outcome;
}

bool tcp_reachable(const std::string& host, int port, milliseconds timeout,
                   const std::string& device) {
  AddressList addresses(host, port);
  for (const addrinfo* a = addresses.first(); a != nullptr; a = a->ai_next) {
    if (connect_within(*a, timeout, device)) return true;
  }
  return false;
}

ClusterStatus cluster_status(const std::string& nodes_file, milliseconds connect_timeout) {
  ClusterStatus status;
  Parsed<NodesFile> nodes = read_nodes_file(nodes_file);
  if (!nodes) {
    status.error = nodes.error().to_string();
    return status;
  }
  // A local cluster's nodes are probed only through its bridge: once it is gone, the
  // addresses would otherwise be routed off the machine.
  std::string bridge;
  if (!nodes->local_cluster.empty()) {
    const ClusterState state = load_state(nodes->local_cluster);
    bridge = state.plan.bridge.empty() ? bridge_name(state.plan.name) : state.plan.bridge;
  }
  status.nodes.resize(nodes->nodes.size());
  in_parallel(nodes->nodes.size(), [&](size_t i) {
    const NodeSpec& spec = nodes->nodes[i];
    ClusterNodeStatus& node = status.nodes[i];
    const int port = spec.port == 0 ? kSshPort : spec.port;
    node.name = spec.name;
    node.address = spec.host + ":" + std::to_string(port);
    node.netns = spec.netns;
    if (!spec.netns.empty()) node.netns_exists = fs::exists("/run/netns/" + spec.netns);
    if (!nodes->local_cluster.empty()) {
      node.sshd_pid = read_pid(nodes->local_cluster + "/nodes/" + spec.name + "/sshd.pid");
      node.sshd_alive = node.sshd_pid && process_alive(*node.sshd_pid);
    }
    node.reachable = tcp_reachable(spec.host, port, connect_timeout, bridge);
    return std::string();
  });
  return status;
}

}  // namespace faultline
