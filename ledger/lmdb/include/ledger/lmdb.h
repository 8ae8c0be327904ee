// Move-only RAII handles over the LMDB C API, shared by the store and the
// read-only verifier; the ledger's layout on top of them is ledger/layout.h.
// A Txn that was never committed aborts in its destructor. Views returned by
// Get point into the map and die with their transaction: copy to keep them.
#ifndef LEDGER_LMDB_H_
#define LEDGER_LMDB_H_

#include <lmdb.h>

#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "ledger/encoding.h"
#include "ledger/file_check.h"
#include "ledger/status.h"

namespace ledger::lmdb {

// Converts an LMDB return code into a Status ("<what>: MDB_MAP_FULL: ...").
// MDB_MAP_FULL becomes Code::kMapFull (the map can grow), a full disk
// ResourceExhausted (it cannot). The damage LMDB notices itself
// (MDB_CORRUPTED, MDB_PAGE_NOTFOUND, MDB_BAD_TXN, MDB_INVALID,
// MDB_VERSION_MISMATCH) is Code::kDamagedFile, a sentence naming data.mdb and
// `db`, the database, when known.
Status FromMdb(int rc, std::string_view what, std::string_view db = {});

class Env {
 public:
  using DbNames = std::array<std::string, 64>;  // dbi -> name, for error sentences

  // Opens (creating files when not read-only) the environment in directory
  // `dir`. An existing data.mdb is checked first without mapping it
  // (file_check.h: the meta pages, its size, every database's root page),
  // and with `check` kFull walked whole once open: damage is kDamagedFile.
  // Read-only creates no file: without lock.mdb it opens with MDB_NOLOCK.
  static Result<Env> Open(const std::string& dir, bool read_only, size_t map_size,
                          FileCheckDepth check = FileCheckDepth::kRoots);
  Env(Env&& o) noexcept
      : env_(std::exchange(o.env_, nullptr)),
        names_(std::move(o.names_)),
        map_(std::exchange(o.map_, nullptr)) {}
  Env& operator=(Env&& o) noexcept;
  ~Env();

  MDB_env* get() const { return env_; }
  size_t MapSize() const;
  // Precondition: no transaction of this process is open.
  Status SetMapSize(size_t bytes);
  // A consistent copy while writers run (mdb_env_copy2); `compact` drops free pages.
  Status CopyTo(const std::string& dir, bool compact) const;
  // The full walk of `dir`/data.mdb (this environment's file) at a snapshot
  // held open meanwhile, so it is safe while a writer commits.
  Status CheckFile(const std::string& dir) const;
  // kDamagedFile when data.mdb is now shorter than the pages LMDB uses (it
  // was truncated under the open environment). One fstat; Txn::Begin runs
  // it before every read transaction.
  Status CheckFileSize() const;

 private:
  explicit Env(MDB_env* env) : env_(env) {}
  void Attach();  // after mdb_env_open: names table, map remembered (mapped_files.h)
  void RememberCurrentMap();
  void Close();
  MDB_env* env_ = nullptr;
  std::unique_ptr<DbNames> names_;
  void* map_ = nullptr;
};

// The name `dbi` was opened under in `txn`'s environment ("" if unknown).
std::string DbName(MDB_txn* txn, MDB_dbi dbi);

class Txn {
 public:
  static Result<Txn> Begin(const Env& env, bool read_only, MDB_txn* parent = nullptr);
  Txn(Txn&& o) noexcept : txn_(std::exchange(o.txn_, nullptr)) {}
  Txn& operator=(Txn&& o) noexcept;
  ~Txn() { Abort(); }

  MDB_txn* get() const { return txn_; }
  Status Commit();  // the handle is cleared first, whatever the outcome
  void Abort();

  Result<MDB_dbi> OpenDb(const char* name, bool create);
  // NotFound is an expected outcome here: an empty optional.
  Result<std::optional<ByteView>> Get(MDB_dbi dbi, ByteView key) const;
  Status Put(MDB_dbi dbi, ByteView key, ByteView value, unsigned flags = 0);
  Status Delete(MDB_dbi dbi, ByteView key);
  Status Clear(MDB_dbi dbi);  // deletes every entry; the database stays open
  Result<uint64_t> Count(MDB_dbi dbi) const;

 private:
  explicit Txn(MDB_txn* txn) : txn_(txn) {}
  MDB_txn* txn_ = nullptr;
};

class Cursor {
 public:
  static Result<Cursor> Open(const Txn& txn, MDB_dbi dbi);
  Cursor(Cursor&& o) noexcept : cur_(std::exchange(o.cur_, nullptr)) {}
  ~Cursor();
  // Positions at the first key >= `key` (or the first key when empty);
  // returns false at the end.
  Result<bool> Seek(ByteView key);
  Result<bool> Next();
  // Positions at the last key; returns false when the database is empty.
  Result<bool> Last();
  ByteView key() const { return {static_cast<const uint8_t*>(k_.mv_data), k_.mv_size}; }
  ByteView value() const { return {static_cast<const uint8_t*>(v_.mv_data), v_.mv_size}; }

 private:
  explicit Cursor(MDB_cursor* c) : cur_(c) {}
  MDB_cursor* cur_ = nullptr;
  MDB_val k_{}, v_{};
};

// Integer keys: LMDB compares keys bytewise, so big-endian ones sort numerically.
using U64Key = std::array<uint8_t, 8>;
U64Key BigEndian(uint64_t v);
uint64_t ReadBigEndian(ByteView b);  // precondition: b.size() >= 8

}  // namespace ledger::lmdb

#endif  // LEDGER_LMDB_H_
