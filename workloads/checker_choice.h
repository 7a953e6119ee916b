// Which checker reads a workload's history, and with which model and options.
// Each workload says this (e.g. register_checker()) so that `faultline run`
// checks what it ran without the user naming a model.
#pragma once

#include <string>
#include <vector>

#include "checkers/model.h"

namespace faultline {

struct CheckerChoice {
  // One of known_checkers(): "linearizability" (with `model`), "set" or
  // "counter" (which need no model).
  std::string checker = "linearizability";
  std::string model;  // for linearizability: a name make_model() knows
  ModelOptions model_options;
};

// The checkers check_history() (check_history.h) runs.
inline std::vector<std::string> known_checkers() { return {"linearizability", "set", "counter"}; }

}  // namespace faultline
