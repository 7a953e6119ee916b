// Fixtures for the report's tests: real histories checked by the real
// checker, and results.json built around its result as docs/store.md says.
#pragma once

#include <gtest/gtest.h>

#include <sstream>
#include <string>

#include "checkers/linearizability_json.h"
#include "checkers/linearizability_text.h"
#include "harness/history/history_reader.h"
#include "workloads/register.h"

namespace faultline::report_test {

inline std::string example_history(const std::string& name) {
  return std::string(FAULTLINE_SOURCE_DIR) + "/examples/histories/" + name;
}

inline std::string knossos_history(const std::string& name) {
  return std::string(FAULTLINE_TEST_DATA_DIR) + "/histories/knossos/cas-register/bad/" + name;
}

inline History read_fixture(const std::string& path) {
  Parsed<History> history = read_history_file(path, HistoryFormat::kAuto);
  if (!history) ADD_FAILURE() << history.error().to_string();
  return history ? std::move(*history) : History{};
}

// results.json for `history` as the run would write it, with the real
// linearizability checker's result (linearizability_json.h) in "checkers".
inline Json results_for(const History& history, const CheckerChoice& choice,
                        const std::string& test) {
  const std::unique_ptr<Model> model = make_model(choice.model);
  LinearizabilityOptions options;
  options.model = choice.model_options;
  options.threads = 1;
  const LinearizabilityResult result = check_linearizability(history, *model, options);
  std::ostringstream summary;
  print_check_result(summary, test, result);
  const std::string verdict(to_string(result.verdict));
  return Json{{"faultline", 1},
              {"test", test},
              {"verdict", verdict},
              {"valid", to_json(result.verdict)},
              {"exit_code", exit_code(result.verdict)},
              {"started", "2026-12-01T09:30:00Z"},
              {"finished", "2026-12-01T09:31:02Z"},
              {"seconds", 62.1},
              {"seed", 42},
              {"test_file", "test.yaml"},
              {"config", {{"db", "etcd"}, {"workload", "register"}, {"concurrency", 4}}},
              {"nodes", Json::array({{{"name", "n1"}, {"address", "10.213.90.2"}},
                                     {{"name", "n2"}, {"address", "10.213.90.3"}}})},
              {"run", {{"invoked", history.ops.size() / 2}, {"workers_lost", 0}}},
              {"checkers", Json::array({{{"checker", "linearizability"},
                                         {"valid", to_json(result.verdict)},
                                         {"summary", summary.str()},
                                         {"details", to_json(result)}}})},
              {"errors", Json::array()},
              {"interrupted", false}};
}

inline CheckerChoice knossos_choice() {
  CheckerChoice choice = register_checker();
  choice.model_options.init = 0;  // Knossos's cas-register starts at 0
  return choice;
}

}  // namespace faultline::report_test
