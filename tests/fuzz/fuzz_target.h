// What every fuzz target shares: the libFuzzer entry point it defines, and the
// properties it asserts beyond "does not crash". A broken property aborts, so
// libFuzzer (or standalone_driver.cc) saves the input that broke it.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "harness/base/source_error.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size);

namespace faultline::fuzz {

// Aborts with `what` when `holds` is false.
void require(bool holds, std::string_view what);

// An error about `text` must say where, inside it: a line no further than the
// text's last line (+1 for "at the end"), a column no further than that line's
// end (+1), and a message.
void require_located_inside(const SourceError& error, std::string_view text);

inline std::string_view as_text(const uint8_t* data, size_t size) {
  return {reinterpret_cast<const char*>(data), size};
}

}  // namespace faultline::fuzz
