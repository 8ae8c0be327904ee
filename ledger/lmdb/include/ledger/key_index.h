// The key registry's lookup by public key. "keys" rows are keyed by the seq
// that registered the key, so that a registration writes at the right edge
// of the table (docs/FORMAT.md, "Storage layout"); finding a key's row goes
// through this in-memory index, built from one sequential scan of the table
// and caught up from the rows added since. The store and the verifier share it.
#ifndef LEDGER_KEY_INDEX_H_
#define LEDGER_KEY_INDEX_H_

#include <cstdint>
#include <optional>
#include <vector>

#include "ledger/crypto.h"
#include "ledger/keys.h"
#include "ledger/lmdb.h"
#include "ledger/status.h"

namespace ledger::layout {

// Open addressing, 8 bytes a slot (the top 28 bits of a hash of the key, which
// also place the slot, and the seq + 1 in 36 bits), at most 3/4 full: 11 to
// 21 bytes a registered key. A slot only names a candidate row; Find reads
// the row and compares the whole key.
// Not thread-safe: the store guards it with a mutex.
class KeyIndex {
 public:
  // `key`'s row is the one at `registered_seq`. ResourceExhausted from seq
  // 2^36 - 1 on, or past 2^28 slots.
  Status Add(const PublicKey& key, uint64_t registered_seq);
  // Indexes the rows of `keys` (a "keys" table) not yet indexed: those at or
  // past the last seq indexed this way. Rows are only ever added in seq
  // order, so this is one cursor seek plus the new rows. A row that does not
  // decode is not indexed (its key then has no row), and is not an error:
  // the verifier reports it from its sums, the store as an unknown key.
  Status CatchUp(const lmdb::Txn& txn, MDB_dbi keys);
  // `key`'s row as `txn` sees it: nullopt when none (or none yet in its snapshot).
  Result<std::optional<keys::KeyEntry>> Find(const lmdb::Txn& txn, MDB_dbi keys,
                                             const PublicKey& key) const;
  // The seqs whose row may hold `key`, oldest slot first.
  std::vector<uint64_t> Candidates(const PublicKey& key) const;

  size_t size() const { return used_; }
  size_t MemoryBytes() const { return slots_.capacity() * sizeof(uint64_t); }

 private:
  void Grow();
  void Insert(uint64_t slot_value);
  size_t HomeOf(uint64_t slot_value) const;

  std::vector<uint64_t> slots_;  // 0: empty
  size_t used_ = 0;
  uint64_t next_row_ = 0;  // CatchUp resumes at this seq
};

}  // namespace ledger::layout

#endif  // LEDGER_KEY_INDEX_H_
