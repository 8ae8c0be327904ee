// RFC 6962 / RFC 9162 Merkle tree: node hashing, proof shapes as leaf ranges,
// and proof verification. No storage: callers supply every hash.
#include "ledger/merkle.h"

#include <algorithm>
#include <bit>
#include <span>
#include <string>

#include "ledger/crypto.h"

namespace ledger::merkle {
namespace {

// Domain separation (RFC 6962 section 2.1): a leaf can never be passed off as
// an interior node, or the other way round.
constexpr uint8_t kLeafPrefix = 0x00;
constexpr uint8_t kNodePrefix = 0x01;

std::string Num(uint64_t v) { return std::to_string(v); }

Hash Mth(std::span<const Hash> leaves) {
  if (leaves.size() == 1) return leaves[0];
  const size_t k = static_cast<size_t>(SplitPoint(leaves.size()));
  return HashChildren(Mth(leaves.first(k)), Mth(leaves.subspan(k)));
}

// Hashes in an inclusion proof: one per level below the node where the paths
// to `index` and to the last leaf part (both have a sibling there), plus one
// per left sibling on the right border above it. Only for the error message
// and an early length check; the RFC walk below checks the length too.
size_t InclusionProofLength(uint64_t index, uint64_t size) {
  const int inner = static_cast<int>(std::bit_width(index ^ (size - 1)));
  const uint64_t above = inner >= 64 ? 0 : index >> inner;
  return static_cast<size_t>(inner + std::popcount(above));
}

// The same count for a consistency proof (0 < old_size < new_size): the
// inclusion path of the old tree's last leaf, minus the levels inside the
// largest perfect subtree the old tree ends with (its hash stands for them),
// plus that subtree's hash unless it is the whole old tree.
size_t ConsistencyProofLength(uint64_t old_size, uint64_t new_size) {
  const int shift = std::countr_zero(old_size);
  const size_t seed = std::has_single_bit(old_size) ? 0 : 1;
  return seed + InclusionProofLength(old_size - 1, new_size) - static_cast<size_t>(shift);
}

Status Mismatch(const std::string& what, const Hash& computed, const Hash& expected) {
  return Status::DataLoss(what + ": computed root " + Base64Encode(computed) +
                          " does not match expected root " + Base64Encode(expected));
}

}  // namespace

Hash HashLeaf(ByteView leaf) {
  Sha256Hasher h;
  h.Update(ByteView(&kLeafPrefix, 1));
  h.Update(leaf);
  return h.Finish();
}

Hash HashChildren(const Hash& left, const Hash& right) {
  std::array<uint8_t, 1 + 2 * sizeof(Hash)> buf;
  buf[0] = kNodePrefix;
  std::copy(left.begin(), left.end(), buf.begin() + 1);
  std::copy(right.begin(), right.end(), buf.begin() + 1 + sizeof(Hash));
  return Sha256(ByteView(buf));
}

Hash EmptyRoot() { return Sha256(ByteView()); }

bool Range::perfect() const {
  return begin < end && std::has_single_bit(size()) && begin % size() == 0;
}

uint64_t SplitPoint(uint64_t n) { return n < 2 ? 0 : std::bit_floor(n - 1); }

std::vector<Range> PerfectSubtrees(Range r) {
  std::vector<Range> out;
  // MTH splits off a left part of SplitPoint(size) leaves, which is perfect
  // wherever the range came out of the RFC recursion; the remainder repeats
  // until it is a power of two itself.
  while (r.begin < r.end) {
    if (std::has_single_bit(r.size())) {
      out.push_back(r);
      break;
    }
    const uint64_t k = SplitPoint(r.size());
    out.push_back({r.begin, r.begin + k});
    r.begin += k;
  }
  return out;
}

Hash FoldRight(const std::vector<Hash>& hashes) {
  if (hashes.empty()) return EmptyRoot();
  Hash acc = hashes.back();
  for (size_t i = hashes.size() - 1; i-- > 0;) acc = HashChildren(hashes[i], acc);
  return acc;
}

std::vector<Range> InclusionProofRanges(uint64_t index, uint64_t size) {
  std::vector<Range> out;
  if (index >= size) return out;
  // Walk down from the root collecting siblings; PATH lists them bottom-up.
  uint64_t begin = 0, end = size;
  while (end - begin > 1) {
    const uint64_t mid = begin + SplitPoint(end - begin);
    if (index < mid) {
      out.push_back({mid, end});
      end = mid;
    } else {
      out.push_back({begin, mid});
      begin = mid;
    }
  }
  std::reverse(out.begin(), out.end());
  return out;
}

std::vector<Range> ConsistencyProofRanges(uint64_t old_size, uint64_t new_size) {
  std::vector<Range> out;
  if (old_size == 0 || old_size >= new_size) return out;
  // SUBPROOF top-down; old_size - begin is the m of the current subtree, and
  // `whole` is SUBPROOF's b: false once we stepped right, because then the
  // verifier does not already hold this subtree's hash as the old root.
  uint64_t begin = 0, end = new_size;
  bool whole = true;
  while (true) {
    const uint64_t m = old_size - begin;
    if (m == end - begin) {
      if (!whole) out.push_back({begin, end});
      break;
    }
    const uint64_t mid = begin + SplitPoint(end - begin);
    if (old_size <= mid) {
      out.push_back({mid, end});
      end = mid;
    } else {
      out.push_back({begin, mid});
      begin = mid;
      whole = false;
    }
  }
  std::reverse(out.begin(), out.end());
  return out;
}

Hash RootFromLeafHashes(const std::vector<Hash>& leaf_hashes) {
  if (leaf_hashes.empty()) return EmptyRoot();
  return Mth(leaf_hashes);
}

Result<Hash> RootFromInclusionProof(uint64_t index, uint64_t size, const Hash& leaf_hash,
                                    const std::vector<Hash>& proof) {
  const std::string what = "inclusion proof for index " + Num(index) + " in tree size " + Num(size);
  if (index >= size) return Status::InvalidArgument(what + ": index is not below the size");
  const size_t want = InclusionProofLength(index, size);
  if (proof.size() != want) {
    return Status::InvalidArgument(what + ": has " + Num(proof.size()) + " hashes, want " +
                                   Num(want));
  }
  // RFC 9162 section 2.1.3.2: fn is the node's index on its level, sn the
  // last node's; where fn == sn the node is on the right border and, having
  // no right sibling, rises without hashing until it is a right child.
  uint64_t fn = index, sn = size - 1;
  Hash r = leaf_hash;
  for (const Hash& p : proof) {
    if (sn == 0) return Status::InvalidArgument(what + ": too many hashes");
    if ((fn & 1) != 0 || fn == sn) {
      r = HashChildren(p, r);
      while ((fn & 1) == 0 && fn != 0) {
        fn >>= 1;
        sn >>= 1;
      }
    } else {
      r = HashChildren(r, p);
    }
    fn >>= 1;
    sn >>= 1;
  }
  if (sn != 0) return Status::InvalidArgument(what + ": too few hashes");
  return r;
}

Status VerifyInclusion(uint64_t index, uint64_t size, const Hash& leaf_hash,
                       const std::vector<Hash>& proof, const Hash& root) {
  LEDGER_ASSIGN_OR_RETURN(const Hash computed,
                          RootFromInclusionProof(index, size, leaf_hash, proof));
  if (computed != root) {
    return Mismatch("inclusion proof for index " + Num(index) + " in tree size " + Num(size),
                    computed, root);
  }
  return Status::Ok();
}

Status VerifyConsistency(uint64_t old_size, uint64_t new_size, const Hash& old_root,
                         const Hash& new_root, const std::vector<Hash>& proof) {
  const std::string what =
      "consistency proof from size " + Num(old_size) + " to size " + Num(new_size);
  if (old_size > new_size) return Status::InvalidArgument(what + ": the old size is larger");
  if ((old_size == 0 || old_size == new_size) && !proof.empty()) {
    return Status::InvalidArgument(what + ": has " + Num(proof.size()) + " hashes, want 0");
  }
  // Every tree extends the empty one, but a claimed empty tree must have the
  // empty root, or the caller is holding a bogus tree head.
  if (old_size == 0 && old_root != EmptyRoot()) {
    return Mismatch(what + ": old tree", EmptyRoot(), old_root);
  }
  if (old_size == new_size) {
    if (old_root != new_root) return Mismatch(what + ": same size, new tree", old_root, new_root);
    return Status::Ok();
  }
  if (old_size == 0) return Status::Ok();

  const size_t want = ConsistencyProofLength(old_size, new_size);
  if (proof.size() != want) {
    return Status::InvalidArgument(what + ": has " + Num(proof.size()) + " hashes, want " +
                                   Num(want));
  }
  // RFC 9162 section 2.1.4.2. The walk starts at the largest perfect subtree
  // the old tree ends with; when that is the whole old tree the proof leaves
  // it out, since the verifier already holds its hash.
  std::span<const Hash> path(proof);
  Hash fr, sr;
  if (std::has_single_bit(old_size)) {
    fr = sr = old_root;
  } else {
    fr = sr = path.front();
    path = path.subspan(1);
  }
  uint64_t fn = old_size - 1, sn = new_size - 1;
  while ((fn & 1) != 0) {
    fn >>= 1;
    sn >>= 1;
  }
  // fr rebuilds the old root from left siblings only; sr takes every hash and
  // rebuilds the new root.
  for (const Hash& c : path) {
    if (sn == 0) return Status::InvalidArgument(what + ": too many hashes");
    if ((fn & 1) != 0 || fn == sn) {
      fr = HashChildren(c, fr);
      sr = HashChildren(c, sr);
      while ((fn & 1) == 0 && fn != 0) {
        fn >>= 1;
        sn >>= 1;
      }
    } else {
      sr = HashChildren(sr, c);
    }
    fn >>= 1;
    sn >>= 1;
  }
  if (sn != 0) return Status::InvalidArgument(what + ": too few hashes");
  if (fr != old_root) return Mismatch(what + ": old tree", fr, old_root);
  if (sr != new_root) return Mismatch(what + ": new tree", sr, new_root);
  return Status::Ok();
}

}  // namespace ledger::merkle
