// test.yaml as run, for the store: the test file given, with the seed the
// run used and every command-line override written in, so that
// `faultline run store/<test>/latest/test.yaml` runs the same test again.
// Comments of the original are not kept (the original is the user's file).
#pragma once

#include <cstdint>
#include <string>

#include "harness/config/test_file.h"

namespace faultline {

// `original` is the text of test.path; `test` the parsed file after
// overrides. Throws YAML::Exception only if `original` is not YAML (it was
// parsed already, so it is).
std::string test_as_run(const std::string& original, const TestFile& test, uint64_t seed);

}  // namespace faultline
