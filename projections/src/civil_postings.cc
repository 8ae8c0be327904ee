// Who holds which post: appointments, dismissals and transfers. Their
// entries in the civil-state rules, and the holdings and turnover entries
// they (and court reinstatements) change.
#include <algorithm>

#include "event_rules.h"

namespace ledger::projections {
namespace {

const Holding* FindHolding(const PostState& p, std::string_view person) {
  for (const Holding& h : p.holders) {
    if (h.person == person) return &h;
  }
  return nullptr;
}

// ---- checks ----

Result<PersonState> CheckPersonExists(const CheckStep& step) {
  const std::string& id = step.body.Text(F::kPerson);
  LEDGER_ASSIGN_OR_RETURN(std::optional<PersonState> person, step.state.Person(step.txn, id));
  if (!person) return Status::NotFound(NotRegistered(id));
  return std::move(*person);
}

Result<PostState> CheckPostExists(const CheckStep& step, std::string_view field) {
  const std::string& id = step.body.Text(field);
  LEDGER_ASSIGN_OR_RETURN(std::optional<PostState> p, step.state.Post(step.txn, id));
  if (!p) return Status::NotFound(NoPost(field, id));
  return std::move(*p);
}

Status CheckPostOfOrg(const CheckStep& step, const PostState& p) {
  if (p.org == step.body.Text(F::kOrg)) return Status::Ok();
  return Status::InvalidArgument("body.org: post " + Q(step.body.Text(F::kPost)) + " belongs to " +
                                 Q(p.org));
}

// Leaving a post: the person must hold it (the message says what they do
// hold), and not leave before arriving.
Status CheckHoldsPost(const CheckStep& step, const PersonState& person, std::string_view field) {
  const events::Body& b = step.body;
  const std::string& person_id = b.Text(F::kPerson);
  LEDGER_ASSIGN_OR_RETURN(PostState p, CheckPostExists(step, field));
  const Holding* h = FindHolding(p, person_id);
  if (!h) {
    std::string held;
    for (const auto& post : person.posts) held += (held.empty() ? "" : ", ") + Q(post);
    return Status::InvalidArgument("body.person: " + Q(person_id) + " does not hold post " +
                                   Q(b.Text(field)) + " (holds " +
                                   (held.empty() ? "no post" : held) + ")");
  }
  if (b.Date(F::kEffectiveDate) < h->since) {
    return Status::InvalidArgument(
        "body.effective_date: " + events::FormatDate(b.Date(F::kEffectiveDate)) + " is before " +
        Q(person_id) + " took post " + Q(b.Text(field)) + " on " + events::FormatDate(h->since) +
        SeqNote(h->seq));
  }
  return Status::Ok();
}

// Arriving on a post: it and its organisation must be open, and the person
// must not hold it already. Returns the organisation, for the headcount rule.
Result<OrgState> CheckPostOpen(const CheckStep& step, const PostState& p, std::string_view field) {
  const std::string& id = step.body.Text(field);
  if (p.abolished) {
    return Status::InvalidArgument("body." + std::string(field) + ": post " + Q(id) +
                                   " has been abolished");
  }
  LEDGER_ASSIGN_OR_RETURN(std::optional<OrgState> org, step.state.Org(step.txn, p.org));
  if (!org) return MissingRow(p.org);
  if (org->abolished) {
    return Status::InvalidArgument("body." + std::string(field) + ": organisation " + Q(p.org) +
                                   " of post " + Q(id) + " has been abolished");
  }
  if (const Holding* h = FindHolding(p, step.body.Text(F::kPerson))) {
    return Status::InvalidArgument("body.person: " + Q(step.body.Text(F::kPerson)) +
                                   " already holds post " + Q(id) + SeqNote(h->seq));
  }
  return std::move(*org);
}

// Flags a post already at its positions, and an organisation going over its
// approved headcount (when the arrival counts against it).
Result<PostState> CheckArriving(const CheckStep& step, std::string_view field,
                                bool counts_against_cap, std::vector<std::string>& flags) {
  LEDGER_ASSIGN_OR_RETURN(PostState p, CheckPostExists(step, field));
  LEDGER_ASSIGN_OR_RETURN(OrgState org, CheckPostOpen(step, p, field));
  if (p.holders.size() >= p.positions) {
    flags.push_back(std::string(kFlagSecondHolder) + ": post " + Q(step.body.Text(field)) +
                    " allows " + std::to_string(p.positions) + " holder(s) and is held by " +
                    Q(p.holders.front().person) + SeqNote(p.holders.front().seq));
  }
  if (counts_against_cap && org.headcount + 1 > org.max_headcount) {
    flags.push_back(std::string(kFlagOverHeadcount) + ": " + Q(p.org) + " would have " +
                    std::to_string(org.headcount + 1) + " post holders, approved maximum " +
                    std::to_string(org.max_headcount));
  }
  return p;
}

// Political posts are filled politically; every other post by merit, and
// not in the weeks after a national election.
void FlagPoliticalFilling(const CheckStep& step, const PostState& p,
                          std::vector<std::string>& flags) {
  const RuleConfig& config = step.rules;
  const std::string& basis = step.body.Text(F::kSelectionBasis);
  if (!IsMeritSelection(basis)) {
    flags.push_back(std::string(kFlagNoMeritSelection) + ": " + p.category +
                    " post filled by selection basis " + Q(basis) +
                    ", not a competitive examination or the reserve list");
  }
  const int32_t day = step.body.Date(F::kEffectiveDate);
  for (int32_t election : config.election_days) {
    if (day >= election && day - election <= config.post_election_days) {
      flags.push_back(std::string(kFlagPostElection) + ": " + p.category + " post filled on " +
                      events::FormatDate(day) + ", " + std::to_string(day - election) +
                      " days after the election of " + events::FormatDate(election) + " (window " +
                      std::to_string(config.post_election_days) + ")");
    }
  }
}

// Each check below goes on past a reason when the next one does not need
// what failed (RuleErrors), so that an event learns every reason at once.
Status CheckAppointment(const CheckStep& step, std::vector<std::string>& flags) {
  RuleErrors errors;
  LEDGER_RETURN_IF_ERROR(errors.Add(CheckPersonExists(step).status()));
  LEDGER_ASSIGN_OR_RETURN(std::optional<PostState> p,
                          errors.Keep(CheckArriving(step, F::kPost, true, flags)));
  if (!p) {
    // Arriving failed on the post itself: whether it is the organisation's still tells.
    LEDGER_ASSIGN_OR_RETURN(std::optional<std::optional<PostState>> named,
                            errors.Keep(step.state.Post(step.txn, step.body.Text(F::kPost))));
    if (named && *named) LEDGER_RETURN_IF_ERROR(errors.Add(CheckPostOfOrg(step, **named)));
    return errors.Combined();
  }
  LEDGER_RETURN_IF_ERROR(errors.Add(CheckPostOfOrg(step, *p)));
  if (p->category != C::kCategoryPolitical) FlagPoliticalFilling(step, *p, flags);
  return errors.Combined();
}

Status CheckDismissal(const CheckStep& step, std::vector<std::string>& flags) {
  RuleErrors errors;
  LEDGER_ASSIGN_OR_RETURN(std::optional<PersonState> person, errors.Keep(CheckPersonExists(step)));
  LEDGER_ASSIGN_OR_RETURN(std::optional<PostState> p, errors.Keep(CheckPostExists(step, F::kPost)));
  if (p) LEDGER_RETURN_IF_ERROR(errors.Add(CheckPostOfOrg(step, *p)));
  if (person && p) LEDGER_RETURN_IF_ERROR(errors.Add(CheckHoldsPost(step, *person, F::kPost)));
  LEDGER_RETURN_IF_ERROR(errors.Combined());
  if (!StatesLawfulGround(step.body)) {
    flags.push_back(std::string(kFlagNoLawfulGround) + ": no legal article is stated for the " +
                    step.body.Text(F::kGround) + " dismissal");
  }
  return Status::Ok();
}

// A dismissal from one post and an appointment to the other, in one decision.
Status CheckTransfer(const CheckStep& step, std::vector<std::string>& flags) {
  const events::Body& b = step.body;
  RuleErrors errors;
  LEDGER_ASSIGN_OR_RETURN(std::optional<PersonState> person, errors.Keep(CheckPersonExists(step)));
  if (b.Text(F::kFromPost) == b.Text(F::kToPost)) {
    LEDGER_RETURN_IF_ERROR(
        errors.Add(Status::InvalidArgument("body.to_post: the same post as from_post")));
    return errors.Combined();
  }
  LEDGER_ASSIGN_OR_RETURN(std::optional<PostState> from,
                          errors.Keep(CheckPostExists(step, F::kFromPost)));
  if (person && from) {
    LEDGER_RETURN_IF_ERROR(errors.Add(CheckHoldsPost(step, *person, F::kFromPost)));
  }
  LEDGER_ASSIGN_OR_RETURN(std::optional<PostState> to,
                          errors.Keep(CheckPostExists(step, F::kToPost)));
  if (from && to && b.Text(F::kOrg) != from->org && b.Text(F::kOrg) != to->org) {
    LEDGER_RETURN_IF_ERROR(errors.Add(Status::InvalidArgument(
        "body.org: a transfer is recorded by the organisation of from_post (" + Q(from->org) +
        ") or of to_post (" + Q(to->org) + ")")));
  }
  if (from && to) {
    LEDGER_RETURN_IF_ERROR(
        errors.Add(CheckArriving(step, F::kToPost, from->org != to->org, flags).status()));
  }
  return errors.Combined();
}

// ---- state ----

Holding HoldingFromBody(const FoldStep& step) {
  const events::Body& b = step.body;
  return {b.Text(F::kPerson), b.Date(F::kEffectiveDate), b.Text(F::kTenure), step.record.seq};
}

Status ApplyAppointment(const FoldStep& step) {
  return AddHolding(step.rows, step.body.Text(F::kPost), HoldingFromBody(step), "appointment");
}

Status ApplyDismissal(const FoldStep& step) {
  const events::Body& b = step.body;
  return RemoveHolding(step.rows, b.Text(F::kPost), b.Text(F::kPerson), b.Date(F::kEffectiveDate),
                       step.record.seq, "dismissal:" + b.Text(F::kGround));
}

Status ApplyTransfer(const FoldStep& step) {
  const events::Body& b = step.body;
  LEDGER_RETURN_IF_ERROR(RemoveHolding(step.rows, b.Text(F::kFromPost), b.Text(F::kPerson),
                                       b.Date(F::kEffectiveDate), step.record.seq, "transfer"));
  return AddHolding(step.rows, b.Text(F::kToPost), HoldingFromBody(step), "transfer");
}

// ---- indexes ----

Status IndexAppointment(const FoldStep& step) {
  const events::Body& b = step.body;
  LEDGER_RETURN_IF_ERROR(IndexPersonField(step));
  return IndexMovement(step, {'A', b.Text(F::kPerson), b.Text(F::kPost), b.Text(F::kSelectionBasis),
                              b.Date(F::kEffectiveDate)});
}

Status IndexDismissal(const FoldStep& step) {
  const events::Body& b = step.body;
  LEDGER_RETURN_IF_ERROR(IndexPersonField(step));
  return IndexMovement(step, {'D', b.Text(F::kPerson), b.Text(F::kPost), b.Text(F::kGround),
                              b.Date(F::kEffectiveDate), StatesLawfulGround(b)});
}

Status IndexTransfer(const FoldStep& step) {
  const events::Body& b = step.body;
  const int32_t day = b.Date(F::kEffectiveDate);
  LEDGER_RETURN_IF_ERROR(IndexPersonField(step));
  LEDGER_RETURN_IF_ERROR(
      IndexMovement(step, {'O', b.Text(F::kPerson), b.Text(F::kFromPost), "transfer", day}));
  return IndexMovement(step, {'I', b.Text(F::kPerson), b.Text(F::kToPost), "transfer", day});
}

// ---- corrections ----

// The holding the record began takes its corrected date and tenure.
Status ReapplyHolding(const CorrectedStep& step, std::string_view post_field) {
  const events::Body& t = step.after;
  if (step.field == F::kEffectiveDate) LEDGER_RETURN_IF_ERROR(ReindexDate(step));
  LEDGER_ASSIGN_OR_RETURN(PostState * p, step.rows.posts.EditExisting(t.Text(post_field)));
  for (Holding& h : p->holders) {
    if (h.seq != step.target) continue;
    h.since = t.Date(F::kEffectiveDate);
    h.tenure = t.Text(F::kTenure);
  }
  return Status::Ok();
}

Status ReapplyAppointment(const CorrectedStep& step) { return ReapplyHolding(step, F::kPost); }
Status ReapplyTransfer(const CorrectedStep& step) { return ReapplyHolding(step, F::kToPost); }

// A dismissal leaves no holding; only its date is indexed.
Status ReapplyDismissal(const CorrectedStep& step) {
  if (step.field == F::kEffectiveDate) return ReindexDate(step);
  return Status::Ok();
}

}  // namespace

bool IsMeritSelection(std::string_view basis) {
  return basis == C::kBasisCompetitiveExamination || basis == C::kBasisReserveList ||
         basis == C::kBasisTransfer || basis == C::kBasisCourtReinstatement;
}

bool StatesLawfulGround(const events::Body& dismissal) {
  return dismissal.Has(F::kLegalArticle) &&
         dismissal.Text(F::kLegalArticle).find_first_not_of(" \t") != std::string::npos;
}

void AddPostingRules(std::vector<EventRules>& rules) {
  rules.push_back(
      {events::kAppointmentMade, CheckAppointment, ApplyAppointment, IndexAppointment,
       ReapplyAppointment,
       WithDecision({F::kEffectiveDate, F::kTenure, F::kAppointingAuthority, F::kSelectionBasis})});
  rules.push_back({events::kDismissalMade, CheckDismissal, ApplyDismissal, IndexDismissal,
                   ReapplyDismissal,
                   WithDecision({F::kEffectiveDate, F::kGround, F::kLegalArticle})});
  rules.push_back({events::kTransferMade, CheckTransfer, ApplyTransfer, IndexTransfer,
                   ReapplyTransfer, WithDecision({F::kEffectiveDate, F::kTenure})});
}

}  // namespace ledger::projections
