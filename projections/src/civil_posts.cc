// Posts (established, retitled, abolished) and people (registered): the
// things appointments connect. Their entries in the civil-state rules.
#include <algorithm>

#include "event_rules.h"
#include "ledger/encoding.h"

namespace ledger::projections {
namespace {

// ---- checks ----

Status CheckPostEstablished(const CheckStep& step, std::vector<std::string>&) {
  const events::Body& b = step.body;
  RuleErrors errors;
  LEDGER_RETURN_IF_ERROR(errors.Add(
      CheckNewId(step, step.state.Post(step.txn, b.Text(F::kPost)), F::kPost, "post")));
  if (b.UInt(F::kPositions) == 0) {
    LEDGER_RETURN_IF_ERROR(errors.Add(
        Status::InvalidArgument("body.positions: a post has at least one position")));
  }
  LEDGER_RETURN_IF_ERROR(errors.Add(CheckLiveOrg(step, F::kOrg).status()));
  return errors.Combined();
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

// The post exists, is open and is the recording organisation's; the new
// title takes effect after the post was established and differs from the
// one in force on that date.
Status CheckPostRetitled(const CheckStep& step, std::vector<std::string>& flags) {
  LEDGER_RETURN_IF_ERROR(CheckPostAbolished(step, flags));
  const events::Body& b = step.body;
  LEDGER_ASSIGN_OR_RETURN(std::optional<PostState> p, step.state.Post(step.txn, b.Text(F::kPost)));
  const int32_t day = b.Date(F::kEffectiveDate);
  if (!p->titles.empty() && day < p->titles.front().since) {
    return Status::InvalidArgument("body.effective_date: " + events::FormatDate(day) +
                                   " is before post " + Q(b.Text(F::kPost)) + " was established (" +
                                   events::FormatDate(p->titles.front().since) +
                                   SeqNote(p->titles.front().seq) + ")");
  }
  if (TitleOn(*p, day) == b.Text(F::kTitle)) {
    return Status::InvalidArgument("body.title: post " + Q(b.Text(F::kPost)) +
                                   " already has the title " + Q(b.Text(F::kTitle)) + " on " +
                                   events::FormatDate(day));
  }
  return Status::Ok();
}

// A register_commitment as the index keeps it: base64, as it is written.
std::string CommitmentText(const events::Body& b) {
  return Base64Encode(b.HashField(F::kRegisterCommitment));
}

// The same civil register commitment as a person registered before: most
// likely the same human twice (rule-set version 2).
Status FlagDuplicatePerson(const CheckStep& step, std::vector<std::string>& flags) {
  const events::Body& b = step.body;
  if (!step.in_force.DuplicatePersonRule() || !b.Has(F::kRegisterCommitment)) return Status::Ok();
  LEDGER_ASSIGN_OR_RETURN(std::vector<std::string> same,
                          step.state.PersonsWithCommitment(step.txn, CommitmentText(b)));
  if (same.empty()) return Status::Ok();
  std::string others;
  for (const std::string& id : same) {
    LEDGER_ASSIGN_OR_RETURN(std::optional<PersonState> p, step.state.Person(step.txn, id));
    others += (others.empty() ? "" : ", ") + Q(id) + (p ? SeqNote(p->seq) : "");
  }
  flags.push_back(std::string(kFlagDuplicatePerson) + ": register_commitment is that of " +
                  others + ", already registered");
  return Status::Ok();
}

Status CheckPersonRegistered(const CheckStep& step, std::vector<std::string>& flags) {
  const events::Body& b = step.body;
  RuleErrors errors;
  LEDGER_RETURN_IF_ERROR(errors.Add(
      CheckNewId(step, step.state.Person(step.txn, b.Text(F::kPerson)), F::kPerson, "person")));
  LEDGER_RETURN_IF_ERROR(errors.Add(CheckLiveOrg(step, F::kOrg).status()));
  LEDGER_RETURN_IF_ERROR(FlagDuplicatePerson(step, flags));
  return errors.Combined();
}

// The commitment index entry of the person registered at `seq` (rule set 2).
std::string CommitmentKey(const events::Body& b, uint64_t seq) {
  return IndexKey('P', CommitmentText(b), {seq});
}

Status IndexPersonRegistered(const FoldStep& step) {
  LEDGER_RETURN_IF_ERROR(IndexPersonField(step));
  const events::Body& b = step.body;
  if (!b.Has(F::kRegisterCommitment)) return Status::Ok();
  LEDGER_ASSIGN_OR_RETURN(const RulesInForce in_force, step.state.Rules(step.rows.txn));
  if (!in_force.DuplicatePersonRule()) return Status::Ok();
  return step.rows.index.Put(CommitmentKey(b, step.record.seq), b.Text(F::kPerson));
}

// ---- state ----

PostState PostFromBody(const events::Body& b) {
  return PostState{b.Text(F::kOrg),        b.Text(F::kTitle),
                   b.Text(F::kCategory),   b.Has(F::kGrade) ? b.Text(F::kGrade) : std::string(),
                   b.Bool(F::kLeadership), b.UInt(F::kPositions)};
}

// Keeps the titles in date order (a retitle may be recorded after a later
// one); the current title is the last.
void SortTitles(PostState& p) {
  std::stable_sort(p.titles.begin(), p.titles.end(), [](const PostTitle& a, const PostTitle& b) {
    return a.since != b.since ? a.since < b.since : a.seq < b.seq;
  });
  if (!p.titles.empty()) p.title = p.titles.back().title;
}

Status ApplyPostEstablished(const FoldStep& step) {
  PostState p = PostFromBody(step.body);
  p.seq = step.record.seq;
  p.titles = {{p.title, step.body.Date(F::kEffectiveDate), p.seq}};
  step.rows.posts.Put(step.body.Text(F::kPost), std::move(p));
  return Status::Ok();
}

Status ApplyPostRetitled(const FoldStep& step) {
  const events::Body& b = step.body;
  LEDGER_ASSIGN_OR_RETURN(PostState * p, step.rows.posts.EditExisting(b.Text(F::kPost)));
  p->titles.push_back({b.Text(F::kTitle), b.Date(F::kEffectiveDate), step.record.seq});
  SortTitles(*p);
  return Status::Ok();
}

// The title entry the record at `target` set takes the corrected title and
// date; the current title follows the history.
Status ReapplyTitle(const CorrectedStep& step, PostState& p) {
  for (PostTitle& t : p.titles) {
    if (t.seq != step.target) continue;
    t.title = step.after.Text(F::kTitle);
    t.since = step.after.Date(F::kEffectiveDate);
  }
  SortTitles(p);
  return Status::Ok();
}

Status ReapplyPostRetitled(const CorrectedStep& step) {
  LEDGER_ASSIGN_OR_RETURN(PostState * p, step.rows.posts.EditExisting(step.after.Text(F::kPost)));
  return ReapplyTitle(step, *p);
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

// Nothing later changes these but the title, so the corrected record says
// what they are.
Status ReapplyPostEstablished(const CorrectedStep& step) {
  const events::Body& t = step.after;
  LEDGER_ASSIGN_OR_RETURN(PostState * p, step.rows.posts.EditExisting(t.Text(F::kPost)));
  const PostState corrected = PostFromBody(t);
  p->category = corrected.category;
  p->grade = corrected.grade;
  p->leadership = corrected.leadership;
  p->positions = corrected.positions;
  return ReapplyTitle(step, *p);  // a later retitle keeps the current title
}

Status ReapplyPersonRegistered(const CorrectedStep& step) {
  const events::Body& t = step.after;
  LEDGER_ASSIGN_OR_RETURN(PersonState * p, step.rows.persons.EditExisting(t.Text(F::kPerson)));
  p->full_name = t.Text(F::kFullName);
  p->gender = t.Text(F::kGender);
  p->birth_year = t.UInt(F::kBirthYear);
  // A corrected commitment moves the person's commitment entry.
  LEDGER_ASSIGN_OR_RETURN(const RulesInForce in_force, step.state.Rules(step.rows.txn));
  if (!in_force.DuplicatePersonRule()) return Status::Ok();
  if (step.before.Has(F::kRegisterCommitment)) {
    LEDGER_RETURN_IF_ERROR(step.rows.index.Delete(CommitmentKey(step.before, step.target)));
  }
  if (!t.Has(F::kRegisterCommitment)) return Status::Ok();
  return step.rows.index.Put(CommitmentKey(t, step.target), t.Text(F::kPerson));
}

}  // namespace

const std::string& TitleOn(const PostState& p, int32_t day) {
  const PostTitle* in_force = p.titles.empty() ? nullptr : &p.titles.front();
  for (const PostTitle& t : p.titles) {
    if (t.since <= day) in_force = &t;
  }
  return in_force ? in_force->title : p.title;
}

void AddPostAndPersonRules(std::vector<EventRules>& rules) {
  rules.push_back({events::kPostEstablished, CheckPostEstablished, ApplyPostEstablished,
                   NothingToIndex, ReapplyPostEstablished,
                   WithDecision({F::kTitle, F::kCategory, F::kGrade, F::kLeadership, F::kPositions,
                                 F::kEffectiveDate})});
  rules.push_back({events::kPostRetitled, CheckPostRetitled, ApplyPostRetitled, NothingToIndex,
                   ReapplyPostRetitled, WithDecision({F::kTitle, F::kEffectiveDate})});
  rules.push_back({events::kPostAbolished, CheckPostAbolished, ApplyPostAbolished, NothingToIndex,
                   NothingToReapply, WithDecision({F::kEffectiveDate})});
  rules.push_back({events::kPersonRegistered,
                   CheckPersonRegistered,
                   ApplyPersonRegistered,
                   IndexPersonRegistered,
                   ReapplyPersonRegistered,
                   {F::kFullName, F::kGender, F::kBirthYear, F::kRegisterCommitment}});
}

}  // namespace ledger::projections
