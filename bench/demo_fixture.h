// The demo ledger (the README's realistic civil-service data) as a benchmark
// fixture: generated once per process, outside any timed region.
#ifndef LEDGER_BENCH_DEMO_FIXTURE_H_
#define LEDGER_BENCH_DEMO_FIXTURE_H_

#include <memory>
#include <string>

#include "bench_util.h"
#include "projections/civil_state.h"

namespace ledger::bench {

struct DemoLedger {
  std::unique_ptr<ScratchDir> dir;
  std::string ledger_dir;
  std::unique_ptr<Ledger> ledger;
  std::shared_ptr<projections::CivilState> state;
};

// The demo ledger for `people` (about 3 events each), opened read-write
// with the civil projection; exits with a message if it cannot be built.
DemoLedger& Demo(uint64_t people);

// A civil ledger (the demo generator's, with its projections) for `people`
// (beyond 80k, with people / 40k - 1 synthetic aimags: about 2.8 records each),
// cached beside the benchmark fixtures under FixtureKey() and the demo seed,
// built on first use (`ledger demo --people N` in-process) and opened once
// read-write with the civil projection when reused, so views whose version
// changed are rebuilt before an audit compares them.
struct CivilFixture {
  std::string ledger_dir;  // the ledger (its log.vkey inside)
  uint64_t people = 0, records = 0;
  double build_seconds = 0;
  bool built_now = false;
};
Result<CivilFixture> EnsureCivilFixture(uint64_t people);

}  // namespace ledger::bench

#endif  // LEDGER_BENCH_DEMO_FIXTURE_H_
