// Roll-ups: staffing movements and findings counted by year of their
// effective date or by the election window they fall in, per organisation
// with subtree totals (the capital city with its districts and khoroos), or
// per organisation level. Also the organisation tree the roll-ups share.
#include <algorithm>
#include <array>
#include <boost/json.hpp>
#include <map>
#include <unordered_map>

#include "ledger/event_types.h"
#include "ledger/suggest.h"
#include "projections/civil_queries.h"
#include "queries_internal.h"

namespace ledger::projections {
namespace json = boost::json;
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

void Add(Counts& to, const Counts& from) {
  for (size_t i = 0; i < to.size(); ++i) to[i] += from[i];
}

using Calendars = std::vector<std::pair<uint64_t, RuleConfig>>;

// The election whose window holds `day` by the calendar in force just before
// the record at `seq` (the one the post-election rule flagged it with): the
// last election on or before the day, if the day is within its
// post_election_days; nullopt outside every window.
std::optional<int32_t> ElectionWindowOf(const Calendars& calendars, uint64_t seq, int32_t day) {
  auto in_force = std::upper_bound(calendars.begin(), calendars.end(), seq,
                                   [](uint64_t s, const auto& c) { return s < c.first; });
  const RuleConfig& rules = std::prev(in_force)->second;
  std::optional<int32_t> window;
  for (int32_t e : rules.election_days) {
    if (e <= day && day - e <= rules.post_election_days) window = e;
  }
  return window;
}

}  // namespace

Result<OrgTree> OrgTree::Load(const CivilState& s, const lmdb::Txn& txn) {
  OrgTree tree;
  LEDGER_RETURN_IF_ERROR(s.ForEachOrg(txn, [&](std::string_view id, const OrgState& org) {
    tree.orgs_.emplace(std::string(id), org);
    return Status::Ok();
  }));
  return tree;
}

std::string OrgTree::LevelOf(const std::string& id) const {
  auto it = orgs_.find(id);
  return it == orgs_.end() ? std::string() : it->second.level;
}

std::vector<std::string> OrgTree::SelfAndAbove(const std::string& id) const {
  std::vector<std::string> chain;
  for (std::string up = id; !up.empty();) {
    chain.push_back(up);
    auto it = orgs_.find(up);
    up = it == orgs_.end() ? "" : it->second.parent;
  }
  return chain;
}

bool OrgTree::NestedInSameLevel(const std::string& id, std::string_view scope) const {
  const std::string level = LevelOf(id);
  const std::vector<std::string> chain = SelfAndAbove(id);
  for (size_t i = 1; i < chain.size(); ++i) {
    if (LevelOf(chain[i]) == level && InOrg(chain[i], scope)) return true;
  }
  return false;
}

Status OneOf(std::string_view param, std::string_view value,
             const std::vector<std::string>& allowed, std::string_view what) {
  if (std::find(allowed.begin(), allowed.end(), value) != allowed.end()) return Status::Ok();
  return Status::InvalidArgument(std::string(param) + ": " + std::string(what) + ", not \"" +
                                 std::string(value) + "\"" + DidYouMean(value, allowed));
}

Result<Table> CivilQueries::Rollup(const QueryOptions& o) const {
  const std::string by = o.by.empty() ? "org" : o.by;
  LEDGER_RETURN_IF_ERROR(OneOf("by", by, {"org", "level", "election"},
                               "the rollup view groups by org, level or election"));
  const bool elections = by == "election";
  const std::string group = by == "level" ? "level" : "org";
  Table t{{group, "level", elections ? "election" : "year", "appointments", "dismissals",
           "transfers_in", "transfers_out", "reinstatements", "findings",
           "appointments_with_units", "dismissals_with_units", "transfers_in_with_units",
           "transfers_out_with_units", "reinstatements_with_units", "findings_with_units"}};
  if (by == "level") t.columns.erase(t.columns.begin() + 1);  // the level is the group
  const int32_t from = o.from.value_or(INT32_MIN), to = o.to.value_or(INT32_MAX);
  OrgTree tree;
  // (org, year or election day)
  std::map<std::pair<std::string, int32_t>, Counts> own;
  LEDGER_RETURN_IF_ERROR(ReadAsOf(t, [&](const lmdb::Txn& txn) -> Status {
    LEDGER_ASSIGN_OR_RETURN(tree, OrgTree::Load(state_, txn));
    Calendars calendars;
    if (elections) {
      LEDGER_ASSIGN_OR_RETURN(calendars, state_.RulesHistory(txn));
    }
    auto bucket = [&](uint64_t seq, int32_t day) {
      return elections ? ElectionWindowOf(calendars, seq, day) : std::optional(YearOf(day));
    };
    // The movements' effective dates (as corrected) by seq: most findings
    // are on movements, whose records then need not be read.
    std::unordered_map<uint64_t, int32_t> day_of;
    for (const auto& entry : tree.orgs()) {
      const std::string& id = entry.first;  // a plain name: lambdas cannot capture a binding in C++20
      if (!InOrg(id, o.org)) continue;
      std::map<int32_t, Counts> mine;
      LEDGER_RETURN_IF_ERROR(state_.ForEachOrgEvent(txn, id, from, to, [&](const OrgEvent& e) {
        day_of.emplace(e.seq, e.day);
        if (auto b = bucket(e.seq, e.day)) ++mine[*b][Slot(e.kind)];
        return Status::Ok();
      }));
      for (const auto& [when, counts] : mine) Add(own[{id, when}], counts);
    }
    return state_.ForEachFinding(
        txn, "", [&](std::string_view, uint64_t seq, std::string_view org) -> Status {
          if (org.empty() || !InOrg(org, o.org)) return Status::Ok();
          std::optional<int32_t> day;
          if (auto known = day_of.find(seq); known != day_of.end()) {
            day = known->second;
          } else {
            LEDGER_ASSIGN_OR_RETURN(auto rec, state_.RecordAt(txn, seq));
            day = EffectiveOf(rec.second);
          }
          if (!day || *day < from || *day > to) return Status::Ok();
          if (auto b = bucket(seq, *day)) ++own[{std::string(org), *b}][kFindings];
          return Status::Ok();
        });
  }));
  // Each organisation's counts go to it and every organisation above it.
  std::map<std::pair<std::string, int32_t>, Counts> with_units;
  for (const auto& [key, counts] : own) {
    for (const std::string& up : tree.SelfAndAbove(key.first)) {
      Add(with_units[{up, key.second}], counts);
    }
  }
  auto push = [&](const std::string& name, int32_t when, const Counts& mine,
                  const Counts& subtree) {
    json::array row{json::string(name)};
    if (by != "level") row.emplace_back(tree.LevelOf(name));
    row.push_back(elections ? Day(when) : json::value(when));
    for (uint64_t n : mine) row.emplace_back(n);
    for (uint64_t n : subtree) row.emplace_back(n);
    t.rows.emplace_back(row.begin(), row.end());
  };
  if (by != "level") {
    for (const auto& [key, subtree] : with_units) {
      if (!InOrg(key.first, o.org)) continue;
      auto mine = own.find(key);
      push(key.first, key.second, mine == own.end() ? Counts{} : mine->second, subtree);
    }
  } else {
    // Per level: the organisations of the level, and their subtrees (each
    // counted once: not again for a unit inside another of the same level).
    std::map<std::pair<std::string, int32_t>, std::pair<Counts, Counts>> levels;
    for (const auto& [key, subtree] : with_units) {
      if (!InOrg(key.first, o.org)) continue;
      auto& sums = levels[{tree.LevelOf(key.first), key.second}];
      auto mine = own.find(key);
      if (mine != own.end()) Add(sums.first, mine->second);
      if (!tree.NestedInSameLevel(key.first, o.org)) Add(sums.second, subtree);
    }
    for (const auto& [key, sums] : levels) push(key.first, key.second, sums.first, sums.second);
  }
  return t;
}

}  // namespace ledger::projections
