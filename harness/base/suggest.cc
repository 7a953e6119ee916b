#include "harness/base/suggest.h"

#include <algorithm>

namespace faultline {

size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<size_t> row(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    size_t diagonal = row[0];
    row[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      size_t above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] != b[j - 1])});
      diagonal = above;
    }
  }
  return row[b.size()];
}

std::optional<std::string> closest_name(std::string_view wrong,
                                        const std::vector<std::string>& candidates) {
  std::optional<std::string> best;
  size_t best_distance = std::max<size_t>(2, wrong.size() / 3) + 1;
  for (const std::string& c : candidates) {
    size_t d = edit_distance(wrong, c);
    if (d < best_distance) {
      best_distance = d;
      best = c;
    }
  }
  return best;
}

std::string unknown_name_message(std::string_view what, std::string_view wrong,
                                 const std::vector<std::string>& candidates) {
  std::string out = "unknown " + std::string(what) + " '" + std::string(wrong) + "'";
  if (auto close = closest_name(wrong, candidates)) out += " (did you mean '" + *close + "'?)";
  out += "; known: ";
  for (size_t i = 0; i < candidates.size(); ++i) out += (i ? ", " : "") + candidates[i];
  return out;
}

}  // namespace faultline
