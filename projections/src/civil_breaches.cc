// Breaches of the Civil Service Law (recorded, updated) and the sanctions
// imposed for them. Their entries in the civil-state rules.
#include "event_rules.h"
#include "state_codec.h"

namespace ledger::projections {
namespace {

// ---- checks ----

Status CheckBreachRecorded(const CheckStep& step, std::vector<std::string>&) {
  const events::Body& b = step.body;
  RuleErrors errors;
  LEDGER_RETURN_IF_ERROR(errors.Add(
      CheckNewId(step, step.state.Breach(step.txn, b.Text(F::kBreach)), F::kBreach, "breach")));
  LEDGER_ASSIGN_OR_RETURN(std::optional<PersonState> p,
                          step.state.Person(step.txn, b.Text(F::kPerson)));
  if (!p) LEDGER_RETURN_IF_ERROR(errors.Add(Status::NotFound(NotRegistered(b.Text(F::kPerson)))));
  // The organisation must exist; it may since have been abolished.
  LEDGER_ASSIGN_OR_RETURN(std::optional<OrgState> o, step.state.Org(step.txn, b.Text(F::kOrg)));
  if (!o) {
    LEDGER_RETURN_IF_ERROR(
        errors.Add(Status::NotFound(NoOrganisation(F::kOrg, b.Text(F::kOrg)))));
  }
  return errors.Combined();
}

// The breach exists and was recorded for the organisation the body names.
Result<BreachState> CheckBreachOfOrg(const CheckStep& step, std::string_view missing_note) {
  const events::Body& b = step.body;
  LEDGER_ASSIGN_OR_RETURN(std::optional<BreachState> br,
                          step.state.Breach(step.txn, b.Text(F::kBreach)));
  if (!br) {
    return Status::NotFound("body.breach: breach " + Q(b.Text(F::kBreach)) +
                            " is not recorded" + std::string(missing_note) +
                            ": record breach.recorded first");
  }
  if (br->org != b.Text(F::kOrg)) {
    return Status::InvalidArgument("body.org: breach " + Q(b.Text(F::kBreach)) +
                                   " was recorded for " + Q(br->org));
  }
  return std::move(*br);
}

Status CheckBreachUpdated(const CheckStep& step, std::vector<std::string>&) {
  return CheckBreachOfOrg(step, "").status();
}

Status CheckSanctionIsNew(const CheckStep& step) {
  const std::string& id = step.body.Text(F::kSanction);
  LEDGER_ASSIGN_OR_RETURN(bool exists, step.state.HasSanction(step.txn, id));
  if (exists) return Status::AlreadyExists("body.sanction: sanction " + Q(id) + " already exists");
  return Status::Ok();
}

Status CheckSalaryReduction(const events::Body& b) {
  if (!b.Has(F::kSalaryReductionPercent) || b.UInt(F::kSalaryReductionPercent) == 0 ||
      b.UInt(F::kSalaryReductionPercent) > 100) {
    return Status::InvalidArgument(
        "body.salary_reduction_percent: a salary reduction needs a percentage from 1 to 100");
  }
  if (!b.Has(F::kSalaryReductionMonths) || b.UInt(F::kSalaryReductionMonths) == 0) {
    return Status::InvalidArgument(
        "body.salary_reduction_months: a salary reduction needs a number of months");
  }
  return Status::Ok();
}

// A dismissal sanction names the earlier dismissal of the same person, and
// only a dismissal sanction names one.
Status CheckDismissalReference(const CheckStep& step) {
  const events::Body& b = step.body;
  if (b.Text(F::kKind) != C::kSanctionDismissal) {
    if (!b.Has(F::kDismissalSeq)) return Status::Ok();
    return Status::InvalidArgument(
        "body.dismissal_seq: only a dismissal sanction names a dismissal");
  }
  if (!b.Has(F::kDismissalSeq)) {
    return Status::InvalidArgument(
        "body.dismissal_seq: a dismissal sanction must name its dismissal record");
  }
  const uint64_t seq = b.UInt(F::kDismissalSeq);
  if (seq >= step.draft.seq) {
    return Status::NotFound("body.dismissal_seq: no record at seq " + std::to_string(seq));
  }
  LEDGER_ASSIGN_OR_RETURN(auto d, step.state.RecordAt(step.txn, seq));
  if (d.second.schema().type != events::kDismissalMade ||
      d.second.Text(F::kPerson) != b.Text(F::kPerson)) {
    return Status::InvalidArgument("body.dismissal_seq: record " + std::to_string(seq) +
                                   " is not a dismissal of " + Q(b.Text(F::kPerson)));
  }
  return Status::Ok();
}

Status CheckSanctionImposed(const CheckStep& step, std::vector<std::string>&) {
  const events::Body& b = step.body;
  RuleErrors errors;
  LEDGER_ASSIGN_OR_RETURN(
      std::optional<BreachState> br,
      errors.Keep(CheckBreachOfOrg(step, "; a sanction needs a recorded breach")));
  if (br && br->person != b.Text(F::kPerson)) {
    LEDGER_RETURN_IF_ERROR(errors.Add(Status::InvalidArgument(
        "body.person: breach " + Q(b.Text(F::kBreach)) + " concerns " + Q(br->person) +
        ", not " + Q(b.Text(F::kPerson)))));
  }
  LEDGER_RETURN_IF_ERROR(errors.Add(CheckSanctionIsNew(step)));
  if (b.Text(F::kKind) == C::kSanctionSalaryReduction) {
    LEDGER_RETURN_IF_ERROR(errors.Add(CheckSalaryReduction(b)));
  }
  LEDGER_RETURN_IF_ERROR(errors.Add(CheckDismissalReference(step)));
  return errors.Combined();
}

// ---- state ----

Status ApplyBreachRecorded(const FoldStep& step) {
  const events::Body& b = step.body;
  const uint64_t seq = step.record.seq;
  BreachState s{b.Text(F::kPerson),
                b.Text(F::kOrg),
                b.Text(F::kLaw),
                b.Text(F::kArticle),
                b.Text(F::kStatus),
                seq,
                seq};
  step.rows.breaches.Put(b.Text(F::kBreach), std::move(s));
  return Status::Ok();
}

Status ApplyBreachUpdated(const FoldStep& step) {
  LEDGER_ASSIGN_OR_RETURN(BreachState * s,
                          step.rows.breaches.EditExisting(step.body.Text(F::kBreach)));
  s->status = step.body.Text(F::kStatus);
  s->status_seq = step.record.seq;
  return Status::Ok();
}

Status ApplySanctionImposed(const FoldStep& step) {
  return step.rows.txn.Put(step.rows.sanctions, IdKey(step.body.Text(F::kSanction)),
                           lmdb::BigEndian(step.record.seq));
}

// ---- indexes ----

// An update names the breach only: it goes in the breach's person's record.
Status IndexBreachUpdated(const FoldStep& step) {
  LEDGER_ASSIGN_OR_RETURN(const BreachState* br,
                          step.rows.breaches.FindExisting(step.body.Text(F::kBreach)));
  return IndexServiceRecord(step, br->person);
}

Status IndexSanctionImposed(const FoldStep& step) {
  LEDGER_RETURN_IF_ERROR(IndexPersonField(step));
  return step.rows.index.Put(IndexKey('X', step.body.Text(F::kBreach), {step.record.seq}), {});
}

// ---- corrections ----

// The status takes effect unless a later update has set it since.
Status ReapplyBreach(const CorrectedStep& step) {
  const events::Body& t = step.after;
  LEDGER_ASSIGN_OR_RETURN(BreachState * s, step.rows.breaches.EditExisting(t.Text(F::kBreach)));
  if (t.schema().type == events::kBreachRecorded) {
    s->law = t.Text(F::kLaw);
    s->article = t.Text(F::kArticle);
  }
  if (s->status_seq == step.target) s->status = t.Text(F::kStatus);
  return Status::Ok();
}

}  // namespace

void AddBreachRules(std::vector<EventRules>& rules) {
  rules.push_back(
      {events::kBreachRecorded,
       CheckBreachRecorded,
       ApplyBreachRecorded,
       IndexPersonField,
       ReapplyBreach,
       {F::kLaw, F::kArticle, F::kFinding, F::kInvestigatingBody, F::kDateFound, F::kStatus}});
  rules.push_back({events::kBreachUpdated,
                   CheckBreachUpdated,
                   ApplyBreachUpdated,
                   IndexBreachUpdated,
                   ReapplyBreach,
                   {F::kStatus, F::kFinding, F::kDate}});
  // Sanctions are read through their corrections (RecordAt): nothing to re-derive.
  rules.push_back({events::kSanctionImposed, CheckSanctionImposed, ApplySanctionImposed,
                   IndexSanctionImposed, NothingToReapply,
                   WithDecision({F::kKind, F::kSalaryReductionPercent, F::kSalaryReductionMonths,
                                 F::kEffectiveDate})});
}

}  // namespace ledger::projections
