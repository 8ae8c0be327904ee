// Projection figures on the demo ledger (real civil-service events, the mix
// the README's demo writes): full rebuild throughput (`ledger rebuild`) and
// view read latency p50/p99 through CivilQueries, as the CLI and API read.
#include <benchmark/benchmark.h>

#include <chrono>
#include <random>

#include "bench_util.h"
#include "demo_fixture.h"
#include "projections/civil_queries.h"

namespace ledger::bench {
namespace {

void BM_ProjectionRebuild(benchmark::State& state) {
  DemoLedger& d = Demo(uint64_t(state.range(0)));
  for (auto _ : state) {
    PerfEnable();
    Status s = d.ledger->RebuildHooks();
    PerfDisable();
    if (!s.ok()) state.SkipWithError(s.ToString().c_str());
  }
  state.SetItemsProcessed(int64_t(state.iterations() * d.ledger->Size()));
  state.counters["events"] = double(d.ledger->Size());
}

// One read of a view with realistic filters; `i` varies the subject.
Status ReadView(const DemoLedger& d, int view, std::mt19937_64& rng) {
  projections::CivilQueries q(*d.ledger, *d.state);
  projections::QueryOptions o;
  o.limit = 100;
  switch (view) {
    case 0: {  // who holds a khoroo governor's post
      o.post = "mn.ub.bayanzurkh.khoroo-" + std::to_string(10 + rng() % 14) + "/governor";
      return q.Run("holders", o).status();
    }
    case 1:  // one person's service record
      o.person = "person." + std::to_string(1 + rng() % 1000);
      return q.Run("service", o).status();
    case 2:  // the Chief Cabinet Secretary's holder list
      o.post = "mn.cabinet-secretariat/chief-cabinet-secretary";
      return q.Run("history", o).status();
    default:  // a district's staffing against its cap
      o.org = "mn.ub.khan-uul";
      return q.Run("staffing", o).status();
  }
}

void BM_ViewRead(benchmark::State& state) {
  DemoLedger& d = Demo(uint64_t(state.range(1)));
  const int view = int(state.range(0));
  std::mt19937_64 rng(7);
  std::vector<double> micros;
  for (auto _ : state) {
    const auto t0 = std::chrono::steady_clock::now();
    Status s = ReadView(d, view, rng);
    micros.push_back(
        std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - t0).count());
    if (!s.ok()) state.SkipWithError(s.ToString().c_str());
  }
  state.SetItemsProcessed(int64_t(state.iterations()));
  state.counters["p50_us"] = Percentile(micros, 50);
  state.counters["p99_us"] = Percentile(micros, 99);
  state.SetLabel(std::vector<std::string>{"holders", "service", "history", "staffing"}[view]);
}

void Register(const Options& o) {
  const bool quick = o.quick;
  const int64_t people = quick ? 5'000 : 20'000;
  auto* rebuild = benchmark::RegisterBenchmark("BM_ProjectionRebuild", BM_ProjectionRebuild);
  rebuild->Arg(people)->Unit(benchmark::kMillisecond)->UseRealTime()->Iterations(quick ? 1 : 3);
  // About 3 events per person: 320,000 people make a ledger of ~1M events.
  if (!quick) rebuild->Arg(320'000);
  for (int view = 0; view < 4; ++view) {
    benchmark::RegisterBenchmark("BM_ViewRead", BM_ViewRead)
        ->Args({view, people})
        ->Unit(benchmark::kMicrosecond)
        ->Iterations(quick ? 2'000 : 20'000);
  }
}

}  // namespace
}  // namespace ledger::bench

int main(int argc, char** argv) {
  return ledger::bench::BenchMain(argc, argv, ledger::bench::Register);
}
