// Group-commit writer thread.
#include "ledger/appender.h"

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
  for (;;) {
    std::vector<Pending> batch;
    {
      std::unique_lock lock(mu_);
      cv_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
      if (queue_.empty()) return;  // stopping, and everything queued is done
      while (!queue_.empty() && batch.size() < max_batch_) {
        batch.push_back(std::move(queue_.front()));
        queue_.pop_front();
      }
    }
    std::vector<Submission> subs;
    std::vector<uint8_t> verdicts;
    subs.reserve(batch.size());
    verdicts.reserve(batch.size());
    for (auto& p : batch) {
      subs.push_back(std::move(p.submission));
      verdicts.push_back(p.signature_ok ? 1 : 0);
    }
    const auto began = std::chrono::steady_clock::now();
    std::vector<AppendOutcome> outcomes = ledger_.AppendVerifiedBatch(subs, verdicts);
    if (observer_) {
      observer_(CommitStats{batch.size(), began - batch.front().queued_at,
                            std::chrono::steady_clock::now() - began});
    }
    for (size_t i = 0; i < batch.size(); ++i) batch[i].done.set_value(std::move(outcomes[i]));
  }
}

}  // namespace ledger
