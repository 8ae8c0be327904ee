// Rendered view answers, kept by request target, ledger size and UTC day:
// the same view asked again of the same records is the same bytes, so it is
// answered without reading the projection again. Least recently used first
// out, within a byte budget. Each answer carries an ETag; a matching
// If-None-Match gets 304. Thread-safe. Internal.
#ifndef API_VIEW_CACHE_H_
#define API_VIEW_CACHE_H_

#include <cstddef>
#include <cstdint>
#include <list>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

namespace ledger::api {

class ViewCache {
 public:
  struct Entry {
    std::string body;
    std::string content_type;
    std::string etag;  // "\"<size>-<16 hex digits of the body's SHA-256>\""
  };

  // `budget_bytes` bounds the bodies kept (and their keys); 0 keeps none.
  explicit ViewCache(size_t budget_bytes) : budget_(budget_bytes) {}

  // The key of a request: its target as sent, the ledger size it is
  // answered at and the day (views as of today move at midnight UTC).
  static std::string Key(std::string_view target, uint64_t size, int64_t utc_day);
  static std::string ETag(uint64_t size, std::string_view body);

  std::shared_ptr<const Entry> Find(const std::string& key);
  // Keeps `entry` unless it alone is over a quarter of the budget.
  void Insert(const std::string& key, Entry entry);

 private:
  using Lru = std::list<std::string>;  // keys, most recent first
  struct Slot {
    std::shared_ptr<const Entry> entry;
    Lru::iterator at;
  };
  static size_t Cost(const std::string& key, const Entry& e) {
    return key.size() + e.body.size() + e.content_type.size() + e.etag.size();
  }

  const size_t budget_;
  mutable std::mutex mu_;
  Lru lru_;
  std::unordered_map<std::string, Slot> slots_;
  size_t used_ = 0;
};

}  // namespace ledger::api

#endif  // API_VIEW_CACHE_H_
