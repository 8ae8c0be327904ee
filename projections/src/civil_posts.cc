// Posts (established, abolished) and people (registered): the things
// appointments connect. Their entries in the civil-state rules.
#include "event_rules.h"

namespace ledger::projections {
namespace {

// ---- checks ----

Status CheckPostEstablished(const CheckStep& step, std::vector<std::string>&) {
  const events::Body& b = step.body;
  LEDGER_RETURN_IF_ERROR(
      CheckNewId(step, step.state.Post(step.txn, b.Text(F::kPost)), F::kPost, "post"));
  if (b.UInt(F::kPositions) == 0) {
    return Status::InvalidArgument("body.positions: a post has at least one position");
  }
  return CheckLiveOrg(step, F::kOrg).status();
}

// The post exists, is still open, and belongs to the organisation recording it.
Status CheckPostAbolished(const CheckStep& step, std::vector<std::string>&) {
  const events::Body& b = step.body;
  const std::string& id = b.Text(F::kPost);
  LEDGER_ASSIGN_OR_RETURN(std::optional<PostState> p, step.state.Post(step.txn, id));
  if (!p) return Status::NotFound(NoPost(F::kPost, id));
  if (p->abolished) return Status::InvalidArgument("body.post: " + Q(id) + " is already abolished");
  if (p->org != b.Text(F::kOrg)) {
    return Status::InvalidArgument("body.org: post " + Q(id) + " belongs to " + Q(p->org));
  }
  return Status::Ok();
}

Status CheckPersonRegistered(const CheckStep& step, std::vector<std::string>&) {
  const events::Body& b = step.body;
  LEDGER_RETURN_IF_ERROR(
      CheckNewId(step, step.state.Person(step.txn, b.Text(F::kPerson)), F::kPerson, "person"));
  return CheckLiveOrg(step, F::kOrg).status();
}

// ---- state ----

PostState PostFromBody(const events::Body& b) {
  return PostState{b.Text(F::kOrg),        b.Text(F::kTitle),
                   b.Text(F::kCategory),   b.Has(F::kGrade) ? b.Text(F::kGrade) : std::string(),
                   b.Bool(F::kLeadership), b.UInt(F::kPositions)};
}

Status ApplyPostEstablished(const FoldStep& step) {
  PostState p = PostFromBody(step.body);
  p.seq = step.record.seq;
  step.rows.posts.Put(step.body.Text(F::kPost), std::move(p));
  return Status::Ok();
}

Status ApplyPostAbolished(const FoldStep& step) {
  LEDGER_ASSIGN_OR_RETURN(PostState * p, step.rows.posts.EditExisting(step.body.Text(F::kPost)));
  p->abolished = true;
  return Status::Ok();
}

Status ApplyPersonRegistered(const FoldStep& step) {
  const events::Body& b = step.body;
  PersonState p{b.Text(F::kFullName), b.Text(F::kGender), b.UInt(F::kBirthYear)};
  p.seq = step.record.seq;
  step.rows.persons.Put(b.Text(F::kPerson), std::move(p));
  return Status::Ok();
}

// Nothing later changes these, so the corrected record says what they are.
Status ReapplyPostEstablished(const CorrectedStep& step) {
  const events::Body& t = step.after;
  LEDGER_ASSIGN_OR_RETURN(PostState * p, step.rows.posts.EditExisting(t.Text(F::kPost)));
  const PostState corrected = PostFromBody(t);
  p->title = corrected.title;
  p->category = corrected.category;
  p->grade = corrected.grade;
  p->leadership = corrected.leadership;
  p->positions = corrected.positions;
  return Status::Ok();
}

Status ReapplyPersonRegistered(const CorrectedStep& step) {
  const events::Body& t = step.after;
  LEDGER_ASSIGN_OR_RETURN(PersonState * p, step.rows.persons.EditExisting(t.Text(F::kPerson)));
  p->full_name = t.Text(F::kFullName);
  p->gender = t.Text(F::kGender);
  p->birth_year = t.UInt(F::kBirthYear);
  return Status::Ok();
}

}  // namespace

void AddPostAndPersonRules(std::vector<EventRules>& rules) {
  rules.push_back({events::kPostEstablished, CheckPostEstablished, ApplyPostEstablished,
                   NothingToIndex, ReapplyPostEstablished,
                   WithDecision({F::kTitle, F::kCategory, F::kGrade, F::kLeadership, F::kPositions,
                                 F::kEffectiveDate})});
  rules.push_back({events::kPostAbolished, CheckPostAbolished, ApplyPostAbolished, NothingToIndex,
                   NothingToReapply, WithDecision({F::kEffectiveDate})});
  rules.push_back({events::kPersonRegistered,
                   CheckPersonRegistered,
                   ApplyPersonRegistered,
                   IndexPersonField,
                   ReapplyPersonRegistered,
                   {F::kFullName, F::kGender, F::kBirthYear, F::kRegisterCommitment}});
}

}  // namespace ledger::projections
