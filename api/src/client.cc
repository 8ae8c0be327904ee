// Blocking Beast client with a timeout on every exchange.
#include "api/client.h"

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

namespace ledger::api {
namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

struct Client::Impl {
  asio::io_context ioc;
  beast::tcp_stream stream{ioc};
  beast::flat_buffer buffer;
  std::string host;
  std::chrono::milliseconds timeout;
};

Client::Client(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Client::~Client() {
  beast::error_code ignored;
  impl_->stream.socket().shutdown(tcp::socket::shutdown_both, ignored);
}

Result<std::unique_ptr<Client>> Client::Connect(const std::string& host, uint16_t port,
                                                std::chrono::milliseconds timeout) {
  auto impl = std::make_unique<Impl>();
  impl->host = host + ":" + std::to_string(port);
  impl->timeout = timeout;
  beast::error_code ec;
  tcp::resolver resolver(impl->ioc);
  auto endpoints = resolver.resolve(host, std::to_string(port), ec);
  if (!ec) {
    impl->stream.expires_after(timeout);
    impl->stream.connect(endpoints, ec);
  }
  if (ec) return Status::Unavailable("cannot connect to " + impl->host + ": " + ec.message());
  impl->stream.socket().set_option(tcp::no_delay(true));
  return std::unique_ptr<Client>(new Client(std::move(impl)));
}

Result<Response> Client::Send(Request req) {
  req.set(http::field::host, impl_->host);
  req.keep_alive(true);
  req.prepare_payload();
  // The blocking calls of tcp_stream ignore its timer: run the async ones.
  beast::error_code ec;
  // Exports run to tens of megabytes: no cap on what the server sends.
  http::response_parser<http::string_body> parser;
  parser.body_limit(boost::none);
  impl_->stream.expires_after(impl_->timeout);
  http::async_write(impl_->stream, req, [&](beast::error_code e, size_t) {
    if (e) {
      ec = e;
      return;
    }
    http::async_read(impl_->stream, impl_->buffer, parser,
                     [&](beast::error_code e2, size_t) { ec = e2; });
  });
  impl_->ioc.restart();
  impl_->ioc.run();
  if (ec) return Status::Unavailable("HTTP exchange with " + impl_->host + ": " + ec.message());
  return parser.release();
}

Result<Response> Client::Get(const std::string& target) {
  return Send(Request{http::verb::get, target, 11});
}

Result<Response> Client::Post(const std::string& target, std::string body) {
  Request req{http::verb::post, target, 11};
  req.set(http::field::content_type, "application/json");
  req.body() = std::move(body);
  return Send(std::move(req));
}

}  // namespace ledger::api
