// Group-commit writer thread.
#include "ledger/appender.h"

#include <algorithm>

namespace ledger {

Appender::Appender(Ledger& ledger, size_t max_batch, CommitObserver observer)
    : ledger_(ledger),
      max_batch_(max_batch == 0 ? 1 : max_batch),
      observer_(std::move(observer)),
      writer_([this] { Run(); }) {}

Appender::~Appender() { Stop(); }

void Appender::Stop() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  cv_.notify_all();
  if (writer_.joinable()) writer_.join();
}

std::future<AppendOutcome> Appender::Submit(Submission s) {
  std::promise<AppendOutcome> done;
  auto fut = done.get_future();
  const bool signature_ok = SubmissionSignatureValid(s);  // here, not on the writer
  {
    std::lock_guard lock(mu_);
    if (!stopping_) {
      queue_.push_back(Pending{std::move(s), signature_ok, std::move(done),
                               std::chrono::steady_clock::now()});
      cv_.notify_one();
      return fut;
    }
  }
  done.set_value(AppendOutcome{Status::Unavailable("the ledger writer is shutting down")});
  return fut;
}

void Appender::Run() {
  // Kept across batches, so that a steady load allocates nothing here.
  std::vector<Pending> taken;
  std::vector<Submission> subs;
  std::vector<uint8_t> verdicts;
  for (;;) {
    {
      std::unique_lock lock(mu_);
      cv_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
      if (queue_.empty()) return;  // stopping, and everything queued is done
      taken.swap(queue_);  // everything queued, in one step; `queue_` gets the old capacity
    }
    // In commits of at most max_batch_, in the order they were queued.
    for (size_t first = 0; first < taken.size(); first += max_batch_) {
      const size_t end = std::min(taken.size(), first + max_batch_);
      subs.clear();
      verdicts.clear();
      for (size_t i = first; i < end; ++i) {
        subs.push_back(std::move(taken[i].submission));
        verdicts.push_back(taken[i].signature_ok ? 1 : 0);
      }
      const auto began = std::chrono::steady_clock::now();
      std::vector<AppendOutcome> outcomes = ledger_.AppendVerifiedBatch(subs, verdicts);
      if (observer_) {
        observer_(CommitStats{end - first, began - taken[first].queued_at,
                              std::chrono::steady_clock::now() - began});
      }
      for (size_t i = first; i < end; ++i) {
        taken[i].done.set_value(std::move(outcomes[i - first]));
      }
    }
    taken.clear();
  }
}

}  // namespace ledger
