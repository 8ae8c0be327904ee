// Group commit: many threads submit events; one writer thread drains the
// queue into one durable transaction (and one fsync) per batch. There is no
// timer: while a batch commits, whatever is submitted queues up, and the
// writer takes all of it (up to max_batch) as soon as the fsync returns.
// Each submission's signature is checked on the thread that submits it, so
// the checks run on every core the submitters run on and never on the
// writer's. A future resolves only after its batch is committed, honouring
// the store's durability contract.
#ifndef LEDGER_APPENDER_H_
#define LEDGER_APPENDER_H_

#include <chrono>
#include <condition_variable>
#include <functional>
#include <future>
#include <mutex>
#include <thread>
#include <vector>

#include "ledger/store.h"

namespace ledger {

class Appender {
 public:
  // What one group commit gathered and what it cost (the server's metrics).
  struct CommitStats {
    size_t events = 0;                     // submissions in the batch
    std::chrono::nanoseconds queued{0};    // the oldest one's wait before the commit began
    std::chrono::nanoseconds committed{0};  // AppendBatch, fsync included
  };
  // Called on the writer thread after each batch; must not block for long.
  using CommitObserver = std::function<void(const CommitStats&)>;

  // `ledger` must outlive the Appender. Batches hold at most `max_batch` events.
  explicit Appender(Ledger& ledger, size_t max_batch = 1000, CommitObserver observer = {});
  ~Appender();  // stops: drains what was queued, then joins the writer
  Appender(const Appender&) = delete;
  Appender& operator=(const Appender&) = delete;

  std::future<AppendOutcome> Submit(Submission s);
  // After Stop, Submit resolves at once with Unavailable.
  void Stop();

 private:
  struct Pending {
    Submission submission;
    bool signature_ok = false;  // SubmissionSignatureValid, on the submitter's thread
    std::promise<AppendOutcome> done;
    std::chrono::steady_clock::time_point queued_at;
  };
  void Run();

  Ledger& ledger_;
  const size_t max_batch_;
  const CommitObserver observer_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::vector<Pending> queue_;  // swapped out whole by the writer
  bool stopping_ = false;
  std::thread writer_;
};

}  // namespace ledger

#endif  // LEDGER_APPENDER_H_
