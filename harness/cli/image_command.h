// `faultline image build|tag`: the container node image (harness/docker/node_image.h).
#pragma once

#include <CLI/CLI.hpp>
#include <functional>

namespace faultline {

// Adds the `image` subcommand to `app`; the returned function runs it after
// parsing and returns the exit status.
std::function<int()> add_image_command(CLI::App& app);

}  // namespace faultline
