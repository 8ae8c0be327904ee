// Ledger store: creating and opening a ledger, its transactions and map
// growth, and the plain reads. Appending is in append.cc, proofs and backups
// in proofs.cc, the hooks' replay in hooks_sync.cc.
#include "ledger/store.h"

#include <algorithm>
#include <boost/json.hpp>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <mutex>

#include "ledger/key_files.h"
#include "ledger/keys.h"
#include "ledger_impl.h"
#include "records_check.h"
#include "tree_nodes.h"

namespace ledger {
namespace fs = std::filesystem;

namespace {

// The genesis record's submission: the log's identity, signed by the root.
Result<Submission> MakeGenesis(const std::string& origin, const PublicKey& log_key,
                               const SigningKey& root_key, const std::string& root_name,
                               const std::vector<std::shared_ptr<AppendHook>>& hooks) {
  const events::EventSchema* schema = events::LatestSchema("ledger.genesis");
  boost::json::object json;
  json["origin"] = origin;
  json["log_key"] = Base64Encode(log_key);
  json["root_key"] = Base64Encode(root_key.public_key());
  json["root_name"] = root_name;
  boost::json::array rule_sets;
  for (const auto& hook : hooks) {
    if (!hook->RuleSet().empty()) rule_sets.emplace_back(hook->RuleSet());
  }
  if (!rule_sets.empty()) json["rule_sets"] = std::move(rule_sets);
  LEDGER_ASSIGN_OR_RETURN(events::Body body, events::BodyFromJson(*schema, json));
  Submission genesis{"ledger.genesis", schema->version, events::EncodeBody(body), "genesis"};
  SignSubmission(genesis, root_key);
  return genesis;
}

Status BeyondTheLog(uint64_t size, uint64_t log_size) {
  return Status::InvalidArgument("tree size " + std::to_string(size) + " is beyond the log (" +
                                 std::to_string(log_size) + ")");
}

}  // namespace

Ledger::Impl::Impl(std::string dir_in, std::optional<store::WriterLock> lock_in,
                   lmdb::Env env_in, LedgerOptions options_in)
    : dir(std::move(dir_in)),
      writer_lock(std::move(lock_in)),
      env(std::move(env_in)),
      options(std::move(options_in)) {}

Result<store::WriterLock> LockNewLedgerDir(const std::string& dir) {
  std::error_code ec;
  if (fs::exists(layout::PathIn(dir, layout::kDataFile), ec)) {
    return Status::AlreadyExists(dir + " already holds a ledger");
  }
  fs::create_directories(dir, ec);
  if (ec) return Status::FailedPrecondition("cannot create " + dir + ": " + ec.message());
  // Locked before any file is written: a racing create must not replace
  // them under this one; and it may have finished first.
  LEDGER_ASSIGN_OR_RETURN(store::WriterLock lock, store::WriterLock::Acquire(dir));
  if (fs::exists(layout::PathIn(dir, layout::kDataFile), ec)) {
    return Status::AlreadyExists(dir + " already holds a ledger");
  }
  return lock;
}

Ledger::Ledger(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

Ledger::~Ledger() = default;

Result<std::unique_ptr<Ledger>> Ledger::Create(const std::string& dir, const std::string& origin,
                                               const SigningKey& root_key,
                                               const std::string& root_name,
                                               LedgerOptions options) {
  LEDGER_ASSIGN_OR_RETURN(store::WriterLock lock, LockNewLedgerDir(dir));

  // The genesis record is checked like any other submission, so build and
  // validate it before touching the disk.
  SigningKey log_key =
      options.log_key_source ? options.log_key_source() : SigningKey::Generate();
  LEDGER_ASSIGN_OR_RETURN(Submission genesis,
                          MakeGenesis(origin, log_key.public_key(), root_key, root_name,
                                      options.hooks));

  LEDGER_RETURN_IF_ERROR(WriteKeyFiles(dir, origin, log_key));
  options.read_only = false;
  LEDGER_ASSIGN_OR_RETURN(std::unique_ptr<Ledger> ledger,
                          OpenLocked(dir, std::move(options), &lock));
  auto outcome = ledger->AppendBatch(std::span(&genesis, 1));
  if (!outcome[0].status.ok()) return outcome[0].status.WithContext("genesis");
  return ledger;
}

Result<std::unique_ptr<Ledger>> Ledger::Open(const std::string& dir, LedgerOptions options) {
  return OpenLocked(dir, std::move(options), nullptr);
}

namespace {
// Whether an open walks every page of data.mdb (LedgerOptions::check_whole_file).
bool WholeFileCheck(const std::string& dir, std::optional<bool> chosen) {
  if (chosen) return *chosen;
  const char* env = std::getenv("LEDGER_OPEN_CHECK");
  const std::string_view forced = env ? env : "";
  if (forced == "full" || forced == "roots") return forced == "full";
  std::error_code ec;
  const auto bytes = fs::file_size(layout::PathIn(dir, layout::kDataFile), ec);
  return !ec && bytes <= kWholeFileCheckLimit;
}
}  // namespace

Result<std::unique_ptr<Ledger>> Ledger::OpenLocked(const std::string& dir, LedgerOptions options,
                                                   store::WriterLock* held) {
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) return Status::NotFound(dir + " is not a directory");
  if (options.read_only) LEDGER_RETURN_IF_ERROR(layout::RequireLedgerDir(dir));
  std::optional<store::WriterLock> lock;
  if (held) {
    lock.emplace(std::move(*held));
  } else if (!options.read_only) {
    // Taken before LMDB opens: even catching the hooks up writes.
    LEDGER_ASSIGN_OR_RETURN(store::WriterLock taken, store::WriterLock::Acquire(dir));
    lock.emplace(std::move(taken));
  }
  LEDGER_ASSIGN_OR_RETURN(
      lmdb::Env env,
      lmdb::Env::Open(dir, options.read_only, options.initial_map_bytes,
                      WholeFileCheck(dir, options.check_whole_file)
                          ? lmdb::FileCheckDepth::kFull
                          : lmdb::FileCheckDepth::kRoots));
  auto impl = std::make_unique<Impl>(dir, std::move(lock), std::move(env), std::move(options));
  LEDGER_RETURN_IF_ERROR(impl->Load());
  return std::unique_ptr<Ledger>(new Ledger(std::move(impl)));
}

Status Ledger::Impl::Load() {
  LEDGER_RETURN_IF_ERROR(WithGrowingMap([this] { return OpenDatabases(); }));
  // The log's identity: from the ledger once genesis is in, else from the
  // key files that Create wrote just before.
  // A replica never holds the log's signing key.
  LEDGER_ASSIGN_OR_RETURN(KeyFiles files, ReadKeyFiles(dir, !options.read_only && !replica));
  log_key = files.vkey;
  origin = files.vkey.name;
  log_signing_key = std::move(files.signing_key);
  if (size.load() > 0) LEDGER_RETURN_IF_ERROR(CheckStoredIdentity());
  if (size.load() > 0 && !options.read_only) LEDGER_RETURN_IF_ERROR(CheckRuleSets());
  if (!options.read_only) {
    // Indexed now, so that the first append does not pay for it (read-only
    // opens index on their first lookup by key).
    LEDGER_RETURN_IF_ERROR(WithRead([this](const lmdb::Txn& t) -> Status {
      std::lock_guard lock(key_index_mu);
      return key_index.CatchUp(t, dbs.keys);
    }));
  }
  return CatchUpHooks(/*reset=*/false);
}

Status Ledger::Impl::OpenDatabases() {
  const bool create = !options.read_only;
  LEDGER_ASSIGN_OR_RETURN(lmdb::Txn txn, lmdb::Txn::Begin(env, options.read_only));
  LEDGER_ASSIGN_OR_RETURN(dbs, layout::OpenDatabases(txn, create));
  LEDGER_ASSIGN_OR_RETURN(uint64_t records, txn.Count(dbs.records));
  LEDGER_ASSIGN_OR_RETURN(uint64_t checkpointed, LatestCheckpointSize(txn));
  LEDGER_RETURN_IF_ERROR(layout::CheckLayoutVersion(txn, dbs, dir, records == 0));
  if (create && records == 0) LEDGER_RETURN_IF_ERROR(layout::WriteLayoutVersion(txn, dbs));
  LEDGER_RETURN_IF_ERROR(store::CheckRecordsShape(txn, dbs, records, checkpointed));
  if (options.read_only) {
    // A live writer may be mid-way through nothing (every batch commits its
    // records with their checkpoint), but the checkpoint is what is
    // published: a read-only copy serves no record beyond it.
    records = std::min(records, checkpointed);
  }
  size.store(records);
  LEDGER_ASSIGN_OR_RETURN(std::optional<ByteView> marker,
                          txn.Get(dbs.meta, AsBytes(layout::kMetaReplica)));
  replica = marker.has_value();
  for (const auto& hook : options.hooks) LEDGER_RETURN_IF_ERROR(hook->Open(txn, create));
  // Committed even when read-only: the database handles outlive the transaction.
  return txn.Commit();
}

Result<uint64_t> Ledger::Impl::LatestCheckpointSize(const lmdb::Txn& txn) const {
  LEDGER_ASSIGN_OR_RETURN(lmdb::Cursor cur, lmdb::Cursor::Open(txn, dbs.checkpoints));
  LEDGER_ASSIGN_OR_RETURN(bool any, cur.Last());
  if (!any) return uint64_t{0};
  if (cur.key().size() != 8) return Status::DataLoss("a checkpoint key is not 8 bytes");
  return lmdb::ReadBigEndian(cur.key());
}

Status Ledger::Impl::CheckStoredIdentity() {
  std::string stored_origin, stored_vkey;
  LEDGER_RETURN_IF_ERROR(WithRead([&](const lmdb::Txn& t) -> Status {
    for (auto [key, out] :
         {std::pair{layout::kMetaOrigin, &stored_origin}, {layout::kMetaLogVkey, &stored_vkey}}) {
      LEDGER_ASSIGN_OR_RETURN(std::optional<ByteView> v, t.Get(dbs.meta, AsBytes(key)));
      if (!v) return Status::DataLoss("ledger metadata \"" + std::string(key) + "\" is missing");
      *out = std::string(AsChars(*v));
    }
    return Status::Ok();
  }));
  if (stored_vkey != log_key.ToString()) {
    return Status::FailedPrecondition(std::string(layout::kLogVkeyFile) + " (" +
                                      log_key.ToString() + ") is not this ledger's log key (" +
                                      stored_vkey + ")");
  }
  origin = stored_origin;
  return Status::Ok();
}

Status Ledger::Impl::CheckRuleSets() const {
  keys::GenesisInfo genesis;
  LEDGER_RETURN_IF_ERROR(WithRead([&](const lmdb::Txn& t) -> Status {
    LEDGER_ASSIGN_OR_RETURN(std::optional<ByteView> bytes,
                            t.Get(dbs.records, lmdb::BigEndian(0)));
    if (!bytes) return Status::DataLoss("the genesis record is missing");
    LEDGER_ASSIGN_OR_RETURN(Record record, DecodeRecord(*bytes));
    LEDGER_ASSIGN_OR_RETURN(genesis, keys::GenesisFromRecord(record));
    return Status::Ok();
  }));
  for (const std::string& name : genesis.rule_sets) {
    const bool applied = std::any_of(options.hooks.begin(), options.hooks.end(),
                                     [&](const auto& hook) { return hook->AppliesRuleSet(name); });
    if (!applied) {
      return Status::FailedPrecondition(
          "the log's genesis record says it is kept under the " + name +
          " rules; a writer must apply them (open it with the ledger program, or with the "
          "projections' options), else its records would go unchecked and unprojected");
    }
  }
  return Status::Ok();
}

Status Ledger::Impl::WithRead(const std::function<Status(const lmdb::Txn&)>& fn) const {
  std::shared_lock lock(map_gate);
  LEDGER_ASSIGN_OR_RETURN(lmdb::Txn txn, lmdb::Txn::Begin(env, true));
  return fn(txn);
}

Status Ledger::Impl::WithGrowingMap(const std::function<Status()>& attempt) {
  for (;;) {
    Status s = attempt();
    if (s.code() != Code::kMapFull) return s;
    // The attempt's transaction was aborted: redo all of it in a larger map.
    if (!GrowMap().ok()) {
      return Status::ResourceExhausted("cannot grow the ledger map: " + s.message());
    }
  }
}

Status Ledger::Impl::GrowMap() {
  std::unique_lock lock(map_gate);
  return env.SetMapSize(env.MapSize() * 2);
}

int64_t Ledger::Impl::Now() const {
  if (options.clock) return options.clock();
  using namespace std::chrono;
  return duration_cast<microseconds>(system_clock::now().time_since_epoch()).count();
}

Status Ledger::WithRead(const std::function<Status(const lmdb::Txn&)>& fn) const {
  return impl_->WithRead(fn);
}

uint64_t Ledger::Size() const { return impl_->size.load(); }

Status Ledger::Refresh() const {
  if (!impl_->options.read_only) return Status::Ok();
  uint64_t latest = 0;
  LEDGER_RETURN_IF_ERROR(WithRead([&](const lmdb::Txn& t) -> Status {
    LEDGER_ASSIGN_OR_RETURN(latest, impl_->LatestCheckpointSize(t));
    return Status::Ok();
  }));
  // Only forward: concurrent refreshes may finish out of order.
  uint64_t seen = impl_->size.load();
  while (latest > seen && !impl_->size.compare_exchange_weak(seen, latest)) {
  }
  return Status::Ok();
}

Status Ledger::CheckFile() const {
  std::shared_lock lock(impl_->map_gate);  // the map stays put while the walk's snapshot is held
  return impl_->env.CheckFile(impl_->dir);
}

const std::string& Ledger::origin() const { return impl_->origin; }
const note::VerifierKey& Ledger::log_key() const { return impl_->log_key; }

Result<Bytes> Ledger::RecordBytes(uint64_t seq) const {
  Bytes out;
  LEDGER_RETURN_IF_ERROR(WithRead([&](const lmdb::Txn& t) -> Status {
    // Nothing past Size(): a read-only copy serves what its checkpoint covers.
    std::optional<ByteView> v;
    if (seq < Size()) {
      LEDGER_ASSIGN_OR_RETURN(v, t.Get(impl_->dbs.records, lmdb::BigEndian(seq)));
    }
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
  to = std::min(to, Size());
  return WithRead([&](const lmdb::Txn& t) -> Status {
    LEDGER_ASSIGN_OR_RETURN(lmdb::Cursor cur, lmdb::Cursor::Open(t, impl_->dbs.records));
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
  if (size > Size()) return BeyondTheLog(size, Size());
  Hash root;
  LEDGER_RETURN_IF_ERROR(WithRead([&](const lmdb::Txn& t) -> Status {
    LEDGER_ASSIGN_OR_RETURN(root, store::RootAt(t, impl_->dbs.merkle, size, &impl_->node_cache));
    return Status::Ok();
  }));
  return root;
}

Result<std::string> Ledger::Checkpoint(std::optional<uint64_t> size) const {
  // The latest is always stored: every committed batch signs one.
  const uint64_t wanted = size.value_or(Size());
  {
    std::lock_guard lock(impl_->latest_mu);
    if (!impl_->latest_checkpoint.empty() && impl_->latest_size == wanted) {
      return impl_->latest_checkpoint;
    }
  }
  std::optional<std::string> stored;
  LEDGER_RETURN_IF_ERROR(WithRead([&](const lmdb::Txn& t) -> Status {
    LEDGER_ASSIGN_OR_RETURN(std::optional<ByteView> v,
                            t.Get(impl_->dbs.checkpoints, lmdb::BigEndian(wanted)));
    if (v) stored = std::string(AsChars(*v));
    return Status::Ok();
  }));
  if (stored) return *stored;
  if (!size) return Status::NotFound("the ledger has no checkpoint yet");
  if (*size > Size()) return BeyondTheLog(*size, Size());
  if (!impl_->log_signing_key) {
    return Status::NotFound("no checkpoint is stored for size " + std::to_string(*size) +
                            " and this copy has no log signing key");
  }
  LEDGER_ASSIGN_OR_RETURN(Hash root, RootAt(*size));
  return note::SignCheckpoint({impl_->origin, *size, root}, *impl_->log_signing_key);
}

}  // namespace ledger
