// Helpers shared by the query files. Internal to projections/.
#ifndef PROJECTIONS_SRC_QUERIES_INTERNAL_H_
#define PROJECTIONS_SRC_QUERIES_INTERNAL_H_

#include <functional>
#include <map>
#include <string>
#include <vector>

#include "projections/civil_queries.h"

namespace ledger::projections {

void Paginate(Table& t, const QueryOptions& o);
// A date as JSON; INT32_MAX (still open) is null.
boost::json::value Day(int32_t d);
std::string NameOf(const CivilState& s, const lmdb::Txn& txn, const std::string& person);
// The day a record takes effect: its effective date, else the date it was
// found, ruled or made (the first of those fields its type has); nullopt
// for a record with none of them.
std::optional<int32_t> EffectiveOf(const events::Body& b);
// The calendar year of a day (days since 1970-01-01), and its last day.
int32_t YearOf(int32_t day);
int32_t LastDayOfYear(int32_t year);
// Whether a tenure was running at the query's "as of" point.
bool ActiveAt(const TenureEntry& t, const QueryOptions& o);
// Posts in the query's scope with their holders: current ones, or those
// active at the "as of" date or seq.
Status ForEachHolding(const CivilState& s, const lmdb::Txn& txn, const QueryOptions& o,
                      const std::function<Status(std::string_view post_id, const PostState&,
                                                 const std::vector<TenureEntry>&)>& fn);

// The organisation hierarchy as it stands (civil_rollup.cc): the roll-ups'
// subtree totals and organisation levels.
class OrgTree {
 public:
  static Result<OrgTree> Load(const CivilState& s, const lmdb::Txn& txn);
  const std::map<std::string, OrgState>& orgs() const { return orgs_; }
  // Its level ("" for an organisation not in the ledger).
  std::string LevelOf(const std::string& id) const;
  // `id` and every organisation above it, nearest first.
  std::vector<std::string> SelfAndAbove(const std::string& id) const;
  // An organisation above `id`, inside `scope`, has the same level: its
  // subtree already counts `id`'s (a level's subtree totals count it once).
  bool NestedInSameLevel(const std::string& id, std::string_view scope) const;

 private:
  std::map<std::string, OrgState> orgs_;
};

// InvalidArgument unless `value` is one of `allowed`: "<param>: <what>,
// not \"x\"; did you mean ...".
Status OneOf(std::string_view param, std::string_view value,
             const std::vector<std::string>& allowed, std::string_view what);

}  // namespace ledger::projections

#endif  // PROJECTIONS_SRC_QUERIES_INTERNAL_H_
