#include "checkers/model.h"

#include "checkers/models/fifo_queue.h"
#include "checkers/models/kv.h"
#include "checkers/models/kv_string.h"
#include "checkers/models/multi_register.h"
#include "checkers/models/mutex.h"
#include "checkers/models/register.h"
#include "checkers/models/set.h"
#include "checkers/models/unordered_queue.h"

namespace faultline {

namespace {

using CompileFn = CompileResult (*)(const std::vector<CheckOp>&, const ModelOptions&);

// A model whose compile is a plain function.
class FunctionModel : public Model {
 public:
  FunctionModel(std::string_view name, CompileFn compile) : name_(name), compile_(compile) {}
  std::string_view name() const override { return name_; }
  CompileResult compile(const std::vector<CheckOp>& ops,
                        const ModelOptions& options) const override {
    return compile_(ops, options);
  }

 private:
  std::string_view name_;
  CompileFn compile_;
};

struct ModelEntry {
  std::string_view name;
  CompileFn compile;
};

// The registry of models: add a line here for a new model.
constexpr ModelEntry kModels[] = {
    {"register", compile_plain_register},
    {"cas-register", compile_cas_register},
    {"multi-register", compile_multi_register},
    {"mutex", compile_mutex},
    {"kv", compile_kv},
    {"kv-string", compile_kv_string},
    {"set", compile_set},
    {"unordered-queue", compile_unordered_queue},
    {"fifo-queue", compile_fifo_queue},
};

}  // namespace

std::vector<std::string> model_names() {
  std::vector<std::string> names;
  for (const ModelEntry& m : kModels) names.emplace_back(m.name);
  return names;
}

std::unique_ptr<Model> make_model(std::string_view name) {
  for (const ModelEntry& m : kModels) {
    if (m.name == name) return std::make_unique<FunctionModel>(m.name, m.compile);
  }
  return nullptr;
}

}  // namespace faultline
