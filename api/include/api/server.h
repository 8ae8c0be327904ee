// The HTTP(S) server: accepts connections, reads requests with a body limit
// and timeouts, hands each to the Router on a worker pool (an append waits
// there for its commit without blocking I/O), writes the response.
// Networking only: what a request means is the Router's business.
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
  size_t max_connections = 1024;              // more are closed on accept
  // Both set: HTTPS only (PEM certificate chain and private key).
  std::string tls_cert_file, tls_key_file;
  // One line per request ("<time> <peer> "GET /v1/..." 200 123B 45us"); null: quiet.
  std::function<void(const std::string&)> access_log;
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
  // Stops accepting, lets requests in flight finish (up to `grace`), then
  // closes every connection and joins the threads. Idempotent.
  void Stop(std::chrono::milliseconds grace = std::chrono::seconds(5));

  struct Impl;

 private:
  explicit Server(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace ledger::api

#endif  // API_SERVER_H_
