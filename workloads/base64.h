// Base64 (RFC 4648, standard alphabet, padded), for the keys and values of
// etcd's JSON gateway, which carries bytes that way. Pure functions.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace faultline {

std::string base64_encode(std::string_view bytes);

// nullopt when `text` is not padded base64 (a bad character, a bad length,
// padding in the middle or non-zero bits after the last byte).
std::optional<std::string> base64_decode(std::string_view text);

}  // namespace faultline
