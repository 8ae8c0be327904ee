// Accept loop and per-connection sessions (plain TCP or TLS), after the
// Boost.Beast example servers: a strand per connection, a body limit and a
// timeout on every read, one request in flight per connection.
#include "api/server.h"

#include <atomic>
#include <boost/asio.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <ctime>
#include <optional>
#include <thread>
#include <vector>

#include "http_util.h"

namespace ledger::api {
namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace ssl = asio::ssl;
using tcp = asio::ip::tcp;

struct Server::Impl {
  const Router& router;
  ServerOptions options;
  // Declared before the io_context: sessions it destroys still count down.
  std::atomic<size_t> connections{0};
  std::atomic<size_t> in_flight{0};  // requests read and not yet answered
  std::atomic<bool> stopped{false};
  uint16_t port = 0;
  std::optional<ssl::context> tls;  // outlives the sessions' streams
  std::unique_ptr<asio::io_context> ioc;
  std::unique_ptr<tcp::acceptor> acceptor;
  asio::thread_pool workers;
  std::vector<std::thread> io_threads;

  Impl(const Router& r, ServerOptions o)
      : router(r),
        options(std::move(o)),
        ioc(std::make_unique<asio::io_context>(options.io_threads)),
        acceptor(std::make_unique<tcp::acceptor>(*ioc)),
        workers(static_cast<size_t>(std::max(1, options.workers))) {}
  void Accept();
  void Serve(tcp::socket socket);
  void Log(const std::string& peer, const Request* req, const Response& res,
           std::chrono::steady_clock::time_point started) const;
};

namespace {

constexpr uint32_t kHeaderLimit = 16 * 1024;

std::string Now() {
  std::time_t t = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

// An answer to a request that could not be read whole (too large, malformed).
Response ReadErrorResponse(const beast::error_code& ec) {
  Request req;
  req.version(11);
  req.keep_alive(false);
  if (ec == http::error::body_limit) {
    auto res = ErrorResponse(req, Status::InvalidArgument("the request body is over the limit"));
    res.result(http::status::payload_too_large);
    return res;
  }
  if (ec == http::error::header_limit) {
    auto res = ErrorResponse(req, Status::InvalidArgument("the request headers are too large"));
    res.result(http::status::request_header_fields_too_large);
    return res;
  }
  return ErrorResponse(req, Status::InvalidArgument("malformed HTTP request: " + ec.message()));
}

template <class Stream>
class Session : public std::enable_shared_from_this<Session<Stream>> {
 public:
  static constexpr bool kTls = !std::is_same_v<Stream, beast::tcp_stream>;

  Session(Server::Impl& server, tcp::socket&& socket) requires(!kTls)
      : server_(server), stream_(std::move(socket)) {
    Init();
  }
  Session(Server::Impl& server, tcp::socket&& socket) requires(kTls)
      : server_(server), stream_(std::move(socket), *server.tls) {
    Init();
  }
  ~Session() { --server_.connections; }

  void Run() {
    asio::dispatch(stream_.get_executor(), [self = this->shared_from_this()] { self->Begin(); });
  }

 private:
  void Init() {
    ++server_.connections;
    beast::error_code ec;
    auto ep = beast::get_lowest_layer(stream_).socket().remote_endpoint(ec);
    peer_ = ec ? "?" : ep.address().to_string();
  }
  void Arm() { beast::get_lowest_layer(stream_).expires_after(server_.options.timeout); }

  void Begin() {
    if constexpr (kTls) {
      Arm();
      stream_.async_handshake(ssl::stream_base::server,
                              [self = this->shared_from_this()](beast::error_code ec) {
                                if (!ec) self->Read();
                              });
    } else {
      Read();
    }
  }

  void Read() {
    parser_.emplace();
    parser_->body_limit(server_.options.body_limit);
    parser_->header_limit(kHeaderLimit);
    Arm();
    http::async_read(
        stream_, buffer_, *parser_,
        [self = this->shared_from_this()](beast::error_code ec, size_t) { self->OnRead(ec); });
  }

  void OnRead(beast::error_code ec) {
    if (ec == http::error::end_of_stream) return Close();
    if (ec) {
      // Timeouts and resets just end the connection; bad requests get an answer.
      if (ec.category() != http::make_error_code(http::error::end_of_stream).category()) return;
      ++server_.in_flight;
      return Write(nullptr, std::make_shared<Response>(ReadErrorResponse(ec)));
    }
    ++server_.in_flight;
    started_ = std::chrono::steady_clock::now();
    auto req = std::make_shared<Request>(parser_->release());
    asio::post(server_.workers, [self = this->shared_from_this(), req] {
      auto res = std::make_shared<Response>(self->server_.router.Handle(*req));
      asio::post(self->stream_.get_executor(), [self, req, res] { self->Write(req, res); });
    });
  }

  void Write(std::shared_ptr<Request> req, std::shared_ptr<Response> res) {
    server_.Log(peer_, req.get(), *res, started_);
    if (server_.stopped) res->keep_alive(false);
    Arm();
    http::async_write(stream_, *res,
                      [self = this->shared_from_this(), res](beast::error_code ec, size_t) {
                        --self->server_.in_flight;
                        if (ec) return;
                        if (!res->keep_alive()) return self->Close();
                        self->Read();
                      });
  }

  void Close() {
    if constexpr (kTls) {
      Arm();
      stream_.async_shutdown([self = this->shared_from_this()](beast::error_code) {});
    } else {
      beast::error_code ec;
      stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
    }
  }

  Server::Impl& server_;
  Stream stream_;
  beast::flat_buffer buffer_;
  std::optional<http::request_parser<http::string_body>> parser_;
  std::string peer_;
  std::chrono::steady_clock::time_point started_ = std::chrono::steady_clock::now();
};

}  // namespace

void Server::Impl::Accept() {
  acceptor->async_accept(asio::make_strand(*ioc), [this](beast::error_code ec, tcp::socket socket) {
    if (ec == asio::error::operation_aborted || !acceptor->is_open()) return;
    if (!ec) {
      if (connections >= options.max_connections) {
        // Over the limit: refuse rather than queue without bound.
        beast::error_code ignored;
        socket.close(ignored);
        if (options.access_log) options.access_log(Now() + " refused a connection: at the limit");
      } else {
        // Answers are written whole: do not hold their last segment back (Nagle).
        beast::error_code ignored;
        socket.set_option(tcp::no_delay(true), ignored);
        Serve(std::move(socket));
      }
    }
    Accept();
  });
}

void Server::Impl::Serve(tcp::socket socket) {
  if (tls) {
    std::make_shared<Session<beast::ssl_stream<beast::tcp_stream>>>(*this, std::move(socket))
        ->Run();
  } else {
    std::make_shared<Session<beast::tcp_stream>>(*this, std::move(socket))->Run();
  }
}

void Server::Impl::Log(const std::string& peer, const Request* req, const Response& res,
                       std::chrono::steady_clock::time_point started) const {
  if (!options.access_log) return;
  auto us = std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() -
                                                                  started)
                .count();
  std::string line = Now() + " " + peer + " \"";
  line += req ? std::string(req->method_string()) + " " + std::string(req->target()) : "-";
  line += "\" " + std::to_string(res.result_int()) + " " + std::to_string(res.body().size()) +
          "B " + std::to_string(req ? us : 0) + "us";
  options.access_log(line);
}

Server::Server(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Server::~Server() { Stop(); }

Result<std::unique_ptr<Server>> Server::Start(const Router& router, ServerOptions options) {
  auto impl = std::make_unique<Impl>(router, std::move(options));
  const ServerOptions& o = impl->options;
  if (o.tls_cert_file.empty() != o.tls_key_file.empty()) {
    return Status::InvalidArgument("TLS needs both a certificate and a private key");
  }
  if (!o.tls_cert_file.empty()) {
    try {
      impl->tls.emplace(ssl::context::tls_server);
      impl->tls->set_options(ssl::context::default_workarounds | ssl::context::no_sslv2 |
                             ssl::context::no_sslv3 | ssl::context::no_tlsv1 |
                             ssl::context::no_tlsv1_1);
      impl->tls->use_certificate_chain_file(o.tls_cert_file);
      impl->tls->use_private_key_file(o.tls_key_file, ssl::context::pem);
    } catch (const boost::system::system_error& e) {
      return Status::InvalidArgument("TLS certificate " + o.tls_cert_file + " or key " +
                                     o.tls_key_file + ": " + e.what());
    }
  }
  beast::error_code ec;
  tcp::resolver resolver(*impl->ioc);
  auto endpoints =
      resolver.resolve(o.address, std::to_string(o.port), tcp::resolver::numeric_service, ec);
  if (ec || endpoints.empty()) {
    return Status::InvalidArgument("cannot resolve " + o.address + ": " + ec.message());
  }
  tcp::endpoint ep = *endpoints.begin();
  const std::string where = o.address + ":" + std::to_string(o.port);
  impl->acceptor->open(ep.protocol(), ec);
  if (!ec) impl->acceptor->set_option(asio::socket_base::reuse_address(true), ec);
  if (!ec) impl->acceptor->bind(ep, ec);
  if (!ec) impl->acceptor->listen(asio::socket_base::max_listen_connections, ec);
  if (ec) return Status::FailedPrecondition("cannot listen on " + where + ": " + ec.message());
  impl->port = impl->acceptor->local_endpoint().port();
  impl->Accept();
  for (int i = 0; i < std::max(1, o.io_threads); ++i) {
    impl->io_threads.emplace_back([p = impl.get()] { p->ioc->run(); });
  }
  return std::unique_ptr<Server>(new Server(std::move(impl)));
}

uint16_t Server::port() const { return impl_->port; }
bool Server::tls() const { return impl_->tls.has_value(); }

void Server::Stop(std::chrono::milliseconds grace) {
  if (!impl_ || impl_->stopped.exchange(true)) return;
  asio::post(*impl_->ioc, [p = impl_.get()] {
    beast::error_code ignored;
    p->acceptor->close(ignored);
  });
  // Requests in flight (an append waiting for its commit) still get their answer.
  auto deadline = std::chrono::steady_clock::now() + grace;
  while (impl_->in_flight > 0 && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  impl_->ioc->stop();
  for (auto& t : impl_->io_threads) t.join();
  impl_->workers.join();
  // Destroying the context destroys the sessions it still holds, closing
  // their connections (idle keep-alive ones included).
  impl_->acceptor.reset();
  impl_->ioc.reset();
}

}  // namespace ledger::api
