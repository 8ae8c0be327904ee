// The domain rules (docs/EVENTS.md, "Rules"): reject only what cannot be
// true, naming the field and the reason; flag what breaks a rule, naming the
// rule ("<rule>: <why>"). Runs inside the append transaction, before the
// record exists, with the rules in force then. Each type's own rules are in
// its entry (event_rules.h); the back-dating rule applies to every decision
// with an effective date. The rules in force are state of the projection:
// rules.set records (their entry is here) set them in the meta database.
#include "event_rules.h"
#include "ledger/encoding.h"
#include "projections/civil_state.h"
#include "state_codec.h"

namespace ledger::projections {
namespace {

// Meta key of the rules in force: the rules.set seq (u64), then the rules
// (row_layout.h). Absent: the version 1 defaults.
constexpr std::string_view kRulesKey = "rules";
// Meta key of the rule-set version the genesis declares, as decimal text;
// written only for version 2 and later, so that a version 1 log's
// projection is byte for byte what the code before version 2 wrote.
constexpr std::string_view kRuleSetKey = "rule_set";

struct StoredRules {
  uint64_t seq = 0;
  RuleConfig rules;
};
template <class A>
void serialize(A& ar, StoredRules& s) {
  ar(s.seq, s.rules);
}

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

// A decision effective after the day it is recorded: it enters the views
// that answer "now" only on its effective date (docs/VIEWS.md, "As of").
void FlagFutureDating(const RulesInForce& in_force, const Record& draft,
                      const events::Body& body, std::vector<std::string>& flags) {
  if (!in_force.FutureDatedRule() || !events::FindField(body.schema(), F::kEffectiveDate)) return;
  const int64_t recorded_day = draft.recorded_at_us / (86'400LL * 1'000'000);
  const int64_t early = body.Date(F::kEffectiveDate) - recorded_day;
  if (early > 0) {
    flags.push_back(std::string(kFlagFutureDated) + ": effective " +
                    events::FormatDate(body.Date(F::kEffectiveDate)) + " is " +
                    std::to_string(early) + " days after it was recorded (" +
                    events::FormatDate(int32_t(recorded_day)) +
                    "); the current views show it from that date");
  }
}

// rules.set: the signer's role is the key registry's business (no scope
// field: root and admin keys only); the values must be in range.
Status CheckRulesSet(const CheckStep& step, std::vector<std::string>&) {
  return RuleConfig::FromBody(step.body).status();
}

// The new rules apply to the records after this one. One row, written
// straight into the transaction, so appends and replays write the same bytes.
Status ApplyRulesSet(const FoldStep& step) {
  LEDGER_ASSIGN_OR_RETURN(RuleConfig rules, RuleConfig::FromBody(step.body));
  const std::string row = EncodeRow(StoredRules{step.record.seq, std::move(rules)});
  return step.rows.txn.Put(step.rows.meta, IdKey(kRulesKey), IdKey(row));
}

}  // namespace

bool IsCivilServiceRuleSet(std::string_view name) {
  return name == kCivilServiceRuleSet || name == kCivilServiceRuleSet2;
}

uint32_t RuleSetVersion(const std::vector<std::string>& rule_sets) {
  for (const std::string& name : rule_sets) {
    if (name == kCivilServiceRuleSet2) return 2;
  }
  return 1;
}

Status ApplyGenesis(const FoldStep& step) {
  const events::Body& b = step.body;
  if (!events::FindField(b.schema(), F::kRuleSets) || !b.Has(F::kRuleSets)) return Status::Ok();
  const uint32_t version = RuleSetVersion(b.List(F::kRuleSets));
  if (version < 2) return Status::Ok();
  return step.rows.txn.Put(step.rows.meta, IdKey(kRuleSetKey), IdKey(std::to_string(version)));
}

void AddRuleConfigRules(std::vector<EventRules>& rules) {
  // The rules in force are replaced by a new rules.set, never corrected.
  rules.push_back(
      {events::kRulesSet, CheckRulesSet, ApplyRulesSet, NothingToIndex, NothingToReapply, {}});
}

Result<RulesInForce> CivilState::Rules(const lmdb::Txn& txn) const {
  LEDGER_ASSIGN_OR_RETURN(std::optional<StoredRules> stored,
                          LoadState<StoredRules>(txn, dbs_.meta, kRulesKey));
  RulesInForce in_force;
  if (stored) in_force = RulesInForce{std::move(stored->rules), stored->seq};
  LEDGER_ASSIGN_OR_RETURN(auto version, txn.Get(dbs_.meta, IdKey(kRuleSetKey)));
  if (version) {
    auto n = ParseUInt(Chars(*version), "rule_set");
    if (!n.ok() || *n != 2) {
      return Status::DataLoss("the projection's rule-set version \"" +
                              std::string(Chars(*version)) + "\" is not one this program knows");
    }
    in_force.rule_set_version = uint32_t(*n);
  }
  return in_force;
}

Result<std::vector<std::pair<uint64_t, RuleConfig>>> CivilState::RulesHistory(
    const lmdb::Txn& txn) const {
  LEDGER_ASSIGN_OR_RETURN(const RulesInForce in_force, Rules(txn));
  std::vector<std::pair<uint64_t, RuleConfig>> history = {{0, RuleConfig::Defaults()}};
  if (!in_force.seq) return history;
  std::lock_guard lock(rules_history_->mu);
  if (rules_history_->latest == in_force.seq) return rules_history_->history;
  // The rules.set records up to the latest one: a scan of the log before it.
  LEDGER_ASSIGN_OR_RETURN(lmdb::Cursor cur, lmdb::Cursor::Open(txn, dbs_.records));
  LEDGER_ASSIGN_OR_RETURN(bool more, cur.Seek(lmdb::BigEndian(0)));
  while (more) {
    LEDGER_ASSIGN_OR_RETURN(Record rec, DecodeRecord(cur.value()));
    if (rec.seq > *in_force.seq) break;
    if (rec.submission.event_type == events::kRulesSet) {
      LEDGER_ASSIGN_OR_RETURN(events::Body body, events::DecodeLatestBody(rec.submission));
      LEDGER_ASSIGN_OR_RETURN(RuleConfig rules, RuleConfig::FromBody(body));
      history.emplace_back(rec.seq + 1, std::move(rules));
    }
    LEDGER_ASSIGN_OR_RETURN(more, cur.Next());
  }
  rules_history_->latest = in_force.seq;
  rules_history_->history = history;
  return history;
}

Result<std::vector<std::string>> CivilState::Check(const lmdb::Txn& txn, const Record& draft,
                                                   const events::Body& body) {
  std::vector<std::string> flags;
  LEDGER_ASSIGN_OR_RETURN(const EventRules* rules, RulesFor(body.schema().type));
  LEDGER_ASSIGN_OR_RETURN(const RulesInForce in_force, Rules(txn));
  LEDGER_RETURN_IF_ERROR(
      rules->check(CheckStep{*this, txn, draft, body, in_force.rules, in_force}, flags));
  FlagBackDating(in_force.rules, draft, body, flags);
  FlagFutureDating(in_force, draft, body, flags);
  return flags;
}

}  // namespace ledger::projections
