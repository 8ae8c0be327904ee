// Helpers shared by the query files. Internal to projections/.
#ifndef PROJECTIONS_SRC_QUERIES_INTERNAL_H_
#define PROJECTIONS_SRC_QUERIES_INTERNAL_H_

#include <functional>
#include <string>
#include <vector>

#include "projections/civil_queries.h"

namespace ledger::projections {

void Paginate(Table& t, const QueryOptions& o);
// A date as JSON; INT32_MAX (still open) is null.
boost::json::value Day(int32_t d);
std::string NameOf(const CivilState& s, const lmdb::Txn& txn, const std::string& person);
// Whether a tenure was running at the query's "as of" point.
bool ActiveAt(const TenureEntry& t, const QueryOptions& o);
// Posts in the query's scope with their holders: current ones, or those
// active at the "as of" date or seq.
Status ForEachHolding(const CivilState& s, const lmdb::Txn& txn, const QueryOptions& o,
                      const std::function<Status(std::string_view post_id, const PostState&,
                                                 const std::vector<TenureEntry>&)>& fn);

}  // namespace ledger::projections

#endif  // PROJECTIONS_SRC_QUERIES_INTERNAL_H_
