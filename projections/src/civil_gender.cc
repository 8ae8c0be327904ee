// Gender balance against a quota: women and men holding posts per
// organisation (or organisation level, with subtree totals) and post
// category, and in leadership posts; now, as of a date or seq, or at the end
// of each year (`over-time year`).
#include <algorithm>
#include <boost/json.hpp>
#include <map>
#include <tuple>

#include "ledger/event_types.h"
#include "projections/civil_queries.h"
#include "queries_internal.h"

namespace ledger::projections {
namespace json = boost::json;
namespace {

constexpr const char* kAll = "(all)";

struct Tally {
  uint64_t female = 0, male = 0, unspecified = 0;
  void Add(const std::string& gender) {
    ++(gender == "female" ? female : gender == "male" ? male : unspecified);
  }
  void Add(const Tally& t) {
    female += t.female;
    male += t.male;
    unspecified += t.unspecified;
  }
  bool empty() const { return female + male + unspecified == 0; }
};

// female, male, unspecified, female_share (of those whose gender is stated),
// below_quota (either share under the quota).
void PushTally(json::array& row, const Tally& t, double quota) {
  const uint64_t known = t.female + t.male;
  const double share = known ? double(t.female) / double(known) : 0;
  row.emplace_back(t.female);
  row.emplace_back(t.male);
  row.emplace_back(t.unspecified);
  row.push_back(known ? json::value(share) : json::value(nullptr));
  row.emplace_back(known > 0 && std::min(share, 1 - share) < quota);
}

// (organisation, group, year): group a post category or "leadership"; year 0
// when not over time.
using Key = std::tuple<std::string, std::string, int32_t>;

}  // namespace

Result<Table> CivilQueries::Gender(const QueryOptions& o) const {
  if (!o.by.empty()) {
    LEDGER_RETURN_IF_ERROR(
        OneOf("by", o.by, {"org", "level"}, "the gender view groups by org or level"));
  }
  if (!o.over_time.empty()) {
    LEDGER_RETURN_IF_ERROR(
        OneOf("over-time", o.over_time, {"year"}, "the gender view goes over time by year"));
  }
  const bool yearly = !o.over_time.empty();
  const std::string group_by = o.by.empty() ? "org" : o.by;
  Table t{{group_by, "group"}};
  if (o.by == "org") t.columns.push_back("level");
  if (yearly) t.columns.push_back("year");
  for (const char* c : {"female", "male", "unspecified", "female_share", "below_quota"}) {
    t.columns.emplace_back(c);
  }
  if (!o.by.empty()) {
    for (const char* c : {"female_with_units", "male_with_units", "unspecified_with_units",
                          "female_share_with_units", "below_quota_with_units"}) {
      t.columns.emplace_back(c);
    }
  }
  std::map<Key, Tally> own;
  OrgTree tree;
  LEDGER_RETURN_IF_ERROR(ReadAsOf(t, [&](const lmdb::Txn& txn) -> Status {
    LEDGER_ASSIGN_OR_RETURN(tree, OrgTree::Load(state_, txn));
    std::map<std::string, std::string> gender_of;
    auto gender = [&](const std::string& person) -> Result<std::string> {
      auto it = gender_of.find(person);
      if (it != gender_of.end()) return it->second;
      LEDGER_ASSIGN_OR_RETURN(auto p, state_.Person(txn, person));
      return gender_of[person] = p ? p->gender : "unspecified";
    };
    auto count = [&](const PostState& p, const std::string& person, int32_t year) -> Status {
      LEDGER_ASSIGN_OR_RETURN(const std::string g, gender(person));
      own[{p.org, p.category, year}].Add(g);
      if (p.leadership) own[{p.org, "leadership", year}].Add(g);
      return Status::Ok();
    };
    if (!yearly) {
      return ForEachHolding(
          state_, txn, o,
          [&](std::string_view, const PostState& p, const std::vector<TenureEntry>& held) {
            for (const TenureEntry& h : held) LEDGER_RETURN_IF_ERROR(count(p, h.person, 0));
            return Status::Ok();
          });
    }
    // At the end of each year (the last one: the as-of date, if earlier),
    // from the first tenure's year to the as-of date's, or to the last year
    // a tenure began or ended.
    std::vector<std::pair<PostState, TenureEntry>> tenures;
    LEDGER_RETURN_IF_ERROR(
        state_.ForEachPost(txn, o.org, [&](std::string_view id, const PostState& p) -> Status {
          if (!InOrg(p.org, o.org)) return Status::Ok();
          return state_.ForEachTenure(txn, id, [&](const TenureEntry& e) {
            if (o.as_of_seq && e.start_seq >= *o.as_of_seq) return Status::Ok();
            tenures.emplace_back(p, e);
            return Status::Ok();
          });
        }));
    int32_t last_year = INT32_MIN;
    for (const auto& pt : tenures) {
      const TenureEntry& e = pt.second;
      last_year = std::max(last_year, YearOf(e.end != INT32_MAX ? e.end : e.start));
    }
    if (o.as_of_date) last_year = YearOf(*o.as_of_date);
    for (const auto& pt : tenures) {
      const TenureEntry& e = pt.second;
      const int32_t to = std::min(last_year, e.end == INT32_MAX ? last_year : YearOf(e.end));
      for (int32_t year = YearOf(e.start); year <= to; ++year) {
        const int32_t day = std::min(LastDayOfYear(year), o.as_of_date.value_or(INT32_MAX));
        const bool recorded = !o.as_of_seq || e.end_seq >= *o.as_of_seq;  // as ActiveAt
        if (e.start <= day && day < e.end && recorded) {
          LEDGER_RETURN_IF_ERROR(count(pt.first, e.person, year));
        }
      }
    }
    return Status::Ok();
  }));
  // The rows: per organisation (today's layout, with "(all)"), per
  // organisation with its units, or per level with the levels' subtrees.
  std::map<Key, Tally> rows, with_units;
  for (const auto& [key, tally] : own) {
    const auto& [org, group, year] = key;
    if (o.by.empty()) {
      rows[{org, group, year}].Add(tally);
    } else if (o.by == "org") {
      rows[{org, group, year}].Add(tally);
      for (const std::string& up : tree.SelfAndAbove(org)) {
        if (InOrg(up, o.org)) with_units[{up, group, year}].Add(tally);
      }
    } else {
      rows[{tree.LevelOf(org), group, year}].Add(tally);
      // A level's subtree total: its organisations' subtrees, each once.
      for (const std::string& up : tree.SelfAndAbove(org)) {
        if (InOrg(up, o.org) && !tree.NestedInSameLevel(up, o.org)) {
          with_units[{tree.LevelOf(up), group, year}].Add(tally);
        }
      }
    }
    rows[{kAll, group, year}].Add(tally);
    if (!o.by.empty()) with_units[{kAll, group, year}].Add(tally);
  }
  for (const auto& [key, tally] : with_units) rows[key];  // an organisation with units only
  for (const auto& [key, tally] : rows) {
    const auto& [name, group, year] = key;
    json::array row{json::string(name), json::string(group)};
    if (o.by == "org") row.emplace_back(name == kAll ? kAll : tree.LevelOf(name));
    if (yearly) row.emplace_back(year);
    PushTally(row, tally, o.quota);
    if (!o.by.empty()) {
      auto units = with_units.find(key);
      PushTally(row, units == with_units.end() ? Tally{} : units->second, o.quota);
    }
    t.rows.emplace_back(row.begin(), row.end());
  }
  return t;
}

}  // namespace ledger::projections
