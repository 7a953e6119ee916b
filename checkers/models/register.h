// register (read, write) and cas-register (read, write, cas [old new]).
#pragma once

#include "checkers/model.h"

namespace faultline {

CompileResult compile_register(const std::vector<CheckOp>& ops, const ModelOptions& options,
                               bool with_cas);
inline CompileResult compile_plain_register(const std::vector<CheckOp>& ops,
                                            const ModelOptions& options) {
  return compile_register(ops, options, false);
}
inline CompileResult compile_cas_register(const std::vector<CheckOp>& ops,
                                          const ModelOptions& options) {
  return compile_register(ops, options, true);
}

}  // namespace faultline
