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
  std::optional<int32_t> from, to;    // effective-date period (turnover)
  std::optional<int32_t> as_of_date;  // holders/gender: as of this effective date
  std::optional<uint64_t> as_of_seq;  // ... or as recorded up to this seq (exclusive: tree size)
  bool elections = false;             // turnover: windows around the configured elections
  double quota = 0.4;                 // gender: minimum share of either gender
  size_t offset = 0, limit = 100;     // pagination over rows
};

struct Table {
  std::vector<std::string> columns;
  std::vector<std::vector<boost::json::value>> rows;
  size_t total = 0;  // rows before pagination
  // The records the view reflects (the projection's applied cursor, read in
  // the query's own snapshot): rows are as of seq size - 1.
  uint64_t size = 0;
};

class CivilQueries {
 public:
  CivilQueries(const Ledger& ledger, const CivilState& state) : ledger_(ledger), state_(state) {}

  // "holders", "history", "service", "staffing", "turnover", "gender",
  // "breaches", "tenure", "findings", "titles".
  static const std::vector<std::string>& Views();
  // InvalidArgument for an unknown view or a missing filter it needs.
  Result<Table> Run(std::string_view view, const QueryOptions& o) const;

  Result<Table> Holders(const QueryOptions& o) const;
  Result<Table> History(const QueryOptions& o) const;
  Result<Table> Service(const QueryOptions& o) const;
  Result<Table> Staffing(const QueryOptions& o) const;
  Result<Table> Turnover(const QueryOptions& o) const;
  Result<Table> Gender(const QueryOptions& o) const;
  Result<Table> Breaches(const QueryOptions& o) const;
  Result<Table> Tenure(const QueryOptions& o) const;
  Result<Table> Findings(const QueryOptions& o) const;
  // A post's titles over time (post.established, then each post.retitled).
  Result<Table> Titles(const QueryOptions& o) const;

 private:
  // Runs `fn` in one read transaction and notes in `t` the size it reflects.
  Status ReadAsOf(Table& t, const std::function<Status(const lmdb::Txn&)>& fn) const;

  const Ledger& ledger_;
  const CivilState& state_;
};

// `org` is `scope` or below it in the dotted hierarchy ("" = everything).
bool InOrg(std::string_view org, std::string_view scope);

}  // namespace ledger::projections

#endif  // PROJECTIONS_CIVIL_QUERIES_H_
