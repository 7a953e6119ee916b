// What a PNG file says about itself: its signature and, from the IHDR chunk
// that must come first, its width and height. Enough to tell a real image
// from an empty or truncated file a browser left behind.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>

#include "harness/base/result.h"

namespace faultline::testing {

struct PngSize {
  uint32_t width = 0;
  uint32_t height = 0;
};

// The image's size, or why `png` is not a PNG (naming the file).
Result<PngSize, std::string> read_png_size(const std::filesystem::path& png);

}  // namespace faultline::testing
