// MappedPages: drops every page of LMDB's read-only maps that a pass has
// touched, so resident memory stays bounded however large the ledger (the
// bytes stay in the page cache; the map is read-only, so nothing is lost and
// a page read again simply faults back in). Internal.
#ifndef VERIFIER_MAPPED_PAGES_H_
#define VERIFIER_MAPPED_PAGES_H_

#include <cstddef>
#include <cstdint>
#include <functional>
#include <vector>

#include "ledger/lmdb.h"
#include "multiset_sum.h"

namespace ledger::verify {

// The whole map at once, and only once it holds a budget's worth: a fault
// maps far more than the page read (fault-around, and recent kernels map a
// whole large page-cache folio, up to 2 MiB, at once), so what is resident is
// not the spans a pass read, and each page mapped again costs a fault. Each
// release also costs a TLB shootdown on every core running the process.
class MappedPages {
 public:
  // Tracks the map of `env`'s data file (see Track).
  explicit MappedPages(MDB_env* env);
  ~MappedPages();
  MappedPages(const MappedPages&) = delete;
  MappedPages& operator=(const MappedPages&) = delete;

  // Adds the map of `env`'s data file, found in /proc/self/maps (LMDB does
  // not say where it mapped it); a map it cannot find is not released. The
  // maps share one budget and are released together: releasing only the
  // one whose check came first would let the others grow unchecked.
  void Track(MDB_env* env);
  // Forgets `env`'s map: call before the environment closes, or a later
  // release would drop whatever the address range was reused for.
  void Untrack(MDB_env* env);

  // Releases every tracked map when the process's file-backed resident
  // memory (the maps, and the libraries) exceeds kMappedBudget.
  void ReleaseIfOver();

 private:
  struct Map {
    MDB_env* env;
    void* addr;
    size_t size;
  };
  static constexpr size_t kMappedBudget = 24 << 20;
  std::vector<Map> maps_;
  int statm_ = -1;  // /proc/self/statm, read once per check
  size_t page_ = 4096;
};

// Calls fn(key, value) for every entry of `db` in key order, checking the
// map's budget every `check_every` entries.
Status ScanReleasing(const lmdb::Txn& txn, MDB_dbi db, MappedPages& pages, uint64_t check_every,
                     const std::function<void(ByteView key, ByteView value)>& fn);

// Adds SumTerm(secret, key, value) of every entry of `db` to `sum` in one
// sequential scan; returns how many entries it holds.
Result<uint64_t> SumEntries(const lmdb::Txn& txn, MDB_dbi db, MappedPages& pages,
                            const Hash& secret, MultisetSum& sum);

}  // namespace ledger::verify

#endif  // VERIFIER_MAPPED_PAGES_H_
