// Accept loop, connection limits, the access log and stopping. The
// sessions themselves are in session.cc.
#include "api/server.h"

#include <boost/asio.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/json.hpp>
#include <ctime>

#include "ledger/record.h"
#include "server_impl.h"

namespace ledger::api {
namespace asio = boost::asio;
namespace beast = boost::beast;
namespace json = boost::json;
namespace ssl = asio::ssl;
using tcp = asio::ip::tcp;

namespace {

std::string Now() { return FormatUtcSeconds(std::time(nullptr)); }

}  // namespace

Server::Impl::Impl(const Router& r, ServerOptions o)
    : router(r),
      options(std::move(o)),
      metrics(r.metrics()),
      budget(options.memory_budget, metrics.memory_in_use_bytes),
      ioc(std::make_unique<asio::io_context>(options.io_threads)),
      work(asio::make_work_guard(*ioc)),
      acceptor(std::make_unique<tcp::acceptor>(*ioc)),
      workers(static_cast<size_t>(std::max(1, options.workers))) {
  metrics.memory_budget_bytes = static_cast<int64_t>(options.memory_budget);
}

void Server::Impl::Accept() {
  acceptor->async_accept(asio::make_strand(*ioc), [this](beast::error_code ec, tcp::socket socket) {
    if (ec == asio::error::operation_aborted || !acceptor->is_open()) return;
    if (!ec) {
      beast::error_code ignored;
      auto ep = socket.remote_endpoint(ignored);
      std::string peer = ignored ? "?" : ep.address().to_string();
      bool admitted = false;
      std::string_view refusal = "limit";
      {
        std::lock_guard lock(mu);
        size_t& mine = per_client[peer];
        if (connections >= options.max_connections) {
          refusal = "limit";
        } else if (mine >= options.max_connections_per_client) {
          refusal = "per-client";
        } else {
          ++mine;
          ++connections;
          admitted = true;
        }
        if (!mine) per_client.erase(peer);
      }
      if (admitted) {
        ++metrics.connections_open;
        // Answers are written whole: do not hold their last segment back (Nagle).
        socket.set_option(tcp::no_delay(true), ignored);
        StartSession(*this, std::move(socket), std::move(peer));
      } else {
        Refuse(socket, refusal);
      }
    }
    Accept();
  });
}

void Server::Impl::Refuse(tcp::socket& socket, std::string_view reason) {
  metrics.ConnectionRefused(reason);
  beast::error_code ignored;
  if (!tls) {
    // Best effort, without blocking the accept loop: a client that has not
    // filled our send buffer (none has yet) gets the whole answer.
    static const std::string kBusy = [] {
      const std::string body =
          R"({"type":"urn:civil-service-ledger:problem:overloaded","title":"Service Unavailable",)"
          R"("status":503,"detail":"too many connections; retry shortly","code":"OVERLOADED"})"
          "\n";
      return "HTTP/1.1 503 Service Unavailable\r\nServer: civil-service-ledger\r\n"
             "Content-Type: application/problem+json\r\nRetry-After: 1\r\nConnection: close\r\n"
             "Content-Length: " +
             std::to_string(body.size()) + "\r\n\r\n" + body;
    }();
    socket.non_blocking(true, ignored);
    socket.write_some(asio::buffer(kBusy), ignored);
    socket.shutdown(tcp::socket::shutdown_send, ignored);
  }
  socket.close(ignored);
  if (options.access_log && options.log_format == ServerOptions::LogFormat::kText) {
    options.access_log(Now() + " refused a connection: " + std::string(reason));
  }
}

void Server::Impl::Register(const std::shared_ptr<SessionBase>& session) {
  std::lock_guard lock(mu);
  sessions.emplace(session.get(), session);
}

void Server::Impl::SessionEnded(SessionBase* session, const std::string& peer) {
  std::lock_guard lock(mu);
  sessions.erase(session);
  if (auto it = per_client.find(peer); it != per_client.end() && --it->second == 0) {
    per_client.erase(it);
  }
  --metrics.connections_open;
  if (--connections == 0) drained.notify_all();
}

void Server::Impl::Log(const LogEntry& e) const {
  if (!options.access_log) return;
  if (options.log_format == ServerOptions::LogFormat::kJson) {
    json::object o{{"time", Now()},
                   {"peer", e.peer},
                   {"method", e.method},
                   {"target", e.target},
                   {"route", e.route},
                   {"status", e.status},
                   {"bytes", e.bytes},
                   {"duration_us", e.duration.count()}};
    options.access_log(json::serialize(o));
    return;
  }
  std::string line = Now() + " " + std::string(e.peer) + " \"";
  line += e.method.empty() ? "-" : std::string(e.method) + " " + std::string(e.target);
  line += "\" " + std::to_string(e.status) + " " + std::to_string(e.bytes) + "B " +
          std::to_string(e.duration.count()) + "us";
  options.access_log(line);
}

Server::Server(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Server::~Server() { (void)Stop(); }

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

Status Server::Stop(std::chrono::milliseconds grace) {
  if (!impl_ || impl_->stopping.exchange(true)) return Status::Ok();
  Impl& s = *impl_;
  const auto deadline = std::chrono::steady_clock::now() + grace;
  asio::post(*s.ioc, [&s] {
    beast::error_code ignored;
    s.acceptor->close(ignored);
  });
  // Idle keep-alive connections close now; the others once answered.
  std::vector<std::shared_ptr<SessionBase>> open;
  {
    std::lock_guard lock(s.mu);
    for (auto& [raw, weak] : s.sessions) {
      if (auto session = weak.lock()) open.push_back(std::move(session));
    }
  }
  for (auto& session : open) session->CloseIfIdle();
  open.clear();  // a session must not outlive the wait below because of us
  size_t cut_connections = 0, cut_requests = 0;
  {
    std::unique_lock lock(s.mu);
    s.drained.wait_until(lock, deadline, [&s] { return s.connections == 0; });
    cut_connections = s.connections;
    cut_requests = s.in_flight;
  }
  s.work.reset();
  s.ioc->stop();
  for (auto& t : s.io_threads) t.join();
  s.workers.join();
  // Destroying the context destroys the sessions it still holds, closing
  // their connections.
  s.acceptor.reset();
  s.ioc.reset();
  if (cut_connections == 0) return Status::Ok();
  return Status::Unavailable(
      "the grace period of " + std::to_string(grace.count()) + " ms ended with " +
      std::to_string(cut_requests) + " request(s) read and not answered and " +
      std::to_string(cut_connections) + " connection(s) open; they were cut off");
}

}  // namespace ledger::api
