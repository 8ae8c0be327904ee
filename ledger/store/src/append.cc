// The append path: one durable write transaction per batch. It reads the
// chain tip, appends each submission in its own nested transaction (so a
// rejection discards exactly its own writes), then signs a checkpoint for the
// new size and commits; only then are outcomes returned.
#include <algorithm>
#include <mutex>

#include "ledger_impl.h"
#include "tree_nodes.h"

namespace ledger {
namespace {

// The registry as seen from inside a (possibly nested) write transaction.
class TxnKeyLookup : public keys::KeyLookup {
 public:
  TxnKeyLookup(const lmdb::Txn& txn, MDB_dbi dbi) : txn_(txn), dbi_(dbi) {}
  Result<std::optional<keys::KeyEntry>> Find(const PublicKey& key) const override {
    LEDGER_ASSIGN_OR_RETURN(std::optional<ByteView> v, txn_.Get(dbi_, key));
    if (!v) return std::optional<keys::KeyEntry>();
    LEDGER_ASSIGN_OR_RETURN(keys::KeyEntry e, keys::DecodeKeyEntry(*v));
    return std::optional<keys::KeyEntry>(std::move(e));
  }

 private:
  const lmdb::Txn& txn_;
  MDB_dbi dbi_;
};

// A submission made into the next record: checked, flagged, not yet written.
struct Draft {
  Record record;
  Bytes bytes;  // EncodeRecord(record)
  events::Body body;
  keys::RegistryEffect effect;
  layout::DedupEntry dedup;
};

// The outcome for a submission the idempotency index already holds, or
// nullopt for a new one.
// REQUIRES: `dedup_key` and `digest` are those of the submission.
Result<std::optional<AppendOutcome>> FindDuplicate(const lmdb::Txn& txn, MDB_dbi dedup,
                                                   const Submission& sub, const Hash& dedup_key,
                                                   const Hash& digest) {
  LEDGER_ASSIGN_OR_RETURN(std::optional<ByteView> seen, txn.Get(dedup, dedup_key));
  if (!seen) return std::optional<AppendOutcome>();
  const std::optional<layout::DedupEntry> entry = layout::ParseDedupValue(*seen);
  if (!entry) {
    return Status::DataLoss("the idempotency index entry for client_id \"" + sub.client_id +
                            "\" is malformed");
  }
  if (entry->digest == digest) {
    AppendOutcome o;
    o.seq = entry->seq;
    o.duplicate = true;
    return std::optional<AppendOutcome>(std::move(o));
  }
  return Status::AlreadyExists("client_id: \"" + sub.client_id +
                               "\" was already used by this signer for a different "
                               "submission (seq " +
                               std::to_string(entry->seq) + ")");
}

// Builds the record `sub` becomes at the tip: the registry's verdict, every
// hook's verdict and flags, the size limit.
// REQUIRES: `txn` is the submission's nested transaction; `sub`'s signature verified.
Result<Draft> DraftRecord(const lmdb::Txn& txn, const layout::Databases& dbs,
                          const std::vector<std::shared_ptr<AppendHook>>& hooks,
                          const note::VerifierKey& log_key, const Submission& sub,
                          const ChainTip& tip) {
  LEDGER_ASSIGN_OR_RETURN(events::Body body, events::DecodeLatestBody(sub));
  LEDGER_ASSIGN_OR_RETURN(keys::RegistryEffect effect,
                          keys::CheckSubmission(sub, body, tip.size, TxnKeyLookup(txn, dbs.keys)));
  if (effect.genesis && effect.genesis->log_key != log_key.key) {
    return Status::InvalidArgument("body.log_key: not this ledger's log key");
  }
  Record record{kRecordFormatVersion, tip.size, tip.last_hash, tip.recorded_at, sub, {}};
  for (const auto& hook : hooks) {
    LEDGER_ASSIGN_OR_RETURN(std::vector<std::string> flags, hook->Check(txn, record, body));
    record.flags.insert(record.flags.end(), flags.begin(), flags.end());
  }
  Bytes bytes = EncodeRecord(record);
  if (bytes.size() > kMaxRecordBytes) {
    return Status::InvalidArgument("the entry is " + std::to_string(bytes.size()) +
                                   " bytes; the limit is " + std::to_string(kMaxRecordBytes));
  }
  return Draft{std::move(record), std::move(bytes), std::move(body), std::move(effect), {}};
}

// Writes the record, its tree nodes, its idempotency entry, its registry and
// genesis effects, and every hook's state.
// REQUIRES: `txn` is the nested transaction `draft` was made in.
Status WriteRecord(lmdb::Txn& txn, const layout::Databases& dbs,
                   const std::vector<std::shared_ptr<AppendHook>>& hooks,
                   const note::VerifierKey& log_key, const Draft& draft, const Hash& dedup_key) {
  const uint64_t seq = draft.record.seq;
  LEDGER_RETURN_IF_ERROR(txn.Put(dbs.records, lmdb::BigEndian(seq), draft.bytes, MDB_APPEND));
  LEDGER_RETURN_IF_ERROR(
      store::AppendLeafHash(txn, dbs.merkle, seq, merkle::HashLeaf(draft.bytes)));
  LEDGER_RETURN_IF_ERROR(txn.Put(dbs.dedup, dedup_key, layout::DedupValue(draft.dedup)));
  for (const auto& e : draft.effect.upserts) {
    LEDGER_RETURN_IF_ERROR(txn.Put(dbs.keys, e.key, keys::EncodeKeyEntry(e)));
  }
  if (draft.effect.genesis) {
    LEDGER_RETURN_IF_ERROR(
        txn.Put(dbs.meta, AsBytes(layout::kMetaOrigin), AsBytes(draft.effect.genesis->origin)));
    LEDGER_RETURN_IF_ERROR(
        txn.Put(dbs.meta, AsBytes(layout::kMetaLogVkey), AsBytes(log_key.ToString())));
  }
  for (const auto& hook : hooks) {
    LEDGER_RETURN_IF_ERROR(hook->Apply(txn, draft.record, draft.body));
  }
  return Status::Ok();
}

}  // namespace

std::vector<AppendOutcome> Ledger::AppendBatch(std::span<const Submission> batch) {
  store::BatchVerifier signatures(batch);  // verifies ahead, on every core, while we write
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
  LEDGER_ASSIGN_OR_RETURN(ChainTip tip, ReadChainTip(txn));
  const uint64_t first_seq = tip.size;
  std::vector<AppendOutcome> out;
  out.reserve(batch.size());
  for (size_t i = 0; i < batch.size(); ++i) {
    if (!signatures.Ok(i)) {
      out.push_back(AppendOutcome{Status::InvalidArgument(
          "signature: does not verify for signer ed25519:" + KeyFingerprint(batch[i].signer))});
      continue;
    }
    LEDGER_ASSIGN_OR_RETURN(AppendOutcome o, AppendSubmission(txn, batch[i], tip));
    out.push_back(std::move(o));
  }
  if (tip.size == first_seq) return out;  // nothing new: the abort leaves every byte as it was

  // The checkpoint goes into the same transaction, so the log never holds a
  // record that no stored checkpoint covers.
  LEDGER_RETURN_IF_ERROR(SignCheckpoint(txn, tip.size));
  LEDGER_RETURN_IF_ERROR(txn.Commit());  // durable on return: only now may outcomes be acknowledged
  size.store(tip.size);
  return out;
}

// REQUIRES: `txn` is the batch's write transaction and `size` counts the
// records committed before it (the writer is the only one to advance it).
Result<ChainTip> Ledger::Impl::ReadChainTip(const lmdb::Txn& txn) const {
  ChainTip tip{size.load(), Hash{}, Now()};
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
Result<AppendOutcome> Ledger::Impl::AppendSubmission(lmdb::Txn& batch_txn, const Submission& sub,
                                                     ChainTip& tip) {
  LEDGER_ASSIGN_OR_RETURN(lmdb::Txn child, lmdb::Txn::Begin(env, false, batch_txn.get()));
  Hash record_hash{};
  Result<AppendOutcome> outcome = RecordSubmission(child, sub, tip, record_hash);
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
Result<AppendOutcome> Ledger::Impl::RecordSubmission(lmdb::Txn& txn, const Submission& sub,
                                                     const ChainTip& tip, Hash& record_hash) {
  if (sub.client_id.empty()) return Status::InvalidArgument("client_id: must not be empty");
  const Hash dedup_key = layout::DedupKey(sub.signer, sub.client_id);
  const Hash digest = SubmissionDigest(sub);
  LEDGER_ASSIGN_OR_RETURN(std::optional<AppendOutcome> duplicate,
                          FindDuplicate(txn, dbs.dedup, sub, dedup_key, digest));
  if (duplicate) return std::move(*duplicate);
  LEDGER_ASSIGN_OR_RETURN(Draft draft, DraftRecord(txn, dbs, options.hooks, log_key, sub, tip));
  draft.dedup = {tip.size, digest};
  LEDGER_RETURN_IF_ERROR(WriteRecord(txn, dbs, options.hooks, log_key, draft, dedup_key));
  record_hash = RecordHash(draft.bytes);
  AppendOutcome o;
  o.seq = tip.size;
  o.flags = std::move(draft.record.flags);
  return o;
}

// REQUIRES: `txn` holds records [0, size) and their tree nodes; the ledger
// holds the log's signing key (a read-write open).
Status Ledger::Impl::SignCheckpoint(lmdb::Txn& txn, uint64_t tree_size) {
  LEDGER_ASSIGN_OR_RETURN(Hash root, store::RootAt(txn, dbs.merkle, tree_size));
  LEDGER_ASSIGN_OR_RETURN(std::string cp,
                          note::SignCheckpoint({origin, tree_size, root}, *log_signing_key));
  return txn.Put(dbs.checkpoints, lmdb::BigEndian(tree_size), AsBytes(cp));
}

}  // namespace ledger
