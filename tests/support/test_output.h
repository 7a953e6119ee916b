// Where tests leave what a person (or CI, as an artifact) may want to look
// at afterwards: <build>/test-output/, e.g. the browser tests' screenshots
// in test-output/browser/.
#pragma once

#include <filesystem>

namespace faultline::testing {

std::filesystem::path test_output_dir();

}  // namespace faultline::testing
