#include "checkers/model.h"

#include <map>

#include "checkers/models/fifo_queue.h"
#include "checkers/models/kv.h"
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

struct ModelEntry {
  std::string_view name;
  std::unique_ptr<Model> (*make)();
};

// The registry of models: add a line here for a new model.
const ModelEntry kModels[] = {
    {"register", [] { return std::unique_ptr<Model>(new RegisterModel(false)); }},
    {"cas-register", [] { return std::unique_ptr<Model>(new RegisterModel(true)); }},
    {"multi-register", [] { return std::unique_ptr<Model>(new MultiRegisterModel()); }},
    {"mutex", [] { return std::unique_ptr<Model>(new MutexModel()); }},
    {"kv", [] { return std::unique_ptr<Model>(new KvModel()); }},
    {"set", [] { return std::unique_ptr<Model>(new SetModel()); }},
    {"unordered-queue", [] { return std::unique_ptr<Model>(new UnorderedQueueModel()); }},
    {"fifo-queue", [] { return std::unique_ptr<Model>(new FifoQueueModel()); }},
};

}  // namespace

std::vector<std::string> model_names() {
  std::vector<std::string> names;
  for (const ModelEntry& m : kModels) names.emplace_back(m.name);
  return names;
}

std::unique_ptr<Model> make_model(std::string_view name) {
  for (const ModelEntry& m : kModels) {
    if (m.name == name) return m.make();
  }
  return nullptr;
}

}  // namespace faultline
