// Tests for the RFC 6962 / RFC 9162 Merkle module: published CT vectors,
// exhaustive proof round trips with tampering, and interop known answers.
#include "ledger/merkle.h"

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "ledger/crypto.h"

namespace ledger::merkle {
namespace {

Hash H(std::string_view hex) {
  auto b = HexDecode(hex);
  EXPECT_TRUE(b.ok()) << hex;
  Hash h{};
  EXPECT_EQ(b->size(), h.size()) << hex;
  std::copy_n(b->begin(), std::min(b->size(), h.size()), h.begin());
  return h;
}

std::string Hex(const Hash& h) { return HexEncode(h); }

// Distinct leaves, so no two subtrees share a hash and any misplaced hash shows.
std::vector<Hash> MakeLeafHashes(uint64_t n) {
  std::vector<Hash> out;
  for (uint64_t i = 0; i < n; ++i) out.push_back(HashLeaf(AsBytes("leaf " + std::to_string(i))));
  return out;
}

// What a store would hand back for a range: the reference MTH of the slice.
Hash RangeHash(const std::vector<Hash>& leaves, Range r) {
  return RootFromLeafHashes(
      std::vector<Hash>(leaves.begin() + static_cast<std::ptrdiff_t>(r.begin),
                        leaves.begin() + static_cast<std::ptrdiff_t>(r.end)));
}

std::vector<Hash> RangeHashes(const std::vector<Hash>& leaves, const std::vector<Range>& ranges) {
  std::vector<Hash> out;
  for (const Range& r : ranges) out.push_back(RangeHash(leaves, r));
  return out;
}

Hash RootOfFirst(const std::vector<Hash>& leaves, uint64_t n) { return RangeHash(leaves, {0, n}); }

Hash Flip(Hash h, size_t byte = 0, uint8_t bit = 0x08) {
  h[byte] ^= bit;
  return h;
}

// ---------------------------------------------------------------------------
// Basic hashing and range shapes.

TEST(MerkleHash, DomainSeparatedSha256) {
  EXPECT_EQ(Hex(EmptyRoot()), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(RootFromLeafHashes({}), EmptyRoot());
  // RFC 6962 leaf hash of the empty leaf: SHA-256(0x00).
  EXPECT_EQ(Hex(HashLeaf({})), "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d");
  const uint8_t zero = 0;
  EXPECT_EQ(HashLeaf({}), Sha256(ByteView(&zero, 1)));
  Hash l = HashLeaf(AsBytes("l")), r = HashLeaf(AsBytes("r"));
  Bytes buf = {0x01};
  buf.insert(buf.end(), l.begin(), l.end());
  buf.insert(buf.end(), r.begin(), r.end());
  EXPECT_EQ(HashChildren(l, r), Sha256(buf));
  EXPECT_NE(HashChildren(l, r), HashChildren(r, l));
}

TEST(MerkleRange, PerfectAndSplitPoint) {
  EXPECT_TRUE((Range{0, 1}).perfect());
  EXPECT_TRUE((Range{5, 6}).perfect());
  EXPECT_TRUE((Range{4, 8}).perfect());
  EXPECT_TRUE((Range{0, 64}).perfect());
  EXPECT_FALSE((Range{0, 0}).perfect());
  EXPECT_FALSE((Range{0, 3}).perfect());
  EXPECT_FALSE((Range{2, 6}).perfect());  // size 4 but not aligned
  EXPECT_FALSE((Range{6, 10}).perfect());
  EXPECT_EQ(SplitPoint(2), 1u);
  EXPECT_EQ(SplitPoint(3), 2u);
  EXPECT_EQ(SplitPoint(4), 2u);
  EXPECT_EQ(SplitPoint(5), 4u);
  EXPECT_EQ(SplitPoint(8), 4u);
  EXPECT_EQ(SplitPoint(9), 8u);
  EXPECT_EQ(SplitPoint(uint64_t{1} << 63), uint64_t{1} << 62);
  EXPECT_EQ(SplitPoint(UINT64_MAX), uint64_t{1} << 63);
}

TEST(MerkleRange, ProofShapesMatchRfc6962Examples) {
  // RFC 6962 section 2.1.3: the tree of 7 leaves d0..d6.
  using R = std::vector<Range>;
  EXPECT_EQ(InclusionProofRanges(0, 7), (R{{1, 2}, {2, 4}, {4, 7}}));  // b, h, l
  EXPECT_EQ(InclusionProofRanges(3, 7), (R{{2, 3}, {0, 2}, {4, 7}}));  // c, g, l
  EXPECT_EQ(InclusionProofRanges(4, 7), (R{{5, 6}, {6, 7}, {0, 4}}));  // f, j, k
  EXPECT_EQ(InclusionProofRanges(6, 7), (R{{4, 6}, {0, 4}}));          // i, k
  EXPECT_EQ(InclusionProofRanges(0, 1), R{});
  EXPECT_EQ(ConsistencyProofRanges(3, 7), (R{{2, 3}, {3, 4}, {0, 2}, {4, 7}}));  // c, d, g, l
  EXPECT_EQ(ConsistencyProofRanges(4, 7), (R{{4, 7}}));                         // l
  EXPECT_EQ(ConsistencyProofRanges(6, 7), (R{{4, 6}, {6, 7}, {0, 4}}));         // i, j, k
  EXPECT_EQ(ConsistencyProofRanges(0, 7), R{});
  EXPECT_EQ(ConsistencyProofRanges(7, 7), R{});
  EXPECT_EQ(PerfectSubtrees({0, 7}), (R{{0, 4}, {4, 6}, {6, 7}}));
  EXPECT_EQ(PerfectSubtrees({4, 8}), (R{{4, 8}}));
  EXPECT_EQ(PerfectSubtrees({0, 0}), R{});
}

// ---------------------------------------------------------------------------
// The Certificate Transparency test vectors (google/certificate-transparency
// cpp/merkletree/merkle_tree_test.cc, as carried on in transparency-dev/merkle
// proof/verify_test.go). Leaf indices here are 0-based.

struct Rfc6962 {
  std::vector<Hash> leaf_hashes;
  std::vector<Hash> roots;  // roots[n] = MTH of the first n leaves
  Rfc6962() {
    for (const char* hex : {"", "00", "10", "2021", "3031", "40414243", "5051525354555657",
                            "606162636465666768696a6b6c6d6e6f"}) {
      leaf_hashes.push_back(HashLeaf(HexDecode(hex).value()));
    }
    for (const char* hex : {"e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
                            "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
                            "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
                            "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
                            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
                            "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
                            "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
                            "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
                            "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328"}) {
      roots.push_back(H(hex));
    }
  }
};

TEST(MerkleRfc6962Vectors, Roots) {
  Rfc6962 v;
  for (uint64_t n = 0; n <= 8; ++n) {
    EXPECT_EQ(Hex(RootOfFirst(v.leaf_hashes, n)), Hex(v.roots[n])) << "size " << n;
    if (n > 0) {
      std::vector<Hash> sub;
      for (const Range& r : PerfectSubtrees({0, n})) sub.push_back(RangeHash(v.leaf_hashes, r));
      EXPECT_EQ(Hex(FoldRight(sub)), Hex(v.roots[n])) << "size " << n;
    }
  }
}

TEST(MerkleRfc6962Vectors, InclusionProofs) {
  Rfc6962 v;
  const struct {
    uint64_t index, size;
    std::vector<const char*> proof;
  } cases[] = {
      {0, 8,
       {"96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
        "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
        "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4"}},
      {5, 8,
       {"bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
        "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
        "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"}},
      {2, 3, {"fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125"}},
      {1, 5,
       {"6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
        "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
        "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b"}},
      {0, 1, {}},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE("leaf " + std::to_string(c.index) + " of " + std::to_string(c.size));
    std::vector<Hash> want;
    for (const char* hex : c.proof) want.push_back(H(hex));
    std::vector<Hash> ours = RangeHashes(v.leaf_hashes, InclusionProofRanges(c.index, c.size));
    ASSERT_EQ(ours.size(), want.size());
    for (size_t i = 0; i < want.size(); ++i) EXPECT_EQ(Hex(ours[i]), Hex(want[i])) << i;
    const Hash& leaf = v.leaf_hashes[c.index];
    EXPECT_TRUE(VerifyInclusion(c.index, c.size, leaf, want, v.roots[c.size]).ok());
    auto root = RootFromInclusionProof(c.index, c.size, leaf, want);
    ASSERT_TRUE(root.ok()) << root.status().ToString();
    EXPECT_EQ(Hex(*root), Hex(v.roots[c.size]));
  }
}

TEST(MerkleRfc6962Vectors, ConsistencyProofs) {
  Rfc6962 v;
  const struct {
    uint64_t old_size, new_size;
    std::vector<const char*> proof;
  } cases[] = {
      {1, 1, {}},
      {1, 8,
       {"96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
        "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
        "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4"}},
      {6, 8,
       {"0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
        "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
        "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"}},
      {2, 5,
       {"5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
        "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b"}},
      {6, 7,
       {"0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
        "b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f",
        "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"}},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(std::to_string(c.old_size) + " -> " + std::to_string(c.new_size));
    std::vector<Hash> want;
    for (const char* hex : c.proof) want.push_back(H(hex));
    std::vector<Hash> ours =
        RangeHashes(v.leaf_hashes, ConsistencyProofRanges(c.old_size, c.new_size));
    ASSERT_EQ(ours.size(), want.size());
    for (size_t i = 0; i < want.size(); ++i) EXPECT_EQ(Hex(ours[i]), Hex(want[i])) << i;
    Status s = VerifyConsistency(c.old_size, c.new_size, v.roots[c.old_size], v.roots[c.new_size],
                                 want);
    EXPECT_TRUE(s.ok()) << s.ToString();
  }
}

// ---------------------------------------------------------------------------
// Exhaustive round trips over small trees, and rejection of altered proofs.

constexpr uint64_t kMaxSize = 64;

void ExpectInclusionRejected(uint64_t index, uint64_t size, const Hash& leaf,
                             const std::vector<Hash>& proof, const Hash& root,
                             const std::string& what) {
  Status s = VerifyInclusion(index, size, leaf, proof, root);
  EXPECT_FALSE(s.ok()) << what << " (index " << index << ", size " << size << ")";
  EXPECT_TRUE(s.code() == Code::kInvalidArgument || s.code() == Code::kDataLoss) << s.ToString();
}

TEST(MerkleExhaustive, InclusionProofsVerifyAndTamperingIsRejected) {
  const std::vector<Hash> leaves = MakeLeafHashes(2 * kMaxSize);
  const Hash some = Sha256(std::string_view("some other hash"));
  for (uint64_t size = 1; size <= kMaxSize; ++size) {
    const Hash root = RootOfFirst(leaves, size);
    for (uint64_t index = 0; index < size; ++index) {
      const std::vector<Hash> proof = RangeHashes(leaves, InclusionProofRanges(index, size));
      const Hash& leaf = leaves[index];
      Status ok = VerifyInclusion(index, size, leaf, proof, root);
      ASSERT_TRUE(ok.ok()) << ok.ToString();
      auto computed = RootFromInclusionProof(index, size, leaf, proof);
      ASSERT_TRUE(computed.ok());
      EXPECT_EQ(*computed, root);

      for (size_t i = 0; i < proof.size(); ++i) {
        std::vector<Hash> bad = proof;
        bad[i] = Flip(bad[i], i % 32, static_cast<uint8_t>(1u << (i % 8)));
        Status s = VerifyInclusion(index, size, leaf, bad, root);
        EXPECT_EQ(s.code(), Code::kDataLoss) << "flipped proof[" << i << "] " << index << "/"
                                             << size;
      }
      EXPECT_EQ(VerifyInclusion(index, size, Flip(leaf), proof, root).code(), Code::kDataLoss);
      EXPECT_EQ(VerifyInclusion(index, size, leaf, proof, Flip(root, 31)).code(),
                Code::kDataLoss);
      EXPECT_EQ(VerifyInclusion(index, size, leaf, proof, EmptyRoot()).code(), Code::kDataLoss);
      if (index > 0) ExpectInclusionRejected(index - 1, size, leaf, proof, root, "index - 1");
      ExpectInclusionRejected(index + 1, size, leaf, proof, root, "index + 1");
      ExpectInclusionRejected(index ^ 2, size, leaf, proof, root, "index ^ 2");
      ExpectInclusionRejected(index, size * 2, leaf, proof, root, "size * 2");
      ExpectInclusionRejected(index, size / 2, leaf, proof, root, "size / 2");
      ExpectInclusionRejected(index, size, leaf, proof, RootOfFirst(leaves, size + 1),
                              "root of size + 1");

      std::vector<Hash> longer = proof;
      longer.push_back(root);
      EXPECT_EQ(VerifyInclusion(index, size, leaf, longer, root).code(), Code::kInvalidArgument);
      std::vector<Hash> prefixed = proof;
      prefixed.insert(prefixed.begin(), some);
      EXPECT_EQ(VerifyInclusion(index, size, leaf, prefixed, root).code(),
                Code::kInvalidArgument);
      if (!proof.empty()) {
        std::vector<Hash> shorter(proof.begin(), proof.end() - 1);
        EXPECT_EQ(VerifyInclusion(index, size, leaf, shorter, root).code(),
                  Code::kInvalidArgument);
        EXPECT_FALSE(RootFromInclusionProof(index, size, leaf, shorter).ok());
      }
    }
    // Out of range.
    EXPECT_EQ(VerifyInclusion(size, size, leaves[size], {}, root).code(), Code::kInvalidArgument);
  }
  EXPECT_EQ(VerifyInclusion(0, 0, leaves[0], {}, EmptyRoot()).code(), Code::kInvalidArgument);
}

TEST(MerkleExhaustive, ConsistencyProofsVerifyAndTamperingIsRejected) {
  const std::vector<Hash> leaves = MakeLeafHashes(2 * kMaxSize);
  std::vector<Hash> roots;
  for (uint64_t n = 0; n <= 2 * kMaxSize; ++n) roots.push_back(RootOfFirst(leaves, n));
  const Hash some = Sha256(std::string_view("some other hash"));

  for (uint64_t n = 0; n <= kMaxSize; ++n) {
    for (uint64_t m = 0; m <= n; ++m) {
      SCOPED_TRACE(std::to_string(m) + " -> " + std::to_string(n));
      const std::vector<Hash> proof = RangeHashes(leaves, ConsistencyProofRanges(m, n));
      Status ok = VerifyConsistency(m, n, roots[m], roots[n], proof);
      ASSERT_TRUE(ok.ok()) << ok.ToString();
      EXPECT_EQ(proof.empty(), m == 0 || m == n);

      // Appending to an empty or equal-sized proof, or swapping roots.
      std::vector<Hash> longer = proof;
      longer.push_back(roots[n]);
      EXPECT_EQ(VerifyConsistency(m, n, roots[m], roots[n], longer).code(),
                Code::kInvalidArgument);
      std::vector<Hash> prefixed = proof;
      prefixed.insert(prefixed.begin(), some);
      EXPECT_EQ(VerifyConsistency(m, n, roots[m], roots[n], prefixed).code(),
                Code::kInvalidArgument);
      EXPECT_EQ(VerifyConsistency(m, n, Flip(roots[m]), roots[n], proof).code(),
                Code::kDataLoss);
      if (m == 0) continue;  // any new root extends the empty tree
      EXPECT_EQ(VerifyConsistency(m, n, roots[m], Flip(roots[n]), proof).code(),
                Code::kDataLoss);
      if (m == n) continue;
      EXPECT_FALSE(VerifyConsistency(m, n, roots[n], roots[m], proof).ok()) << "swapped roots";

      for (size_t i = 0; i < proof.size(); ++i) {
        std::vector<Hash> bad = proof;
        bad[i] = Flip(bad[i], i % 32, static_cast<uint8_t>(0x10u >> (i % 5)));
        EXPECT_EQ(VerifyConsistency(m, n, roots[m], roots[n], bad).code(), Code::kDataLoss)
            << "flipped proof[" << i << "]";
      }
      std::vector<Hash> shorter(proof.begin(), proof.end() - 1);
      EXPECT_EQ(VerifyConsistency(m, n, roots[m], roots[n], shorter).code(),
                Code::kInvalidArgument);
      EXPECT_EQ(VerifyConsistency(m, n, roots[m], roots[n], {}).code(), Code::kInvalidArgument);
      // Wrong sizes, each with the roots that would belong to them where
      // possible, so only the proof's shape can catch it.
      EXPECT_FALSE(VerifyConsistency(m - 1, n, roots[m - 1], roots[n], proof).ok()) << "m - 1";
      EXPECT_FALSE(VerifyConsistency(m + 1, n, roots[m + 1], roots[n], proof).ok()) << "m + 1";
      if ((m ^ 2) <= n) {
        EXPECT_FALSE(VerifyConsistency(m ^ 2, n, roots[m ^ 2], roots[n], proof).ok()) << "m ^ 2";
      }
      EXPECT_FALSE(VerifyConsistency(m, n * 2, roots[m], roots[n * 2], proof).ok()) << "n * 2";
      EXPECT_FALSE(VerifyConsistency(m, n + 1, roots[m], roots[n + 1], proof).ok()) << "n + 1";
      EXPECT_FALSE(VerifyConsistency(m, n / 2, roots[m], roots[n], proof).ok()) << "n / 2";
      // The old tree's claimed size against the old root it does not have.
      EXPECT_FALSE(VerifyConsistency(m, n, roots[m - 1], roots[n], proof).ok());
    }
  }
  EXPECT_EQ(VerifyConsistency(2, 1, roots[2], roots[1], {}).code(), Code::kInvalidArgument);
  EXPECT_EQ(VerifyConsistency(1, 0, roots[1], roots[0], {}).code(), Code::kInvalidArgument);
}

TEST(MerkleExhaustive, PerfectSubtreesFoldToTheRangeHash) {
  const std::vector<Hash> leaves = MakeLeafHashes(kMaxSize);
  auto check = [&](Range r) {
    const std::vector<Range> parts = PerfectSubtrees(r);
    ASSERT_FALSE(parts.empty());
    EXPECT_EQ(parts.front().begin, r.begin);
    EXPECT_EQ(parts.back().end, r.end);
    for (size_t i = 0; i < parts.size(); ++i) {
      EXPECT_TRUE(parts[i].perfect()) << parts[i].begin << ".." << parts[i].end;
      if (i > 0) {
        EXPECT_EQ(parts[i].begin, parts[i - 1].end);
        EXPECT_LT(parts[i].size(), parts[i - 1].size());
      }
    }
    EXPECT_EQ(FoldRight(RangeHashes(leaves, parts)), RangeHash(leaves, r))
        << "range " << r.begin << ".." << r.end;
  };
  for (uint64_t n = 1; n <= kMaxSize; ++n) {
    SCOPED_TRACE("size " + std::to_string(n));
    check({0, n});
    for (uint64_t i = 0; i < n; ++i) {
      for (const Range& r : InclusionProofRanges(i, n)) check(r);
    }
    for (uint64_t m = 0; m <= n; ++m) {
      for (const Range& r : ConsistencyProofRanges(m, n)) check(r);
    }
  }
  EXPECT_EQ(FoldRight({}), EmptyRoot());
  const Hash one = leaves[0];
  EXPECT_EQ(FoldRight({one}), one);
}

TEST(MerkleErrors, MessagesCarryTheEvidence) {
  const std::vector<Hash> leaves = MakeLeafHashes(7);
  const Hash root = RootOfFirst(leaves, 7);
  const std::vector<Hash> proof = RangeHashes(leaves, InclusionProofRanges(4, 7));
  const Hash wrong = Flip(root);
  Status s = VerifyInclusion(4, 7, leaves[4], proof, wrong);
  EXPECT_EQ(s.code(), Code::kDataLoss);
  EXPECT_NE(s.message().find(Base64Encode(root)), std::string::npos) << s.message();
  EXPECT_NE(s.message().find(Base64Encode(wrong)), std::string::npos) << s.message();
  EXPECT_NE(s.message().find("index 4"), std::string::npos) << s.message();
  EXPECT_NE(s.message().find("size 7"), std::string::npos) << s.message();

  s = VerifyInclusion(4, 7, leaves[4], {proof[0]}, root);
  EXPECT_EQ(s.code(), Code::kInvalidArgument);
  EXPECT_NE(s.message().find("has 1 hashes, want 3"), std::string::npos) << s.message();

  const Hash root3 = RootOfFirst(leaves, 3);
  const std::vector<Hash> cproof = RangeHashes(leaves, ConsistencyProofRanges(3, 7));
  s = VerifyConsistency(3, 7, Flip(root3), root, cproof);
  EXPECT_EQ(s.code(), Code::kDataLoss);
  EXPECT_NE(s.message().find("old"), std::string::npos) << s.message();
  EXPECT_NE(s.message().find(Base64Encode(root3)), std::string::npos) << s.message();
  EXPECT_NE(s.message().find(Base64Encode(Flip(root3))), std::string::npos) << s.message();
  s = VerifyConsistency(3, 7, root3, wrong, cproof);
  EXPECT_EQ(s.code(), Code::kDataLoss);
  EXPECT_NE(s.message().find("new"), std::string::npos) << s.message();
  EXPECT_NE(s.message().find(Base64Encode(root)), std::string::npos) << s.message();
  EXPECT_NE(s.message().find(Base64Encode(wrong)), std::string::npos) << s.message();

  // Trivial cases (RFC 9162 section 2.1.4.2 and transparency-dev's table).
  EXPECT_TRUE(VerifyConsistency(0, 0, EmptyRoot(), EmptyRoot(), {}).ok());
  EXPECT_TRUE(VerifyConsistency(0, 7, EmptyRoot(), root, {}).ok());
  EXPECT_EQ(VerifyConsistency(0, 7, root3, root, {}).code(), Code::kDataLoss);
  EXPECT_EQ(VerifyConsistency(0, 0, EmptyRoot(), root, {}).code(), Code::kDataLoss);
  EXPECT_EQ(VerifyConsistency(0, 7, EmptyRoot(), root, {root}).code(), Code::kInvalidArgument);
  EXPECT_EQ(VerifyConsistency(7, 7, root, root, {root}).code(), Code::kInvalidArgument);
  EXPECT_EQ(VerifyConsistency(7, 7, root, wrong, {}).code(), Code::kDataLoss);
  EXPECT_EQ(VerifyConsistency(3, 7, root3, root, {}).code(), Code::kInvalidArgument);
}

TEST(MerkleErrors, MismatchesAreTypedEvidence) {
  const std::vector<Hash> leaves = MakeLeafHashes(7);
  const Hash root = RootOfFirst(leaves, 7);
  const Hash wrong = Flip(root);
  const std::vector<Hash> proof = RangeHashes(leaves, InclusionProofRanges(4, 7));
  auto c = CheckInclusion(4, 7, leaves[4], proof, root);
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  EXPECT_FALSE(c->has_value());
  c = CheckInclusion(4, 7, leaves[4], proof, wrong);
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  EXPECT_EQ(*c, (RootMismatch{7, root, wrong}));
  EXPECT_EQ(CheckInclusion(4, 7, leaves[4], {proof[0]}, root).status().code(),
            Code::kInvalidArgument);
  EXPECT_EQ(CheckInclusion(7, 7, leaves[4], proof, root).status().code(), Code::kInvalidArgument);

  const Hash root3 = RootOfFirst(leaves, 3);
  const std::vector<Hash> cproof = RangeHashes(leaves, ConsistencyProofRanges(3, 7));
  auto k = CheckConsistency(3, 7, root3, root, cproof);
  ASSERT_TRUE(k.ok()) << k.status().ToString();
  EXPECT_FALSE(k->has_value());
  // The old tree is checked first, then the new one.
  k = CheckConsistency(3, 7, Flip(root3), wrong, cproof);
  ASSERT_TRUE(k.ok()) << k.status().ToString();
  EXPECT_EQ(*k, (RootMismatch{3, root3, Flip(root3)}));
  k = CheckConsistency(3, 7, root3, wrong, cproof);
  ASSERT_TRUE(k.ok()) << k.status().ToString();
  EXPECT_EQ(*k, (RootMismatch{7, root, wrong}));
  EXPECT_EQ(CheckConsistency(3, 7, root3, root, {}).status().code(), Code::kInvalidArgument);
  EXPECT_EQ(CheckConsistency(7, 3, root, root3, {}).status().code(), Code::kInvalidArgument);

  // Trivial sizes: an empty old tree must have the empty root; equal sizes,
  // equal roots.
  EXPECT_EQ(*CheckConsistency(0, 7, root3, root, {}), (RootMismatch{0, EmptyRoot(), root3}));
  EXPECT_EQ(*CheckConsistency(0, 0, EmptyRoot(), root, {}),
            (RootMismatch{0, EmptyRoot(), root}));
  EXPECT_EQ(*CheckConsistency(7, 7, root, wrong, {}), (RootMismatch{7, root, wrong}));
  EXPECT_FALSE(CheckConsistency(0, 7, EmptyRoot(), root, {})->has_value());
  EXPECT_FALSE(CheckConsistency(7, 7, root, root, {})->has_value());

  // Each becomes a Status in one place, naming the tree as before.
  EXPECT_NE(VerifyConsistency(3, 7, Flip(root3), root, cproof).message().find(": old tree: "),
            std::string::npos);
  EXPECT_NE(VerifyConsistency(3, 7, root3, wrong, cproof).message().find(": new tree: "),
            std::string::npos);
  EXPECT_NE(VerifyConsistency(7, 7, root, wrong, {}).message().find(": same size, new tree: "),
            std::string::npos);
  EXPECT_NE(VerifyConsistency(0, 7, root3, root, {}).message().find(": old tree: "),
            std::string::npos);
}

// ---------------------------------------------------------------------------
// Known answers produced by an independent implementation (interop self-test
// files in tests/testdata/format-examples).

std::string ReadFile(const std::string& name) {
  std::ifstream in(std::string(LEDGER_TESTDATA) + "/format-examples/" + name, std::ios::binary);
  EXPECT_TRUE(in.good()) << name;
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start < text.size()) {
    size_t nl = text.find('\n', start);
    if (nl == std::string::npos) nl = text.size();
    out.push_back(text.substr(start, nl - start));
    start = nl + 1;
  }
  return out;
}

Hash DecodeHash(std::string_view b64) {
  auto h = Base64DecodeHash(b64);
  EXPECT_TRUE(h.ok()) << b64;
  return h.ok() ? *h : Hash{};
}

// A checkpoint's third line is the base64 root; the second its size.
Hash CheckpointRoot(const std::string& text, uint64_t want_size) {
  std::vector<std::string> lines = Lines(text);
  EXPECT_GE(lines.size(), 3u);
  if (lines.size() < 3) return {};
  EXPECT_EQ(lines[1], std::to_string(want_size));
  return DecodeHash(lines[2]);
}

std::string_view Sv(const boost::json::value& v) {
  const boost::json::string& s = v.as_string();
  return {s.data(), s.size()};
}

std::vector<Hash> JsonHashes(const boost::json::value& v) {
  std::vector<Hash> out;
  for (const auto& h : v.as_array()) out.push_back(DecodeHash(Sv(h)));
  return out;
}

TEST(MerkleFormatExamples, MatchesIndependentImplementation) {
  const std::vector<std::string> lines = Lines(ReadFile("leaves-07.txt"));
  ASSERT_EQ(lines.size(), 7u);
  EXPECT_TRUE(lines[0].empty());  // the empty leaf
  std::vector<Hash> leaves;
  for (const std::string& line : lines) {
    auto bytes = Base64Decode(line);
    ASSERT_TRUE(bytes.ok()) << line;
    leaves.push_back(HashLeaf(*bytes));
  }

  const Hash root0 = CheckpointRoot(ReadFile("checkpoint-00.txt"), 0);
  const Hash root3 = CheckpointRoot(ReadFile("checkpoint-03.txt"), 3);
  const Hash root7 = CheckpointRoot(ReadFile("checkpoint-07.txt"), 7);
  EXPECT_EQ(Base64Encode(EmptyRoot()), Base64Encode(root0));
  EXPECT_EQ(Base64Encode(RootOfFirst(leaves, 3)), Base64Encode(root3));
  EXPECT_EQ(Base64Encode(RootFromLeafHashes(leaves)), Base64Encode(root7));

  {
    const boost::json::object incl = boost::json::parse(ReadFile("inclusion-07-04.json")).as_object();
    ASSERT_EQ(incl.at("index").to_number<uint64_t>(), 4u);
    ASSERT_EQ(incl.at("tree_size").to_number<uint64_t>(), 7u);
    const Hash leaf_hash = DecodeHash(Sv(incl.at("leaf_hash")));
    EXPECT_EQ(Base64Encode(leaf_hash), Base64Encode(leaves[4]));
    auto leaf = Base64Decode(Sv(incl.at("leaf")));
    ASSERT_TRUE(leaf.ok());
    EXPECT_EQ(HashLeaf(*leaf), leaf_hash);
    const Hash cp_root = CheckpointRoot(std::string(Sv(incl.at("checkpoint"))), 7);
    EXPECT_EQ(cp_root, root7);

    const std::vector<Hash> want = JsonHashes(incl.at("hashes"));
    const std::vector<Hash> ours = RangeHashes(leaves, InclusionProofRanges(4, 7));
    ASSERT_EQ(ours.size(), want.size());
    for (size_t i = 0; i < want.size(); ++i) {
      EXPECT_EQ(Base64Encode(ours[i]), Base64Encode(want[i])) << i;
    }
    Status s = VerifyInclusion(4, 7, leaf_hash, want, cp_root);
    EXPECT_TRUE(s.ok()) << s.ToString();
  }
  {
    const boost::json::object cons =
        boost::json::parse(ReadFile("consistency-03-07.json")).as_object();
    ASSERT_EQ(cons.at("old_size").to_number<uint64_t>(), 3u);
    ASSERT_EQ(cons.at("new_size").to_number<uint64_t>(), 7u);
    const std::vector<Hash> want = JsonHashes(cons.at("hashes"));
    const std::vector<Hash> ours = RangeHashes(leaves, ConsistencyProofRanges(3, 7));
    ASSERT_EQ(ours.size(), want.size());
    for (size_t i = 0; i < want.size(); ++i) {
      EXPECT_EQ(Base64Encode(ours[i]), Base64Encode(want[i])) << i;
    }
    Status s = VerifyConsistency(3, 7, root3, root7, want);
    EXPECT_TRUE(s.ok()) << s.ToString();
  }
}

}  // namespace
}  // namespace ledger::merkle
