// A small plain-HTTP/1.1 server for one handler function: what the witness
// (`ledger witness serve`) and the tests' fake witnesses run on. Keep-alive,
// a body limit and a timeout on every read and write; no TLS (put a
// terminating proxy in front, as the tlog-witness spec's bastion suggests).
#ifndef API_HTTP_SERVICE_H_
#define API_HTTP_SERVICE_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "api/router.h"  // Request, Response
#include "ledger/status.h"

namespace ledger::api {

class HttpService {
 public:
  using Handler = std::function<Response(const Request&)>;
  struct Options {
    std::string address = "127.0.0.1";
    uint16_t port = 0;  // 0: any free port
    int threads = 2;
    size_t body_limit = size_t{1} << 20;
    int timeout_seconds = 30;
  };

  // Binds and serves on background threads until Stop or destruction. The
  // handler may be called from several threads at once.
  static Result<std::unique_ptr<HttpService>> Start(Handler handler, Options options);
  ~HttpService();
  HttpService(const HttpService&) = delete;
  HttpService& operator=(const HttpService&) = delete;

  uint16_t port() const;
  void Stop();  // closes every connection and joins the threads; idempotent

  struct Impl;

 private:
  explicit HttpService(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace ledger::api

#endif  // API_HTTP_SERVICE_H_
