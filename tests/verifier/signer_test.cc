// The signer part of inclusion proofs (FORMAT.md 7.3): it round-trips in both
// formats, names the department from signed data only, follows key
// rotations, and every way it can fail to hold is a named rejection.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "verifier/offline.h"
#include "verifier_fixture.h"

namespace ledger::testing {
namespace {

using verify::Outcome;
using verify::Verdict;

// The seq of the first renaming by key A (hr-a, registered at seq 1).
struct SignerFixture : ::testing::Test {
  void SetUp() override {
    seqs = l.Build(8);
    n = l.ledger().Size();
  }
  InclusionProof WithSigner(uint64_t seq, uint64_t size) {
    auto p = l.ledger().ProveInclusion(seq, size);
    EXPECT_TRUE(p.ok()) << p.status().ToString();
    auto s = l.ledger().ProveSigner(seq, size);
    EXPECT_TRUE(s.ok()) << s.status().ToString();
    p->signer = *s;
    return *p;
  }
  static std::string Problem(const Verdict& v) {
    const auto* s = v.json.if_contains("signer");
    if (!s || !s->is_object() || !s->as_object().contains("problem")) return "";
    return std::string(s->as_object().at("problem").as_string());
  }
  static bool HasFact(const Verdict& v, const std::string& text) {
    for (const auto& f : v.facts) {
      if (f.find(text) != std::string::npos) return true;
    }
    return false;
  }

  AuditLedger l;
  std::vector<uint64_t> seqs;
  uint64_t n = 0;
};

TEST_F(SignerFixture, BundlesRoundTripWithAndWithoutTheSignerPart) {
  InclusionProof p = WithSigner(seqs[0], n);
  ASSERT_EQ(p.signer->chain.size(), 1u);
  EXPECT_EQ(p.signer->chain[0].index, 1u);  // hr-a's key.register
  EXPECT_EQ(p.signer->tree_size, n);

  auto bundle = ParseTlogProof(TlogProofText(TlogProofOf(p)));
  ASSERT_TRUE(bundle.ok()) << bundle.status().ToString();
  EXPECT_EQ(bundle->extra, p.leaf);
  EXPECT_EQ(bundle->signer, p.signer);
  auto json = ParseInclusionJson(boost::json::serialize(InclusionToJson(p)));
  ASSERT_TRUE(json.ok()) << json.status().ToString();
  EXPECT_EQ(json->signer, p.signer);

  // Without it, the extra data is the record alone, as before.
  p.signer.reset();
  std::string text = TlogProofText(TlogProofOf(p));
  EXPECT_EQ(text.substr(0, 29), "c2sp.org/tlog-proof@v1\nextra ");
  EXPECT_EQ(text.substr(29, text.find('\n', 29) - 29), Base64Encode(*p.leaf));
  auto plain = ParseTlogProof(text);
  ASSERT_TRUE(plain.ok());
  EXPECT_FALSE(plain->signer.has_value());
  EXPECT_FALSE(InclusionToJson(p).contains("signer"));

  // A container that does not decode exactly is refused by the parser.
  Bytes extra = EncodeTlogExtra(*p.leaf, WithSigner(seqs[0], n).signer);
  extra.push_back(0);
  EXPECT_FALSE(DecodeTlogExtra(extra).ok());
}

TEST_F(SignerFixture, NamesTheDepartmentFromSignedData) {
  auto v = verify::CheckTlogProof(TlogProofOf(WithSigner(seqs[1], n)), l.log_key(), std::nullopt);
  ASSERT_TRUE(v.ok()) << v.ToText();
  EXPECT_TRUE(HasFact(v,
                      "signed by hr-b (authority for mn.a), registered at seq 2; revocation "
                      "not checked: needs the records since seq 2 or the key-registry view "
                      "digest"))
      << v.ToText();
  const auto& s = v.json.at("signer").as_object();
  EXPECT_EQ(s.at("name").as_string(), "hr-b");
  EXPECT_EQ(s.at("registered_seq").as_uint64(), 2u);
  EXPECT_FALSE(s.at("revocation_checked").as_bool());

  // The root key's records are named by the genesis record.
  auto root = verify::CheckInclusion(WithSigner(1, n), l.log_key(), std::nullopt);
  ASSERT_TRUE(root.ok()) << root.ToText();
  EXPECT_TRUE(HasFact(root, "(root), registered at seq 0")) << root.ToText();
  EXPECT_TRUE(HasFact(root, "the genesis record registers the root key and is signed by it"));

  auto bare = l.ledger().ProveInclusion(seqs[1], n);
  auto plain = verify::CheckInclusion(*bare, l.log_key(), std::nullopt);
  ASSERT_TRUE(plain.ok());
  EXPECT_TRUE(HasFact(plain, "signer identity not carried")) << plain.ToText();
}

TEST_F(SignerFixture, AnotherKeysRegistrationIsRejected) {
  InclusionProof p = WithSigner(seqs[0], n);       // signed by A
  p.signer = *l.ledger().ProveSigner(seqs[1], n);  // B's registration
  auto v = verify::CheckInclusion(p, l.log_key(), std::nullopt);
  EXPECT_EQ(v.outcome, Outcome::kRejected);
  EXPECT_EQ(Problem(v), "wrong_key") << v.ToText();
  EXPECT_NE(v.reason.find("not ed25519:" + KeyFingerprint(l.a.public_key())), std::string::npos)
      << v.reason;
}

TEST_F(SignerFixture, ATamperedRegistrationFailsItsInclusion) {
  InclusionProof p = WithSigner(seqs[0], n);
  p.signer->chain[0].leaf[60] ^= 0x01;
  auto v = verify::CheckTlogProof(*ParseTlogProof(TlogProofText(TlogProofOf(p))), l.log_key(),
                                  std::nullopt);
  EXPECT_EQ(v.outcome, Outcome::kRejected);
  EXPECT_EQ(Problem(v), "inclusion") << v.ToText();
}

TEST_F(SignerFixture, ASignerPartForAnotherTreeSizeIsRejected) {
  InclusionProof p = WithSigner(seqs[0], n);
  p.signer = *l.ledger().ProveSigner(seqs[0], n - 1);
  auto v = verify::CheckInclusion(p, l.log_key(), std::nullopt);
  EXPECT_EQ(v.outcome, Outcome::kRejected);
  EXPECT_EQ(Problem(v), "tree_size") << v.ToText();
  // The same proofs relabelled with the right size still do not lead to the root.
  p.signer->tree_size = n;
  v = verify::CheckInclusion(p, l.log_key(), std::nullopt);
  EXPECT_EQ(Problem(v), "inclusion") << v.ToText();
}

TEST_F(SignerFixture, RotatedKeysAreFollowedToTheirRegistration) {
  SigningKey a2 = SigningKey::Generate();
  const uint64_t rotated = l.t.MustAppend(
      MakeEvent("key.rotate",
                R"({"old_key":")" + Base64Encode(l.a.public_key()) + R"(","new_key":")" +
                    Base64Encode(a2.public_key()) + R"(","reason":"new card"})",
                l.t.root, "rotate-a"));
  const uint64_t seq = l.t.MustAppend(l.Rename(a2, 900));
  const uint64_t size = l.ledger().Size();
  InclusionProof p = WithSigner(seq, size);
  ASSERT_EQ(p.signer->chain.size(), 2u);
  auto v = verify::CheckInclusion(p, l.log_key(), std::nullopt);
  ASSERT_TRUE(v.ok()) << v.ToText();
  EXPECT_TRUE(HasFact(v, "signed by hr-a (authority for mn.a), registered at seq " +
                             std::to_string(rotated) +
                             " by key.rotate (hr-a was first registered at seq 1)"))
      << v.ToText();

  p.signer->chain.pop_back();  // the rotation alone does not name the key
  v = verify::CheckInclusion(p, l.log_key(), std::nullopt);
  EXPECT_EQ(Problem(v), "incomplete") << v.ToText();
}

TEST_F(SignerFixture, ARecordThatRegistersNoKeyIsRejected) {
  InclusionProof p = WithSigner(seqs[1], n);
  auto other = l.ledger().ProveInclusion(seqs[0], n);  // a renaming, not a registration
  p.signer->chain[0] = {other->index, *other->leaf, other->hashes};
  auto v = verify::CheckInclusion(p, l.log_key(), std::nullopt);
  EXPECT_EQ(v.outcome, Outcome::kRejected);
  EXPECT_EQ(Problem(v), "not_a_registration") << v.ToText();
}

// The kept bundles of tests/testdata/signer (also read by verify.js's test):
// the container's bytes stay readable, and the department is named.
TEST(SignerFixtures, KeptBundlesStillVerify) {
  const std::string dir = std::string(LEDGER_TESTDATA) + "/signer/";
  const std::string vkey_text = ReadAll(dir + "vkey.txt");
  auto vkey = note::VerifierKey::Parse(vkey_text.substr(0, vkey_text.find('\n')));
  ASSERT_TRUE(vkey.ok()) << vkey.status().ToString();
  auto bundle = ParseTlogProof(ReadAll(dir + "record-2.tlog-proof"));
  ASSERT_TRUE(bundle.ok()) << bundle.status().ToString();
  ASSERT_TRUE(bundle->signer.has_value());
  auto v = verify::CheckTlogProof(*bundle, *vkey, std::nullopt);
  ASSERT_TRUE(v.ok()) << v.ToText();
  EXPECT_NE(v.ToText().find("signed by hr-khan-uul (authority for mn.ub.khan-uul), registered at "
                            "seq 1;"),
            std::string::npos)
      << v.ToText();
  // Written again, the bundle is byte for byte the kept one.
  EXPECT_EQ(TlogProofText(*bundle), ReadAll(dir + "record-2.tlog-proof"));

  auto bare = ParseTlogProof(ReadAll(dir + "record-2-bare.tlog-proof"));
  ASSERT_TRUE(bare.ok());
  EXPECT_FALSE(bare->signer.has_value());
  EXPECT_EQ(bare->extra, bundle->extra);
}

}  // namespace
}  // namespace ledger::testing
