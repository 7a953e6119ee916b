// The store: one folder per run, store/<test>/<timestamp>/, with the links
// store/<test>/latest and store/latest pointing at the newest run (see
// docs/store.md for every file in it). Made before the run starts, so a run
// that crashes still leaves what it recorded where people look for it.
#pragma once

#include <chrono>
#include <optional>
#include <string>

#include "harness/base/result.h"

namespace faultline {

struct StoreDir {
  std::string root;     // store/
  std::string dir;      // store/<test>/<timestamp>
  std::string warning;  // the latest links could not be updated (the run goes on)
  std::string path(const std::string& file) const { return dir + "/" + file; }
};

// "20261201T093000Z" for `when` (UTC).
std::string store_timestamp(std::chrono::system_clock::time_point when);
// ISO 8601 in UTC for results.json: "2026-12-01T09:30:00Z".
std::string iso_utc(std::chrono::system_clock::time_point when);

// Makes store/<test>/<timestamp>/ and its nodes/ folder and points both
// latest links at it. When that folder exists already (two runs in one
// second), a suffix makes it unique. The error names the path and the reason;
// links that cannot be made are only a warning.
Result<StoreDir, std::string> make_store_dir(const std::string& root, const std::string& test,
                                             std::chrono::system_clock::time_point when);

}  // namespace faultline
