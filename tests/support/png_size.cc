#include "tests/support/png_size.h"

#include <algorithm>
#include <array>
#include <fstream>

namespace faultline::testing {
namespace {

uint32_t big_endian(const unsigned char* p) {
  return (uint32_t{p[0]} << 24) | (uint32_t{p[1]} << 16) | (uint32_t{p[2]} << 8) | uint32_t{p[3]};
}

}  // namespace

Result<PngSize, std::string> read_png_size(const std::filesystem::path& png) {
  std::ifstream in(png, std::ios::binary);
  if (!in) return png.string() + ": cannot open";
  // Signature (8 bytes), then the IHDR chunk: length 13, "IHDR", width, height.
  std::array<unsigned char, 24> head{};
  in.read(reinterpret_cast<char*>(head.data()), head.size());
  if (in.gcount() != static_cast<std::streamsize>(head.size()))
    return png.string() + ": shorter than a PNG header (" + std::to_string(in.gcount()) + " bytes)";
  static constexpr std::array<unsigned char, 8> kSignature = {0x89, 'P',  'N',  'G',
                                                              '\r', '\n', 0x1a, '\n'};
  if (!std::equal(kSignature.begin(), kSignature.end(), head.begin()))
    return png.string() + ": no PNG signature";
  if (big_endian(&head[8]) != 13 || std::string(&head[12], &head[16]) != "IHDR")
    return png.string() + ": the first chunk is not IHDR";
  PngSize size{big_endian(&head[16]), big_endian(&head[20])};
  if (size.width == 0 || size.height == 0) return png.string() + ": an image of no pixels";
  return size;
}

}  // namespace faultline::testing
