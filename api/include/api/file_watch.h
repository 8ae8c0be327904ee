// Watches a served ledger's data.mdb for damage that appears while the
// server runs (a page overwritten, the file truncated): a background full
// walk (Ledger::CheckFile) whenever the file changed, at most once an
// interval. Once damage is found the server answers 503 naming it.
#ifndef API_FILE_WATCH_H_
#define API_FILE_WATCH_H_

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <string>
#include <thread>

#include "ledger/status.h"
#include "ledger/store.h"

namespace ledger::api {

class FileWatch {
 public:
  // `ledger` (in directory `dir`) must outlive the watch. An interval of 0
  // starts no thread: Health() then only reports what CheckNow found.
  FileWatch(const Ledger& ledger, std::string dir, std::chrono::seconds interval);
  ~FileWatch();  // stops the thread
  FileWatch(const FileWatch&) = delete;
  FileWatch& operator=(const FileWatch&) = delete;

  // OK, or the first damage found (it stays: restart after restoring the file).
  Status Health() const;
  // One walk now, on the caller's thread.
  Status CheckNow();

 private:
  void Run();

  const Ledger& ledger_;
  const std::string path_;  // data.mdb
  const std::chrono::seconds interval_;
  mutable std::mutex mu_;
  std::condition_variable wake_;
  bool stopping_ = false;
  Status damage_;
  std::thread thread_;
};

}  // namespace ledger::api

#endif  // API_FILE_WATCH_H_
