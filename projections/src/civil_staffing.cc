// Staffing against the approved headcount: now or as of a date or seq
// (`staffing`), and over time per organisation, each change of cap and of
// headcount with the periods over the cap (`staffing-history`).
#include <algorithm>
#include <boost/json.hpp>
#include <map>

#include "ledger/event_types.h"
#include "projections/civil_queries.h"
#include "queries_internal.h"

namespace ledger::projections {
namespace json = boost::json;
namespace {

// The cap change in force at the query's "as of" point (the last by
// effective date, then seq, among those effective and recorded by then;
// without a date, effective by today); nullopt when the organisation had
// none yet, i.e. did not exist.
Result<std::optional<CapChange>> CapInForce(const CivilState& s, const lmdb::Txn& txn,
                                            std::string_view org, const QueryOptions& o) {
  std::optional<CapChange> in_force;
  const int32_t day = AsOfDay(o);
  LEDGER_RETURN_IF_ERROR(s.ForEachCapChange(txn, org, [&](const CapChange& c) {
    if (c.day > day) return Status::Ok();
    if (o.as_of_seq && c.seq >= *o.as_of_seq) return Status::Ok();
    in_force = c;
    return Status::Ok();
  }));
  return in_force;
}

json::value Opt(const std::string& s) { return s.empty() ? json::value(nullptr) : json::value(s); }

const char* MovementName(char kind) {
  switch (kind) {
    case 'A': return "appointment";
    case 'D': return "dismissal";
    case 'I': return "transfer-in";
    case 'O': return "transfer-out";
    case 'R': return "reinstatement";
  }
  return "movement";
}

}  // namespace

Result<Table> CivilQueries::Staffing(const QueryOptions& o) const {
  Table t{{"org", "name", "level", "parent", "headcount", "max_headcount", "over",
           "headcount_with_units", "units", "cap_since", "cap_seq"}};
  struct Row {
    OrgState org;
    CapChange cap;
  };
  std::map<std::string, Row> orgs;
  const bool as_of = o.as_of_date || o.as_of_seq;
  LEDGER_RETURN_IF_ERROR(ReadAsOf(t, [&](const lmdb::Txn& txn) -> Status {
    LEDGER_RETURN_IF_ERROR(
        state_.ForEachOrg(txn, [&](std::string_view id, const OrgState& org) -> Status {
          if (as_of && !InOrg(id, o.org)) return Status::Ok();
          LEDGER_ASSIGN_OR_RETURN(std::optional<CapChange> cap, CapInForce(state_, txn, id, o));
          if (!cap) return Status::Ok();  // not established by then (or by today)
          Row row{org, *cap};
          if (!as_of) {
            // The cap now is the one the latest decision set, once in force.
            const int32_t today = AsOfDay(o);
            LEDGER_RETURN_IF_ERROR(state_.ForEachCapChange(txn, id, [&](const CapChange& c) {
              if (c.seq == org.cap_seq && c.day <= today) row.cap = c;
              return Status::Ok();
            }));
          }
          row.org.max_headcount = row.cap.cap;
          row.org.headcount = 0;
          orgs.emplace(std::string(id), std::move(row));
          return Status::Ok();
        }));
    // Headcount as of then (now: today): the tenures running at that point,
    // so that a future-dated appointment or dismissal counts from its date.
    return ForEachHolding(
        state_, txn, o,
        [&](std::string_view, const PostState& p, const std::vector<TenureEntry>& held) {
          auto it = orgs.find(p.org);
          if (it != orgs.end()) it->second.org.headcount += held.size();
          return Status::Ok();
        });
  }));
  // Rolled up the hierarchy: every organisation counts its descendants'
  // holders too (capital city -> district -> khoroo; ministry -> department).
  std::map<std::string, uint64_t> total, units;
  for (const auto& [id, row] : orgs) {
    for (std::string up = id; !up.empty();) {
      total[up] += row.org.headcount;
      if (up != id) ++units[up];
      auto it = orgs.find(up);
      up = it == orgs.end() ? "" : it->second.org.parent;
    }
  }
  for (const auto& [id, row] : orgs) {
    const OrgState& org = row.org;
    if (!InOrg(id, o.org) || (!as_of && org.abolished)) continue;
    t.rows.push_back({json::string(id), json::string(org.name), json::string(org.level),
                      Opt(org.parent), org.headcount, org.max_headcount,
                      org.headcount > org.max_headcount, total[id], units[id],
                      row.cap.day ? Day(row.cap.day) : json::value(nullptr), row.cap.seq});
  }
  return t;
}

Result<Table> CivilQueries::StaffingHistory(const QueryOptions& o) const {
  Table t{{"org", "date", "seq", "change", "person", "post", "decision", "max_headcount",
           "headcount", "over", "over_since"}};
  const int32_t from = o.from.value_or(INT32_MIN), to = o.to.value_or(INT32_MAX);
  LEDGER_RETURN_IF_ERROR(ReadAsOf(t, [&](const lmdb::Txn& txn) -> Status {
    std::vector<std::string> ids;
    LEDGER_RETURN_IF_ERROR(state_.ForEachOrg(txn, [&](std::string_view id, const OrgState&) {
      if (InOrg(id, o.org)) ids.emplace_back(id);
      return Status::Ok();
    }));
    for (const std::string& id : ids) {
      // One timeline of cap changes and movements, by effective date then seq.
      struct Change {
        int32_t day;
        uint64_t seq;
        std::optional<CapChange> cap;
        OrgEvent move;
      };
      std::vector<Change> changes;
      LEDGER_RETURN_IF_ERROR(state_.ForEachCapChange(txn, id, [&](const CapChange& c) {
        changes.push_back({c.day, c.seq, c, {}});
        return Status::Ok();
      }));
      LEDGER_RETURN_IF_ERROR(
          state_.ForEachOrgEvent(txn, id, INT32_MIN, INT32_MAX, [&](const OrgEvent& e) {
            changes.push_back({e.day, e.seq, std::nullopt, e});
            return Status::Ok();
          }));
      std::stable_sort(changes.begin(), changes.end(), [](const Change& a, const Change& b) {
        return std::pair(a.day, a.seq) < std::pair(b.day, b.seq);
      });
      uint64_t cap = 0;
      int64_t headcount = 0;
      std::optional<int32_t> over_since;
      for (const Change& c : changes) {
        if (c.cap) {
          cap = c.cap->cap;
        } else {
          const bool joins = c.move.kind == 'A' || c.move.kind == 'I' || c.move.kind == 'R';
          headcount += joins ? 1 : -1;
        }
        const bool over = headcount > int64_t(cap);
        if (over && !over_since) over_since = c.day;
        if (!over) over_since.reset();
        if (c.day < from || c.day > to) continue;
        t.rows.push_back(
            {json::string(id), Day(c.day), c.seq,
             json::string(c.cap ? "cap" : MovementName(c.move.kind)),
             c.cap ? json::value(nullptr) : json::value(c.move.person),
             c.cap ? json::value(nullptr) : json::value(c.move.post),
             c.cap ? Opt(c.cap->decision) : json::value(nullptr), cap, headcount, over,
             over_since ? Day(*over_since) : json::value(nullptr)});
      }
    }
    return Status::Ok();
  }));
  return t;
}

}  // namespace ledger::projections
