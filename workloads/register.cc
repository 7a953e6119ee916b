#include "workloads/register.h"

#include "workloads/workload_ops.h"

namespace faultline {

std::vector<WeightedF> RegisterWorkload::default_mix() const {
  return {{"read", 1}, {"write", 1}, {"cas", 1}};
}

int64_t RegisterWorkload::fresh_value(KeyState& state) {
  const int64_t value = ++state.last_value;
  state.recent.push_back(value);
  if (state.recent.size() > static_cast<size_t>(options_.recent_values)) state.recent.pop_front();
  return value;
}

Op RegisterWorkload::make_op(std::string_view f, const std::string& key, Rng& rng) {
  if (f == "read") return invocation("read", key, nullptr);
  KeyState& state = keys_[key];
  if (f == "cas" && !state.recent.empty()) {
    const int64_t old = state.recent[uniform_below(rng, state.recent.size())];
    return invocation("cas", key, Json::array({old, fresh_value(state)}));
  }
  return invocation("write", key, fresh_value(state));
}

std::vector<Op> RegisterWorkload::final_ops(const std::string& key) {
  return {invocation("read", key, nullptr)};
}

CheckerChoice register_checker() {
  CheckerChoice choice;
  choice.model = "cas-register";
  choice.model_options.init = nullptr;
  choice.model_options.nil_read = NilRead::kAbsent;
  return choice;
}

}  // namespace faultline
