// Opening a ledger with the civil-service rules and projections attached:
// what the CLI, the demo and the server use. Thresholds come from
// DIR/rules.json when present (docs/EVENTS.md, "Rule configuration").
#ifndef PROJECTIONS_CIVIL_LEDGER_H_
#define PROJECTIONS_CIVIL_LEDGER_H_

#include <memory>
#include <string>

#include "ledger/store.h"
#include "projections/civil_state.h"

namespace ledger::projections {

inline constexpr const char* kRulesFile = "rules.json";

struct CivilLedgerOptions {
  LedgerOptions ledger;
  std::shared_ptr<CivilState> state;  // also in ledger.hooks
};

// Options for a ledger in `dir` (which need not exist yet). A rules.json that
// does not parse is an InvalidArgument naming the file.
Result<CivilLedgerOptions> MakeCivilLedgerOptions(const std::string& dir, bool read_only);

}  // namespace ledger::projections

#endif  // PROJECTIONS_CIVIL_LEDGER_H_
