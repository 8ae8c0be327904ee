// `ledger mirror`'s core: a remote log served over HTTP is mirrored, grows
// and is mirrored incrementally; a tampered entry and a fork are refused
// and leave the mirror as it was.
#include "api/mirror.h"

#include <gtest/gtest.h>

#include <boost/beast/http.hpp>
#include <filesystem>

#include "api/http_service.h"
#include "api/log_routes.h"
#include "ledger/tiles.h"
#include "util/test_ledger.h"

namespace ledger::api {
namespace {

using testing::ReadAll;
using testing::AppendKeyRegistrations;
using testing::TempDir;
using testing::TestLedger;
namespace http = boost::beast::http;

// Serves a ledger's tiles; `tamper` may rewrite an answer.
std::unique_ptr<HttpService> Serve(const Ledger& l,
                                   std::function<void(const Request&, Response&)> tamper = {}) {
  auto routes = MakeLogRoutes(l, nullptr);
  return HttpService::Start(
             [routes, tamper](const Request& r) {
               auto res = routes(r);
               Response out = res ? std::move(*res) : Response(http::status::not_found, 11);
               if (tamper) tamper(r, out);
               return out;
             },
             {})
      .value();
}

TEST(Mirror, FollowsAndVerifies) {
  TestLedger log;
  AppendKeyRegistrations(*log.ledger, log.root, 600, "a");
  auto server = Serve(*log.ledger);
  const std::string url = "http://127.0.0.1:" + std::to_string(server->port()) + "/";
  TempDir mirror;
  auto first = MirrorOnce(url, mirror.path(), log.ledger->log_key());
  ASSERT_TRUE(first.ok()) << first.status().ToString();
  EXPECT_EQ(first->old_size, 0u);
  EXPECT_EQ(first->new_size, log.ledger->Size());
  EXPECT_EQ(first->bundles_fetched, 3u);

  AppendKeyRegistrations(*log.ledger, log.root, 300, "b");
  auto second = MirrorOnce(url, mirror.path(), log.ledger->log_key());
  ASSERT_TRUE(second.ok()) << second.status().ToString();
  EXPECT_EQ(second->old_size, first->new_size);
  EXPECT_EQ(second->bundles_fetched, 2u);  // the partial one again, and the new one
  EXPECT_EQ(ReadAll(mirror.Sub("checkpoint")), log.ledger->Checkpoint().value());
  // The mirror's files are the log's tiles, byte for byte.
  const uint64_t size = log.ledger->Size();
  for (int level = 0; level < tiles::Levels(size); ++level) {
    const uint64_t n = 0;
    const tiles::TileId t{false, level, n, tiles::WidthAt(level, n, size)};
    auto served = MakeLogRoutes(*log.ledger, nullptr)(
        Request(http::verb::get, "/" + tiles::Path(t), 11));
    EXPECT_EQ(ReadAll(mirror.Sub(tiles::Path(t))), served->body()) << tiles::Path(t);
  }
}

TEST(Mirror, RefusesTamperingAndForks) {
  TestLedger log;
  AppendKeyRegistrations(*log.ledger, log.root, 300, "a");
  // An entry altered in transit.
  auto evil = Serve(*log.ledger, [](const Request& r, Response& res) {
    if (std::string_view(r.target().data(), r.target().size()).starts_with("/tile/entries/001")) {
      res.body()[5] ^= 1;
    }
  });
  TempDir mirror;
  auto bad = MirrorOnce("http://127.0.0.1:" + std::to_string(evil->port()), mirror.path(),
                        log.ledger->log_key());
  EXPECT_EQ(bad.status().code(), Code::kDataLoss) << bad.status().ToString();
  EXPECT_FALSE(std::filesystem::exists(mirror.Sub("checkpoint")));

  // A fork: a copy of the log that diverged after the mirror followed the original.
  log.ledger.reset();
  std::filesystem::copy(log.Dir(), log.dir.Sub("fork"), std::filesystem::copy_options::recursive);
  log.Reopen();
  auto fork = Ledger::Open(log.dir.Sub("fork"), log.Options()).value();
  AppendKeyRegistrations(*log.ledger, log.root, 10, "honest");
  AppendKeyRegistrations(*fork, log.root, 20, "evil");
  auto honest_server = Serve(*log.ledger);
  ASSERT_TRUE(MirrorOnce("http://127.0.0.1:" + std::to_string(honest_server->port()),
                         mirror.path(), log.ledger->log_key())
                  .ok());
  const std::string kept = ReadAll(mirror.Sub("checkpoint"));
  auto fork_server = Serve(*fork);
  auto forked = MirrorOnce("http://127.0.0.1:" + std::to_string(fork_server->port()),
                           mirror.path(), log.ledger->log_key());
  EXPECT_EQ(forked.status().code(), Code::kDataLoss) << forked.status().ToString();
  EXPECT_EQ(ReadAll(mirror.Sub("checkpoint")), kept);
}

}  // namespace
}  // namespace ledger::api
