// RFC 6962 stored hashes in LMDB: one hash per perfect subtree, keyed by
// (level, index). Appending a leaf writes it and every parent it completes
// (merkle::AppendLeaf, the step merkle::CompactRange takes in memory);
// the hash of any range costs O(log n) reads (merkle::PerfectSubtrees).
#ifndef LEDGER_SRC_STORE_TREE_NODES_H_
#define LEDGER_SRC_STORE_TREE_NODES_H_

#include "ledger/lmdb.h"
#include "ledger/merkle.h"

namespace ledger::store {

Status AppendLeafHash(lmdb::Txn& txn, MDB_dbi merkle, uint64_t index, const Hash& leaf_hash);
Result<Hash> RangeHash(const lmdb::Txn& txn, MDB_dbi merkle, merkle::Range r);
Result<Hash> RootAt(const lmdb::Txn& txn, MDB_dbi merkle, uint64_t size);

}  // namespace ledger::store

#endif  // LEDGER_SRC_STORE_TREE_NODES_H_
