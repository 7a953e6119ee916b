// What a local cluster (or a run that made one) may leave on this machine,
// looked for from the host's side: namespaces, links, iptables rules in every
// table (on the host and in any namespace left), qdiscs, processes (sshd,
// the database, anything stopped), mounts and state directories. For the
// integration tests that assert nothing is left.
#pragma once

#include <set>
#include <string>

namespace faultline::testing {

// Everything of cluster `name` on `subnet_prefix` (e.g. "10.213.151.") that
// is still there, one thing a line; empty when nothing is.
std::string cluster_leftovers(const std::string& name, const std::string& subnet_prefix);

// The names of the local clusters whose state directories exist now.
std::set<std::string> cluster_state_dirs();

}  // namespace faultline::testing
