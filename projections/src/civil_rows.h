// The rows the civil-state fold changes in place (organisations, posts,
// people, breaches), cached over the fold's transaction (row_cache.h); the
// fold writes index, correction and sanction rows, which it adds once and
// rarely reads, straight into the transaction. An append flushes the cache
// after its record, a replay after each chunk of records.
#ifndef PROJECTIONS_SRC_CIVIL_ROWS_H_
#define PROJECTIONS_SRC_CIVIL_ROWS_H_

#include "row_cache.h"

namespace ledger::projections {

struct CivilRows {
  lmdb::Txn& txn;
  RowCache<OrgState> orgs;
  RowCache<PostState> posts;
  RowCache<PersonState> persons;
  RowCache<BreachState> breaches;
  // The databases the fold writes straight into the transaction.
  MDB_dbi index = 0, sanctions = 0, corrections = 0;
  // The meta database: the applied cursor and the rules in force (civil_rules.cc).
  MDB_dbi meta = 0;
  // The log's records, read (never written) for the record lookups (civil_lookup.cc).
  MDB_dbi records = 0;

  Status Flush() {
    LEDGER_RETURN_IF_ERROR(orgs.Flush(txn));
    LEDGER_RETURN_IF_ERROR(posts.Flush(txn));
    LEDGER_RETURN_IF_ERROR(persons.Flush(txn));
    return breaches.Flush(txn);
  }
};

}  // namespace ledger::projections

#endif  // PROJECTIONS_SRC_CIVIL_ROWS_H_
