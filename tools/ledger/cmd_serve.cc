// `ledger serve`: the HTTP API (docs/API.md) over a ledger directory, until
// SIGINT or SIGTERM; then requests in flight finish and appends drain.
#include <pthread.h>

#include <csignal>
#include <iostream>
#include <mutex>

#include "api/router.h"
#include "api/server.h"
#include "cli.h"
#include "ledger/appender.h"
#include "projections/civil_ledger.h"
#include "witnessing.h"

namespace ledger::cli {
namespace {

Status ParseListen(const std::string& text, api::ServerOptions& o) {
  size_t colon = text.rfind(':');
  if (colon == std::string::npos) {
    return Status::InvalidArgument("--listen: HOST:PORT, e.g. 127.0.0.1:8080");
  }
  o.address = text.substr(0, colon);
  if (o.address.size() > 2 && o.address.front() == '[')
    o.address = o.address.substr(1, o.address.size() - 2);
  LEDGER_ASSIGN_OR_RETURN(uint64_t port, ParseUInt(text.substr(colon + 1), "--listen port"));
  if (port > 65535) return Status::InvalidArgument("--listen: port above 65535");
  o.port = static_cast<uint16_t>(port);
  return Status::Ok();
}

int Serve(const Args& a, Io& io) {
  api::ServerOptions opts;
  if (Status s = ParseListen(a.GetOr("listen", "127.0.0.1:8080"), opts); !s.ok())
    return Fail(io, s);
  for (auto [flag, out] : {std::pair{"io-threads", &opts.io_threads}, {"workers", &opts.workers}}) {
    auto n = a.GetUInt(flag);
    if (!n.ok()) return Fail(io, n.status());
    if (*n) *out = static_cast<int>(std::clamp<uint64_t>(**n, 1, 1024));
  }
  auto body_limit = a.GetUInt("body-limit");
  auto timeout = a.GetUInt("timeout");
  auto batch = a.GetUInt("batch");
  for (const auto* r : {&body_limit, &timeout, &batch}) {
    if (!r->ok()) return Fail(io, r->status());
  }
  if (*body_limit) opts.body_limit = **body_limit;
  if (*timeout) opts.timeout = std::chrono::seconds(**timeout);
  opts.tls_cert_file = a.GetOr("tls-cert", "");
  opts.tls_key_file = a.GetOr("tls-key", "");
  std::mutex log_mu;
  if (!a.Has("quiet")) {
    opts.access_log = [&](const std::string& line) {
      std::lock_guard lock(log_mu);
      io.err << line << "\n" << std::flush;
    };
  }

  const bool read_only = a.Has("read-only");
  const std::string dir = a.GetOr("dir", DefaultDir());
  auto civil = projections::MakeCivilLedgerOptions(dir, read_only);
  if (!civil.ok()) return Fail(io, civil.status());
  civil->ledger.progress = TerminalProgress();
  auto ledger = Ledger::Open(dir, civil->ledger);
  if (!ledger.ok()) return Fail(io, ledger.status());
  std::optional<Appender> appender;
  if (!read_only) appender.emplace(**ledger, batch->value_or(1000));
  auto witnessing = StartLogWitnessing(a, **ledger, dir, io);  // cmd_witness.cc
  if (!witnessing.ok()) return Fail(io, witnessing.status());
  api::RouterOptions router_options;
  router_options.extra_routes = witnessing->routes;
  api::Router router(**ledger, *civil->state, appender ? &*appender : nullptr, router_options);

  // Block the stop signals before any thread starts, so every thread
  // inherits the mask and sigwait below is the one place that sees them.
  sigset_t stop_signals, old_mask;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop_signals, &old_mask);
  auto server = api::Server::Start(router, opts);
  if (!server.ok()) {
    pthread_sigmask(SIG_SETMASK, &old_mask, nullptr);
    return Fail(io, server.status());
  }
  const std::string url =
      std::string((*server)->tls() ? "https" : "http") + "://" +
      (opts.address.find(':') != std::string::npos ? "[" + opts.address + "]" : opts.address) +
      ":" + std::to_string((*server)->port());
  io.out << "serving " << dir << " (" << (*ledger)->origin() << ", " << (*ledger)->Size()
         << " records" << (read_only ? ", read-only" : "") << ") on " << url << "/v1\n"
         << "  try: curl " << url << "/v1/checkpoint\n"
         << "       curl '" << url << "/v1/views/holders?org=mn.cabinet-secretariat&limit=5'\n"
         << "Ctrl-C stops.\n"
         << std::flush;
  int sig = 0;
  sigwait(&stop_signals, &sig);
  io.err << "ledger: " << (sig == SIGINT ? "SIGINT" : "SIGTERM")
         << ": finishing requests in flight, then stopping\n";
  (*server)->Stop();
  if (witnessing->collector) witnessing->collector->Stop();
  if (appender) appender->Stop();
  pthread_sigmask(SIG_SETMASK, &old_mask, nullptr);
  io.err << "ledger: stopped; ledger size " << (*ledger)->Size() << "\n";
  return kExitOk;
}

}  // namespace

std::vector<Command> ServeCommands() {
  std::vector<Command> commands = {{"serve",
           "serve the HTTP API (docs/API.md) until SIGINT/SIGTERM",
           "",
           {DirFlag(),
            {"listen", true, "HOST:PORT to listen on (default 127.0.0.1:8080; port 0 = any free)"},
            {"read-only", false, "open the ledger read-only: no POST /v1/events"},
            {"tls-cert", true, "PEM certificate chain: serve HTTPS (with --tls-key)"},
            {"tls-key", true, "PEM private key for --tls-cert"},
            {"workers", true, "requests handled at once (default 64)"},
            {"io-threads", true, "network threads (default 2)"},
            {"batch", true, "most events per group-commit transaction (default 1000)"},
            {"body-limit", true, "largest request body in bytes (default 8 MiB)"},
            {"timeout", true, "seconds allowed per read or write (default 30)"},
            {"quiet", false, "no access log on stderr"}},
           Serve}};
  for (FlagSpec& f : WitnessServeFlags()) commands[0].flags.push_back(std::move(f));
  return commands;
}

}  // namespace ledger::cli
