// Tests for base64, hex and UTF-8 validation.
#include "ledger/encoding.h"

#include <gtest/gtest.h>

namespace ledger {
namespace {

TEST(Base64, RoundTripsRfc4648Vectors) {
  const std::pair<const char*, const char*> vectors[] = {
      {"", ""}, {"f", "Zg=="}, {"fo", "Zm8="}, {"foo", "Zm9v"},
      {"foob", "Zm9vYg=="}, {"fooba", "Zm9vYmE="}, {"foobar", "Zm9vYmFy"}};
  for (auto [plain, encoded] : vectors) {
    EXPECT_EQ(Base64Encode(AsBytes(plain)), encoded);
    auto decoded = Base64Decode(encoded);
    ASSERT_TRUE(decoded.ok()) << encoded;
    EXPECT_EQ(std::string(decoded->begin(), decoded->end()), plain);
  }
}

TEST(Base64, RejectsNonCanonicalForms) {
  EXPECT_FALSE(Base64Decode("Zg").ok());      // missing padding
  EXPECT_FALSE(Base64Decode("Zh==").ok());    // non-zero trailing bits
  EXPECT_FALSE(Base64Decode("Zm9v\n").ok());  // whitespace
  EXPECT_FALSE(Base64Decode("Zm-v").ok());    // URL alphabet
  EXPECT_FALSE(Base64Decode("Z=9v").ok());    // data after padding
  EXPECT_FALSE(Base64DecodeHash("Zm9v").ok());
}

// One '=' leaves two bits of the last character unused; only zero bits are
// canonical, so "fo" has the single form Zm8= and Zm9= (bits 01) is refused.
TEST(Base64, RejectsNonZeroBitsBeforeASinglePad) {
  auto canonical = Base64Decode("Zm8=");
  ASSERT_TRUE(canonical.ok());
  EXPECT_EQ(std::string(canonical->begin(), canonical->end()), "fo");
  for (std::string_view text : {"Zm9=", "Zm+=", "Zm/="}) {
    auto r = Base64Decode(text);
    EXPECT_EQ(r.status().code(), Code::kInvalidArgument) << text;
  }
}

TEST(Hex, RoundTrips) {
  Bytes b = {0x00, 0xab, 0xff};
  EXPECT_EQ(HexEncode(b), "00abff");
  EXPECT_EQ(HexDecode("00ABff").value(), b);
  EXPECT_FALSE(HexDecode("0").ok());
  EXPECT_FALSE(HexDecode("zz").ok());
}

TEST(Utf8, AcceptsMongolianCyrillicAndRejectsMalformed) {
  EXPECT_TRUE(IsValidUtf8("Балдан Бадарч"));
  EXPECT_TRUE(IsValidUtf8("Засгийн газрын Хэрэг эрхлэх газар ӨҮ"));
  EXPECT_FALSE(IsValidUtf8("\xC0\xAF"));          // overlong '/'
  EXPECT_FALSE(IsValidUtf8("\xED\xA0\x80"));      // surrogate
  EXPECT_FALSE(IsValidUtf8("\xD0"));              // truncated
  EXPECT_FALSE(IsValidUtf8("\xF4\x90\x80\x80"));  // > U+10FFFF
}

}  // namespace
}  // namespace ledger
