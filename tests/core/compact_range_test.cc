// Tests for the append step shared by the store and the verifier: the nodes
// each leaf completes, a CompactRange's roots, and error propagation.
#include "ledger/compact_range.h"

#include <gtest/gtest.h>

#include <bit>
#include <map>
#include <string>
#include <utility>
#include <vector>

namespace ledger::merkle {
namespace {

std::vector<Hash> MakeLeafHashes(uint64_t n) {
  std::vector<Hash> out;
  for (uint64_t i = 0; i < n; ++i) out.push_back(HashLeaf(AsBytes("leaf " + std::to_string(i))));
  return out;
}

Hash Slice(const std::vector<Hash>& leaves, uint64_t begin, uint64_t end) {
  return RootFromLeafHashes(std::vector<Hash>(leaves.begin() + static_cast<std::ptrdiff_t>(begin),
                                              leaves.begin() + static_cast<std::ptrdiff_t>(end)));
}

using NodeId = std::pair<uint8_t, uint64_t>;  // (level, index)

TEST(CompactRange, RootAtEverySizeIsTheReferenceRoot) {
  const std::vector<Hash> leaves = MakeLeafHashes(70);
  CompactRange range;
  EXPECT_EQ(range.Root(), EmptyRoot());
  for (uint64_t n = 1; n <= leaves.size(); ++n) {
    range.Append(leaves[n - 1]);
    ASSERT_EQ(range.size(), n);
    EXPECT_EQ(range.Root(), Slice(leaves, 0, n)) << "size " << n;
    // One hash per perfect subtree of [0, n), left to right.
    const std::vector<Range> parts = PerfectSubtrees({0, n});
    ASSERT_EQ(range.hashes().size(), parts.size()) << "size " << n;
    for (size_t i = 0; i < parts.size(); ++i) {
      EXPECT_EQ(range.hashes()[i], Slice(leaves, parts[i].begin, parts[i].end));
    }
  }
}

TEST(CompactRange, ReportsEveryCompletedNodeOnce) {
  const std::vector<Hash> leaves = MakeLeafHashes(64);
  CompactRange range;
  std::map<NodeId, Hash> nodes;
  for (uint64_t n = 0; n < leaves.size(); ++n) {
    std::vector<NodeId> seen;
    range.Append(leaves[n], [&](uint8_t level, uint64_t index, const Hash& h) {
      seen.push_back({level, index});
      EXPECT_TRUE(nodes.emplace(NodeId{level, index}, h).second) << "repeated node";
    });
    // The leaf, then one parent per trailing one bit of n, bottom-up.
    ASSERT_EQ(seen.size(), 1u + static_cast<size_t>(std::countr_one(n))) << "leaf " << n;
    for (size_t k = 0; k < seen.size(); ++k) EXPECT_EQ(seen[k], (NodeId{uint8_t(k), n >> k}));
  }
  for (const auto& [id, h] : nodes) {
    const uint64_t begin = id.second << id.first, end = (id.second + 1) << id.first;
    EXPECT_EQ(h, Slice(leaves, begin, end)) << int{id.first} << "/" << id.second;
  }
  EXPECT_EQ(nodes.size(), 2 * leaves.size() - 1);  // a perfect tree of 64 leaves
}

// The store's use: siblings read back from what earlier appends wrote.
TEST(AppendLeaf, FromStoredNodesMatchesTheCompactRange) {
  const std::vector<Hash> leaves = MakeLeafHashes(37);
  std::map<NodeId, Hash> stored;
  CompactRange range;
  std::map<NodeId, Hash> from_range;
  for (uint64_t i = 0; i < leaves.size(); ++i) {
    Status s = AppendLeaf(
        i, leaves[i],
        [&](uint8_t level, uint64_t index) -> Result<Hash> {
          auto it = stored.find({level, index});
          if (it == stored.end()) return Status::DataLoss("missing node");
          return it->second;
        },
        [&](uint8_t level, uint64_t index, const Hash& h) {
          stored[{level, index}] = h;
          return Status::Ok();
        });
    ASSERT_TRUE(s.ok()) << s.ToString();
    range.Append(leaves[i], [&](uint8_t level, uint64_t index, const Hash& h) {
      from_range[{level, index}] = h;
    });
  }
  EXPECT_EQ(stored, from_range);
}

TEST(AppendLeaf, StopsAtTheFirstError) {
  const Hash leaf = HashLeaf(AsBytes("x"));
  int written = 0;
  auto put = [&](uint8_t, uint64_t, const Hash&) {
    ++written;
    return Status::Ok();
  };
  // Leaf 3 needs its sibling (0, 2): a missing one is the store's DataLoss.
  Status s = AppendLeaf(
      3, leaf, [](uint8_t, uint64_t) -> Result<Hash> { return Status::DataLoss("gone"); }, put);
  EXPECT_EQ(s.code(), Code::kDataLoss);
  EXPECT_EQ(written, 1);  // the leaf itself, and nothing above it
  // A failing write stops before any sibling is read.
  int reads = 0;
  s = AppendLeaf(
      3, leaf,
      [&](uint8_t, uint64_t) -> Result<Hash> {
        ++reads;
        return leaf;
      },
      [](uint8_t, uint64_t, const Hash&) { return Status::ResourceExhausted("map full"); });
  EXPECT_EQ(s.code(), Code::kResourceExhausted);
  EXPECT_EQ(reads, 0);
}

}  // namespace
}  // namespace ledger::merkle
