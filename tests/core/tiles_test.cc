// Tests for tlog-tiles naming and arithmetic: the spec's examples, and the
// root recomputed from in-memory tiles against the reference Merkle root.
#include "ledger/tiles.h"

#include <gtest/gtest.h>

#include <map>

#include "ledger/merkle.h"

namespace ledger::tiles {
namespace {

TEST(Tiles, PathsFromTheSpec) {
  EXPECT_EQ(Path({false, 0, 1234067, 256}), "tile/0/x001/x234/067");
  EXPECT_EQ(Path({false, 2, 0, 17}), "tile/2/000.p/17");
  EXPECT_EQ(Path({true, 0, 5, 3}), "tile/entries/005.p/3");
  for (const char* p : {"tile/0/x001/x234/067", "tile/2/000.p/17", "tile/entries/005.p/3",
                        "tile/63/x018/x446/x744/x073/x709/x551/615"}) {
    auto t = ParsePath(p);
    ASSERT_TRUE(t.ok()) << p;
    EXPECT_EQ(Path(*t), p);
  }
  for (const char* p : {"tile/0/1", "tile/0/x000/001", "tile/00/000", "tile/64/000",
                        "tile/0/000.p/0", "tile/0/000.p/256", "tile/0/000.p/017", "tile/x/000",
                        "tile/0/x001", "tile/entries/", "tiles/0/000"}) {
    EXPECT_FALSE(ParsePath(p).ok()) << p;
  }
}

TEST(Tiles, ShapeOfA70000TreeFromTheSpec) {
  const uint64_t s = 70000;
  EXPECT_EQ(WidthAt(0, 272, s), 256u);
  EXPECT_EQ(WidthAt(0, 273, s), 112u);
  EXPECT_EQ(WidthAt(0, 274, s), 0u);
  EXPECT_EQ(WidthAt(1, 0, s), 256u);
  EXPECT_EQ(WidthAt(1, 1, s), 17u);
  EXPECT_EQ(WidthAt(2, 0, s), 1u);
  EXPECT_EQ(Levels(s), 3);
  EXPECT_EQ(WidthAt(1, 0, 256), 1u);  // "a tree of size 256 ... a partial level 1 tile of width 1"
}

TEST(Tiles, RootFromTilesMatchesReference) {
  for (uint64_t size : {1ull, 2ull, 255ull, 256ull, 257ull, 1000ull, 65536ull, 70001ull}) {
    std::vector<Hash> leaves(size);
    for (uint64_t i = 0; i < size; ++i) {
      leaves[i] = merkle::HashLeaf(AsBytes("leaf " + std::to_string(i)));
    }
    // Level-L hashes: MTH of each complete 256^L run of leaves.
    std::map<int, std::vector<Hash>> levels;
    levels[0] = leaves;
    for (int l = 1; l < 3; ++l) {
      const auto& below = levels[l - 1];
      for (size_t i = 0; i + 256 <= below.size(); i += 256) {
        levels[l].push_back(merkle::RootFromLeafHashes(
            std::vector<Hash>(below.begin() + long(i), below.begin() + long(i + 256))));
      }
    }
    int fetched = 0;
    auto root = RootFromTiles(size, [&](const TileId& t) -> Result<Bytes> {
      ++fetched;
      const auto& hs = levels[t.level];
      Bytes out;
      for (uint64_t i = t.index * 256; i < t.index * 256 + t.width; ++i) {
        out.insert(out.end(), hs.at(i).begin(), hs.at(i).end());
      }
      return out;
    });
    ASSERT_TRUE(root.ok()) << root.status().ToString();
    EXPECT_EQ(*root, merkle::RootFromLeafHashes(leaves)) << size;
  }
}

TEST(Tiles, Bundles) {
  std::string b;
  ASSERT_TRUE(AppendBundleEntry(b, AsBytes("abc")).ok());
  ASSERT_TRUE(AppendBundleEntry(b, AsBytes("")).ok());
  EXPECT_EQ(b, std::string("\0\3abc\0\0", 7));
  auto parsed = ParseBundle(AsBytes(b)).value();
  ASSERT_EQ(parsed.size(), 2u);
  EXPECT_EQ(AsChars(parsed[0]), "abc");
  EXPECT_FALSE(AppendBundleEntry(b, Bytes(65536)).ok());
  EXPECT_FALSE(ParseBundle(AsBytes(std::string("\0\5ab", 4))).ok());
}

}  // namespace
}  // namespace ledger::tiles
