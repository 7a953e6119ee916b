// Finding the Debian mirror apt uses, in both source formats.
#include "harness/docker/apt_mirror.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

namespace faultline {
namespace {

TEST(AptMirror, OneLineFormatWithOptionsAndComments) {
  const std::string text =
      "# deb http://commented.example/debian bookworm main\n"
      "deb-src http://src.example/debian bookworm main\n"
      "deb [arch=amd64 signed-by=/k.gpg] http://contrib-only.example/debian bookworm contrib\n"
      "deb [arch=amd64] http://mirror.example/debian bookworm main contrib # note\n";
  EXPECT_EQ(mirror_for_suite({text}, "bookworm"), "http://mirror.example/debian");
  EXPECT_EQ(mirror_for_suite({text}, "trixie"), std::nullopt);
}

TEST(AptMirror, Deb822StanzasMatchTypeSuiteAndComponent) {
  const std::string security =
      "Types: deb\nURIs: http://security.example/debian-security\nSuites: bookworm-security\n"
      "Components: main\n";
  const std::string main =
      "Types: deb deb-src\n"
      "# http://snapshot.example/archive/debian/20250520T000000Z\n"
      "URIs: http://deb.example/debian\n"
      "Suites: bookworm bookworm-updates\n"
      "Components: main\n"
      "Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg\n";
  EXPECT_EQ(mirror_for_suite({security + "\n" + main}, "bookworm"), "http://deb.example/debian");
  EXPECT_EQ(mirror_for_suite({security}, "bookworm"), std::nullopt);
  EXPECT_EQ(mirror_for_suite({"deb http://first.example/d bookworm main\n", main}, "bookworm"),
            "http://first.example/d");
}

TEST(AptMirror, ReadsSourcesListDButNotDisabledFiles) {
  const std::filesystem::path apt =
      std::filesystem::temp_directory_path() / ("faultline-apt-" + std::to_string(::getpid()));
  std::filesystem::create_directories(apt / "sources.list.d");
  std::ofstream(apt / "sources.list.d/other.list.disabled")
      << "deb http://disabled.example/debian bookworm main\n";
  std::ofstream(apt / "sources.list.d/debian.sources")
      << "Types: deb\nURIs: http://deb.example/debian\nSuites: bookworm\nComponents: main\n";
  EXPECT_EQ(machine_mirror_for_suite("bookworm", apt.string()), "http://deb.example/debian");
  std::filesystem::remove_all(apt);
}

}  // namespace
}  // namespace faultline
