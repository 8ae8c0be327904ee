// The one-writer lock (writer_lock.h). flock, not fcntl locks: an flock
// belongs to the open file description, so a second open in the same
// process is refused too, and closing some other descriptor of the file
// never drops it. The file is never removed: unlinking a lock file lets two
// writers lock two different files.
#include "writer_lock.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "ledger/layout.h"

namespace ledger::store {
namespace {

// The pid the holder wrote, "" if it has not written one yet.
std::string ReadHolder(const std::string& path) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return "";
  char buf[32] = {};
  ssize_t n = ::read(fd, buf, sizeof buf - 1);
  ::close(fd);
  std::string text(buf, n > 0 ? static_cast<size_t>(n) : 0);
  while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.pop_back();
  return text;
}

}  // namespace

Result<WriterLock> WriterLock::Acquire(const std::string& dir) {
  const std::string path = layout::PathIn(dir, layout::kWriterLockFile);
  int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (fd < 0) {
    return Status::FailedPrecondition("cannot open " + path + ": " + std::strerror(errno));
  }
  WriterLock lock(fd);
  if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
    const int err = errno;
    if (err != EWOULDBLOCK) {
      return Status::FailedPrecondition("cannot lock " + path + ": " + std::strerror(err));
    }
    const std::string holder = ReadHolder(path);
    return Status::FailedPrecondition(
        dir + " is open for writing by another process (" +
        (holder.empty() ? std::string("pid not yet written") : "pid " + holder) + ", " +
        layout::kWriterLockFile + "); stop it, or open the ledger read-only");
  }
  const std::string pid = std::to_string(::getpid()) + "\n";
  if (::ftruncate(fd, 0) != 0 || ::pwrite(fd, pid.data(), pid.size(), 0) != ssize_t(pid.size())) {
    return Status::FailedPrecondition("cannot write " + path + ": " + std::strerror(errno));
  }
  return lock;
}

WriterLock& WriterLock::operator=(WriterLock&& o) noexcept {
  if (this != &o) {
    if (fd_ >= 0) ::close(fd_);
    fd_ = std::exchange(o.fd_, -1);
  }
  return *this;
}

WriterLock::~WriterLock() {
  if (fd_ >= 0) ::close(fd_);
}

}  // namespace ledger::store
