// RFC 6962 / RFC 9162 Merkle tree: node hashing, proof shapes as leaf ranges,
// and proof verification. No storage: callers supply every hash.
#include "ledger/merkle.h"

#include <algorithm>
#include <bit>
#include <optional>
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

// RFC 9162's walk from a leaf (or a subtree) up to the root, in the three
// parts transparency-dev's proof/verify.go names. An inclusion path splits
// where the paths to `index` and to the last leaf part: below that node
// ("inner") the path may turn either way; above it the node lies on the
// tree's right border, where the path only ever takes left siblings.
struct ProofShape {
  size_t inner = 0;   // hashes below the split
  size_t border = 0;  // left siblings on the right border above it
  size_t size() const { return inner + border; }
};

ProofShape InclusionProofShape(uint64_t index, uint64_t size) {
  const int inner = static_cast<int>(std::bit_width(index ^ (size - 1)));
  const uint64_t above = inner >= 64 ? 0 : index >> inner;
  return {static_cast<size_t>(inner), static_cast<size_t>(std::popcount(above))};
}

// The hash of the subtree the inner hashes lead to: bit i of `index` (the
// seed's index on its level) says whether proof[i] is the left sibling.
Hash ChainInner(Hash seed, std::span<const Hash> proof, uint64_t index) {
  for (size_t i = 0; i < proof.size(); ++i) {
    seed = ((index >> i) & 1) == 0 ? HashChildren(seed, proof[i]) : HashChildren(proof[i], seed);
  }
  return seed;
}

// As ChainInner, but taking only the left siblings: the same subtree as it
// was before the leaves to the right of the path were added.
Hash ChainInnerRight(Hash seed, std::span<const Hash> proof, uint64_t index) {
  for (size_t i = 0; i < proof.size(); ++i) {
    if (((index >> i) & 1) != 0) seed = HashChildren(proof[i], seed);
  }
  return seed;
}

// Up the right border: every hash there is a left sibling.
Hash ChainBorderRight(Hash seed, std::span<const Hash> proof) {
  for (const Hash& h : proof) seed = HashChildren(h, seed);
  return seed;
}

std::optional<RootMismatch> Match(uint64_t size, const Hash& computed, const Hash& expected) {
  if (computed == expected) return std::nullopt;
  return RootMismatch{size, computed, expected};
}

Status WrongLength(const std::string& what, size_t have, size_t want) {
  return Status::InvalidArgument(what + ": has " + Num(have) + " hashes, want " + Num(want));
}

std::string InclusionWhat(uint64_t index, uint64_t size) {
  return "inclusion proof for index " + Num(index) + " in tree size " + Num(size);
}

std::string ConsistencyWhat(uint64_t old_size, uint64_t new_size) {
  return "consistency proof from size " + Num(old_size) + " to size " + Num(new_size);
}

// The one place a RootMismatch becomes a Status: DataLoss, since the proof was
// well-formed and the hashes disagree; the message carries both roots.
Status MismatchStatus(const std::string& what, const RootMismatch& m) {
  return Status::DataLoss(what + ": computed root " + Base64Encode(m.computed) +
                          " does not match expected root " + Base64Encode(m.expected));
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
  if (index >= size) {
    return Status::InvalidArgument(InclusionWhat(index, size) + ": index is not below the size");
  }
  const ProofShape shape = InclusionProofShape(index, size);
  if (proof.size() != shape.size()) {
    return WrongLength(InclusionWhat(index, size), proof.size(), shape.size());
  }
  const std::span<const Hash> path(proof);
  const Hash inner = ChainInner(leaf_hash, path.first(shape.inner), index);
  return ChainBorderRight(inner, path.subspan(shape.inner));
}

Result<std::optional<RootMismatch>> CheckInclusion(uint64_t index, uint64_t size,
                                                   const Hash& leaf_hash,
                                                   const std::vector<Hash>& proof,
                                                   const Hash& root) {
  LEDGER_ASSIGN_OR_RETURN(const Hash computed,
                          RootFromInclusionProof(index, size, leaf_hash, proof));
  return Match(size, computed, root);
}

Result<std::optional<RootMismatch>> CheckConsistency(uint64_t old_size, uint64_t new_size,
                                                     const Hash& old_root, const Hash& new_root,
                                                     const std::vector<Hash>& proof) {
  const auto what = [&] { return ConsistencyWhat(old_size, new_size); };
  if (old_size > new_size) return Status::InvalidArgument(what() + ": the old size is larger");
  if ((old_size == 0 || old_size == new_size) && !proof.empty()) {
    return WrongLength(what(), proof.size(), 0);
  }
  // Every tree extends the empty one, but a claimed empty tree must have the
  // empty root, or the caller is holding a bogus tree head.
  if (old_size == 0) {
    if (auto m = Match(0, EmptyRoot(), old_root)) return m;
    if (new_size > 0) return std::optional<RootMismatch>();
  }
  if (old_size == new_size) return Match(new_size, old_root, new_root);

  // RFC 9162 section 2.1.4.2: the proof is the tail of the inclusion path of
  // the old tree's last leaf, starting at the largest perfect subtree the old
  // tree ends with (2^shift leaves). The proof opens with that subtree's
  // hash, unless it is the whole old tree, whose hash the verifier holds.
  ProofShape shape = InclusionProofShape(old_size - 1, new_size);
  const int shift = std::countr_zero(old_size);
  shape.inner -= static_cast<size_t>(shift);  // shift < inner when old_size < new_size
  const bool seed_given = !std::has_single_bit(old_size);
  const size_t want = (seed_given ? 1 : 0) + shape.size();
  if (proof.size() != want) return WrongLength(what(), proof.size(), want);
  std::span<const Hash> path(proof);
  const Hash seed = seed_given ? path.front() : old_root;
  if (seed_given) path = path.subspan(1);
  const std::span<const Hash> inner = path.first(shape.inner);
  const std::span<const Hash> border = path.subspan(shape.inner);
  const uint64_t mask = (old_size - 1) >> shift;  // the seed's index on its level

  // The old root takes the left siblings only; the new root takes them all.
  const Hash old_computed = ChainBorderRight(ChainInnerRight(seed, inner, mask), border);
  if (auto m = Match(old_size, old_computed, old_root)) return m;
  return Match(new_size, ChainBorderRight(ChainInner(seed, inner, mask), border), new_root);
}

Status VerifyInclusion(uint64_t index, uint64_t size, const Hash& leaf_hash,
                       const std::vector<Hash>& proof, const Hash& root) {
  LEDGER_ASSIGN_OR_RETURN(const std::optional<RootMismatch> mismatch,
                          CheckInclusion(index, size, leaf_hash, proof, root));
  if (mismatch) return MismatchStatus(InclusionWhat(index, size), *mismatch);
  return Status::Ok();
}

Status VerifyConsistency(uint64_t old_size, uint64_t new_size, const Hash& old_root,
                         const Hash& new_root, const std::vector<Hash>& proof) {
  LEDGER_ASSIGN_OR_RETURN(const std::optional<RootMismatch> mismatch,
                          CheckConsistency(old_size, new_size, old_root, new_root, proof));
  if (!mismatch) return Status::Ok();
  // Which tree's root failed: the old one when the old root was the one
  // expected at the old size; otherwise the new one (compared with the old
  // root itself when the sizes are equal).
  const bool old_tree = mismatch->size == old_size && mismatch->expected == old_root;
  const char* tree = old_tree                 ? "old tree"
                     : old_size == new_size ? "same size, new tree"
                                            : "new tree";
  return MismatchStatus(ConsistencyWhat(old_size, new_size) + ": " + tree, *mismatch);
}

}  // namespace ledger::merkle
