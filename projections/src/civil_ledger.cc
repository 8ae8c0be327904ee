// Ledger options with the civil-state hook; the warning for a rules.json
// that no longer configures anything.
#include "projections/civil_ledger.h"

#include <boost/json.hpp>
#include <filesystem>

#include "ledger/event_types.h"

namespace ledger::projections {

Result<CivilLedgerOptions> MakeCivilLedgerOptions(const std::string& dir, bool read_only) {
  CivilLedgerOptions out;
  out.state = std::make_shared<CivilState>();
  out.ledger.read_only = read_only;
  out.ledger.hooks.push_back(out.state);
  (void)dir;  // the rules come from the log, not from a file in `dir`
  return out;
}

Result<boost::json::object> RulesInForceJson(const CivilState& state, const lmdb::Txn& txn) {
  LEDGER_ASSIGN_OR_RETURN(const RulesInForce in_force, state.Rules(txn));
  LEDGER_ASSIGN_OR_RETURN(const std::optional<uint64_t> applied, state.Applied(txn));
  boost::json::object o = RuleConfigJson(in_force.rules);
  o["source"] = in_force.seq ? "log" : "defaults";
  o["seq"] = nullptr;
  o["record_hash"] = nullptr;
  o["reason"] = nullptr;
  if (in_force.seq) {
    LEDGER_ASSIGN_OR_RETURN(auto record, state.RecordAt(txn, *in_force.seq));
    o["seq"] = *in_force.seq;
    // Records are canonical: re-encoding gives the stored bytes.
    o["record_hash"] = Base64Encode(RecordHash(EncodeRecord(record.first)));
    o["reason"] = record.second.Text(events::field::kReason);
  }
  // The rule-set version the genesis declares (docs/EVENTS.md, "Rule-set versions").
  o["rule_set"] = in_force.rule_set_version >= 2 ? kCivilServiceRuleSet2 : kCivilServiceRuleSet;
  o["size"] = applied.value_or(0);
  return o;
}

std::optional<std::string> IgnoredRulesFileWarning(const std::string& dir) {
  const std::filesystem::path path = std::filesystem::path(dir) / kRulesFile;
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) return std::nullopt;
  return path.string() +
         " is ignored: the flagging rules come from the log. To put its rules into the log, "
         "run 'ledger rules set " +
         dir + " --key ADMIN_KEY.pem --from-json " + path.string() +
         " --reason TEXT', then remove the file";
}

}  // namespace ledger::projections
