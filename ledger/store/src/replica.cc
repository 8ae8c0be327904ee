// Replicas: a ledger that holds another log's records verbatim (`ledger
// mirror`). Records come in through ImportBatch, which runs the append
// path's checks and writes (record_checks.h) on records sealed elsewhere and
// stores the log's own signed checkpoint instead of signing one.
#include <limits>
#include <mutex>

#include "ledger/file_io.h"
#include "ledger_impl.h"
#include "record_checks.h"
#include "tree_nodes.h"

namespace ledger {

namespace {

std::string Join(const std::vector<std::string>& flags) {
  std::string out = "[";
  for (size_t i = 0; i < flags.size(); ++i) out += (i ? ", " : "") + flags[i];
  return out + "]";
}

// The problem kind of a record the registry or a hook rejects.
const char* RejectionKind(const Status& s, const Record& r) {
  if (r.seq == 0 || r.submission.event_type == "ledger.genesis") return "genesis";
  return s.code() == Code::kPermissionDenied ? "unauthorised-signer" : "invalid-event";
}

bool IsRejection(const Status& s) {
  switch (s.code()) {
    case Code::kInvalidArgument:
    case Code::kNotFound:
    case Code::kPermissionDenied:
    case Code::kAlreadyExists:
      return true;
    default:
      return false;
  }
}

}  // namespace

Result<std::unique_ptr<Ledger>> Ledger::CreateReplica(const std::string& dir,
                                                      const note::VerifierKey& log_key,
                                                      LedgerOptions options) {
  LEDGER_ASSIGN_OR_RETURN(store::WriterLock lock, LockNewLedgerDir(dir));
  LEDGER_RETURN_IF_ERROR(WriteFileDurably(layout::PathIn(dir, layout::kLogVkeyFile),
                                          log_key.ToString() + "\n", 0644));
  {
    // The marker goes in before the first open, which reads it to know that
    // no signing key is to be expected.
    LEDGER_ASSIGN_OR_RETURN(lmdb::Env env, lmdb::Env::Open(dir, false, options.initial_map_bytes));
    LEDGER_ASSIGN_OR_RETURN(lmdb::Txn txn, lmdb::Txn::Begin(env, false));
    LEDGER_ASSIGN_OR_RETURN(layout::Databases dbs, layout::OpenDatabases(txn, true));
    LEDGER_RETURN_IF_ERROR(txn.Put(dbs.meta, AsBytes(layout::kMetaReplica), AsBytes(std::string_view("1"))));
    LEDGER_RETURN_IF_ERROR(txn.Commit());
  }
  options.read_only = false;
  return OpenLocked(dir, std::move(options), &lock);
}

bool Ledger::IsReplica() const { return impl_->replica; }

Status Ledger::ImportBatch(std::span<const Bytes> records, std::string_view checkpoint) {
  if (!impl_->replica) {
    return Status::FailedPrecondition(impl_->dir +
                                      " is not a replica: it appends and signs its own records");
  }
  if (impl_->options.read_only) {
    return Status::FailedPrecondition("importing needs a read-write open of the replica");
  }
  // Decoded once, outside the transaction: a retry in a larger map reuses them.
  const uint64_t first = Size();
  std::vector<Record> decoded;
  std::vector<Submission> submissions;
  decoded.reserve(records.size());
  submissions.reserve(records.size());
  for (size_t i = 0; i < records.size(); ++i) {
    auto r = DecodeRecord(records[i]);
    if (!r.ok()) {
      return Status::DataLoss("record-decode at seq " + std::to_string(first + i) + ": " +
                              r.status().message());
    }
    submissions.push_back(r->submission);
    decoded.push_back(std::move(r).value());
  }
  store::BatchVerifier signatures(submissions);
  return impl_->WithGrowingMap(
      [&] { return impl_->TryImportBatch(records, decoded, signatures, checkpoint); });
}

Status Ledger::Impl::TryImportBatch(std::span<const Bytes> bytes, std::span<const Record> records,
                                    store::BatchVerifier& signatures,
                                    std::string_view checkpoint) {
  std::shared_lock lock(map_gate);
  LEDGER_ASSIGN_OR_RETURN(lmdb::Txn txn, lmdb::Txn::Begin(env, false));
  // The log's clock, not ours: the tip's time is the last record's.
  LEDGER_ASSIGN_OR_RETURN(ChainTip tip,
                          ReadChainTip(txn, std::numeric_limits<int64_t>::min()));
  LEDGER_ASSIGN_OR_RETURN(store::TxnRegistry registry, BeginTxnRegistry(txn));
  const uint64_t first = tip.size;
  for (size_t i = 0; i < records.size(); ++i) {
    const Record& r = records[i];
    const Submission& sub = r.submission;
    const std::string seq = std::to_string(tip.size);
    auto problem = [&](const char* kind, const std::string& what) {
      return Status::DataLoss(std::string(kind) + " at seq " + seq + ": " + what);
    };
    if (r.seq != tip.size) {
      return problem("seq", "the record carries seq " + std::to_string(r.seq));
    }
    if (r.prev_hash != tip.last_hash) {
      return problem("prev-hash", "its prev_hash is not the hash of the record before it");
    }
    if (r.recorded_at_us < tip.recorded_at) {
      return problem("timestamp", "recorded at " + FormatTimestamp(r.recorded_at_us) +
                                      ", before the record preceding it (" +
                                      FormatTimestamp(tip.recorded_at) + ")");
    }
    if (!signatures.Ok(i)) {
      return problem("signature", "the signature by ed25519:" + KeyFingerprint(sub.signer) +
                                      " does not verify over the signed fields");
    }
    if (sub.client_id.empty() || sub.client_id.size() > kMaxClientIdBytes) {
      return problem("invalid-event", "client_id must be 1 to 128 bytes");
    }
    const Bytes dedup_key = layout::DedupKey(sub.signer, sub.client_id);
    const Hash digest = SubmissionDigest(sub);
    auto duplicate = store::FindDuplicate(txn, dbs.dedup, sub, dedup_key, digest);
    if (!duplicate.ok() && duplicate.status().code() != Code::kAlreadyExists) {
      return duplicate.status();
    }
    if (!duplicate.ok() || *duplicate) {
      return problem("duplicate", "the signer's client_id \"" + sub.client_id +
                                      "\" is already recorded in the log");
    }
    Record unflagged = r;
    unflagged.flags.clear();
    auto draft = store::DraftRecord(txn, dbs, registry, options.hooks, log_key, std::move(unflagged));
    if (!draft.ok()) {
      if (!IsRejection(draft.status())) return draft.status();  // kMapFull, the store's own
      return problem(RejectionKind(draft.status(), r), draft.status().message());
    }
    if (draft->record.flags != r.flags) {
      return problem("flag-mismatch", "the replica's rules derive " + Join(draft->record.flags) +
                                          ", the record carries " + Join(r.flags));
    }
    if (draft->bytes != bytes[i]) {
      return problem("record-decode", "the record is not in its canonical encoding");
    }
    if (draft->effect.genesis && draft->effect.genesis->origin != log_key.name) {
      return problem("genesis", "the genesis record names origin \"" +
                                    draft->effect.genesis->origin + "\", the log key \"" +
                                    log_key.name + "\"");
    }
    draft->dedup = {tip.size, digest};
    LEDGER_RETURN_IF_ERROR(store::WriteRecord(txn, dbs, registry, options.hooks, log_key, *draft, dedup_key));
    tip.last_hash = RecordHash(bytes[i]);
    tip.recorded_at = r.recorded_at_us;
    ++tip.size;
  }

  // The log's checkpoint, kept verbatim: what a read-only open serves up to.
  auto cp = note::OpenCheckpoint(checkpoint, log_key);
  if (!cp.ok()) {
    return Status::DataLoss("checkpoint-signature: the checkpoint is not one signed by " +
                            log_key.ToString() + ": " + cp.status().message());
  }
  if (cp->size != tip.size) {
    return Status::DataLoss("checkpoint-size: the checkpoint is for size " +
                            std::to_string(cp->size) + ", the records reach " +
                            std::to_string(tip.size));
  }
  LEDGER_ASSIGN_OR_RETURN(Hash root, store::RootAt(txn, dbs.merkle, tip.size));
  if (root != cp->root) {
    return Status::DataLoss("checkpoint-root: records " + std::to_string(first) + " to " +
                            std::to_string(tip.size) + " do not give the root of the log's " +
                            "checkpoint for size " + std::to_string(tip.size));
  }
  LEDGER_ASSIGN_OR_RETURN(std::optional<ByteView> stored,
                          txn.Get(dbs.checkpoints, lmdb::BigEndian(tip.size)));
  if (stored) {
    if (tip.size == first) return Status::Ok();  // nothing new: the abort changes nothing
  } else {
    LEDGER_RETURN_IF_ERROR(txn.Put(dbs.checkpoints, lmdb::BigEndian(tip.size), AsBytes(checkpoint)));
  }
  LEDGER_RETURN_IF_ERROR(txn.Commit());
  size.store(tip.size);
  return Status::Ok();
}

}  // namespace ledger
