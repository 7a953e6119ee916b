// Which checker reads a workload's history, and with which model and options.
// Each workload says this (e.g. register_checker()) so that `faultline run`
// checks what it ran without the user naming a model.
#pragma once

#include <string>
#include <vector>

#include "checkers/model.h"

namespace faultline {

// The Elle checker's settings (the test file's `elle:`).
struct ElleChoice {
  bool realtime = false;       // real-time order edges: strict serializability is checked
  bool process_order = false;  // each process's order of its txns
  std::string expect;          // the model the database claims; empty: any anomaly is invalid
};

struct CheckerChoice {
  // One of known_checkers(): "linearizability" (with `model`), "set" or
  // "counter" (which need no model), "elle" (model "list-append" or
  // "rw-register").
  std::string checker = "linearizability";
  std::string model;  // for linearizability: a name make_model() knows
  ModelOptions model_options;
  ElleChoice elle;
};

// The checkers check_history() (check_history.h) runs.
inline std::vector<std::string> known_checkers() {
  return {"linearizability", "set", "counter", "elle"};
}

}  // namespace faultline
