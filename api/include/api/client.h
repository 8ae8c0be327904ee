// A minimal blocking HTTP/1.1 client over one keep-alive TCP connection:
// what the tests and the HTTP benchmark use to talk to the server.
#ifndef API_CLIENT_H_
#define API_CLIENT_H_

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>

#include "api/router.h"
#include "ledger/status.h"

namespace ledger::api {

class Client {
 public:
  static Result<std::unique_ptr<Client>> Connect(
      const std::string& host, uint16_t port,
      std::chrono::milliseconds timeout = std::chrono::seconds(30));
  ~Client();
  Client(const Client&) = delete;
  Client& operator=(const Client&) = delete;

  // Sends `req` (Host, Content-Length and keep-alive are filled in) and reads
  // the response. Unavailable when the connection fails or is closed.
  Result<Response> Send(Request req);
  Result<Response> Get(const std::string& target);
  Result<Response> Post(const std::string& target, std::string body);

 private:
  struct Impl;
  explicit Client(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace ledger::api

#endif  // API_CLIENT_H_
