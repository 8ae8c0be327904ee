// The background check of a served data.mdb (api/file_watch.h).
#include "api/file_watch.h"

#include <sys/stat.h>

#include "ledger/layout.h"

namespace ledger::api {
namespace {

// What says the file changed: its size and modification time.
struct Stamp {
  off_t size = -1;
  timespec mtime{};
  bool operator==(const Stamp& o) const {
    return size == o.size && mtime.tv_sec == o.mtime.tv_sec && mtime.tv_nsec == o.mtime.tv_nsec;
  }
};
Stamp StampOf(const std::string& path) {
  struct stat st;
  if (::stat(path.c_str(), &st) != 0) return {};
  return {st.st_size, st.st_mtim};
}

}  // namespace

FileWatch::FileWatch(const Ledger& ledger, std::string dir, std::chrono::seconds interval)
    : ledger_(ledger), path_(layout::PathIn(dir, layout::kDataFile)), interval_(interval) {
  if (interval_.count() > 0) thread_ = std::thread([this] { Run(); });
}

FileWatch::~FileWatch() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

Status FileWatch::Health() const {
  std::lock_guard lock(mu_);
  return damage_;
}

Status FileWatch::CheckNow() {
  Status s = ledger_.CheckFile();
  if (s.code() != Code::kDamagedFile) return s;  // damage only; a busy file is retried later
  std::lock_guard lock(mu_);
  if (damage_.ok()) damage_ = s;
  return s;
}

void FileWatch::Run() {
  Stamp checked = StampOf(path_);  // the walk at open covered this
  std::unique_lock lock(mu_);
  while (!stopping_) {
    wake_.wait_for(lock, interval_, [this] { return stopping_; });
    if (stopping_ || !damage_.ok()) continue;
    const Stamp now = StampOf(path_);
    if (now == checked) continue;
    lock.unlock();
    const Status s = CheckNow();
    lock.lock();
    if (s.ok()) checked = now;
  }
}

}  // namespace ledger::api
