// Tests for C2SP tlog-cosignature/v1: cosignatures made by the code under test
// are checked by an independent implementation written from the spec with
// raw OpenSSL EVP calls (and the other way round), plus key forms and tampering.
#include "ledger/cosignature.h"

#include <gtest/gtest.h>
#include <openssl/evp.h>

#include <memory>

namespace ledger::cosig {
namespace {

// ---- Independent implementation, from c2sp.org/tlog-cosignature only ----
struct Independent {
  using Pkey = std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)>;
  using Ctx = std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)>;

  static std::string B64(const std::string& raw) {
    std::string out(4 * ((raw.size() + 2) / 3) + 1, '\0');
    int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                            reinterpret_cast<const unsigned char*>(raw.data()), int(raw.size()));
    out.resize(size_t(n));
    return out;
  }
  static std::string Unb64(const std::string& text) {
    std::string out(text.size(), '\0');
    int n = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                            reinterpret_cast<const unsigned char*>(text.data()), int(text.size()));
    size_t pad = text.size() >= 2 && text.substr(text.size() - 2) == "==" ? 2
                 : !text.empty() && text.back() == '=' ? 1 : 0;
    out.resize(size_t(n) - pad);
    return out;
  }
  // SHA-256(name || "\n" || 0x04 || pk)[:4]
  static std::string KeyId(const std::string& name, const std::string& pk) {
    std::string in = name + "\n" + std::string(1, '\x04') + pk;
    unsigned char md[32];
    unsigned int len = 0;
    EVP_Digest(in.data(), in.size(), md, &len, EVP_sha256(), nullptr);
    return std::string(reinterpret_cast<char*>(md), 4);
  }
  static std::string Message(uint64_t t, const std::string& body) {
    return "cosignature/v1\ntime " + std::to_string(t) + "\n" + body;
  }
  static std::string Be64(uint64_t t) {
    std::string s(8, '\0');
    for (int i = 7; i >= 0; --i, t >>= 8) s[size_t(i)] = char(t & 0xff);
    return s;
  }
  // Returns the signature line for a private key seed.
  static std::string Sign(const std::string& seed, const std::string& name, uint64_t t,
                          const std::string& body, std::string* pk_out) {
    Pkey k(EVP_PKEY_new_raw_private_key(EVP_PKEY_ED25519, nullptr,
                                        reinterpret_cast<const unsigned char*>(seed.data()), 32),
           EVP_PKEY_free);
    std::string pk(32, '\0');
    size_t pklen = 32;
    EVP_PKEY_get_raw_public_key(k.get(), reinterpret_cast<unsigned char*>(pk.data()), &pklen);
    Ctx ctx(EVP_MD_CTX_new(), EVP_MD_CTX_free);
    EVP_DigestSignInit(ctx.get(), nullptr, nullptr, nullptr, k.get());
    std::string msg = Message(t, body), sig(64, '\0');
    size_t siglen = 64;
    EVP_DigestSign(ctx.get(), reinterpret_cast<unsigned char*>(sig.data()), &siglen,
                   reinterpret_cast<const unsigned char*>(msg.data()), msg.size());
    *pk_out = pk;
    return "\xE2\x80\x94 " + name + " " + B64(KeyId(name, pk) + Be64(t) + sig) + "\n";
  }
  // Verifies one signature line; returns the timestamp or -1.
  static int64_t Verify(const std::string& line, const std::string& name, const std::string& pk,
                        const std::string& body) {
    const std::string prefix = "\xE2\x80\x94 " + name + " ";
    if (line.rfind(prefix, 0) != 0 || line.back() != '\n') return -1;
    std::string blob = Unb64(line.substr(prefix.size(), line.size() - prefix.size() - 1));
    if (blob.size() != 4 + 8 + 64 || blob.substr(0, 4) != KeyId(name, pk)) return -1;
    uint64_t t = 0;
    for (size_t i = 4; i < 12; ++i) t = (t << 8) | uint8_t(blob[i]);
    Pkey k(EVP_PKEY_new_raw_public_key(EVP_PKEY_ED25519, nullptr,
                                       reinterpret_cast<const unsigned char*>(pk.data()), 32),
           EVP_PKEY_free);
    Ctx ctx(EVP_MD_CTX_new(), EVP_MD_CTX_free);
    EVP_DigestVerifyInit(ctx.get(), nullptr, nullptr, nullptr, k.get());
    std::string msg = Message(t, body);
    int ok = EVP_DigestVerify(ctx.get(), reinterpret_cast<const unsigned char*>(blob.data() + 12),
                              64, reinterpret_cast<const unsigned char*>(msg.data()), msg.size());
    return ok == 1 ? int64_t(t) : -1;
  }
};

constexpr char kBody[] =
    "example.com/behind-the-sofa\n20852163\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n";

std::string PkString(const PublicKey& k) { return std::string(k.begin(), k.end()); }

TEST(Cosignature, SignedMessageIsExactlyTheSpecs) {
  EXPECT_EQ(SignedMessage(kBody, 1679315147),
            std::string("cosignature/v1\ntime 1679315147\n") + kBody);
}

TEST(Cosignature, OursVerifiedByIndependentImplementation) {
  SigningKey key = SigningKey::Generate();
  auto line = SignatureLine(kBody, 1679315147, "witness.example.com/w1", key);
  ASSERT_TRUE(line.ok()) << line.status().ToString();
  EXPECT_EQ(Independent::Verify(*line, "witness.example.com/w1", PkString(key.public_key()), kBody),
            1679315147);
  // Another body, time or name does not verify.
  EXPECT_EQ(Independent::Verify(*line, "witness.example.com/w1", PkString(key.public_key()),
                                std::string(kBody) + "ext\n"),
            -1);
  EXPECT_EQ(Independent::Verify(*line, "witness.example.com/w2", PkString(key.public_key()), kBody),
            -1);
}

TEST(Cosignature, IndependentVerifiedByOurs) {
  std::string seed(32, '\x07'), pk;
  std::string line = Independent::Sign(seed, "w.example/a", 1700000000, kBody, &pk);
  PublicKey key;
  std::copy(pk.begin(), pk.end(), key.begin());
  note::SignedNote n{kBody, {}};
  auto parsed = note::Parse(std::string(kBody) + "\n" + line);
  ASSERT_TRUE(parsed.ok()) << parsed.status().ToString();
  auto v = Verify(*parsed, CosignerKey::ForKey("w.example/a", key));
  ASSERT_TRUE(v.ok()) << v.status().ToString();
  EXPECT_EQ(v->timestamp, 1700000000u);
  // Our signer produces the same bytes (Ed25519 is deterministic).
  auto ours = SignatureLine(kBody, 1700000000, "w.example/a",
                            SigningKey::FromSeed(AsBytes(seed)).value());
  ASSERT_TRUE(ours.ok());
  EXPECT_EQ(*ours, line);
}

TEST(Cosignature, TamperedAndMissing) {
  SigningKey key = SigningKey::Generate(), other = SigningKey::Generate();
  std::string line = SignatureLine(kBody, 42, "w", key).value();
  auto k = CosignerKey::ForKey("w", key.public_key());
  auto good = note::Parse(std::string(kBody) + "\n" + line).value();
  EXPECT_TRUE(Verify(good, k).ok());
  auto forged = note::Parse(std::string(kBody).replace(0, 7, "EXAMPLE") + "\n" + line).value();
  EXPECT_EQ(Verify(forged, k).status().code(), Code::kDataLoss);
  EXPECT_EQ(Verify(good, CosignerKey::ForKey("w", other.public_key())).status().code(),
            Code::kNotFound);
  // A log signature (key type 0x01) with the same name and key is not a cosignature.
  auto logsigned = note::Parse(note::Sign(kBody, "w", key).value()).value();
  EXPECT_EQ(Verify(logsigned, k).status().code(), Code::kNotFound);
}

TEST(Cosignature, KeyForm) {
  SigningKey key = SigningKey::Generate();
  auto k = CosignerKey::ForKey("witness.example/w1", key.public_key());
  std::string text = k.ToString();
  auto raw = Base64Decode(text.substr(28)).value();  // after "<18-char name>+<8 hex>+"
  EXPECT_EQ(raw[0], 0x04);
  EXPECT_EQ(text.substr(0, text.find('+')), "witness.example/w1");
  const std::string id = Independent::KeyId("witness.example/w1", PkString(key.public_key()));
  EXPECT_EQ(HexDecode(text.substr(19, 8)).value(), Bytes(id.begin(), id.end()));
  auto back = CosignerKey::Parse(text);
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  EXPECT_EQ(back->key, key.public_key());
  // A log verifier key (type 0x01) is refused, and vice versa.
  auto logkey = note::VerifierKey::ForKey("witness.example/w1", key.public_key()).ToString();
  EXPECT_FALSE(CosignerKey::Parse(logkey).ok());
  EXPECT_FALSE(note::VerifierKey::Parse(text).ok());
  std::string badid = text;
  badid[19] = badid[19] == '0' ? '1' : '0';
  EXPECT_FALSE(CosignerKey::Parse(badid).ok());
}

TEST(Cosignature, AddSignatureLinesDeduplicates) {
  SigningKey log = SigningKey::Generate(), w = SigningKey::Generate();
  std::string note = note::Sign(kBody, "example.com/behind-the-sofa", log).value();
  std::string line = SignatureLine(kBody, 5, "w", w).value();
  std::string once = AddSignatureLines(note, line).value();
  EXPECT_EQ(AddSignatureLines(once, line).value(), once);
  EXPECT_EQ(once, note + line);
  EXPECT_FALSE(AddSignatureLines(note, "not a signature line\n").ok());
}

}  // namespace
}  // namespace ledger::cosig
