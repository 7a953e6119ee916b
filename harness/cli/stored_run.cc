#include "harness/cli/stored_run.h"

#include "harness/report/run_files.h"

namespace faultline {

Result<Json, std::string> read_stored_results(const std::string& dir) {
  Result<Json, std::string> results = read_run_results(dir);
  if (!results) return results;
  if (!results->contains("config") || !(*results)["config"].is_object())
    return dir + "/results.json is not a faultline results file (no \"config\" object): is " + dir +
           " a run's folder, such as store/latest?";
  return results;
}

}  // namespace faultline
