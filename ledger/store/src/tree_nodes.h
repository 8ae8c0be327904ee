// RFC 6962 stored hashes in LMDB: one hash per perfect subtree, keyed by
// (level, index). Appending a leaf writes it and every parent it completes
// (merkle::AppendLeaf, the step merkle::CompactRange takes in memory);
// the hash of any range costs O(log n) reads (merkle::PerfectSubtrees).
#ifndef LEDGER_SRC_STORE_TREE_NODES_H_
#define LEDGER_SRC_STORE_TREE_NODES_H_

#include <optional>
#include <shared_mutex>
#include <unordered_map>

#include "ledger/lmdb.h"
#include "ledger/merkle.h"

namespace ledger::store {

// The upper levels of the stored tree, kept in memory as proofs read them:
// a node never changes once written, and a proof's ~2 log2(n) nodes are
// otherwise a B-tree walk each. Levels >= kMinLevel only (1/256 of the
// nodes: ~40,000 at 10M records, ~3 MB), at most kMaxNodes. Thread-safe.
class NodeCache {
 public:
  static constexpr uint8_t kMinLevel = 8;
  static constexpr size_t kMaxNodes = size_t{1} << 20;
  std::optional<Hash> Get(uint8_t level, uint64_t index) const;
  void Put(uint8_t level, uint64_t index, const Hash& h);

 private:
  mutable std::shared_mutex mu_;
  std::unordered_map<uint64_t, Hash> nodes_;  // key: level << 56 | index
};

Status AppendLeafHash(lmdb::Txn& txn, MDB_dbi merkle, uint64_t index, const Hash& leaf_hash);
// `cache`, when given, serves and keeps the nodes of levels >= kMinLevel.
// REQUIRES: `cache` only ever sees committed nodes (read transactions).
Result<Hash> RangeHash(const lmdb::Txn& txn, MDB_dbi merkle, merkle::Range r,
                       NodeCache* cache = nullptr);
Result<Hash> RootAt(const lmdb::Txn& txn, MDB_dbi merkle, uint64_t size,
                    NodeCache* cache = nullptr);

}  // namespace ledger::store

#endif  // LEDGER_SRC_STORE_TREE_NODES_H_
