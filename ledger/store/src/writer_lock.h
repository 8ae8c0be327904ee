// WriterLock: the ledger directory's one-writer lock (layout::kWriterLockFile),
// an flock held for the life of a writable open. Internal to the store.
#ifndef LEDGER_SRC_STORE_WRITER_LOCK_H_
#define LEDGER_SRC_STORE_WRITER_LOCK_H_

#include <string>
#include <utility>

#include "ledger/status.h"

namespace ledger::store {

class WriterLock {
 public:
  // Takes the lock on `dir`'s lock file (creating it) without waiting and
  // writes this process's pid into it. FailedPrecondition naming the
  // holder's pid when another open holds it, in this process or another.
  static Result<WriterLock> Acquire(const std::string& dir);

  WriterLock(WriterLock&& o) noexcept : fd_(std::exchange(o.fd_, -1)) {}
  WriterLock& operator=(WriterLock&& o) noexcept;
  ~WriterLock();  // closing the descriptor releases the flock
  WriterLock(const WriterLock&) = delete;
  WriterLock& operator=(const WriterLock&) = delete;

 private:
  explicit WriterLock(int fd) : fd_(fd) {}
  int fd_ = -1;
};

}  // namespace ledger::store

#endif  // LEDGER_SRC_STORE_WRITER_LOCK_H_
