// Copies faultline-clock to nodes that do not share the controller's files
// (real machines over SSH, containers), so the process clock mode works
// there too. The copy lives at node_clock_helper_path() with its digest
// beside it (".sum"); the process clock commands check that digest on the
// node and say kHelperNotInstalledStatus when it is missing or another
// version, and only then is the program copied: one upload per node and
// version, not one per fault.
#pragma once

#include <optional>
#include <string>

#include "harness/remote/remote.h"

namespace faultline {

// Where the copied program lives on a node (its state directory survives the
// run, so `faultline heal` after a controller crash finds it there).
std::string node_clock_helper_path();

// The exit status of a process clock command whose node lacks the copy (or
// holds another version of it).
inline constexpr int kHelperNotInstalledStatus = 125;

// A digest of the file's bytes (64-bit FNV-1a and the size, in hex), or
// nullopt when it cannot be read. Not for security: it tells versions apart.
std::optional<std::string> file_digest(const std::string& path);

// Copies `local_helper` (whose digest is `digest`) to the node's
// node_clock_helper_path(). Empty on success, else why not, naming the node
// (an x86-64 program on another architecture is refused before the copy).
std::string install_clock_helper(Remote& remote, const std::string& local_helper,
                                 const std::string& digest);

}  // namespace faultline
