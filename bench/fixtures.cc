// The cached large benchmark ledgers (bench_util.h, EnsureFixture): keyed by
// the store's layout, built with signing chunks ahead of the writer, resumable
// when a time budget stops them.
#include <lmdb.h>

#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <deque>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <optional>
#include <sstream>
#include <thread>

#include "bench_util.h"
#include "ledger/layout.h"
#include "ledger/lmdb_format.h"

namespace ledger::bench {
namespace fs = std::filesystem;
namespace {

// Bump when MakeBenchEvent changes what the events are.
constexpr int kBenchEventVersion = 1;
constexpr const char* kFixtureMarker = "bench-fixture.txt";
// Events per AppendBatch while building, and chunks signed ahead of the writer.
constexpr size_t kBuildChunk = 25'000;
constexpr size_t kSignAhead = 3;

using Clock = std::chrono::steady_clock;
double SecondsSince(Clock::time_point t0) {
  return std::chrono::duration<double>(Clock::now() - t0).count();
}

// The build budget runs from the first fixture this process builds.
std::optional<Clock::time_point> g_deadline;

}  // namespace

bool BuildBudgetSpent() {
  const double budget = GlobalOptions().build_budget_s;
  if (budget <= 0) return false;
  if (!g_deadline) {
    g_deadline = Clock::now() + std::chrono::duration_cast<Clock::duration>(
                                    std::chrono::duration<double>(budget));
  }
  return Clock::now() >= *g_deadline;
}

namespace {

// One line per named database of the environment in `dir`: name, flags,
// entries, and the key size and (where fixed by the layout) value size of
// its first entry; then the meta keys.
std::string DescribeLayout(const std::string& dir) {
  std::ostringstream out;
  MDB_env* env = nullptr;
  if (mdb_env_create(&env) != MDB_SUCCESS) return "";
  MDB_txn* txn = nullptr;
  if (mdb_env_set_maxdbs(env, layout::kMaxDbs) != MDB_SUCCESS ||
      mdb_env_open(env, dir.c_str(), MDB_RDONLY | MDB_NOLOCK, 0640) != MDB_SUCCESS ||
      mdb_txn_begin(env, nullptr, MDB_RDONLY, &txn) != MDB_SUCCESS) {
    mdb_env_close(env);
    return "";
  }
  out << "lmdb-data-" << lmdb::format::kDataVersion << "\n";
  MDB_dbi main_dbi = 0;
  MDB_cursor* cur = nullptr;
  MDB_val k, v;
  std::vector<std::string> names;
  if (mdb_dbi_open(txn, nullptr, 0, &main_dbi) == MDB_SUCCESS &&
      mdb_cursor_open(txn, main_dbi, &cur) == MDB_SUCCESS) {
    while (mdb_cursor_get(cur, &k, &v, MDB_NEXT) == MDB_SUCCESS) {
      names.emplace_back(static_cast<const char*>(k.mv_data), k.mv_size);
    }
    mdb_cursor_close(cur);
  }
  for (const std::string& name : names) {
    MDB_dbi dbi = 0;
    MDB_stat st{};
    unsigned flags = 0;
    if (mdb_dbi_open(txn, name.c_str(), 0, &dbi) != MDB_SUCCESS || mdb_stat(txn, dbi, &st) ||
        mdb_dbi_flags(txn, dbi, &flags) || mdb_cursor_open(txn, dbi, &cur)) {
      out << name << " unreadable\n";
      continue;
    }
    out << name << " flags " << flags << " entries " << st.ms_entries;
    // Record and checkpoint values carry times and text: their sizes may vary.
    const bool fixed_values = name != layout::kRecordsDb && name != layout::kCheckpointsDb &&
                              name != layout::kMetaDb;
    if (mdb_cursor_get(cur, &k, &v, MDB_FIRST) == MDB_SUCCESS) {
      out << " key " << k.mv_size;
      if (fixed_values) out << " value " << v.mv_size;
    }
    if (name == layout::kMetaDb) {
      do {
        out << " " << std::string(static_cast<const char*>(k.mv_data), k.mv_size);
      } while (mdb_cursor_get(cur, &k, &v, MDB_NEXT) == MDB_SUCCESS);
    }
    mdb_cursor_close(cur);
    out << "\n";
  }
  mdb_txn_abort(txn);
  mdb_env_close(env);
  return out.str();
}

std::string FixtureDir(uint64_t size) {
  return GlobalOptions().cache_dir + "/ledger-" + FixtureKey() + "-" + std::to_string(size);
}

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
  const std::string prefix = "ledger-" + FixtureKey() + "-";
  for (const auto& entry : fs::directory_iterator(GlobalOptions().cache_dir, ec)) {
    std::string name = entry.path().filename().string();
    if (name.rfind(prefix, 0) != 0) continue;
    uint64_t s = std::strtoull(name.c_str() + prefix.size(), nullptr, 10);
    if (s < 2 || s >= size || (best && best->size >= s)) continue;
    if (auto f = ReadFixtureMarker(s)) best = f;
  }
  return best;
}

// Deletes cached ledgers of other keys: another layout, never reused (the
// large ones hold gigabytes).
void RemoveStaleFixtures() {
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(GlobalOptions().cache_dir, ec)) {
    std::string name = entry.path().filename().string();
    const bool ours = name.rfind("ledger-" + FixtureKey() + "-", 0) == 0 ||
                      name.rfind("civil-" + FixtureKey() + "-", 0) == 0;
    if (ours || (name.rfind("ledger-", 0) != 0 && name.rfind("civil-", 0) != 0)) continue;
    std::fprintf(stderr, "bench: removing %s (another store layout or event version)\n",
                 entry.path().c_str());
    fs::remove_all(entry.path(), ec);
  }
}

// Signs benchmark events [first, end) in chunks on a thread of its own (each
// chunk on all cores), up to kSignAhead chunks ahead of the consumer.
class SigningQueue {
 public:
  SigningQueue(uint64_t first, uint64_t end) : next_(first), end_(end) {
    worker_ = std::jthread([this](std::stop_token stop) { Run(stop); });
  }
  ~SigningQueue() {
    worker_.request_stop();
    { std::lock_guard lock(mu_); }  // the worker is waiting or will see the stop
    cv_.notify_all();
  }
  // The next chunk (empty once all are taken).
  std::vector<Submission> Take() {
    std::unique_lock lock(mu_);
    cv_.wait(lock, [&] { return !ready_.empty() || done_; });
    if (ready_.empty()) return {};
    std::vector<Submission> chunk = std::move(ready_.front());
    ready_.pop_front();
    cv_.notify_all();
    return chunk;
  }

 private:
  void Run(std::stop_token stop) {
    while (!stop.stop_requested() && next_ < end_) {
      {
        std::unique_lock lock(mu_);
        cv_.wait(lock, [&] { return ready_.size() < kSignAhead || stop.stop_requested(); });
        if (stop.stop_requested()) break;
      }
      size_t n = static_cast<size_t>(std::min<uint64_t>(kBuildChunk, end_ - next_));
      std::vector<Submission> chunk = MakeBenchEvents(next_, n);
      next_ += n;
      std::lock_guard lock(mu_);
      ready_.push_back(std::move(chunk));
      cv_.notify_all();
    }
    std::lock_guard lock(mu_);
    done_ = true;
    cv_.notify_all();
  }

  uint64_t next_, end_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<std::vector<Submission>> ready_;
  bool done_ = false;
  std::jthread worker_;
};

// Appends benchmark events until `ledger` holds `f.size` records or the
// budget runs out, filling in what this process did.
Status ExtendFixture(Ledger& ledger, Fixture& f, Clock::time_point start) {
  f.started_at = ledger.Size();
  const uint64_t written0 = ProcessWriteBytes();
  SigningQueue queue(ledger.Size() - 1, f.size - 1);  // event index = seq - 1
  uint64_t reported = ledger.Size();
  while (ledger.Size() < f.size) {
    if (BuildBudgetSpent()) break;
    auto t0 = Clock::now();
    std::vector<Submission> batch = queue.Take();
    auto t1 = Clock::now();
    if (batch.empty()) return Status::Internal("fixture: the signing queue ran dry");
    for (const AppendOutcome& o : ledger.AppendBatch(batch)) {
      if (!o.status.ok()) return o.status.WithContext("fixture append");
      if (o.duplicate) return Status::Internal("fixture append: duplicate event");
    }
    f.sign_wait_s += std::chrono::duration<double>(t1 - t0).count();
    f.append_s += SecondsSince(t1);
    if (ledger.Size() - reported >= 250'000 || ledger.Size() == f.size) {
      reported = ledger.Size();
      const double s = SecondsSince(start);
      std::fprintf(stderr,
                   "bench:   %llu records, %.0f s, %.0f/s (waiting for signatures %.0f s, "
                   "appending %.0f s, %.0f B written per event)\n",
                   static_cast<unsigned long long>(reported), s,
                   static_cast<double>(reported - f.started_at) / s, f.sign_wait_s, f.append_s,
                   static_cast<double>(ProcessWriteBytes() - written0) /
                       static_cast<double>(reported - f.started_at));
    }
  }
  f.reached = ledger.Size();
  f.seconds = SecondsSince(start);
  f.written_bytes = ProcessWriteBytes() - written0;
  f.complete = f.reached == f.size;
  return Status::Ok();
}

}  // namespace

const std::string& FixtureKey() {
  static const std::string key = [] {
    ScratchDir dir("layout");
    {
      std::unique_ptr<Ledger> l = CreateBenchLedger(dir.path());
      for (const AppendOutcome& o : l->AppendBatch(MakeBenchEvents(0, 3))) {
        if (!o.status.ok()) {
          std::fprintf(stderr, "bench: layout probe: %s\n", o.status.ToString().c_str());
          std::exit(2);
        }
      }
    }
    const Hash h = Sha256(std::string_view(DescribeLayout(dir.path())));
    static const char* hex = "0123456789abcdef";
    std::string fp;
    for (int i = 0; i < 4; ++i) {
      fp += hex[h[i] >> 4];
      fp += hex[h[i] & 15];
    }
    return "f" + std::to_string(kBenchEventVersion) + "-r" + std::to_string(kRecordFormatVersion) +
           "-" + fp;
  }();
  return key;
}

Result<Fixture> EnsureFixture(uint64_t size) {
  if (size < 2) return Status::InvalidArgument("a fixture holds at least 2 records");
  if (auto f = ReadFixtureMarker(size); f && FixtureUsable(*f)) return *f;
  Fixture f{FixtureDir(size), size};
  if (BuildBudgetSpent()) {  // not started: an earlier build used the budget
    f.complete = false;
    return f;
  }
  std::error_code ec;
  fs::create_directories(GlobalOptions().cache_dir, ec);
  RemoveStaleFixtures();

  auto start = Clock::now();
  LedgerOptions o;
  // Room for ~2 KiB per record up front: a map that fills makes the store
  // retry the whole batch after growing.
  o.initial_map_bytes = std::max<size_t>(size_t{1} << 30, size * 2048);
  std::unique_ptr<Ledger> ledger;
  // A build a budget stopped: resume it where it is.
  if (fs::exists(layout::PathIn(f.dir, layout::kDataFile))) {
    auto opened = Ledger::Open(f.dir, o);
    if (opened.ok() && (*opened)->Size() < size) {
      ledger = std::move(opened).value();
      std::ifstream from(fs::path(f.dir) / "built-from.txt");
      from >> f.built_from;
      std::fprintf(stderr, "bench: resuming the %llu-record fixture at %llu records\n",
                   static_cast<unsigned long long>(size),
                   static_cast<unsigned long long>(ledger->Size()));
    } else {
      fs::remove_all(f.dir, ec);
    }
  }
  std::optional<Fixture> base;
  if (!ledger) base = LargestSmallerFixture(size);
  if (ledger) {
    // resumed above
  } else if (base && FixtureUsable(*base)) {
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
  std::ofstream(fs::path(f.dir) / "built-from.txt", std::ios::trunc) << f.built_from << '\n';
  LEDGER_RETURN_IF_ERROR(ExtendFixture(*ledger, f, start));
  ledger.reset();  // closes the environment before the marker says "complete"
  f.built_now = true;
  if (!f.complete) {
    std::fprintf(stderr, "bench: the build budget stopped the %llu-record fixture at %llu records\n",
                 static_cast<unsigned long long>(size), static_cast<unsigned long long>(f.reached));
    return f;
  }
  // Build time of the whole fixture: earlier (stopped) runs' time is not
  // known here, so a resumed build reports this run's part.
  f.build_seconds = f.seconds;
  std::ofstream marker(fs::path(f.dir) / kFixtureMarker, std::ios::trunc);
  marker << size << ' ' << f.build_seconds << ' ' << f.built_from << '\n';
  marker.close();
  if (!marker) return Status::Internal("cannot write the fixture marker in " + f.dir);
  return f;
}

}  // namespace ledger::bench
