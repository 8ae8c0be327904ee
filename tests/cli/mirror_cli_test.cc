// `ledger mirror` as an operator runs it: a served log is mirrored into a
// replica that `ledger-verify ledger` passes and `ledger serve --read-only`
// serves with the log's checkpoint; appends and read-write serving are
// refused; a fork of the log exits 1 naming it and leaves the evidence; an
// old tiles-only mirror directory gets a clear message.
#include <gtest/gtest.h>

#include <boost/beast/http.hpp>
#include <boost/json.hpp>
#include <cstdlib>
#include <filesystem>
#include <sstream>

#include "api/client.h"
#include "ledger/events.h"
#include "serve_process.h"

namespace ledger::cli {
namespace {
namespace fs = std::filesystem;
namespace http = boost::beast::http;
namespace json = boost::json;

std::string SignedRegistration(const SigningKey& root, const std::string& client_id) {
  Submission reg = testing::RegisterKey(root, SigningKey::Generate().public_key(), client_id,
                                        "authority", R"(["mn.ub"])", client_id);
  return json::serialize(events::SubmissionToJson(reg));
}

void Post(uint16_t port, const std::string& event) {
  auto client = api::Client::Connect("127.0.0.1", port).value();
  auto posted = client->Post("/v1/events", event);
  ASSERT_TRUE(posted.ok());
  ASSERT_EQ(posted->result(), http::status::created) << posted->body();
}

std::string Get(uint16_t port, const std::string& target) {
  auto client = api::Client::Connect("127.0.0.1", port).value();
  auto res = client->Get(target);
  EXPECT_TRUE(res.ok());
  return res.ok() ? res->body() : "";
}

TEST(MirrorCli, ReplicaVerifiesServesAndRefusesAppendsAndForks) {
  testing::TempDir tmp;
  const std::string dir = tmp.Sub("ledger"), replica = tmp.Sub("replica");
  InitLedger(tmp, dir);
  fs::copy(dir, tmp.Sub("fork"), fs::copy_options::recursive);
  const std::string vkey_file = dir + "/log.vkey";
  const auto root = SigningKey::FromPem(testing::ReadAll(tmp.Sub("root.pem"))).value();

  auto [pid, port] = StartServe(dir, tmp.Sub("serve.err"), {"--quiet"});
  ASSERT_GT(pid, 0);
  for (int i = 0; i < 3; ++i) Post(port, SignedRegistration(root, "honest-" + std::to_string(i)));
  const std::string url = "http://127.0.0.1:" + std::to_string(port);

  CliRun mirrored = Cli({"mirror", url, "--dir", replica, "--log-key", vkey_file});
  ASSERT_EQ(mirrored.rc, 0) << mirrored.err;
  EXPECT_NE(mirrored.out.find("\"size\":4"), std::string::npos) << mirrored.out;

  // The auditor passes the replica under the log's key.
  const std::string verify = std::string(LEDGER_BINARY_DIR) + "/bin/ledger-verify ledger " +
                             replica + " --log-key " + vkey_file + " > " + tmp.Sub("verify.out");
  EXPECT_EQ(std::system(verify.c_str()), 0) << testing::ReadAll(tmp.Sub("verify.out"));

  // Appends and read-write serving are refused, naming the replica.
  CliRun appended = Cli({"append", "--dir", replica}, SignedRegistration(root, "late") + "\n");
  EXPECT_NE(appended.rc, 0);
  EXPECT_NE(appended.err.find("is a replica"), std::string::npos) << appended.err;
  CliRun served_rw = Cli({"serve", "--dir", replica, "--listen", "127.0.0.1:0"});
  EXPECT_EQ(served_rw.rc, kExitFailure);
  EXPECT_NE(served_rw.err.find("--read-only"), std::string::npos) << served_rw.err;

  // Served read-only, it gives the log's checkpoint and events.
  auto [copy_pid, copy_port] = StartServe(replica, tmp.Sub("copy.err"), {"--read-only", "--quiet"});
  ASSERT_GT(copy_pid, 0);
  EXPECT_EQ(Get(copy_port, "/v1/checkpoint"), Get(port, "/v1/checkpoint"));
  EXPECT_EQ(Get(copy_port, "/v1/events/3"), Get(port, "/v1/events/3"));
  EXPECT_EQ(Stop(copy_pid), 0);

  // A fork of the log (the same key, other events): exit 1, named, evidence kept.
  auto [fork_pid, fork_port] = StartServe(tmp.Sub("fork"), tmp.Sub("fork.err"), {"--quiet"});
  ASSERT_GT(fork_pid, 0);
  for (int i = 0; i < 5; ++i) Post(fork_port, SignedRegistration(root, "evil-" + std::to_string(i)));
  const std::string before = testing::ReadAll(replica + "/data.mdb");
  CliRun forked = Cli({"mirror", "http://127.0.0.1:" + std::to_string(fork_port), "--dir",
                       replica, "--log-key", vkey_file});
  EXPECT_EQ(forked.rc, kExitRejected) << forked.err;
  EXPECT_NE(forked.err.find("fork at seq 1"), std::string::npos) << forked.err;
  EXPECT_TRUE(testing::ReadAll(replica + "/data.mdb") == before);
  size_t evidence = 0;
  for (const auto& e : fs::directory_iterator(replica + "/evidence")) {
    evidence += e.path().string().ends_with(".checkpoint");
  }
  EXPECT_EQ(evidence, 2u);
  EXPECT_EQ(Stop(fork_pid), 0);

  // The honest log grew: the next round follows it.
  Post(port, SignedRegistration(root, "honest-3"));
  CliRun again = Cli({"mirror", url, "--dir", replica, "--log-key", vkey_file});
  EXPECT_EQ(again.rc, 0) << again.err;
  EXPECT_NE(again.out.find("\"old_size\":4,\"size\":5"), std::string::npos) << again.out;
  EXPECT_EQ(Stop(pid), 0);
}

TEST(MirrorCli, NamesWhatItCannotUse) {
  testing::TempDir tmp;
  fs::create_directories(tmp.Sub("old/tile/0"));
  testing::WriteAll(tmp.Sub("old/checkpoint"), "x");
  CliRun bad_key = Cli({"mirror", "http://127.0.0.1:1", "--dir", tmp.Sub("old"), "--log-key",
                        "not a key"});
  EXPECT_EQ(bad_key.rc, kExitUsage) << bad_key.err;
  InitLedger(tmp, tmp.Sub("ledger"));
  const std::string vkey = tmp.Sub("ledger/log.vkey");
  CliRun tiles_only = Cli({"mirror", "http://127.0.0.1:1", "--dir", tmp.Sub("old"), "--log-key", vkey});
  EXPECT_EQ(tiles_only.rc, kExitFailure);
  EXPECT_NE(tiles_only.err.find("tiles-only mirror"), std::string::npos) << tiles_only.err;
  CliRun own = Cli({"mirror", "http://127.0.0.1:1", "--dir", tmp.Sub("ledger"), "--log-key", vkey});
  EXPECT_EQ(own.rc, kExitFailure);
  EXPECT_NE(own.err.find("not a replica"), std::string::npos) << own.err;
  CliRun interval = Cli({"mirror", "http://127.0.0.1:1", "--dir", tmp.Sub("r"), "--log-key", vkey,
                         "--interval", "5"});
  EXPECT_EQ(interval.rc, kExitUsage) << interval.err;
}

}  // namespace
}  // namespace ledger::cli
