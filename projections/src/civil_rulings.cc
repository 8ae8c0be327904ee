// Records about earlier records: court rulings on a dismissal or sanction,
// and corrections of any civil-service record. Their entries in the
// civil-state rules.
#include <algorithm>

#include "event_rules.h"
#include "state_codec.h"

namespace ledger::projections {
namespace {

// ---- court rulings ----

Status CheckCourtRuling(const CheckStep& step, std::vector<std::string>&) {
  LEDGER_ASSIGN_OR_RETURN(auto subject, CheckEarlierRecord(step, F::kSubjectSeq));
  const std::string_view type = subject.second.schema().type;
  if (type != events::kDismissalMade && type != events::kSanctionImposed) {
    return Status::InvalidArgument(
        "body.subject_seq: record " + std::to_string(step.body.UInt(F::kSubjectSeq)) + " is a " +
        std::string(type) + "; a ruling concerns a dismissal.made or sanction.imposed");
  }
  return Status::Ok();
}

// The dismissal a ruling on `subject_seq` reopens: the dismissal itself, or
// the one a dismissal sanction points to; none for other sanctions.
Result<std::optional<events::Body>> DismissalRuledOn(const CivilState& state, const lmdb::Txn& txn,
                                                     uint64_t subject_seq) {
  LEDGER_ASSIGN_OR_RETURN(auto subject, state.RecordAt(txn, subject_seq));
  if (subject.second.schema().type == events::kSanctionImposed) {
    if (!subject.second.Has(F::kDismissalSeq)) return std::optional<events::Body>();
    LEDGER_ASSIGN_OR_RETURN(subject, state.RecordAt(txn, subject.second.UInt(F::kDismissalSeq)));
  }
  return std::optional<events::Body>(std::move(subject.second));
}

// A reinstatement puts the person back on the post they were dismissed from,
// unless the post is gone or they hold it again already.
Status ApplyCourtRuling(const FoldStep& step) {
  const events::Body& b = step.body;
  if (b.Text(F::kOutcome) != C::kOutcomeReinstatementOrdered) return Status::Ok();
  LEDGER_ASSIGN_OR_RETURN(std::optional<events::Body> dismissal,
                          DismissalRuledOn(step.state, step.rows.txn, b.UInt(F::kSubjectSeq)));
  if (!dismissal) return Status::Ok();
  const std::string& post_id = dismissal->Text(F::kPost);
  const std::string& person_id = dismissal->Text(F::kPerson);
  LEDGER_ASSIGN_OR_RETURN(const PostState* post, step.rows.posts.FindExisting(post_id));
  const bool holds = std::any_of(post->holders.begin(), post->holders.end(),
                                 [&](const Holding& h) { return h.person == person_id; });
  if (post->abolished || holds) return Status::Ok();  // nothing to reopen
  return AddHolding(
      step.rows, post_id,
      {person_id, b.Date(F::kRulingDate), std::string(C::kTenurePermanent), step.record.seq},
      "reinstatement");
}

// The turnover entry of a reinstatement, only when ApplyCourtRuling did put
// the person back on the post.
Status IndexReinstatement(const FoldStep& step, const std::string& person) {
  const events::Body& b = step.body;
  LEDGER_ASSIGN_OR_RETURN(std::optional<events::Body> dismissal,
                          DismissalRuledOn(step.state, step.rows.txn, b.UInt(F::kSubjectSeq)));
  if (!dismissal) return Status::Ok();
  const std::string& post_id = dismissal->Text(F::kPost);
  LEDGER_ASSIGN_OR_RETURN(auto began,
                          step.rows.index.Get(IndexKey('H', post_id, {step.record.seq})));
  if (!began) return Status::Ok();
  return IndexMovement(step, {'R', person, post_id, std::string(C::kBasisCourtReinstatement),
                              b.Date(F::kRulingDate)});
}

// The ruling goes in the service record of the subject's person and in the
// list of rulings on the subject.
Status IndexCourtRuling(const FoldStep& step) {
  const events::Body& b = step.body;
  const uint64_t target = b.UInt(F::kSubjectSeq);
  LEDGER_ASSIGN_OR_RETURN(auto subject, step.state.RecordAt(step.rows.txn, target));
  std::string person;
  if (events::FindField(subject.second.schema(), F::kPerson)) {
    person = subject.second.Text(F::kPerson);
  }
  LEDGER_RETURN_IF_ERROR(
      step.rows.index.Put(IndexKey('R', "", {target, step.record.seq}), b.Text(F::kOutcome)));
  LEDGER_RETURN_IF_ERROR(IndexServiceRecord(step, person));
  if (b.Text(F::kOutcome) != C::kOutcomeReinstatementOrdered) return Status::Ok();
  return IndexReinstatement(step, person);
}

// ---- corrections ----

// The target's type allows corrections, has the field, and lets a
// correction change it; the value parses for the field.
Status CheckCorrectable(const CheckStep& step, const events::Body& target) {
  const events::Body& b = step.body;
  const events::EventSchema& ts = target.schema();
  LEDGER_ASSIGN_OR_RETURN(const EventRules* rules, RulesFor(ts.type));
  if (rules->correctable.empty()) {
    return Status::InvalidArgument(
        "body.target_seq: a " + std::string(ts.type) + " record cannot be corrected" +
        (ts.type == events::kCorrectionMade ? "; correct the original record again" : ""));
  }
  const events::FieldSpec* spec = events::FindField(ts, b.Text(F::kField));
  if (!spec) {
    return Status::InvalidArgument("body.field: " + std::string(ts.type) + " has no field " +
                                   Q(b.Text(F::kField)));
  }
  if (std::find(rules->correctable.begin(), rules->correctable.end(), spec->name) ==
      rules->correctable.end()) {
    return Status::InvalidArgument(
        "body.field: " + Q(spec->name) +
        " says what the record is about; record a new decision instead of correcting it");
  }
  auto value = events::ParseFieldText(*spec, b.Text(F::kValue));
  if (!value.ok()) return value.status().WithContext("body.value");
  return Status::Ok();
}

Status CheckCorrection(const CheckStep& step, std::vector<std::string>&) {
  LEDGER_ASSIGN_OR_RETURN(auto target, CheckEarlierRecord(step, F::kTargetSeq));
  return CheckCorrectable(step, target.second);
}

// Stores the correction, then lets the target's type re-derive the state the
// corrected record set.
Status ApplyCorrection(const FoldStep& step) {
  const events::Body& b = step.body;
  CivilRows& rows = step.rows;
  const uint64_t target = b.UInt(F::kTargetSeq);
  LEDGER_ASSIGN_OR_RETURN(auto before, step.state.RecordAt(rows.txn, target));
  const std::string row = b.Text(F::kField) + '\0' + b.Text(F::kValue);
  LEDGER_RETURN_IF_ERROR(
      rows.txn.Put(rows.corrections, CorrectionKey(target, step.record.seq), IdKey(row)));
  LEDGER_ASSIGN_OR_RETURN(auto corrected, step.state.RecordAt(rows.txn, target));
  LEDGER_ASSIGN_OR_RETURN(const EventRules* rules, RulesFor(corrected.second.schema().type));
  const CorrectedStep corrected_step{step.state,      rows, target, before.second,
                                     corrected.second, b.Text(F::kField)};
  LEDGER_RETURN_IF_ERROR(rules->corrected(corrected_step));
  return ReindexLookups(corrected_step);
}

// The correction goes in the service record of the target's person.
Status IndexCorrection(const FoldStep& step) {
  LEDGER_ASSIGN_OR_RETURN(auto t,
                          step.state.RecordAt(step.rows.txn, step.body.UInt(F::kTargetSeq)));
  if (!events::FindField(t.second.schema(), F::kPerson)) return Status::Ok();
  return IndexServiceRecord(step, t.second.Text(F::kPerson));
}

}  // namespace

void AddRulingRules(std::vector<EventRules>& rules) {
  // Rulings are read through their corrections (RecordAt); the outcome says
  // what the ruling decided, so it is recorded anew rather than corrected.
  rules.push_back({events::kCourtRuling,
                   CheckCourtRuling,
                   ApplyCourtRuling,
                   IndexCourtRuling,
                   NothingToReapply,
                   {F::kCourt, F::kCaseNumber, F::kRulingDate, F::kCompensationMnt}});
  // A correction is corrected by correcting the original record again.
  rules.push_back({events::kCorrectionMade,
                   CheckCorrection,
                   ApplyCorrection,
                   IndexCorrection,
                   NothingToReapply,
                   {}});
}

}  // namespace ledger::projections
