// Deterministic demo data: a realistic civil-service ledger built from the
// public facts in docs/DEMO.md (Ulaanbaatar's districts, the Cabinet
// Secretariat, HR departments' keys). Same seed, same events.
#ifndef LEDGER_DEMO_DEMO_DATA_H_
#define LEDGER_DEMO_DEMO_DATA_H_

#include <cstdint>
#include <ostream>
#include <string>

#include "ledger/status.h"

namespace ledger::cli {

struct DemoOptions {
  uint64_t seed = 2024;
  uint64_t people = 20000;
  // Declare the rule set "civil-service" (version 1) in the genesis, as every
  // demo before rule-set version 2 did: the same events, without the
  // future-dated and duplicate-person flags (compatibility tests).
  bool version_one_rules = false;
};

struct DemoSummary {
  uint64_t records = 0;
  uint64_t rejected = 0;  // events the ledger refused (the generator makes none on purpose)
};

// Creates `root_dir`/keys (PEM files) and `root_dir`/ledger, and appends the
// generated events in batches, logging progress to `log`.
Result<DemoSummary> BuildDemoLedger(const std::string& root_dir, const DemoOptions& opts,
                                    std::ostream& log);

}  // namespace ledger::cli

#endif  // LEDGER_DEMO_DEMO_DATA_H_
