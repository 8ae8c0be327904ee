// Deterministic demo data: a realistic civil-service ledger built from the
// public facts in the README's demo section (Ulaanbaatar's districts, the Cabinet
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
  // Synthetic aimags added beside the real structure, each with the capital's
  // shape (9 soums, 152 bags) and its own HR key: ledgers of benchmark scale
  // (1M, 10M records). Named "mn.sim-N" and "(synthetic)", never real data.
  uint64_t provinces = 0;
  // Declare the rule set "civil-service" (version 1) in the genesis, as every
  // demo before rule-set version 2 did: the same events, without the
  // future-dated and duplicate-person flags (compatibility tests).
  bool version_one_rules = false;
};

// The key name and organisation of synthetic province `n` (1-based).
std::string SyntheticProvince(uint64_t n);

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
