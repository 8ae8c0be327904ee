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

}  // namespace ledger::bench

#endif  // LEDGER_BENCH_DEMO_FIXTURE_H_
