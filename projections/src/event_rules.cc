// The registry of per-type entries (event_rules.h), the key-registry types'
// entries (their rules live in the core, ledger/keys.h), and the parts
// several families share.
#include "event_rules.h"

#include "projections/event_catalog.h"

#include "state_codec.h"

namespace ledger::projections {
namespace {

// The key registry changes no civil state; the store checks its records
// against its key registry before any projection sees them. The genesis
// sets the rule-set version only (civil_rules.cc).
void AddKeyRegistryRules(std::vector<EventRules>& rules) {
  rules.push_back(
      {events::kLedgerGenesis, NothingToCheck, ApplyGenesis, NothingToIndex, NothingToReapply, {}});
  for (std::string_view type : {events::kKeyRegister, events::kKeyRevoke, events::kKeyRotate}) {
    rules.push_back({type, NothingToCheck, NothingToApply, NothingToIndex, NothingToReapply, {}});
  }
}

std::vector<EventRules> BuildRules() {
  std::vector<EventRules> rules;
  AddKeyRegistryRules(rules);
  AddOrganisationRules(rules);
  AddPostAndPersonRules(rules);
  AddPostingRules(rules);
  AddBreachRules(rules);
  AddRulingRules(rules);
  AddRuleConfigRules(rules);
  return rules;
}

}  // namespace

std::span<const EventRules> AllEventRules() {
  static const std::vector<EventRules> kRules = BuildRules();
  return kRules;
}

const EventRules* FindEventRules(std::string_view type) {
  for (const EventRules& r : AllEventRules()) {
    if (r.type == type) return &r;
  }
  return nullptr;
}

std::vector<EventTypeSupport> EventTypeCatalog() {
  std::vector<EventTypeSupport> out;
  for (const EventRules& r : AllEventRules()) {
    out.push_back({r.type, r.check != nullptr, r.apply != nullptr, r.index != nullptr,
                   r.corrected != nullptr, r.correctable});
  }
  return out;
}

Result<const EventRules*> RulesFor(std::string_view type) {
  const EventRules* rules = FindEventRules(type);
  if (!rules) {
    return Status::Internal("event type \"" + std::string(type) + "\" has no civil-state rules");
  }
  return rules;
}

Status RuleErrors::Add(Status s) {
  switch (s.code()) {
    case Code::kOk:
      return Status::Ok();
    case Code::kInvalidArgument:
    case Code::kNotFound:
    case Code::kAlreadyExists:
    case Code::kFailedPrecondition:
    case Code::kPermissionDenied:
      for (Status& each : s.Each()) errors_.push_back(std::move(each));
      return Status::Ok();
    default:
      return s;
  }
}

Status RuleErrors::Combined() const {
  if (errors_.empty()) return Status::Ok();
  return errors_.front().WithMore({errors_.begin() + 1, errors_.end()});
}

Status NothingToCheck(const CheckStep&, std::vector<std::string>&) { return Status::Ok(); }
Status NothingToApply(const FoldStep&) { return Status::Ok(); }
Status NothingToIndex(const FoldStep&) { return Status::Ok(); }
Status NothingToReapply(const CorrectedStep&) { return Status::Ok(); }

std::vector<std::string_view> WithDecision(std::vector<std::string_view> fields) {
  fields.insert(fields.end(), {F::kDecisionInstrument, F::kDecisionNumber, F::kDecisionDate});
  return fields;
}

Status IndexFindings(const FoldStep& step) {
  const events::EventSchema& schema = step.body.schema();
  for (const std::string& flag : step.record.flags) {
    const std::string rule = flag.substr(0, flag.find(':'));
    const std::string org = schema.scope_field.empty() ? "" : step.body.Text(schema.scope_field);
    LEDGER_RETURN_IF_ERROR(step.rows.index.Put(IndexKey('F', rule, {step.record.seq}), org));
  }
  return Status::Ok();
}

Status IndexServiceRecord(const FoldStep& step, const std::string& person) {
  if (person.empty()) return Status::Ok();
  return step.rows.index.Put(IndexKey('S', person, {step.record.seq}), {});
}

Status IndexPersonField(const FoldStep& step) {
  return IndexServiceRecord(step, step.body.Text(F::kPerson));
}

Result<OrgState> CheckLiveOrg(const CheckStep& step, std::string_view field) {
  const std::string& id = step.body.Text(field);
  LEDGER_ASSIGN_OR_RETURN(std::optional<OrgState> o, step.state.Org(step.txn, id));
  if (!o) return Status::NotFound(NoOrganisation(field, id));
  if (o->abolished) {
    return Status::InvalidArgument("body." + std::string(field) + ": organisation " + Q(id) +
                                   " has been abolished");
  }
  return *o;
}

Result<std::pair<Record, events::Body>> CheckEarlierRecord(const CheckStep& step,
                                                           std::string_view field) {
  const events::Body& b = step.body;
  const uint64_t target = b.UInt(field);
  if (target >= step.draft.seq) {
    return Status::NotFound("body." + std::string(field) + ": no record at seq " +
                            std::to_string(target) + " (the last is seq " +
                            std::to_string(step.draft.seq - 1) + ")");
  }
  LEDGER_ASSIGN_OR_RETURN(auto t, step.state.RecordAt(step.txn, target));
  const events::EventSchema& ts = t.second.schema();
  if (!ts.scope_field.empty() && t.second.Text(ts.scope_field) != b.Text(F::kOrg)) {
    return Status::InvalidArgument("body.org: record " + std::to_string(target) + " is for " +
                                   Q(t.second.Text(ts.scope_field)) + ", not " +
                                   Q(b.Text(F::kOrg)));
  }
  return t;
}

}  // namespace ledger::projections
