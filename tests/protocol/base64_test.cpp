#include "protocol/base64.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace alfabravo {
namespace {

std::string encode(std::string_view text) {
  return base64_encode({reinterpret_cast<const unsigned char*>(text.data()), text.size()});
}
std::string decode(std::string_view text) {
  const auto bytes = base64_decode(text);
  return bytes ? std::string(bytes->begin(), bytes->end()) : "<invalid>";
}

TEST(Base64, Rfc4648TestVectors) {
  EXPECT_EQ(encode(""), "");
  EXPECT_EQ(encode("f"), "Zg==");
  EXPECT_EQ(encode("fo"), "Zm8=");
  EXPECT_EQ(encode("foo"), "Zm9v");
  EXPECT_EQ(encode("foob"), "Zm9vYg==");
  EXPECT_EQ(encode("fooba"), "Zm9vYmE=");
  EXPECT_EQ(encode("foobar"), "Zm9vYmFy");
  EXPECT_EQ(decode("Zm9vYmE="), "fooba");
  EXPECT_EQ(decode("Zm9vYg=="), "foob");
}

TEST(Base64, RoundTripsEveryByteValue) {
  std::vector<unsigned char> bytes;
  for (int i = 0; i < 256 * 3 + 1; ++i)
    bytes.push_back(static_cast<unsigned char>(i * 7));
  const auto decoded = base64_decode(base64_encode(bytes));
  ASSERT_TRUE(decoded);
  EXPECT_EQ(*decoded, bytes);
}

TEST(Base64, RejectsMalformedText) {
  EXPECT_EQ(decode("Zm9"), "<invalid>");       // not a multiple of 4
  EXPECT_EQ(decode("Zm9v!A=="), "<invalid>");  // not in the alphabet
  EXPECT_EQ(decode("Zg=a"), "<invalid>");      // data after padding
  EXPECT_EQ(decode("Zh=="), "<invalid>");      // non-zero padding bits
  EXPECT_EQ(decode("Zg==Zg=="), "<invalid>");  // padding before the end
}

}  // namespace
}  // namespace alfabravo
