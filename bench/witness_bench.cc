// Witness figures: the latency of one C2SP add-checkpoint (verify the log's
// signature and the consistency proof, persist the new size and root in one
// synced LMDB transaction, cosign), over loopback HTTP to a witness served by
// api::HttpService (what `ledger witness serve` runs), next to its baseline:
// the same requests through Witness::AddCheckpoint in-process, no socket.
//
// The checkpoints are real: a bench ledger grown one event per commit, so
// every size has its signed checkpoint; request i carries checkpoint i and
// the consistency proof from size i-1, as the log's WitnessCollector sends
// them. Bodies are built before the timed region.
#include <benchmark/benchmark.h>

#include <chrono>
#include <ctime>

#include "api/client.h"
#include "api/http_service.h"
#include "api/witness.h"
#include "bench_util.h"

namespace ledger::bench {
namespace {
using Clock = std::chrono::steady_clock;

struct Chain {
  std::unique_ptr<ScratchDir> dir;
  note::VerifierKey log_key;
  std::vector<std::string> bodies;  // add-checkpoint bodies, in order
};

const Chain& Checkpoints(size_t count) {
  static Chain chain;
  if (!chain.bodies.empty()) return chain;
  chain.dir = std::make_unique<ScratchDir>("witness-log");
  auto ledger = CreateBenchLedger(chain.dir->path() + "/ledger");
  chain.log_key = ledger->log_key();
  const std::vector<Submission>& pool = EventPool(count);
  uint64_t old = 0;
  for (size_t i = 0; i < count; ++i) {
    ledger->AppendBatch(std::span(&pool[i], 1));
    const uint64_t size = ledger->Size();
    api::AddCheckpointRequest req{old, {}, ledger->Checkpoint(size).value()};
    if (old > 0) req.proof = ledger->ProveConsistency(old, size).value();
    chain.bodies.push_back(api::AddCheckpointBody(req));
    old = size;
  }
  return chain;
}

double ProcessCpuSeconds() {
  timespec ts{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

std::unique_ptr<api::Witness> OpenWitness(const Chain& chain, const std::string& dir) {
  api::Witness::Options o;
  o.name = "witness.bench.example/w1";
  o.logs.push_back(chain.log_key);
  return api::Witness::Open(dir, SigningKey::Generate(), std::move(o)).value();
}

void BM_WitnessAddCheckpoint(benchmark::State& state, bool loopback, size_t count) {
  const Chain& chain = Checkpoints(count);
  for (auto _ : state) {
    ScratchDir dir("witness-state");
    auto witness = OpenWitness(chain, dir.path());
    std::unique_ptr<api::HttpService> service;
    std::unique_ptr<api::Client> client;
    if (loopback) {
      api::Witness* w = witness.get();
      service = api::HttpService::Start([w](const api::Request& r) { return w->Handle(r); }, {})
                    .value();
      client = api::Client::Connect("127.0.0.1", service->port()).value();
    }
    std::vector<double> lat;
    lat.reserve(chain.bodies.size());
    const auto t0 = Clock::now();
    const double cpu0 = ProcessCpuSeconds();
    for (const std::string& body : chain.bodies) {
      const auto s0 = Clock::now();
      unsigned status;
      std::string answer;
      if (client) {
        auto res = client->Post("/add-checkpoint", body);
        if (!res.ok()) return state.SkipWithError(res.status().ToString().c_str());
        status = res->result_int();
        answer = res->body();
      } else {
        auto a = witness->AddCheckpoint(body);
        status = a.status;
        answer = a.body;
      }
      lat.push_back(std::chrono::duration<double, std::micro>(Clock::now() - s0).count());
      if (status != 200) {
        return state.SkipWithError((std::to_string(status) + ": " + answer.substr(0, 200)).c_str());
      }
    }
    state.SetIterationTime(std::chrono::duration<double>(Clock::now() - t0).count());
    // CPU per request (loopback: the client's and the service's threads too):
    // the synced commit's wait is not CPU, so this is what HTTP adds.
    state.counters["cpu_us"] = (ProcessCpuSeconds() - cpu0) * 1e6 / static_cast<double>(lat.size());
    state.counters["p50_us"] = Percentile(lat, 50);
    state.counters["p99_us"] = Percentile(lat, 99);
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * chain.bodies.size()));
}

void Register(const Options& o) {
  const size_t count = o.quick ? 500 : 2'000;
  for (bool loopback : {true, false}) {
    benchmark::RegisterBenchmark(loopback ? "BM_WitnessAddCheckpoint/loopback"
                                          : "BM_WitnessAddCheckpoint/in_process",
                                 BM_WitnessAddCheckpoint, loopback, count)
        ->Iterations(1)
        ->UseManualTime()
        ->Unit(benchmark::kMillisecond);
  }
}

}  // namespace
}  // namespace ledger::bench

int main(int argc, char** argv) {
  return ledger::bench::BenchMain(argc, argv, ledger::bench::Register);
}
