// summary.md in the store: the run in Markdown, ready to append to a CI
// job's summary (`cat STORE/summary.md >> "$GITHUB_STEP_SUMMARY"`): the
// verdict in words that say what was observed under which conditions, the
// evidence (when invalid), the availability table, and the line that
// replays the run. Pure: from results.json (docs/store.md).
#pragma once

#include <string>

#include "harness/history/op.h"

namespace faultline {

// `store_dir` as the reader would type it, for the replay and file paths.
std::string summary_markdown(const Json& results, const std::string& store_dir);

}  // namespace faultline
