// bench_fixture: builds (or validates) the cached large ledgers and prints one
// JSON object per size, with where the disk bytes go; then the cached civil
// (demo) ledgers of --ledger_civil.
//
// Output lines:
//   {"kind":"bench","size":N,"dir":"...","key":"f1-r1-...","complete":true,
//    "build_seconds":S,"built_from":M,"built_now":B,
//    "data_bytes":D,"page_size":P,"used_pages":U,"free_pages":F,
//    "dbs":{"records":{"entries":E,"pages":G},...}}
//   and, when this process appended: "started_at","reached","seconds",
//   "sign_wait_s","append_s","written_bytes" (a build the budget stopped has
//   "complete":false and says how far it got);
//   {"kind":"civil","people":P,"records":R,"dir":"...","build_seconds":S,"built_now":B}
//   ("complete":false, no records, when the budget was spent before it).
// bench/run calls it before the benchmarks so the build time is reported on
// its own and ledger-verify can be pointed at the same directory.
#include <lmdb.h>

#include <boost/json.hpp>
#include <cstdio>
#include <string>

#include "bench_util.h"
#include "demo_fixture.h"

namespace {

// Page accounting of the LMDB environment in `dir`, opened read-only.
boost::json::object DiskBreakdown(const std::string& dir) {
  boost::json::object out;
  MDB_env* env = nullptr;
  if (mdb_env_create(&env) != MDB_SUCCESS) return out;
  MDB_txn* txn = nullptr;
  if (mdb_env_set_maxdbs(env, 32) != MDB_SUCCESS ||
      mdb_env_open(env, dir.c_str(), MDB_RDONLY | MDB_NOTLS, 0640) != MDB_SUCCESS ||
      mdb_txn_begin(env, nullptr, MDB_RDONLY, &txn) != MDB_SUCCESS) {
    mdb_env_close(env);
    return out;
  }
  MDB_envinfo info{};
  MDB_stat st{};
  mdb_env_info(env, &info);
  mdb_env_stat(env, &st);
  out["page_size"] = st.ms_psize;
  out["used_pages"] = info.me_last_pgno + 1;

  // Free pages: each freelist value is an array of page numbers, count first.
  uint64_t free_pages = 0;
  MDB_cursor* cur = nullptr;
  MDB_val k, v;
  if (mdb_cursor_open(txn, 0, &cur) == MDB_SUCCESS) {
    while (mdb_cursor_get(cur, &k, &v, MDB_NEXT) == MDB_SUCCESS) {
      if (v.mv_size >= sizeof(size_t)) free_pages += *static_cast<const size_t*>(v.mv_data);
    }
    mdb_cursor_close(cur);
  }
  out["free_pages"] = free_pages;

  // The named databases are the keys of the main database.
  boost::json::object dbs;
  MDB_dbi main_dbi = 0;
  if (mdb_dbi_open(txn, nullptr, 0, &main_dbi) == MDB_SUCCESS &&
      mdb_cursor_open(txn, main_dbi, &cur) == MDB_SUCCESS) {
    while (mdb_cursor_get(cur, &k, &v, MDB_NEXT) == MDB_SUCCESS) {
      std::string name(static_cast<const char*>(k.mv_data), k.mv_size);
      MDB_dbi dbi = 0;
      MDB_stat ds{};
      if (mdb_dbi_open(txn, name.c_str(), 0, &dbi) != MDB_SUCCESS ||
          mdb_stat(txn, dbi, &ds) != MDB_SUCCESS) {
        continue;
      }
      dbs[name] = {{"entries", ds.ms_entries},
                   {"pages", ds.ms_branch_pages + ds.ms_leaf_pages + ds.ms_overflow_pages}};
    }
    mdb_cursor_close(cur);
  }
  out["dbs"] = std::move(dbs);
  mdb_txn_abort(txn);
  mdb_env_close(env);
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  ledger::bench::Options o = ledger::bench::ParseOptions(&argc, argv);
  if (argc != 1) {
    std::fprintf(stderr,
                 "usage: bench_fixture [--ledger_fixtures=N[,N...]] [--ledger_civil=PEOPLE[,...]]\n"
                 "                     [--ledger_budget_s=S] [--ledger_cache=DIR]\n");
    return 2;
  }
  for (uint64_t size : o.fixture_sizes) {
    auto f = ledger::bench::EnsureFixture(size);
    if (!f.ok()) {
      std::fprintf(stderr, "bench_fixture: %llu: %s\n", static_cast<unsigned long long>(size),
                   f.status().ToString().c_str());
      return 1;
    }
    boost::json::object line =
        f->complete || f->reached > 0 ? DiskBreakdown(f->dir) : boost::json::object{};
    line["kind"] = "bench";
    line["size"] = f->size;
    line["dir"] = f->dir;
    line["key"] = ledger::bench::FixtureKey();
    line["complete"] = f->complete;
    line["build_seconds"] = f->build_seconds;
    line["built_from"] = f->built_from;
    line["built_now"] = f->built_now;
    line["data_bytes"] = ledger::bench::DataFileBytes(f->dir);
    if (f->reached > f->started_at) {
      line["started_at"] = f->started_at;
      line["reached"] = f->reached;
      line["seconds"] = f->seconds;
      line["sign_wait_s"] = f->sign_wait_s;
      line["append_s"] = f->append_s;
      line["written_bytes"] = f->written_bytes;
    }
    std::printf("%s\n", boost::json::serialize(line).c_str());
    std::fflush(stdout);
  }
  for (uint64_t people : o.civil_people) {
    boost::json::object line{{"kind", "civil"}, {"people", people}};
    if (ledger::bench::BuildBudgetSpent()) {
      line["complete"] = false;  // the demo generator cannot stop half-way: not started
    } else {
      auto c = ledger::bench::EnsureCivilFixture(people);
      if (!c.ok()) {
        std::fprintf(stderr, "bench_fixture: civil %llu: %s\n",
                     static_cast<unsigned long long>(people), c.status().ToString().c_str());
        return 1;
      }
      line["complete"] = true;
      line["records"] = c->records;
      line["dir"] = c->ledger_dir;
      line["build_seconds"] = c->build_seconds;
      line["built_now"] = c->built_now;
      line["data_bytes"] = ledger::bench::DataFileBytes(c->ledger_dir);
    }
    std::printf("%s\n", boost::json::serialize(line).c_str());
    std::fflush(stdout);
  }
  return 0;
}
