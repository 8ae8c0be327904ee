// DedupCheck: keyed multiset sums over the records and the idempotency
// index, and the per-record lookups that name the culprits when they differ.
#include "dedup_check.h"

#include <openssl/rand.h>

#include <random>

#include "record_work.h"

namespace ledger::verify {
namespace {

constexpr uint64_t kReleaseEvery = 4096;         // index entries per page release (sequential scan)
constexpr uint64_t kDiagnoseReleaseEvery = 256;  // random lookups: release often

}  // namespace

DedupCheck::DedupCheck(const lmdb::Txn& txn, MDB_dbi dedup, MDB_dbi records, MappedPages& pages,
                       AuditCore& core)
    : txn_(txn), dedup_db_(dedup), records_db_(records), pages_(pages), core_(core) {
  if (RAND_bytes(secret_.data(), static_cast<int>(secret_.size())) != 1) {
    std::random_device rd;
    for (auto& b : secret_) b = static_cast<uint8_t>(rd());
  }
}

void DedupCheck::AddTerm(Sum& sum, const Hash& term) {
  uint64_t carry = 0;
  for (size_t i = 0; i < sum.size(); ++i) {
    uint64_t limb = 0;
    for (size_t b = 0; b < 8; ++b) limb |= uint64_t(term[8 * i + b]) << (8 * b);
    const uint64_t with_limb = sum[i] + limb;
    const uint64_t total = with_limb + carry;
    carry = (with_limb < limb || total < with_limb) ? 1 : 0;
    sum[i] = total;
  }
}

Status DedupCheck::Finish() {
  LEDGER_ASSIGN_OR_RETURN(lmdb::Cursor cur, lmdb::Cursor::Open(txn_, dedup_db_));
  LEDGER_ASSIGN_OR_RETURN(bool more, cur.Seek({}));
  uint64_t entries = 0;
  while (more) {
    AddTerm(from_index_, DedupTerm(secret_, cur.key(), cur.value()));
    pages_.Note(cur.value());
    if (++entries % kReleaseEvery == 0) pages_.Release();
    LEDGER_ASSIGN_OR_RETURN(more, cur.Next());
  }
  pages_.Release();
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
  LEDGER_ASSIGN_OR_RETURN(lmdb::Cursor cur, lmdb::Cursor::Open(txn_, records_db_));
  LEDGER_ASSIGN_OR_RETURN(bool more, cur.Seek({}));
  uint64_t wrong = 0, n = 0;
  while (more) {
    auto rec = DecodeRecord(cur.value());
    pages_.Note(cur.value());
    if (rec.ok() && cur.key().size() == 8) {
      const Submission& s = rec->submission;
      const std::string who =
          "signer ed25519:" + KeyFingerprint(s.signer) + ", client_id \"" + s.client_id + "\"";
      if (!CheckEntry(lmdb::ReadBigEndian(cur.key()), DedupKey(s.signer, s.client_id),
                      SubmissionDigest(s), who)) {
        ++wrong;
      }
    }
    if (++n % kDiagnoseReleaseEvery == 0) pages_.Release();
    LEDGER_ASSIGN_OR_RETURN(more, cur.Next());
  }
  pages_.Release();
  return wrong ? Status::DataLoss("wrong entries") : Status::Ok();
}

bool DedupCheck::CheckEntry(uint64_t seq, const Hash& dedup_key, const Hash& digest,
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
  ByteView v = **stored;
  pages_.Note(v);
  if (v.size() == 40 && lmdb::ReadBigEndian(v) == seq &&
      std::equal(digest.begin(), digest.end(), v.begin() + 8)) {
    return true;
  }
  std::string found = v.size() != 40 ? std::to_string(v.size()) + " bytes"
                                     : "seq " + std::to_string(lmdb::ReadBigEndian(v)) +
                                           ", digest " + Base64Encode(v.subspan(8));
  core_.Add({seq, "dedup",
             "the idempotency index entry for " + who + " does not point at record " +
                 std::to_string(seq),
             expected, found});
  return false;
}

}  // namespace ledger::verify
