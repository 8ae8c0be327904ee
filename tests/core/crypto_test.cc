// Tests for SHA-256 and Ed25519 (RFC 8032 test vector 1, PEM round trips).
#include "ledger/crypto.h"

#include <gtest/gtest.h>

namespace ledger {
namespace {

TEST(Sha256, KnownAnswers) {
  EXPECT_EQ(HexEncode(Sha256(std::string_view(""))),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(HexEncode(Sha256(std::string_view("abc"))),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  Sha256Hasher h;
  h.Update(std::string_view("a"));
  h.Update(std::string_view("bc"));
  EXPECT_EQ(h.Finish(), Sha256(std::string_view("abc")));
}

TEST(Ed25519, Rfc8032TestVector1) {
  auto seed = HexDecode("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60");
  auto key = SigningKey::FromSeed(seed.value());
  ASSERT_TRUE(key.ok());
  EXPECT_EQ(HexEncode(key->public_key()),
            "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a");
  Signature sig = key->Sign(ByteView{});
  EXPECT_EQ(HexEncode(sig),
            "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e06522490155"
            "5fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b");
  EXPECT_TRUE(VerifyEd25519(key->public_key(), ByteView{}, sig));
  sig[0] ^= 1;
  EXPECT_FALSE(VerifyEd25519(key->public_key(), ByteView{}, sig));
}

TEST(Ed25519, PemRoundTripsAndVerifies) {
  SigningKey key = SigningKey::Generate();
  auto again = SigningKey::FromPem(key.ToPem());
  ASSERT_TRUE(again.ok()) << again.status().ToString();
  EXPECT_EQ(again->public_key(), key.public_key());
  auto pub = PublicKeyFromPem(PublicKeyToPem(key.public_key()));
  ASSERT_TRUE(pub.ok());
  EXPECT_EQ(*pub, key.public_key());
  Signature sig = key.Sign(std::string_view("appointment"));
  EXPECT_TRUE(VerifyEd25519(*pub, AsBytes("appointment"), sig));
  EXPECT_FALSE(VerifyEd25519(*pub, AsBytes("appointmenT"), sig));
  EXPECT_FALSE(SigningKey::FromPem("not a key").ok());
  EXPECT_FALSE(PublicKeyFromPem(key.ToPem()).ok());
}

}  // namespace
}  // namespace ledger
