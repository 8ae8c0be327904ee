// Benchmark helpers: options, scratch directories, events, fixtures.
#include "bench_util.h"

#include <benchmark/benchmark.h>
#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <boost/json.hpp>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
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
    } else if (auto v7 = value("--ledger_civil_people")) {
      const std::vector<uint64_t> n = ParseSizes(*v7);
      if (n.size() != 1 || n[0] == 0) Die("--ledger_civil_people: one number of people: " + *v7);
      o.civil_latency_people = n[0];
    } else if (auto v5 = value("--ledger_civil")) {
      o.civil_people = ParseSizes(*v5);
    } else if (auto v6 = value("--ledger_budget_s")) {
      char* end = nullptr;
      o.build_budget_s = std::strtod(v6->c_str(), &end);
      if (*end != '\0' || o.build_budget_s < 0) Die("--ledger_budget_s: not seconds: " + *v6);
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
