// The table of data.mdb maps (ledger/mapped_files.h): a fixed array of atomic
// slots, so that a signal handler can read it without locks or allocation.
#include "ledger/mapped_files.h"

#include <atomic>

namespace ledger::lmdb {
namespace {

struct Slot {
  std::atomic<uintptr_t> begin{0}, end{0};
};
constexpr int kSlots = 16;  // environments open at once in one process
Slot g_slots[kSlots];
static_assert(std::atomic<uintptr_t>::is_always_lock_free);

}  // namespace

void RememberMap(const void* begin, size_t bytes) {
  const auto b = reinterpret_cast<uintptr_t>(begin);
  for (Slot& s : g_slots) {
    uintptr_t expected = 0;
    if (s.begin.compare_exchange_strong(expected, b)) {
      s.end.store(b + bytes);
      return;
    }
  }
  // More maps than slots: the handler then treats a fault there as a bug (re-raises).
}

void ForgetMap(const void* begin) {
  const auto b = reinterpret_cast<uintptr_t>(begin);
  for (Slot& s : g_slots) {
    if (s.begin.load() == b) {
      s.end.store(0);
      s.begin.store(0);
      return;
    }
  }
}

bool FindInMaps(const void* addr, uint64_t* offset) {
  const auto a = reinterpret_cast<uintptr_t>(addr);
  for (const Slot& s : g_slots) {
    const uintptr_t b = s.begin.load(), e = s.end.load();
    if (b != 0 && a >= b && a < e) {
      *offset = a - b;
      return true;
    }
  }
  return false;
}

}  // namespace ledger::lmdb
