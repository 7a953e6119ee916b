// "Did you mean": the closest of a list of known names to a misspelt one.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace faultline {

size_t edit_distance(std::string_view a, std::string_view b);

// The closest candidate within a small edit distance, if any.
std::optional<std::string> closest_name(std::string_view wrong,
                                        const std::vector<std::string>& candidates);

// "unknown model 'cas-registr' (did you mean 'cas-register'? known: ...)".
std::string unknown_name_message(std::string_view what, std::string_view wrong,
                                 const std::vector<std::string>& candidates);

}  // namespace faultline
