// The tc (traffic control) commands traffic faults are made of, for a node.
// Everything faultline adds is one tree under a root htb qdisc with handle
// fa17: on each shaped device, so healing deletes exactly that and nothing
// else (the kernel refuses to delete a root qdisc whose handle differs):
//
//   fa17: htb, default 0   unclassified packets (the controller, the world) pass
//     fa17:1 class           at `rate` (or unlimited), for packets to the cluster:
//       u32 filters          one per destination address (-> fa17:1)
//       fa18: netem          the netem leaf, when asked for
//
// htb, not prio: some kernels (this project's CI) have no prio qdisc. Some
// have no netem either: probe_netem() tells, on a throwaway veth device.
// Pure: builds Commands (quoted once, by shell.h); traffic.h applies them.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "harness/remote/command.h"
#include "nemeses/traffic_shape.h"

namespace faultline {

inline constexpr char kShapeHandle[] = "fa17:";
inline constexpr char kShapedClass[] = "fa17:1";
inline constexpr char kNetemHandle[] = "fa18:";
inline constexpr char kProbeDevice[] = "faultline-nt";  // with its peer faultline-nt1
inline constexpr int kNoNetemStatus = 10;  // probe_netem's exit status when netem is missing
inline constexpr uint64_t kUnlimitedBits = 10'000'000'000;  // the class rate without a limit

struct TrafficShape {
  std::optional<uint64_t> rate_bits;  // bits per second; none: unlimited
  std::optional<Netem> netem;
};

// tc's netem arguments: {"netem", "delay", "100ms", "10ms", "distribution", "normal",
// "duplicate", "1%", ...}; only the parts that are set.
std::vector<std::string> netem_arguments(const Netem& netem);

// The tc argument vectors that build the tree on `device` for `destinations`.
std::vector<std::vector<std::string>> shape_device_commands(
    const std::string& device, const std::vector<std::string>& destinations,
    const TrafficShape& shape);

// Replaces faultline's shaping on each device by `shape` for packets to that
// device's destinations. Fails (leaving the rest) at the first tc error; a
// device whose root qdisc is not faultline's is left alone and fails.
Command shape_egress(const std::map<std::string, std::vector<std::string>>& destinations_by_device,
                     const TrafficShape& shape);

// Exits 0 when the kernel has netem, kNoNetemStatus when it has not (tc's
// message on stderr), anything else when it could not tell.
Command probe_netem();

// `ip -o route get ADDRESS` for each address: which device sends there.
Command route_devices(const std::vector<std::string>& addresses);

// address -> device, from route_devices' output.
std::map<std::string, std::string> parse_route_devices(const std::string& out);

// Deletes faultline's root qdisc on every device that has one, and a probe
// device left behind. Idempotent; nobody else's qdisc is touched.
Command unshape_all();

// `tc qdisc show`: every device's qdiscs; no fa17: in it when healed.
Command list_qdiscs();

}  // namespace faultline
