// The ledger store: one LMDB environment holding the records, the RFC 6962
// stored hashes, signed checkpoints, the key registry and the idempotency
// index. One writer appends batches; any number of threads read.
//
// Durability contract: AppendBatch MUST NOT return an outcome with a seq
// until the transaction holding that record, its tree nodes and its
// checkpoint has been committed and synced (LMDB's default sync-on-commit).
// A rejected submission MUST NOT change a byte of the store.
#ifndef LEDGER_STORE_H_
#define LEDGER_STORE_H_

#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "ledger/crypto.h"
#include "ledger/hooks.h"
#include "ledger/keys.h"
#include "ledger/merkle.h"
#include "ledger/note.h"
#include "ledger/proof_formats.h"
#include "ledger/record.h"
#include "ledger/status.h"
#include "ledger/wire.h"

namespace ledger {
namespace lmdb {
class Txn;  // ledger/lmdb.h: what WithRead hands to projections
}
namespace store {
class WriterLock;  // the directory's one-writer lock (internal to the store)
class BatchVerifier;  // signature checks of an append batch (internal to the store)
}

// Up to this size of data.mdb an open walks the whole file (about 0.2 s;
// docs/VERIFY.md, "Damaged files").
inline constexpr uint64_t kWholeFileCheckLimit = uint64_t{256} << 20;

struct LedgerOptions {
  // Initial LMDB map size; doubled automatically whenever it fills.
  size_t initial_map_bytes = size_t{1} << 30;
  bool read_only = false;
  // Ledger clock in microseconds since the Unix epoch (tests substitute it).
  std::function<int64_t()> clock;
  // Domain rules and projections run inside the append transaction, in order.
  // A read-write open first brings every hook up to date (replaying records
  // it has not applied; rebuilding one whose version changed).
  std::vector<std::shared_ptr<AppendHook>> hooks;
  // Records per replay transaction (catch-up and rebuilds). Each chunk
  // commits with the hooks' applied cursors, so an interrupted rebuild
  // resumes from the last one; hooks may hold a chunk's changes in memory.
  uint64_t replay_chunk = 100'000;
  // Create only: where the log's signing key comes from. Unset: a fresh
  // random key (what a real log wants). The demo and tests set a derived
  // key so that the same input gives the same ledger, root included.
  std::function<SigningKey()> log_key_source;
  // Reports replay progress (records done, total) during catch-up and rebuilds.
  std::function<void(uint64_t done, uint64_t total)> progress;
  // Every open checks data.mdb against LMDB's file format before LMDB reads
  // it (the meta pages, the file size, every database's root page); with
  // this, every page (ledger/file_check.h, docs/VERIFY.md "Damaged files").
  // Unset: every page when data.mdb is at most kWholeFileCheckLimit, or as
  // the environment variable LEDGER_OPEN_CHECK says (full or roots).
  std::optional<bool> check_whole_file;
};

class Ledger {
 public:
  // A writable open (Create, Open without read_only) holds the directory's
  // writer lock (layout::kWriterLockFile) for the Ledger's life: a second
  // writable open, in any process, is FailedPrecondition naming the holder's
  // pid. Read-only opens neither take nor create it.
  //
  // Creates a new ledger in `dir` (must not hold one): generates the log's
  // signing key and appends the genesis record, signed by `root_key`.
  static Result<std::unique_ptr<Ledger>> Create(const std::string& dir, const std::string& origin,
                                                const SigningKey& root_key,
                                                const std::string& root_name,
                                                LedgerOptions options = {});
  static Result<std::unique_ptr<Ledger>> Open(const std::string& dir, LedgerOptions options = {});
  ~Ledger();
  Ledger(const Ledger&) = delete;
  Ledger& operator=(const Ledger&) = delete;

  // ---- Replicas (replica.cc): a verbatim copy of a log kept elsewhere ----
  // A replica holds another ledger's records byte for byte, under that log's
  // key, which it never has: it writes log.vkey only, is marked as a replica
  // in its metadata, and AppendBatch refuses every submission. Read-only
  // opens (`ledger serve --read-only`) and the auditor treat it as any ledger.
  //
  // Creates an empty replica in `dir` (must not hold a ledger) of the log
  // whose verifier key is `log_key`; its first import brings that log's genesis.
  static Result<std::unique_ptr<Ledger>> CreateReplica(const std::string& dir,
                                                       const note::VerifierKey& log_key,
                                                       LedgerOptions options = {});
  bool IsReplica() const;
  // Replicas only. Appends `records` (encoded records that the log signed
  // and sealed) at the tip, verbatim, and stores `checkpoint`, the log's
  // signed note for the size they reach, in one durable write transaction.
  // Each record gets the checks an append makes (decoding, seq, prev_hash,
  // timestamp order, submission signature, key registry, every hook's
  // verdict) and the flags the hooks derive must be the ones it carries; the
  // checkpoint must verify under the log key and give the root of the
  // records. DataLoss "<kind> at seq N: ..." (or "checkpoint-...: ...") names
  // the first that does not hold, with kinds as in verifier/audit.h plus
  // flag-mismatch and duplicate; nothing of the batch is written then.
  Status ImportBatch(std::span<const Bytes> records, std::string_view checkpoint);

  // Appends submissions in one durable write transaction: one outcome per
  // submission, in order. Each is checked (signature, schema, key registry,
  // size, idempotency) against the ledger as it stands after the ones before
  // it in the batch; a rejected one is skipped and leaves no trace.
  // Not thread-safe against other AppendBatch calls (use Appender for that).
  std::vector<AppendOutcome> AppendBatch(std::span<const Submission> batch);

  // What AppendBatch would make of `sub` now, with every check it runs (the
  // hooks' rules included), in a write transaction that is then aborted: not
  // a byte of the store changes. OK: the outcome it would get (seq, flags,
  // duplicate); a rejection is the Status it would be rejected with.
  // Writable opens only (FailedPrecondition otherwise).
  Result<AppendOutcome> DryRun(const Submission& sub) const;
  // The same for a batch, each submission seeing the ones before it as
  // appended (the seqs they would get), all in one aborted transaction.
  // `errors` holds every reason found to refuse a submission: a bad
  // signature does not stop the checks that follow it. An error Status: the
  // dry run itself failed (read-only, a replica, a damaged file).
  struct DryRunOutcome {
    AppendOutcome outcome;        // what AppendBatch would answer (status: the first error)
    std::vector<Status> errors;   // empty when it would be accepted
  };
  Result<std::vector<DryRunOutcome>> DryRunBatch(std::span<const Submission> batch) const;

  // The number of records. A read-only open fixes it at the latest
  // checkpoint when it opens, and reads never go past it until Refresh.
  uint64_t Size() const;
  // Read-only opens: moves Size() up to the latest checkpoint stored since,
  // following a live writer in another process. Writable opens: a no-op.
  Status Refresh() const;
  // Walks every page of data.mdb against LMDB's file format, at the current
  // snapshot (safe while appends run): DamagedFile naming the page and the
  // database. Meanwhile each read transaction checks the file's size.
  Status CheckFile() const;
  const std::string& origin() const;
  const note::VerifierKey& log_key() const;

  Result<Bytes> RecordBytes(uint64_t seq) const;
  Result<Record> GetRecord(uint64_t seq) const;
  // Calls `fn(seq, bytes)` for seq in [from, to) in one read transaction.
  Status ForEachRecord(uint64_t from, uint64_t to,
                       const std::function<Status(uint64_t, ByteView)>& fn) const;
  Result<Hash> RootAt(uint64_t size) const;
  // The stored hashes of the perfect subtrees at `level` (2^level leaves
  // each) numbered [first, first + count), in one snapshot: what a
  // tlog-tiles hash tile holds. DataLoss if one is missing.
  Result<std::vector<Hash>> StoredSubtreeHashes(uint8_t level, uint64_t first,
                                                uint64_t count) const;
  // The latest stored checkpoint, or one for `size` (stored, or signed now:
  // any size up to the current one is consistent with every stored one).
  Result<std::string> Checkpoint(std::optional<uint64_t> size = std::nullopt) const;
  Result<InclusionProof> ProveInclusion(uint64_t index, uint64_t tree_size) const;
  // Who signed record `seq`, as proofs in the tree of `tree_size` (FORMAT.md
  // 7.3): the record that registered its signer, then through key rotations
  // back to a key.register or the genesis record.
  Result<SignerPart> ProveSigner(uint64_t seq, uint64_t tree_size) const;
  Result<std::vector<Hash>> ProveConsistency(uint64_t old_size, uint64_t new_size) const;
  Result<std::vector<keys::KeyEntry>> Keys() const;

  // A consistent, compacted hot copy into a new directory, plus the key files.
  Status Backup(const std::string& dest_dir) const;

  // Drops every hook's state and replays the whole log into it (`ledger
  // rebuild`). Commits in chunks with each hook's cursor, so it resumes if
  // interrupted; readers meanwhile see the partly rebuilt state.
  Status RebuildHooks();

  // Runs `fn` in one read transaction (a consistent snapshot, holding the
  // map gate shared meanwhile): how projections' query APIs read.
  Status WithRead(const std::function<Status(const lmdb::Txn&)>& fn) const;

 private:
  friend class Appender;
  // AppendBatch with the signatures already checked: `signature_ok[i]` is
  // SubmissionSignatureValid(batch[i]). The Appender checks them on its
  // submitters' threads, so that the single writer never does.
  std::vector<AppendOutcome> AppendVerifiedBatch(std::span<const Submission> batch,
                                                 std::span<const uint8_t> signature_ok);
  // The write of either, once the signatures are being (or have been) checked.
  std::vector<AppendOutcome> AppendChecked(std::span<const Submission> batch,
                                           store::BatchVerifier& signatures);

  // The LMDB environment, its database handles, the map gate and the log's
  // keys (ledger_impl.h): no LMDB type appears in this header.
  struct Impl;
  explicit Ledger(std::unique_ptr<Impl> impl);
  // Open, with the writer lock already taken (by Create) when `held` is set.
  static Result<std::unique_ptr<Ledger>> OpenLocked(const std::string& dir, LedgerOptions options,
                                                    store::WriterLock* held);

  std::unique_ptr<Impl> impl_;
};

}  // namespace ledger

#endif  // LEDGER_STORE_H_
