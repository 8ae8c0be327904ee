// MappedPages: locating LMDB's map of the data file, and releasing it.
#include "mapped_pages.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <string>

#include "ledger/layout.h"

namespace ledger::verify {

MappedPages::MappedPages(MDB_env* env)
    : statm_(open("/proc/self/statm", O_RDONLY | O_CLOEXEC)),
      page_(static_cast<size_t>(sysconf(_SC_PAGESIZE))) {
  Track(env);
}

void MappedPages::Track(MDB_env* env) {
  const char* dir = nullptr;
  struct stat file {};
  if (!env || mdb_env_get_path(env, &dir) != 0 || !dir ||
      stat(layout::PathIn(dir, layout::kDataFile).c_str(), &file) != 0) {
    return;
  }
  // "start-end perms offset dev inode path": the shared mapping of that inode.
  std::ifstream maps("/proc/self/maps");
  for (std::string line; std::getline(maps, line);) {
    unsigned long start = 0, end = 0, inode = 0;
    char perms[8] = {};
    if (std::sscanf(line.c_str(), "%lx-%lx %7s %*s %*s %lu", &start, &end, perms, &inode) == 4 &&
        inode == file.st_ino && perms[3] == 's') {
      maps_.push_back({env, reinterpret_cast<void*>(start), end - start});
      return;
    }
  }
}

void MappedPages::Untrack(MDB_env* env) {
  std::erase_if(maps_, [env](const Map& m) { return m.env == env; });
}

MappedPages::~MappedPages() {
  if (statm_ >= 0) close(statm_);
}

void MappedPages::ReleaseIfOver() {
  if (maps_.empty() || statm_ < 0) return;
  // "size resident shared text lib data dt", in pages; shared = file-backed.
  char buf[128];
  const ssize_t n = pread(statm_, buf, sizeof buf - 1, 0);
  if (n <= 0) return;
  buf[n] = 0;
  unsigned long size = 0, resident = 0, shared = 0;
  if (std::sscanf(buf, "%lu %lu %lu", &size, &resident, &shared) != 3) return;
  if (shared * page_ <= kMappedBudget) return;
  for (const Map& m : maps_) madvise(m.addr, m.size, MADV_DONTNEED);
}

Status ScanReleasing(const lmdb::Txn& txn, MDB_dbi db, MappedPages& pages, uint64_t check_every,
                     const std::function<void(ByteView key, ByteView value)>& fn) {
  LEDGER_ASSIGN_OR_RETURN(lmdb::Cursor cur, lmdb::Cursor::Open(txn, db));
  LEDGER_ASSIGN_OR_RETURN(bool more, cur.Seek({}));
  for (uint64_t n = 1; more; ++n) {
    fn(cur.key(), cur.value());
    if (n % check_every == 0) pages.ReleaseIfOver();
    LEDGER_ASSIGN_OR_RETURN(more, cur.Next());
  }
  pages.ReleaseIfOver();
  return Status::Ok();
}

Result<uint64_t> SumEntries(const lmdb::Txn& txn, MDB_dbi db, MappedPages& pages,
                            const Hash& secret, MultisetSum& sum) {
  constexpr uint64_t kCheckMapEvery = 4096;  // entries per check of the map's budget
  uint64_t entries = 0;
  LEDGER_RETURN_IF_ERROR(
      ScanReleasing(txn, db, pages, kCheckMapEvery, [&](ByteView key, ByteView value) {
        sum.Add(SumTerm(secret, key, value));
        ++entries;
      }));
  return entries;
}

}  // namespace ledger::verify
