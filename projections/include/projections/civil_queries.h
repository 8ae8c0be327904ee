// The read side: every view investigators and HR departments ask for, as
// flat tables (JSON lines, CSV or a text table in the CLI; JSON in the API).
// One read transaction per query: a consistent snapshot, never stale, since
// the projection is updated inside the append transaction.
#ifndef PROJECTIONS_CIVIL_QUERIES_H_
#define PROJECTIONS_CIVIL_QUERIES_H_

#include <boost/json/value.hpp>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "ledger/store.h"
#include "projections/civil_state.h"

namespace ledger::projections {

struct QueryOptions {
  std::string org;  // an organisation and everything under it; empty = all
  std::string post, person, rule, article, status;
  std::optional<int32_t> from, to;    // effective-date period (turnover, findings, staffing-history)
  std::optional<int32_t> as_of_date;  // holders/gender: as of this effective date
  std::optional<uint64_t> as_of_seq;  // ... or as recorded up to this seq (exclusive: tree size)
  // The date "now" means for the views that answer as of a date (holders,
  // staffing, gender) when as_of_date is not given: a decision effective
  // later (future-dated) is not in force yet. Unset: today's date (UTC).
  std::optional<int32_t> today;
  bool elections = false;             // turnover: windows around the configured elections
  double quota = 0.4;                 // gender: minimum share of either gender
  // findings: recording-date range (UTC days), the window of `days` days
  // from the national election held in the year `election` (days default:
  // the rules' post_election_days), the selection basis or dismissal ground,
  // corrected or not.
  std::optional<int32_t> recorded_from, recorded_to, election, days;
  std::string basis;
  std::string by;         // rollup: "org" (default), "level" or "election"; gender: "org" or "level"
  std::string over_time;  // gender: "year" (the holders at the end of each year)
  std::optional<bool> corrected;
  std::vector<std::string> columns;  // only these columns, in this order (empty: all)
  size_t offset = 0, limit = 100;    // pagination over rows
  // The parameters given (name, text as written), in the order of
  // ParseQueryOptions: each view refuses those it does not take, and an
  // answer echoes them back.
  std::vector<std::pair<std::string, std::string>> given;
};

struct Table {
  std::vector<std::string> columns;
  std::vector<std::vector<boost::json::value>> rows;
  size_t total = 0;  // rows before pagination
  // The records the view reflects (the projection's applied cursor, read in
  // the query's own snapshot): rows are as of seq size - 1.
  uint64_t size = 0;
  // The filters the rows answer (QueryOptions::given without offset, limit
  // and columns): "no rows match" names them.
  std::vector<std::pair<std::string, std::string>> filter;
};

// "rule=no-lawful-ground org=mn.ub", or "(no filter)".
std::string FilterText(const Table& t);

class CivilQueries {
 public:
  CivilQueries(const Ledger& ledger, const CivilState& state) : ledger_(ledger), state_(state) {}

  // "holders", "history", "service", "staffing", "staffing-history",
  // "turnover", "gender", "breaches", "tenure", "findings", "rollup", "titles".
  static const std::vector<std::string>& Views();
  // The parameters `view` takes (its filters, then offset, limit, columns).
  static const std::vector<std::string>& ViewParams(std::string_view view);
  // InvalidArgument, naming it with the closest valid names, for an unknown
  // view, a parameter the view does not take, a missing filter it needs, an
  // unknown rule or column, an organisation, post or person that does not exist.
  Result<Table> Run(std::string_view view, const QueryOptions& o) const;

  // Records by record hash, leaf hash (64 hex digits), client_id or decision
  // number (civil_search.cc); persons by name (CivilState::FindPersonsByName).
  Result<Table> FindRecords(RecordKey kind, std::string_view value) const;
  Result<Table> FindPersons(std::string_view query, bool whole_words, size_t limit) const;

  Result<Table> Holders(const QueryOptions& o) const;
  Result<Table> History(const QueryOptions& o) const;
  Result<Table> Service(const QueryOptions& o) const;
  Result<Table> Staffing(const QueryOptions& o) const;
  Result<Table> StaffingHistory(const QueryOptions& o) const;
  Result<Table> Turnover(const QueryOptions& o) const;
  Result<Table> Gender(const QueryOptions& o) const;
  Result<Table> Breaches(const QueryOptions& o) const;
  Result<Table> Tenure(const QueryOptions& o) const;
  Result<Table> Findings(const QueryOptions& o) const;
  // A post's titles over time (post.established, then each post.retitled).
  Result<Table> Titles(const QueryOptions& o) const;
  Result<Table> Rollup(const QueryOptions& o) const;

 private:
  // The ids and rule the options name exist (civil_views.cc).
  Status CheckNamed(const QueryOptions& o) const;
  // Runs `fn` in one read transaction and notes in `t` the size it reflects.
  Status ReadAsOf(Table& t, const std::function<Status(const lmdb::Txn&)>& fn) const;

  const Ledger& ledger_;
  const CivilState& state_;
};

// The effective date a query is answered on: as_of_date, else `today`,
// else the current UTC date.
int32_t AsOfDay(const QueryOptions& o);

// `org` is `scope` or below it in the dotted hierarchy ("" = everything).
bool InOrg(std::string_view org, std::string_view scope);

}  // namespace ledger::projections

#endif  // PROJECTIONS_CIVIL_QUERIES_H_
