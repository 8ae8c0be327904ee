// Ledger::Impl: what the public Ledger keeps behind its pointer (the LMDB
// environment, the database handles, the map gate, the log's keys) and the
// steps of opening, appending and replaying. Internal to the store.
#ifndef LEDGER_SRC_STORE_LEDGER_IMPL_H_
#define LEDGER_SRC_STORE_LEDGER_IMPL_H_

#include <atomic>
#include <functional>
#include <mutex>
#include <optional>
#include <shared_mutex>
#include <span>
#include <string>
#include <vector>

#include "batch_verifier.h"
#include "record_checks.h"
#include "tree_nodes.h"
#include "writer_lock.h"
#include "ledger/key_index.h"
#include "ledger/layout.h"
#include "ledger/lmdb.h"
#include "ledger/store.h"

namespace ledger {

// The end of the hash chain as the batch's write transaction sees it.
struct ChainTip {
  uint64_t size = 0;        // the next record's seq
  Hash last_hash{};         // RecordHash of record size - 1; zeros for an empty log
  int64_t recorded_at = 0;  // the batch's one clock reading
};

// A new ledger's directory, created if need be and locked for writing:
// AlreadyExists when it holds a ledger (checked again once locked).
Result<store::WriterLock> LockNewLedgerDir(const std::string& dir);

struct Ledger::Impl {
  Impl(std::string dir, std::optional<store::WriterLock> writer_lock, lmdb::Env env,
       LedgerOptions options);

  // ---- Opening (store.cc) ----
  // Opens the databases and the hooks', reads the log's identity and brings
  // the hooks up to date.
  Status Load();
  Status OpenDatabases();
  // Compares the identity stored with genesis to the key files'.
  Status CheckStoredIdentity();
  // A writable open applies every rule set the genesis record declares.
  Status CheckRuleSets() const;

  // ---- Transactions and the map (store.cc) ----
  Status WithRead(const std::function<Status(const lmdb::Txn&)>& fn) const;
  // Runs `attempt` (which opens and ends its own write transaction, holding
  // the map gate shared) again after each kMapFull, the map doubled in
  // between. When the map cannot grow: ResourceExhausted.
  Status WithGrowingMap(const std::function<Status()>& attempt);
  Status GrowMap();
  int64_t Now() const;

  // ---- Appending (append.cc) ----
  // The whole batch in one write transaction; an error means nothing of it
  // was committed (kMapFull: retry it in a larger map).
  Result<std::vector<AppendOutcome>> TryAppendBatch(std::span<const Submission> batch,
                                                    store::BatchVerifier& signatures);
  // `now`: the batch's clock reading (recorded_at is at least the last record's).
  Result<ChainTip> ReadChainTip(const lmdb::Txn& txn, int64_t now) const;
  Result<AppendOutcome> AppendSubmission(lmdb::Txn& batch_txn, store::TxnRegistry& registry,
                                         const Submission& sub, ChainTip& tip);
  Result<AppendOutcome> RecordSubmission(lmdb::Txn& txn, store::TxnRegistry& registry,
                                         const Submission& sub, const ChainTip& tip,
                                         Hash& record_hash);
  // Stores the checkpoint for `tree_size` in `txn` and returns its text.
  Result<std::string> SignCheckpoint(lmdb::Txn& txn, uint64_t tree_size);

  // ---- Importing into a replica (replica.cc) ----
  // The whole batch in one write transaction, or nothing of it.
  Status TryImportBatch(std::span<const Bytes> bytes, std::span<const Record> records,
                        store::BatchVerifier& signatures, std::string_view checkpoint);

  // ---- Replaying into hooks (hooks_sync.cc) ----
  Status CatchUpHooks(bool reset);
  Result<uint64_t> PrepareHooks(bool reset);
  Status ReplayChunk(uint64_t start, uint64_t end);

  // ---- The key registry's index (key_lookup.cc) ----
  // The registry of a write transaction that has written nothing yet: the
  // index caught up to the rows `txn` sees.
  Result<store::TxnRegistry> BeginTxnRegistry(const lmdb::Txn& txn) const;
  // `key`'s registry row as `txn` (any transaction) sees it.
  Result<std::optional<keys::KeyEntry>> FindKey(const lmdb::Txn& txn, const PublicKey& key) const;

  // The latest stored checkpoint's size, in `txn`'s snapshot (0: none).
  Result<uint64_t> LatestCheckpointSize(const lmdb::Txn& txn) const;

  const std::string dir;
  // Declared before the environment, so it is released after it closes.
  std::optional<store::WriterLock> writer_lock;  // set for writable opens
  lmdb::Env env;
  const LedgerOptions options;
  layout::Databases dbs;
  std::optional<SigningKey> log_signing_key;
  bool replica = false;  // layout::kMetaReplica is set: imports only, never signs
  note::VerifierKey log_key;
  std::string origin;
  // Readers hold it shared for a transaction's life; growing the map holds
  // it exclusively, since LMDB may only resize with no transaction open.
  mutable std::shared_mutex map_gate;
  std::atomic<uint64_t> size{0};
  // Public key -> registry row, of committed rows only (a write transaction
  // keeps its own rows in its TxnRegistry until it commits); caught up by
  // whoever looks a key up, under the mutex.
  mutable std::mutex key_index_mu;
  mutable layout::KeyIndex key_index;
  // Proofs' upper tree levels (immutable once written).
  mutable store::NodeCache node_cache;
  // The checkpoint the writer committed last, served without a read.
  mutable std::mutex latest_mu;
  uint64_t latest_size = 0;
  std::string latest_checkpoint;  // empty: none yet
};

}  // namespace ledger

#endif  // LEDGER_SRC_STORE_LEDGER_IMPL_H_
