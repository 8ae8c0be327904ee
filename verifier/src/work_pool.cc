// Worker pool: tasks are claimed in small chunks under one mutex; the work
// per task (an Ed25519 verification) dwarfs the locking.
#include "work_pool.h"

#include <algorithm>

namespace ledger::verify {
namespace {
constexpr size_t kChunk = 8;
}

WorkerPool::WorkerPool(unsigned threads) {
  if (threads == 0) threads = std::max(1u, std::thread::hardware_concurrency());
  workers_.reserve(threads);
  for (unsigned i = 0; i < threads; ++i) workers_.emplace_back([this] { Work(); });
}

WorkerPool::~WorkerPool() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  work_cv_.notify_all();
  for (auto& t : workers_) t.join();
}

void WorkerPool::Start(Batch& batch) {
  batch.next = 0;
  batch.done = 0;
  if (batch.n == 0) return;
  {
    std::lock_guard lock(mu_);
    queue_.push_back(&batch);
  }
  work_cv_.notify_all();
}

void WorkerPool::Wait(Batch& batch) {
  std::unique_lock lock(mu_);
  done_cv_.wait(lock, [&] { return batch.done == batch.n; });
}

void WorkerPool::Run(size_t n, std::function<void(size_t)> fn) {
  Batch b{n, std::move(fn)};
  Start(b);
  Wait(b);
}

void WorkerPool::Work() {
  std::unique_lock lock(mu_);
  for (;;) {
    work_cv_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
    if (queue_.empty()) return;  // stopping and nothing left
    Batch* b = queue_.front();
    const size_t begin = b->next;
    const size_t end = std::min(b->n, begin + kChunk);
    b->next = end;
    if (end == b->n) queue_.pop_front();
    lock.unlock();
    for (size_t i = begin; i < end; ++i) b->fn(i);
    lock.lock();
    b->done += end - begin;
    if (b->done == b->n) done_cv_.notify_all();
  }
}

}  // namespace ledger::verify
