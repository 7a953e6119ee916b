// Where faultline keeps its own files on a node. The same paths on real
// machines and on local namespace nodes: there each node's sshd (and so every
// command it runs) has a private mount of its own directory at these paths.
#pragma once

namespace faultline {

// Fault state (paused pids, clock offsets) and database data live below here.
inline constexpr char kNodeStateDir[] = "/var/lib/faultline";

}  // namespace faultline
