// The node image's recipe and its content-addressed tag (pure; no docker).
#include "harness/docker/node_image.h"

#include <gtest/gtest.h>

#include <regex>

namespace faultline {
namespace {

TEST(NodeImageTag, SameRecipeSameTagWhateverThePackageOrder) {
  NodeImageRecipe a;
  NodeImageRecipe b;
  b.packages.assign(a.packages.rbegin(), a.packages.rend());
  b.packages.push_back("iptables");  // a duplicate changes nothing
  EXPECT_EQ(node_image_tag(a), node_image_tag(b));
  EXPECT_TRUE(std::regex_match(node_image_tag(a), std::regex("faultline-node:[0-9a-f]{16}")))
      << node_image_tag(a);
}

TEST(NodeImageTag, AnotherPackageOrSuiteIsAnotherImage) {
  NodeImageRecipe base;
  NodeImageRecipe more = base;
  more.packages.push_back("redis-server");
  NodeImageRecipe trixie = base;
  trixie.suite = "trixie";
  EXPECT_NE(node_image_tag(base), node_image_tag(more));
  EXPECT_NE(node_image_tag(base), node_image_tag(trixie));
  EXPECT_NE(node_image_tag(more), node_image_tag(trixie));
}

TEST(NodeImageTag, RecipeTextNamesWhatTheImageHolds) {
  NodeImageRecipe recipe;
  recipe.packages = {"procps", "openssh-server", "procps"};
  EXPECT_EQ(recipe_text(recipe),
            "faultline node image\nbuild steps: 1\nsuite: bookworm\nvariant: minbase\n"
            "packages: openssh-server procps\n");
}

}  // namespace
}  // namespace faultline
