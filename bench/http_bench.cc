// HTTP figures: GET (views, records, proofs, checkpoints) and POST appends
// through the real server on 127.0.0.1, at 1, 16 and 64 keep-alive
// connections (closed-loop clients: send, wait for the answer, send again).
// Each runs next to its baseline in the same process: the same requests
// through Router::Handle on as many threads, no socket, so the ratio is
// what HTTP and the network stack cost. Client and server share the cores.
#include <benchmark/benchmark.h>

#include <boost/beast/http.hpp>
#include <boost/json.hpp>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <mutex>
#include <random>
#include <thread>

#include "api/client.h"
#include "api/router.h"
#include "api/server.h"
#include "bench_util.h"
#include "demo_fixture.h"
#include "ledger/appender.h"
#include "ledger/events.h"
#include "projections/civil_ledger.h"

namespace ledger::bench {
namespace {
namespace http = boost::beast::http;
namespace json = boost::json;
using Clock = std::chrono::steady_clock;

// A request mix a public dashboard and journalists produce: views with
// filters, single records, inclusion proofs, the latest checkpoint.
std::string ReadTarget(std::mt19937_64& rng, uint64_t size) {
  switch (rng() % 5) {
    case 0:
      return "/v1/views/holders?post=mn.ub.bayanzurkh.khoroo-" + std::to_string(10 + rng() % 14) +
             "/governor";
    case 1:
      return "/v1/views/service?person=person." + std::to_string(1 + rng() % 1000);
    case 2:
      return "/v1/events/" + std::to_string(rng() % size);
    case 3:
      return "/v1/proofs/inclusion?seq=" + std::to_string(rng() % size);
    default:
      return "/v1/checkpoint";
  }
}

// The request families bench/http_wrk.sh sends with wrk, for their
// in-process baselines (keep the two in step): point reads (three records to
// one checkpoint) and the holders view of one khoroo.
std::string PointTarget(std::mt19937_64& rng, uint64_t size) {
  return rng() % 4 == 0 ? "/v1/checkpoint" : "/v1/events/" + std::to_string(rng() % size);
}
std::string ViewTarget(std::mt19937_64& rng, uint64_t) {
  char org[64];
  std::snprintf(org, sizeof org, "mn.ub.bayanzurkh.khoroo-%02d", static_cast<int>(1 + rng() % 24));
  return std::string("/v1/views/holders?org=") + org;
}

double ProcessCpuSeconds() {
  timespec ts{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

// Runs `conns` closed-loop clients, `per_conn` requests each; `send(conn,
// i)` performs one request and returns its HTTP status. Reports the rate
// and latency percentiles; any unexpected status fails the benchmark.
template <class Send>
void ClosedLoop(benchmark::State& state, size_t conns, size_t per_conn, http::status expect,
                Send send) {
  std::vector<std::vector<double>> lat(conns);
  std::atomic<int> failures{0};
  std::string first_error;
  std::mutex mu;
  const auto t0 = Clock::now();
  const double cpu0 = ProcessCpuSeconds();
  {
    std::vector<std::jthread> clients;
    for (size_t c = 0; c < conns; ++c) {
      clients.emplace_back([&, c] {
        lat[c].reserve(per_conn);
        for (size_t i = 0; i < per_conn; ++i) {
          const auto s0 = Clock::now();
          std::string error = send(c, i, expect);
          lat[c].push_back(std::chrono::duration<double, std::micro>(Clock::now() - s0).count());
          if (!error.empty() && failures.fetch_add(1) == 0) {
            std::lock_guard lock(mu);
            first_error = error;
          }
        }
      });
    }
  }
  state.SetIterationTime(std::chrono::duration<double>(Clock::now() - t0).count());
  // CPU per request (all threads of this process: with HTTP, client and server
  // both): unlike the rate, it does not depend on how much of the machine the
  // run got, so it compares across runs on a shared machine.
  state.counters["cpu_us"] = (ProcessCpuSeconds() - cpu0) * 1e6 / static_cast<double>(conns * per_conn);
  if (failures > 0) return state.SkipWithError(first_error.c_str());
  std::vector<double> all;
  for (auto& v : lat) all.insert(all.end(), v.begin(), v.end());
  state.counters["p50_us"] = Percentile(all, 50);
  state.counters["p99_us"] = Percentile(all, 99);
  state.counters["conns"] = static_cast<double>(conns);
  state.SetItemsProcessed(static_cast<int64_t>(conns * per_conn));
}

// One request, over `client` or (null) straight into the router.
std::string Exchange(const api::Router& router, api::Client* client, api::Request req,
                     http::status expect) {
  api::Response res;
  if (client) {
    auto r = client->Send(std::move(req));
    if (!r.ok()) return r.status().ToString();
    res = std::move(*r);
  } else {
    req.prepare_payload();
    res = router.Handle(req);
  }
  if (res.result() == expect) return "";
  return std::to_string(res.result_int()) + ": " + res.body().substr(0, 300);
}

std::vector<std::unique_ptr<api::Client>> Connect(const api::Server* server, size_t conns) {
  std::vector<std::unique_ptr<api::Client>> clients(conns);
  if (!server) return clients;
  for (auto& c : clients) c = api::Client::Connect("127.0.0.1", server->port()).value();
  return clients;
}

void BM_Read(benchmark::State& state, bool over_http, size_t conns, size_t per_conn,
             std::string (*target)(std::mt19937_64&, uint64_t)) {
  DemoLedger& d = Demo(GlobalOptions().quick ? 5'000 : 20'000);
  api::Router router(*d.ledger, *d.state, nullptr);
  const uint64_t size = d.ledger->Size();
  for (auto _ : state) {
    std::unique_ptr<api::Server> server;
    if (over_http) server = api::Server::Start(router, {.port = 0}).value();
    auto clients = Connect(server.get(), conns);
    std::vector<std::mt19937_64> rngs;
    for (size_t c = 0; c < conns; ++c) rngs.emplace_back(c + 1);
    ClosedLoop(state, conns, per_conn, http::status::ok, [&](size_t c, size_t, http::status ok) {
      return Exchange(router, clients[c].get(),
                      api::Request{http::verb::get, target(rngs[c], size), 11}, ok);
    });
  }
}

void BM_Append(benchmark::State& state, bool over_http, size_t conns, size_t per_conn,
               size_t per_request) {
  // Request bodies are built before the timed region: the signed JSON a
  // department sends, one event per request (or a JSON array of per_request).
  const std::vector<Submission>& pool = EventPool(conns * per_conn * per_request);
  std::vector<std::string> bodies;
  bodies.reserve(conns * per_conn);
  for (size_t i = 0; i < conns * per_conn; ++i) {
    if (per_request == 1) {
      bodies.push_back(json::serialize(events::SubmissionToJson(pool[i])));
      continue;
    }
    json::array batch;
    for (size_t k = 0; k < per_request; ++k) {
      batch.push_back(events::SubmissionToJson(pool[i * per_request + k]));
    }
    bodies.push_back(json::serialize(batch));
  }
  for (auto _ : state) {
    ScratchDir dir("http-append");
    const std::string ledger_dir = dir.path() + "/ledger";
    auto civil = projections::MakeCivilLedgerOptions(ledger_dir, false).value();
    auto ledger =
        Ledger::Create(ledger_dir, kBenchOrigin, RootKey(), kBenchRootName, civil.ledger).value();
    Appender appender(*ledger);
    api::Router router(*ledger, *civil.state, &appender);
    std::unique_ptr<api::Server> server;
    if (over_http) server = api::Server::Start(router, {.port = 0}).value();
    auto clients = Connect(server.get(), conns);
    ClosedLoop(state, conns, per_conn, http::status::created,
               [&](size_t c, size_t i, http::status created) {
                 api::Request req{http::verb::post, "/v1/events", 11};
                 req.body() = bodies[c * per_conn + i];
                 return Exchange(router, clients[c].get(), std::move(req), created);
               });
  }
}

void Register(const Options& o) {
  const size_t reads = o.quick ? 6'000 : 30'000, appends = o.quick ? 3'200 : 12'800;
  // In-process baselines of the wrk figures (bench/http_wrk.sh), same demo ledger.
  for (size_t conns : {16, 64}) {
    // POST 100 events per request: items are requests (events = 100 x items).
    benchmark::RegisterBenchmark(("BM_InProcessAppend100/conns:" + std::to_string(conns)).c_str(),
                                 BM_Append, false, conns, (o.quick ? 6'400 : 25'600) / 100 / conns,
                                 size_t{100})
        ->Iterations(1)
        ->UseManualTime()
        ->Unit(benchmark::kMillisecond);
    using Target = std::string (*)(std::mt19937_64&, uint64_t);
    for (auto [name, target] : {std::pair<const char*, Target>{"BM_InProcessPoint", PointTarget},
                                std::pair<const char*, Target>{"BM_InProcessView", ViewTarget}}) {
      benchmark::RegisterBenchmark((std::string(name) + "/conns:" + std::to_string(conns)).c_str(),
                                   BM_Read, false, conns, 4 * reads / conns, target)
          ->Iterations(1)
          ->UseManualTime()
          ->Unit(benchmark::kMillisecond);
    }
  }
  for (size_t conns : {1, 16, 64}) {
    for (bool over_http : {true, false}) {
      const std::string how = over_http ? "BM_Http" : "BM_InProcess";
      const std::string n = "/conns:" + std::to_string(conns);
      benchmark::RegisterBenchmark((how + "Read" + n).c_str(), BM_Read, over_http, conns,
                                   reads / conns, ReadTarget)
          ->Iterations(1)
          ->UseManualTime()
          ->Unit(benchmark::kMillisecond);
      // One submitter at a time commits one event per fsync: fewer of those.
      const size_t per_conn = conns == 1 ? appends / 16 : appends / conns;
      benchmark::RegisterBenchmark((how + "Append" + n).c_str(), BM_Append, over_http, conns,
                                   per_conn, size_t{1})
          ->Iterations(1)
          ->UseManualTime()
          ->Unit(benchmark::kMillisecond);
    }
  }
}

}  // namespace
}  // namespace ledger::bench

int main(int argc, char** argv) {
  return ledger::bench::BenchMain(argc, argv, ledger::bench::Register);
}
