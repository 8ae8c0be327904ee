// Stored Merkle hashes: leaf append (merkle::AppendLeaf over LMDB) and range
// hashing.
#include "tree_nodes.h"

#include <bit>
#include <cstring>

#include "ledger/compact_range.h"
#include "ledger/layout.h"

namespace ledger::store {
namespace {

Result<Hash> ReadNode(const lmdb::Txn& txn, MDB_dbi merkle, uint8_t level, uint64_t index) {
  auto key = layout::MerkleKey(level, index);
  LEDGER_ASSIGN_OR_RETURN(std::optional<ByteView> v, txn.Get(merkle, key));
  if (!v || v->size() != 32) {
    return Status::DataLoss("Merkle node (level " + std::to_string(level) + ", index " +
                            std::to_string(index) + ") is missing or malformed");
  }
  Hash h;
  std::memcpy(h.data(), v->data(), 32);
  return h;
}

}  // namespace

Status AppendLeafHash(lmdb::Txn& txn, MDB_dbi merkle, uint64_t index, const Hash& leaf_hash) {
  return merkle::AppendLeaf(
      index, leaf_hash,
      [&](uint8_t level, uint64_t i) { return ReadNode(txn, merkle, level, i); },
      [&](uint8_t level, uint64_t i, const Hash& h) {
        return txn.Put(merkle, layout::MerkleKey(level, i), h);
      });
}

Result<Hash> RangeHash(const lmdb::Txn& txn, MDB_dbi merkle, merkle::Range r) {
  std::vector<Hash> parts;
  for (const merkle::Range& p : merkle::PerfectSubtrees(r)) {
    auto level = static_cast<uint8_t>(std::countr_zero(p.size()));
    LEDGER_ASSIGN_OR_RETURN(Hash h, ReadNode(txn, merkle, level, p.begin >> level));
    parts.push_back(h);
  }
  return merkle::FoldRight(parts);
}

Result<Hash> RootAt(const lmdb::Txn& txn, MDB_dbi merkle, uint64_t size) {
  if (size == 0) return merkle::EmptyRoot();
  return RangeHash(txn, merkle, {0, size});
}

}  // namespace ledger::store
