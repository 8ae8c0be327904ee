// A compact Merkle range over the leaves [0, size): one hash per perfect
// subtree (one per set bit of size), so the RFC 6962 root at every size is
// known as a stream of leaves passes, in O(log n) memory.
#ifndef VERIFIER_COMPACT_RANGE_H_
#define VERIFIER_COMPACT_RANGE_H_

#include <cstdint>
#include <vector>

#include "ledger/merkle.h"

namespace ledger::verify {

class CompactRange {
 public:
  // Appends leaf `size()` and calls on_node(level, index, hash) for the leaf
  // itself (level 0) and for every perfect subtree it completes, bottom-up:
  // exactly the nodes a store keeps under layout::MerkleKey(level, index).
  template <typename OnNode>
  void Append(const Hash& leaf_hash, OnNode&& on_node) {
    Hash h = leaf_hash;
    uint64_t index = size_;
    uint8_t level = 0;
    on_node(level, index, h);
    while (index & 1) {
      h = merkle::HashChildren(hashes_.back(), h);
      hashes_.pop_back();
      index >>= 1;
      ++level;
      on_node(level, index, h);
    }
    hashes_.push_back(h);
    ++size_;
  }
  void Append(const Hash& leaf_hash) {
    Append(leaf_hash, [](uint8_t, uint64_t, const Hash&) {});
  }

  uint64_t size() const { return size_; }
  // MTH(D[0:size]); SHA-256("") when empty. Costs popcount(size) - 1 hashes.
  Hash Root() const { return merkle::FoldRight(hashes_); }
  // The perfect-subtree hashes, left to right (sizes strictly decreasing).
  const std::vector<Hash>& hashes() const { return hashes_; }

 private:
  uint64_t size_ = 0;
  std::vector<Hash> hashes_;
};

}  // namespace ledger::verify

#endif  // VERIFIER_COMPACT_RANGE_H_
