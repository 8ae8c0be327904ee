// AppendHook: how domain rules and projections plug into the append
// transaction without the store knowing about them. A hook decides whether an
// event can be true (and which rules it breaks) and folds accepted events
// into its own LMDB databases, inside the event's nested transaction: a
// rejection rolls back the hook's writes with the event's.
#ifndef LEDGER_HOOKS_H_
#define LEDGER_HOOKS_H_

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ledger/events.h"
#include "ledger/record.h"
#include "ledger/status.h"

namespace ledger {
namespace lmdb {
class Txn;  // ledger/lmdb.h, which hooks include to use it
}

// Folds a run of replayed records (catch-up on open, rebuilds) into a hook's
// state inside one write transaction. Finish MUST have written everything to
// that transaction when it returns OK: the store commits it right after,
// together with the hook's applied cursor. A batch dropped unfinished (an
// error, a full map) is abandoned with its transaction, and the chunk is
// replayed again in a new batch.
class ReplayBatch {
 public:
  virtual ~ReplayBatch() = default;
  virtual Status Apply(const Record& record, const events::Body& body) = 0;
  virtual Status Finish() = 0;
};

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
  // Folds the accepted record into the hook's state (same transaction) and
  // advances its applied cursor to record.seq + 1.
  virtual Status Apply(lmdb::Txn& txn, const Record& record, const events::Body& body) = 0;
  // How many records the state reflects (the next seq to Apply); nullopt
  // when the state was built by another version of the hook and must be rebuilt.
  virtual Result<std::optional<uint64_t>> Applied(const lmdb::Txn& txn) const = 0;
  // Drops the state: afterwards it reflects no record (a rebuild replays into it).
  virtual Status Reset(lmdb::Txn& txn) = 0;
  // Starts replaying records into `txn`, which outlives the batch. The
  // default Applies each record straight away; a hook may instead fold the
  // run in memory and write it once, in Finish.
  virtual std::unique_ptr<ReplayBatch> BeginReplay(lmdb::Txn& txn);
  // The name of the rule set the hook enforces, or empty. Ledger::Create
  // declares the names in the genesis record, so the log itself says which
  // rules (and projections) it is kept under: a later writable open without
  // them is refused, and the auditor requires their projections.
  virtual std::string_view RuleSet() const { return {}; }
  // Whether the hook enforces the rule set a genesis names: a hook may keep
  // logs declaring an earlier version of its rules, by their own version.
  virtual bool AppliesRuleSet(std::string_view name) const {
    return !name.empty() && name == RuleSet();
  }
};

}  // namespace ledger

#endif  // LEDGER_HOOKS_H_
