// Builds and caches the demo ledger for the benchmarks that read real data.
#include "demo_fixture.h"

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <sstream>

#include "demo/demo_data.h"
#include "projections/civil_ledger.h"

namespace ledger::bench {

DemoLedger& Demo(uint64_t people) {
  static std::map<uint64_t, DemoLedger> cache;
  DemoLedger& d = cache[people];
  if (d.ledger) return d;
  d.dir = std::make_unique<ScratchDir>("demo-" + std::to_string(people));
  std::ostringstream log;
  cli::DemoOptions opts;
  opts.people = people;
  auto built = cli::BuildDemoLedger(d.dir->path(), opts, log);
  if (!built.ok()) {
    std::fprintf(stderr, "demo ledger: %s\n", built.status().ToString().c_str());
    std::exit(1);
  }
  d.ledger_dir = d.dir->path() + "/ledger";
  auto civil = projections::MakeCivilLedgerOptions(d.ledger_dir, false).value();
  d.state = civil.state;
  d.ledger = std::move(Ledger::Open(d.ledger_dir, civil.ledger).value());
  return d;
}

Result<CivilFixture> EnsureCivilFixture(uint64_t people) {
  namespace fs = std::filesystem;
  cli::DemoOptions opts;
  opts.people = people;
  // The real structure takes about 40k people (about 112k records); beyond
  // that the ledger grows by synthetic aimags of the same size.
  opts.provinces = people >= 80'000 ? people / 40'000 - 1 : 0;
  const fs::path root = fs::path(GlobalOptions().cache_dir) /
                        ("civil-" + FixtureKey() + "-s" + std::to_string(opts.seed) + "-p" +
                         std::to_string(people) + "-a" + std::to_string(opts.provinces));
  const fs::path marker = root / "bench-fixture.txt";
  CivilFixture f{(root / "ledger").string(), people};
  if (std::ifstream in(marker); in >> f.records >> f.build_seconds) {
    // Brings the projections up to date with the current code (a no-op when
    // nothing changed), then checks the size the marker promised.
    auto civil = projections::MakeCivilLedgerOptions(f.ledger_dir, false);
    if (civil.ok()) {
      auto opened = Ledger::Open(f.ledger_dir, civil->ledger);
      if (opened.ok() && (*opened)->Size() == f.records) return f;
    }
    std::fprintf(stderr, "bench: civil fixture %s is unusable: rebuilding it\n", root.c_str());
  }
  std::error_code ec;
  fs::remove_all(root, ec);
  fs::create_directories(root, ec);
  std::fprintf(stderr, "bench: building the civil ledger for %llu people in %s ...\n",
               static_cast<unsigned long long>(people), root.c_str());
  auto t0 = std::chrono::steady_clock::now();
  auto built = cli::BuildDemoLedger(root.string(), opts, std::cerr);
  if (!built.ok()) return built.status();
  f.records = built->records;
  f.build_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  f.built_now = true;
  std::ofstream out(marker, std::ios::trunc);
  out << f.records << ' ' << f.build_seconds << '\n';
  out.close();
  if (!out) return Status::Internal("cannot write " + marker.string());
  return f;
}

}  // namespace ledger::bench
