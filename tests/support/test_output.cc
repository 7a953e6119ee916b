#include "tests/support/test_output.h"

namespace faultline::testing {

// Defined for this file alone (CMakeLists.txt), so the test programs'
// flags, and their cached objects, stay as they are.
std::filesystem::path test_output_dir() { return FAULTLINE_TEST_OUTPUT_DIR; }

}  // namespace faultline::testing
