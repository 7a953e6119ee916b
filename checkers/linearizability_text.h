// How a linearizability verdict reads to a person on a terminal (`faultline
// check`, and check_history()'s summary after a run): one line per file, and
// for an invalid history the few ops that prove it, in order.
#pragma once

#include <ostream>
#include <string>

#include "checkers/linearizability.h"

namespace faultline {

void print_check_result(std::ostream& out, const std::string& file,
                        const LinearizabilityResult& result);

}  // namespace faultline
