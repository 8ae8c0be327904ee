// Posts (established, retitled, abolished) and people (registered): the
// things appointments connect. Their entries in the civil-state rules.
#include <algorithm>

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
  return Status::Ok();
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
                   IndexPersonField,
                   ReapplyPersonRegistered,
                   {F::kFullName, F::kGender, F::kBirthYear, F::kRegisterCommitment}});
}

}  // namespace ledger::projections
