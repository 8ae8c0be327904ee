// The tamper matrix: each change to a ledger's files must be caught, and the
// report must name the seq and kind of the first thing that differs.
#include <gtest/gtest.h>

#include <filesystem>

#include "verifier_fixture.h"

namespace ledger::testing {
namespace {

namespace fs = std::filesystem;
using verify::kNoSeq;

TEST(Audit, CleanLedgerVerifies) {
  AuditLedger l;
  l.Build(24);
  const uint64_t size = l.ledger().Size();
  l.Close();
  auto r = l.Audit();
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_TRUE(r->ok()) << Kinds(*r);
  EXPECT_EQ(r->records, size);
  EXPECT_EQ(r->signers, 3u);                   // root, A and B (C never signed)
  EXPECT_EQ(r->checkpoints_checked, 5u + 6u);  // genesis, 3 keys, revoke; then 6 batches
  EXPECT_EQ(r->origin, kOrigin);
  EXPECT_NE(r->ToText().find("VERIFIED"), std::string::npos);
}

TEST(Audit, WhileTheServerHoldsTheLedgerOpen) {
  AuditLedger l;
  l.Build(8);
  auto r = l.Audit();  // the store's environment is still open in this process
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_TRUE(r->ok()) << Kinds(*r);
}

TEST(Audit, FlippedByteInTheRawFile) {
  AuditLedger l;
  auto seqs = l.Build(24);
  const uint64_t target = seqs[10];
  auto bytes = l.ledger().RecordBytes(target);
  ASSERT_TRUE(bytes.ok());
  l.Close();
  // The last signature byte: flags (an empty list) take the final 8 bytes.
  ASSERT_GE(FlipByteInFile(layout::PathIn(l.Dir(), layout::kDataFile), *bytes, bytes->size() - 9),
            1);
  auto r = l.Audit();
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  ASSERT_FALSE(r->ok());
  EXPECT_EQ(r->problems[0].seq, target) << Kinds(*r);
  EXPECT_EQ(r->problems[0].kind, "signature") << Kinds(*r);
  EXPECT_TRUE(HasProblem(*r, "merkle-node", target)) << Kinds(*r);
  EXPECT_TRUE(HasProblem(*r, "prev-hash", target + 1)) << Kinds(*r);
  // It names the first stored checkpoint the altered record contradicts.
  EXPECT_NE(r->problems[0].checkpoint.find("stored checkpoint for size"), std::string::npos);
  EXPECT_NE(r->ToText().find("record " + std::to_string(target) + " [signature]"),
            std::string::npos);
}

TEST(Audit, DeletedRecord) {
  AuditLedger l;
  auto seqs = l.Build(24);
  l.Close();
  ASSERT_TRUE(WithWriteTxn(l.Dir(), [&](lmdb::Txn& txn, Dbs& d) {
                return txn.Delete(d.records, lmdb::BigEndian(seqs[5]));
              }).ok());
  auto r = l.Audit();
  ASSERT_TRUE(r.ok());
  ASSERT_FALSE(r->ok());
  EXPECT_EQ(r->problems[0].seq, seqs[5]) << Kinds(*r);
  EXPECT_EQ(r->problems[0].kind, "missing-record") << Kinds(*r);
}

TEST(Audit, TwoRecordsSwapped) {
  AuditLedger l;
  auto seqs = l.Build(24);
  const uint64_t k = seqs[6];
  Bytes first = *l.ledger().RecordBytes(k), second = *l.ledger().RecordBytes(k + 1);
  l.Close();
  ASSERT_TRUE(WithWriteTxn(l.Dir(), [&](lmdb::Txn& txn, Dbs& d) {
                LEDGER_RETURN_IF_ERROR(txn.Put(d.records, lmdb::BigEndian(k), second));
                return txn.Put(d.records, lmdb::BigEndian(k + 1), first);
              }).ok());
  auto r = l.Audit();
  ASSERT_TRUE(r.ok());
  ASSERT_FALSE(r->ok());
  EXPECT_EQ(r->problems[0].seq, k) << Kinds(*r);
  EXPECT_EQ(r->problems[0].kind, "seq") << Kinds(*r);
  EXPECT_TRUE(HasProblem(*r, "seq", k + 1)) << Kinds(*r);
}

TEST(Audit, RecordReplacedByOneValidlySignedByAnotherKey) {
  AuditLedger l;
  auto seqs = l.Build(24);
  const uint64_t k = seqs[8];  // signed by A; B may sign for the same organisation
  auto original = l.ledger().GetRecord(k);
  ASSERT_TRUE(original.ok());
  l.Close();
  Record forged = *original;
  forged.submission = l.Rename(l.b, 999);
  ASSERT_TRUE(WithWriteTxn(l.Dir(), [&](lmdb::Txn& txn, Dbs& d) {
                return txn.Put(d.records, lmdb::BigEndian(k), EncodeRecord(forged));
              }).ok());
  auto r = l.Audit();
  ASSERT_TRUE(r.ok());
  ASSERT_FALSE(r->ok());
  EXPECT_EQ(r->problems[0].seq, k) << Kinds(*r);
  EXPECT_TRUE(HasProblem(*r, "merkle-node", k)) << Kinds(*r);
  EXPECT_TRUE(HasProblem(*r, "dedup", k)) << Kinds(*r);
  EXPECT_FALSE(HasProblem(*r, "signature", k)) << Kinds(*r);
  EXPECT_TRUE(HasProblem(*r, "prev-hash", k + 1)) << Kinds(*r);
}

TEST(Audit, IdempotencyIndexEditedBehindTheRecords) {
  AuditLedger l;
  auto seqs = l.Build(8);
  auto rec = l.ledger().GetRecord(seqs[4]);
  ASSERT_TRUE(rec.ok());
  l.Close();
  Hash extra = Sha256(std::string_view("an entry no record has"));
  ASSERT_TRUE(WithWriteTxn(l.Dir(), [&](lmdb::Txn& txn, Dbs& d) {
                LEDGER_RETURN_IF_ERROR(txn.Delete(d.dedup, DedupKeyOf(rec->submission)));
                return txn.Put(d.dedup, extra, Bytes(40, 0));
              }).ok());
  auto r = l.Audit();
  ASSERT_TRUE(r.ok());
  ASSERT_FALSE(r->ok());
  EXPECT_EQ(r->problem_count, 1u) << Kinds(*r);
  EXPECT_TRUE(HasProblem(*r, "dedup", seqs[4])) << Kinds(*r);

  // Only a surplus entry: no record is wrong, the index as a whole is.
  ASSERT_TRUE(WithWriteTxn(l.Dir(), [&](lmdb::Txn& txn, Dbs& d) {
                Bytes value(40);
                auto be = lmdb::BigEndian(seqs[4]);
                std::copy(be.begin(), be.end(), value.begin());
                Hash digest = SubmissionDigest(rec->submission);
                std::copy(digest.begin(), digest.end(), value.begin() + 8);
                return txn.Put(d.dedup, DedupKeyOf(rec->submission), value);
              }).ok());
  r = l.Audit();
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->problem_count, 1u) << Kinds(*r);
  EXPECT_TRUE(HasProblem(*r, "dedup", kNoSeq)) << Kinds(*r);
}

TEST(Audit, RecordSignedByARevokedKeyEvenWithEverythingElseConsistent) {
  AuditLedger l;
  l.Build(8);
  const uint64_t n = l.ledger().Size();
  l.Close();
  // An insider with the log key adds C's record (C was revoked at seq 4) and
  // re-derives every index and checkpoint: only the registry replay sees it.
  ASSERT_TRUE(InsiderAppend(l.Dir(), l.Rename(l.c, 500, "mn.c"), l.t.clock_us).ok());
  auto r = l.Audit();
  ASSERT_TRUE(r.ok());
  ASSERT_FALSE(r->ok());
  EXPECT_EQ(r->problem_count, 1u) << Kinds(*r);
  EXPECT_EQ(r->problems[0].seq, n) << Kinds(*r);
  EXPECT_EQ(r->problems[0].kind, "unauthorised-signer") << Kinds(*r);
  EXPECT_NE(r->problems[0].what.find("revoked"), std::string::npos) << r->problems[0].what;
}

TEST(Audit, RewrittenAndResignedHistoryIsCaughtOnlyByAKeptCheckpoint) {
  AuditLedger l;
  auto seqs = l.Build(24);
  auto kept = l.ledger().Checkpoint();  // a journalist keeps today's checkpoint
  ASSERT_TRUE(kept.ok());
  l.Close();
  ASSERT_TRUE(InsiderRewrite(l.Dir(), seqs[3], l.Rename(l.a, 777)).ok());

  auto without = l.Audit();
  ASSERT_TRUE(without.ok());
  EXPECT_TRUE(without->ok()) << Kinds(*without);  // consistent with itself

  auto with = l.Audit({*kept});
  ASSERT_TRUE(with.ok());
  ASSERT_FALSE(with->ok());
  EXPECT_EQ(with->problem_count, 1u) << Kinds(*with);
  const auto& p = with->problems[0];
  EXPECT_TRUE(p.kind == "checkpoint-root" || p.kind == "checkpoint-inconsistent") << Kinds(*with);
  EXPECT_NE(p.checkpoint.find("kept checkpoint"), std::string::npos) << p.checkpoint;
}

TEST(Audit, TailTruncated) {
  AuditLedger l;
  l.Build(24);
  const uint64_t n = l.ledger().Size(), keep = n - 6;
  l.Close();
  ASSERT_TRUE(WithWriteTxn(l.Dir(), [&](lmdb::Txn& txn, Dbs& d) {
                for (uint64_t s = keep; s < n; ++s) {
                  LEDGER_RETURN_IF_ERROR(txn.Delete(d.records, lmdb::BigEndian(s)));
                }
                return Status::Ok();
              }).ok());
  auto r = l.Audit();
  ASSERT_TRUE(r.ok());
  ASSERT_FALSE(r->ok());
  EXPECT_EQ(r->problems[0].seq, keep) << Kinds(*r);
  EXPECT_EQ(r->problems[0].kind, "truncated") << Kinds(*r);
}

TEST(Audit, RollbackToAnOlderCopyIsCaughtByANewerKeptCheckpoint) {
  AuditLedger l;
  l.Build(8);
  const uint64_t old_size = l.ledger().Size();
  l.Close();
  const std::string data = layout::PathIn(l.Dir(), layout::kDataFile),
                    saved = l.t.dir.Sub("old-data.mdb");
  fs::copy_file(data, saved);
  l.Reopen();
  l.AppendRenamings(8);
  auto kept = l.ledger().Checkpoint();
  ASSERT_TRUE(kept.ok());
  l.Close();
  fs::copy_file(saved, data, fs::copy_options::overwrite_existing);

  auto without = l.Audit();
  ASSERT_TRUE(without.ok());
  EXPECT_TRUE(without->ok()) << Kinds(*without);
  auto with = l.Audit({*kept});
  ASSERT_TRUE(with.ok());
  ASSERT_FALSE(with->ok());
  EXPECT_EQ(with->problems[0].kind, "rollback") << Kinds(*with);
  EXPECT_EQ(with->problems[0].seq, old_size) << Kinds(*with);
}

std::string BreakSignature(std::string note) {
  // The signature line ends "...<base64>\n": change a character inside the base64.
  size_t at = note.size() - 10;
  note[at] = note[at] == 'A' ? 'B' : 'A';
  return note;
}

TEST(Audit, StoredCheckpointWithABadSignature) {
  AuditLedger l;
  l.Build(8);
  const uint64_t size = 5;  // the checkpoint after the revocation batch
  auto cp = l.ledger().Checkpoint(size);
  ASSERT_TRUE(cp.ok());
  l.Close();
  ASSERT_TRUE(WithWriteTxn(l.Dir(), [&](lmdb::Txn& txn, Dbs& d) {
                return txn.Put(d.checkpoints, lmdb::BigEndian(size), AsBytes(BreakSignature(*cp)));
              }).ok());
  auto r = l.Audit();
  ASSERT_TRUE(r.ok());
  ASSERT_FALSE(r->ok());
  EXPECT_EQ(r->problem_count, 1u) << Kinds(*r);
  EXPECT_EQ(r->problems[0].kind, "checkpoint-signature") << Kinds(*r);
  EXPECT_EQ(r->problems[0].checkpoint, "stored checkpoint for size 5");
}

TEST(Audit, KeptCheckpointWithABadSignature) {
  AuditLedger l;
  l.Build(8);
  auto cp = l.ledger().Checkpoint();
  l.Close();
  auto r = l.Audit({BreakSignature(*cp)});
  ASSERT_TRUE(r.ok());
  ASSERT_FALSE(r->ok());
  EXPECT_EQ(r->problems[0].kind, "checkpoint-signature") << Kinds(*r);
  EXPECT_NE(r->problems[0].checkpoint.find("kept checkpoint"), std::string::npos);
}

TEST(Audit, KeptCheckpointFromAnotherLogIsAnInputError) {
  AuditLedger l;
  l.Build(4);
  AuditLedger other;
  other.Build(4);
  auto foreign = other.ledger().Checkpoint();
  l.Close();
  auto r = l.Audit({*foreign});
  EXPECT_FALSE(r.ok());
}

TEST(Audit, WrongLogKeyIsReported) {
  AuditLedger l;
  l.Build(4);
  l.Close();
  verify::AuditOptions opts;
  opts.log_key = note::VerifierKey::ForKey(kOrigin, SigningKey::Generate().public_key());
  auto r = verify::AuditLedgerDir(l.Dir(), opts);
  ASSERT_TRUE(r.ok());
  ASSERT_FALSE(r->ok());
  EXPECT_EQ(r->problems[0].kind, "genesis") << Kinds(*r);
  EXPECT_EQ(r->problems[0].seq, 0u);
}

TEST(Audit, NotALedgerIsAnInputError) {
  TempDir dir;
  verify::AuditOptions opts;
  auto r = verify::AuditLedgerDir(dir.path(), opts);
  EXPECT_FALSE(r.ok());
}

TEST(Audit, JsonReportCarriesTheProblems) {
  AuditLedger l;
  auto seqs = l.Build(8);
  l.Close();
  ASSERT_TRUE(WithWriteTxn(l.Dir(), [&](lmdb::Txn& txn, Dbs& d) {
                return txn.Delete(d.records, lmdb::BigEndian(seqs[2]));
              }).ok());
  auto r = l.Audit();
  ASSERT_TRUE(r.ok());
  auto j = r->ToJson();
  EXPECT_EQ(j.at("ok").as_bool(), false);
  EXPECT_EQ(j.at("problem_count").as_uint64(), r->problem_count);
  const auto& first = j.at("problems").as_array().at(0).as_object();
  EXPECT_EQ(first.at("kind").as_string(), "missing-record");
  EXPECT_EQ(first.at("seq").as_uint64(), seqs[2]);
}

}  // namespace
}  // namespace ledger::testing
