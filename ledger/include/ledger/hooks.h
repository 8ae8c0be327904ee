// AppendHook: how domain rules and projections plug into the append
// transaction without the store knowing about them. A hook decides whether an
// event can be true (and which rules it breaks) and folds accepted events
// into its own LMDB databases, inside the event's nested transaction: a
// rejection rolls back the hook's writes with the event's.
#ifndef LEDGER_HOOKS_H_
#define LEDGER_HOOKS_H_

#include <string>
#include <vector>

#include "ledger/events.h"
#include "ledger/lmdb.h"
#include "ledger/record.h"
#include "ledger/status.h"

namespace ledger {

class AppendHook {
 public:
  virtual ~AppendHook() = default;
  // Opens (with `create`, creating) the hook's databases; called once when
  // the ledger opens, in a write transaction (a read-only one for read-only opens).
  virtual Status Open(lmdb::Txn& txn, bool create) = 0;
  // Before the record exists: InvalidArgument/NotFound to reject an event
  // that cannot be true, else the ids of the rules it breaks (its flags).
  // `body` is already upcast to the latest schema version.
  virtual Result<std::vector<std::string>> Check(const lmdb::Txn& txn, const Record& draft,
                                                 const events::Body& body) = 0;
  // Folds the accepted record into the hook's state (same transaction).
  virtual Status Apply(lmdb::Txn& txn, const Record& record, const events::Body& body) = 0;
};

}  // namespace ledger

#endif  // LEDGER_HOOKS_H_
