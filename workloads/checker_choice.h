// Which checker reads a workload's history, and with which model and options.
// Each workload says this (e.g. register_checker()) so that `faultline run`
// checks what it ran without the user naming a model.
#pragma once

#include <string>

#include "checkers/model.h"

namespace faultline {

struct CheckerChoice {
  // "linearizability" for now; the set and counter workloads will name
  // their own checkers here.
  std::string checker = "linearizability";
  std::string model;  // for linearizability: a name make_model() knows
  ModelOptions model_options;
};

}  // namespace faultline
