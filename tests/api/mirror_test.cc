// `ledger mirror`'s core: a civil-service log served over HTTP is mirrored
// into a replica that audits clean and serves the same checkpoint and views,
// grows and is mirrored incrementally; a forged copy of the log (signed with
// its key), a fork, a rollback and rules that derive other flags are named,
// leave the replica's data.mdb as it was, and leave both checkpoints as evidence.
#include "api/mirror.h"

#include <gtest/gtest.h>

#include <boost/beast/http.hpp>
#include <filesystem>

#include "api/api_fixture.h"
#include "api/http_service.h"
#include "api/log_routes.h"
#include "ledger/key_files.h"
#include "ledger/layout.h"
#include "ledger/tiles.h"
#include "verifier/audit.h"

namespace ledger::api {
namespace {

using testing::AppendKeyRegistrations;
using testing::ReadAll;
using testing::TempDir;
namespace fs = std::filesystem;
namespace http = boost::beast::http;

// Serves a ledger's API with the tlog-tiles routes beside it, as `ledger serve` does.
struct Served {
  Served(Ledger& l, projections::CivilState& state) {
    RouterOptions o;
    o.extra_routes = MakeLogRoutes(l, nullptr);
    router = std::make_unique<Router>(l, state, nullptr, o);
    ServerOptions so;
    so.address = "127.0.0.1";
    so.port = 0;
    server = Server::Start(*router, so).value();
  }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(server->port()); }
  std::unique_ptr<Router> router;
  std::unique_ptr<Server> server;
};

// A log that signs what it should not: `l`'s records with one byte of
// record `bad`'s signature changed, and tiles and a checkpoint recomputed
// and signed with the log's own key. Only the latest checkpoint is served.
std::unique_ptr<HttpService> ServeForged(const Ledger& l, const SigningKey& log_key, uint64_t bad) {
  std::vector<Bytes> records;
  EXPECT_TRUE(l.ForEachRecord(0, l.Size(), [&](uint64_t, ByteView b) {
                 records.emplace_back(b.begin(), b.end());
                 return Status::Ok();
               }).ok());
  const Signature sig = DecodeRecord(records[bad]).value().submission.signature;
  auto at = std::search(records[bad].begin(), records[bad].end(), sig.begin(), sig.end());
  *at ^= 1;
  std::vector<Hash> leaves;
  for (const Bytes& r : records) leaves.push_back(merkle::HashLeaf(r));
  const std::string checkpoint =
      note::SignCheckpoint({l.origin(), records.size(), merkle::RootFromLeafHashes(leaves)}, log_key)
          .value();
  return HttpService::Start(
             [=](const Request& r) {
               const std::string target(r.target());
               Response res(http::status::ok, 11);
               auto t = tiles::ParsePath(target.substr(1));
               if (target == "/checkpoint") {
                 res.body() = checkpoint;
               } else if (t.ok() && t->level == 0) {
                 const uint64_t from = t->index * tiles::kTileWidth;
                 for (uint64_t i = from; i < from + t->width && i < records.size(); ++i) {
                   if (t->entries) {
                     EXPECT_TRUE(tiles::AppendBundleEntry(res.body(), records[i]).ok());
                   } else {
                     res.body().append(AsChars(leaves[i]));
                   }
                 }
               } else {
                 res.result(http::status::not_found);
               }
               res.prepare_payload();
               return res;
             },
             {})
      .value();
}

class MirrorTest : public testing::ApiTest {
 protected:
  MirrorTest() {
    AppendKeyRegistrations(*t.ledger, t.root, 600, "a");
    // Before the recording day (2024-01-10): the second holder is the first flag.
    Ok("appointment.made", Appointment("person.1", kPost, "2024-01-08"));
    AppendOutcome second = Ok("appointment.made", Appointment("person.2", kPost, "2024-01-09"));
    EXPECT_TRUE(testing::HasFlag(second, "second-holder"));
    flagged_seq = second.seq;
    replica = CreateReplica(true);
  }

  // A replica with the civil rules (`with_rules`) or none.
  std::unique_ptr<Ledger> CreateReplica(bool with_rules, const std::string& name = "replica") {
    LedgerOptions o;
    o.initial_map_bytes = size_t{64} << 20;
    if (with_rules) o.hooks = {std::make_shared<projections::CivilState>()};
    return Ledger::CreateReplica(tmp.Sub(name), t.ledger->log_key(), o).value();
  }
  MirrorOptions Options(const std::string& name = "replica") const {
    MirrorOptions o;
    o.batch_records = 256;
    o.evidence_dir = tmp.Sub(name + "/evidence");
    return o;
  }
  std::string DataFile(const std::string& name = "replica") const {
    return ReadAll(layout::PathIn(tmp.Sub(name), layout::kDataFile));
  }
  // The files in the evidence directory, by suffix ("-old.checkpoint", ...).
  std::map<std::string, std::string> Evidence(const std::string& name = "replica") const {
    std::map<std::string, std::string> out;
    std::error_code ec;
    for (const auto& e : fs::directory_iterator(tmp.Sub(name + "/evidence"), ec)) {
      const std::string f = e.path().filename().string();
      out[f.substr(f.find('-'))] = ReadAll(e.path().string());
    }
    return out;
  }

  TempDir tmp;
  uint64_t flagged_seq = 0;
  std::unique_ptr<Ledger> replica;
};

TEST_F(MirrorTest, KeepsAReplicaThatAuditsAndServesLikeTheLog) {
  Served source(*t.ledger, *state);
  auto first = MirrorOnce(source.url(), *replica, Options());
  ASSERT_TRUE(first.ok()) << first.status().ToString();
  EXPECT_EQ(first->old_size, 0u);
  EXPECT_EQ(first->new_size, t.ledger->Size());
  EXPECT_EQ(first->batches, 3u);  // 256, 512, then the rest: each sealed by its own checkpoint
  EXPECT_EQ(replica->Checkpoint().value(), t.ledger->Checkpoint().value());
  EXPECT_EQ(replica->GetRecord(flagged_seq).value(), t.ledger->GetRecord(flagged_seq).value());

  // Grows; the next round fetches only what is new (from the partial tile on).
  AppendKeyRegistrations(*t.ledger, t.root, 300, "b");
  Today("2024-02-01");
  Ok("dismissal.made", Dismissal("person.1", kPost, "2024-02-01"));
  auto second = MirrorOnce(source.url(), *replica, Options());
  ASSERT_TRUE(second.ok()) << second.status().ToString();
  EXPECT_EQ(second->old_size, first->new_size);
  EXPECT_EQ(second->new_size, t.ledger->Size());
  EXPECT_EQ(second->bundles_fetched, 2u);
  auto again = MirrorOnce(source.url(), *replica, Options());
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->bundles_fetched, 0u);

  // The auditor passes it under the log's key.
  verify::AuditOptions audit;
  audit.log_key = t.ledger->log_key();
  auto report = verify::AuditLedgerDir(tmp.Sub("replica"), audit);
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  EXPECT_TRUE(report->ok()) << report->ToText();
  EXPECT_EQ(report->records, t.ledger->Size());

  // Opened read-only, it answers as the log does.
  replica.reset();
  auto replica_state = std::make_shared<projections::CivilState>();
  LedgerOptions ro;
  ro.read_only = true;
  ro.hooks = {replica_state};
  auto copy = Ledger::Open(tmp.Sub("replica"), ro).value();
  Router copy_router(*copy, *replica_state, nullptr, {});
  for (const std::string& target : std::vector<std::string>{"/v1/checkpoint", "/v1/views/holders?org=mn.cabinet-secretariat",
        "/v1/events/" + std::to_string(flagged_seq)}) {
    auto theirs = router->Handle(Request(http::verb::get, target, 11));
    auto ours = copy_router.Handle(Request(http::verb::get, target, 11));
    EXPECT_EQ(ours.result_int(), 200) << target;
    EXPECT_EQ(ours.body(), theirs.body()) << target;
  }
  EXPECT_NE(copy_router.Handle(Request(http::verb::get, "/v1/views/holders?org=mn.cabinet-secretariat", 11))
                .body()
                .find("person.2"),
            std::string::npos);
}

TEST_F(MirrorTest, AForgedLogIsNamedAndChangesNothing) {
  {
    Served source(*t.ledger, *state);
    ASSERT_TRUE(MirrorOnce(source.url(), *replica, Options()).ok());
  }
  const std::string kept = replica->Checkpoint().value();
  AppendKeyRegistrations(*t.ledger, t.root, 300, "b");
  const uint64_t bad = t.ledger->Size() - 100;
  const SigningKey log_key = ReadKeyFiles(t.Dir(), true).value().signing_key.value();
  auto forged = ServeForged(*t.ledger, log_key, bad);
  const std::string before = DataFile();

  auto st = MirrorOnce("http://127.0.0.1:" + std::to_string(forged->port()), *replica, Options());
  ASSERT_EQ(st.status().code(), Code::kDataLoss) << st.status().ToString();
  EXPECT_TRUE(st.status().message().starts_with("signature at seq " + std::to_string(bad)))
      << st.status().ToString();
  EXPECT_TRUE(DataFile() == before) << "the refused round changed data.mdb";
  EXPECT_EQ(replica->Checkpoint().value(), kept);
  auto evidence = Evidence();
  EXPECT_EQ(evidence["-old.checkpoint"], kept);
  EXPECT_NE(evidence["-new.checkpoint"].find("\n" + std::to_string(t.ledger->Size()) + "\n"),
            std::string::npos);
  EXPECT_NE(st.status().message().find("evidence: "), std::string::npos);
}

TEST_F(MirrorTest, AForkAndARollbackAreNamedAndChangeNothing) {
  // A copy of the log that diverges after the replica followed the original.
  std::unique_ptr<Appender> stopped = std::move(appender);
  stopped.reset();
  router.reset();
  t.ledger.reset();
  fs::copy(t.Dir(), tmp.Sub("fork"), fs::copy_options::recursive);
  fs::copy(t.Dir(), tmp.Sub("stale"), fs::copy_options::recursive);
  t.Reopen();
  auto fork_state = std::make_shared<projections::CivilState>();
  LedgerOptions fo = t.Options();
  fo.hooks = {fork_state};
  auto fork = Ledger::Open(tmp.Sub("fork"), fo).value();
  AppendKeyRegistrations(*t.ledger, t.root, 10, "honest");
  AppendKeyRegistrations(*fork, t.root, 20, "evil");
  {
    Served honest(*t.ledger, *state);
    ASSERT_TRUE(MirrorOnce(honest.url(), *replica, Options()).ok());
  }
  const std::string kept = replica->Checkpoint().value();
  const std::string before = DataFile();
  const uint64_t diverged = t.ledger->Size() - 10;

  Served forked(*fork, *fork_state);
  auto st = MirrorOnce(forked.url(), *replica, Options());
  ASSERT_EQ(st.status().code(), Code::kDataLoss) << st.status().ToString();
  EXPECT_TRUE(st.status().message().starts_with("fork at seq " + std::to_string(diverged)))
      << st.status().ToString();
  EXPECT_TRUE(DataFile() == before);
  auto evidence = Evidence();
  EXPECT_EQ(evidence["-old.checkpoint"], kept);
  EXPECT_EQ(evidence["-new.checkpoint"], fork->Checkpoint().value());

  // The log as it was before the replica last followed it: a rollback.
  auto stale_state = std::make_shared<projections::CivilState>();
  LedgerOptions so = t.Options();
  so.hooks = {stale_state};
  auto stale = Ledger::Open(tmp.Sub("stale"), so).value();
  Served rolled_back(*stale, *stale_state);
  auto back = MirrorOnce(rolled_back.url(), *replica, Options());
  ASSERT_EQ(back.status().code(), Code::kDataLoss) << back.status().ToString();
  EXPECT_TRUE(back.status().message().starts_with("rollback")) << back.status().ToString();
  EXPECT_TRUE(DataFile() == before);
}

TEST_F(MirrorTest, RulesThatDeriveOtherFlagsAreNamed) {
  auto bare = CreateReplica(false, "bare");
  Served source(*t.ledger, *state);
  MirrorOptions o = Options("bare");
  o.batch_records = 100'000;  // one batch: nothing of it may stay
  auto st = MirrorOnce(source.url(), *bare, o);
  ASSERT_EQ(st.status().code(), Code::kDataLoss) << st.status().ToString();
  EXPECT_TRUE(st.status().message().starts_with("flag-mismatch at seq " +
                                                std::to_string(flagged_seq)))
      << st.status().ToString();
  EXPECT_EQ(bare->Size(), 0u);
}

TEST_F(MirrorTest, RefusesALedgerThatIsNotAReplica) {
  Served source(*t.ledger, *state);
  EXPECT_EQ(MirrorOnce(source.url(), *t.ledger, Options()).status().code(),
            Code::kFailedPrecondition);
}

}  // namespace
}  // namespace ledger::api
