// StoredRegistry: the ledger audit replays the key-registry rules over the
// ledger's own stored registry (the "keys" database) instead of rebuilding it
// in memory, and proves that database equal to the replay. Internal.
//
// Rows are keyed by the seq that registered their key; one sequential scan
// before the replay indexes them by public key (layout::KeyIndex, 11 to 21
// bytes a key), and a lookup reads the row the index names.
//
// A stored entry is a key's final state, and the registry as it stood before
// record s follows from it: a key exists from its registered_seq on and is
// revoked from its revoked_seq on; nothing else in an entry ever changes.
// Lookups need not touch the database for keys the replay never created (a
// record registering a fresh key asks whether it exists): a Bloom filter of
// the created keys (10 bits a key) answers those, so the common case reads
// no random page. The replay sums every entry it creates or changes as the
// store encodes it (MultisetSum: on a revocation the earlier state leaves the
// sum), and one sequential scan sums the database; equal sums mean the
// database is exactly the replay's registry. Only when they differ does a
// second pass replay again, looking every key up, to name the record whose
// entry is wrong. An entry found to exist (or to be revoked) before a record
// is first confirmed against the record at its registered_seq (revoked_seq),
// so that a wrong entry is named at the record it misrepresents rather than
// at a later record it would wrongly refuse.
#ifndef VERIFIER_STORED_REGISTRY_H_
#define VERIFIER_STORED_REGISTRY_H_

#include <map>
#include <optional>
#include <set>
#include <vector>

#include "audit_core.h"
#include "ledger/key_index.h"
#include "ledger/lmdb.h"
#include "mapped_pages.h"
#include "multiset_sum.h"

namespace ledger::verify {

class StoredRegistry final : public ReplayRegistry {
 public:
  // `expected_keys` sizes the filter (at most one key per record).
  StoredRegistry(const lmdb::Txn& txn, MDB_dbi keys, MDB_dbi records, uint64_t expected_keys,
                 MappedPages& pages, AuditCore& core);
  // Indexes the stored rows by public key (one sequential scan): call once,
  // before the replay.
  Status IndexRows();

  void Seek(uint64_t seq) override { seq_ = seq; }
  Result<std::optional<keys::KeyEntry>> Find(const PublicKey& key) const override;
  void Apply(uint64_t seq, const keys::RegistryEffect& effect) override;
  // After the last record: compares the sums, and names what differs.
  Status Finish();

 private:
  struct Cached {
    Result<std::optional<keys::KeyEntry>> entry;  // nullopt: none; DataLoss: does not decode
    bool registration_confirmed = false, revocation_confirmed = false;
  };
  Cached& Stored(const PublicKey& key) const;
  // Whether record `seq` creates `key` (or, with `revokes`, revokes it);
  // reports the stored entry as wrong when it does not.
  bool Confirm(const keys::KeyEntry& stored, bool revokes) const;
  void Report(uint64_t seq, const PublicKey& key, const std::string& what,
              const std::string& expected, const std::string& found) const;
  bool MayHaveCreated(const PublicKey& key) const;
  Status NamingPass();

  const lmdb::Txn& txn_;
  MDB_dbi keys_db_, records_db_;
  MappedPages& pages_;
  layout::KeyIndex index_;
  AuditCore& core_;
  uint64_t seq_ = 0;
  bool naming_ = false;  // the second pass: every key is looked up, every effect checked
  std::vector<uint64_t> created_filter_;  // Bloom filter of the keys the replay created
  const Hash secret_;
  MultisetSum replayed_, stored_;
  uint64_t created_ = 0;
  // Decoded stored entries. The snapshot never changes, so they stay right;
  // bounded: signers recur, other keys are looked up once or twice.
  mutable std::map<PublicKey, Cached> cache_;
  // Keys whose stored entry was reported wrong, with the entry the records
  // give (nullopt: none yet), so that their later records are checked as the
  // records say and one wrong entry is one finding.
  mutable std::map<PublicKey, std::optional<keys::KeyEntry>> corrected_;
  mutable std::set<PublicKey> reported_;  // not reported again by the naming pass
};

}  // namespace ledger::verify

#endif  // VERIFIER_STORED_REGISTRY_H_
