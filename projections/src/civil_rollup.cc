// Roll-ups: staffing movements and findings counted by year of their
// effective date, per organisation with subtree totals (the capital city
// with its districts and khoroos), or per organisation level.
#include <array>
#include <boost/json.hpp>
#include <map>

#include "ledger/event_types.h"
#include "projections/civil_queries.h"
#include "queries_internal.h"

namespace ledger::projections {
namespace json = boost::json;
namespace F = events::field;
namespace {

// appointments, dismissals, transfers in, transfers out, reinstatements, findings.
using Counts = std::array<uint64_t, 6>;
constexpr size_t kFindings = 5;

size_t Slot(char kind) {
  switch (kind) {
    case 'A': return 0;
    case 'D': return 1;
    case 'I': return 2;
    case 'O': return 3;
    default: return 4;  // 'R'
  }
}

int32_t YearOf(int32_t day) { return std::stoi(events::FormatDate(day).substr(0, 4)); }

std::optional<int32_t> EffectiveOf(const events::Body& b) {
  for (std::string_view f : {F::kEffectiveDate, F::kDateFound, F::kRulingDate, F::kDate}) {
    if (events::FindField(b.schema(), f) && b.Has(f)) return b.Date(f);
  }
  return std::nullopt;
}

void Add(Counts& to, const Counts& from) {
  for (size_t i = 0; i < to.size(); ++i) to[i] += from[i];
}

}  // namespace

Result<Table> CivilQueries::Rollup(const QueryOptions& o) const {
  const std::string by = o.by.empty() ? "org" : o.by;
  if (by != "org" && by != "level") {
    return Status::InvalidArgument("by: org or level, not \"" + o.by + "\"");
  }
  Table t{{by, "level", "year", "appointments", "dismissals", "transfers_in", "transfers_out",
           "reinstatements", "findings", "appointments_with_units", "dismissals_with_units",
           "transfers_in_with_units", "transfers_out_with_units", "reinstatements_with_units",
           "findings_with_units"}};
  if (by == "level") t.columns.erase(t.columns.begin() + 1);  // the level is the group
  const int32_t from = o.from.value_or(INT32_MIN), to = o.to.value_or(INT32_MAX);
  std::map<std::string, OrgState> orgs;
  std::map<std::pair<std::string, int32_t>, Counts> own;  // (org, year)
  LEDGER_RETURN_IF_ERROR(ReadAsOf(t, [&](const lmdb::Txn& txn) -> Status {
    LEDGER_RETURN_IF_ERROR(state_.ForEachOrg(txn, [&](std::string_view id, const OrgState& org) {
      orgs.emplace(std::string(id), org);
      return Status::Ok();
    }));
    for (const auto& entry : orgs) {
      const std::string& id = entry.first;  // a plain name: lambdas cannot capture a binding in C++20
      if (!InOrg(id, o.org)) continue;
      LEDGER_RETURN_IF_ERROR(state_.ForEachOrgEvent(txn, id, from, to, [&](const OrgEvent& e) {
        ++own[{id, YearOf(e.day)}][Slot(e.kind)];
        return Status::Ok();
      }));
    }
    return state_.ForEachFinding(
        txn, "", [&](std::string_view, uint64_t seq, std::string_view org) -> Status {
          if (org.empty() || !InOrg(org, o.org)) return Status::Ok();
          LEDGER_ASSIGN_OR_RETURN(auto rec, state_.RecordAt(txn, seq));
          const std::optional<int32_t> day = EffectiveOf(rec.second);
          if (!day || *day < from || *day > to) return Status::Ok();
          ++own[{std::string(org), YearOf(*day)}][kFindings];
          return Status::Ok();
        });
  }));
  // Each organisation's counts go to it and every organisation above it.
  std::map<std::pair<std::string, int32_t>, Counts> with_units;
  for (const auto& [key, counts] : own) {
    for (std::string up = key.first; !up.empty();) {
      Add(with_units[{up, key.second}], counts);
      auto it = orgs.find(up);
      up = it == orgs.end() ? "" : it->second.parent;
    }
  }
  auto level_of = [&](const std::string& id) {
    auto it = orgs.find(id);
    return it == orgs.end() ? std::string() : it->second.level;
  };
  auto push = [&](const std::string& group, int32_t year, const Counts& mine,
                  const Counts& subtree) {
    json::array row{json::string(group)};
    if (by == "org") row.emplace_back(level_of(group));
    row.emplace_back(year);
    for (uint64_t n : mine) row.emplace_back(n);
    for (uint64_t n : subtree) row.emplace_back(n);
    t.rows.emplace_back(row.begin(), row.end());
  };
  if (by == "org") {
    for (const auto& [key, subtree] : with_units) {
      if (!InOrg(key.first, o.org)) continue;
      auto mine = own.find(key);
      push(key.first, key.second, mine == own.end() ? Counts{} : mine->second, subtree);
    }
  } else {
    // Per level: the organisations of the level, and their subtrees (each
    // counted once: not again for a unit inside another of the same level).
    auto nested = [&](const std::string& id) {
      const std::string level = level_of(id);
      for (std::string up = orgs.count(id) ? orgs.at(id).parent : ""; !up.empty();
           up = orgs.count(up) ? orgs.at(up).parent : "") {
        if (level_of(up) == level && InOrg(up, o.org)) return true;
      }
      return false;
    };
    std::map<std::pair<std::string, int32_t>, std::pair<Counts, Counts>> levels;
    for (const auto& [key, subtree] : with_units) {
      if (!InOrg(key.first, o.org)) continue;
      auto& sums = levels[{level_of(key.first), key.second}];
      auto mine = own.find(key);
      if (mine != own.end()) Add(sums.first, mine->second);
      if (!nested(key.first)) Add(sums.second, subtree);
    }
    for (const auto& [key, sums] : levels) push(key.first, key.second, sums.first, sums.second);
  }
  return t;
}

}  // namespace ledger::projections
