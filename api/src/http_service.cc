// HttpService: an accept loop and one coroutine per connection on a small
// io_context pool, after Boost.Beast's coroutine examples.
#include "api/http_service.h"

#include <boost/asio.hpp>
#include <boost/asio/as_tuple.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <thread>
#include <vector>

namespace ledger::api {
namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

struct HttpService::Impl {
  Handler handler;
  Options options;
  asio::io_context ioc;
  tcp::acceptor acceptor{ioc};
  std::vector<std::thread> threads;
  uint16_t port = 0;
  bool stopped = false;
};

namespace {

constexpr auto kUse = asio::as_tuple(asio::use_awaitable);

asio::awaitable<void> Session(tcp::socket socket, HttpService::Impl& impl) {
  beast::tcp_stream stream(std::move(socket));
  beast::flat_buffer buffer;
  for (;;) {
    http::request_parser<http::string_body> parser;
    parser.body_limit(impl.options.body_limit);
    stream.expires_after(std::chrono::seconds(impl.options.timeout_seconds));
    auto [rec, rn] = co_await http::async_read(stream, buffer, parser, kUse);
    if (rec) break;
    Request req = parser.release();
    Response res;
    try {
      res = impl.handler(req);
    } catch (const std::exception& e) {  // a handler bug must not kill the server
      res = Response(http::status::internal_server_error, req.version());
      res.body() = std::string("internal error: ") + e.what() + "\n";
    }
    res.keep_alive(req.keep_alive());
    res.prepare_payload();
    stream.expires_after(std::chrono::seconds(impl.options.timeout_seconds));
    auto [wec, wn] = co_await http::async_write(stream, res, kUse);
    if (wec || !res.keep_alive()) break;
  }
  beast::error_code ignored;
  stream.socket().shutdown(tcp::socket::shutdown_send, ignored);
}

asio::awaitable<void> Listen(HttpService::Impl& impl) {
  for (;;) {
    auto [ec, socket] = co_await impl.acceptor.async_accept(kUse);
    if (ec) {
      if (!impl.acceptor.is_open()) co_return;
      continue;
    }
    asio::co_spawn(impl.ioc, Session(std::move(socket), impl), asio::detached);
  }
}

}  // namespace

HttpService::HttpService(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

HttpService::~HttpService() { Stop(); }

Result<std::unique_ptr<HttpService>> HttpService::Start(Handler handler, Options options) {
  auto impl = std::make_unique<Impl>();
  impl->handler = std::move(handler);
  impl->options = std::move(options);
  beast::error_code ec;
  auto addr = asio::ip::make_address(impl->options.address, ec);
  if (ec) return Status::InvalidArgument("bad address " + impl->options.address);
  tcp::endpoint ep(addr, impl->options.port);
  impl->acceptor.open(ep.protocol(), ec);
  if (!ec) impl->acceptor.set_option(asio::socket_base::reuse_address(true), ec);
  if (!ec) impl->acceptor.bind(ep, ec);
  if (!ec) impl->acceptor.listen(asio::socket_base::max_listen_connections, ec);
  if (ec) {
    return Status::Unavailable("cannot listen on " + impl->options.address + ":" +
                               std::to_string(impl->options.port) + ": " + ec.message());
  }
  impl->port = impl->acceptor.local_endpoint().port();
  asio::co_spawn(impl->ioc, Listen(*impl), asio::detached);
  for (int i = 0; i < std::max(1, impl->options.threads); ++i) {
    impl->threads.emplace_back([raw = impl.get()] { raw->ioc.run(); });
  }
  return std::unique_ptr<HttpService>(new HttpService(std::move(impl)));
}

uint16_t HttpService::port() const { return impl_->port; }

void HttpService::Stop() {
  if (!impl_ || impl_->stopped) return;
  impl_->stopped = true;
  impl_->ioc.stop();
  for (auto& t : impl_->threads) t.join();
  impl_->threads.clear();
  beast::error_code ignored;
  impl_->acceptor.close(ignored);
}

}  // namespace ledger::api
