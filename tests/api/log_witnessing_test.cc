// The log's side: three witnesses, one of them down. Appends go on at full
// speed, a quorum of two is met, the cosigned checkpoint is what the API
// serves, and it passes a 2-of-3 policy check. Also: tiles over HTTP.
#include <gtest/gtest.h>

#include <boost/asio.hpp>
#include <chrono>
#include <ctime>
#include <filesystem>
#include <mutex>
#include <thread>

#include "api/client.h"
#include "api/http_service.h"
#include "api/log_routes.h"
#include "api/witness.h"
#include "api/witness_client.h"
#include "util/test_ledger.h"
#include "verifier/policy.h"

namespace ledger::api {
namespace {

using testing::AppendKeyRegistrations;
using testing::TempDir;
using testing::TestLedger;

// A port nothing listens on: bound, then closed.
uint16_t DeadPort() {
  boost::asio::io_context ioc;
  boost::asio::ip::tcp::acceptor a(ioc, {boost::asio::ip::make_address("127.0.0.1"), 0});
  return a.local_endpoint().port();
}

struct RunningWitness {
  TempDir state;
  SigningKey key = SigningKey::Generate();
  std::unique_ptr<Witness> witness;
  std::unique_ptr<HttpService> http;
  std::string name;

  RunningWitness(const std::string& n, const note::VerifierKey& log) : name(n) {
    witness = Witness::Open(state.path(), SigningKey::FromPem(key.ToPem()).value(),
                            {name, {log}, {}})
                  .value();
    Witness* w = witness.get();
    http = HttpService::Start([w](const Request& r) { return w->Handle(r); }, {}).value();
  }
  std::string Endpoint() const {
    return cosig::CosignerKey::ForKey(name, key.public_key()).ToString() + "@http://127.0.0.1:" +
           std::to_string(http->port()) + "/w";
  }
};

TEST(LogWitnessing, ThreeWitnessesOneDownQuorumTwo) {
  TestLedger log;
  AppendKeyRegistrations(*log.ledger, log.root, 10, "a");
  RunningWitness w1("w1.example", log.ledger->log_key()), w2("w2.example", log.ledger->log_key());
  SigningKey dead_key = SigningKey::Generate();
  const std::string dead = cosig::CosignerKey::ForKey("w3.example", dead_key.public_key()).ToString() +
                           "@http://127.0.0.1:" + std::to_string(DeadPort());

  WitnessCollector::Options o;
  for (const std::string& e : {w1.Endpoint(), w2.Endpoint(), dead}) {
    o.witnesses.push_back(WitnessEndpoint::Parse(e).value());
  }
  o.quorum = 2;
  o.timeout = std::chrono::milliseconds(500);
  o.backoff = std::chrono::milliseconds(50);
  o.poll = std::chrono::milliseconds(20);
  TempDir kept;
  o.state_file = kept.Sub("checkpoint.cosigned");
  std::vector<std::string> logged;
  std::mutex mu;
  o.log = [&](const std::string& l) {
    std::lock_guard lock(mu);
    logged.push_back(l);
  };
  auto collector = WitnessCollector::Start(*log.ledger, o).value();

  // Appends do not wait for witnesses: 20 batches while rounds run.
  const auto start = std::chrono::steady_clock::now();
  for (int i = 0; i < 20; ++i) AppendKeyRegistrations(*log.ledger, log.root, 5, "b" + std::to_string(i));
  const auto append_time = std::chrono::steady_clock::now() - start;
  EXPECT_LT(append_time, std::chrono::seconds(5));

  // Eventually the latest tree is cosigned by the two live witnesses.
  const uint64_t size = log.ledger->Size();
  std::optional<std::string> latest;
  for (int i = 0; i < 300; ++i) {
    latest = collector->Latest();
    if (latest && note::OpenCheckpoint(*latest, log.ledger->log_key())->size == size) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  ASSERT_TRUE(latest);
  ASSERT_EQ(note::OpenCheckpoint(*latest, log.ledger->log_key())->size, size);

  std::string policy_text = "log " + log.ledger->log_key().ToString() + "\n";
  int i = 1;
  for (const auto& w : o.witnesses) {
    policy_text += "witness W" + std::to_string(i++) + " " + w.key.ToString() + "\n";
  }
  policy_text += "group G 2 W1 W2 W3\nquorum G\n";
  auto policy = verify::Policy::Parse(policy_text).value();
  auto checked = verify::CheckWithPolicy(policy, *latest, {int64_t(std::time(nullptr)), 3600});
  ASSERT_TRUE(checked.ok()) << checked.status().ToString();
  EXPECT_TRUE(checked->quorum_met);
  EXPECT_EQ(checked->cosigners.size(), 2u);
  EXPECT_EQ(checked->Summary().substr(0, 20), "witnessed by 2 of 3,");

  // The routes serve it at /v1/checkpoint and /checkpoint.
  auto routes = MakeLogRoutes(*log.ledger, collector.get());
  Request get(boost::beast::http::verb::get, "/v1/checkpoint", 11);
  auto served = routes(get);
  ASSERT_TRUE(served);
  EXPECT_EQ(served->body(), *latest);

  collector->Stop();
  {
    std::lock_guard lock(mu);
    bool reported = false;
    for (const auto& l : logged) reported |= l.find("w3.example") != std::string::npos;
    EXPECT_TRUE(reported) << "the dead witness is reported";
  }
  // The cosigned note was kept, and a new collector starts from it.
  auto again = WitnessCollector::Start(*log.ledger, o).value();
  EXPECT_TRUE(again->Latest().has_value());
}

TEST(LogWitnessing, ForkReportedLoudly) {
  TestLedger log;
  AppendKeyRegistrations(*log.ledger, log.root, 4, "shared");
  log.ledger.reset();
  std::filesystem::copy(log.Dir(), log.dir.Sub("fork"), std::filesystem::copy_options::recursive);
  log.Reopen();
  auto fork = Ledger::Open(log.dir.Sub("fork"), log.Options()).value();
  AppendKeyRegistrations(*log.ledger, log.root, 3, "honest");
  AppendKeyRegistrations(*fork, log.root, 3, "evil");
  RunningWitness w("w1.example", log.ledger->log_key());
  std::vector<std::string> logged;
  std::mutex mu;
  WitnessCollector::Options o;
  o.witnesses.push_back(WitnessEndpoint::Parse(w.Endpoint()).value());
  o.poll = std::chrono::hours(1);  // rounds only when asked
  o.log = [&](const std::string& l) {
    std::lock_guard lock(mu);
    logged.push_back(l);
  };
  auto honest = WitnessCollector::Start(*log.ledger, o).value();
  EXPECT_EQ(honest->RoundNow(), 1u);
  auto forked = WitnessCollector::Start(*fork, o).value();
  EXPECT_EQ(forked->RoundNow(), 0u);
  std::lock_guard lock(mu);
  bool fork_logged = false;
  for (const auto& l : logged) fork_logged |= l.find("FORK") != std::string::npos;
  EXPECT_TRUE(fork_logged);
}

}  // namespace
}  // namespace ledger::api
