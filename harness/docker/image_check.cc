#include "harness/docker/image_check.h"

#include <sstream>

#include "harness/remote/shell.h"

namespace faultline {
namespace {

constexpr char kMissing[] = "faultline-missing ";

// One line "faultline-missing PROGRAM" per need that is not there.
std::string probe_script() {
  std::string script;
  for (const ImageNeed& need : node_image_needs()) {
    const std::string program = shell_quote(need.program);
    const std::string test = need.program.front() == '/'
                                 ? "[ -x " + program + " ]"
                                 : "command -v " + program + " >/dev/null 2>&1";
    script += test + " || echo " + shell_quote(kMissing + need.program) + "\n";
  }
  return script + "exit 0\n";
}

}  // namespace

const std::vector<ImageNeed>& node_image_needs() {
  static const std::vector<ImageNeed> kNeeds = {
      {"/usr/sbin/sshd", "faultline logs in over SSH", "openssh-server"},
      {"ip", "addresses and routes", "iproute2"},
      {"tc", "bandwidth limits", "iproute2"},
      {"iptables", "partitions and packet loss", "iptables"},
      {"pgrep", "pause and kill find processes", "procps"},
      {"ps", "process listings", "procps"},
  };
  return kNeeds;
}

std::string ImageCheck::describe(const std::string& image) const {
  if (!error.empty()) return "cannot examine image " + image + ": " + error;
  if (missing.empty()) return "";
  std::string text = "image " + image + " lacks ";
  std::string packages;
  for (size_t i = 0; i < missing.size(); ++i) {
    text += (i ? ", " : "") + missing[i].program + " (" + missing[i].purpose + ")";
    if (packages.find(missing[i].package) == std::string::npos) {
      packages += (packages.empty() ? "" : " ") + missing[i].package;
    }
  }
  return text + ": install " + packages + " in it, or use the image `faultline image build` makes";
}

ImageCheck check_node_image(const DockerCli& docker, const std::string& image) {
  ImageCheck check;
  DockerResult<std::string> out = docker.run(
      {"run", "--rm", "--network", "none", "--entrypoint", "/bin/sh", image, "-c", probe_script()});
  if (!out) {
    check.error = out.error().to_string();
    return check;
  }
  std::istringstream lines(*out);
  for (std::string line; std::getline(lines, line);) {
    if (line.rfind(kMissing, 0) != 0) continue;
    const std::string program = line.substr(sizeof kMissing - 1);
    for (const ImageNeed& need : node_image_needs()) {
      if (need.program == program) check.missing.push_back(need);
    }
  }
  return check;
}

}  // namespace faultline
