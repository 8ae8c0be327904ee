// A structural check of data.mdb against LMDB's own file format (LMDB 0.9,
// 64-bit layout), read with pread and never mapped, so that a truncated or
// overwritten file is a named error instead of a SIGBUS or SIGSEGV inside LMDB.
#ifndef LEDGER_FILE_CHECK_H_
#define LEDGER_FILE_CHECK_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "ledger/status.h"

namespace ledger::lmdb {

enum class FileCheckDepth {
  // The two meta pages, the file size against the last page they claim, the
  // main catalogue and the root page of every database it names.
  kRoots,
  // Everything reachable: every page of every database (and the free list),
  // checked before use, and each catalogue entry against what the walk counted.
  kFull,
};

struct FileCheckStats {
  uint64_t txnid = 0;         // the snapshot checked (the newer valid meta)
  uint64_t page_size = 0;
  uint64_t last_page = 0;     // mm_last_pg
  uint64_t file_bytes = 0;
  uint64_t pages_visited = 0;
  uint64_t databases = 0;     // named databases in the main catalogue
};

// Checks `dir`/data.mdb. Damage is Code::kDamagedFile with a message such as
// "damaged-file: data.mdb page 1234 (records): node 3's data runs past the
// page end"; databases are named as in the catalogue, the catalogue itself
// "main" and the free list "free". NotFound when there is no data.mdb.
//
// `txnid`: check that snapshot (a read transaction the caller holds open,
// so no writer can reuse its pages meanwhile); Unavailable when neither meta
// page holds it any more (two commits since: begin a new one and retry).
// Without it the newer meta is checked, retried when a writer commits during
// the walk (pages it frees may be reused under the walk).
Result<FileCheckStats> CheckDataFile(const std::string& dir, FileCheckDepth depth,
                                     std::optional<uint64_t> txnid = std::nullopt);

// Where one database's pages lie in the snapshot checked: the byte offset of
// its catalogue entry (an MDB_db, ledger/lmdb_format.h) in the file, and its
// pages by kind (overflow: the first page of each run). For diagnostics and
// for tests that damage a file on purpose.
struct DatabasePages {
  std::string name;  // "main", "free" or the database's name
  uint64_t catalogue_offset = 0;
  uint64_t root = 0;
  std::vector<uint64_t> branch, leaf, overflow;
};
// The full check, returning the map of "main", each named database, "free".
Result<std::vector<DatabasePages>> MapDataFile(const std::string& dir);

}  // namespace ledger::lmdb

#endif  // LEDGER_FILE_CHECK_H_
