// Organisations: established, renamed, restructured (a new parent, level or
// approved headcount) and abolished. Their entries in the civil-state rules.
#include "event_rules.h"

namespace ledger::projections {
namespace {

// ---- checks ----

Status CheckEstablished(const CheckStep& step, std::vector<std::string>&) {
  const events::Body& b = step.body;
  RuleErrors errors;
  LEDGER_RETURN_IF_ERROR(errors.Add(
      CheckNewId(step, step.state.Org(step.txn, b.Text(F::kOrg)), F::kOrg, "organisation")));
  if (b.Has(F::kParent)) {
    LEDGER_RETURN_IF_ERROR(errors.Add(CheckLiveOrg(step, F::kParent).status()));
  }
  return errors.Combined();
}

Status CheckOrgIsLive(const CheckStep& step, std::vector<std::string>&) {
  return CheckLiveOrg(step, F::kOrg).status();
}

// Walks up from the new parent: meeting the organisation itself is a cycle.
Status CheckNotOwnAncestor(const CheckStep& step) {
  const events::Body& b = step.body;
  std::string up = b.Text(F::kParent);
  for (int depth = 0; !up.empty() && depth < 64; ++depth) {
    if (up == b.Text(F::kOrg)) {
      return Status::InvalidArgument("body.parent: " + Q(b.Text(F::kParent)) + " is inside " +
                                     Q(b.Text(F::kOrg)) +
                                     "; an organisation cannot be its own ancestor");
    }
    LEDGER_ASSIGN_OR_RETURN(std::optional<OrgState> o, step.state.Org(step.txn, up));
    up = o ? o->parent : "";
  }
  return Status::Ok();
}

Status CheckRestructured(const CheckStep& step, std::vector<std::string>&) {
  RuleErrors errors;
  LEDGER_RETURN_IF_ERROR(errors.Add(CheckLiveOrg(step, F::kOrg).status()));
  if (step.body.Has(F::kParent)) {
    const Status parent = CheckLiveOrg(step, F::kParent).status();
    LEDGER_RETURN_IF_ERROR(errors.Add(parent));
    if (parent.ok()) LEDGER_RETURN_IF_ERROR(errors.Add(CheckNotOwnAncestor(step)));
  }
  return errors.Combined();
}

// ---- state ----

Status ApplyEstablished(const FoldStep& step) {
  const events::Body& b = step.body;
  OrgState o{b.Text(F::kName), b.Has(F::kParent) ? b.Text(F::kParent) : std::string(),
             b.Text(F::kLevel), b.UInt(F::kMaxHeadcount)};
  o.seq = o.name_seq = o.parent_seq = o.level_seq = o.cap_seq = step.record.seq;
  step.rows.orgs.Put(b.Text(F::kOrg), std::move(o));
  return Status::Ok();
}

Status ApplyRenamed(const FoldStep& step) {
  LEDGER_ASSIGN_OR_RETURN(OrgState * o, step.rows.orgs.EditExisting(step.body.Text(F::kOrg)));
  o->name = step.body.Text(F::kName);
  o->name_seq = step.record.seq;
  return Status::Ok();
}

// Only the parts the record names change; each remembers the record that set it.
Status ApplyRestructured(const FoldStep& step) {
  const events::Body& b = step.body;
  const uint64_t seq = step.record.seq;
  LEDGER_ASSIGN_OR_RETURN(OrgState * o, step.rows.orgs.EditExisting(b.Text(F::kOrg)));
  if (b.Has(F::kParent)) o->parent = b.Text(F::kParent), o->parent_seq = seq;
  if (b.Has(F::kLevel)) o->level = b.Text(F::kLevel), o->level_seq = seq;
  if (b.Has(F::kMaxHeadcount)) o->max_headcount = b.UInt(F::kMaxHeadcount), o->cap_seq = seq;
  return Status::Ok();
}

Status ApplyAbolished(const FoldStep& step) {
  LEDGER_ASSIGN_OR_RETURN(OrgState * o, step.rows.orgs.EditExisting(step.body.Text(F::kOrg)));
  o->abolished = true;
  return Status::Ok();
}

// A corrected field takes effect unless a later record has set it since.
Status ReapplyOrgFields(const CorrectedStep& step) {
  const events::Body& t = step.after;
  const std::string_view field = step.field;
  LEDGER_ASSIGN_OR_RETURN(OrgState * o, step.rows.orgs.EditExisting(t.Text(F::kOrg)));
  if (field == F::kName && o->name_seq == step.target) o->name = t.Text(F::kName);
  if (field == F::kParent && o->parent_seq == step.target) o->parent = t.Text(F::kParent);
  if (field == F::kLevel && o->level_seq == step.target) o->level = t.Text(F::kLevel);
  if (field == F::kMaxHeadcount && o->cap_seq == step.target) {
    o->max_headcount = t.UInt(F::kMaxHeadcount);
  }
  return Status::Ok();
}

}  // namespace

void AddOrganisationRules(std::vector<EventRules>& rules) {
  rules.push_back(
      {events::kOrganisationEstablished, CheckEstablished, ApplyEstablished, NothingToIndex,
       ReapplyOrgFields,
       WithDecision({F::kName, F::kParent, F::kLevel, F::kMaxHeadcount, F::kEffectiveDate})});
  rules.push_back({events::kOrganisationRenamed, CheckOrgIsLive, ApplyRenamed, NothingToIndex,
                   ReapplyOrgFields, WithDecision({F::kName, F::kEffectiveDate})});
  rules.push_back({events::kOrganisationRestructured, CheckRestructured, ApplyRestructured,
                   NothingToIndex, ReapplyOrgFields,
                   WithDecision({F::kParent, F::kLevel, F::kMaxHeadcount, F::kEffectiveDate})});
  rules.push_back({events::kOrganisationAbolished, CheckOrgIsLive, ApplyAbolished, NothingToIndex,
                   NothingToReapply, WithDecision({F::kSuccessor, F::kEffectiveDate})});
}

}  // namespace ledger::projections
