// Appending leaves to an RFC 6962 tree one at a time: the nodes each append
// completes, and CompactRange, the O(log n) summary of the leaves [0, size).
// Storage-free: the store keeps the same nodes in LMDB, the verifier in memory.
#ifndef LEDGER_COMPACT_RANGE_H_
#define LEDGER_COMPACT_RANGE_H_

#include <cstdint>
#include <vector>

#include "ledger/merkle.h"
#include "ledger/status.h"

namespace ledger::merkle {

// Appends leaf `index` to a tree of `index` leaves. Node (level, i) is the
// perfect subtree over leaves [i * 2^level, (i + 1) * 2^level); level 0 is a
// leaf. The leaf completes one node per trailing one bit of `index`: while
// the new node is a right child, its left sibling is already complete and
// their parent is now complete too.
//   left_sibling(level, i) -> Result<Hash>: the hash of that completed node
//     (it is always a node an earlier append reported).
//   on_node(level, i, hash) -> Status: called for the leaf, then for every
//     node it completes, bottom-up.
// Stops at the first error either returns.
template <typename LeftSibling, typename OnNode>
Status AppendLeaf(uint64_t index, const Hash& leaf_hash, LeftSibling&& left_sibling,
                  OnNode&& on_node) {
  Hash h = leaf_hash;
  uint8_t level = 0;
  LEDGER_RETURN_IF_ERROR(on_node(level, index, h));
  while ((index & 1) != 0) {
    LEDGER_ASSIGN_OR_RETURN(const Hash left, left_sibling(level, index - 1));
    h = HashChildren(left, h);
    ++level;
    index >>= 1;
    LEDGER_RETURN_IF_ERROR(on_node(level, index, h));
  }
  return Status::Ok();
}

// The leaves [0, size) as one hash per perfect subtree (one per set bit of
// size), so the root at every size is known as a stream of leaves passes, in
// O(log n) memory (transparency-dev's compact.Range, from leaf 0).
class CompactRange {
 public:
  CompactRange() = default;
  // Resumes the range [0, size) from its perfect-subtree hashes, left to
  // right (those of PerfectSubtrees({0, size}), e.g. read from a store).
  // REQUIRES: hashes.size() == popcount(size).
  CompactRange(uint64_t size, std::vector<Hash> hashes) : size_(size), hashes_(std::move(hashes)) {}
  // Appends leaf size() and calls on_node(level, index, hash) for the leaf
  // and for every perfect subtree it completes, bottom-up (AppendLeaf's
  // nodes: exactly those a store keeps).
  template <typename OnNode>
  void Append(const Hash& leaf_hash, OnNode&& on_node) {
    Hash top = leaf_hash;  // the highest node this append completes
    Status appended = AppendLeaf(
        size_, leaf_hash,
        [&](uint8_t, uint64_t) -> Result<Hash> {  // the trailing hash is the left sibling
          const Hash left = hashes_.back();
          hashes_.pop_back();
          return left;
        },
        [&](uint8_t level, uint64_t index, const Hash& h) {
          on_node(level, index, h);
          top = h;
          return Status::Ok();
        });
    (void)appended;  // in memory neither callback can fail
    hashes_.push_back(top);
    ++size_;
  }
  void Append(const Hash& leaf_hash) {
    Append(leaf_hash, [](uint8_t, uint64_t, const Hash&) {});
  }

  uint64_t size() const { return size_; }
  // MTH(D[0:size]); SHA-256("") when empty. Costs popcount(size) - 1 hashes.
  Hash Root() const { return FoldRight(hashes_); }
  // The perfect-subtree hashes, left to right (sizes strictly decreasing).
  const std::vector<Hash>& hashes() const { return hashes_; }

 private:
  uint64_t size_ = 0;
  std::vector<Hash> hashes_;
};

}  // namespace ledger::merkle

#endif  // LEDGER_COMPACT_RANGE_H_
