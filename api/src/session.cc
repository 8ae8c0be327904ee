// One connection (plain TCP or TLS), after the Boost.Beast example servers:
// a strand per connection, one request at a time. Headers first, so limits,
// Host, Expect and the memory budget are checked before any body is read;
// the Router runs on the worker pool, or inline for quick reads
// (Router::IsQuick); streamed answers go out one piece at
// a time, the next piece produced only once the last one is written.
#include <boost/asio.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>

#include "http_util.h"
#include "server_impl.h"

namespace ledger::api {
namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace ssl = asio::ssl;
using tcp = asio::ip::tcp;

namespace {

constexpr uint32_t kHeaderLimit = 16 * 1024;
// After an answer to a request whose body was not read, how long the
// connection stays open draining it, so the client reads the answer
// instead of a reset.
constexpr auto kLinger = std::chrono::seconds(2);

template <class Stream>
class Session : public SessionBase, public std::enable_shared_from_this<Session<Stream>> {
 public:
  static constexpr bool kTls = !std::is_same_v<Stream, beast::tcp_stream>;

  Session(Server::Impl& server, tcp::socket&& socket, std::string peer) requires(!kTls)
      : server_(server), stream_(std::move(socket)), peer_(std::move(peer)) {}
  Session(Server::Impl& server, tcp::socket&& socket, std::string peer) requires(kTls)
      : server_(server), stream_(std::move(socket), *server.tls), peer_(std::move(peer)) {}
  ~Session() override { server_.SessionEnded(this, peer_); }

  void Run() {
    server_.Register(this->shared_from_this());
    asio::dispatch(stream_.get_executor(), [self = this->shared_from_this()] { self->Begin(); });
  }

  void CloseIfIdle() override {
    asio::post(stream_.get_executor(), [self = this->shared_from_this()] {
      if (self->Idle()) self->Abort();
    });
  }

 private:
  enum class State { kWaiting, kReading, kAnswering, kClosing };
  auto& Socket() { return beast::get_lowest_layer(stream_).socket(); }
  void Arm(std::chrono::steady_clock::duration d) { beast::get_lowest_layer(stream_).expires_after(d); }

  // Waiting for a request with none of its bytes here, nor in the kernel.
  bool Idle() {
    if (state_ != State::kWaiting || buffer_.size() > 0 || (parser_ && parser_->got_some())) {
      return false;
    }
    beast::error_code ec;
    return Socket().available(ec) == 0 || ec;
  }
  void Abort() {
    state_ = State::kClosing;
    beast::error_code ignored;
    Socket().shutdown(tcp::socket::shutdown_both, ignored);
    Socket().close(ignored);
  }

  void Begin() {
    if constexpr (kTls) {
      Arm(server_.options.header_timeout);
      stream_.async_handshake(ssl::stream_base::server,
                              [self = this->shared_from_this()](beast::error_code ec) {
                                if (!ec) self->ReadHeader();
                              });
    } else {
      ReadHeader();
    }
  }

  void ReadHeader() {
    state_ = State::kWaiting;
    parser_.emplace();
    parser_->body_limit(server_.options.body_limit);
    parser_->header_limit(kHeaderLimit);
    if (server_.stopping && Idle()) return Abort();
    Arm(served_ ? server_.options.timeout : server_.options.header_timeout);
    http::async_read_header(
        stream_, buffer_, *parser_,
        [self = this->shared_from_this()](beast::error_code ec, size_t) { self->OnHeader(ec); });
  }

  void OnHeader(beast::error_code ec) {
    if (ec) return OnReadError(ec);
    state_ = State::kReading;
    started_ = std::chrono::steady_clock::now();
    const auto& req = parser_->get();
    method_ = std::string(req.method_string());
    target_ = std::string(req.target());
    version_ = req.version();
    if (version_ >= 11 && req.find(http::field::host) == req.end()) {
      return Refuse(http::status::bad_request, "INVALID_ARGUMENT",
                    "an HTTP/1.1 request must carry a Host header");
    }
    const std::string_view expect = req[http::field::expect];
    const bool expects_continue = beast::iequals(expect, "100-continue");
    if (!expect.empty() && !expects_continue) {
      return Refuse(http::status::expectation_failed, "EXPECTATION_FAILED",
                    "Expect: only 100-continue is understood");
    }
    const size_t limit = server_.options.body_limit;
    const auto length = parser_->content_length();
    if (length && *length > limit) return TooLarge();
    const size_t body = length ? static_cast<size_t>(*length) : parser_->chunked() ? limit : 0;
    MemoryBudget& budget = server_.budget;
    if (body ? !budget.TryReserve(body, server_.BodyCap()) : budget.used() >= budget.limit()) {
      server_.metrics.ConnectionRefused("memory-budget");
      return Refuse(http::status::service_unavailable, "OVERLOADED",
                    "the server's memory budget is spent; retry shortly", /*retry_after=*/true);
    }
    body_reservation_ = Reservation(budget, body);
    Arm(server_.options.timeout);
    if (!expects_continue || parser_->is_done()) return ReadBody();
    auto interim = std::make_shared<http::response<http::empty_body>>(http::status::continue_,
                                                                       version_);
    http::async_write(stream_, *interim,
                      [self = this->shared_from_this(), interim](beast::error_code e, size_t) {
                        if (!e) self->ReadBody();
                      });
  }

  void ReadBody() {
    http::async_read(
        stream_, buffer_, *parser_,
        [self = this->shared_from_this()](beast::error_code ec, size_t) { self->OnBody(ec); });
  }

  void OnBody(beast::error_code ec) {
    if (ec) return OnReadError(ec);
    Count();
    auto req = std::make_shared<Request>(parser_->release());
    // A quick read is answered here, on the connection's strand: the hop to
    // a worker and back would cost more than the answer itself.
    if (Router::IsQuick(*req)) return Respond(server_.router.Dispatch(*req));
    asio::post(server_.workers, [self = this->shared_from_this(), req]() mutable {
      auto reply = std::make_shared<Reply>(self->server_.router.Dispatch(*req));
      req.reset();  // the body is no longer needed
      asio::post(self->stream_.get_executor(), [self, reply] { self->Respond(std::move(*reply)); });
    });
  }

  // Timeouts and resets just end the connection; requests that cannot be
  // read whole get an answer.
  void OnReadError(beast::error_code ec) {
    if (ec == http::error::end_of_stream) return Close();
    if (ec.category() != http::make_error_code(http::error::end_of_stream).category()) return;
    if (ec == http::error::body_limit) return TooLarge();
    if (ec == http::error::header_limit) {
      return Refuse(http::status::request_header_fields_too_large, "INVALID_ARGUMENT",
                    "the request headers are over 16 KiB");
    }
    Refuse(http::status::bad_request, "INVALID_ARGUMENT",
           "malformed HTTP request: " + ec.message());
  }

  void TooLarge() {
    Refuse(http::status::payload_too_large, "PAYLOAD_TOO_LARGE",
           "the request body is over the limit of " +
               std::to_string(server_.options.body_limit) + " bytes");
  }

  void Count() {
    state_ = State::kAnswering;
    ++server_.in_flight;
    ++server_.metrics.requests_in_flight;
  }

  // An answer before (or instead of) reading the body: the connection closes after it.
  void Refuse(http::status status, std::string_view code, std::string detail,
              bool retry_after = false) {
    if (state_ == State::kWaiting) started_ = std::chrono::steady_clock::now();
    Count();
    Request req;
    req.version(version_);
    req.keep_alive(false);
    Reply reply{ProblemResponse(req, status, code, std::move(detail)), nullptr, {}};
    if (retry_after) reply.response.set(http::field::retry_after, "1");
    linger_ = true;
    Respond(std::move(reply));
  }

  void Respond(Reply reply) {
    body_reservation_.Reset();
    answer_ = std::make_shared<Reply>(std::move(reply));
    Response& res = answer_->response;
    if (server_.stopping || linger_) res.keep_alive(false);
    bytes_out_ = res.body().size();
    server_.budget.Reserve(bytes_out_);
    answer_reservation_ = Reservation(server_.budget, bytes_out_);
    Arm(server_.options.timeout);
    if (!answer_->pieces && !res.chunked()) {
      return http::async_write(stream_, res,
                               [self = this->shared_from_this()](beast::error_code ec, size_t) {
                                 self->Done(ec);
                               });
    }
    // The head now; a HEAD answer (no pieces) ends there.
    serializer_.emplace(res);
    http::async_write_header(stream_, *serializer_,
                             [self = this->shared_from_this()](beast::error_code ec, size_t) {
                               if (ec || !self->answer_->pieces) return self->Done(ec);
                               self->NextPiece();
                             });
  }

  // The producer runs on a worker (it reads the store); the write on the strand.
  void NextPiece() {
    asio::post(server_.workers, [self = this->shared_from_this()] {
      auto piece = std::make_shared<std::string>();
      Result<bool> more = self->answer_->pieces(*piece);
      asio::post(self->stream_.get_executor(), [self, piece, more = std::move(more)] {
        self->WritePiece(more, std::move(*piece));
      });
    });
  }

  void WritePiece(const Result<bool>& more, std::string piece) {
    if (!more.ok()) {
      // The status line is gone: cut the body short so the client sees it incomplete.
      if (server_.options.access_log) {
        server_.options.access_log("stream of \"" + method_ + " " + target_ +
                                   "\" cut short: " + more.status().ToString());
      }
      return Done(asio::error::connection_aborted);
    }
    if (!*more) {
      return asio::async_write(stream_, http::make_chunk_last(),
                               [self = this->shared_from_this()](beast::error_code ec, size_t) {
                                 self->Done(ec);
                               });
    }
    if (piece.empty()) return NextPiece();  // an empty chunk would end the body
    piece_ = std::move(piece);
    bytes_out_ += piece_.size();
    server_.budget.Reserve(piece_.size());
    answer_reservation_ = Reservation(server_.budget, piece_.size());
    Arm(server_.options.timeout);
    asio::async_write(stream_, http::make_chunk(asio::buffer(piece_)),
                      [self = this->shared_from_this()](beast::error_code ec, size_t) {
                        if (ec) return self->Done(ec);
                        self->NextPiece();
                      });
  }

  void Done(beast::error_code ec) {
    const bool keep_alive = answer_->response.keep_alive();
    const unsigned status = answer_->response.result_int();
    const auto took = std::chrono::duration_cast<std::chrono::microseconds>(
        std::chrono::steady_clock::now() - started_);
    const std::string_view route = answer_->route;
    server_.metrics.ObserveRequest(method_.empty() ? "-" : method_, route, status, took);
    server_.Log({peer_, method_, target_, route, status, bytes_out_, took});
    answer_.reset();
    serializer_.reset();
    piece_ = std::string();
    answer_reservation_.Reset();
    ++served_;
    --server_.metrics.requests_in_flight;
    --server_.in_flight;
    if (ec) return;
    if (!keep_alive) return Close();
    ReadHeader();
  }

  void Close() {
    state_ = State::kClosing;
    if constexpr (kTls) {
      Arm(std::chrono::seconds(1));
      stream_.async_shutdown([self = this->shared_from_this()](beast::error_code) {});
    } else {
      beast::error_code ec;
      Socket().shutdown(tcp::socket::shutdown_send, ec);
      if (linger_ && !ec) Drain();
    }
  }

  // Reads and drops what the client still sends until it closes.
  void Drain() {
    Arm(kLinger);
    buffer_.clear();
    stream_.async_read_some(buffer_.prepare(16 * 1024),
                            [self = this->shared_from_this()](beast::error_code ec, size_t) {
                              if (!ec) self->Drain();
                            });
  }

  Server::Impl& server_;
  Stream stream_;
  const std::string peer_;
  State state_ = State::kWaiting;
  beast::flat_buffer buffer_;
  std::optional<http::request_parser<http::string_body>> parser_;
  std::string method_, target_;
  unsigned version_ = 11;
  bool linger_ = false;
  size_t served_ = 0;
  Reservation body_reservation_, answer_reservation_;
  std::shared_ptr<Reply> answer_;
  std::optional<http::response_serializer<http::string_body>> serializer_;
  std::string piece_;
  size_t bytes_out_ = 0;
  std::chrono::steady_clock::time_point started_ = std::chrono::steady_clock::now();
};

}  // namespace

void StartSession(Server::Impl& server, tcp::socket socket, std::string peer) {
  if (server.tls) {
    std::make_shared<Session<beast::ssl_stream<beast::tcp_stream>>>(server, std::move(socket),
                                                                     std::move(peer))
        ->Run();
  } else {
    std::make_shared<Session<beast::tcp_stream>>(server, std::move(socket), std::move(peer))
        ->Run();
  }
}

}  // namespace ledger::api
