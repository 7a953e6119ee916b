#include "workloads/base64.h"

#include <gtest/gtest.h>

#include <string>

namespace faultline {
namespace {

TEST(Base64, EncodesTheRfc4648Vectors) {
  const std::pair<std::string, std::string> vectors[] = {
      {"", ""},
      {"f", "Zg=="},
      {"fo", "Zm8="},
      {"foo", "Zm9v"},
      {"foob", "Zm9vYg=="},
      {"fooba", "Zm9vYmE="},
      {"foobar", "Zm9vYmFy"},
  };
  for (const auto& [bytes, text] : vectors) {
    EXPECT_EQ(base64_encode(bytes), text) << bytes;
    EXPECT_EQ(base64_decode(text), bytes) << text;
  }
}

TEST(Base64, EveryByteValueRoundTrips) {
  std::string bytes;
  for (int i = 0; i < 256; ++i) bytes += static_cast<char>(i);
  for (size_t length = 0; length <= bytes.size(); length += 37) {
    const std::string prefix = bytes.substr(0, length);
    EXPECT_EQ(base64_decode(base64_encode(prefix)), prefix) << length;
  }
  EXPECT_EQ(base64_encode("\xfb\xff"), "+/8=");
}

TEST(Base64, RejectsWhatIsNotPaddedBase64) {
  for (const char* bad :
       {"Zg", "Zg=", "Z===", "====", "Zm9v!A==", "Zg==Zm8=", "Zh==", "Zm9=", "Zm 9"}) {
    EXPECT_EQ(base64_decode(bad), std::nullopt) << bad;
  }
}

}  // namespace
}  // namespace faultline
