// ViewCache: an LRU of rendered view answers within a byte budget.
#include "view_cache.h"

#include "ledger/crypto.h"
#include "ledger/encoding.h"

namespace ledger::api {

std::string ViewCache::Key(std::string_view target, uint64_t size, int64_t utc_day) {
  std::string key(target);
  key += '\n';
  key += std::to_string(size);
  key += '\n';
  key += std::to_string(utc_day);
  return key;
}

std::string ViewCache::ETag(uint64_t size, std::string_view body) {
  const Hash h = Sha256(body);
  return "\"" + std::to_string(size) + "-" + HexEncode(ByteView(h.data(), 8)) + "\"";
}

std::shared_ptr<const ViewCache::Entry> ViewCache::Find(const std::string& key) {
  std::lock_guard lock(mu_);
  auto it = slots_.find(key);
  if (it == slots_.end()) return nullptr;
  lru_.splice(lru_.begin(), lru_, it->second.at);
  return it->second.entry;
}

void ViewCache::Insert(const std::string& key, Entry entry) {
  const size_t cost = Cost(key, entry);
  if (cost > budget_ / 4) return;
  std::lock_guard lock(mu_);
  if (slots_.contains(key)) return;  // another thread rendered it too
  while (used_ + cost > budget_ && !lru_.empty()) {
    auto victim = slots_.find(lru_.back());
    used_ -= Cost(victim->first, *victim->second.entry);
    slots_.erase(victim);
    lru_.pop_back();
  }
  lru_.push_front(key);
  slots_.emplace(key, Slot{std::make_shared<const Entry>(std::move(entry)), lru_.begin()});
  used_ += cost;
}

}  // namespace ledger::api
