// Query options from named parameters; tables as CSV and JSON objects.
#include "projections/view_io.h"

#include <boost/json.hpp>
#include <algorithm>
#include <cstdlib>
#include <iomanip>
#include <sstream>
#include <tuple>

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

const std::vector<std::string_view>& QueryParamNames() {
  static const std::vector<std::string_view> kNames = {
      "org",  "post",          "person",      "rule",     "article", "status",
      "basis", "elections",    "corrected",   "from",     "to",      "as-of",
      "recorded-from", "recorded-to", "election", "days", "columns", "as-of-seq",
      "offset", "limit",       "quota",      "by",       "over-time"};
  return kNames;
}

Result<QueryOptions> ParseQueryOptions(const ParamLookup& lookup, size_t max_limit) {
  QueryOptions o;
  // Every parameter read is noted as given, in this order.
  auto param = [&](std::string_view name) {
    std::optional<std::string> text = lookup(name);
    if (text) o.given.emplace_back(std::string(name), *text);
    return text;
  };
  for (auto [name, out] : {std::pair{"org", &o.org},
                           {"post", &o.post},
                           {"person", &o.person},
                           {"rule", &o.rule},
                           {"article", &o.article},
                           {"status", &o.status},
                           {"basis", &o.basis},
                           {"by", &o.by},
                           {"over-time", &o.over_time}}) {
    *out = param(name).value_or("");
  }
  if (auto e = param("elections")) o.elections = *e != "false" && *e != "0";
  if (auto c = param("corrected")) {
    if (*c != "true" && *c != "false") {
      return Status::InvalidArgument("corrected: true or false, not \"" + *c + "\"");
    }
    o.corrected = *c == "true";
  }
  for (auto [name, out] : {std::pair{"from", &o.from},
                           {"to", &o.to},
                           {"as-of", &o.as_of_date},
                           {"recorded-from", &o.recorded_from},
                           {"recorded-to", &o.recorded_to}}) {
    if (auto text = param(name)) {
      auto day = events::ParseDate(*text);
      if (!day.ok()) return day.status().WithContext(name);
      *out = *day;
    }
  }
  for (auto [name, out, max] : {std::tuple{"election", &o.election, uint64_t(9999)},
                                {"days", &o.days, uint64_t(36600)}}) {
    if (auto text = param(name)) {
      LEDGER_ASSIGN_OR_RETURN(uint64_t n, ParseUInt(*text, name));
      if (n > max || (std::string_view(name) == "days" && n == 0)) {
        return Status::InvalidArgument(std::string(name) + ": " + *text + " is out of range");
      }
      *out = int32_t(n);
    }
  }
  if (auto text = param("columns")) {
    for (size_t i = 0; i <= text->size();) {
      const size_t comma = std::min(text->find(',', i), text->size());
      if (comma > i) o.columns.push_back(text->substr(i, comma - i));
      i = comma + 1;
    }
    if (o.columns.empty()) return Status::InvalidArgument("columns: name at least one column");
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
