// `faultline image build`: lock, find the mirror, debootstrap into the cache
// directory, prepare the root filesystem for per-node keys, tar it, `docker
// import` it under its tag, remove the work directory.
#include "harness/docker/node_image.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <functional>

#include "harness/base/text_file.h"
#include "harness/cluster/local_process.h"
#include "harness/docker/apt_mirror.h"

namespace faultline {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

// Bump when the build steps below change what the image holds.
constexpr int kBuildStepsVersion = 1;

uint64_t fnv1a64(const std::string& text) {
  uint64_t hash = 14695981039346656037ull;
  for (unsigned char c : text) {
    hash ^= c;
    hash *= 1099511628211ull;
  }
  return hash;
}

std::string hex16(uint64_t value) {
  char text[17];
  std::snprintf(text, sizeof text, "%016llx", static_cast<unsigned long long>(value));
  return text;
}

// An exclusive flock on a file, held while the object lives.
class FileLock {
 public:
  explicit FileLock(const std::string& path) : fd_(::open(path.c_str(), O_RDWR | O_CREAT, 0600)) {
    if (fd_ >= 0 && ::flock(fd_, LOCK_EX) != 0) {
      ::close(fd_);
      fd_ = -1;
    }
  }
  ~FileLock() {
    if (fd_ >= 0) ::close(fd_);  // releases the lock
  }
  FileLock(const FileLock&) = delete;
  FileLock& operator=(const FileLock&) = delete;
  bool held() const { return fd_ >= 0; }

 private:
  int fd_;
};

std::string run_checked(std::vector<std::string> argv, std::chrono::milliseconds timeout) {
  Command command = Command::of(std::move(argv));
  command.timeout = timeout;
  const CommandResult result = run_local(command);
  if (result.ok()) return "";
  const std::string what =
      result.timed_out ? "timed out" : "failed (exit " + std::to_string(result.exit_status) + ")";
  return "`" + command.describe() + "` " + what + ": " + result.tail(800);
}

std::string join(std::vector<std::string> items, const std::string& separator) {
  std::string out;
  for (const std::string& item : items) out += (out.empty() ? "" : separator) + item;
  return out;
}

std::vector<std::string> sorted_unique(std::vector<std::string> items) {
  std::sort(items.begin(), items.end());
  items.erase(std::unique(items.begin(), items.end()), items.end());
  return items;
}

// Host keys made at package install would be the same on every node: each
// node gets its own from `cluster up`. /run/sshd is sshd's privilege
// separation directory. Apt's lists and downloaded .debs only make it bigger.
std::string prepare_rootfs(const fs::path& rootfs, const std::string& recipe) {
  std::error_code error;
  for (const fs::directory_entry& entry : fs::directory_iterator(rootfs / "etc/ssh", error)) {
    if (entry.path().filename().string().rfind("ssh_host_", 0) == 0) fs::remove(entry.path());
  }
  if (error) return "cannot read " + (rootfs / "etc/ssh").string() + ": " + error.message();
  fs::create_directories(rootfs / "run/sshd", error);
  for (const char* dir : {"var/lib/apt/lists", "var/cache/apt/archives"}) {
    for (const fs::directory_entry& entry : fs::directory_iterator(rootfs / dir, error)) {
      if (entry.is_regular_file()) fs::remove(entry.path(), error);
    }
  }
  const std::optional<std::string> written =
      write_file_atomically((rootfs / "etc/faultline-node-image").string(), recipe,
                            fs::perms::owner_read | fs::perms::owner_write | fs::perms::group_read |
                                fs::perms::others_read);
  return written ? "cannot write " + *written : "";
}

struct BuildPaths {
  fs::path work;    // CACHE/<hash>: removed afterwards
  fs::path rootfs;  // work/rootfs
  fs::path tar;     // work/rootfs.tar
  fs::path debs;    // CACHE/debs: kept, so a rebuild downloads nothing
};

std::string build_steps(const DockerCli& docker, const ImageBuildOptions& options,
                        const BuildPaths& paths, const std::string& mirror, const std::string& tag,
                        std::stop_token stop) {
  using std::chrono::minutes;
  const std::string recipe = recipe_text(options.recipe);
  const std::function<std::string()> steps[] = {
      [&] {
        std::error_code error;
        fs::remove_all(paths.work, error);  // a half-made one from before
        fs::create_directories(paths.debs, error);
        fs::create_directories(paths.work, error);
        return error ? "cannot create " + paths.work.string() + ": " + error.message() : "";
      },
      [&] {
        return run_checked({"debootstrap", "--variant=minbase",
                            "--include=" + join(sorted_unique(options.recipe.packages), ","),
                            "--cache-dir=" + paths.debs.string(), options.recipe.suite,
                            paths.rootfs.string(), mirror},
                           minutes(30));
      },
      [&] { return prepare_rootfs(paths.rootfs, recipe); },
      [&] {
        return run_checked(
            {"tar", "-C", paths.rootfs.string(), "--numeric-owner", "-cf", paths.tar.string(), "."},
            minutes(10));
      },
      [&] {
        DockerResult<std::string> imported = docker.run(
            {"import", "--change", "LABEL org.faultline.recipe=" + tag.substr(tag.find(':') + 1),
             "--change", "CMD [\"/usr/sbin/sshd\", \"-D\", \"-e\"]", "--message",
             "faultline image build", paths.tar.string(), tag},
            minutes(10));
        return imported ? "" : imported.error().to_string();
      },
  };
  for (const std::function<std::string()>& step : steps) {
    if (stop.stop_requested()) return "interrupted";
    if (std::string error = step(); !error.empty()) return error;
  }
  return "";
}

}  // namespace

std::string recipe_text(const NodeImageRecipe& recipe) {
  return "faultline node image\nbuild steps: " + std::to_string(kBuildStepsVersion) +
         "\nsuite: " + recipe.suite +
         "\nvariant: minbase\npackages: " + join(sorted_unique(recipe.packages), " ") + "\n";
}

std::string node_image_tag(const NodeImageRecipe& recipe) {
  return std::string(kNodeImageRepository) + ":" + hex16(fnv1a64(recipe_text(recipe)));
}

bool image_exists(const DockerCli& docker, const std::string& image) {
  return docker.run({"image", "inspect", "--format", "{{.Id}}", image}).ok();
}

ImageBuildOutcome build_node_image(const DockerCli& docker, const ImageBuildOptions& options,
                                   std::stop_token stop) {
  const Clock::time_point start = Clock::now();
  ImageBuildOutcome outcome;
  outcome.tag = node_image_tag(options.recipe);
  const auto finish = [&] {
    outcome.seconds = std::chrono::duration<double>(Clock::now() - start).count();
    return outcome;
  };
  if (DockerResult<std::string> version = docker.server_version(); !version) {
    outcome.error = version.error().to_string();
    return finish();
  }
  std::error_code error;
  fs::create_directories(options.cache_dir, error);
  if (error) {
    outcome.error = "cannot create " + options.cache_dir + ": " + error.message();
    return finish();
  }
  FileLock lock(options.cache_dir + "/build.lock");
  if (!lock.held()) {
    outcome.error = "cannot lock " + options.cache_dir + "/build.lock";
    return finish();
  }
  if (!options.rebuild && image_exists(docker, outcome.tag)) {  // another build may have made it
    outcome.cached = true;
    outcome.notes.push_back(outcome.tag + " exists already (built from the same recipe)");
    return finish();
  }
  if (::geteuid() != 0) {
    outcome.error = "faultline image build needs root (debootstrap): run it with sudo";
    return finish();
  }
  std::string mirror = options.mirror;
  if (mirror.empty()) {
    std::optional<std::string> found = machine_mirror_for_suite(options.recipe.suite);
    if (!found) {
      outcome.error = "no apt source for '" + options.recipe.suite +
                      " main' in /etc/apt/sources.list*: name a Debian mirror with --mirror";
      return finish();
    }
    mirror = *found;
  }
  outcome.notes.push_back("debootstrap " + options.recipe.suite + " from " + mirror);
  const std::string hash = outcome.tag.substr(outcome.tag.find(':') + 1);
  const fs::path work = fs::path(options.cache_dir) / hash;
  const BuildPaths paths{work, work / "rootfs", work / "rootfs.tar",
                         fs::path(options.cache_dir) / "debs"};
  outcome.error = build_steps(docker, options, paths, mirror, outcome.tag, stop);
  fs::remove_all(paths.work, error);
  if (error && outcome.ok())
    outcome.error = "cannot remove " + work.string() + ": " + error.message();
  if (outcome.ok()) outcome.notes.push_back("imported " + outcome.tag);
  return finish();
}

}  // namespace faultline
