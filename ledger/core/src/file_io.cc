// Whole-file reads and durable writes (ledger/file_io.h).
#include "ledger/file_io.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <utility>

namespace ledger {
namespace {

// An owned file descriptor: closed exactly once, whatever path leaves the scope.
class OwnedFd {
 public:
  explicit OwnedFd(int fd) : fd_(fd) {}
  OwnedFd(const OwnedFd&) = delete;
  OwnedFd& operator=(const OwnedFd&) = delete;
  ~OwnedFd() {
    if (fd_ >= 0) ::close(fd_);
  }
  int get() const { return fd_; }
  bool valid() const { return fd_ >= 0; }
  // Closes now and reports the error close(2) gives (which may be a late write error).
  int Close() { return ::close(std::exchange(fd_, -1)); }

 private:
  int fd_;
};

std::string Why(int err) { return std::strerror(err); }

Status WriteError(const std::string& what, const std::string& path, int err) {
  std::string message = "cannot " + what + " " + path + ": " + Why(err);
  if (err == ENOSPC || err == EDQUOT) return Status::ResourceExhausted(message);
  return Status::FailedPrecondition(message);
}

}  // namespace

Result<std::string> ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::NotFound("cannot read " + path + ": " + Why(errno));
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

Status WriteFileDurably(const std::string& path, std::string_view data, unsigned mode) {
  namespace fs = std::filesystem;
  fs::path dir = fs::path(path).parent_path();
  if (dir.empty()) dir = ".";
  std::error_code ec;
  fs::create_directories(dir, ec);  // an error shows up at open below

  std::string tmp = path + ".tmp";
  OwnedFd fd(::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode));
  if (!fd.valid()) return WriteError("write", tmp, errno);
  size_t done = 0;
  while (done < data.size()) {
    ssize_t n = ::write(fd.get(), data.data() + done, data.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return WriteError("write", tmp, errno);
    done += size_t(n);
  }
  if (::fsync(fd.get()) != 0) return WriteError("sync", tmp, errno);
  if (fd.Close() != 0) return WriteError("close", tmp, errno);
  if (::rename(tmp.c_str(), path.c_str()) != 0) return WriteError("rename", tmp, errno);
  // The rename is durable only once the directory entry is.
  OwnedFd dir_fd(::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (!dir_fd.valid()) return WriteError("open folder", dir.string(), errno);
  if (::fsync(dir_fd.get()) != 0) return WriteError("sync folder", dir.string(), errno);
  return Status::Ok();
}

}  // namespace ledger
