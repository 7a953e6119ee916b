#include "nemeses/grudge.h"

namespace faultline {

Grudge complete_grudge(const Components& components) {
  std::map<std::string, std::set<size_t>> member_of;
  for (size_t c = 0; c < components.size(); ++c) {
    for (const std::string& node : components[c]) member_of[node].insert(c);
  }
  Grudge grudge;
  for (const auto& [node, mine] : member_of) {
    for (const auto& [other, theirs] : member_of) {
      bool shared = false;
      for (size_t c : mine) shared = shared || theirs.count(c);
      if (!shared) grudge[node].insert(other);
    }
  }
  return grudge;
}

bool grudge_is_empty(const Grudge& grudge) {
  for (const auto& [node, dropped] : grudge) {
    if (!dropped.empty()) return false;
  }
  return true;
}

Json grudge_to_json(const Grudge& grudge) {
  Json out = Json::object();
  for (const auto& [node, dropped] : grudge) {
    if (!dropped.empty())
      out[node] = Json(std::vector<std::string>(dropped.begin(), dropped.end()));
  }
  return out;
}

Grudge grudge_from_json(const Json& json) {
  Grudge grudge;
  for (const auto& [node, dropped] : json.items()) {
    for (const Json& other : dropped) grudge[node].insert(other.get<std::string>());
  }
  return grudge;
}

std::string describe_components(const Components& components) {
  std::string out;
  for (size_t c = 0; c < components.size(); ++c) {
    if (c) out += " | ";
    for (size_t i = 0; i < components[c].size(); ++i) out += (i ? "," : "") + components[c][i];
  }
  return out;
}

}  // namespace faultline
