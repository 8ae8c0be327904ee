// Inclusion and consistency proof times on the cached 1M/10M-event ledgers, on
// first touch and warm, plus the client-side check and the server's memory.
//
// "Warm" means every page of the ledger mapped first, as in a server that has
// been running; "first touch" is a process that has just opened the ledger.
#include <benchmark/benchmark.h>
#include <sys/mman.h>

#include <cinttypes>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <random>

#include "bench_util.h"
#include "ledger/layout.h"
#include "ledger/merkle.h"
#include "ledger/store.h"

#ifndef MADV_POPULATE_READ
#define MADV_POPULATE_READ 22  // Linux 5.14+
#endif

namespace ledger::bench {
namespace {

struct OpenFixture {
  Fixture fixture;
  std::unique_ptr<Ledger> ledger;
  bool warm = false;
};

// Opened once per size and kept for the process: fixtures are read-only here.
OpenFixture* GetFixture(benchmark::State& state, uint64_t size) {
  static std::map<uint64_t, std::unique_ptr<OpenFixture>> cache;
  auto it = cache.find(size);
  if (it != cache.end()) return it->second.get();
  auto f = EnsureFixture(size);
  if (!f.ok()) {
    state.SkipWithError(("fixture: " + f.status().ToString()).c_str());
    return nullptr;
  }
  LedgerOptions o;
  o.read_only = true;
  auto l = Ledger::Open(f->dir, o);
  if (!l.ok()) {
    state.SkipWithError(("open fixture: " + l.status().ToString()).c_str());
    return nullptr;
  }
  auto entry = std::make_unique<OpenFixture>(OpenFixture{*f, std::move(l).value()});
  return cache.emplace(size, std::move(entry)).first->second.get();
}

// Maps every page of the ledger's data file into this process (reading it
// from disk if the page cache lacks it), outside any timed region. LMDB does
// not expose its map address (mdb_env_info's is only set with MDB_FIXEDMAP),
// so it is found in /proc/self/maps.
void Warm(OpenFixture& f) {
  if (f.warm) return;
  f.warm = true;
  std::error_code ec;
  const std::string data =
      std::filesystem::canonical(layout::PathIn(f.fixture.dir, layout::kDataFile), ec).string();
  const uint64_t file_bytes = DataFileBytes(f.fixture.dir);
  std::ifstream maps("/proc/self/maps");
  std::string line;
  while (std::getline(maps, line)) {
    if (ec || line.size() < data.size() || !line.ends_with(" " + data)) continue;
    uint64_t begin = 0, end = 0, offset = 0;
    if (std::sscanf(line.c_str(), "%" SCNx64 "-%" SCNx64 " %*s %" SCNx64, &begin, &end, &offset) !=
            3 ||
        offset != 0) {
      continue;
    }
    size_t len = static_cast<size_t>(std::min<uint64_t>(end - begin, file_bytes));
    void* addr = reinterpret_cast<void*>(begin);
    if (::madvise(addr, len, MADV_POPULATE_READ) != 0) {
      auto* base = static_cast<volatile const uint8_t*>(addr);
      uint8_t sink = 0;  // older kernels: touch one byte per page
      for (size_t off = 0; off < len; off += 4096) sink ^= base[off];
      (void)sink;
    }
    return;
  }
  std::fprintf(stderr, "bench: warm-up: no mapping of %s found\n", data.c_str());
}

void SetFixtureCounters(benchmark::State& state, const OpenFixture& f) {
  state.counters["events"] = static_cast<double>(f.fixture.size);
  state.counters["bytes_per_event"] =
      static_cast<double>(DataFileBytes(f.fixture.dir)) / static_cast<double>(f.fixture.size);
  // This process: the ledger open read-only, its map pages touched by proofs.
  MemoryUse m = ProcessMemory();
  state.counters["peak_rss_mib"] = m.peak_mib;
  state.counters["rss_anon_mib"] = m.anon_mib;
  state.counters["rss_file_mib"] = m.file_mib;
}

// An inclusion proof of a uniformly random record in the latest tree, as
// the API serves it: the sibling hashes, the record bytes and the stored
// signed checkpoint. `warm`: after Warm(); otherwise the pages a proof
// touches are mapped on first use (minor faults, or reads if uncached).
void BM_InclusionProof(benchmark::State& state, uint64_t size, bool warm) {
  OpenFixture* f = GetFixture(state, size);
  if (!f) return;
  if (warm) Warm(*f);
  std::mt19937_64 rng(warm ? 42 : 41);
  std::uniform_int_distribution<uint64_t> pick(0, size - 1);
  size_t hashes = 0;
  for (auto _ : state) {
    auto p = f->ledger->ProveInclusion(pick(rng), size);
    if (!p.ok()) {
      state.SkipWithError(p.status().ToString().c_str());
      return;
    }
    hashes += p->hashes.size();
  }
  state.SetItemsProcessed(state.iterations());
  state.counters["proof_hashes"] =
      static_cast<double>(hashes) / static_cast<double>(state.iterations());
  SetFixtureCounters(state, *f);
}

// A consistency proof from a uniformly random older size to the latest.
void BM_ConsistencyProof(benchmark::State& state, uint64_t size) {
  OpenFixture* f = GetFixture(state, size);
  if (!f) return;
  Warm(*f);
  std::mt19937_64 rng(43);
  std::uniform_int_distribution<uint64_t> pick(1, size - 1);
  size_t hashes = 0;
  for (auto _ : state) {
    auto p = f->ledger->ProveConsistency(pick(rng), size);
    if (!p.ok()) {
      state.SkipWithError(p.status().ToString().c_str());
      return;
    }
    hashes += p->size();
  }
  state.SetItemsProcessed(state.iterations());
  state.counters["proof_hashes"] =
      static_cast<double>(hashes) / static_cast<double>(state.iterations());
  SetFixtureCounters(state, *f);
}

// Client side: checking an inclusion proof against the root (no storage).
void BM_VerifyInclusionProof(benchmark::State& state, uint64_t size) {
  OpenFixture* f = GetFixture(state, size);
  if (!f) return;
  auto root = f->ledger->RootAt(size);
  auto p = f->ledger->ProveInclusion(size / 3, size);
  if (!root.ok() || !p.ok()) {
    state.SkipWithError("cannot build the proof to verify");
    return;
  }
  for (auto _ : state) {
    Status s = merkle::VerifyInclusion(p->index, p->tree_size, p->leaf_hash, p->hashes, *root);
    if (!s.ok()) {
      state.SkipWithError(s.ToString().c_str());
      return;
    }
  }
  state.SetItemsProcessed(state.iterations());
}

// Registration order is run order: the first-touch figure must come first.
void Register(const Options& o) {
  const double min_time = o.quick ? 0.3 : 1.0;
  for (uint64_t size : o.fixture_sizes) {
    std::string n = "/events:" + std::to_string(size);
    benchmark::RegisterBenchmark(("BM_InclusionProofFirstTouch" + n).c_str(), BM_InclusionProof,
                                 size, false)
        ->Iterations(o.quick ? 2000 : 5000)
        ->Unit(benchmark::kMicrosecond);
    benchmark::RegisterBenchmark(("BM_InclusionProof" + n).c_str(), BM_InclusionProof, size, true)
        ->MinTime(min_time)
        ->Unit(benchmark::kMicrosecond);
    benchmark::RegisterBenchmark(("BM_ConsistencyProof" + n).c_str(), BM_ConsistencyProof, size)
        ->MinTime(min_time)
        ->Unit(benchmark::kMicrosecond);
    benchmark::RegisterBenchmark(("BM_VerifyInclusionProof" + n).c_str(), BM_VerifyInclusionProof,
                                 size)
        ->MinTime(min_time)
        ->Unit(benchmark::kMicrosecond);
  }
}

}  // namespace
}  // namespace ledger::bench

int main(int argc, char** argv) {
  return ledger::bench::BenchMain(argc, argv, ledger::bench::Register);
}
