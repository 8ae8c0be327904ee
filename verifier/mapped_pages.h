// MappedPages: drops pages of LMDB's read-only map that a pass has finished
// with, so resident memory stays bounded however large the ledger (the bytes
// stay in the page cache; the map is read-only, so nothing is lost). Internal.
#ifndef VERIFIER_MAPPED_PAGES_H_
#define VERIFIER_MAPPED_PAGES_H_

#include <sys/mman.h>
#include <unistd.h>

#include <algorithm>
#include <cstdint>

#include "ledger/encoding.h"

namespace ledger::verify {

// One madvise over the whole span touched: every call costs a TLB shootdown
// on each core running the process, and every dropped page touched again
// costs a fault, so callers release seldom and only after sequential reads.
class MappedPages {
 public:
  MappedPages() : page_(static_cast<uintptr_t>(sysconf(_SC_PAGESIZE))) {}
  void Note(ByteView v) {
    if (v.empty()) return;
    lo_ = std::min(lo_, reinterpret_cast<uintptr_t>(v.data()));
    hi_ = std::max(hi_, reinterpret_cast<uintptr_t>(v.data() + v.size()));
  }
  void Release() {
    if (hi_ <= lo_) return;
    uintptr_t begin = lo_ & ~(page_ - 1), end = (hi_ + page_ - 1) & ~(page_ - 1);
    madvise(reinterpret_cast<void*>(begin), end - begin, MADV_DONTNEED);
    lo_ = UINTPTR_MAX;
    hi_ = 0;
  }

 private:
  uintptr_t page_;
  uintptr_t lo_ = UINTPTR_MAX, hi_ = 0;
};

}  // namespace ledger::verify

#endif  // VERIFIER_MAPPED_PAGES_H_
