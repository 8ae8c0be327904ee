// Shared pieces of the benchmark programs: command-line options, scratch
// directories on the real disk, deterministic signed events, the cached
// large ledgers ("fixtures") the proof and audit figures run against, and
// latency percentiles.
//
// Nothing here is timed: callers build events and ledgers before the timed
// region. Not thread-safe unless a function says so.
#ifndef LEDGER_BENCH_BENCH_UTIL_H_
#define LEDGER_BENCH_BENCH_UTIL_H_

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "ledger/record.h"
#include "ledger/store.h"

namespace ledger::bench {

// Flags every benchmark program understands besides Google Benchmark's own
// (they are removed from argv before benchmark::Initialize sees it):
//   --ledger_quick                 smaller iteration counts (bench/run --quick)
//   --ledger_tmp=DIR               scratch directories (default: $TMPDIR or /tmp)
//   --ledger_cache=DIR             fixture cache (default: <build>/bench-cache)
//   --ledger_fixtures=N[,N...]     fixture sizes for proof figures (default 1000000)
//   --ledger_pg=CONNINFO           libpq connection string of the PostgreSQL peer
//   --ledger_civil=N[,N...]        people of the cached civil (demo) ledgers (bench_fixture)
//   --ledger_budget_s=S            stop building fixtures after S seconds (0: no limit);
//                                  a stopped build is kept and resumed by the next run
struct Options {
  bool quick = false;
  std::string tmp_dir;
  std::string cache_dir;
  std::vector<uint64_t> fixture_sizes{1'000'000};
  std::string pg_conninfo;
  std::vector<uint64_t> civil_people;
  // --ledger_civil_people=N: the cached civil ledger the view latency
  // benchmark reads (projection_bench; about 3 records a person).
  uint64_t civil_latency_people = 2'000;
  double build_budget_s = 0;
};

// Parses and strips the --ledger_* flags. Exits with a message on a bad one.
Options ParseOptions(int* argc, char** argv);
// The main of every benchmark program: parses the options, lets `register_fn`
// register its benchmarks, then runs Google Benchmark (1 on unknown flags).
int BenchMain(int argc, char** argv, void (*register_fn)(const Options&));
const Options& GlobalOptions();  // what ParseOptions returned

// A fresh directory under Options::tmp_dir, removed (with its contents) on
// destruction. Lives on the real disk so fsync costs what it costs.
class ScratchDir {
 public:
  explicit ScratchDir(const std::string& label);
  ~ScratchDir();
  ScratchDir(const ScratchDir&) = delete;
  ScratchDir& operator=(const ScratchDir&) = delete;
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

// The root key every benchmark ledger is created with. Derived from a fixed
// seed, so events made in one run are valid in a fixture built in another.
const SigningKey& RootKey();
inline constexpr const char* kBenchOrigin = "bench.ledger.example/v1";
inline constexpr const char* kBenchRootName = "bench-root";

// The benchmark event for position `index` (0-based, counting from the first
// event after genesis): a key.register of a fresh deterministic key, signed
// by RootKey(), with client_id "bench-<index>" and name "bench-key-<index>".
// Valid exactly once per ledger. When other event types exist, this is the
// one place to change the event mix.
Submission MakeBenchEvent(uint64_t index);
// MakeBenchEvent for [first, first + count), built on all cores.
std::vector<Submission> MakeBenchEvents(uint64_t first, size_t count);
// The first `count` benchmark events, built once per process and shared:
// every append benchmark starts a fresh ledger and replays the same prefix.
const std::vector<Submission>& EventPool(size_t count);

// The encoded record the ledger stores for a benchmark event (seq 1): the
// size raw LMDB and the PostgreSQL peer write per row.
Bytes TypicalRecordBytes();

// A new ledger (genesis only) in `dir`, created with RootKey().
std::unique_ptr<Ledger> CreateBenchLedger(const std::string& dir);

// A ledger of exactly `size` records (genesis + size-1 benchmark events)
// cached under Options::cache_dir (fixtures.cc), built on first use and
// reused by later runs. The cache is keyed by FixtureKey(): a fixture written
// by another store layout is never reused (stale ones are deleted when a new
// one is built). A larger fixture starts as a copy of the largest smaller one
// (the events are the same prefix); events are signed on other threads,
// chunks ahead, while the current chunk is appended. With
// Options::build_budget_s a build that runs out of time stops after its
// current chunk, is kept as it is (complete = false) and resumes next time.
struct Fixture {
  std::string dir;
  uint64_t size = 0;
  double build_seconds = 0;  // when it was built (0 if unknown)
  uint64_t built_from = 0;   // size of the fixture it was copied from (0: none)
  bool built_now = false;
  bool complete = true;
  // This process's building, when it appended: records it started from and
  // reached, seconds spent, of which waiting for signed events and inside
  // AppendBatch, and the bytes the process passed to write calls meanwhile.
  uint64_t started_at = 0, reached = 0;
  double seconds = 0, sign_wait_s = 0, append_s = 0;
  uint64_t written_bytes = 0;
};
Result<Fixture> EnsureFixture(uint64_t size);
// Whether Options::build_budget_s has run out (it runs from the first call).
bool BuildBudgetSpent();
// "f<bench event version>-r<record format>-<fingerprint of the store's
// on-disk layout>": the fingerprint describes the databases (names, flags,
// entry counts, key and value sizes) of a small ledger the current code
// writes, so a change of layout (e.g. how dedup is keyed) changes the key.
const std::string& FixtureKey();

// Size of `dir`/data.mdb in bytes (0 when absent).
uint64_t DataFileBytes(const std::string& dir);

// This process's memory, in MiB, from /proc/self/status: peak resident set
// (VmHWM) and the current anonymous and file-backed parts (RssAnon, RssFile).
// A read-only ledger's map pages count as file-backed RSS once touched.
struct MemoryUse {
  double peak_mib = 0;
  double anon_mib = 0;
  double file_mib = 0;
};
MemoryUse ProcessMemory();
// Bytes this process has passed to write system calls (/proc/self/io wchar;
// 0 when unavailable): differences measure the store's write amplification.
// (Not write_bytes: that also bills page-cache writeback of earlier copies.)
uint64_t ProcessWriteBytes();

// Profiling only the timed region (bench/run --profile): when the
// environment names perf's control FIFOs ($LEDGER_BENCH_PERF_CTL and, for
// the acknowledgement, $LEDGER_BENCH_PERF_ACK; perf record -D -1
// --control=fifo:CTL,ACK), these start and stop sampling. No-ops otherwise.
void PerfEnable();
void PerfDisable();

// Nearest-rank percentile of `samples` (p in [0, 100]); sorts in place.
double Percentile(std::vector<double>& samples, double p);

}  // namespace ledger::bench

#endif  // LEDGER_BENCH_BENCH_UTIL_H_
