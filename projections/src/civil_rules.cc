// The domain rules (docs/EVENTS.md, "Rules"): reject only what cannot be
// true, naming the field and the reason; flag what breaks a rule, naming the
// rule ("<rule>: <why>"). Runs inside the append transaction, before the
// record exists. Each type's own rules are in its entry (event_rules.h); the
// back-dating rule applies to every decision with an effective date.
#include "event_rules.h"
#include "projections/civil_state.h"

namespace ledger::projections {
namespace {

// Establishing an organisation records when it came to exist, which is
// history rather than a decision taken now, so it is never back-dated.
bool MayBeBackDated(const events::EventSchema& schema) {
  return events::FindField(schema, F::kEffectiveDate) &&
         schema.type != events::kOrganisationEstablished;
}

void FlagBackDating(const RuleConfig& config, const Record& draft, const events::Body& body,
                    std::vector<std::string>& flags) {
  if (!MayBeBackDated(body.schema())) return;
  const int64_t recorded_day = draft.recorded_at_us / (86'400LL * 1'000'000);
  const int64_t late = recorded_day - body.Date(F::kEffectiveDate);
  if (late > config.backdate_days) {
    flags.push_back(std::string(kFlagBackDated) + ": effective " +
                    events::FormatDate(body.Date(F::kEffectiveDate)) + " is " +
                    std::to_string(late) + " days before it was recorded (limit " +
                    std::to_string(config.backdate_days) + ")");
  }
}

}  // namespace

Result<std::vector<std::string>> CivilState::Check(const lmdb::Txn& txn, const Record& draft,
                                                   const events::Body& body) {
  std::vector<std::string> flags;
  LEDGER_ASSIGN_OR_RETURN(const EventRules* rules, RulesFor(body.schema().type));
  LEDGER_RETURN_IF_ERROR(rules->check(CheckStep{*this, txn, draft, body}, flags));
  FlagBackDating(config_, draft, body, flags);
  return flags;
}

}  // namespace ledger::projections
