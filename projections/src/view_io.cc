// Query options from named parameters; tables as CSV and JSON objects.
#include "projections/view_io.h"

#include <boost/json.hpp>
#include <algorithm>
#include <cstdlib>
#include <iomanip>
#include <sstream>

#include "ledger/encoding.h"
#include "ledger/events.h"

namespace ledger::projections {
namespace json = boost::json;

namespace {

std::string CsvField(const std::string& s) {
  if (s.find_first_of(",\"\n\r") == std::string::npos) return s;
  std::string out = "\"";
  for (char c : s) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

}  // namespace

Result<QueryOptions> ParseQueryOptions(const ParamLookup& param, size_t max_limit) {
  QueryOptions o;
  for (auto [name, out] : {std::pair{"org", &o.org},
                           {"post", &o.post},
                           {"person", &o.person},
                           {"rule", &o.rule},
                           {"article", &o.article},
                           {"status", &o.status}}) {
    *out = param(name).value_or("");
  }
  if (auto e = param("elections")) o.elections = *e != "false" && *e != "0";
  for (auto [name, out] : {std::pair{"from", &o.from}, {"to", &o.to}, {"as-of", &o.as_of_date}}) {
    if (auto text = param(name)) {
      auto day = events::ParseDate(*text);
      if (!day.ok()) return day.status().WithContext(name);
      *out = *day;
    }
  }
  if (auto seq = param("as-of-seq")) {
    LEDGER_ASSIGN_OR_RETURN(o.as_of_seq, ParseUInt(*seq, "as-of-seq"));
  }
  if (auto offset = param("offset")) {
    LEDGER_ASSIGN_OR_RETURN(o.offset, ParseUInt(*offset, "offset"));
  }
  if (auto limit = param("limit")) {
    LEDGER_ASSIGN_OR_RETURN(o.limit, ParseUInt(*limit, "limit"));
    if (o.limit > max_limit) {
      return Status::InvalidArgument("limit: at most " + std::to_string(max_limit) +
                                     " rows per request; page with offset");
    }
  }
  if (auto q = param("quota")) {
    char* end = nullptr;
    o.quota = std::strtod(q->c_str(), &end);
    if (q->empty() || *end || !(o.quota >= 0 && o.quota <= 0.5)) {
      return Status::InvalidArgument("quota: a share between 0 and 0.5, e.g. 0.4");
    }
  }
  return o;
}

std::string CellText(const json::value& v) {
  if (v.is_null()) return "";
  if (v.is_string()) return std::string(v.as_string());
  if (v.is_double()) {
    std::ostringstream s;
    s << std::fixed << std::setprecision(3) << v.as_double();
    return s.str();
  }
  return json::serialize(v);
}

std::string TableCsv(const Table& t) { return TableCsvHeader(t) + TableCsvRows(t, 0, t.rows.size()); }

std::string TableCsvHeader(const Table& t) {
  std::string out;
  for (size_t c = 0; c < t.columns.size(); ++c) out += (c ? "," : "") + CsvField(t.columns[c]);
  return out + "\n";
}

std::string TableCsvRows(const Table& t, size_t from, size_t to) {
  std::string out;
  for (size_t r = from; r < std::min(to, t.rows.size()); ++r) {
    const auto& row = t.rows[r];
    for (size_t c = 0; c < row.size(); ++c) out += (c ? "," : "") + CsvField(CellText(row[c]));
    out += "\n";
  }
  return out;
}

json::object RowObject(const Table& t, size_t row) {
  json::object o;
  for (size_t c = 0; c < t.rows[row].size(); ++c) o[t.columns[c]] = t.rows[row][c];
  return o;
}

}  // namespace ledger::projections
