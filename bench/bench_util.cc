// Benchmark helpers: options, scratch directories, events, fixtures.
#include "bench_util.h"

#include <benchmark/benchmark.h>
#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <boost/json.hpp>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <future>
#include <mutex>
#include <optional>
#include <random>
#include <sstream>
#include <thread>

#include "ledger/events.h"
#include "ledger/layout.h"

#ifndef LEDGER_BENCH_CACHE_DIR
#define LEDGER_BENCH_CACHE_DIR "bench-cache"
#endif

namespace ledger::bench {
namespace fs = std::filesystem;
namespace {

Options g_options;

[[noreturn]] void Die(const std::string& message) {
  std::fprintf(stderr, "bench: %s\n", message.c_str());
  std::exit(2);
}

std::vector<uint64_t> ParseSizes(const std::string& text) {
  std::vector<uint64_t> out;
  std::stringstream ss(text);
  std::string item;
  while (std::getline(ss, item, ',')) {
    if (item.empty()) continue;
    char* end = nullptr;
    unsigned long long v = std::strtoull(item.c_str(), &end, 10);
    if (*end != '\0' || v < 2) Die("--ledger_fixtures: not a size >= 2: " + item);
    out.push_back(v);
  }
  return out;
}

// Runs fn(begin, end) over [0, n) split across the machine's cores.
template <typename Fn>
void ParallelFor(size_t n, Fn fn) {
  size_t threads = std::max(1u, std::thread::hardware_concurrency());
  threads = std::min(threads, std::max<size_t>(1, n / 64));
  size_t per = (n + threads - 1) / threads;
  std::vector<std::jthread> pool;
  for (size_t t = 1; t < threads; ++t) {
    pool.emplace_back([&, t] { fn(std::min(n, t * per), std::min(n, (t + 1) * per)); });
  }
  fn(0, std::min(n, per));
}

std::string FixtureDir(uint64_t size) {
  // The record format version is in the name, so a format change never
  // reuses a stale fixture.
  return g_options.cache_dir + "/ledger-f" + std::to_string(kRecordFormatVersion) + "-" +
         std::to_string(size);
}

constexpr const char* kFixtureMarker = "bench-fixture.txt";

using Clock = std::chrono::steady_clock;
double SecondsSince(Clock::time_point t0) {
  return std::chrono::duration<double>(Clock::now() - t0).count();
}

}  // namespace

Options ParseOptions(int* argc, char** argv) {
  Options o;
  const char* tmp = std::getenv("TMPDIR");
  o.tmp_dir = tmp && *tmp ? tmp : "/tmp";
  o.cache_dir = LEDGER_BENCH_CACHE_DIR;
  if (const char* pg = std::getenv("LEDGER_BENCH_PG")) o.pg_conninfo = pg;
  int kept = 1;
  for (int i = 1; i < *argc; ++i) {
    std::string_view a = argv[i];
    auto value = [&](std::string_view flag) -> std::optional<std::string> {
      if (a.substr(0, flag.size()) == flag && a.size() > flag.size() && a[flag.size()] == '=') {
        return std::string(a.substr(flag.size() + 1));
      }
      return std::nullopt;
    };
    if (a == "--ledger_quick") {
      o.quick = true;
    } else if (auto v = value("--ledger_tmp")) {
      o.tmp_dir = *v;
    } else if (auto v2 = value("--ledger_cache")) {
      o.cache_dir = *v2;
    } else if (auto v3 = value("--ledger_fixtures")) {
      o.fixture_sizes = ParseSizes(*v3);
    } else if (auto v4 = value("--ledger_pg")) {
      o.pg_conninfo = *v4;
    } else if (a.substr(0, 9) == "--ledger_") {
      Die("unknown flag " + std::string(a));
    } else {
      argv[kept++] = argv[i];
    }
  }
  *argc = kept;
  g_options = o;
  return o;
}

const Options& GlobalOptions() { return g_options; }

ScratchDir::ScratchDir(const std::string& label) {
  std::random_device rd;
  fs::path p =
      fs::path(g_options.tmp_dir) /
      ("ledger-bench-" + label + "-" + std::to_string(::getpid()) + "-" + std::to_string(rd()));
  std::error_code ec;
  fs::create_directories(p, ec);
  if (ec) Die("cannot create " + p.string() + ": " + ec.message());
  path_ = p.string();
}

ScratchDir::~ScratchDir() {
  std::error_code ec;
  fs::remove_all(path_, ec);
}

const SigningKey& RootKey() {
  static const SigningKey key = [] {
    Hash seed = Sha256(std::string_view("civil-service-ledger bench root key v1"));
    auto k = SigningKey::FromSeed(seed);
    if (!k.ok()) Die("root key: " + k.status().ToString());
    return std::move(k).value();
  }();
  return key;
}

Submission MakeBenchEvent(uint64_t index) {
  static const events::EventSchema* schema = events::LatestSchema("key.register");
  if (schema == nullptr) Die("no key.register schema");
  std::string n = std::to_string(index);
  // A real Ed25519 key, derived from the index so every run makes the same events.
  auto key = SigningKey::FromSeed(Sha256(std::string_view("bench-key/" + n)));
  if (!key.ok()) Die("event key: " + key.status().ToString());
  boost::json::object body;
  body["key"] = Base64Encode(key->public_key());
  body["name"] = "bench-key-" + n;
  body["role"] = "authority";
  body["organisations"] = boost::json::array{"bench-org-" + std::to_string(index % 64)};
  auto decoded = events::BodyFromJson(*schema, body);
  if (!decoded.ok()) Die("event body: " + decoded.status().ToString());
  Submission s{"key.register", schema->version, events::EncodeBody(*decoded), "bench-" + n};
  SignSubmission(s, RootKey());
  return s;
}

std::vector<Submission> MakeBenchEvents(uint64_t first, size_t count) {
  RootKey();  // initialise the statics before the threads race for them
  MakeBenchEvent(first);
  std::vector<Submission> out(count);
  ParallelFor(count, [&](size_t begin, size_t end) {
    for (size_t i = begin; i < end; ++i) out[i] = MakeBenchEvent(first + i);
  });
  return out;
}

const std::vector<Submission>& EventPool(size_t count) {
  static std::vector<Submission> pool;
  if (pool.size() < count) {
    std::vector<Submission> more = MakeBenchEvents(pool.size(), count - pool.size());
    pool.insert(pool.end(), std::make_move_iterator(more.begin()),
                std::make_move_iterator(more.end()));
  }
  return pool;
}

Bytes TypicalRecordBytes() {
  Record r;
  r.seq = 1;
  r.prev_hash = Sha256(std::string_view("previous record"));
  r.recorded_at_us = 1'732'000'000'000'000;
  r.submission = MakeBenchEvent(0);
  return EncodeRecord(r);
}

std::unique_ptr<Ledger> CreateBenchLedger(const std::string& dir) {
  LedgerOptions o;
  o.initial_map_bytes = size_t{1} << 30;
  auto l = Ledger::Create(dir, kBenchOrigin, RootKey(), kBenchRootName, std::move(o));
  if (!l.ok()) Die("create ledger in " + dir + ": " + l.status().ToString());
  return std::move(l).value();
}

namespace {

// The marker a complete fixture holds: "<size> <build seconds> <built from>".
std::optional<Fixture> ReadFixtureMarker(uint64_t size) {
  Fixture f{FixtureDir(size), size};
  std::ifstream marker(fs::path(f.dir) / kFixtureMarker);
  uint64_t stored = 0;
  if (!(marker >> stored >> f.build_seconds) || stored != size) return std::nullopt;
  if (!(marker >> f.built_from)) f.built_from = 0;
  return f;
}

bool FixtureUsable(const Fixture& f) {
  LedgerOptions o;
  o.read_only = true;
  auto l = Ledger::Open(f.dir, o);
  if (l.ok() && (*l)->Size() == f.size) return true;
  std::fprintf(stderr, "bench: fixture %s is unusable (%s)\n", f.dir.c_str(),
               l.ok() ? "wrong size" : l.status().ToString().c_str());
  return false;
}

// The largest complete fixture smaller than `size` in the cache, if any.
std::optional<Fixture> LargestSmallerFixture(uint64_t size) {
  std::optional<Fixture> best;
  std::error_code ec;
  const std::string prefix = "ledger-f" + std::to_string(kRecordFormatVersion) + "-";
  for (const auto& entry : fs::directory_iterator(g_options.cache_dir, ec)) {
    std::string name = entry.path().filename().string();
    if (name.rfind(prefix, 0) != 0) continue;
    uint64_t s = std::strtoull(name.c_str() + prefix.size(), nullptr, 10);
    if (s < 2 || s >= size || (best && best->size >= s)) continue;
    if (auto f = ReadFixtureMarker(s)) best = f;
  }
  return best;
}

// Appends benchmark events until `ledger` holds `size` records, signing the
// next chunk on other threads while the current one is appended.
Status ExtendFixture(Ledger& ledger, uint64_t size, Clock::time_point start) {
  const size_t kChunk = 10'000;
  auto make = [kChunk](uint64_t first, uint64_t remaining) {
    size_t n = static_cast<size_t>(std::min<uint64_t>(kChunk, remaining));
    return std::async(std::launch::async, MakeBenchEvents, first, n);
  };
  uint64_t next = ledger.Size() - 1;  // benchmark event index; seq = index + 1
  uint64_t reported = ledger.Size();
  std::future<std::vector<Submission>> pending = make(next, size - ledger.Size());
  while (ledger.Size() < size) {
    std::vector<Submission> batch = pending.get();
    uint64_t after = ledger.Size() + batch.size();
    if (after < size) pending = make(next + batch.size(), size - after);
    for (const AppendOutcome& o : ledger.AppendBatch(batch)) {
      if (!o.status.ok()) return o.status.WithContext("fixture append");
      if (o.duplicate) return Status::Internal("fixture append: duplicate event");
    }
    next += batch.size();
    if (ledger.Size() - reported >= 250'000 || ledger.Size() == size) {
      reported = ledger.Size();
      std::fprintf(stderr, "bench:   %llu records, %.0f s\n",
                   static_cast<unsigned long long>(reported), SecondsSince(start));
    }
  }
  return Status::Ok();
}

}  // namespace

Result<Fixture> EnsureFixture(uint64_t size) {
  if (size < 2) return Status::InvalidArgument("a fixture holds at least 2 records");
  if (auto f = ReadFixtureMarker(size); f && FixtureUsable(*f)) return *f;
  Fixture f{FixtureDir(size), size};
  std::error_code ec;
  fs::remove_all(f.dir, ec);
  fs::create_directories(g_options.cache_dir, ec);

  auto start = Clock::now();
  LedgerOptions o;
  // Room for ~2 KiB per record up front: a map that fills makes the store
  // retry the whole batch after growing.
  o.initial_map_bytes = std::max<size_t>(size_t{1} << 30, size * 2048);
  std::unique_ptr<Ledger> ledger;
  if (auto base = LargestSmallerFixture(size); base && FixtureUsable(*base)) {
    std::fprintf(stderr, "bench: building a %llu-record fixture from %s ...\n",
                 static_cast<unsigned long long>(size), base->dir.c_str());
    fs::create_directories(f.dir, ec);
    for (const char* file : {layout::kDataFile, layout::kLogKeyFile, layout::kLogVkeyFile}) {
      fs::copy_file(fs::path(base->dir) / file, fs::path(f.dir) / file, ec);
      if (ec) return Status::Internal("copy " + base->dir + "/" + file + ": " + ec.message());
    }
    auto opened = Ledger::Open(f.dir, std::move(o));
    if (!opened.ok()) return opened.status();
    ledger = std::move(opened).value();
    f.built_from = base->size;
  } else {
    std::fprintf(stderr, "bench: building a %llu-record fixture in %s ...\n",
                 static_cast<unsigned long long>(size), f.dir.c_str());
    auto created = Ledger::Create(f.dir, kBenchOrigin, RootKey(), kBenchRootName, std::move(o));
    if (!created.ok()) return created.status();
    ledger = std::move(created).value();
  }
  LEDGER_RETURN_IF_ERROR(ExtendFixture(*ledger, size, start));
  ledger.reset();  // closes the environment before the marker says "complete"
  f.build_seconds = SecondsSince(start);
  f.built_now = true;
  std::ofstream marker(fs::path(f.dir) / kFixtureMarker, std::ios::trunc);
  marker << size << ' ' << f.build_seconds << ' ' << f.built_from << '\n';
  marker.close();
  if (!marker) return Status::Internal("cannot write the fixture marker in " + f.dir);
  return f;
}

uint64_t DataFileBytes(const std::string& dir) {
  std::error_code ec;
  auto n = fs::file_size(layout::PathIn(dir, layout::kDataFile), ec);
  return ec ? 0 : static_cast<uint64_t>(n);
}

MemoryUse ProcessMemory() {
  MemoryUse m;
  std::ifstream status("/proc/self/status");
  std::string line;
  while (std::getline(status, line)) {  // "VmHWM:     12345 kB"
    auto kib = [&](std::string_view key) {
      return line.starts_with(key) ? std::strtod(line.c_str() + key.size(), nullptr) / 1024 : -1;
    };
    if (double v = kib("VmHWM:"); v >= 0) m.peak_mib = v;
    if (double v = kib("RssAnon:"); v >= 0) m.anon_mib = v;
    if (double v = kib("RssFile:"); v >= 0) m.file_mib = v;
  }
  return m;
}

uint64_t ProcessWriteBytes() {
  std::ifstream io("/proc/self/io");
  std::string line;
  while (std::getline(io, line)) {
    if (line.starts_with("wchar:")) return std::strtoull(line.c_str() + 6, nullptr, 10);
  }
  return 0;
}

namespace {
// Sends one command to perf's control FIFO and waits for its "ack".
void PerfCommand(const char* command) {
  const char* ctl = std::getenv("LEDGER_BENCH_PERF_CTL");
  if (ctl == nullptr || *ctl == '\0') return;
  int fd = ::open(ctl, O_WRONLY | O_CLOEXEC);
  if (fd < 0) return;
  std::string line = std::string(command) + "\n";
  ssize_t written = ::write(fd, line.data(), line.size());
  ::close(fd);
  const char* ack = std::getenv("LEDGER_BENCH_PERF_ACK");
  if (written <= 0 || ack == nullptr || *ack == '\0') return;
  int afd = ::open(ack, O_RDONLY | O_CLOEXEC);
  if (afd < 0) return;
  char buf[16];
  [[maybe_unused]] ssize_t got = ::read(afd, buf, sizeof buf);
  ::close(afd);
}
}  // namespace

void PerfEnable() { PerfCommand("enable"); }
void PerfDisable() { PerfCommand("disable"); }

double Percentile(std::vector<double>& samples, double p) {
  if (samples.empty()) return 0;
  std::sort(samples.begin(), samples.end());
  size_t rank = static_cast<size_t>(std::ceil(p / 100.0 * static_cast<double>(samples.size())));
  rank = std::clamp<size_t>(rank, 1, samples.size());
  return samples[rank - 1];
}

int BenchMain(int argc, char** argv, void (*register_fn)(const Options&)) {
  register_fn(ParseOptions(&argc, argv));
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}

}  // namespace ledger::bench
