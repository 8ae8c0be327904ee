// The findings view as an investigator's table: every flagged record with
// the rule that fired, joined with the person, post, organisation, selection
// basis or ground, decision, the election it falls after, its corrections
// and any court ruling against it; filtered by rule, organisation subtree,
// effective and recording dates, an election window, basis, person, post
// and whether it was corrected.
#include <algorithm>
#include <boost/json.hpp>

#include "ledger/event_types.h"
#include "projections/civil_queries.h"
#include "queries_internal.h"

namespace ledger::projections {
namespace json = boost::json;
namespace F = events::field;
namespace {

std::string TextOf(const events::Body& b, std::string_view field) {
  return events::FindField(b.schema(), field) && b.Has(field) ? b.Text(field) : "";
}

json::value Opt(const std::string& s) { return s.empty() ? json::value(nullptr) : json::value(s); }

// Whether the record (as corrected so far) still breaks `rule`, for the
// rules that read only the record itself; nullopt for those that read the
// state around it (over-headcount, second-holder), which no correction of
// the record can change.
std::optional<bool> StillBreaks(std::string_view rule, const Record& r, const events::Body& b,
                                const RuleConfig& rules) {
  const std::string_view type = b.schema().type;
  if (rule == kFlagNoLawfulGround && type == events::kDismissalMade) {
    return !StatesLawfulGround(b);
  }
  if (rule == kFlagNoMeritSelection && type == events::kAppointmentMade) {
    return !IsMeritSelection(b.Text(F::kSelectionBasis));
  }
  const std::optional<int32_t> day = EffectiveOf(b);
  if (rule == kFlagBackDated && day) {
    return r.recorded_at_us / (86'400LL * 1'000'000) - *day > rules.backdate_days;
  }
  if (rule == kFlagFutureDated && day) {
    return *day > r.recorded_at_us / (86'400LL * 1'000'000);
  }
  if (rule == kFlagPostElection && day) {
    for (int32_t e : rules.election_days) {
      if (*day >= e && *day - e <= rules.post_election_days) return true;
    }
    return false;
  }
  return std::nullopt;
}

json::array Seqs(const std::vector<uint64_t>& seqs) {
  json::array a;
  for (uint64_t s : seqs) a.emplace_back(s);
  return a;
}

}  // namespace

Result<Table> CivilQueries::Findings(const QueryOptions& o) const {
  Table t{{"seq", "rule", "org", "type", "recorded_at", "effective", "person", "name", "post",
           "title", "basis", "decision", "after_election", "corrected_by", "cured_by",
           "annulled_by", "finding"}};
  LEDGER_RETURN_IF_ERROR(ReadAsOf(t, [&](const lmdb::Txn& txn) -> Status {
    LEDGER_ASSIGN_OR_RETURN(const RulesInForce in_force, state_.Rules(txn));
    const std::vector<int32_t>& elections = in_force.rules.election_days;
    // The election window: the election day and `days` days after it, as the
    // post-election-appointment rule counts them.
    std::optional<std::pair<int32_t, int32_t>> window;
    if (o.election) {
      for (int32_t e : elections) {
        if (events::FormatDate(e).substr(0, 4) == std::to_string(*o.election)) {
          window = {e, e + o.days.value_or(int32_t(in_force.rules.post_election_days))};
        }
      }
      if (!window) {
        std::string known;
        for (int32_t e : elections) known += (known.empty() ? "" : ", ") + events::FormatDate(e);
        return Status::InvalidArgument("election: no national election in " +
                                       std::to_string(*o.election) + " in the rules in force" +
                                       (known.empty() ? "" : "; elections: " + known));
      }
    } else if (o.days) {
      return Status::InvalidArgument("days: only with election (e.g. election=2024&days=90)");
    }
    return state_.ForEachFinding(
        txn, o.rule, [&](std::string_view rule, uint64_t seq, std::string_view org) -> Status {
          if (!InOrg(org, o.org) || (o.as_of_seq && seq >= *o.as_of_seq)) return Status::Ok();
          LEDGER_ASSIGN_OR_RETURN(auto rec, state_.RecordAt(txn, seq));
          const events::Body& b = rec.second;
          const int32_t recorded_day = int32_t(rec.first.recorded_at_us / (86'400LL * 1'000'000));
          if ((o.recorded_from && recorded_day < *o.recorded_from) ||
              (o.recorded_to && recorded_day > *o.recorded_to)) {
            return Status::Ok();
          }
          const std::optional<int32_t> effective = EffectiveOf(b);
          if ((o.from || o.to || window) && !effective) return Status::Ok();
          if ((o.from && *effective < *o.from) || (o.to && *effective > *o.to)) {
            return Status::Ok();
          }
          if (window && (*effective < window->first || *effective > window->second)) {
            return Status::Ok();
          }
          const std::string person = TextOf(b, F::kPerson);
          std::string post = TextOf(b, F::kPost);
          if (post.empty()) post = TextOf(b, F::kToPost);
          std::string basis = TextOf(b, F::kSelectionBasis);
          if (basis.empty()) basis = TextOf(b, F::kGround);
          if ((!o.person.empty() && person != o.person) ||
              (!o.post.empty() && post != o.post && TextOf(b, F::kFromPost) != o.post) ||
              (!o.basis.empty() && basis != o.basis)) {
            return Status::Ok();
          }
          LEDGER_ASSIGN_OR_RETURN(std::vector<uint64_t> corrections,
                                  state_.CorrectionsOf(txn, seq));
          if (o.corrected && *o.corrected == corrections.empty()) return Status::Ok();
          LEDGER_ASSIGN_OR_RETURN(auto rulings, state_.RulingsOn(txn, seq));
          json::value annulled = nullptr;
          for (const auto& r : rulings) {
            if (r.second != events::choice::kOutcomeUpheld) {
              annulled = r.first;
              break;
            }
          }
          std::string title, decision;
          if (!post.empty()) {
            LEDGER_ASSIGN_OR_RETURN(auto p, state_.Post(txn, post));
            if (p) title = p->title;
          }
          if (!TextOf(b, F::kDecisionNumber).empty()) {
            decision = b.Text(F::kDecisionInstrument) + " " + b.Text(F::kDecisionNumber) + ", " +
                       events::FormatDate(b.Date(F::kDecisionDate));
          }
          json::value after_election = nullptr;
          for (int32_t e : elections) {
            if (effective && e <= *effective) after_election = Day(e);
          }
          // The first correction after which the record no longer breaks the
          // rule (with the rules in force now); the finding stays on the record.
          json::value cured = nullptr;
          for (uint64_t fix : corrections) {
            LEDGER_ASSIGN_OR_RETURN(auto then, state_.RecordAt(txn, seq, fix + 1));
            if (StillBreaks(rule, then.first, then.second, in_force.rules) == false) {
              cured = fix;
              break;
            }
          }
          for (const auto& f : rec.first.flags) {
            if (!f.starts_with(std::string(rule) + ":")) continue;
            t.rows.push_back({seq, json::string(rule), json::string(org),
                              json::string(rec.first.submission.event_type),
                              json::string(FormatTimestamp(rec.first.recorded_at_us)),
                              effective ? Day(*effective) : json::value(nullptr), Opt(person),
                              person.empty() ? json::value(nullptr)
                                             : json::value(NameOf(state_, txn, person)),
                              Opt(post), Opt(title), Opt(basis), Opt(decision), after_election,
                              Seqs(corrections), cured, annulled, json::string(f)});
          }
          return Status::Ok();
        });
  }));
  std::stable_sort(t.rows.begin(), t.rows.end(), [](const auto& a, const auto& b) {
    return a[0].as_uint64() < b[0].as_uint64();
  });
  return t;
}

}  // namespace ledger::projections
