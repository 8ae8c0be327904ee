// The server's protocol and fairness over real sockets: Host, Expect,
// connection limits per address and overall, the memory budget, streamed
// answers, metrics and stopping with requests in flight.
#include <gtest/gtest.h>

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/json.hpp>
#include <future>
#include <thread>

#include "api/api_fixture.h"
#include "api/client.h"
#include "api/server.h"

namespace ledger::testing {
namespace {
namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace json = boost::json;
using tcp = asio::ip::tcp;

class ServerLimitsTest : public ApiTest {
 protected:
  // A connection from `from` (any 127.0.0.0/8 address is local).
  static std::unique_ptr<tcp::socket> Open(asio::io_context& ioc, uint16_t port,
                                           const char* from = "127.0.0.1") {
    auto sock = std::make_unique<tcp::socket>(ioc);
    sock->open(tcp::v4());
    sock->bind({asio::ip::make_address(from), 0});
    sock->connect({asio::ip::make_address("127.0.0.1"), port});
    return sock;
  }
  // Writes `bytes`, then reads until the server closes or `wait` passes.
  static std::string Exchange(tcp::socket& sock, const std::string& bytes,
                              std::chrono::milliseconds wait = std::chrono::seconds(5)) {
    if (!bytes.empty()) asio::write(sock, asio::buffer(bytes));
    timeval tv{static_cast<time_t>(wait.count() / 1000),
               static_cast<suseconds_t>(wait.count() % 1000 * 1000)};
    ::setsockopt(sock.native_handle(), SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
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

TEST_F(ServerLimitsTest, Http11WithoutHostIs400) {
  auto server = Serve();
  ASSERT_TRUE(server);
  asio::io_context ioc;
  auto sock = Open(ioc, server->port());
  std::string reply = Exchange(*sock, "GET /v1/health HTTP/1.1\r\n\r\n");
  EXPECT_TRUE(reply.starts_with("HTTP/1.1 400")) << reply;
  EXPECT_NE(reply.find("Host"), std::string::npos);
  // HTTP/1.0 has no Host requirement.
  auto old = Open(ioc, server->port());
  EXPECT_TRUE(Exchange(*old, "GET /v1/health HTTP/1.0\r\n\r\n").starts_with("HTTP/1.0 200"));
}

TEST_F(ServerLimitsTest, ExpectContinueIsHonouredOrRefusedBeforeTheBody) {
  api::ServerOptions o;
  o.body_limit = 64 * 1024;
  auto server = Serve(o);
  ASSERT_TRUE(server);
  asio::io_context ioc;
  const std::string event = SignedAppointment("person.1", "expect-1");
  auto sock = Open(ioc, server->port());
  const std::string head = "POST /v1/events HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\n"
                           "Connection: close\r\nContent-Length: " +
                           std::to_string(event.size()) + "\r\n\r\n";
  asio::write(*sock, asio::buffer(head));
  char buf[256];
  size_t n = sock->read_some(asio::buffer(buf));
  EXPECT_EQ(std::string(buf, n), "HTTP/1.1 100 Continue\r\n\r\n");
  std::string reply = Exchange(*sock, event);
  EXPECT_TRUE(reply.starts_with("HTTP/1.1 201")) << reply;

  // Too large: the 413 comes instead of the 100, and no body is needed.
  auto big = Open(ioc, server->port());
  std::string refused = Exchange(*big,
                                 "POST /v1/events HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\n"
                                 "Content-Length: 10000000\r\n\r\n");
  EXPECT_TRUE(refused.starts_with("HTTP/1.1 413")) << refused;
  auto odd = Open(ioc, server->port());
  EXPECT_TRUE(Exchange(*odd, "GET /v1/health HTTP/1.1\r\nHost: x\r\nExpect: magic\r\n\r\n")
                  .starts_with("HTTP/1.1 417"));
}

TEST_F(ServerLimitsTest, IdleConnectionsFromOneAddressDoNotLockOutAnother) {
  api::ServerOptions o;
  o.max_connections_per_client = 32;
  auto server = Serve(o);
  ASSERT_TRUE(server);
  asio::io_context ioc;
  std::vector<std::unique_ptr<tcp::socket>> idle;
  for (int i = 0; i < 2000; ++i) idle.push_back(Open(ioc, server->port()));
  // The ones over the per-client limit are answered 503 and closed.
  std::string refused = Exchange(*idle.back(), "");
  EXPECT_TRUE(refused.starts_with("HTTP/1.1 503")) << refused;
  EXPECT_NE(refused.find("Retry-After: 1"), std::string::npos);
  auto other = Open(ioc, server->port(), "127.0.0.2");
  std::string reply = Exchange(*other, "GET /v1/health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
  EXPECT_TRUE(reply.starts_with("HTTP/1.1 200")) << reply;
  EXPECT_NE(HttpGet("/metrics").body().find("ledger_http_connections_refused_total{reason=\"per-client\"}"),
            std::string::npos);
}

TEST_F(ServerLimitsTest, TheGlobalLimitAnswers503) {
  api::ServerOptions o;
  o.max_connections = 4;
  auto server = Serve(o);
  ASSERT_TRUE(server);
  asio::io_context ioc;
  std::vector<std::unique_ptr<tcp::socket>> held;
  for (int i = 0; i < 4; ++i) held.push_back(Open(ioc, server->port(), "127.0.0.3"));
  auto extra = Open(ioc, server->port(), "127.0.0.4");
  EXPECT_TRUE(Exchange(*extra, "").starts_with("HTTP/1.1 503"));
}

TEST_F(ServerLimitsTest, ANewConnectionHasAShortHeaderTimeout) {
  api::ServerOptions o;
  o.header_timeout = std::chrono::milliseconds(200);
  auto server = Serve(o);
  ASSERT_TRUE(server);
  asio::io_context ioc;
  auto sock = Open(ioc, server->port());
  const auto started = std::chrono::steady_clock::now();
  EXPECT_EQ(Exchange(*sock, "GET /v1/hea"), "");
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(3));
}

TEST_F(ServerLimitsTest, BodiesOverTheMemoryBudgetGet503WithRetryAfter) {
  api::ServerOptions o;
  o.memory_budget = 1 << 20;
  o.body_limit = 800 * 1024;
  auto server = Serve(o);
  ASSERT_TRUE(server);
  asio::io_context ioc;
  // The first upload holds 800 KiB of the budget while it trickles in...
  auto first = Open(ioc, server->port());
  asio::write(*first, asio::buffer(std::string(
                          "POST /v1/events HTTP/1.1\r\nHost: x\r\nContent-Length: 819200\r\n\r\n[")));
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  // ...so a second one cannot have more, but a small read still can.
  auto second = Open(ioc, server->port());
  std::string reply =
      Exchange(*second, "POST /v1/events HTTP/1.1\r\nHost: x\r\nContent-Length: 819200\r\n\r\n");
  EXPECT_TRUE(reply.starts_with("HTTP/1.1 503")) << reply;
  EXPECT_NE(reply.find("Retry-After: 1"), std::string::npos);
  EXPECT_NE(reply.find("memory budget"), std::string::npos);
  auto http_client = api::Client::Connect("127.0.0.1", server->port());
  ASSERT_TRUE(http_client.ok());
  auto health = (*http_client)->Get("/v1/health");
  ASSERT_TRUE(health.ok());
  EXPECT_EQ(health->result(), http::status::ok);
}

TEST_F(ServerLimitsTest, StreamedAnswersMatchAndHeadSendsNoBody) {
  auto server = Serve();
  ASSERT_TRUE(server);
  auto http_client = api::Client::Connect("127.0.0.1", server->port());
  ASSERT_TRUE(http_client.ok());
  auto exported = (*http_client)->Get("/v1/export");
  ASSERT_TRUE(exported.ok());
  EXPECT_EQ(exported->body(), HttpGet("/v1/export").body());
  auto page = (*http_client)->Get("/v1/events?from=1&limit=3");
  ASSERT_TRUE(page.ok());
  EXPECT_EQ(Json(*page).at("records").as_array().size(), 3u);
  EXPECT_EQ((*page)[http::field::access_control_allow_origin], "*");
  asio::io_context ioc;
  auto sock = Open(ioc, server->port());
  std::string head = Exchange(*sock, "HEAD /v1/export HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
  EXPECT_TRUE(head.starts_with("HTTP/1.1 200")) << head;
  EXPECT_TRUE(head.ends_with("\r\n\r\n")) << "a body after the head: " << head;
}

TEST_F(ServerLimitsTest, MetricsCountRequestsByRouteAndStatus) {
  auto server = Serve();
  ASSERT_TRUE(server);
  auto http_client = api::Client::Connect("127.0.0.1", server->port());
  ASSERT_TRUE(http_client.ok());
  ASSERT_TRUE((*http_client)->Get("/v1/events/1").ok());
  ASSERT_TRUE((*http_client)->Get("/v1/events/999999").ok());
  auto metrics = (*http_client)->Get("/metrics");
  ASSERT_TRUE(metrics.ok());
  const std::string& text = metrics->body();
  EXPECT_NE(text.find(R"(ledger_http_requests_total{method="GET",route="/v1/events/{seq}",status="200"} 1)"),
            std::string::npos) << text;
  EXPECT_NE(text.find(R"(ledger_http_requests_total{method="GET",route="/v1/events/{seq}",status="404"} 1)"),
            std::string::npos) << text;
  EXPECT_NE(text.find(R"(ledger_http_request_duration_seconds_bucket{route="/v1/events/{seq}",le="+Inf"} 2)"),
            std::string::npos) << text;
  EXPECT_NE(text.find("ledger_http_connections_open 1\n"), std::string::npos) << text;
}

TEST_F(ServerLimitsTest, StopAnswersRequestsInFlightAndClosesIdleOnesAtOnce) {
  auto server = Serve();
  ASSERT_TRUE(server);
  auto idle = api::Client::Connect("127.0.0.1", server->port());
  ASSERT_TRUE(idle.ok() && (*idle)->Get("/v1/health").ok());
  // Many events in one request keep it at the group commit for a while.
  std::string batch = "[";
  for (int i = 0; i < 400; ++i) {
    json::object body{{"person", "person.s" + std::to_string(i)},
                      {"org", "mn.cabinet-secretariat"},
                      {"full_name", "Должин Сарантуяа"},
                      {"gender", "female"},
                      {"birth_year", 1990}};
    batch += (i ? "," : "") + SignedEvent("person.registered", body, "stop-" + std::to_string(i));
  }
  batch += "]";
  auto busy = api::Client::Connect("127.0.0.1", server->port());
  ASSERT_TRUE(busy.ok());
  auto answer = std::async(std::launch::async, [&] { return (*busy)->Post("/v1/events", batch); });
  const uint64_t size = t.ledger->Size();
  // Stop only once the server has read the request: a connection with no
  // byte of a request yet is idle, and closing it unanswered is right.
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (router->metrics().requests_in_flight.load() == 0 &&
         std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  ASSERT_GT(router->metrics().requests_in_flight.load(), 0) << "the request never arrived";
  const auto started = std::chrono::steady_clock::now();
  Status stopped = server->Stop(std::chrono::seconds(20));
  EXPECT_TRUE(stopped.ok()) << stopped.ToString();
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(10));
  auto res = answer.get();
  ASSERT_TRUE(res.ok()) << res.status().ToString();
  if (res->result() == http::status::created) {
    EXPECT_EQ(t.ledger->Size(), size + 400);
  } else {
    EXPECT_EQ(t.ledger->Size(), size) << res->body();  // it arrived after the stop
  }
  EXPECT_FALSE((*idle)->Get("/v1/health").ok());
}

}  // namespace
}  // namespace ledger::testing
