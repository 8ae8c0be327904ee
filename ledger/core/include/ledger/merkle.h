// RFC 6962 / RFC 9162 Merkle tree hashing, proof shape and proof verification.
// Storage-free: proof construction names the subtrees (leaf ranges) whose
// hashes a proof needs; the caller fetches or computes those hashes from any
// storage (see ledger/store.h) and the verifier links this unit alone.
// Format reference: docs/FORMAT.md, section "Merkle tree".
#ifndef LEDGER_MERKLE_H_
#define LEDGER_MERKLE_H_

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "ledger/encoding.h"
#include "ledger/status.h"

namespace ledger::merkle {

// SHA-256(0x00 || leaf)
Hash HashLeaf(ByteView leaf);
// SHA-256(0x01 || left || right)
Hash HashChildren(const Hash& left, const Hash& right);
// SHA-256("") : the root of the empty tree.
Hash EmptyRoot();

// The leaves [begin, end) of a tree. A range is "perfect" when its size is a
// power of two and begin is a multiple of that size: exactly the subtrees a
// store keeps one hash for.
struct Range {
  uint64_t begin = 0;
  uint64_t end = 0;
  uint64_t size() const { return end - begin; }
  bool perfect() const;
  bool operator==(const Range&) const = default;
};

// The largest power of two strictly smaller than n (n >= 2): RFC 6962's split point k.
uint64_t SplitPoint(uint64_t n);

// Splits an RFC 6962 subtree range into the perfect subtrees whose hashes
// determine it, left to right (sizes strictly decreasing). A perfect range
// yields itself. Its hash is FoldRight of their hashes.
std::vector<Range> PerfectSubtrees(Range r);
// Combines hashes of PerfectSubtrees(r), left to right, into MTH of r:
// h[n-2] = HashChildren(h[n-2], h[n-1]) ... down to h[0].
Hash FoldRight(const std::vector<Hash>& hashes);

// RFC 6962 PATH(index, D[0:size]): the subtree ranges whose hashes make the
// inclusion proof, in proof order (nearest the leaf first).
// Precondition: index < size.
std::vector<Range> InclusionProofRanges(uint64_t index, uint64_t size);
// RFC 6962 PROOF(old_size, D[0:new_size]): the subtree ranges of the
// consistency proof, in proof order. Empty when old_size is 0 or equals new_size.
// Precondition: old_size <= new_size.
std::vector<Range> ConsistencyProofRanges(uint64_t old_size, uint64_t new_size);

// Reference MTH over all leaf hashes in memory (tests, small exports).
Hash RootFromLeafHashes(const std::vector<Hash>& leaf_hashes);

// A well-formed proof whose hashes lead to another root than the one held:
// the evidence an auditor reports (transparency-dev's RootMismatchError).
struct RootMismatch {
  uint64_t size = 0;  // the size of the tree whose root did not match
  Hash computed{};    // the root the proof leads to
  Hash expected{};    // the root the caller holds
  bool operator==(const RootMismatch&) const = default;
};

// Proof checks per RFC 9162 sections 2.1.3.2 and 2.1.4.2. A malformed proof
// (wrong length, index out of range, old size above new size) is an
// InvalidArgument status; a well-formed one yields nullopt when every root
// matches, or the first mismatch (for a consistency proof the old tree's is
// checked first; an empty old tree must have the root SHA-256("")).
Result<std::optional<RootMismatch>> CheckInclusion(uint64_t index, uint64_t size,
                                                   const Hash& leaf_hash,
                                                   const std::vector<Hash>& proof,
                                                   const Hash& root);
Result<std::optional<RootMismatch>> CheckConsistency(uint64_t old_size, uint64_t new_size,
                                                     const Hash& old_root, const Hash& new_root,
                                                     const std::vector<Hash>& proof);

// The same checks as one Status: a mismatch becomes DataLoss whose message
// names the proof and the tree and carries both roots ("...: computed root X
// does not match expected root Y").
Status VerifyInclusion(uint64_t index, uint64_t size, const Hash& leaf_hash,
                       const std::vector<Hash>& proof, const Hash& root);
Status VerifyConsistency(uint64_t old_size, uint64_t new_size, const Hash& old_root,
                         const Hash& new_root, const std::vector<Hash>& proof);
// The root an inclusion proof implies (no comparison). Same preconditions as
// VerifyInclusion; InvalidArgument when the proof has the wrong length.
Result<Hash> RootFromInclusionProof(uint64_t index, uint64_t size, const Hash& leaf_hash,
                                    const std::vector<Hash>& proof);

}  // namespace ledger::merkle

#endif  // LEDGER_MERKLE_H_
