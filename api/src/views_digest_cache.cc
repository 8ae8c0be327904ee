// ViewsDigestCache: live digests at the projection's size, background
// replays for earlier sizes (one at a time), the last few results kept.
#include "views_digest_cache.h"

#include "projections/view_replay.h"

namespace ledger::api {
namespace {

constexpr uint64_t kRecordsPerRead = 4096;  // one short read transaction each

}  // namespace

ViewsDigestCache::~ViewsDigestCache() {
  stop_ = true;
  if (worker_.joinable()) worker_.join();
}

const projections::ViewsDigest* ViewsDigestCache::Find(uint64_t size, bool* replayed) const {
  for (const auto& [d, r] : kept_) {
    if (d.size == size) {
      *replayed = r;
      return &d;
    }
  }
  return nullptr;
}

void ViewsDigestCache::Keep(const projections::ViewsDigest& d, bool replayed) {
  bool unused = false;
  if (Find(d.size, &unused)) return;
  kept_.emplace_front(d, replayed);
  if (kept_.size() > kKept) kept_.pop_back();
}

Result<ViewsDigestCache::Answer> ViewsDigestCache::Get(std::optional<uint64_t> size) {
  const uint64_t records = ledger_.Size();
  if (size && *size > records) {
    return Status::InvalidArgument("size: " + std::to_string(*size) +
                                   " is beyond the ledger's size " + std::to_string(records));
  }
  std::lock_guard lock(mu_);
  bool replayed = false;
  if (size) {
    if (const auto* d = Find(*size, &replayed)) return Answer{State::kReady, *d, replayed, *size};
  }
  // The live projection: O(its entries), done once per size it reflects.
  Result<projections::ViewsDigest> live = Status::Internal("unset");
  LEDGER_RETURN_IF_ERROR(ledger_.WithRead([&](const lmdb::Txn& txn) -> Status {
    LEDGER_ASSIGN_OR_RETURN(std::optional<uint64_t> applied, projections::AppliedCursor(txn));
    if (!applied) return Status::FailedPrecondition("the projection needs a rebuild");
    if (const auto* d = Find(*applied, &replayed)) {
      live = *d;
    } else if (!size || *size == *applied) {
      live = projections::DigestViews(txn);
    }
    return Status::Ok();
  }));
  if (live.ok() && (!size || live->size == *size)) {
    Keep(*live, false);
    return Answer{State::kReady, *live, replayed, live->size};
  }
  // An earlier size: a replay in the background, one at a time.
  if (running_) return Answer{*running_ == *size ? State::kComputing : State::kBusy, {}, true, *size};
  if (failed_ && failed_->first == *size) {
    Status s = failed_->second;
    failed_.reset();
    return s;
  }
  if (worker_.joinable()) worker_.join();  // the previous replay, finished
  running_ = *size;
  worker_ = std::thread([this, n = *size] { Replay(n); });
  return Answer{State::kComputing, {}, true, *size};
}

void ViewsDigestCache::Replay(uint64_t size) {
  auto run = [&]() -> Result<projections::ViewsDigest> {
    LEDGER_ASSIGN_OR_RETURN(auto replay, projections::ViewReplay::Start());
    for (uint64_t from = 0; from < size && !stop_; from += kRecordsPerRead) {
      LEDGER_RETURN_IF_ERROR(ledger_.ForEachRecord(
          from, std::min(size, from + kRecordsPerRead),
          [&](uint64_t, ByteView bytes) { return replay->AddBytes(bytes).status(); }));
    }
    if (stop_) return Status::Unavailable("the server is stopping");
    LEDGER_RETURN_IF_ERROR(replay->Finish());
    LEDGER_ASSIGN_OR_RETURN(projections::ViewsDigest d, replay->Digest());
    d.size = size;
    return d;
  };
  Result<projections::ViewsDigest> d = run();
  std::lock_guard lock(mu_);
  running_.reset();
  if (d.ok()) {
    Keep(*d, true);
  } else {
    failed_ = std::make_pair(size, d.status());
  }
}

}  // namespace ledger::api
