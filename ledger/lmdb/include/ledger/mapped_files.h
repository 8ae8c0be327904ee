// Where LMDB has mapped data.mdb files in this process, readable from a
// signal handler: a command-line program's SIGBUS/SIGSEGV handler asks whether
// a faulting address lies in a map (a damaged or truncated file) or not (a bug).
#ifndef LEDGER_MAPPED_FILES_H_
#define LEDGER_MAPPED_FILES_H_

#include <cstddef>
#include <cstdint>

namespace ledger::lmdb {

// Env::Open and Env::SetMapSize keep these up to date; ~Env forgets the map.
void RememberMap(const void* begin, size_t bytes);
void ForgetMap(const void* begin);

// Async-signal-safe (lock-free atomics only): whether `addr` lies in a
// remembered map, and if so its offset from the map's start (the file offset).
bool FindInMaps(const void* addr, uint64_t* offset);

}  // namespace ledger::lmdb

#endif  // LEDGER_MAPPED_FILES_H_
