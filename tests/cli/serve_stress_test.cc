// `ledger serve` under stress, as a process: SIGTERM while 32 clients
// append, a second SIGTERM, slow readers and junk uploads against the
// memory budget, and a full disk.
#include <gtest/gtest.h>
#include <sys/mount.h>

#include <atomic>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <map>
#include <boost/asio.hpp>
#include <boost/beast/http.hpp>
#include <boost/json.hpp>
#include <mutex>
#include <random>
#include <set>
#include <thread>

#include "api/client.h"
#include "cli/serve_process.h"
#include "ledger/events.h"

namespace ledger::cli {
namespace {
namespace asio = boost::asio;
namespace http = boost::beast::http;
namespace json = boost::json;
using tcp = asio::ip::tcp;
using std::chrono::milliseconds;
using std::chrono::seconds;
using Clock = std::chrono::steady_clock;

struct Batch {
  std::string body;
  std::vector<std::string> client_ids;
};

// `n` key registrations signed by the root key, as one JSON array.
Batch KeyRegistrations(const SigningKey& root, const std::string& prefix, int n) {
  Batch b;
  b.body = "[";
  for (int i = 0; i < n; ++i) {
    const std::string id = prefix + "-" + std::to_string(i);
    Submission s = testing::RegisterKey(root, SigningKey::Generate().public_key(), id, "authority",
                                        R"(["mn.ub"])", id);
    b.body += (i ? "," : "") + json::serialize(events::SubmissionToJson(s));
    b.client_ids.push_back(id);
  }
  b.body += "]";
  return b;
}

SigningKey RootKey(const testing::TempDir& tmp) {
  return SigningKey::FromPem(testing::ReadAll(tmp.Sub("root.pem"))).value();
}

// The client_id of every record after genesis, by seq.
std::map<uint64_t, std::string> ClientIds(const std::string& dir) {
  std::map<uint64_t, std::string> out;
  auto ledger = Ledger::Open(dir, LedgerOptions{.read_only = true});
  EXPECT_TRUE(ledger.ok()) << ledger.status().ToString();
  if (!ledger.ok()) return out;
  for (uint64_t seq = 1; seq < (*ledger)->Size(); ++seq) {
    out[seq] = (*ledger)->GetRecord(seq)->submission.client_id;
  }
  return out;
}

TEST(ServeStress, SigtermWhile32ClientsAppendAnswersEveryRequestInFlight) {
  testing::TempDir tmp;
  const std::string dir = tmp.Sub("ledger");
  InitLedger(tmp, dir);
  const std::string err_path = tmp.Sub("serve.err");
  auto [pid, port] = StartServe(dir, err_path, {"--grace", "30", "--log-format", "json"});
  ASSERT_GT(pid, 0);
  const SigningKey root = RootKey(tmp);

  constexpr int kClients = 32, kBatches = 6, kPerBatch = 40;
  std::mutex mu;
  std::map<std::string, uint64_t> acked;  // client_id -> seq answered 201
  std::set<std::string> unanswered;       // events of requests that got no answer
  std::atomic<int> answered{0}, ready{0};
  std::atomic<bool> go{false};
  std::vector<std::thread> clients;
  for (int c = 0; c < kClients; ++c) {
    clients.emplace_back([&, c] {
      std::vector<Batch> batches;
      for (int b = 0; b < kBatches; ++b) {
        batches.push_back(KeyRegistrations(root, "c" + std::to_string(c) + "b" + std::to_string(b),
                                           kPerBatch));
      }
      auto client = api::Client::Connect("127.0.0.1", port, seconds(60));
      ++ready;
      while (!go) std::this_thread::yield();
      if (!client.ok()) return;
      for (const Batch& batch : batches) {
        auto res = (*client)->Post("/v1/events", batch.body);
        std::lock_guard lock(mu);
        if (!res.ok()) {
          unanswered.insert(batch.client_ids.begin(), batch.client_ids.end());
          return;  // the server closed the connection: it is stopping
        }
        ++answered;
        if (res->result() != http::status::created) continue;
        const json::value answer = json::parse(res->body());
        const json::array& results = answer.at("results").as_array();
        for (size_t i = 0; i < results.size(); ++i) {
          acked[batch.client_ids[i]] = results[i].at("seq").to_number<uint64_t>();
        }
      }
    });
  }
  while (ready < kClients) std::this_thread::sleep_for(milliseconds(5));
  go = true;
  while (answered < kClients) std::this_thread::sleep_for(milliseconds(1));
  ASSERT_EQ(::kill(pid, SIGTERM), 0);
  const auto signalled = Clock::now();
  auto status = WaitExit(pid, seconds(60));
  const auto took = Clock::now() - signalled;
  for (auto& th : clients) th.join();
  ASSERT_TRUE(status.has_value());
  ASSERT_TRUE(WIFEXITED(*status)) << "killed by signal " << WTERMSIG(*status);
  EXPECT_EQ(WEXITSTATUS(*status), 0) << testing::ReadAll(err_path);
  EXPECT_LT(took, seconds(10)) << "the grace period is 30 s: it should not be needed";

  // Every 201's event is at its seq; every committed event was answered.
  std::map<uint64_t, std::string> in_ledger = ClientIds(dir);
  for (const auto& [id, seq] : acked) {
    ASSERT_TRUE(in_ledger.count(seq)) << id << " answered at seq " << seq << " is missing";
    EXPECT_EQ(in_ledger[seq], id);
  }
  size_t committed_unanswered = 0;
  for (const auto& [seq, id] : in_ledger) committed_unanswered += !acked.count(id);
  EXPECT_EQ(committed_unanswered, 0u) << "events committed whose request got no answer";
  EXPECT_GE(acked.size(), size_t{kClients * kPerBatch});
  std::cerr << "32 clients: " << acked.size() << " events answered 201, " << unanswered.size()
            << " in requests the server never read; exit " << std::chrono::duration<double>(took).count()
            << " s after SIGTERM\n";

  // The access log is JSON lines.
  std::istringstream log(testing::ReadAll(err_path));
  std::string line;
  size_t json_lines = 0;
  while (std::getline(log, line)) {
    if (!line.starts_with("{")) continue;
    json::value v = json::parse(line);
    EXPECT_EQ(v.at("route").as_string(), "/v1/events");
    ++json_lines;
  }
  EXPECT_GE(json_lines, size_t{kClients});
}

TEST(ServeStress, ASecondSigtermIsLoggedAndIgnoredUntilTheGracePeriodEnds) {
  testing::TempDir tmp;
  const std::string dir = tmp.Sub("ledger");
  InitLedger(tmp, dir);
  const std::string err_path = tmp.Sub("serve.err");
  auto [pid, port] = StartServe(dir, err_path, {"--grace", "3"});
  ASSERT_GT(pid, 0);
  // A request half sent: it is being read, so the server waits for it.
  asio::io_context ioc;
  tcp::socket sock(ioc);
  sock.connect({asio::ip::make_address("127.0.0.1"), port});
  asio::write(sock, asio::buffer(std::string(
                        "POST /v1/events HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n[{")));
  std::this_thread::sleep_for(milliseconds(200));
  ASSERT_EQ(::kill(pid, SIGTERM), 0);
  const auto signalled = Clock::now();
  std::this_thread::sleep_for(milliseconds(300));
  ASSERT_EQ(::kill(pid, SIGTERM), 0);
  EXPECT_FALSE(WaitExit(pid, milliseconds(1500)).has_value()) << "the second SIGTERM killed it";
  auto status = WaitExit(pid, seconds(20));
  ASSERT_TRUE(status.has_value());
  ASSERT_TRUE(WIFEXITED(*status)) << "killed by signal " << WTERMSIG(*status);
  EXPECT_EQ(WEXITSTATUS(*status), kExitFailure);
  EXPECT_GE(Clock::now() - signalled, milliseconds(2900));
  EXPECT_LT(Clock::now() - signalled, seconds(8));
  const std::string err = testing::ReadAll(err_path);
  EXPECT_NE(err.find("SIGTERM again: ignored"), std::string::npos) << err;
  EXPECT_NE(err.find("cut short"), std::string::npos) << err;
  EXPECT_NE(err.find("1 connection(s) open"), std::string::npos) << err;
}

// Reads an answer a little at a time until `stop`: a reader on a slow link.
void SlowRead(uint16_t port, const std::string& request, const std::atomic<bool>& stop,
              std::atomic<size_t>& got) {
  asio::io_context ioc;
  tcp::socket sock(ioc);
  sock.connect({asio::ip::make_address("127.0.0.1"), port});
  int small = 4096;
  ::setsockopt(sock.native_handle(), SOL_SOCKET, SO_RCVBUF, &small, sizeof small);
  asio::write(sock, asio::buffer(request));
  char buf[1024];
  boost::system::error_code ec;
  while (!stop && !ec) {
    got += sock.read_some(asio::buffer(buf), ec);
    std::this_thread::sleep_for(milliseconds(20));
  }
}

TEST(ServeStress, SlowExportsAndJunkUploadsStayWithinTheMemoryBudget) {
  testing::TempDir tmp;
  const std::string dir = tmp.Sub("ledger");
  InitLedger(tmp, dir);
  const std::string err_path = tmp.Sub("serve.err");
  constexpr size_t kBudget = size_t{64} << 20;
  auto [pid, port] = StartServe(dir, err_path, {"--memory-budget", "64M", "--quiet"});
  ASSERT_GT(pid, 0);
  {
    const SigningKey root = RootKey(tmp);
    auto client = api::Client::Connect("127.0.0.1", port);
    ASSERT_TRUE(client.ok());
    for (int b = 0; b < 16; ++b) {
      auto res = (*client)->Post("/v1/events", KeyRegistrations(root, "k" + std::to_string(b), 1000).body);
      ASSERT_TRUE(res.ok());
      ASSERT_EQ(res->result(), http::status::created);
    }
    auto whole = (*client)->Get("/v1/export");  // also warms the map's pages into RSS
    ASSERT_TRUE(whole.ok()) << whole.status().ToString();
    std::cerr << "export of " << 16001 << " records: " << whole->body().size() << " bytes\n";
  }
  const size_t baseline = RssBytes(pid);
  std::atomic<bool> stop{false};
  std::atomic<size_t> exported{0}, peak{baseline};
  std::atomic<int> junk_answers{0}, junk_503{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < 16; ++i) {
    threads.emplace_back(SlowRead, port, "GET /v1/export?from=0 HTTP/1.1\r\nHost: x\r\n\r\n",
                         std::cref(stop), std::ref(exported));
  }
  for (int i = 0; i < 16; ++i) {
    threads.emplace_back([&, i] {
      std::mt19937 rng(i);
      std::string junk(size_t{8} << 20, '\0');
      for (char& ch : junk) ch = static_cast<char>(rng());
      for (int round = 0; round < 3 && !stop; ++round) {
        asio::io_context ioc;
        tcp::socket sock(ioc);
        boost::system::error_code ec;
        sock.connect({asio::ip::make_address("127.0.0.1"), port}, ec);
        if (ec) continue;
        const std::string head = "POST /v1/events HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
                                 "Content-Length: " + std::to_string(junk.size()) + "\r\n\r\n";
        asio::write(sock, asio::buffer(head), ec);
        asio::write(sock, asio::buffer(junk), ec);
        char buf[512];
        size_t n = sock.read_some(asio::buffer(buf), ec);
        std::string reply(buf, n);
        ++junk_answers;
        if (reply.starts_with("HTTP/1.1 503")) ++junk_503;
      }
    });
  }
  threads.emplace_back([&] {
    while (!stop) {
      size_t rss = RssBytes(pid);
      size_t seen = peak;
      while (rss > seen && !peak.compare_exchange_weak(seen, rss)) {}
      std::this_thread::sleep_for(milliseconds(20));
    }
  });
  std::this_thread::sleep_for(seconds(2));
  auto client = api::Client::Connect("127.0.0.1", port, seconds(10));
  ASSERT_TRUE(client.ok());
  auto health = (*client)->Get("/v1/health");
  ASSERT_TRUE(health.ok()) << health.status().ToString();
  EXPECT_EQ(health->result(), http::status::ok) << health->body();
  std::this_thread::sleep_for(seconds(2));
  stop = true;
  for (auto& th : threads) th.join();
  std::cerr << "RSS " << baseline / 1048576 << " MiB at rest, peak " << peak / 1048576
            << " MiB; slow readers got " << exported / 1048576 << " MiB; " << junk_answers
            << " junk uploads answered, " << junk_503 << " with 503\n";
  EXPECT_LT(peak - baseline, kBudget) << "RSS grew past the memory budget";
  EXPECT_GT(exported, 0u);
  ::kill(pid, SIGTERM);
  auto status = WaitExit(pid, seconds(30));
  ASSERT_TRUE(status.has_value());
}

TEST(ServeStress, AFullDiskIs507AndTheServerLives) {
  if (::geteuid() != 0) GTEST_SKIP() << "needs root to mount a small tmpfs; skipped";
  testing::TempDir tmp;
  const std::string mnt = tmp.Sub("small-disk");
  std::filesystem::create_directories(mnt);
  if (::mount("tmpfs", mnt.c_str(), "tmpfs", 0, "size=2m") != 0) {
    GTEST_SKIP() << "cannot mount a tmpfs here (" << std::strerror(errno) << "); skipped";
  }
  struct Unmount {
    std::string path;
    ~Unmount() { ::umount2(path.c_str(), MNT_DETACH); }
  } unmount{mnt};
  const std::string dir = mnt + "/ledger";
  InitLedger(tmp, dir);
  const std::string err_path = tmp.Sub("serve.err");
  auto [pid, port] = StartServe(dir, err_path, {"--quiet"});
  ASSERT_GT(pid, 0);
  const SigningKey root = RootKey(tmp);
  auto client = api::Client::Connect("127.0.0.1", port);
  ASSERT_TRUE(client.ok());
  std::optional<api::Response> full;
  for (int b = 0; b < 100 && !full; ++b) {
    auto res = (*client)->Post("/v1/events", KeyRegistrations(root, "f" + std::to_string(b), 200).body);
    ASSERT_TRUE(res.ok()) << res.status().ToString();
    if (res->result() != http::status::created) full = *res;
  }
  ASSERT_TRUE(full) << "2 MiB never filled up";
  EXPECT_EQ(full->result(), http::status::insufficient_storage) << full->body();
  EXPECT_EQ((*full)[http::field::content_type], "application/problem+json");
  json::value problem = json::parse(full->body());
  EXPECT_EQ(problem.at("code").as_string(), "RESOURCE_EXHAUSTED");
  EXPECT_NE(problem.at("detail").as_string().find("disk"), json::string::npos) << problem;
  auto health = (*client)->Get("/v1/health");
  ASSERT_TRUE(health.ok()) << health.status().ToString();
  EXPECT_EQ(health->result(), http::status::ok);
  ::kill(pid, SIGTERM);
  auto status = WaitExit(pid, seconds(30));
  ASSERT_TRUE(status.has_value());
  EXPECT_TRUE(WIFEXITED(*status));
}

}  // namespace
}  // namespace ledger::cli
