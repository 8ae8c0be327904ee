// The server's shared state (accept loop, connection registry, memory
// budget) as the sessions (session.cc) see it. Internal to ledger_api.
#ifndef API_SERVER_IMPL_H_
#define API_SERVER_IMPL_H_

#include <atomic>
#include <boost/asio.hpp>
#include <boost/asio/ssl.hpp>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <unordered_map>
#include <utility>
#include <vector>

#include "api/server.h"

namespace ledger::api {

// Bytes of request bodies and answers held at once, against a limit.
class MemoryBudget {
 public:
  MemoryBudget(size_t limit, std::atomic<int64_t>& gauge) : limit_(limit), gauge_(gauge) {}
  // Takes `n` if in use stays within `cap` (at most the limit); false otherwise.
  bool TryReserve(size_t n, size_t cap) {
    size_t used = used_.load();
    do {
      if (used + n > cap) return false;
    } while (!used_.compare_exchange_weak(used, used + n));
    gauge_ += static_cast<int64_t>(n);
    return true;
  }
  // Takes `n` even past the limit: an answer already built is sent.
  void Reserve(size_t n) {
    used_ += n;
    gauge_ += static_cast<int64_t>(n);
  }
  void Release(size_t n) {
    used_ -= n;
    gauge_ -= static_cast<int64_t>(n);
  }
  size_t used() const { return used_.load(); }
  size_t limit() const { return limit_; }

 private:
  const size_t limit_;
  std::atomic<size_t> used_{0};
  std::atomic<int64_t>& gauge_;
};

// Bytes held against a MemoryBudget until reset or destroyed.
class Reservation {
 public:
  Reservation() = default;
  Reservation(MemoryBudget& budget, size_t n) : budget_(&budget), n_(n) {}
  Reservation(Reservation&& o) noexcept : budget_(o.budget_), n_(std::exchange(o.n_, 0)) {}
  Reservation& operator=(Reservation&& o) noexcept {
    if (this != &o) {
      Reset();
      budget_ = o.budget_;
      n_ = std::exchange(o.n_, 0);
    }
    return *this;
  }
  ~Reservation() { Reset(); }
  void Reset() {
    if (budget_ && n_) budget_->Release(n_);
    n_ = 0;
  }

 private:
  MemoryBudget* budget_ = nullptr;
  size_t n_ = 0;
};

// What Stop needs of a session: to close it if it waits for a request.
class SessionBase {
 public:
  virtual ~SessionBase() = default;
  // Closes the connection if no byte of a next request has arrived (posted
  // to the session's strand).
  virtual void CloseIfIdle() = 0;
};

struct Server::Impl {
  using tcp = boost::asio::ip::tcp;

  Impl(const Router& r, ServerOptions o);

  const Router& router;
  ServerOptions options;
  Metrics& metrics;
  MemoryBudget budget;
  std::atomic<size_t> connections{0};
  std::atomic<size_t> in_flight{0};  // requests read and not yet answered
  std::atomic<bool> stopping{false};
  uint16_t port = 0;
  std::optional<boost::asio::ssl::context> tls;  // outlives the sessions' streams

  std::mutex mu;  // guards the two maps; `drained` waits on it
  std::condition_variable drained;
  std::unordered_map<SessionBase*, std::weak_ptr<SessionBase>> sessions;
  std::unordered_map<std::string, size_t> per_client;

  std::unique_ptr<boost::asio::io_context> ioc;
  // Keeps the I/O threads running while every connection waits on a worker
  // (an append at its commit): without it they would return, and the
  // answers the workers post back would never be written.
  std::optional<boost::asio::executor_work_guard<boost::asio::io_context::executor_type>> work;
  std::unique_ptr<tcp::acceptor> acceptor;
  boost::asio::thread_pool workers;
  std::vector<std::thread> io_threads;

  void Accept();
  // Answers 503 on a connection over a limit, then closes it.
  void Refuse(tcp::socket& socket, std::string_view reason);
  void Register(const std::shared_ptr<SessionBase>& session);
  void SessionEnded(SessionBase* session, const std::string& peer);
  // Request bodies may fill the budget only up to here, so small reads
  // (health, proofs) are still admitted while uploads hold the rest.
  size_t BodyCap() const { return budget.limit() - budget.limit() / 8; }

  struct LogEntry {
    std::string_view peer, method, target, route;
    unsigned status = 0;
    size_t bytes = 0;
    std::chrono::microseconds duration{0};
  };
  void Log(const LogEntry& e) const;
};

// Starts a session (plain or TLS) on an accepted connection.
void StartSession(Server::Impl& server, boost::asio::ip::tcp::socket socket, std::string peer);

}  // namespace ledger::api

#endif  // API_SERVER_IMPL_H_
