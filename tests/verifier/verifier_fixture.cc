// The verifier's test ledgers and attacker tools.
#include "verifier_fixture.h"

#include <cstring>

#include "ledger/compact_range.h"
#include "ledger/merkle.h"

namespace ledger::testing {

Submission AuditLedger::Rename(const SigningKey& key, int n, const std::string& org) {
  std::string body = R"({"org":")" + org + R"(","name":"Office )" + std::to_string(n) +
                     R"(","effective_date":"2026-01-01","decision_instrument":"Order",)" +
                     R"("decision_number":"No. )" + std::to_string(n) +
                     R"(","decision_date":"2025-12-20"})";
  return MakeEvent("organisation.renamed", body, key, "rename-" + std::to_string(n));
}

std::vector<uint64_t> AuditLedger::Build(int events) {
  log_key_ = t.ledger->log_key();
  std::vector<Submission> keys = {
      RegisterKey(t.root, a.public_key(), "hr-a", "authority", R"(["mn.a"])", "reg-a"),
      RegisterKey(t.root, b.public_key(), "hr-b", "authority", R"(["mn.a"])", "reg-b"),
      RegisterKey(t.root, c.public_key(), "hr-c", "authority", R"(["mn.c"])", "reg-c")};
  for (const auto& s : keys) t.MustAppend(s);
  t.MustAppend(MakeEvent("key.revoke",
                         R"({"key":")" + Base64Encode(c.public_key()) + R"(","reason":"left"})",
                         t.root, "revoke-c"));
  return AppendRenamings(events);
}

std::vector<uint64_t> AuditLedger::AppendRenamings(int events) {
  std::vector<uint64_t> seqs;
  for (int done = 0; done < events;) {
    std::vector<Submission> batch;
    for (int i = 0; i < 4 && done < events; ++i, ++done) {
      int n = next_event++;
      batch.push_back(Rename(n % 2 ? b : a, n));
    }
    t.clock_us += 1'000'000;
    for (const auto& o : t.ledger->AppendBatch(batch)) {
      EXPECT_TRUE(o.status.ok()) << o.status.ToString();
      seqs.push_back(o.seq);
    }
  }
  return seqs;
}

Result<verify::AuditReport> AuditLedger::Audit(const std::vector<std::string>& kept) const {
  verify::AuditOptions opts;
  opts.log_key = log_key_;
  opts.kept_checkpoints = kept;
  opts.threads = 2;
  return verify::AuditLedgerDir(Dir(), opts);
}

int FlipByteInFile(const std::string& path, ByteView needle, size_t offset) {
  std::string data = ReadAll(path);
  std::string_view want = AsChars(needle);
  int copies = 0;
  for (size_t at = data.find(want); at != std::string::npos; at = data.find(want, at + 1)) {
    data[at + offset] = static_cast<char>(data[at + offset] ^ 0x01);
    ++copies;
  }
  WriteAll(path, data);
  return copies;
}

Bytes DedupKeyOf(const Submission& s) { return layout::DedupKey(s.signer, s.client_id); }

namespace {

Bytes DedupValue(uint64_t seq, const Submission& s) {
  const auto v = layout::DedupValue({seq, SubmissionDigest(s)});
  return Bytes(v.begin(), v.end());
}

Result<std::vector<Bytes>> AllRecords(const lmdb::Txn& txn, MDB_dbi records) {
  std::vector<Bytes> out;
  LEDGER_ASSIGN_OR_RETURN(lmdb::Cursor cur, lmdb::Cursor::Open(txn, records));
  LEDGER_ASSIGN_OR_RETURN(bool more, cur.Seek({}));
  while (more) {
    out.emplace_back(cur.value().begin(), cur.value().end());
    LEDGER_ASSIGN_OR_RETURN(more, cur.Next());
  }
  return out;
}

struct LogSigner {
  SigningKey key;
  std::string origin;
};

Result<LogSigner> ReadLogSigner(const std::string& dir, const lmdb::Txn& txn, const Dbs& d) {
  LEDGER_ASSIGN_OR_RETURN(SigningKey key,
                          SigningKey::FromPem(ReadAll(layout::PathIn(dir, layout::kLogKeyFile))));
  LEDGER_ASSIGN_OR_RETURN(std::optional<ByteView> origin,
                          txn.Get(d.meta, AsBytes(layout::kMetaOrigin)));
  if (!origin) return Status::NotFound("no origin");
  return LogSigner{std::move(key), std::string(AsChars(*origin))};
}

}  // namespace

Status InsiderAppend(const std::string& dir, const Submission& s, int64_t recorded_at) {
  return WithWriteTxn(dir, [&](lmdb::Txn& txn, Dbs& d) -> Status {
    LEDGER_ASSIGN_OR_RETURN(LogSigner log, ReadLogSigner(dir, txn, d));
    LEDGER_ASSIGN_OR_RETURN(std::vector<Bytes> records, AllRecords(txn, d.records));
    merkle::CompactRange range;
    for (const Bytes& r : records) range.Append(merkle::HashLeaf(r));
    const uint64_t seq = records.size();
    Record rec{kRecordFormatVersion, seq, RecordHash(records.back()), recorded_at, s, {}};
    Bytes bytes = EncodeRecord(rec);
    LEDGER_RETURN_IF_ERROR(txn.Put(d.records, lmdb::BigEndian(seq), bytes));
    Status put = Status::Ok();
    range.Append(merkle::HashLeaf(bytes), [&](uint8_t level, uint64_t index, const Hash& h) {
      if (put.ok()) put = txn.Put(d.merkle, layout::MerkleKey(level, index), h);
    });
    LEDGER_RETURN_IF_ERROR(put);
    LEDGER_RETURN_IF_ERROR(txn.Put(d.dedup, DedupKeyOf(s), DedupValue(seq, s)));
    LEDGER_ASSIGN_OR_RETURN(std::string cp,
                            note::SignCheckpoint({log.origin, seq + 1, range.Root()}, log.key));
    return txn.Put(d.checkpoints, lmdb::BigEndian(seq + 1), AsBytes(cp));
  });
}

Status InsiderRewrite(const std::string& dir, uint64_t seq, const Submission& replacement) {
  return InsiderEdit(dir, seq, [&](Record& r) { r.submission = replacement; });
}

Status InsiderEdit(const std::string& dir, uint64_t seq, const std::function<void(Record&)>& edit) {
  return WithWriteTxn(dir, [&](lmdb::Txn& txn, Dbs& d) -> Status {
    LEDGER_ASSIGN_OR_RETURN(LogSigner log, ReadLogSigner(dir, txn, d));
    LEDGER_ASSIGN_OR_RETURN(std::vector<Bytes> records, AllRecords(txn, d.records));
    LEDGER_ASSIGN_OR_RETURN(Record target, DecodeRecord(records[seq]));
    Record edited = target;
    edit(edited);
    LEDGER_RETURN_IF_ERROR(txn.Delete(d.dedup, DedupKeyOf(target.submission)));
    LEDGER_RETURN_IF_ERROR(
        txn.Put(d.dedup, DedupKeyOf(edited.submission), DedupValue(seq, edited.submission)));
    for (uint64_t i = seq; i < records.size(); ++i) {
      LEDGER_ASSIGN_OR_RETURN(Record r, DecodeRecord(records[i]));
      if (i == seq) r = edited;
      r.prev_hash = RecordHash(records[i - 1]);
      records[i] = EncodeRecord(r);
      LEDGER_RETURN_IF_ERROR(txn.Put(d.records, lmdb::BigEndian(i), records[i]));
    }
    // Every Merkle node and every checkpoint, recomputed over the new history.
    std::vector<uint64_t> sizes;
    {
      LEDGER_ASSIGN_OR_RETURN(lmdb::Cursor cur, lmdb::Cursor::Open(txn, d.checkpoints));
      LEDGER_ASSIGN_OR_RETURN(bool more, cur.Seek({}));
      while (more) {
        sizes.push_back(lmdb::ReadBigEndian(cur.key()));
        LEDGER_ASSIGN_OR_RETURN(more, cur.Next());
      }
    }
    if (int rc = mdb_drop(txn.get(), d.merkle, 0); rc != 0) return lmdb::FromMdb(rc, "drop");
    merkle::CompactRange range;
    Status put = Status::Ok();
    for (const Bytes& r : records) {
      range.Append(merkle::HashLeaf(r), [&](uint8_t level, uint64_t index, const Hash& h) {
        if (put.ok()) put = txn.Put(d.merkle, layout::MerkleKey(level, index), h);
      });
      LEDGER_RETURN_IF_ERROR(put);
      if (std::find(sizes.begin(), sizes.end(), range.size()) != sizes.end()) {
        LEDGER_ASSIGN_OR_RETURN(
            std::string cp,
            note::SignCheckpoint({log.origin, range.size(), range.Root()}, log.key));
        LEDGER_RETURN_IF_ERROR(txn.Put(d.checkpoints, lmdb::BigEndian(range.size()), AsBytes(cp)));
      }
    }
    return Status::Ok();
  });
}

bool HasProblem(const verify::AuditReport& r, const std::string& kind, uint64_t seq) {
  for (const auto& p : r.problems) {
    if (p.kind == kind && p.seq == seq) return true;
  }
  return false;
}

std::string Kinds(const verify::AuditReport& r) {
  std::string out;
  for (const auto& p : r.problems) {
    out +=
        p.kind + "@" + (p.seq == verify::kNoSeq ? std::string("-") : std::to_string(p.seq)) + " ";
  }
  return out + "\n" + r.ToText();
}

}  // namespace ledger::testing
