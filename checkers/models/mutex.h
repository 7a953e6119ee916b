// mutex: a lock that is either held or free.
//
// Ops: f "acquire" takes the lock and can take effect only while it is free; f "release"
// frees it and can take effect only while it is held. Values are ignored. The lock starts
// free, or held when options.init is true. The state is one integer: 1 held, 0 free.
#pragma once

#include "checkers/model.h"

namespace faultline {

CompileResult compile_mutex(const std::vector<CheckOp>& ops, const ModelOptions& options);

}  // namespace faultline
