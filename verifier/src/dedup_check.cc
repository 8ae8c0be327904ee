// DedupCheck: keyed multiset sums over the records and the idempotency
// index, and the per-record lookups that name the culprits when they differ.
#include "dedup_check.h"

#include "ledger/layout.h"
#include "record_work.h"

namespace ledger::verify {
namespace {

constexpr uint64_t kDiagnoseCheckMapEvery = 16;  // a random lookup maps ~100 KiB (fault-around)

}  // namespace

DedupCheck::DedupCheck(const lmdb::Txn& txn, MDB_dbi dedup, MDB_dbi records, MappedPages& pages,
                       AuditCore& core)
    : txn_(txn),
      dedup_db_(dedup),
      records_db_(records),
      pages_(pages),
      core_(core),
      secret_(NewSumSecret()) {}

Status DedupCheck::Finish() {
  LEDGER_ASSIGN_OR_RETURN(uint64_t entries,
                          SumEntries(txn_, dedup_db_, pages_, secret_, from_index_));
  if (from_index_ == from_records_ && undecodable_ == 0) return Status::Ok();
  const bool per_record_found = !Diagnose().ok() || undecodable_ > 0;
  if (!per_record_found) {
    core_.Add({kNoSeq, "dedup",
               "the idempotency index holds entries that no record accounts for (entries for "
               "removed records?)",
               std::to_string(records_) + " entries, one per record",
               std::to_string(entries) + " entries"});
  }
  return Status::Ok();
}

// Looks every record's entry up; DataLoss when at least one is wrong.
Status DedupCheck::Diagnose() {
  uint64_t wrong = 0;
  LEDGER_RETURN_IF_ERROR(ScanReleasing(
      txn_, records_db_, pages_, kDiagnoseCheckMapEvery, [&](ByteView key, ByteView value) {
        auto rec = DecodeRecord(value);
        if (!rec.ok() || key.size() != 8) return;
        const Submission& s = rec->submission;
        const std::string who =
            "signer ed25519:" + KeyFingerprint(s.signer) + ", client_id \"" + s.client_id + "\"";
        if (!CheckEntry(lmdb::ReadBigEndian(key), layout::DedupKey(s.signer, s.client_id),
                        SubmissionDigest(s), who)) {
          ++wrong;
        }
      }));
  return wrong ? Status::DataLoss("wrong entries") : Status::Ok();
}

bool DedupCheck::CheckEntry(uint64_t seq, ByteView dedup_key, const Hash& digest,
                            const std::string& who) {
  auto stored = txn_.Get(dedup_db_, dedup_key);
  const std::string expected = "seq " + std::to_string(seq) + ", digest " + B64(digest);
  if (!stored.ok() || !*stored) {
    core_.Add(
        {seq, "dedup",
         "the idempotency index has no entry for record " + std::to_string(seq) + " (" + who + ")",
         expected, stored.ok() ? "no entry" : stored.status().message()});
    return false;
  }
  const ByteView v = **stored;
  const std::optional<layout::DedupEntry> entry = layout::ParseDedupValue(v);
  if (entry && entry->seq == seq && entry->digest == digest) return true;
  std::string found =
      !entry ? std::to_string(v.size()) + " bytes"
             : "seq " + std::to_string(entry->seq) + ", digest " + Base64Encode(entry->digest);
  core_.Add({seq, "dedup",
             "the idempotency index entry for " + who + " does not point at record " +
                 std::to_string(seq),
             expected, found});
  return false;
}

}  // namespace ledger::verify
