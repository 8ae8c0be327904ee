// Offline checks: checkpoints, JSON inclusion and consistency proofs (ours and
// the independent implementation's examples), tlog-proof bundles, and
// forged proofs that must be rejected.
#include "verifier/offline.h"

#include <gtest/gtest.h>

#include <sstream>

#include "verifier_fixture.h"
#include "verify_cli.h"

namespace ledger::testing {
namespace {

using verify::Outcome;

std::string Example(const std::string& name) {
  return ReadAll(std::string(LEDGER_TESTDATA) + "/format-examples/" + name);
}

note::VerifierKey ExampleKey() {
  std::string text = Example("vkey.txt");
  return *note::VerifierKey::Parse(text.substr(0, text.find('\n')));
}

TEST(Offline, IndependentImplementationExamplesVerify) {
  auto inclusion = ParseInclusionJson(Example("inclusion-07-04.json"));
  ASSERT_TRUE(inclusion.ok()) << inclusion.status().ToString();
  auto v = verify::CheckInclusion(*inclusion, ExampleKey(), std::nullopt);
  EXPECT_TRUE(v.ok()) << v.ToText();

  auto consistency = ParseConsistencyJson(Example("consistency-03-07.json"));
  ASSERT_TRUE(consistency.ok());
  auto c = verify::CheckConsistency(
      *consistency, {Example("checkpoint-07.txt"), Example("checkpoint-03.txt")}, ExampleKey());
  EXPECT_TRUE(c.ok()) << c.ToText();
  EXPECT_TRUE(verify::CheckCheckpoint(Example("checkpoint-00.txt"), ExampleKey()).ok());
}

TEST(Offline, ForgedConsistencyProofIsRejected) {
  auto p = ParseConsistencyJson(Example("consistency-03-07.json"));
  ASSERT_TRUE(p.ok());
  p->hashes[1][0] ^= 0x01;
  auto v = verify::CheckConsistency(
      *p, {Example("checkpoint-03.txt"), Example("checkpoint-07.txt")}, ExampleKey());
  EXPECT_EQ(v.outcome, Outcome::kRejected) << v.ToText();
  p->hashes[1][0] ^= 0x01;
  p->hashes.pop_back();  // wrong length
  v = verify::CheckConsistency(*p, {Example("checkpoint-03.txt"), Example("checkpoint-07.txt")},
                               ExampleKey());
  EXPECT_EQ(v.outcome, Outcome::kRejected) << v.ToText();
  // Without the checkpoints there is nothing to check against.
  v = verify::CheckConsistency(*p, {Example("checkpoint-07.txt")}, ExampleKey());
  EXPECT_EQ(v.outcome, Outcome::kUnusable) << v.ToText();
}

TEST(Offline, TamperedProofsAreRejected) {
  auto p = ParseInclusionJson(Example("inclusion-07-04.json"));
  ASSERT_TRUE(p.ok());
  auto wrong_index = *p;
  wrong_index.index = 3;
  EXPECT_EQ(verify::CheckInclusion(wrong_index, ExampleKey(), std::nullopt).outcome,
            Outcome::kRejected);
  auto wrong_leaf = *p;
  (*wrong_leaf.leaf)[0] ^= 0x01;
  EXPECT_EQ(verify::CheckInclusion(wrong_leaf, ExampleKey(), std::nullopt).outcome,
            Outcome::kRejected);
  auto other_key =
      note::VerifierKey::ForKey(ExampleKey().name, SigningKey::Generate().public_key());
  EXPECT_EQ(verify::CheckInclusion(*p, other_key, std::nullopt).outcome, Outcome::kRejected);
  EXPECT_FALSE(ParseInclusionJson(R"({"index":1})").ok());
}

TEST(Offline, TlogProofTiedToAnOlderKeptCheckpoint) {
  AuditLedger l;
  auto seqs = l.Build(16);
  const uint64_t n = l.ledger().Size(), old_size = 9;
  auto kept = l.ledger().Checkpoint(old_size);
  auto inc = l.ledger().ProveInclusion(seqs[12], n);
  auto cons = l.ledger().ProveConsistency(old_size, n);
  ASSERT_TRUE(inc.ok() && cons.ok() && kept.ok());
  TlogProof bundle{inc->leaf, inc->index, inc->hashes, inc->checkpoint};
  auto parsed = ParseTlogProof(TlogProofText(bundle));
  ASSERT_TRUE(parsed.ok()) << parsed.status().ToString();
  EXPECT_EQ(parsed->index, seqs[12]);

  boost::json::object cj;
  cj["old_size"] = old_size;
  cj["new_size"] = n;
  boost::json::array hashes;
  for (const Hash& h : *cons) hashes.emplace_back(Base64Encode(h));
  cj["hashes"] = hashes;
  verify::KeptCheckpoint link{*kept, "kept.txt", boost::json::serialize(cj)};
  auto v = verify::CheckTlogProof(*parsed, l.log_key(), link);
  EXPECT_TRUE(v.ok()) << v.ToText();
  EXPECT_NE(v.ToText().find("nothing before your kept checkpoint changed"), std::string::npos);

  // Without the consistency proof the link cannot be made; with a forged one it fails.
  link.consistency.reset();
  EXPECT_EQ(verify::CheckTlogProof(*parsed, l.log_key(), link).outcome, Outcome::kUnusable);
  hashes[0] = Base64Encode(Sha256(std::string_view("forged")));
  cj["hashes"] = hashes;
  link.consistency = boost::json::serialize(cj);
  EXPECT_EQ(verify::CheckTlogProof(*parsed, l.log_key(), link).outcome, Outcome::kRejected);
}

TEST(Offline, SameSizeKeptCheckpointWithAnotherRootIsEquivocation) {
  AuditLedger l;
  auto seqs = l.Build(8);
  auto inc = l.ledger().ProveInclusion(seqs[1], l.ledger().Size());
  ASSERT_TRUE(inc.ok());
  // A checkpoint for the same size and another root, signed with the log key.
  l.Close();
  auto key = SigningKey::FromPem(ReadAll(layout::PathIn(l.Dir(), layout::kLogKeyFile)));
  ASSERT_TRUE(key.ok());
  auto other = note::SignCheckpoint({kOrigin, inc->tree_size, Sha256(std::string_view("x"))}, *key);
  TlogProof bundle{inc->leaf, inc->index, inc->hashes, inc->checkpoint};
  auto v = verify::CheckTlogProof(bundle, l.log_key(), verify::KeptCheckpoint{*other, "other"});
  EXPECT_EQ(v.outcome, Outcome::kRejected);
  EXPECT_NE(v.reason.find("two different trees"), std::string::npos) << v.reason;
}

TEST(Offline, CliConsistencyModeRejectsAForgedProof) {
  TempDir dir;
  const std::string d = std::string(LEDGER_TESTDATA) + "/format-examples/";
  std::string forged = Example("consistency-03-07.json");
  size_t at = forged.find("h64Cvon");
  ASSERT_NE(at, std::string::npos);
  forged[at] = 'H';
  WriteAll(dir.Sub("forged.json"), forged);
  std::ostringstream out, err;
  auto run = [&](const std::string& proof) {
    return verify::RunVerifyCli({"consistency", proof, "--log-key", d + "vkey.txt", "--checkpoint",
                                 d + "checkpoint-03.txt", "--checkpoint", d + "checkpoint-07.txt"},
                                {out, err});
  };
  EXPECT_EQ(run(d + "consistency-03-07.json"), 0) << out.str() << err.str();
  EXPECT_EQ(run(dir.Sub("forged.json")), 1) << out.str() << err.str();
  EXPECT_EQ(run(dir.Sub("missing.json")), 2);
}

}  // namespace
}  // namespace ledger::testing
