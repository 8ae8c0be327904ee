// The server over real sockets on 127.0.0.1 (a free port): keep-alive,
// concurrent appends sharing commits, limits, timeouts, TLS and stopping.
#include "api/server.h"

#include <gtest/gtest.h>

#include <boost/asio.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <boost/json.hpp>
#include <cstdlib>
#include <set>
#include <thread>

#include "api/api_fixture.h"
#include "api/client.h"

namespace ledger::testing {
namespace {
namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace json = boost::json;
using tcp = asio::ip::tcp;

class ServerTest : public ApiTest {
 protected:
  std::unique_ptr<api::Client> Connect(const api::Server& s) {
    auto c = api::Client::Connect("127.0.0.1", s.port());
    EXPECT_TRUE(c.ok()) << c.status().ToString();
    return c.ok() ? std::move(*c) : nullptr;
  }
  // Sends raw bytes on a new connection and returns everything the server
  // writes back before it closes the connection.
  static std::string RawExchange(uint16_t port, const std::string& bytes) {
    asio::io_context ioc;
    tcp::socket sock(ioc);
    sock.connect({asio::ip::make_address("127.0.0.1"), port});
    if (!bytes.empty()) asio::write(sock, asio::buffer(bytes));
    std::string out;
    beast::error_code ec;
    char buf[4096];
    while (!ec) {
      size_t n = sock.read_some(asio::buffer(buf), ec);
      out.append(buf, n);
    }
    return out;
  }
};

TEST_F(ServerTest, GetAndPostOnOneKeepAliveConnection) {
  auto server = Serve();
  ASSERT_TRUE(server);
  auto http_client = Connect(*server);
  ASSERT_TRUE(http_client);
  auto health = http_client->Get("/v1/health");
  ASSERT_TRUE(health.ok()) << health.status().ToString();
  EXPECT_EQ(health->result(), http::status::ok);
  auto posted = http_client->Post("/v1/events", SignedAppointment("person.1", "net-1"));
  ASSERT_TRUE(posted.ok());
  ASSERT_EQ(posted->result(), http::status::created) << posted->body();
  const uint64_t seq = Json(*posted).at("results").at(0).at("seq").to_number<uint64_t>();
  auto record = http_client->Get("/v1/events/" + std::to_string(seq));
  ASSERT_TRUE(record.ok());
  EXPECT_EQ(Json(*record).at("event").at("client_id").as_string(), "net-1");
}

TEST_F(ServerTest, ConcurrentSubmittersAllGetDurableDistinctSeqs) {
  auto server = Serve();
  ASSERT_TRUE(server);
  constexpr int kClients = 16, kEach = 5;
  const uint64_t size = t.ledger->Size();
  std::vector<std::vector<uint64_t>> seqs(kClients);
  std::vector<std::thread> threads;
  for (int c = 0; c < kClients; ++c) {
    threads.emplace_back([&, c] {
      auto http_client = api::Client::Connect("127.0.0.1", server->port());
      ASSERT_TRUE(http_client.ok());
      for (int i = 0; i < kEach; ++i) {
        const std::string id = "person.c" + std::to_string(c) + "-" + std::to_string(i);
        json::object body{{"person", id},
                          {"org", "mn.cabinet-secretariat"},
                          {"full_name", "Должин Сарантуяа"},
                          {"gender", "female"},
                          {"birth_year", 1990}};
        auto res = (*http_client)->Post("/v1/events", SignedEvent("person.registered", body, id));
        ASSERT_TRUE(res.ok());
        ASSERT_EQ(res->result(), http::status::created) << res->body();
        seqs[c].push_back(Json(*res).at("results").at(0).at("seq").to_number<uint64_t>());
      }
    });
  }
  for (auto& th : threads) th.join();
  std::set<uint64_t> all;
  for (const auto& s : seqs) all.insert(s.begin(), s.end());
  EXPECT_EQ(all.size(), size_t{kClients * kEach});
  EXPECT_EQ(*all.begin(), size);
  EXPECT_EQ(*all.rbegin(), size + kClients * kEach - 1);
  EXPECT_EQ(t.ledger->Size(), size + kClients * kEach);
}

TEST_F(ServerTest, AnOversizedBodyGets413AndChangesNothing) {
  api::ServerOptions o;
  o.body_limit = 1024;
  auto server = Serve(o);
  ASSERT_TRUE(server);
  const std::string before = DataFileBytes();
  // The declared length alone is over the limit: the answer comes before the
  // body is read, and the client that sends it anyway still reads the 413
  // (not a reset, not a timeout).
  const auto started = std::chrono::steady_clock::now();
  std::string reply = RawExchange(server->port(),
                                  "POST /v1/events HTTP/1.1\r\nHost: x\r\n"
                                  "Content-Length: 65536\r\n\r\n" +
                                      std::string(65536, 'x'));
  EXPECT_TRUE(reply.starts_with("HTTP/1.1 413")) << reply;
  EXPECT_NE(reply.find("over the limit"), std::string::npos);
  EXPECT_NE(reply.find("application/problem+json"), std::string::npos);
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(5));
  EXPECT_TRUE(DataFileBytes() == before);
}

TEST_F(ServerTest, AMalformedRequestGets400) {
  auto server = Serve();
  ASSERT_TRUE(server);
  std::string reply = RawExchange(server->port(), "NOT HTTP AT ALL\r\n\r\n");
  EXPECT_TRUE(reply.starts_with("HTTP/1.1 400")) << reply;
  EXPECT_NE(reply.find("malformed HTTP request"), std::string::npos);
}

TEST_F(ServerTest, AnIdleConnectionIsClosedAfterTheTimeout) {
  api::ServerOptions o;
  o.timeout = std::chrono::milliseconds(200);
  auto server = Serve(o);
  ASSERT_TRUE(server);
  // Sends nothing: the server must hang up by itself (the read returns).
  EXPECT_EQ(RawExchange(server->port(), ""), "");
}

TEST_F(ServerTest, StopClosesIdleKeepAliveConnections) {
  auto server = Serve();
  ASSERT_TRUE(server);
  auto http_client = Connect(*server);
  ASSERT_TRUE(http_client && http_client->Get("/v1/health").ok());
  EXPECT_TRUE(server->Stop().ok());
  EXPECT_FALSE(http_client->Get("/v1/health").ok());
  EXPECT_FALSE(api::Client::Connect("127.0.0.1", server->port(), std::chrono::seconds(2)).ok());
}

TEST_F(ServerTest, APortInUseIsAClearError) {
  auto first = Serve();
  ASSERT_TRUE(first);
  api::ServerOptions o;
  o.port = first->port();
  auto second = api::Server::Start(*router, o);
  ASSERT_FALSE(second.ok());
  EXPECT_NE(second.status().message().find("cannot listen on 127.0.0.1:"), std::string::npos)
      << second.status().ToString();
}

TEST_F(ServerTest, ServesHttpsWithTheGivenCertificate) {
  const std::string cert = t.dir.Sub("cert.pem"), key = t.dir.Sub("key.pem");
  const std::string cmd =
      "openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes "
      "-days 1 -subj /CN=localhost -keyout " +
      key + " -out " + cert + " 2>/dev/null";
  ASSERT_EQ(std::system(cmd.c_str()), 0);
  api::ServerOptions o;
  o.tls_cert_file = cert;
  o.tls_key_file = key;
  auto server = Serve(o);
  ASSERT_TRUE(server);
  EXPECT_TRUE(server->tls());

  asio::io_context ioc;
  asio::ssl::context ctx(asio::ssl::context::tls_client);
  ctx.load_verify_file(cert);  // trust exactly this self-signed certificate
  beast::ssl_stream<beast::tcp_stream> stream(ioc, ctx);
  stream.set_verify_mode(asio::ssl::verify_peer);
  beast::get_lowest_layer(stream).connect({asio::ip::make_address("127.0.0.1"), server->port()});
  stream.handshake(asio::ssl::stream_base::client);
  api::Request req{http::verb::get, "/v1/health", 11};
  req.set(http::field::host, "localhost");
  http::write(stream, req);
  beast::flat_buffer buf;
  api::Response res;
  http::read(stream, buf, res);
  EXPECT_EQ(res.result(), http::status::ok);
  EXPECT_EQ(Json(res).at("size").to_number<uint64_t>(), t.ledger->Size());

  o.tls_key_file = t.dir.Sub("missing.pem");
  auto bad = api::Server::Start(*router, o);
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find("TLS certificate"), std::string::npos);
}

}  // namespace
}  // namespace ledger::testing
