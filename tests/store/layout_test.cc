// Storage layout 2 (docs/FORMAT.md, "Storage layout"): the layout version in
// "meta" and the refusal of older ledgers, the key registry's rows keyed by
// registered_seq with its in-memory index, and the idempotency index keyed by
// signer || client_id.
#include <gtest/gtest.h>

#include "ledger/key_index.h"
#include "util/test_ledger.h"

namespace ledger::testing {
namespace {

Status SetMetaLayout(const std::string& dir, std::optional<std::string> value) {
  return WithWriteTxn(dir, [&](lmdb::Txn& txn, Dbs& d) -> Status {
    if (!value) return txn.Delete(d.meta, AsBytes(layout::kMetaLayout));
    return txn.Put(d.meta, AsBytes(layout::kMetaLayout), AsBytes(*value));
  });
}

std::optional<std::string> MetaLayout(const Ledger& l) {
  std::optional<std::string> out;
  EXPECT_TRUE(l.WithRead([&](const lmdb::Txn& t) -> Status {
                 LEDGER_ASSIGN_OR_RETURN(Dbs d, layout::OpenDatabases(const_cast<lmdb::Txn&>(t),
                                                                      /*create=*/false));
                 LEDGER_ASSIGN_OR_RETURN(std::optional<ByteView> v,
                                         t.Get(d.meta, AsBytes(layout::kMetaLayout)));
                 if (v) out = std::string(AsChars(*v));
                 return Status::Ok();
               }).ok());
  return out;
}

TEST(StorageLayout, ANewLedgerRecordsItsLayout) {
  TestLedger t;
  EXPECT_EQ(MetaLayout(*t.ledger), std::to_string(layout::kLayoutVersion));
}

void ExpectOldLayoutRefused(TestLedger& t, const std::string& found) {
  for (bool read_only : {false, true}) {
    LedgerOptions o = t.Options();
    o.read_only = read_only;
    auto l = Ledger::Open(t.Dir(), o);
    ASSERT_FALSE(l.ok()) << "read_only " << read_only;
    EXPECT_EQ(l.status().code(), Code::kFailedPrecondition);
    const std::string& m = l.status().message();
    EXPECT_NE(m.find("old-layout: " + t.Dir() + " is stored in layout " + found), std::string::npos)
        << m;
    EXPECT_NE(m.find("ledger demo --fresh"), std::string::npos) << m;
  }
}

TEST(StorageLayout, ALedgerWithoutALayoutIsRefusedAsLayout1) {
  TestLedger t;
  AppendKeyRegistrations(*t.ledger, t.root, 3, "old");
  t.ledger.reset();
  ASSERT_TRUE(SetMetaLayout(t.Dir(), std::nullopt).ok());
  ExpectOldLayoutRefused(t, "1");
}

TEST(StorageLayout, AnotherLayoutNumberIsRefused) {
  TestLedger t;
  t.ledger.reset();
  ASSERT_TRUE(SetMetaLayout(t.Dir(), "7").ok());
  ExpectOldLayoutRefused(t, "7");
}

TEST(StorageLayout, KeyRowsAreKeyedByTheirRegistrationSeq) {
  TestLedger t;
  SigningKey a = SigningKey::Generate(), b = SigningKey::Generate();
  t.MustAppend(RegisterKey(t.root, a.public_key(), "hr-a", "admin", R"(["*"])", "a"));
  t.MustAppend(RegisterKey(t.root, b.public_key(), "hr-b", "authority", R"(["mn.a"])", "b"));
  const std::string dump = DumpDatabases(*t.ledger, {layout::kKeysDb});
  auto rows = t.ledger->Keys();
  ASSERT_TRUE(rows.ok());
  ASSERT_EQ(rows->size(), 3u);
  uint64_t seq = 0;
  for (const keys::KeyEntry& e : *rows) EXPECT_EQ(e.registered_seq, seq++);
  // Row keys: 00..00, 00..01, 00..02 (hex, in the dump's order).
  for (uint64_t s : {0, 1, 2}) {
    const auto k = layout::KeyRowKey(s);
    std::string hex;
    for (uint8_t c : k) hex += "0123456789abcdef"[c >> 4], hex += "0123456789abcdef"[c & 15];
    EXPECT_NE(dump.find(hex), std::string::npos) << dump;
  }
}

// A key registered earlier in the same batch signs a later event of it: the
// batch's own rows are found before they are committed, and nothing of a
// rejected submission's registration remains.
TEST(StorageLayout, AKeyRegisteredInABatchSignsLaterInIt) {
  TestLedger t;
  SigningKey a = SigningKey::Generate(), b = SigningKey::Generate(), c = SigningKey::Generate();
  std::vector<Submission> batch = {
      RegisterKey(t.root, a.public_key(), "hr-a", "admin", R"(["*"])", "a"),
      RegisterKey(a, b.public_key(), "hr-b", "authority", R"(["mn.a"])", "b"),
      // Rejected: an authority may not register keys; c must not exist after.
      RegisterKey(b, c.public_key(), "hr-c", "authority", R"(["mn.a"])", "c"),
      RegisterKey(c, SigningKey::Generate().public_key(), "hr-d", "authority", R"(["mn.a"])", "d"),
  };
  auto out = t.ledger->AppendBatch(batch);
  ASSERT_EQ(out.size(), 4u);
  EXPECT_TRUE(out[0].status.ok()) << out[0].status.ToString();
  EXPECT_TRUE(out[1].status.ok()) << out[1].status.ToString();
  EXPECT_EQ(out[2].status.code(), Code::kPermissionDenied);
  EXPECT_EQ(out[3].status.code(), Code::kPermissionDenied) << out[3].status.ToString();
  EXPECT_NE(out[3].status.message().find("is not registered"), std::string::npos);
  // After a reopen (the index rebuilt from the rows), b still signs and c does not exist.
  t.Reopen();
  SigningKey e = SigningKey::Generate();
  EXPECT_EQ(t.MustAppend(RegisterKey(a, e.public_key(), "hr-e", "authority", R"(["mn.a"])", "e")),
            3u);
  auto signer = t.ledger->ProveSigner(2, t.ledger->Size());
  ASSERT_TRUE(signer.ok()) << signer.status().ToString();
  ASSERT_EQ(signer->chain.size(), 1u);
  EXPECT_EQ(signer->chain[0].index, 1u);  // a's registration
}

// Replays are found by signer || client_id; the same client id under another
// signer is another submission.
TEST(StorageLayout, ClientIdsAreScopedBySigner) {
  TestLedger t;
  SigningKey a = SigningKey::Generate();
  t.MustAppend(RegisterKey(t.root, a.public_key(), "hr-a", "admin", R"(["*"])", "same"));
  const Submission by_a =
      RegisterKey(a, SigningKey::Generate().public_key(), "hr-x", "authority", R"(["mn.a"])", "same");
  const uint64_t seq = t.MustAppend(by_a);
  auto again = t.ledger->AppendBatch(std::span(&by_a, 1));
  ASSERT_TRUE(again[0].status.ok());
  EXPECT_TRUE(again[0].duplicate);
  EXPECT_EQ(again[0].seq, seq);
  const Submission other = RegisterKey(a, SigningKey::Generate().public_key(), "hr-y",
                                       "authority", R"(["mn.a"])", "same");
  auto clash = t.ledger->AppendBatch(std::span(&other, 1));
  EXPECT_EQ(clash[0].status.code(), Code::kAlreadyExists) << clash[0].status.ToString();
  const Submission too_long = RegisterKey(a, SigningKey::Generate().public_key(), "hr-z",
                                          "authority", R"(["mn.a"])", std::string(129, 'x'));
  auto refused = t.ledger->AppendBatch(std::span(&too_long, 1));
  EXPECT_EQ(refused[0].status.code(), Code::kInvalidArgument) << refused[0].status.ToString();
}

PublicKey KeyWithPrefix(uint64_t prefix, uint8_t rest) {
  PublicKey k{};
  for (int i = 0; i < 8; ++i) k[i] = static_cast<uint8_t>(prefix >> (56 - 8 * i));
  for (size_t i = 8; i < k.size(); ++i) k[i] = rest;
  return k;
}

TEST(KeyIndex, CandidatesSurviveGrowthAndCollisions) {
  layout::KeyIndex index;
  // Keys sharing their first 8 bytes share a slot tag: both are candidates.
  const PublicKey twin1 = KeyWithPrefix(0x0123456789abcdefULL, 1);
  const PublicKey twin2 = KeyWithPrefix(0x0123456789abcdefULL, 2);
  ASSERT_TRUE(index.Add(twin1, 5).ok());
  ASSERT_TRUE(index.Add(twin2, 9).ok());
  for (uint64_t i = 0; i < 5000; ++i) {
    ASSERT_TRUE(index.Add(KeyWithPrefix(i * 0x9e3779b97f4a7c15ULL, 0), 100 + i).ok());
  }
  EXPECT_EQ(index.size(), 5002u);
  EXPECT_EQ(index.Candidates(twin1), (std::vector<uint64_t>{5, 9}));
  for (uint64_t i = 0; i < 5000; i += 499) {
    auto c = index.Candidates(KeyWithPrefix(i * 0x9e3779b97f4a7c15ULL, 0));
    EXPECT_NE(std::find(c.begin(), c.end(), 100 + i), c.end()) << i;
  }
  EXPECT_TRUE(index.Candidates(KeyWithPrefix(0xfedcba9876543210ULL, 0)).empty());
  EXPECT_EQ(index.Add(twin1, uint64_t{1} << 40).code(), Code::kResourceExhausted);
}

}  // namespace
}  // namespace ledger::testing
