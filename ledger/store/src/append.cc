// The append path: one durable write transaction per batch. It reads the
// chain tip, appends each submission in its own nested transaction (so a
// rejection discards exactly its own writes), then signs a checkpoint for the
// new size and commits; only then are outcomes returned.
#include <algorithm>
#include <mutex>

#include "ledger_impl.h"
#include "record_checks.h"
#include "tree_nodes.h"

namespace ledger {

std::vector<AppendOutcome> Ledger::AppendBatch(std::span<const Submission> batch) {
  if (impl_->replica) {
    return std::vector<AppendOutcome>(
        batch.size(), AppendOutcome{Status::FailedPrecondition(
                          impl_->dir + " is a replica of " + impl_->origin +
                          ": it only takes records from `ledger mirror`; append to the log itself")});
  }
  store::BatchVerifier signatures(batch);  // verifies ahead, on every core, while we write
  return AppendChecked(batch, signatures);
}

std::vector<AppendOutcome> Ledger::AppendVerifiedBatch(std::span<const Submission> batch,
                                                       std::span<const uint8_t> signature_ok) {
  if (impl_->replica) return AppendBatch(batch);  // refused, with the reason
  store::BatchVerifier signatures(batch, signature_ok);
  return AppendChecked(batch, signatures);
}

std::vector<AppendOutcome> Ledger::AppendChecked(std::span<const Submission> batch,
                                                 store::BatchVerifier& signatures) {
  std::vector<AppendOutcome> out;
  Status s = impl_->WithGrowingMap([&]() -> Status {
    LEDGER_ASSIGN_OR_RETURN(out, impl_->TryAppendBatch(batch, signatures));
    return Status::Ok();
  });
  // Nothing of this batch was committed: report the failure on every entry.
  if (!s.ok()) return std::vector<AppendOutcome>(batch.size(), AppendOutcome{s});
  return out;
}

Result<std::vector<AppendOutcome>> Ledger::Impl::TryAppendBatch(std::span<const Submission> batch,
                                                                store::BatchVerifier& signatures) {
  std::shared_lock lock(map_gate);
  LEDGER_ASSIGN_OR_RETURN(lmdb::Txn txn, lmdb::Txn::Begin(env, false));
  LEDGER_ASSIGN_OR_RETURN(ChainTip tip, ReadChainTip(txn, Now()));
  LEDGER_ASSIGN_OR_RETURN(store::TxnRegistry registry, BeginTxnRegistry(txn));
  const uint64_t first_seq = tip.size;
  std::vector<AppendOutcome> out;
  out.reserve(batch.size());
  for (size_t i = 0; i < batch.size(); ++i) {
    if (!signatures.Ok(i)) {
      out.push_back(AppendOutcome{Status::InvalidArgument(
          "signature: does not verify for signer ed25519:" + KeyFingerprint(batch[i].signer))});
      continue;
    }
    LEDGER_ASSIGN_OR_RETURN(AppendOutcome o, AppendSubmission(txn, registry, batch[i], tip));
    out.push_back(std::move(o));
  }
  if (tip.size == first_seq) return out;  // nothing new: the abort leaves every byte as it was

  // The checkpoint goes into the same transaction, so the log never holds a
  // record that no stored checkpoint covers.
  LEDGER_ASSIGN_OR_RETURN(std::string checkpoint, SignCheckpoint(txn, tip.size));
  LEDGER_RETURN_IF_ERROR(txn.Commit());  // durable on return: only now may outcomes be acknowledged
  {
    std::lock_guard lock(latest_mu);
    latest_size = tip.size;
    latest_checkpoint = std::move(checkpoint);
  }
  size.store(tip.size);
  return out;
}

// REQUIRES: `txn` is the batch's write transaction and `size` counts the
// records committed before it (the writer is the only one to advance it).
Result<ChainTip> Ledger::Impl::ReadChainTip(const lmdb::Txn& txn, int64_t now) const {
  ChainTip tip{size.load(), Hash{}, now};
  if (tip.size == 0) return tip;
  const uint64_t last = tip.size - 1;
  auto stored = txn.Get(dbs.records, lmdb::BigEndian(last));
  if (!stored.ok() || !*stored) {
    return Status::DataLoss("record " + std::to_string(last) + " is missing");
  }
  tip.last_hash = RecordHash(**stored);
  auto rec = DecodeRecord(**stored);
  if (!rec.ok()) return rec.status().WithContext("record " + std::to_string(last));
  // The ledger clock never runs backwards.
  tip.recorded_at = std::max(tip.recorded_at, rec->recorded_at_us);
  return tip;
}

// Appends `sub` at `tip` in a transaction nested in `batch_txn` and advances
// `tip` past the new record. A rejection is an OK result whose outcome holds
// the reason: its nested transaction is aborted and nothing of it remains.
// An error (kMapFull, a failed commit) fails the whole batch.
// REQUIRES: `sub`'s signature verified; `tip` is `batch_txn`'s chain tip.
Result<AppendOutcome> Ledger::Impl::AppendSubmission(lmdb::Txn& batch_txn,
                                                     store::TxnRegistry& registry,
                                                     const Submission& sub, ChainTip& tip) {
  LEDGER_ASSIGN_OR_RETURN(lmdb::Txn child, lmdb::Txn::Begin(env, false, batch_txn.get()));
  Hash record_hash{};
  Result<AppendOutcome> outcome = RecordSubmission(child, registry, sub, tip, record_hash);
  if (!outcome.ok()) {
    if (outcome.status().code() == Code::kMapFull) return outcome.status();
    return AppendOutcome{outcome.status()};  // `child` aborts as it goes out of scope
  }
  LEDGER_RETURN_IF_ERROR(child.Commit());
  if (!outcome->duplicate) {
    tip.last_hash = record_hash;
    ++tip.size;
  }
  return outcome;
}

// The outcome of `sub`: a duplicate's original seq, or the record written at
// `tip` (its hash in `record_hash`). An error rejects `sub` (or, kMapFull,
// fails the batch); the caller then aborts `txn`.
// REQUIRES: `txn` is `sub`'s own nested transaction.
Result<AppendOutcome> Ledger::Impl::RecordSubmission(lmdb::Txn& txn, store::TxnRegistry& registry,
                                                     const Submission& sub, const ChainTip& tip,
                                                     Hash& record_hash) {
  if (sub.client_id.empty() || sub.client_id.size() > kMaxClientIdBytes) {
    return Status::InvalidArgument("client_id: must be 1 to " + std::to_string(kMaxClientIdBytes) +
                                   " bytes");
  }
  const Bytes dedup_key = layout::DedupKey(sub.signer, sub.client_id);
  const Hash digest = SubmissionDigest(sub);
  LEDGER_ASSIGN_OR_RETURN(std::optional<AppendOutcome> duplicate,
                          store::FindDuplicate(txn, dbs.dedup, sub, dedup_key, digest));
  if (duplicate) return std::move(*duplicate);
  LEDGER_ASSIGN_OR_RETURN(
      store::Draft draft,
      store::DraftRecord(txn, dbs, registry, options.hooks, log_key,
                         Record{kRecordFormatVersion, tip.size, tip.last_hash, tip.recorded_at, sub, {}}));
  draft.dedup = {tip.size, digest};
  LEDGER_RETURN_IF_ERROR(store::WriteRecord(txn, dbs, registry, options.hooks, log_key, draft, dedup_key));
  record_hash = RecordHash(draft.bytes);
  AppendOutcome o;
  o.seq = tip.size;
  o.flags = std::move(draft.record.flags);
  return o;
}

// REQUIRES: `txn` holds records [0, size) and their tree nodes; the ledger
// holds the log's signing key (a read-write open).
Result<std::string> Ledger::Impl::SignCheckpoint(lmdb::Txn& txn, uint64_t tree_size) {
  LEDGER_ASSIGN_OR_RETURN(Hash root, store::RootAt(txn, dbs.merkle, tree_size));
  LEDGER_ASSIGN_OR_RETURN(std::string cp,
                          note::SignCheckpoint({origin, tree_size, root}, *log_signing_key));
  LEDGER_RETURN_IF_ERROR(txn.Put(dbs.checkpoints, lmdb::BigEndian(tree_size), AsBytes(cp)));
  return cp;
}

}  // namespace ledger
