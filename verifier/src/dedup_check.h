// DedupCheck: checks the idempotency index (dedup database) against the
// records without a random lookup per record. Random lookups fault a page of
// the map for every record, which either costs a third of the audit's time
// (when pages are released to bound memory) or maps the whole index.
//
// Instead both sides are summed as multisets: every record adds
// F(dedup key || seq || digest), one sequential scan of the index adds
// F(key || value) for every entry, where F is SHA-256 keyed with a secret
// drawn for this run (so whoever prepared the files cannot aim for a
// collision), summed mod 2^256. Equal sums mean the index holds exactly one
// right entry per record. Only when they differ does a second pass look every
// record up, to name the seqs whose entry is wrong. Internal.
#ifndef VERIFIER_DEDUP_CHECK_H_
#define VERIFIER_DEDUP_CHECK_H_

#include <cstdint>

#include "audit_core.h"
#include "ledger/lmdb.h"
#include "mapped_pages.h"
#include "multiset_sum.h"

namespace ledger::verify {

class DedupCheck {
 public:
  DedupCheck(const lmdb::Txn& txn, MDB_dbi dedup, MDB_dbi records, MappedPages& pages,
             AuditCore& core);

  // The key of the sums: set WorkItem::dedup_secret to it, so that workers
  // compute each record's term.
  const Hash& secret() const { return secret_; }
  // A decoded record's WorkItem::dedup_term (from the auditing thread).
  void Add(const Hash& term) {
    from_records_.Add(term);
    ++records_;
  }
  // A record that did not decode: its entry cannot be accounted for.
  void Undecodable() { ++undecodable_; }
  // Scans the index; on a mismatch, finds the records whose entry is wrong.
  Status Finish();

 private:
  Status Diagnose();
  // Problems for one record's entry; true when it is right.
  bool CheckEntry(uint64_t seq, ByteView dedup_key, const Hash& digest, const std::string& who);

  const lmdb::Txn& txn_;
  MDB_dbi dedup_db_, records_db_;
  MappedPages& pages_;
  AuditCore& core_;
  Hash secret_;
  MultisetSum from_records_, from_index_;
  uint64_t records_ = 0, undecodable_ = 0;  // records added, and those that did not decode
};

}  // namespace ledger::verify

#endif  // VERIFIER_DEDUP_CHECK_H_
