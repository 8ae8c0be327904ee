// End to end, as processes: two `ledger witness serve`, a third witness that
// is down, and `ledger serve --witness x3 --witness-quorum 2`. An appended
// event ends up in a checkpoint the API serves with two cosignatures that
// pass a 2-of-3 policy; `ledger tiles export` and `ledger mirror` (with the
// same policy) follow it.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <boost/asio.hpp>
#include <boost/beast/http.hpp>
#include <boost/json.hpp>
#include <cstdio>
#include <ctime>
#include <regex>
#include <sstream>
#include <thread>

#include "api/client.h"
#include "cli.h"
#include "serve_process.h"
#include "ledger/cosignature.h"
#include "ledger/events.h"
#include "util/test_ledger.h"
#include "verifier/policy.h"

namespace ledger::cli {
namespace {
namespace http = boost::beast::http;
namespace json = boost::json;

uint16_t DeadPort() {
  boost::asio::io_context ioc;
  boost::asio::ip::tcp::acceptor a(ioc, {boost::asio::ip::make_address("127.0.0.1"), 0});
  return a.local_endpoint().port();
}

TEST(WitnessServe, LogWithThreeWitnessesOneDown) {
  testing::TempDir tmp;
  const std::string dir = tmp.Sub("ledger");
  ASSERT_EQ(Cli({"keygen", "--out", tmp.Sub("root"), "--name", "council"}).rc, 0);
  ASSERT_EQ(Cli({"init", "--dir", dir, "--origin", "ledger.example.mn/witnessed", "--root-key",
                 tmp.Sub("root.pem")})
                .rc,
            0);
  const std::string log_vkey = Cli({"vkey", "--dir", dir}).out;
  const std::string log_key_line = log_vkey.substr(0, log_vkey.find('\n'));

  std::vector<std::string> witness_keys;
  std::vector<pid_t> witnesses;
  std::vector<uint16_t> ports;
  for (int i = 1; i <= 3; ++i) {
    const std::string w = tmp.Sub("w" + std::to_string(i));
    const std::string name = "w" + std::to_string(i) + ".example.org";
    CliRun kg = Cli({"witness", "keygen", "--out", w, "--name", name});
    ASSERT_EQ(kg.rc, 0) << kg.err;
    const std::string vkey_file = testing::ReadAll(w + ".vkey");
    witness_keys.push_back(vkey_file.substr(0, vkey_file.find('\n')));
    CliRun vk = Cli({"witness", "vkey", "--key", w + ".pem", "--name", name});
    EXPECT_EQ(vk.out, witness_keys.back() + "\n");
    if (i == 3) continue;  // the third one is never started
    testing::WriteAll(w + ".conf", "name " + name + "\nlog " + log_key_line + "\n");
    auto [pid, port] = StartLedger({"witness", "serve", "--config", w + ".conf", "--key", w + ".pem",
                              "--state", w + ".state", "--listen", "127.0.0.1:0"},
                             w + ".err", R"(POST http://127\.0\.0\.1:(\d+)/add-checkpoint)");
    ASSERT_GT(pid, 0);
    witnesses.push_back(pid);
    ports.push_back(port);
  }
  ports.push_back(DeadPort());

  std::vector<std::string> serve_args{"serve", "--dir", dir, "--listen", "127.0.0.1:0",
                                      "--witness-quorum", "2", "--witness-timeout", "1", "--quiet"};
  for (int i = 0; i < 3; ++i) {
    serve_args.push_back("--witness");
    serve_args.push_back(witness_keys[size_t(i)] + "@http://127.0.0.1:" +
                         std::to_string(ports[size_t(i)]));
  }
  auto [log_pid, log_port] = StartLedger(serve_args, tmp.Sub("serve.err"), R"(http://127\.0\.0\.1:(\d+)/v1)");
  ASSERT_GT(log_pid, 0);

  auto client = api::Client::Connect("127.0.0.1", log_port).value();
  auto root = SigningKey::FromPem(testing::ReadAll(tmp.Sub("root.pem"))).value();
  Submission reg = testing::RegisterKey(root, SigningKey::Generate().public_key(), "hr-w",
                                        "authority", R"(["mn.ub"])", "w-1");
  auto posted = client->Post("/v1/events", json::serialize(events::SubmissionToJson(reg)));
  ASSERT_TRUE(posted.ok());
  ASSERT_EQ(posted->result(), http::status::created) << posted->body();

  std::string policy_text = "log " + log_key_line + "\n";
  for (int i = 0; i < 3; ++i) {
    policy_text += "witness W" + std::to_string(i + 1) + " " + witness_keys[size_t(i)] + "\n";
  }
  policy_text += "group G 2 W1 W2 W3\nquorum G\n";
  auto policy = verify::Policy::Parse(policy_text).value();
  std::string served;
  bool witnessed = false;
  for (int i = 0; i < 200 && !witnessed; ++i) {
    auto cp = client->Get("/v1/checkpoint");
    ASSERT_TRUE(cp.ok());
    served = cp->body();
    auto w = verify::CheckWithPolicy(policy, served, {int64_t(std::time(nullptr)), 3600});
    witnessed = w.ok() && w->quorum_met && w->checkpoint.size == 2;
    if (!witnessed) std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  EXPECT_TRUE(witnessed) << served << testing::ReadAll(tmp.Sub("serve.err"));
  EXPECT_EQ(client->Get("/checkpoint")->body(), served);
  // The policy the log serves (GET /v1/policy) names the same witnesses and
  // quorum: the served checkpoint meets it.
  auto served_policy = client->Get("/v1/policy");
  ASSERT_TRUE(served_policy.ok());
  ASSERT_EQ(served_policy->result(), http::status::ok) << served_policy->body();
  auto offered = verify::Policy::Parse(served_policy->body());
  ASSERT_TRUE(offered.ok()) << offered.status().message() << served_policy->body();
  EXPECT_EQ(offered->witnesses.size(), 3u);
  auto met = verify::CheckWithPolicy(*offered, served, {int64_t(std::time(nullptr)), 3600});
  ASSERT_TRUE(met.ok()) << met.status().message();
  EXPECT_TRUE(met->quorum_met);
  EXPECT_EQ(met->cosigners.size(), 2u);

  // Tiles: exported to a directory, and mirrored over HTTP.
  CliRun exported = Cli({"tiles", "export", "--dir", dir, tmp.Sub("tiles")});
  EXPECT_EQ(exported.rc, 0) << exported.err;
  EXPECT_EQ(testing::ReadAll(tmp.Sub("tiles/tile/entries/000.p/2")).size() > 4, true);
  CliRun mirrored = Cli({"mirror", "http://127.0.0.1:" + std::to_string(log_port), "--dir",
                         tmp.Sub("mirror"), "--log-key", log_key_line});
  EXPECT_EQ(mirrored.rc, 0) << mirrored.err;
  EXPECT_NE(mirrored.out.find("\"size\":2"), std::string::npos) << mirrored.out;
  // With a witness policy: two of the three cosigned, so a quorum of three fails.
  std::vector<std::string> policy_args{"mirror", "http://127.0.0.1:" + std::to_string(log_port),
                                       "--dir", tmp.Sub("mirror"), "--log-key", log_key_line};
  for (const std::string& k : witness_keys) {
    policy_args.push_back("--witness");
    policy_args.push_back(k);
  }
  policy_args.push_back("--witness-quorum");
  policy_args.push_back("2");
  CliRun two = Cli(policy_args);
  EXPECT_EQ(two.rc, 0) << two.err;
  policy_args.back() = "3";
  CliRun three = Cli(policy_args);
  EXPECT_EQ(three.rc, kExitRejected) << three.err;
  EXPECT_NE(three.err.find("witness-policy"), std::string::npos) << three.err;

  EXPECT_EQ(Stop(log_pid), 0);
  for (pid_t pid : witnesses) EXPECT_EQ(Stop(pid), 0);
  const std::string log_err = testing::ReadAll(tmp.Sub("serve.err"));
  EXPECT_NE(log_err.find("w3.example.org"), std::string::npos) << log_err;  // reported down
}

TEST(WitnessServe, BadFlags) {
  EXPECT_EQ(Cli({"witness", "keygen", "--out", "/nonexistent/x"}).rc, kExitUsage);  // no --name
}

}  // namespace
}  // namespace ledger::cli
