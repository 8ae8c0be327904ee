// tlog-tiles out of a ledger of 70,000+ records: the exported files alone
// give back the checkpoint's root, entry bundles hash to the level-0 tiles,
// a re-export only writes what grew, and the HTTP routes agree.
#include "api/tiles.h"

#include <gtest/gtest.h>

#include <boost/beast/http.hpp>
#include <filesystem>

#include "api/log_routes.h"
#include "ledger/merkle.h"
#include "util/test_ledger.h"

namespace ledger::api {
namespace {

using testing::ReadAll;
using testing::RegisterKey;
using testing::TempDir;
using testing::TestLedger;

void Grow(Ledger& l, const SigningKey& root, uint64_t n, const std::string& tag) {
  for (uint64_t done = 0; done < n;) {
    std::vector<Submission> batch;
    for (; batch.size() < 2000 && done < n; ++done) {
      batch.push_back(RegisterKey(root, SigningKey::Generate().public_key(),
                                  "k" + std::to_string(done), "authority", R"(["mn.test"])",
                                  tag + std::to_string(done)));
    }
    for (const auto& o : l.AppendBatch(batch)) ASSERT_TRUE(o.status.ok()) << o.status.ToString();
  }
}

Result<Bytes> FileBytes(const std::string& path) {
  if (!std::filesystem::exists(path)) return Status::NotFound(path);
  std::string s = ReadAll(path);
  return Bytes(s.begin(), s.end());
}

TEST(Tiles, RootFromExportedTilesOf70000Records) {
  TestLedger log;
  Grow(*log.ledger, log.root, 70'000, "a");
  const uint64_t size = log.ledger->Size();
  ASSERT_GE(size, 70'000u);
  TempDir out;
  auto st = ExportTiles(*log.ledger, out.path());
  ASSERT_TRUE(st.ok()) << st.status().ToString();
  EXPECT_EQ(st->size, size);
  EXPECT_EQ(st->kept, 0u);

  // Only the files: checkpoint, then tiles.
  std::string checkpoint = ReadAll(out.Sub("checkpoint"));
  auto cp = note::OpenCheckpoint(checkpoint, log.ledger->log_key());
  ASSERT_TRUE(cp.ok()) << cp.status().ToString();
  ASSERT_EQ(cp->size, size);
  auto root = tiles::RootFromTiles(size, [&](const tiles::TileId& t) {
    return FileBytes(out.Sub(tiles::Path(t)));
  });
  ASSERT_TRUE(root.ok()) << root.status().ToString();
  EXPECT_EQ(*root, cp->root);

  // Entry bundles hold the record bytes, hashing to the level-0 tile.
  const uint64_t last = size / 256;
  for (uint64_t n : {uint64_t{0}, uint64_t{137}, last}) {
    tiles::TileId bundle{true, 0, n, tiles::WidthAt(0, n, size)};
    tiles::TileId hashes{false, 0, n, bundle.width};
    auto entries = tiles::ParseBundle(FileBytes(out.Sub(tiles::Path(bundle))).value()).value();
    Bytes tile = FileBytes(out.Sub(tiles::Path(hashes))).value();
    ASSERT_EQ(entries.size(), bundle.width);
    for (size_t i = 0; i < entries.size(); ++i) {
      Hash h = merkle::HashLeaf(entries[i]);
      ASSERT_TRUE(std::equal(h.begin(), h.end(), tile.begin() + long(32 * i))) << n << " " << i;
      EXPECT_EQ(entries[i], log.ledger->RecordBytes(n * 256 + i).value());
    }
  }

  // Growing by 300 and exporting again rewrites only the tail.
  Grow(*log.ledger, log.root, 300, "b");
  auto again = ExportTiles(*log.ledger, out.path());
  ASSERT_TRUE(again.ok());
  EXPECT_GT(again->kept, 500u);
  EXPECT_LT(again->written, 10u);
  const uint64_t size2 = log.ledger->Size();
  auto root2 = tiles::RootFromTiles(size2, [&](const tiles::TileId& t) {
    return FileBytes(out.Sub(tiles::Path(t)));
  });
  ASSERT_TRUE(root2.ok());
  EXPECT_EQ(*root2, log.ledger->RootAt(size2).value());

  // Over HTTP: the same bytes; full tiles immutable; old partial tiles still served.
  auto routes = MakeLogRoutes(*log.ledger, nullptr);
  namespace http = boost::beast::http;
  auto get = [&](const std::string& target) {
    return routes(Request(http::verb::get, target, 11));
  };
  auto full = get("/tile/0/001");
  ASSERT_TRUE(full);
  EXPECT_EQ(full->result_int(), 200u);
  EXPECT_EQ(full->body(), ReadAll(out.Sub("tile/0/001")));
  const auto cache = full->base()[http::field::cache_control];
  EXPECT_NE(std::string(cache.data(), cache.size()).find("immutable"), std::string::npos);
  const tiles::TileId old_partial{false, 0, last, tiles::WidthAt(0, last, size)};
  auto partial = get("/" + tiles::Path(old_partial));
  ASSERT_TRUE(partial);
  EXPECT_EQ(partial->result_int(), 200u);
  EXPECT_EQ(partial->body().size(), 32u * old_partial.width);
  EXPECT_EQ(get("/tile/0/x009/000")->result_int(), 404u);  // past the end
  EXPECT_EQ(get("/tile/0/1")->result_int(), 404u);         // not a tile path
  auto plain = get("/checkpoint");
  ASSERT_TRUE(plain);
  EXPECT_EQ(plain->body(), log.ledger->Checkpoint().value());
  EXPECT_FALSE(get("/v1/checkpoint"));  // without witnesses the API answers as before
}

}  // namespace
}  // namespace ledger::api
