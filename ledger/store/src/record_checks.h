// What an append and a replica's import share: the checks that decide
// whether a record may follow the chain tip (key registry, genesis, every
// hook's verdict and flags, the size limit) and the writes that put it in
// the store (record, tree nodes, idempotency entry, registry, hooks' state).
// Internal to the store.
#ifndef LEDGER_SRC_STORE_RECORD_CHECKS_H_
#define LEDGER_SRC_STORE_RECORD_CHECKS_H_

#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <vector>

#include "ledger/hooks.h"
#include "ledger/key_index.h"
#include "ledger/keys.h"
#include "ledger/layout.h"
#include "ledger/lmdb.h"
#include "ledger/note.h"
#include "ledger/store.h"

namespace ledger::store {

// A record checked and flagged, not yet written.
struct Draft {
  Record record;
  Bytes bytes;  // EncodeRecord(record)
  events::Body body;
  keys::RegistryEffect effect;
  layout::DedupEntry dedup;
};

// The key registry as one write transaction sees it: the rows committed
// before it, through the ledger's shared index (caught up when the
// transaction began, read under `mu`), and the rows it has written itself.
struct TxnRegistry {
  std::mutex& mu;
  const layout::KeyIndex& committed;
  std::map<PublicKey, uint64_t> written;  // key -> registered_seq, this transaction's
};

// The outcome for a submission the idempotency index already holds, or
// nullopt for a new one. AlreadyExists when the signer used the client_id
// for a different submission.
// REQUIRES: `dedup_key` and `digest` are those of the submission.
Result<std::optional<AppendOutcome>> FindDuplicate(const lmdb::Txn& txn, MDB_dbi dedup,
                                                   const Submission& sub, ByteView dedup_key,
                                                   const Hash& digest);

// Checks `record` (seq, prev_hash, recorded_at and submission set, flags
// empty) against the registry as `txn` sees it and against every hook, and
// sets its flags to the ids of the rules the hooks find broken.
// InvalidArgument/NotFound/PermissionDenied reject it; kMapFull and DataLoss
// are the store's own failures.
// REQUIRES: the submission's signature verified.
Result<Draft> DraftRecord(const lmdb::Txn& txn, const layout::Databases& dbs,
                          const TxnRegistry& registry,
                          const std::vector<std::shared_ptr<AppendHook>>& hooks,
                          const note::VerifierKey& log_key, Record record);

// Writes the record, its tree nodes, its idempotency entry (draft.dedup),
// its registry and genesis effects, and every hook's state; on success adds
// the keys it registered to `registry.written` (a failure after that fails
// the whole transaction, whose registry then goes with it).
// REQUIRES: `txn` is (or is nested in) the transaction `draft` was made in.
Status WriteRecord(lmdb::Txn& txn, const layout::Databases& dbs, TxnRegistry& registry,
                   const std::vector<std::shared_ptr<AppendHook>>& hooks,
                   const note::VerifierKey& log_key, const Draft& draft, ByteView dedup_key);

}  // namespace ledger::store

#endif  // LEDGER_SRC_STORE_RECORD_CHECKS_H_
