// `ledger serve` as a process: it prints where it listens, answers, appends
// durably, and on SIGTERM finishes, exits 0 and leaves a ledger that reopens
// with every acknowledged event. Stress cases: serve_stress_test.cc.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <boost/beast/http.hpp>
#include <boost/json.hpp>
#include <cstdio>
#include <mutex>
#include <regex>
#include <sstream>
#include <thread>

#include "api/client.h"
#include "cli/serve_process.h"
#include "cli.h"
#include "ledger/events.h"
#include "util/test_ledger.h"

namespace ledger::cli {
namespace {
namespace http = boost::beast::http;
namespace json = boost::json;

TEST(Serve, AnswersAppendsAndStopsCleanlyOnSigterm) {
  testing::TempDir tmp;
  const std::string dir = tmp.Sub("ledger");
  InitLedger(tmp, dir);

  const std::string err_path = tmp.Sub("serve.err");
  auto [pid, port] = StartServe(dir, err_path);
  ASSERT_GT(pid, 0);

  auto client = api::Client::Connect("127.0.0.1", port);
  ASSERT_TRUE(client.ok()) << client.status().ToString();
  auto health = (*client)->Get("/v1/health");
  ASSERT_TRUE(health.ok());
  EXPECT_EQ(json::parse(health->body()).at("size").to_number<uint64_t>(), 1u);

  auto root = SigningKey::FromPem(testing::ReadAll(tmp.Sub("root.pem"))).value();
  Submission reg = testing::RegisterKey(root, SigningKey::Generate().public_key(), "hr-serve",
                                        "authority", R"(["mn.ub"])", "serve-1");
  auto posted = (*client)->Post("/v1/events", json::serialize(events::SubmissionToJson(reg)));
  ASSERT_TRUE(posted.ok());
  ASSERT_EQ(posted->result(), http::status::created) << posted->body();

  ASSERT_EQ(::kill(pid, SIGTERM), 0);
  int status = 0;
  ASSERT_EQ(::waitpid(pid, &status, 0), pid);
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 0);
  const std::string err = testing::ReadAll(err_path);
  EXPECT_NE(err.find("\"POST /v1/events\" 201"), std::string::npos) << err;  // the access log
  EXPECT_NE(err.find("stopped; ledger size 2"), std::string::npos) << err;

  auto reopened = Ledger::Open(dir, LedgerOptions{.read_only = true});
  ASSERT_TRUE(reopened.ok());
  EXPECT_EQ((*reopened)->Size(), 2u);
}

// SIGKILL while 8 clients append: every event the server answered 201 for
// is in the reopened ledger at the seq it was given, with its bytes.
TEST(Serve, EveryAcknowledgedEventSurvivesSigkill) {
  testing::TempDir tmp;
  const std::string dir = tmp.Sub("ledger");
  InitLedger(tmp, dir);
  auto [pid, port] = StartServe(dir, tmp.Sub("serve.err"));
  ASSERT_GT(pid, 0);
  auto root = SigningKey::FromPem(testing::ReadAll(tmp.Sub("root.pem"))).value();

  constexpr int kClients = 8;
  std::mutex mu;
  std::vector<std::pair<uint64_t, Submission>> acked;
  std::atomic<int> total{0};
  std::vector<std::thread> clients;
  for (int c = 0; c < kClients; ++c) {
    clients.emplace_back([&, c] {
      auto client = api::Client::Connect("127.0.0.1", port);
      if (!client.ok()) return;
      for (int i = 0;; ++i) {
        const std::string id = "kill-" + std::to_string(c) + "-" + std::to_string(i);
        Submission s = testing::RegisterKey(root, SigningKey::Generate().public_key(), id,
                                            "authority", R"(["mn.ub"])", id);
        auto res = (*client)->Post("/v1/events", json::serialize(events::SubmissionToJson(s)));
        if (!res.ok()) return;  // the server is gone
        if (res->result() != http::status::created) continue;
        uint64_t seq = json::parse(res->body()).at("results").at(0).at("seq").to_number<uint64_t>();
        std::lock_guard lock(mu);
        acked.emplace_back(seq, std::move(s));
        ++total;
      }
    });
  }
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (total < 200 && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  ASSERT_EQ(::kill(pid, SIGKILL), 0);
  ::waitpid(pid, nullptr, 0);
  for (auto& th : clients) th.join();

  auto reopened = Ledger::Open(dir, LedgerOptions{.read_only = true});
  ASSERT_TRUE(reopened.ok()) << reopened.status().ToString();
  ASSERT_GE(acked.size(), 200u);
  for (const auto& [seq, s] : acked) {
    auto record = (*reopened)->GetRecord(seq);
    ASSERT_TRUE(record.ok()) << "acknowledged seq " << seq << " is gone";
    EXPECT_EQ(record->submission.client_id, s.client_id);
    EXPECT_EQ(record->submission.signature, s.signature);
  }
}

}  // namespace
}  // namespace ledger::cli
