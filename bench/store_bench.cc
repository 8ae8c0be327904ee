// Durable append throughput and latency through Ledger::AppendBatch and the
// group-commit Appender, and the raw LMDB ceiling at the same size and sync.
//
// Every append benchmark starts a fresh ledger (or, BM_LedgerAppendOnto, a
// copy of a cached large one) in a scratch directory on the real disk and
// replays pre-built, pre-signed events, so the timed region holds only what
// a live ledger does per batch: verify, check, encode, write, commit + fsync.
#include <benchmark/benchmark.h>
#include <fcntl.h>
#include <lmdb.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <mutex>
#include <thread>

#include "bench_util.h"
#include "ledger/appender.h"
#include "ledger/layout.h"
#include "ledger/lmdb.h"
#include "ledger/store.h"

namespace ledger::bench {
namespace {

using Clock = std::chrono::steady_clock;

double MicrosSince(Clock::time_point t0) {
  return std::chrono::duration<double, std::micro>(Clock::now() - t0).count();
}

void SetLatencyCounters(benchmark::State& state, std::vector<double>& latencies_us) {
  state.counters["p50_us"] = Percentile(latencies_us, 50);
  state.counters["p99_us"] = Percentile(latencies_us, 99);
  state.counters["max_us"] = latencies_us.empty() ? 0 : latencies_us.back();
}

// ---- Library: one AppendBatch (one durable transaction) per iteration ----
// Appends `events` to `ledger` in batches of `batch`, one per iteration.
void AppendLoop(benchmark::State& state, Ledger& ledger, const std::vector<Submission>& events,
                size_t batch, const std::string& dir) {
  std::vector<double> latencies;
  latencies.reserve(state.max_iterations);
  size_t next = 0;
  const uint64_t written0 = ProcessWriteBytes();
  PerfEnable();  // bench/run --profile samples the timed region only
  for (auto _ : state) {
    auto t0 = Clock::now();
    std::vector<AppendOutcome> out =
        ledger.AppendBatch(std::span<const Submission>(events.data() + next, batch));
    latencies.push_back(MicrosSince(t0));
    next += batch;
    for (const AppendOutcome& o : out) {
      if (!o.status.ok() || o.duplicate) {
        PerfDisable();
        state.SkipWithError(("append: " + o.status.ToString()).c_str());
        return;
      }
    }
  }
  PerfDisable();
  state.SetItemsProcessed(static_cast<int64_t>(next));
  state.counters["batch"] = static_cast<double>(batch);
  state.counters["written_bytes_per_event"] =
      static_cast<double>(ProcessWriteBytes() - written0) / static_cast<double>(next);
  // The batch commit latency is every event's latency in it (all are
  // acknowledged together, after the fsync).
  SetLatencyCounters(state, latencies);
  state.counters["bytes_per_event"] =
      static_cast<double>(DataFileBytes(dir)) / static_cast<double>(ledger.Size());
}

// On a fresh ledger (genesis only).
void BM_LedgerAppend(benchmark::State& state, size_t batch) {
  const std::vector<Submission>& pool = EventPool(batch * state.max_iterations);
  ScratchDir dir("append");
  std::unique_ptr<Ledger> ledger = CreateBenchLedger(dir.path() + "/ledger");
  AppendLoop(state, *ledger, pool, batch, dir.path() + "/ledger");
}

// On a scratch copy of the cached `size`-record ledger: deeper B-trees, and
// the dedup and key-registry inserts land on pages all over a large map.
void BM_LedgerAppendOnto(benchmark::State& state, uint64_t size, size_t batch) {
  auto f = EnsureFixture(size);
  if (!f.ok()) {
    state.SkipWithError(("fixture: " + f.status().ToString()).c_str());
    return;
  }
  ScratchDir dir("append-onto");
  for (const char* file : {layout::kDataFile, layout::kLogKeyFile, layout::kLogVkeyFile}) {
    std::error_code ec;
    std::filesystem::copy_file(f->dir + "/" + file, dir.path() + "/" + file, ec);
    // Flush the copy now, or the first commit's fsync would write all of it.
    int fd = ec ? -1 : ::open((dir.path() + "/" + file).c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0 || ::fsync(fd) != 0) {
      if (fd >= 0) ::close(fd);
      state.SkipWithError(("copy fixture: " + (ec ? ec.message() : "fsync failed")).c_str());
      return;
    }
    ::close(fd);
  }
  LedgerOptions o;
  o.initial_map_bytes = static_cast<size_t>(size) * 2048;
  auto ledger = Ledger::Open(dir.path(), std::move(o));
  if (!ledger.ok()) {
    state.SkipWithError(("open copy: " + ledger.status().ToString()).c_str());
    return;
  }
  // The events that follow the fixture's (indices continue at size - 1).
  std::vector<Submission> events = MakeBenchEvents(size - 1, batch * state.max_iterations);
  AppendLoop(state, **ledger, events, batch, dir.path());
}

// ---- Library: many concurrent submitters through the group-commit Appender ----
// Each thread is a closed-loop client: submit one event, wait until it is
// durable, submit the next. Latency is per event, submit to durable outcome.
void BM_AppenderConcurrent(benchmark::State& state, size_t threads, size_t per_thread) {
  const std::vector<Submission>& pool = EventPool(threads * per_thread);
  for (auto _ : state) {
    ScratchDir dir("appender");
    std::unique_ptr<Ledger> ledger = CreateBenchLedger(dir.path() + "/ledger");
    std::vector<std::vector<double>> lat(threads);
    std::atomic<int> failures{0};
    std::string first_error;
    std::mutex error_mu;
    auto t0 = Clock::now();
    {
      Appender appender(*ledger);
      std::vector<std::jthread> clients;
      for (size_t t = 0; t < threads; ++t) {
        clients.emplace_back([&, t] {
          lat[t].reserve(per_thread);
          for (size_t i = 0; i < per_thread; ++i) {
            auto s0 = Clock::now();
            AppendOutcome o = appender.Submit(pool[t * per_thread + i]).get();
            lat[t].push_back(MicrosSince(s0));
            if (!o.status.ok() && failures.fetch_add(1) == 0) {
              std::lock_guard lock(error_mu);
              first_error = o.status.ToString();
            }
          }
        });
      }
    }  // clients join, then the appender drains and stops
    state.SetIterationTime(MicrosSince(t0) / 1e6);
    if (failures.load() > 0) {
      state.SkipWithError(("append: " + first_error).c_str());
      return;
    }
    std::vector<double> all;
    for (auto& v : lat) all.insert(all.end(), v.begin(), v.end());
    SetLatencyCounters(state, all);
    state.counters["bytes_per_event"] = static_cast<double>(DataFileBytes(dir.path() + "/ledger")) /
                                        static_cast<double>(ledger->Size());
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * threads * per_thread));
  state.counters["threads"] = static_cast<double>(threads);
}

// ---- Raw LMDB: the storage ceiling ----
// Records of the ledger's record size, keyed by big-endian seq, MDB_APPEND,
// one transaction per batch, default sync flags (durable on commit): the
// writes the ledger cannot avoid, without its checks, tree and checkpoint.
void BM_RawLmdbAppend(benchmark::State& state, size_t batch) {
  const Bytes record = TypicalRecordBytes();
  ScratchDir dir("rawlmdb");
  MDB_env* env = nullptr;
  MDB_dbi dbi = 0;
  auto check = [&](int rc, const char* what) {
    if (rc != MDB_SUCCESS)
      state.SkipWithError((std::string(what) + ": " + mdb_strerror(rc)).c_str());
    return rc == MDB_SUCCESS;
  };
  struct EnvCloser {
    MDB_env*& env;
    ~EnvCloser() {
      if (env) mdb_env_close(env);
    }
  } closer{env};
  if (!check(mdb_env_create(&env), "mdb_env_create") ||
      !check(mdb_env_set_maxdbs(env, 4), "maxdbs") ||
      !check(mdb_env_set_mapsize(env, size_t{4} << 30), "mapsize") ||
      !check(mdb_env_open(env, dir.path().c_str(), MDB_NOTLS, 0640), "mdb_env_open")) {
    return;
  }
  {
    MDB_txn* txn = nullptr;
    if (!check(mdb_txn_begin(env, nullptr, 0, &txn), "begin") ||
        !check(mdb_dbi_open(txn, layout::kRecordsDb, MDB_CREATE, &dbi), "dbi_open") ||
        !check(mdb_txn_commit(txn), "commit")) {
      return;
    }
  }
  std::vector<double> latencies;
  latencies.reserve(state.max_iterations);
  uint64_t seq = 0;
  const uint64_t written0 = ProcessWriteBytes();
  for (auto _ : state) {
    auto t0 = Clock::now();
    MDB_txn* txn = nullptr;
    if (!check(mdb_txn_begin(env, nullptr, 0, &txn), "begin")) return;
    for (size_t i = 0; i < batch; ++i, ++seq) {
      lmdb::U64Key k = lmdb::BigEndian(seq);
      MDB_val key{k.size(), k.data()};
      MDB_val val{record.size(), const_cast<uint8_t*>(record.data())};
      if (!check(mdb_put(txn, dbi, &key, &val, MDB_APPEND), "put")) {
        mdb_txn_abort(txn);
        return;
      }
    }
    if (!check(mdb_txn_commit(txn), "commit")) return;
    latencies.push_back(MicrosSince(t0));
  }
  state.SetItemsProcessed(static_cast<int64_t>(seq));
  state.counters["batch"] = static_cast<double>(batch);
  state.counters["written_bytes_per_event"] =
      static_cast<double>(ProcessWriteBytes() - written0) / static_cast<double>(seq);
  state.counters["record_bytes"] = static_cast<double>(record.size());
  SetLatencyCounters(state, latencies);
  state.counters["bytes_per_event"] =
      static_cast<double>(DataFileBytes(dir.path())) / static_cast<double>(seq);
}

void Register(const Options& o) {
  const bool q = o.quick;
  struct AppendCase {
    size_t batch;
    int64_t iterations;
  };
  // Fixed iteration counts keep the run time predictable (each batch-1
  // iteration is an fsync, each batch-1000 one ~0.1 s of signature checks).
  for (AppendCase c : {AppendCase{1, q ? 300 : 2000}, AppendCase{100, q ? 30 : 200},
                       AppendCase{1000, q ? 8 : 40}}) {
    std::string n = "/batch:" + std::to_string(c.batch);
    benchmark::RegisterBenchmark(("BM_LedgerAppend" + n).c_str(), BM_LedgerAppend, c.batch)
        ->Iterations(c.iterations)
        ->UseRealTime()
        ->Unit(benchmark::kMicrosecond);
    // The raw ceiling is cheap: give it more iterations for a stable figure.
    benchmark::RegisterBenchmark(("BM_RawLmdbAppend" + n).c_str(), BM_RawLmdbAppend, c.batch)
        ->Iterations(c.iterations * (q ? 2 : 3))
        ->UseRealTime()
        ->Unit(benchmark::kMicrosecond);
  }
  const size_t total = q ? 6400 : 32000;
  for (size_t threads : {16, 64}) {
    benchmark::RegisterBenchmark(
        ("BM_AppenderConcurrent/threads:" + std::to_string(threads)).c_str(), BM_AppenderConcurrent,
        threads, total / threads)
        ->Iterations(1)
        ->UseManualTime()
        ->Unit(benchmark::kMillisecond);
  }
  // The growth curve: the same batches onto each cached ledger (bench/run
  // passes the sizes whose fixtures are complete); the fresh-ledger figure
  // above is its first point.
  for (uint64_t size : o.fixture_sizes) {
    benchmark::RegisterBenchmark(
        ("BM_LedgerAppendOnto/events:" + std::to_string(size) + "/batch:1000").c_str(),
        BM_LedgerAppendOnto, size, 1000)
        ->Iterations(q ? 8 : 40)
        ->UseRealTime()
        ->Unit(benchmark::kMicrosecond);
  }
}

}  // namespace
}  // namespace ledger::bench

int main(int argc, char** argv) {
  return ledger::bench::BenchMain(argc, argv, ledger::bench::Register);
}
