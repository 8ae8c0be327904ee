// LMDB RAII handles and layout helpers.
#include "ledger/lmdb.h"

#include <sys/stat.h>

#include <cerrno>
#include <cstring>

#include "ledger/layout.h"

namespace ledger::lmdb {
namespace {
MDB_val Val(ByteView b) { return MDB_val{b.size(), const_cast<uint8_t*>(b.data())}; }
ByteView View(const MDB_val& v) { return {static_cast<const uint8_t*>(v.mv_data), v.mv_size}; }
}  // namespace

Status FromMdb(int rc, std::string_view what) {
  if (rc == MDB_SUCCESS) return Status::Ok();
  std::string m = std::string(what) + ": " + mdb_strerror(rc);
  switch (rc) {
    case MDB_MAP_FULL:
      return Status::MapFull(m);
    case ENOSPC:
    case EDQUOT:
      return Status::ResourceExhausted(m);
    case MDB_NOTFOUND:
      return Status::NotFound(m);
    case MDB_CORRUPTED:
    case MDB_PAGE_NOTFOUND:
    case MDB_INVALID:
    case MDB_VERSION_MISMATCH:
      return Status::DataLoss(m);
    case ENOENT:
    case EACCES:
      return Status::FailedPrecondition(m);
    default:
      return Status::Internal(m);
  }
}

Result<Env> Env::Open(const std::string& dir, bool read_only, size_t map_size) {
  // NOTLS: read transactions are not tied to threads (the API serves readers
  // from a thread pool). Default sync flags: a commit is durable on return.
  const unsigned flags = MDB_NOTLS | (read_only ? MDB_RDONLY : 0u);
  int rc = 0;
  auto attempt = [&](unsigned f) -> Result<Env> {
    MDB_env* raw = nullptr;
    LEDGER_RETURN_IF_ERROR(FromMdb(mdb_env_create(&raw), "mdb_env_create"));
    Env env(raw);  // closes the handle on every path, as LMDB requires after a failed open
    LEDGER_RETURN_IF_ERROR(FromMdb(mdb_env_set_maxdbs(raw, layout::kMaxDbs), "mdb_env_set_maxdbs"));
    LEDGER_RETURN_IF_ERROR(FromMdb(mdb_env_set_maxreaders(raw, 256), "mdb_env_set_maxreaders"));
    if (map_size) LEDGER_RETURN_IF_ERROR(FromMdb(mdb_env_set_mapsize(raw, map_size), "mapsize"));
    rc = mdb_env_open(raw, dir.c_str(), f, 0640);
    if (rc != 0) return FromMdb(rc, "cannot open ledger database in " + dir);
    return env;
  };
  auto env = attempt(flags);
  // A copy on read-only media (a DVD, a read-only mount) cannot take the
  // lock file; no writer can run there either, so reading it unlocked is safe.
  if (!env.ok() && read_only && (rc == EACCES || rc == EROFS)) env = attempt(flags | MDB_NOLOCK);
  return env;
}

Env& Env::operator=(Env&& o) noexcept {
  if (this != &o) {
    if (env_) mdb_env_close(env_);
    env_ = std::exchange(o.env_, nullptr);
  }
  return *this;
}

Env::~Env() {
  if (env_) mdb_env_close(env_);
}

size_t Env::MapSize() const {
  MDB_envinfo info;
  mdb_env_info(env_, &info);
  return info.me_mapsize;
}

Status Env::SetMapSize(size_t bytes) { return FromMdb(mdb_env_set_mapsize(env_, bytes), "resize"); }

Status Env::CopyTo(const std::string& dir, bool compact) const {
  if (mkdir(dir.c_str(), 0750) != 0 && errno != EEXIST) {
    return Status::FailedPrecondition("cannot create " + dir + ": " + std::strerror(errno));
  }
  return FromMdb(mdb_env_copy2(env_, dir.c_str(), compact ? MDB_CP_COMPACT : 0),
                 "copy to " + dir);
}

Result<Txn> Txn::Begin(const Env& env, bool read_only, MDB_txn* parent) {
  MDB_txn* raw = nullptr;
  int rc = mdb_txn_begin(env.get(), parent, read_only ? MDB_RDONLY : 0, &raw);
  if (rc != 0) return FromMdb(rc, "begin transaction");
  return Txn(raw);
}

Txn& Txn::operator=(Txn&& o) noexcept {
  if (this != &o) {
    Abort();
    txn_ = std::exchange(o.txn_, nullptr);
  }
  return *this;
}

Status Txn::Commit() {
  MDB_txn* t = std::exchange(txn_, nullptr);
  return FromMdb(mdb_txn_commit(t), "commit");
}

void Txn::Abort() {
  if (txn_) mdb_txn_abort(std::exchange(txn_, nullptr));
}

Result<MDB_dbi> Txn::OpenDb(const char* name, bool create) {
  MDB_dbi dbi = 0;
  int rc = mdb_dbi_open(txn_, name, create ? MDB_CREATE : 0, &dbi);
  if (rc == MDB_NOTFOUND) {
    return Status::FailedPrecondition(std::string("not a ledger: database \"") + name +
                                      "\" is missing");
  }
  if (rc != 0) return FromMdb(rc, std::string("open database ") + name);
  return dbi;
}

Result<std::optional<ByteView>> Txn::Get(MDB_dbi dbi, ByteView key) const {
  MDB_val k = Val(key), v{};
  int rc = mdb_get(txn_, dbi, &k, &v);
  if (rc == MDB_NOTFOUND) return std::optional<ByteView>();
  if (rc != 0) return FromMdb(rc, "read");
  return std::optional<ByteView>(View(v));
}

Status Txn::Put(MDB_dbi dbi, ByteView key, ByteView value, unsigned flags) {
  MDB_val k = Val(key), v = Val(value);
  return FromMdb(mdb_put(txn_, dbi, &k, &v, flags), "write");
}

Status Txn::Delete(MDB_dbi dbi, ByteView key) {
  MDB_val k = Val(key);
  int rc = mdb_del(txn_, dbi, &k, nullptr);
  return rc == MDB_NOTFOUND ? Status::Ok() : FromMdb(rc, "delete");
}

Status Txn::Clear(MDB_dbi dbi) { return FromMdb(mdb_drop(txn_, dbi, 0), "clear database"); }

Result<uint64_t> Txn::Count(MDB_dbi dbi) const {
  MDB_stat st;
  LEDGER_RETURN_IF_ERROR(FromMdb(mdb_stat(txn_, dbi, &st), "stat"));
  return uint64_t(st.ms_entries);
}

Result<Cursor> Cursor::Open(const Txn& txn, MDB_dbi dbi) {
  MDB_cursor* c = nullptr;
  LEDGER_RETURN_IF_ERROR(FromMdb(mdb_cursor_open(txn.get(), dbi, &c), "open cursor"));
  return Cursor(c);
}

Cursor::~Cursor() {
  if (cur_) mdb_cursor_close(cur_);
}

Result<bool> Cursor::Seek(ByteView key) {
  k_ = Val(key);
  int rc = key.empty() ? mdb_cursor_get(cur_, &k_, &v_, MDB_FIRST)
                       : mdb_cursor_get(cur_, &k_, &v_, MDB_SET_RANGE);
  if (rc == MDB_NOTFOUND) return false;
  LEDGER_RETURN_IF_ERROR(FromMdb(rc, "cursor seek"));
  return true;
}

Result<bool> Cursor::Next() {
  int rc = mdb_cursor_get(cur_, &k_, &v_, MDB_NEXT);
  if (rc == MDB_NOTFOUND) return false;
  LEDGER_RETURN_IF_ERROR(FromMdb(rc, "cursor next"));
  return true;
}

Result<bool> Cursor::Last() {
  int rc = mdb_cursor_get(cur_, &k_, &v_, MDB_LAST);
  if (rc == MDB_NOTFOUND) return false;
  LEDGER_RETURN_IF_ERROR(FromMdb(rc, "cursor last"));
  return true;
}

U64Key BigEndian(uint64_t v) {
  U64Key k;
  for (int i = 7; i >= 0; --i, v >>= 8) k[i] = uint8_t(v);
  return k;
}

uint64_t ReadBigEndian(ByteView b) {
  uint64_t v = 0;
  for (int i = 0; i < 8; ++i) v = (v << 8) | b[i];
  return v;
}

}  // namespace ledger::lmdb
