// The stored key registry ("keys" database) edited behind the records: the
// audit checks it against the replay without holding it in memory, and must
// still name the record whose entry is wrong, once.
#include <gtest/gtest.h>

#include <algorithm>
#include <functional>

#include "ledger/key_index.h"
#include "ledger/keys.h"
#include "ledger/layout.h"
#include "verifier_fixture.h"

namespace ledger::testing {
namespace {

using verify::kNoSeq;

// The ledger of AuditLedger::Build(8): genesis (0), keys A, B, C (1, 2, 3),
// C revoked (4), then renamings by A (5, 7, 9, 11) and B (6, 8, 10, 12).
// The seq that keys `key`'s row ("keys" rows are keyed by registered_seq).
Result<uint64_t> RowOf(const lmdb::Txn& txn, Dbs& d, const PublicKey& key) {
  layout::KeyIndex index;
  LEDGER_RETURN_IF_ERROR(index.CatchUp(txn, d.keys));
  LEDGER_ASSIGN_OR_RETURN(std::optional<keys::KeyEntry> entry, index.Find(txn, d.keys, key));
  if (!entry) return Status::NotFound("no entry");
  return entry->registered_seq;
}

Status EditEntry(const std::string& dir, const PublicKey& key,
                 const std::function<void(keys::KeyEntry&)>& edit) {
  return WithWriteTxn(dir, [&](lmdb::Txn& txn, Dbs& d) -> Status {
    LEDGER_ASSIGN_OR_RETURN(uint64_t row, RowOf(txn, d, key));
    LEDGER_ASSIGN_OR_RETURN(std::optional<ByteView> bytes, txn.Get(d.keys, layout::KeyRowKey(row)));
    if (!bytes) return Status::NotFound("no entry");
    LEDGER_ASSIGN_OR_RETURN(keys::KeyEntry entry, keys::DecodeKeyEntry(*bytes));
    edit(entry);
    return txn.Put(d.keys, layout::KeyRowKey(row), keys::EncodeKeyEntry(entry));
  });
}

// The first problem is the registry's, at `seq`. When the wrong entry is a
// signer's and would refuse its records (`signed_after`), the first pass
// also reports those records: only them, and only as unauthorised-signer.
void ExpectRegistryProblem(const AuditLedger& l, uint64_t seq,
                           const std::vector<uint64_t>& signed_after = {}) {
  auto r = l.Audit();
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  ASSERT_FALSE(r->ok());
  EXPECT_EQ(r->problem_count, 1u + signed_after.size()) << Kinds(*r);
  EXPECT_EQ(r->problems[0].kind, "registry") << Kinds(*r);
  EXPECT_EQ(r->problems[0].seq, seq) << Kinds(*r);
  for (uint64_t s : signed_after) EXPECT_TRUE(HasProblem(*r, "unauthorised-signer", s)) << Kinds(*r);
}

TEST(StoredRegistry, ScopeWidenedIsNamedAtTheRegistration) {
  AuditLedger l;
  l.Build(8);
  l.Close();
  ASSERT_TRUE(
      EditEntry(l.Dir(), l.b.public_key(), [](keys::KeyEntry& e) { e.organisations = {"*"}; })
          .ok());
  ExpectRegistryProblem(l, 2);
}

TEST(StoredRegistry, RevocationUndoneIsNamedAtTheRevocation) {
  AuditLedger l;
  l.Build(8);
  l.Close();
  ASSERT_TRUE(EditEntry(l.Dir(), l.c.public_key(), [](keys::KeyEntry& e) {
                e.revoked = false;
                e.revoked_seq = 0;
                e.revoke_reason.clear();
              }).ok());
  ExpectRegistryProblem(l, 4);
}

TEST(StoredRegistry, RevocationNoRecordMadeIsNamedAtTheSeqItClaims) {
  AuditLedger l;
  l.Build(8);
  l.Close();
  // B still signs 8, 10 and 12: those records are right, the entry is not.
  ASSERT_TRUE(EditEntry(l.Dir(), l.b.public_key(), [](keys::KeyEntry& e) {
                e.revoked = true;
                e.revoked_seq = 7;
                e.revoke_reason = "left";
              }).ok());
  ExpectRegistryProblem(l, 7);
}

TEST(StoredRegistry, DeletedEntryIsNamedAtTheRegistration) {
  AuditLedger l;
  l.Build(8);
  l.Close();
  ASSERT_TRUE(WithWriteTxn(l.Dir(), [&](lmdb::Txn& txn, Dbs& d) {
                return txn.Delete(d.keys, layout::KeyRowKey(1));
              }).ok());
  ExpectRegistryProblem(l, 1, {5, 7, 9, 11});
}

TEST(StoredRegistry, EntryNoRecordRegisteredIsCaught) {
  AuditLedger l;
  l.Build(8);
  l.Close();
  keys::KeyEntry extra{SigningKey::Generate().public_key(), "hr-x", keys::Role::kAdmin, {"*"}, 9};
  ASSERT_TRUE(WithWriteTxn(l.Dir(), [&](lmdb::Txn& txn, Dbs& d) {
                return txn.Put(d.keys, layout::KeyRowKey(extra.registered_seq),
                               keys::EncodeKeyEntry(extra));
              }).ok());
  ExpectRegistryProblem(l, kNoSeq);
}

TEST(StoredRegistry, RowKeyedByAnotherSeqIsCaught) {
  AuditLedger l;
  l.Build(8);
  l.Close();
  // B's entry, unchanged, moved from the row of seq 2 to that of seq 13.
  ASSERT_TRUE(WithWriteTxn(l.Dir(), [&](lmdb::Txn& txn, Dbs& d) -> Status {
                LEDGER_ASSIGN_OR_RETURN(std::optional<ByteView> row,
                                        txn.Get(d.keys, layout::KeyRowKey(2)));
                if (!row) return Status::NotFound("no row 2");
                const Bytes entry(row->begin(), row->end());
                LEDGER_RETURN_IF_ERROR(txn.Delete(d.keys, layout::KeyRowKey(2)));
                return txn.Put(d.keys, layout::KeyRowKey(13), entry);
              }).ok());
  auto r = l.Audit();
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_TRUE(HasProblem(*r, "registry", kNoSeq)) << Kinds(*r);
}

TEST(StoredRegistry, FlippedByteInTheRawFile) {
  AuditLedger l;
  l.Build(8);
  auto entry = l.ledger().Keys();
  l.Close();
  ASSERT_TRUE(entry.ok()) << entry.status().ToString();
  keys::KeyEntry b;
  for (const auto& e : *entry) {
    if (e.key == l.b.public_key()) b = e;
  }
  // The last byte of B's organisation id ("mn.a" -> "mn.`").
  Bytes encoded = keys::EncodeKeyEntry(b);
  const std::string_view org = "mn.a";
  auto at = std::search(encoded.begin(), encoded.end(), org.begin(), org.end());
  ASSERT_NE(at, encoded.end());
  ASSERT_GE(FlipByteInFile(layout::PathIn(l.Dir(), layout::kDataFile), encoded,
                           static_cast<size_t>(at - encoded.begin()) + org.size() - 1),
            1);
  ExpectRegistryProblem(l, 2, {6, 8, 10, 12});  // B's scope no longer covers mn.a
}

}  // namespace
}  // namespace ledger::testing
