// The node image: a Debian root filesystem made with debootstrap (packages
// from the mirror apt uses here, see apt_mirror.h), with what nodes and faults
// need, imported with `docker import`. No registry and no Dockerfile base are
// needed. Its tag is content-addressed: faultline-node:<hash of the recipe>,
// so a changed recipe is a new image and an unchanged one is built once and
// then found in dockerd's image store (`cluster up` and the tests reuse it).
#pragma once

#include <stop_token>
#include <string>
#include <vector>

#include "harness/docker/docker_cli.h"

namespace faultline {

inline constexpr char kNodeImageRepository[] = "faultline-node";
inline constexpr char kDefaultImageCacheDir[] = "/var/cache/faultline/images";

struct NodeImageRecipe {
  std::string suite = "bookworm";
  // What every node needs (sshd, ip/tc, iptables, ps/pgrep, ping, faketime for
  // the faketime clock mode) and the built-in database, etcd.
  std::vector<std::string> packages = {"openssh-server", "iproute2", "iptables",    "procps",
                                       "iputils-ping",   "faketime", "etcd-server", "etcd-client"};
};

// The recipe as canonical text (packages sorted, the build steps' version
// included): what the tag hashes and what the image carries in
// /etc/faultline-node-image.
std::string recipe_text(const NodeImageRecipe& recipe);
// faultline-node:<16 hex digits of the recipe text's FNV-1a 64 hash>
std::string node_image_tag(const NodeImageRecipe& recipe);

struct ImageBuildOptions {
  NodeImageRecipe recipe;
  std::string mirror;                             // empty: the one apt uses for the suite here
  std::string cache_dir = kDefaultImageCacheDir;  // work space, and debootstrap's .deb cache
  bool rebuild = false;                           // build even when the tag exists
};

struct ImageBuildOutcome {
  std::string tag;
  bool cached = false;  // the image existed; nothing was built
  std::vector<std::string> notes;
  std::string error;  // empty on success
  double seconds = 0;
  bool ok() const { return error.empty(); }
};

// Builds the image unless it exists (or `rebuild`). Needs root (debootstrap).
// A half-made root filesystem is removed on failure or stop. Two builds at
// once take turns (a lock file in the cache directory).
ImageBuildOutcome build_node_image(const DockerCli& docker, const ImageBuildOptions& options,
                                   std::stop_token stop = {});

// True when dockerd has an image of that name.
bool image_exists(const DockerCli& docker, const std::string& image);

}  // namespace faultline
