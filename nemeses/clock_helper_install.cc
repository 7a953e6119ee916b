#include "nemeses/clock_helper_install.h"

#include <unistd.h>

#include <cinttypes>
#include <cstdio>
#include <fstream>

#include "harness/remote/node_paths.h"
#include "harness/remote/parallel.h"

namespace faultline {
namespace {

// $1 the uploaded file, $2 where it goes, $3 its digest. Moved into place
// whole (a process clock command never runs a half-written program) and
// the digest written last, so a copy cut short is copied again.
constexpr char kInstall[] = R"sh(
tmp=$1; dst=$2; digest=$3
arch=$(uname -m)
if [ "$arch" != x86_64 ]; then
  rm -f "$tmp"
  echo "faultline-clock runs on x86-64 Linux only, and this node is $arch" >&2; exit 2
fi
mkdir -p "$(dirname "$dst")" &&
  cp "$tmp" "$dst.new" && chmod 0755 "$dst.new" && mv -f "$dst.new" "$dst" &&
  printf '%s\n' "$digest" > "$dst.sum.new" && mv -f "$dst.sum.new" "$dst.sum"
status=$?
rm -f "$tmp"
exit $status
)sh";

}  // namespace

std::string node_clock_helper_path() { return std::string(kNodeStateDir) + "/bin/faultline-clock"; }

std::optional<std::string> file_digest(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  uint64_t hash = 0xcbf29ce484222325ULL, size = 0;
  char buffer[1 << 16];
  while (in.read(buffer, sizeof buffer) || in.gcount() > 0) {
    const std::streamsize n = in.gcount();
    for (std::streamsize i = 0; i < n; ++i) {
      hash = (hash ^ static_cast<unsigned char>(buffer[i])) * 0x100000001b3ULL;
    }
    size += static_cast<uint64_t>(n);
  }
  if (in.bad()) return std::nullopt;
  char text[48];
  std::snprintf(text, sizeof text, "%016" PRIx64 "-%" PRIx64, hash, size);
  return std::string(text);
}

std::string install_clock_helper(Remote& remote, const std::string& local_helper,
                                 const std::string& digest) {
  const std::string& node = remote.node();
  if (access(local_helper.c_str(), R_OK) != 0) {
    return node + ": " + local_helper +
           " is not there; it is built and installed beside faultline, and copied to nodes from "
           "there";
  }
  // Nodes of a local cluster share /tmp with the controller: one name each.
  const std::string uploaded =
      "/tmp/faultline-clock-upload-" + node + "-" + std::to_string(getpid());
  RemoteResult<Done> copied = remote.upload(local_helper, uploaded);
  if (!copied.ok()) {
    return describe_error(node, copied.error()) + " (copying faultline-clock to the node)";
  }
  Command install = Command::of({"sh", "-c", kInstall, "faultline-clock-install", uploaded,
                                 node_clock_helper_path(), digest});
  install.sudo = true;  // the node's state directory belongs to root
  RemoteResult<CommandResult> r = remote.run(install);
  if (!r.ok()) return describe_error(node, r.error()) + " (installing faultline-clock)";
  if (!r->ok()) {
    return node + ": installing faultline-clock at " + node_clock_helper_path() + " failed (exit " +
           std::to_string(r->exit_status) + "): " + r->tail();
  }
  return "";
}

}  // namespace faultline
