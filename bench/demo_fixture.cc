// Builds and caches the demo ledger for the benchmarks that read real data.
#include "demo_fixture.h"

#include <cstdio>
#include <cstdlib>
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

}  // namespace ledger::bench
