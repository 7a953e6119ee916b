// register (read, write) and cas-register (read, write, cas [old new]).
#pragma once

#include "checkers/model.h"

namespace faultline {

CompileResult compile_register(const std::vector<CheckOp>& ops, const ModelOptions& options,
                               bool with_cas);

class RegisterModel : public Model {
 public:
  explicit RegisterModel(bool with_cas) : with_cas_(with_cas) {}
  std::string_view name() const override { return with_cas_ ? "cas-register" : "register"; }
  CompileResult compile(const std::vector<CheckOp>& ops,
                        const ModelOptions& options) const override {
    return compile_register(ops, options, with_cas_);
  }

 private:
  bool with_cas_;
};

}  // namespace faultline
