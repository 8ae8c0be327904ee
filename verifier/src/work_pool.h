// A fixed pool of worker threads that runs batches of independent tasks
// (signature checks of a window of records) while the caller consumes the
// previous batch in order. Internal to the verifier.
#ifndef VERIFIER_WORK_POOL_H_
#define VERIFIER_WORK_POOL_H_

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace ledger::verify {

class WorkerPool {
 public:
  // A batch: fn(i) for every i in [0, n). The batch must outlive its Wait.
  struct Batch {
    size_t n = 0;
    std::function<void(size_t)> fn;
    size_t next = 0;  // guarded by the pool's mutex
    size_t done = 0;
  };

  explicit WorkerPool(unsigned threads);  // 0 = one per core
  ~WorkerPool();                          // finishes queued batches, then joins
  WorkerPool(const WorkerPool&) = delete;
  WorkerPool& operator=(const WorkerPool&) = delete;

  unsigned threads() const { return static_cast<unsigned>(workers_.size()); }
  void Start(Batch& batch);
  void Wait(Batch& batch);
  // Start + Wait.
  void Run(size_t n, std::function<void(size_t)> fn);

 private:
  void Work();

  std::mutex mu_;
  std::condition_variable work_cv_;
  std::condition_variable done_cv_;
  std::deque<Batch*> queue_;
  bool stopping_ = false;
  std::vector<std::thread> workers_;
};

}  // namespace ledger::verify

#endif  // VERIFIER_WORK_POOL_H_
