// junit.xml for CI systems that show test results (GitLab, Jenkins, GitHub
// actions with a JUnit reporter): one test suite for the run, one test case
// per checker and, for a keyed history, one per invalid key. Invalid: a
// <failure> with the evidence (evidence_text.h: the checker's summary, the
// ops with their times from the start and the faults active then); unknown:
// <skipped> with the reason (also a "verdict" case when a valid check cannot
// vouch for the run); faults that could not be applied or healed ("nemesis")
// and harness errors ("harness"): an <error>. Pure.
#pragma once

#include <string>

#include "harness/history/op.h"

namespace faultline {

// `results` is results.json (docs/store.md).
std::string junit_xml(const Json& results);

}  // namespace faultline
