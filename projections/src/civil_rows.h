// The rows the civil-state fold changes in place (organisations, posts,
// people, breaches), cached over the fold's transaction (row_cache.h), and
// its index rows, of which those it only adds wait to be written in key
// order (index_rows.h); the fold writes correction and sanction rows, which
// are few, straight into the transaction. An append flushes after its
// record, a replay after each chunk of records.
#ifndef PROJECTIONS_SRC_CIVIL_ROWS_H_
#define PROJECTIONS_SRC_CIVIL_ROWS_H_

#include "index_rows.h"
#include "row_cache.h"

namespace ledger::projections {

struct CivilRows {
  lmdb::Txn& txn;
  RowCache<OrgState> orgs;
  RowCache<PostState> posts;
  RowCache<PersonState> persons;
  RowCache<BreachState> breaches;
  IndexRows index;
  // The databases the fold writes straight into the transaction.
  MDB_dbi sanctions = 0, corrections = 0;
  // The meta database: the applied cursor and the rules in force (civil_rules.cc).
  MDB_dbi meta = 0;
  // The log's records, read (never written) for the record lookups (civil_lookup.cc).
  MDB_dbi records = 0;

  Status Flush() {
    LEDGER_RETURN_IF_ERROR(orgs.Flush(txn));
    LEDGER_RETURN_IF_ERROR(posts.Flush(txn));
    LEDGER_RETURN_IF_ERROR(persons.Flush(txn));
    LEDGER_RETURN_IF_ERROR(breaches.Flush(txn));
    return index.Flush();
  }
};

}  // namespace ledger::projections

#endif  // PROJECTIONS_SRC_CIVIL_ROWS_H_
