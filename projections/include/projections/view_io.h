// Views as text, shared by the CLI (`ledger query`) and the API
// (`GET /v1/views/...`): query options read from named parameters (one set
// of names for flags and URL parameters, docs/VIEWS.md) and tables written
// as CSV or as one JSON object per row.
#ifndef PROJECTIONS_VIEW_IO_H_
#define PROJECTIONS_VIEW_IO_H_

#include <boost/json/object.hpp>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "projections/civil_queries.h"

namespace ledger::projections {

// `param(name)` returns a parameter's text, or nullopt when absent. Names:
// org post person rule article status basis elections corrected from to as-of
// recorded-from recorded-to election days columns as-of-seq offset limit
// quota by (QueryParamNames). Errors name the parameter ("from: ..."); each
// name given is noted in QueryOptions::given. `max_limit` caps limit.
using ParamLookup = std::function<std::optional<std::string>(std::string_view name)>;
Result<QueryOptions> ParseQueryOptions(const ParamLookup& param, size_t max_limit = SIZE_MAX);
// Every name ParseQueryOptions reads.
const std::vector<std::string_view>& QueryParamNames();

// A cell as plain text: strings unquoted, doubles with three decimals, null empty.
std::string CellText(const boost::json::value& v);
// RFC 4180 CSV: a header line, then one line per row.
std::string TableCsv(const Table& t);
// The header line alone, and rows [from, to) alone: a long table streamed in pieces.
std::string TableCsvHeader(const Table& t);
std::string TableCsvRows(const Table& t, size_t from, size_t to);
boost::json::object RowObject(const Table& t, size_t row);

}  // namespace ledger::projections

#endif  // PROJECTIONS_VIEW_IO_H_
