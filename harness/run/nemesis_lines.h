// The nemesis's lines in faultline.log and on the terminal: one per step,
// when it completed, saying what was done as the report's fault table says
// it (fault_text.h): "nemesis: start-pause: pause etcd on n2 (target one)",
// "nemesis: stop-kill: restart etcd: n3 restarted as pid 4567". Pure.
#pragma once

#include <string>

#include "harness/history/op.h"

namespace faultline {

struct NemesisLine {
  std::string whole;       // for faultline.log: the words, the step's JSON and its errors
  std::string short_form;  // for the terminal: the words, cut to fit
};

// The line for nemesis op `completion` (an "info" op whose f is "start-KIND",
// "stop-KIND" or "heal") whose request half had value `request`.
NemesisLine nemesis_line(const Op& completion, const Json& request);

}  // namespace faultline
