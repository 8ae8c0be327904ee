// `ledger serve`: the HTTP API (docs/API.md) over a ledger directory, until
// SIGINT or SIGTERM; then idle connections close, requests already read are
// answered (within --grace) and appends drain.
#include <malloc.h>

#include <csignal>
#include <ctime>
#include <future>
#include <iostream>
#include <mutex>

#include "api/file_watch.h"
#include "api/router.h"
#include "api/server.h"
#include "cli.h"
#include "cli_kit/fault_guard.h"
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

// "8388608", "512K", "8M", "1G" (binary units).
Result<std::optional<size_t>> GetBytes(const Args& a, const std::string& flag) {
  auto text = a.Get(flag);
  if (!text) return std::optional<size_t>();
  std::string digits = *text;
  unsigned shift = 0;
  if (!digits.empty()) {
    switch (digits.back()) {
      case 'K': case 'k': shift = 10; break;
      case 'M': case 'm': shift = 20; break;
      case 'G': case 'g': shift = 30; break;
      default: break;
    }
    if (shift) digits.pop_back();
  }
  LEDGER_ASSIGN_OR_RETURN(uint64_t n, ParseUInt(digits, "--" + flag));
  if (n == 0 || n > (uint64_t{1} << (50 - shift))) {
    return Status::InvalidArgument("--" + flag + ": a size from 1 byte to 1 PiB, e.g. 8M");
  }
  return std::optional<size_t>(static_cast<size_t>(n << shift));
}

Status ReadOptions(const Args& a, api::ServerOptions& opts, size_t& batch,
                   std::chrono::milliseconds& grace) {
  LEDGER_RETURN_IF_ERROR(ParseListen(a.GetOr("listen", "127.0.0.1:8080"), opts));
  for (auto [flag, out] : {std::pair{"io-threads", &opts.io_threads}, {"workers", &opts.workers}}) {
    LEDGER_ASSIGN_OR_RETURN(auto n, a.GetUInt(flag));
    if (n) *out = static_cast<int>(std::clamp<uint64_t>(*n, 1, 1024));
  }
  LEDGER_ASSIGN_OR_RETURN(auto body_limit, GetBytes(a, "body-limit"));
  LEDGER_ASSIGN_OR_RETURN(auto budget, GetBytes(a, "memory-budget"));
  if (body_limit) opts.body_limit = *body_limit;
  if (budget) opts.memory_budget = *budget;
  if (opts.body_limit > opts.memory_budget - opts.memory_budget / 8) {
    return Status::InvalidArgument(
        "--body-limit: must be under 7/8 of --memory-budget, or no body of that size is ever "
        "admitted");
  }
  for (auto [flag, out] : {std::pair{"timeout", &opts.timeout},
                           {"header-timeout", &opts.header_timeout},
                           {"grace", &grace}}) {
    LEDGER_ASSIGN_OR_RETURN(auto seconds, a.GetUInt(flag, 0, 86400));  // a day at most
    if (seconds) *out = std::chrono::seconds(*seconds);
  }
  for (auto [flag, out] : {std::pair{"max-connections", &opts.max_connections},
                           {"max-connections-per-client", &opts.max_connections_per_client}}) {
    LEDGER_ASSIGN_OR_RETURN(auto n, a.GetUInt(flag));
    if (n && *n == 0) return Status::InvalidArgument("--" + std::string(flag) + ": at least 1");
    if (n) *out = *n;
  }
  LEDGER_ASSIGN_OR_RETURN(auto b, a.GetUInt("batch"));
  batch = b.value_or(1000);
  const std::string format = a.GetOr("log-format", "text");
  if (format != "text" && format != "json") {
    return Status::InvalidArgument("--log-format: text or json");
  }
  opts.log_format =
      format == "json" ? api::ServerOptions::LogFormat::kJson : api::ServerOptions::LogFormat::kText;
  opts.tls_cert_file = a.GetOr("tls-cert", "");
  opts.tls_key_file = a.GetOr("tls-key", "");
  return Status::Ok();
}

const char* SignalName(int sig) { return sig == SIGINT ? "SIGINT" : "SIGTERM"; }

int Serve(const Args& a, Io& io) {
  // Block the stop signals before any thread starts (the group-commit
  // writer, the server's pools), so every thread inherits the mask and the
  // waits below are the only place that sees them.
  const StopSignalsBlocked blocked;

  api::ServerOptions opts;
  size_t batch = 1000;
  std::chrono::milliseconds grace = std::chrono::seconds(10);
  if (Status s = ReadOptions(a, opts, batch, grace); !s.ok()) return Fail(io, s);
  api::RouterOptions router_options;
  // Milliseconds; 0 turns the budget off. An hour at most.
  auto parse_budget = a.GetUInt("parse-cpu-budget", 0, 3'600'000);
  if (!parse_budget.ok()) return Fail(io, parse_budget.status());
  if (*parse_budget) router_options.parse_cpu_budget = std::chrono::milliseconds(**parse_budget);
  if (a.Get("view-cache") != "0") {
    auto view_cache = GetBytes(a, "view-cache");
    if (!view_cache.ok()) return Fail(io, view_cache.status());
    if (*view_cache) router_options.view_cache_bytes = **view_cache;
  } else {
    router_options.view_cache_bytes = 0;
  }
  // Large bodies and answers live in their own mappings, returned to the
  // system when freed: glibc's adaptive threshold would otherwise move them
  // into arenas that never shrink, and RSS would grow past the budget.
  mallopt(M_MMAP_THRESHOLD, 256 * 1024);
  std::mutex log_mu;
  if (!a.Has("quiet")) {
    opts.access_log = [&](const std::string& line) {
      std::lock_guard lock(log_mu);
      io.err << line << "\n" << std::flush;
    };
  }

  const bool read_only = a.Has("read-only");
  auto retention = ReadRetention(a);
  if (!retention.ok()) return Fail(io, retention.status());
  const std::string dir = a.GetOr("dir", DefaultDir());
  auto civil = projections::MakeCivilLedgerOptions(dir, read_only);
  if (!civil.ok()) return Fail(io, civil.status());
  civil->ledger.progress = TerminalProgress();
  // A server answers damage with 503 (below), never ends from a signal handler.
  cli_kit::RemoveMapFaultHandler();
  // Every page of data.mdb is walked before serving (docs/VERIFY.md, "Damaged files").
  civil->ledger.check_whole_file = true;  // whatever its size
  auto check_every = a.GetUInt("file-check-interval", 0, 86400);
  if (!check_every.ok()) return Fail(io, check_every.status());
  auto ledger = OpenLedgerAt(dir, civil->ledger);
  if (!ledger.ok()) return Fail(io, ledger.status());
  if (!read_only && (*ledger)->IsReplica()) return Fail(io, ReplicaRefusal(dir, **ledger));
  api::FileWatch file_watch(**ledger, dir, std::chrono::seconds(check_every->value_or(60)));
  auto metrics = std::make_shared<api::Metrics>();
  std::optional<Appender> appender;
  if (!read_only) {
    appender.emplace(**ledger, batch, [metrics](const Appender::CommitStats& s) {
      metrics->ObserveGroupCommit(s.events, s.queued, s.committed);
    });
  }
  auto witnessing = StartLogWitnessing(a, **ledger, dir, io);  // cmd_witness.cc
  if (!witnessing.ok()) return Fail(io, witnessing.status());
  router_options.data_dir = dir;
  router_options.metrics = metrics;
  router_options.extra_routes = witnessing->routes;
  router_options.file_health = [&file_watch] { return file_watch.Health(); };
  router_options.witness_policy = witnessing->policy;
  if (!read_only) {
    // Refused appends are kept beside the log for GET /v1/rejections; the
    // journal's trouble is logged, never a reason not to serve.
    auto warn = [&log_mu, &io](const std::string& m) {
      std::lock_guard lock(log_mu);
      io.err << "ledger: warning: " << m << "\n" << std::flush;
    };
    router_options.rejections = RejectionJournal::OpenForAppends(dir, *retention, warn);
    router_options.log_warning = warn;
  }
  api::Router router(**ledger, *civil->state, appender ? &*appender : nullptr, router_options);

  auto server = api::Server::Start(router, opts);
  if (!server.ok()) return Fail(io, server.status());
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
  sigwait(blocked.signals(), &sig);
  {
    std::lock_guard lock(log_mu);
    io.err << "ledger: " << SignalName(sig) << ": answering requests already read (up to "
           << grace.count() / 1000 << " s), then stopping\n"
           << std::flush;
  }
  auto stopped = std::async(std::launch::async, [&] { return (*server)->Stop(grace); });
  // Until the server has stopped, further signals are noted, not obeyed:
  // the grace period bounds the wait already.
  while (stopped.wait_for(std::chrono::seconds(0)) != std::future_status::ready) {
    timespec poll{0, 50'000'000};
    int again = sigtimedwait(blocked.signals(), nullptr, &poll);
    if (again > 0) {
      std::lock_guard lock(log_mu);
      io.err << "ledger: " << SignalName(again)
             << " again: ignored; stopping within the grace period\n"
             << std::flush;
    }
  }
  Status status = stopped.get();
  if (witnessing->collector) witnessing->collector->Stop();
  if (appender) appender->Stop();
  if (!status.ok()) {
    io.err << "ledger: stopped, cut short: " << status.message() << "; ledger size "
           << (*ledger)->Size() << "\n";
    return kExitFailure;
  }
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
            {"body-limit", true, "largest request body, bytes or 512K/8M/1G (default 8M)"},
            {"memory-budget", true,
             "request bodies and answers held at once; past it 503 (default 256M)"},
            {"view-cache", true,
             "rendered view answers kept for the same request at the same ledger size, "
             "served with an ETag (default 32M; 0 = none kept)"},
            {"parse-cpu-budget", true,
             "milliseconds of CPU parsing one POST body may take; past it 413 PARSE_BUDGET, "
             "nothing appended (default 1000; 0 = no budget)"},
            {"timeout", true, "seconds allowed per read or write, and idle keep-alive (default 30)"},
            {"header-timeout", true, "seconds a new connection has to send its headers (default 10)"},
            {"max-connections", true, "open connections; more are answered 503 (default 1024)"},
            {"max-connections-per-client", true,
             "open connections from one address; more are answered 503 (default 64)"},
            {"grace", true,
             "seconds to answer requests already read after SIGTERM/SIGINT (default 10)"},
            {"log-format", true, "access log on stderr: text (default) or json (JSON lines)"},
            {"quiet", false, "no access log on stderr"},
            {"file-check-interval", true,
             "seconds between background checks of data.mdb when it changed; damage found "
             "answers 503 (default 60; 0 = only at start)"}},
           Serve}};
  for (FlagSpec& f : WitnessServeFlags()) commands[0].flags.push_back(std::move(f));
  for (FlagSpec& f : RejectionFlags()) commands[0].flags.push_back(std::move(f));
  return commands;
}

}  // namespace ledger::cli
