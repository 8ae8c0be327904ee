// Stored Merkle hashes: leaf append (merkle::AppendLeaf over LMDB) and range
// hashing.
#include "tree_nodes.h"

#include <bit>
#include <cstring>
#include <mutex>

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

uint64_t CacheKey(uint8_t level, uint64_t index) { return uint64_t{level} << 56 | index; }

}  // namespace

std::optional<Hash> NodeCache::Get(uint8_t level, uint64_t index) const {
  std::shared_lock lock(mu_);
  auto it = nodes_.find(CacheKey(level, index));
  if (it == nodes_.end()) return std::nullopt;
  return it->second;
}

void NodeCache::Put(uint8_t level, uint64_t index, const Hash& h) {
  std::unique_lock lock(mu_);
  if (nodes_.size() < kMaxNodes) nodes_.emplace(CacheKey(level, index), h);
}

Status AppendLeafHash(lmdb::Txn& txn, MDB_dbi merkle, uint64_t index, const Hash& leaf_hash) {
  return merkle::AppendLeaf(
      index, leaf_hash,
      [&](uint8_t level, uint64_t i) { return ReadNode(txn, merkle, level, i); },
      [&](uint8_t level, uint64_t i, const Hash& h) {
        return txn.Put(merkle, layout::MerkleKey(level, i), h);
      });
}

Result<Hash> RangeHash(const lmdb::Txn& txn, MDB_dbi merkle, merkle::Range r, NodeCache* cache) {
  std::vector<Hash> parts;
  for (const merkle::Range& p : merkle::PerfectSubtrees(r)) {
    auto level = static_cast<uint8_t>(std::countr_zero(p.size()));
    const uint64_t index = p.begin >> level;
    const bool cacheable = cache != nullptr && level >= NodeCache::kMinLevel;
    std::optional<Hash> cached = cacheable ? cache->Get(level, index) : std::nullopt;
    if (!cached) {
      LEDGER_ASSIGN_OR_RETURN(cached, ReadNode(txn, merkle, level, index));
      if (cacheable) cache->Put(level, index, *cached);
    }
    parts.push_back(*cached);
  }
  return merkle::FoldRight(parts);
}

Result<Hash> RootAt(const lmdb::Txn& txn, MDB_dbi merkle, uint64_t size, NodeCache* cache) {
  if (size == 0) return merkle::EmptyRoot();
  return RangeHash(txn, merkle, {0, size}, cache);
}

}  // namespace ledger::store
