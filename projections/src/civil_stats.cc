// Aggregating views: turnover per organisation and period (and around
// elections) and the breach register. Gender balance: civil_gender.cc.
#include <algorithm>
#include <boost/json.hpp>
#include <map>

#include "ledger/event_types.h"
#include "projections/civil_queries.h"
#include "queries_internal.h"

namespace ledger::projections {
namespace json = boost::json;
namespace F = events::field;
namespace {

std::string Counts(const std::map<std::string, uint64_t>& m) {
  std::string out;
  for (const auto& [k, n] : m) out += (out.empty() ? "" : "; ") + k + "=" + std::to_string(n);
  return out;
}

struct Period {
  std::string label;
  int32_t from, to;  // inclusive
};

}  // namespace

Result<Table> CivilQueries::Turnover(const QueryOptions& o) const {
  Table t{{"org", "period", "from", "to", "headcount_start", "headcount_end", "appointments",
           "dismissals", "transfers_in", "transfers_out", "reinstatements", "turnover_rate",
           "no_lawful_ground", "annulled_by_court", "by_ground", "by_category"}};
  LEDGER_RETURN_IF_ERROR(ReadAsOf(t, [&](const lmdb::Txn& txn) -> Status {
    // Around elections: the calendar and window of the rules in force now.
    std::vector<Period> periods;
    if (o.elections) {
      LEDGER_ASSIGN_OR_RETURN(const RulesInForce in_force, state_.Rules(txn));
      const int32_t w = in_force.rules.post_election_days;
      for (int32_t e : in_force.rules.election_days) {
        periods.push_back({"before " + events::FormatDate(e), e - w, e - 1});
        periods.push_back({"after " + events::FormatDate(e), e, e + w - 1});
      }
    } else {
      periods.push_back({"period", o.from.value_or(events::ParseDate("1900-01-01").value()),
                         o.to.value_or(events::ParseDate("2999-12-31").value())});
    }
    // As of a date: the periods cut at it, those after it left out.
    if (o.as_of_date) {
      std::erase_if(periods, [&](const Period& p) { return p.from > *o.as_of_date; });
      for (Period& p : periods) p.to = std::min(p.to, *o.as_of_date);
    }
    std::map<std::string, std::vector<std::string>> posts_of;
    LEDGER_RETURN_IF_ERROR(
        state_.ForEachPost(txn, o.org, [&](std::string_view id, const PostState& p) {
          if (InOrg(p.org, o.org)) posts_of[p.org].emplace_back(id);
          return Status::Ok();
        }));
    for (const auto& [org, posts] : posts_of) {
      for (const Period& period : periods) {
        // Headcount at the start and end of the period, from the tenures.
        uint64_t start = 0, end = 0;
        for (const auto& post : posts) {
          LEDGER_RETURN_IF_ERROR(state_.ForEachTenure(txn, post, [&](const TenureEntry& e) {
            start += e.start <= period.from && period.from < e.end;
            end += e.start <= period.to && period.to < e.end;
            return Status::Ok();
          }));
        }
        uint64_t in[256] = {}, unlawful = 0, annulled = 0;
        std::map<std::string, uint64_t> grounds, categories;
        LEDGER_RETURN_IF_ERROR(state_.ForEachOrgEvent(
            txn, org, period.from, period.to, [&](const OrgEvent& e) -> Status {
              ++in[uint8_t(e.kind)];
              if (e.kind != 'D') return Status::Ok();
              ++grounds[e.detail];
              ++categories[e.category];
              unlawful += !e.lawful_ground;
              LEDGER_ASSIGN_OR_RETURN(auto rulings, state_.RulingsOn(txn, e.seq));
              for (const auto& r : rulings) {
                if (r.second != events::choice::kOutcomeUpheld) {
                  ++annulled;
                  break;
                }
              }
              return Status::Ok();
            }));
        const uint64_t leaving = in['D'] + in['O'];
        if (leaving + in['A'] + in['I'] + in['R'] + start + end == 0) continue;
        const double avg = (double(start) + double(end)) / 2;
        t.rows.push_back(
            {json::string(org), json::string(period.label),
             json::string(events::FormatDate(period.from)),
             json::string(events::FormatDate(period.to)), start, end, in['A'], in['D'], in['I'],
             in['O'], in['R'], avg > 0 ? json::value(double(leaving) / avg) : json::value(nullptr),
             unlawful, annulled, json::string(Counts(grounds)), json::string(Counts(categories))});
      }
    }
    return Status::Ok();
  }));
  return t;
}

Result<Table> CivilQueries::Breaches(const QueryOptions& o) const {
  Table t{{"breach", "person", "name", "org", "law", "article", "status", "seq", "sanctions",
           "court_outcomes"}};
  LEDGER_RETURN_IF_ERROR(ReadAsOf(t, [&](const lmdb::Txn& txn) {
    return state_.ForEachBreach(txn, [&](std::string_view id, const BreachState& b) -> Status {
      if (!InOrg(b.org, o.org) || (!o.person.empty() && b.person != o.person) ||
          (o.as_of_seq && b.seq >= *o.as_of_seq) ||
          (!o.article.empty() && b.article != o.article) ||
          (!o.status.empty() && b.status != o.status)) {
        return Status::Ok();
      }
      std::string sanctions, outcomes;
      LEDGER_ASSIGN_OR_RETURN(std::vector<uint64_t> seqs, state_.SanctionsFor(txn, id));
      for (uint64_t seq : seqs) {
        LEDGER_ASSIGN_OR_RETURN(auto s, state_.RecordAt(txn, seq));
        std::vector<uint64_t> ruled_on = {seq};
        std::string kind = s.second.Text(F::kKind);
        if (s.second.Has(F::kDismissalSeq)) {
          ruled_on.push_back(s.second.UInt(F::kDismissalSeq));
          kind += " (dismissal seq " + std::to_string(s.second.UInt(F::kDismissalSeq)) + ")";
        }
        sanctions += (sanctions.empty() ? "" : "; ") + kind + " seq " + std::to_string(seq);
        for (uint64_t subject : ruled_on) {
          LEDGER_ASSIGN_OR_RETURN(auto rulings, state_.RulingsOn(txn, subject));
          for (const auto& r : rulings) {
            outcomes +=
                (outcomes.empty() ? "" : "; ") + r.second + " seq " + std::to_string(r.first);
          }
        }
      }
      t.rows.push_back({json::string(id), json::string(b.person),
                        json::string(NameOf(state_, txn, b.person)), json::string(b.org),
                        json::string(b.law), json::string(b.article), json::string(b.status), b.seq,
                        json::string(sanctions), json::string(outcomes)});
      return Status::Ok();
    });
  }));
  return t;
}

}  // namespace ledger::projections
