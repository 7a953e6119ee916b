// junit.xml for CI systems that show test results (GitLab, Jenkins, GitHub
// actions with a JUnit reporter): one test suite for the run, one test case
// per checker, a <failure> with the checker's summary when it found the
// database invalid, an <error> for harness errors. Pure.
#pragma once

#include <string>

#include "harness/history/op.h"

namespace faultline {

// `results` is results.json (docs/store.md).
std::string junit_xml(const Json& results);

}  // namespace faultline
