// The HTTP(S) server: accepts connections, reads requests within a body
// limit, a memory budget and timeouts, hands each to the Router on a worker
// pool (an append waits there for its commit without blocking I/O) and
// writes the answer, streaming large ones. Networking only: what a request
// means is the Router's business.
#ifndef API_SERVER_H_
#define API_SERVER_H_

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "api/router.h"
#include "ledger/status.h"

namespace ledger::api {

struct ServerOptions {
  std::string address = "127.0.0.1";
  uint16_t port = 8080;  // 0: any free port (see Server::port)
  int io_threads = 2;
  // Requests handled at once; an append holds its worker until its batch is
  // durable, so this bounds how many appends one group commit can gather.
  int workers = 64;
  size_t body_limit = size_t{8} << 20;        // bytes; larger requests get 413
  std::chrono::milliseconds timeout{30'000};  // per read and per write; idle keep-alive too
  // A new connection must send its first request's headers within this.
  std::chrono::milliseconds header_timeout{10'000};
  size_t max_connections = 1024;           // more are answered 503 and closed
  size_t max_connections_per_client = 64;  // per client address; more are answered 503
  // Request bodies and answers held in memory at once, in bytes. A request
  // that would go over it is answered 503 with Retry-After before its body
  // is read; streamed answers count the piece being written.
  size_t memory_budget = size_t{256} << 20;
  // Both set: HTTPS only (PEM certificate chain and private key).
  std::string tls_cert_file, tls_key_file;
  // One line per request; null: quiet.
  std::function<void(const std::string&)> access_log;
  enum class LogFormat { kText, kJson };
  // kText: `<time> <peer> "GET /v1/..." 200 123B 45us`; kJson: one JSON object a line.
  LogFormat log_format = LogFormat::kText;
};

class Server {
 public:
  // Binds and starts serving on background threads. `router` must outlive
  // the server. Errors: the address cannot be bound, or TLS files do not load.
  static Result<std::unique_ptr<Server>> Start(const Router& router, ServerOptions options);
  ~Server();  // Stop()
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  uint16_t port() const;
  bool tls() const;
  // Stops accepting, closes idle keep-alive connections at once, answers
  // every request already read (a committed append gets its 201) and returns
  // as soon as the last answer is written, or when `grace` ends: then the
  // rest is cut off and the Status (Unavailable) says what was cut short.
  // Idempotent: a second call returns Ok at once.
  Status Stop(std::chrono::milliseconds grace = std::chrono::seconds(10));

  struct Impl;

 private:
  explicit Server(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace ledger::api

#endif  // API_SERVER_H_
