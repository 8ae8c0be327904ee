// Holdings (who holds which post) and the turnover and tenure index entries
// that follow them, shared by appointments, dismissals, transfers and court
// reinstatements (event_rules.h).
#include <algorithm>

#include "event_rules.h"
#include "state_codec.h"

namespace ledger::projections {
namespace {

Status PutOrgEvent(CivilRows& rows, const std::string& org, const OrgEvent& e) {
  return rows.index.Put(IndexKey('E', org, {DayKey(e.day), e.seq}), EncodeRow(e));
}

// The turnover entry of `target` on `post_id` moves from `old_day` to `new_day`.
Status MoveOrgEvent(CivilRows& rows, const PostState& post, uint64_t target, int32_t old_day,
                    int32_t new_day) {
  const std::string old_key = IndexKey('E', post.org, {DayKey(old_day), target});
  LEDGER_ASSIGN_OR_RETURN(std::optional<OrgEvent> e, rows.index.Load<OrgEvent>(old_key));
  if (!e) return Status::Ok();
  LEDGER_RETURN_IF_ERROR(rows.index.Delete(old_key));
  e->day = new_day;
  return PutOrgEvent(rows, post.org, *e);
}

// The tenure `target` began or ended on `post_id` moves to `new_day`.
Status MoveTenure(CivilRows& rows, const std::string& post_id, uint64_t target, int32_t new_day) {
  std::vector<std::pair<std::string, TenureEntry>> changed;
  // Collected first: the rows change after the walk.
  LEDGER_RETURN_IF_ERROR(rows.index.ForPrefix(
      IndexKey('H', post_id, {}), [&](std::string_view key, ByteView value) -> Status {
        LEDGER_ASSIGN_OR_RETURN(TenureEntry t, DecodeRow<TenureEntry>(value, post_id));
        if (t.start_seq == target || t.end_seq == target) {
          if (t.start_seq == target) t.start = new_day;
          if (t.end_seq == target) t.end = new_day;
          changed.emplace_back(std::string(key), std::move(t));
        }
        return Status::Ok();
      }));
  for (const auto& [k, t] : changed) {
    LEDGER_RETURN_IF_ERROR(rows.index.Put(k, EncodeRow(t)));
  }
  return Status::Ok();
}

}  // namespace

Status AddHolding(CivilRows& rows, const std::string& post_id, Holding h, const std::string& how) {
  LEDGER_ASSIGN_OR_RETURN(PostState * post, rows.posts.EditExisting(post_id));
  LEDGER_ASSIGN_OR_RETURN(PersonState * person, rows.persons.EditExisting(h.person));
  LEDGER_ASSIGN_OR_RETURN(OrgState * org, rows.orgs.EditExisting(post->org));
  TenureEntry t{h.person, h.tenure, h.since};
  t.start_seq = h.seq;
  t.how = how;
  LEDGER_RETURN_IF_ERROR(rows.index.Put(IndexKey('H', post_id, {h.seq}), EncodeRow(t)));
  person->posts.push_back(post_id);
  std::sort(person->posts.begin(), person->posts.end());
  post->holders.push_back(std::move(h));
  org->headcount += 1;
  return Status::Ok();
}

Status RemoveHolding(CivilRows& rows, const std::string& post_id, const std::string& person_id,
                     int32_t day, uint64_t seq, const std::string& ended_by) {
  LEDGER_ASSIGN_OR_RETURN(PostState * post, rows.posts.EditExisting(post_id));
  LEDGER_ASSIGN_OR_RETURN(PersonState * person, rows.persons.EditExisting(person_id));
  LEDGER_ASSIGN_OR_RETURN(OrgState * org, rows.orgs.EditExisting(post->org));
  for (const Holding& h : post->holders) {
    if (h.person != person_id) continue;
    const std::string key = IndexKey('H', post_id, {h.seq});
    LEDGER_ASSIGN_OR_RETURN(TenureEntry t, rows.index.LoadExisting<TenureEntry>(key));
    t.end = day;
    t.end_seq = seq;
    t.ended_by = ended_by;
    LEDGER_RETURN_IF_ERROR(rows.index.Put(key, EncodeRow(t)));
  }
  std::erase_if(post->holders, [&](const Holding& h) { return h.person == person_id; });
  std::erase(person->posts, post_id);
  org->headcount -= std::min<uint64_t>(org->headcount, 1);
  return Status::Ok();
}

Status IndexMovement(const FoldStep& step, const Movement& m) {
  LEDGER_ASSIGN_OR_RETURN(const PostState* p, step.rows.posts.FindExisting(m.post));
  OrgEvent e{m.kind, m.person, m.post, p->category, m.detail};
  e.seq = step.record.seq;
  e.day = m.day;
  e.lawful_ground = m.lawful_ground;
  return PutOrgEvent(step.rows, p->org, e);
}

Status ReindexDate(const CorrectedStep& step) {
  const events::Body& before = step.before;
  const std::string_view type = before.schema().type;
  const int32_t new_day = step.after.Date(F::kEffectiveDate);
  std::vector<std::string> posts =
      type == events::kTransferMade
          ? std::vector<std::string>{before.Text(F::kFromPost), before.Text(F::kToPost)}
          : std::vector<std::string>{before.Text(F::kPost)};
  for (const std::string& post_id : posts) {
    LEDGER_ASSIGN_OR_RETURN(const PostState* p, step.rows.posts.FindExisting(post_id));
    LEDGER_RETURN_IF_ERROR(
        MoveOrgEvent(step.rows, *p, step.target, before.Date(F::kEffectiveDate), new_day));
    LEDGER_RETURN_IF_ERROR(MoveTenure(step.rows, post_id, step.target, new_day));
  }
  return Status::Ok();
}

}  // namespace ledger::projections
