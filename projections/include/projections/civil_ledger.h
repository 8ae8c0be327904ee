// Opening a ledger with the civil-service rules and projections attached:
// what the CLI, the demo and the server use. The flagging rules come from the
// log (rules.set records, docs/EVENTS.md "Rule configuration"); a rules.json
// left in the directory by an older version is ignored, with a warning.
#ifndef PROJECTIONS_CIVIL_LEDGER_H_
#define PROJECTIONS_CIVIL_LEDGER_H_

#include <boost/json/fwd.hpp>
#include <memory>
#include <optional>
#include <string>

#include "ledger/store.h"
#include "projections/civil_state.h"

namespace ledger::projections {

// Where older versions read the thresholds from; no longer read.
inline constexpr const char* kRulesFile = "rules.json";

struct CivilLedgerOptions {
  LedgerOptions ledger;
  std::shared_ptr<CivilState> state;  // also in ledger.hooks
};

// Options for a ledger in `dir` (which need not exist yet).
Result<CivilLedgerOptions> MakeCivilLedgerOptions(const std::string& dir, bool read_only);

// The rules in force as of `txn` (for the records after the ones folded), as
// `ledger rules show` and GET /v1/rules give them: RuleConfigJson plus
// "source" ("defaults" or "log"), "seq", "record_hash" (base64, to prove the
// record with an inclusion proof) and "reason" of the rules.set that set
// them (null for the defaults), "rule_set" (civil-service or
// civil-service/2, as the genesis declares), and "size", the records folded.
Result<boost::json::object> RulesInForceJson(const CivilState& state, const lmdb::Txn& txn);

// When `dir` holds a rules.json: one line saying it is ignored and how to put
// its rules into the log (for the tools to print); otherwise nullopt.
std::optional<std::string> IgnoredRulesFileWarning(const std::string& dir);

}  // namespace ledger::projections

#endif  // PROJECTIONS_CIVIL_LEDGER_H_
