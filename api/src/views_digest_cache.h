// The views' digests the API serves (GET /v1/views/digest): at the size the
// live projection reflects, the digest of its own databases (the same
// function `ledger-verify views-digest` computes by replay); at an earlier
// size, a replay of the records run once in the background, one at a time.
// Results are kept for the last few sizes asked. Thread-safe. Internal.
#ifndef API_VIEWS_DIGEST_CACHE_H_
#define API_VIEWS_DIGEST_CACHE_H_

#include <atomic>
#include <cstdint>
#include <deque>
#include <mutex>
#include <optional>
#include <thread>

#include "ledger/store.h"
#include "projections/view_digest.h"

namespace ledger::api {

class ViewsDigestCache {
 public:
  static constexpr size_t kKept = 8;

  explicit ViewsDigestCache(const Ledger& ledger) : ledger_(ledger) {}
  ~ViewsDigestCache();  // stops and joins a running replay
  ViewsDigestCache(const ViewsDigestCache&) = delete;
  ViewsDigestCache& operator=(const ViewsDigestCache&) = delete;

  enum class State { kReady, kComputing, kBusy };
  struct Answer {
    State state = State::kReady;
    projections::ViewsDigest digest;  // kReady
    bool replayed = false;            // kReady: from a replay, not the live projection
    uint64_t size = 0;                // what was asked (or the live size)
  };
  // `size` absent: the live projection's. Beyond the ledger: InvalidArgument.
  // kComputing: a replay for `size` runs (started now, or before); kBusy: a
  // replay for another size runs. A replay that failed answers its error once.
  Result<Answer> Get(std::optional<uint64_t> size);

 private:
  void Keep(const projections::ViewsDigest& d, bool replayed);
  const projections::ViewsDigest* Find(uint64_t size, bool* replayed) const;
  void Replay(uint64_t size);

  const Ledger& ledger_;
  std::mutex mu_;
  std::deque<std::pair<projections::ViewsDigest, bool>> kept_;  // newest first
  std::thread worker_;
  std::optional<uint64_t> running_;            // the size being replayed
  std::optional<std::pair<uint64_t, Status>> failed_;  // the last replay's error
  std::atomic<bool> stop_{false};
};

}  // namespace ledger::api

#endif  // API_VIEWS_DIGEST_CACHE_H_
