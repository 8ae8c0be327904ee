// Ledger store: opening, the append transaction, reads and proofs.
#include "ledger/store.h"

#include <sys/stat.h>

#include <boost/json.hpp>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <thread>

#include "batch_verifier.h"
#include "ledger/key_files.h"
#include "tree_nodes.h"

namespace ledger {
namespace fs = std::filesystem;

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

// Checks signatures, in parallel for large batches (verification dominates).

}  // namespace

Ledger::Ledger(std::string dir, lmdb::Env env, LedgerOptions options)
    : dir_(std::move(dir)), env_(std::move(env)), options_(std::move(options)) {}

Ledger::~Ledger() = default;

int64_t Ledger::Now() const {
  if (options_.clock) return options_.clock();
  using namespace std::chrono;
  return duration_cast<microseconds>(system_clock::now().time_since_epoch()).count();
}

Result<std::unique_ptr<Ledger>> Ledger::Create(const std::string& dir, const std::string& origin,
                                               const SigningKey& root_key,
                                               const std::string& root_name,
                                               LedgerOptions options) {
  std::error_code ec;
  if (fs::exists(layout::PathIn(dir, layout::kDataFile), ec)) {
    return Status::AlreadyExists(dir + " already holds a ledger");
  }
  fs::create_directories(dir, ec);
  if (ec) return Status::FailedPrecondition("cannot create " + dir + ": " + ec.message());

  // The genesis record is checked like any other submission, so build and
  // validate it before touching the disk.
  SigningKey log_key = SigningKey::Generate();
  auto schema = events::LatestSchema("ledger.genesis");
  boost::json::object json;
  json["origin"] = origin;
  json["log_key"] = Base64Encode(log_key.public_key());
  json["root_key"] = Base64Encode(root_key.public_key());
  json["root_name"] = root_name;
  auto body = events::BodyFromJson(*schema, json);
  if (!body.ok()) return body.status();
  Submission genesis{"ledger.genesis", schema->version, events::EncodeBody(*body), "genesis"};
  SignSubmission(genesis, root_key);

  LEDGER_RETURN_IF_ERROR(WriteKeyFiles(dir, origin, log_key));
  options.read_only = false;
  LEDGER_ASSIGN_OR_RETURN(std::unique_ptr<Ledger> ledger, Open(dir, std::move(options)));
  auto outcome = ledger->AppendBatch(std::span(&genesis, 1));
  if (!outcome[0].status.ok()) return outcome[0].status.WithContext("genesis");
  return ledger;
}

Result<std::unique_ptr<Ledger>> Ledger::Open(const std::string& dir, LedgerOptions options) {
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) return Status::NotFound(dir + " is not a directory");
  if (options.read_only) LEDGER_RETURN_IF_ERROR(layout::RequireLedgerDir(dir));
  LEDGER_ASSIGN_OR_RETURN(lmdb::Env env,
                          lmdb::Env::Open(dir, options.read_only, options.initial_map_bytes));
  std::unique_ptr<Ledger> ledger(new Ledger(dir, std::move(env), std::move(options)));
  LEDGER_RETURN_IF_ERROR(ledger->LoadMeta());
  return ledger;
}

Status Ledger::LoadMeta() {
  const bool create = !options_.read_only;
  LEDGER_ASSIGN_OR_RETURN(lmdb::Txn txn, lmdb::Txn::Begin(env_, options_.read_only));
  LEDGER_ASSIGN_OR_RETURN(dbs_, layout::OpenDatabases(txn, create));
  LEDGER_ASSIGN_OR_RETURN(size_, txn.Count(dbs_.records));
  for (const auto& hook : options_.hooks) LEDGER_RETURN_IF_ERROR(hook->Open(txn, create));
  LEDGER_RETURN_IF_ERROR(txn.Commit());

  // The log's identity: from the ledger once genesis is in, else from the
  // key files that Create wrote just before.
  LEDGER_ASSIGN_OR_RETURN(KeyFiles files, ReadKeyFiles(dir_, !options_.read_only));
  log_key_ = files.vkey;
  origin_ = files.vkey.name;
  log_signing_key_ = std::move(files.signing_key);
  if (size_ > 0) {
    std::string stored_origin, stored_vkey;
    LEDGER_RETURN_IF_ERROR(WithRead([&](const lmdb::Txn& t) -> Status {
      for (auto [key, out] :
           {std::pair{layout::kMetaOrigin, &stored_origin}, {layout::kMetaLogVkey, &stored_vkey}}) {
        LEDGER_ASSIGN_OR_RETURN(std::optional<ByteView> v, t.Get(dbs_.meta, AsBytes(key)));
        if (!v) return Status::DataLoss("ledger metadata \"" + std::string(key) + "\" is missing");
        *out = std::string(AsChars(*v));
      }
      return Status::Ok();
    }));
    if (stored_vkey != log_key_.ToString()) {
      return Status::FailedPrecondition(std::string(layout::kLogVkeyFile) + " (" +
                                        log_key_.ToString() + ") is not this ledger's log key (" +
                                        stored_vkey + ")");
    }
    origin_ = stored_origin;
  }
  return CatchUpHooks(/*reset=*/false);
}

Status Ledger::WithRead(const std::function<Status(const lmdb::Txn&)>& fn) const {
  std::shared_lock lock(map_gate_);
  LEDGER_ASSIGN_OR_RETURN(lmdb::Txn txn, lmdb::Txn::Begin(env_, true));
  return fn(txn);
}

Status Ledger::GrowMap() {
  std::unique_lock lock(map_gate_);
  size_t next = env_.MapSize() * 2;
  LEDGER_RETURN_IF_ERROR(env_.SetMapSize(next));
  return Status::Ok();
}

uint64_t Ledger::Size() const { return size_.load(); }

std::vector<AppendOutcome> Ledger::AppendBatch(std::span<const Submission> batch) {
  store::BatchVerifier signatures(batch);
  for (;;) {
    Status fatal;
    std::vector<AppendOutcome> out = TryAppendBatch(batch, signatures, fatal);
    if (fatal.ok()) return out;
    if (fatal.code() == Code::kMapFull) {
      if (Status grown = GrowMap(); grown.ok()) continue;  // retry the whole batch, larger map
      fatal = Status::ResourceExhausted("cannot grow the ledger map: " + fatal.message());
    }
    // Nothing of this batch was committed: report the failure on every entry.
    for (auto& o : out) o = AppendOutcome{fatal};
    out.resize(batch.size(), AppendOutcome{fatal});
    return out;
  }
}

std::vector<AppendOutcome> Ledger::TryAppendBatch(std::span<const Submission> batch,
                                                  store::BatchVerifier& signatures, Status& fatal) {
  std::vector<AppendOutcome> out(batch.size());
  std::shared_lock lock(map_gate_);
  auto txn_or = lmdb::Txn::Begin(env_, false);
  if (!txn_or.ok()) {
    fatal = txn_or.status();
    return out;
  }
  lmdb::Txn& txn = *txn_or;
  const layout::Databases& db = dbs_;
  uint64_t seq = size_.load();
  Hash prev_hash{};
  int64_t now = Now();
  if (seq > 0) {
    auto last = txn.Get(db.records, lmdb::BigEndian(seq - 1));
    if (!last.ok() || !*last) {
      fatal = Status::DataLoss("record " + std::to_string(seq - 1) + " is missing");
      return out;
    }
    prev_hash = RecordHash(**last);
    auto rec = DecodeRecord(**last);
    if (!rec.ok()) {
      fatal = rec.status().WithContext("record " + std::to_string(seq - 1));
      return out;
    }
    now = std::max(now, rec->recorded_at_us);  // the ledger clock never runs backwards
  }

  const uint64_t first_seq = seq;
  for (size_t i = 0; i < batch.size(); ++i) {
    const Submission& sub = batch[i];
    AppendOutcome& o = out[i];
    if (!signatures.Ok(i)) {
      o.status = Status::InvalidArgument("signature: does not verify for signer ed25519:" +
                                         KeyFingerprint(sub.signer));
      continue;
    }
    // Each submission runs in a nested transaction so that a rejection
    // discards exactly its own writes.
    auto child_or = lmdb::Txn::Begin(env_, false, txn.get());
    if (!child_or.ok()) {
      fatal = child_or.status();
      return out;
    }
    lmdb::Txn& child = *child_or;
    Hash record_hash{};
    Status s = [&]() -> Status {
      if (sub.client_id.empty()) return Status::InvalidArgument("client_id: must not be empty");
      Hash dedup_key = layout::DedupKey(sub.signer, sub.client_id);
      Hash digest = SubmissionDigest(sub);
      LEDGER_ASSIGN_OR_RETURN(std::optional<ByteView> seen, child.Get(db.dedup, dedup_key));
      if (seen) {
        uint64_t original = lmdb::ReadBigEndian(*seen);
        if (seen->size() == 40 && std::equal(digest.begin(), digest.end(), seen->begin() + 8)) {
          o.seq = original;
          o.duplicate = true;
          return Status::Ok();
        }
        return Status::AlreadyExists("client_id: \"" + sub.client_id +
                                     "\" was already used by this signer for a different "
                                     "submission (seq " +
                                     std::to_string(original) + ")");
      }
      LEDGER_ASSIGN_OR_RETURN(events::Body body, events::DecodeLatestBody(sub));
      LEDGER_ASSIGN_OR_RETURN(keys::RegistryEffect effect,
                              keys::CheckSubmission(sub, body, seq, TxnKeyLookup(child, db.keys)));
      if (effect.genesis && effect.genesis->log_key != log_key_.key) {
        return Status::InvalidArgument("body.log_key: not this ledger's log key");
      }
      Record rec{kRecordFormatVersion, seq, prev_hash, now, sub, {}};
      for (const auto& hook : options_.hooks) {
        LEDGER_ASSIGN_OR_RETURN(std::vector<std::string> flags, hook->Check(child, rec, body));
        rec.flags.insert(rec.flags.end(), flags.begin(), flags.end());
      }
      Bytes bytes = EncodeRecord(rec);
      if (bytes.size() > kMaxRecordBytes) {
        return Status::InvalidArgument("the entry is " + std::to_string(bytes.size()) +
                                       " bytes; the limit is " + std::to_string(kMaxRecordBytes));
      }
      LEDGER_RETURN_IF_ERROR(child.Put(db.records, lmdb::BigEndian(seq), bytes, MDB_APPEND));
      LEDGER_RETURN_IF_ERROR(store::AppendLeafHash(child, db.merkle, seq, merkle::HashLeaf(bytes)));
      LEDGER_RETURN_IF_ERROR(child.Put(db.dedup, dedup_key, layout::DedupValue({seq, digest})));
      for (const auto& e : effect.upserts) {
        LEDGER_RETURN_IF_ERROR(child.Put(db.keys, e.key, keys::EncodeKeyEntry(e)));
      }
      if (effect.genesis) {
        LEDGER_RETURN_IF_ERROR(
            child.Put(db.meta, AsBytes(layout::kMetaOrigin), AsBytes(effect.genesis->origin)));
        LEDGER_RETURN_IF_ERROR(
            child.Put(db.meta, AsBytes(layout::kMetaLogVkey), AsBytes(log_key_.ToString())));
      }
      for (const auto& hook : options_.hooks) LEDGER_RETURN_IF_ERROR(hook->Apply(child, rec, body));
      o.seq = seq;
      o.flags = rec.flags;
      record_hash = RecordHash(bytes);
      return Status::Ok();
    }();
    if (!s.ok()) {
      child.Abort();
      if (s.code() == Code::kMapFull) {
        fatal = s;
        return out;
      }
      o = AppendOutcome{s};
      continue;
    }
    if (Status c = child.Commit(); !c.ok()) {
      fatal = c;
      return out;
    }
    if (!o.duplicate) {
      prev_hash = record_hash;
      ++seq;
    }
  }
  if (seq == first_seq) return out;  // nothing new: the abort leaves every byte as it was

  // Sign a checkpoint for the new size inside the same transaction, so the
  // log never holds a record that no stored checkpoint covers.
  fatal = [&]() -> Status {
    LEDGER_ASSIGN_OR_RETURN(Hash root, store::RootAt(txn, db.merkle, seq));
    LEDGER_ASSIGN_OR_RETURN(std::string cp,
                            note::SignCheckpoint({origin_, seq, root}, *log_signing_key_));
    LEDGER_RETURN_IF_ERROR(txn.Put(db.checkpoints, lmdb::BigEndian(seq), AsBytes(cp)));
    return txn.Commit();  // durable on return: only now may outcomes be acknowledged
  }();
  if (fatal.ok()) size_.store(seq);
  return out;
}

Result<Bytes> Ledger::RecordBytes(uint64_t seq) const {
  Bytes out;
  LEDGER_RETURN_IF_ERROR(WithRead([&](const lmdb::Txn& t) -> Status {
    LEDGER_ASSIGN_OR_RETURN(std::optional<ByteView> v, t.Get(dbs_.records, lmdb::BigEndian(seq)));
    if (!v) return Status::NotFound("no record at seq " + std::to_string(seq));
    out.assign(v->begin(), v->end());
    return Status::Ok();
  }));
  return out;
}

Result<Record> Ledger::GetRecord(uint64_t seq) const {
  LEDGER_ASSIGN_OR_RETURN(Bytes b, RecordBytes(seq));
  return DecodeRecord(b);
}

Status Ledger::ForEachRecord(uint64_t from, uint64_t to,
                             const std::function<Status(uint64_t, ByteView)>& fn) const {
  return WithRead([&](const lmdb::Txn& t) -> Status {
    LEDGER_ASSIGN_OR_RETURN(lmdb::Cursor cur, lmdb::Cursor::Open(t, dbs_.records));
    LEDGER_ASSIGN_OR_RETURN(bool more, cur.Seek(lmdb::BigEndian(from)));
    while (more) {
      uint64_t seq = lmdb::ReadBigEndian(cur.key());
      if (seq >= to) break;
      LEDGER_RETURN_IF_ERROR(fn(seq, cur.value()));
      LEDGER_ASSIGN_OR_RETURN(more, cur.Next());
    }
    return Status::Ok();
  });
}

Result<Hash> Ledger::RootAt(uint64_t size) const {
  if (size > Size()) {
    return Status::InvalidArgument("tree size " + std::to_string(size) + " is beyond the log (" +
                                   std::to_string(Size()) + ")");
  }
  Hash root;
  LEDGER_RETURN_IF_ERROR(WithRead([&](const lmdb::Txn& t) -> Status {
    LEDGER_ASSIGN_OR_RETURN(root, store::RootAt(t, dbs_.merkle, size));
    return Status::Ok();
  }));
  return root;
}

Result<std::string> Ledger::Checkpoint(std::optional<uint64_t> size) const {
  std::string out;
  LEDGER_RETURN_IF_ERROR(WithRead([&](const lmdb::Txn& t) -> Status {
    if (!size) {
      LEDGER_ASSIGN_OR_RETURN(std::optional<ByteView> v,
                              t.Get(dbs_.checkpoints, lmdb::BigEndian(Size())));
      if (!v) return Status::NotFound("the ledger has no checkpoint yet");
      out = std::string(AsChars(*v));
      return Status::Ok();
    }
    LEDGER_ASSIGN_OR_RETURN(std::optional<ByteView> v,
                            t.Get(dbs_.checkpoints, lmdb::BigEndian(*size)));
    if (v) out = std::string(AsChars(*v));
    return Status::Ok();
  }));
  if (!out.empty()) return out;
  if (*size > Size()) {
    return Status::InvalidArgument("tree size " + std::to_string(*size) + " is beyond the log (" +
                                   std::to_string(Size()) + ")");
  }
  if (!log_signing_key_) {
    return Status::NotFound("no checkpoint is stored for size " + std::to_string(*size) +
                            " and this copy has no log signing key");
  }
  LEDGER_ASSIGN_OR_RETURN(Hash root, RootAt(*size));
  return note::SignCheckpoint({origin_, *size, root}, *log_signing_key_);
}

}  // namespace ledger
