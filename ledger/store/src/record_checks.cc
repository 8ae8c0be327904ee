// The checks and writes shared by appends (append.cc) and a replica's
// imports (replica.cc): see record_checks.h.
#include "record_checks.h"

#include "tree_nodes.h"

namespace ledger::store {
namespace {

// The registry as seen from inside a (possibly nested) write transaction.
class TxnKeyLookup : public keys::KeyLookup {
 public:
  TxnKeyLookup(const lmdb::Txn& txn, MDB_dbi dbi, const TxnRegistry& registry)
      : txn_(txn), dbi_(dbi), registry_(registry) {}
  Result<std::optional<keys::KeyEntry>> Find(const PublicKey& key) const override {
    if (auto it = registry_.written.find(key); it != registry_.written.end()) {
      LEDGER_ASSIGN_OR_RETURN(std::optional<ByteView> v,
                              txn_.Get(dbi_, layout::KeyRowKey(it->second)));
      if (!v) return Status::DataLoss("the key registry row at seq " +
                                      std::to_string(it->second) + " is missing");
      LEDGER_ASSIGN_OR_RETURN(keys::KeyEntry e, keys::DecodeKeyEntry(*v));
      return std::optional<keys::KeyEntry>(std::move(e));
    }
    std::lock_guard lock(registry_.mu);
    return registry_.committed.Find(txn_, dbi_, key);
  }

 private:
  const lmdb::Txn& txn_;
  MDB_dbi dbi_;
  const TxnRegistry& registry_;
};

}  // namespace

Result<std::optional<AppendOutcome>> FindDuplicate(const lmdb::Txn& txn, MDB_dbi dedup,
                                                   const Submission& sub, ByteView dedup_key,
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

Result<Draft> DraftRecord(const lmdb::Txn& txn, const layout::Databases& dbs,
                          const TxnRegistry& registry,
                          const std::vector<std::shared_ptr<AppendHook>>& hooks,
                          const note::VerifierKey& log_key, Record record) {
  const Submission& sub = record.submission;
  LEDGER_ASSIGN_OR_RETURN(events::Body body, events::DecodeLatestBody(sub));
  LEDGER_ASSIGN_OR_RETURN(keys::RegistryEffect effect,
                          keys::CheckSubmission(sub, body, record.seq,
                                                TxnKeyLookup(txn, dbs.keys, registry)));
  if (effect.genesis && effect.genesis->log_key != log_key.key) {
    return Status::InvalidArgument("body.log_key: not this ledger's log key");
  }
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

Status WriteRecord(lmdb::Txn& txn, const layout::Databases& dbs, TxnRegistry& registry,
                   const std::vector<std::shared_ptr<AppendHook>>& hooks,
                   const note::VerifierKey& log_key, const Draft& draft, ByteView dedup_key) {
  const uint64_t seq = draft.record.seq;
  LEDGER_RETURN_IF_ERROR(txn.Put(dbs.records, lmdb::BigEndian(seq), draft.bytes, MDB_APPEND));
  LEDGER_RETURN_IF_ERROR(AppendLeafHash(txn, dbs.merkle, seq, merkle::HashLeaf(draft.bytes)));
  LEDGER_RETURN_IF_ERROR(txn.Put(dbs.dedup, dedup_key, layout::DedupValue(draft.dedup)));
  for (const auto& e : draft.effect.upserts) {
    LEDGER_RETURN_IF_ERROR(
        txn.Put(dbs.keys, layout::KeyRowKey(e.registered_seq), keys::EncodeKeyEntry(e)));
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
  for (const auto& e : draft.effect.upserts) {
    if (e.registered_seq == seq) registry.written[e.key] = seq;  // a key this record registers
  }
  return Status::Ok();
}

}  // namespace ledger::store
