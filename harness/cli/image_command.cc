#include "harness/cli/image_command.h"

#include <cstdio>
#include <iostream>
#include <memory>

#include "harness/base/interrupt.h"
#include "harness/docker/node_image.h"

namespace faultline {
namespace {

constexpr int kExitUsage = 254;
constexpr int kExitError = 255;

struct ImageArgs {
  ImageBuildOptions build;
  std::vector<std::string> extra_packages;
  CLI::App* build_command = nullptr;
  CLI::App* tag_command = nullptr;
};

NodeImageRecipe recipe_of(const ImageArgs& args) {
  NodeImageRecipe recipe = args.build.recipe;
  recipe.packages.insert(recipe.packages.end(), args.extra_packages.begin(),
                         args.extra_packages.end());
  return recipe;
}

int run_build(const ImageArgs& args) {
  ImageBuildOptions options = args.build;
  options.recipe = recipe_of(args);
  InterruptGuard interrupt;
  std::cerr << "faultline image build: " << node_image_tag(options.recipe)
            << " (the first build downloads packages: minutes)\n";
  const ImageBuildOutcome outcome = build_node_image(DockerCli(), options, interrupt.stop_token());
  for (const std::string& note : outcome.notes) std::cerr << "  " << note << "\n";
  if (interrupt.interrupted()) {
    std::cerr << "faultline image build: interrupted; nothing half-made is left\n";
    return interrupt.exit_code();
  }
  if (!outcome.ok()) {
    std::cerr << "faultline image build: " << outcome.error << "\n";
    return kExitError;
  }
  std::fprintf(stderr, "faultline image build: %s in %.1f s\n", outcome.cached ? "cached" : "built",
               outcome.seconds);
  std::cout << outcome.tag << "\n";  // alone on stdout, for scripts
  return 0;
}

void add_recipe_options(CLI::App& command, ImageArgs& args) {
  command.add_option("--suite", args.build.recipe.suite, "Debian release of the image")
      ->capture_default_str();
  command.add_option("--package", args.extra_packages,
                     "A Debian package to add to the image (repeatable): the database's own,\n"
                     "for example. Another package list is another image (another tag)");
}

}  // namespace

std::function<int()> add_image_command(CLI::App& app) {
  auto args = std::make_shared<ImageArgs>();
  CLI::App* image = app.add_subcommand("image", "Build the container node image");
  image->require_subcommand(1);
  args->build_command = image->add_subcommand("build", "Build the node image unless it exists");
  args->build_command->footer(
      "debootstrap (minbase) of a Debian root filesystem with sshd, iproute2, iptables,\n"
      "procps, faketime and etcd, from the mirror apt uses on this machine, imported with\n"
      "`docker import` as faultline-node:<hash of the recipe>. Built once; later calls\n"
      "find it. Prints the tag on stdout. Needs root and a running dockerd.\n"
      "Example: sudo faultline image build");
  add_recipe_options(*args->build_command, *args);
  args->build_command->add_option("--mirror", args->build.mirror,
                                  "Debian mirror (default: the one in /etc/apt/sources*)");
  args->build_command
      ->add_option("--cache-dir", args->build.cache_dir,
                   "Work space, and the downloaded packages kept for rebuilds")
      ->capture_default_str();
  args->build_command->add_flag("--rebuild", args->build.rebuild,
                                "Build even when the image exists");
  args->tag_command = image->add_subcommand("tag", "Print the image's tag (builds nothing)");
  add_recipe_options(*args->tag_command, *args);
  return [args] {
    if (args->build_command->parsed()) return run_build(*args);
    if (args->tag_command->parsed()) {
      std::cout << node_image_tag(recipe_of(*args)) << "\n";
      return 0;
    }
    return kExitUsage;
  };
}

}  // namespace faultline
