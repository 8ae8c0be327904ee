// Overlapped signature verification for append batches.
#include "batch_verifier.h"

#include <algorithm>

namespace ledger::store {
namespace {
// Small enough that the writer rarely waits long, large enough that claiming
// (one atomic add) is noise next to 8 Ed25519 verifications.
constexpr size_t kChunk = 8;
constexpr size_t kParallelFrom = 64;
}  // namespace

BatchVerifier::BatchVerifier(std::span<const Submission> batch)
    : batch_(batch), state_(std::make_unique<std::atomic<uint8_t>[]>(batch.size())) {
  for (size_t i = 0; i < batch.size(); ++i) state_[i].store(0, std::memory_order_relaxed);
  if (batch.size() < kParallelFrom) return;  // the writer verifies as it goes
  const unsigned threads = std::max(1u, std::thread::hardware_concurrency());
  for (unsigned t = 0; t < threads; ++t) {
    workers_.emplace_back([this] {
      while (!stop_.load(std::memory_order_relaxed) && Claim()) {
      }
    });
  }
}

BatchVerifier::BatchVerifier(std::span<const Submission> batch, std::span<const uint8_t> verdicts)
    : batch_(batch), state_(std::make_unique<std::atomic<uint8_t>[]>(batch.size())) {
  for (size_t i = 0; i < batch.size(); ++i) {
    state_[i].store(i < verdicts.size() && verdicts[i] ? 1 : 2, std::memory_order_relaxed);
  }
  next_.store(batch.size());
}

BatchVerifier::~BatchVerifier() {
  stop_.store(true);
  workers_.clear();  // joins
}

bool BatchVerifier::Claim() {
  const size_t begin = next_.fetch_add(kChunk);
  if (begin >= batch_.size()) return false;
  const size_t end = std::min(batch_.size(), begin + kChunk);
  for (size_t i = begin; i < end; ++i) {
    state_[i].store(SubmissionSignatureValid(batch_[i]) ? 1 : 2, std::memory_order_release);
    state_[i].notify_all();
  }
  return true;
}

bool BatchVerifier::Ok(size_t i) {
  for (;;) {
    const uint8_t s = state_[i].load(std::memory_order_acquire);
    if (s != 0) return s == 1;
    // Chunks are claimed in order: if none is left to claim, i's chunk is
    // being verified by a worker right now.
    if (!Claim()) state_[i].wait(0, std::memory_order_acquire);
  }
}

}  // namespace ledger::store
