// LMDB RAII handles and layout helpers.
#include "ledger/lmdb.h"

#include <sys/stat.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

#include "ledger/layout.h"
#include "ledger/mapped_files.h"

namespace ledger::lmdb {
namespace {
MDB_val Val(ByteView b) { return MDB_val{b.size(), const_cast<uint8_t*>(b.data())}; }
ByteView View(const MDB_val& v) { return {static_cast<const uint8_t*>(v.mv_data), v.mv_size}; }
}  // namespace

Status FromMdb(int rc, std::string_view what, std::string_view db) {
  if (rc == MDB_SUCCESS) return Status::Ok();
  std::string m = std::string(what) + ": " + mdb_strerror(rc);
  // The damage LMDB itself notices: a sentence naming the file and the database.
  const std::string where = std::string(layout::kDataFile) +
                            (db.empty() ? std::string() : " (" + std::string(db) + ")");
  auto damaged = [&](const std::string& sentence) {
    return Status::DamagedFile("damaged-file: " + where + ": " + sentence + " (" +
                               std::string(what) + "); run ledger-verify on the ledger");
  };
  switch (rc) {
    case MDB_MAP_FULL:
      return Status::MapFull(m);
    case ENOSPC:
    case EDQUOT:
      return Status::ResourceExhausted(m);
    case MDB_NOTFOUND:
      return Status::NotFound(m);
    case MDB_CORRUPTED:
      return damaged("LMDB found a page that is not the kind it expected (MDB_CORRUPTED)");
    case MDB_PAGE_NOTFOUND:
      return damaged("a page LMDB needed is not in the file (MDB_PAGE_NOTFOUND)");
    case MDB_BAD_TXN:
      return damaged(
          "the transaction was stopped by an earlier failure in it, such as a damaged page "
          "(MDB_BAD_TXN)");
    case MDB_INVALID:
      return damaged("not an LMDB file, or both its meta pages are damaged (MDB_INVALID)");
    case MDB_VERSION_MISMATCH:
      return damaged("written in an LMDB file format this program does not read "
                     "(MDB_VERSION_MISMATCH)");
    case ENOENT:
    case EACCES:
      return Status::FailedPrecondition(m);
    default:
      return Status::Internal(m);
  }
}

std::string DbName(MDB_txn* txn, MDB_dbi dbi) {
  if (!txn) return {};
  const auto* names = static_cast<const Env::DbNames*>(mdb_env_get_userctx(mdb_txn_env(txn)));
  if (!names || dbi >= names->size()) return {};
  return (*names)[dbi];
}

Result<Env> Env::Open(const std::string& dir, bool read_only, size_t map_size,
                      FileCheckDepth check) {
  // LMDB trusts its file: a short or overwritten one makes it fault. An
  // existing data.mdb is checked first, read with pread (file_check.h).
  std::error_code ec;
  const bool exists = std::filesystem::exists(layout::PathIn(dir, layout::kDataFile), ec);
  if (exists) LEDGER_RETURN_IF_ERROR(CheckDataFile(dir, FileCheckDepth::kRoots).status());
  // NOTLS: read transactions are not tied to threads (the API serves readers
  // from a thread pool). Default sync flags: a commit is durable on return.
  unsigned flags = MDB_NOTLS | (read_only ? MDB_RDONLY : 0u);
  // Read-only never creates a file: without lock.mdb there is no writer using
  // one either (a writer creates it), so reading unlocked is safe.
  if (read_only && !std::filesystem::exists(layout::PathIn(dir, layout::kLockFile), ec)) {
    flags |= MDB_NOLOCK;
  }
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
    env.Attach();
    return env;
  };
  auto env = attempt(flags);
  // A copy on read-only media (a DVD, a read-only mount) cannot take the
  // lock file; no writer can run there either, so reading it unlocked is safe.
  if (!env.ok() && read_only && (rc == EACCES || rc == EROFS)) env = attempt(flags | MDB_NOLOCK);
  if (env.ok() && exists && check == FileCheckDepth::kFull) {
    LEDGER_RETURN_IF_ERROR(env->CheckFile(dir));
  }
  return env;
}

Status Env::CheckFile(const std::string& dir) const {
  // A read transaction pins its snapshot: no writer reuses its pages while
  // the walk reads them. Two commits in between retire its meta page: retry.
  for (int attempt = 0;; ++attempt) {
    MDB_txn* raw = nullptr;
    LEDGER_RETURN_IF_ERROR(FromMdb(mdb_txn_begin(env_, nullptr, MDB_RDONLY, &raw), "begin check"));
    auto checked = CheckDataFile(dir, FileCheckDepth::kFull, mdb_txn_id(raw));
    mdb_txn_abort(raw);
    if (checked.ok() || checked.status().code() != Code::kUnavailable || attempt == 8) {
      return checked.status();
    }
  }
}

void Env::Attach() {
  names_ = std::make_unique<DbNames>();
  mdb_env_set_userctx(env_, names_.get());
  RememberCurrentMap();
}

void Env::RememberCurrentMap() {
  MDB_envinfo info;
  if (mdb_env_info(env_, &info) != 0 || !info.me_mapaddr) return;
  if (map_) ForgetMap(map_);
  map_ = info.me_mapaddr;
  RememberMap(info.me_mapaddr, info.me_mapsize);
}

Status Env::CheckFileSize() const {
  MDB_envinfo info;
  MDB_stat st;
  mdb_filehandle_t fd = -1;
  if (mdb_env_info(env_, &info) != 0 || mdb_env_stat(env_, &st) != 0 ||
      mdb_env_get_fd(env_, &fd) != 0 || fd < 0) {
    return Status::Ok();
  }
  struct stat file;
  if (fstat(fd, &file) != 0) return Status::Ok();
  const uint64_t used = (uint64_t(info.me_last_pgno) + 1) * st.ms_psize;
  if (uint64_t(file.st_size) >= used) return Status::Ok();
  return Status::DamagedFile("damaged-file: " + std::string(layout::kDataFile) + ": the file is " +
                             std::to_string(file.st_size) + " bytes, shorter than the " +
                             std::to_string(used) +
                             " bytes LMDB uses (it was truncated while open)");
}

Env& Env::operator=(Env&& o) noexcept {
  if (this != &o) {
    Close();
    env_ = std::exchange(o.env_, nullptr);
    names_ = std::move(o.names_);
    map_ = std::exchange(o.map_, nullptr);
  }
  return *this;
}

Env::~Env() { Close(); }

void Env::Close() {
  if (map_) ForgetMap(std::exchange(map_, nullptr));
  if (env_) mdb_env_close(std::exchange(env_, nullptr));
}

size_t Env::MapSize() const {
  MDB_envinfo info;
  mdb_env_info(env_, &info);
  return info.me_mapsize;
}

Status Env::SetMapSize(size_t bytes) {
  Status s = FromMdb(mdb_env_set_mapsize(env_, bytes), "resize");
  RememberCurrentMap();
  return s;
}

Status Env::CopyTo(const std::string& dir, bool compact) const {
  if (mkdir(dir.c_str(), 0750) != 0 && errno != EEXIST) {
    return Status::FailedPrecondition("cannot create " + dir + ": " + std::strerror(errno));
  }
  return FromMdb(mdb_env_copy2(env_, dir.c_str(), compact ? MDB_CP_COMPACT : 0),
                 "copy to " + dir);
}

Result<Txn> Txn::Begin(const Env& env, bool read_only, MDB_txn* parent) {
  MDB_txn* raw = nullptr;
  // A file truncated under an open environment would fault on the first
  // page read past its end: a read checks the size first (one fstat).
  if (read_only && !parent) LEDGER_RETURN_IF_ERROR(env.CheckFileSize());
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
  if (rc != 0) return FromMdb(rc, std::string("open database ") + name, name);
  if (auto* names = static_cast<Env::DbNames*>(mdb_env_get_userctx(mdb_txn_env(txn_)));
      names && dbi < names->size()) {
    (*names)[dbi] = name;
  }
  return dbi;
}

Result<std::optional<ByteView>> Txn::Get(MDB_dbi dbi, ByteView key) const {
  MDB_val k = Val(key), v{};
  int rc = mdb_get(txn_, dbi, &k, &v);
  if (rc == MDB_NOTFOUND) return std::optional<ByteView>();
  if (rc != 0) return FromMdb(rc, "read", DbName(txn_, dbi));
  return std::optional<ByteView>(View(v));
}

Status Txn::Put(MDB_dbi dbi, ByteView key, ByteView value, unsigned flags) {
  MDB_val k = Val(key), v = Val(value);
  return FromMdb(mdb_put(txn_, dbi, &k, &v, flags), "write", DbName(txn_, dbi));
}

Status Txn::Delete(MDB_dbi dbi, ByteView key) {
  MDB_val k = Val(key);
  int rc = mdb_del(txn_, dbi, &k, nullptr);
  return rc == MDB_NOTFOUND ? Status::Ok() : FromMdb(rc, "delete", DbName(txn_, dbi));
}

Status Txn::Clear(MDB_dbi dbi) { return FromMdb(mdb_drop(txn_, dbi, 0), "clear database"); }

Result<uint64_t> Txn::Count(MDB_dbi dbi) const {
  MDB_stat st;
  LEDGER_RETURN_IF_ERROR(FromMdb(mdb_stat(txn_, dbi, &st), "stat", DbName(txn_, dbi)));
  return uint64_t(st.ms_entries);
}

Result<Cursor> Cursor::Open(const Txn& txn, MDB_dbi dbi) {
  MDB_cursor* c = nullptr;
  LEDGER_RETURN_IF_ERROR(
      FromMdb(mdb_cursor_open(txn.get(), dbi, &c), "open cursor", DbName(txn.get(), dbi)));
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
  if (rc != 0) return FromMdb(rc, "cursor seek", DbName(mdb_cursor_txn(cur_), mdb_cursor_dbi(cur_)));
  return true;
}

Result<bool> Cursor::Next() {
  int rc = mdb_cursor_get(cur_, &k_, &v_, MDB_NEXT);
  if (rc == MDB_NOTFOUND) return false;
  if (rc != 0) return FromMdb(rc, "cursor next", DbName(mdb_cursor_txn(cur_), mdb_cursor_dbi(cur_)));
  return true;
}

Result<bool> Cursor::Last() {
  int rc = mdb_cursor_get(cur_, &k_, &v_, MDB_LAST);
  if (rc == MDB_NOTFOUND) return false;
  if (rc != 0) return FromMdb(rc, "cursor last", DbName(mdb_cursor_txn(cur_), mdb_cursor_dbi(cur_)));
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
