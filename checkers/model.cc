#include "checkers/model.h"

#include <map>

#include "checkers/models/fifo_queue.h"
#include "checkers/models/kv.h"
#include "checkers/models/kv_string.h"
#include "checkers/models/multi_register.h"
#include "checkers/models/mutex.h"
#include "checkers/models/register.h"
#include "checkers/models/set.h"
#include "checkers/models/unordered_queue.h"

namespace faultline {

std::vector<Part> Model::partition(std::vector<CheckOp> ops) const {
  bool keyed = false;
  for (const CheckOp& op : ops) keyed = keyed || op.invoke->key.has_value();
  if (!keyed) return {Part{"", std::move(ops)}};
  std::map<std::string, Part> parts;  // ordered: stable output
  for (CheckOp& op : ops) {
    const std::string& key = op.invoke->key ? *op.invoke->key : std::string();
    Part& part = parts[key];
    part.name = key;
    part.ops.push_back(op);
  }
  std::vector<Part> out;
  out.reserve(parts.size());
  for (auto& [key, part] : parts) out.push_back(std::move(part));
  return out;
}

namespace {

using CompileFn = CompileResult (*)(const std::vector<CheckOp>&, const ModelOptions&);

// A model whose compile is a plain function and whose parts are keys.
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
