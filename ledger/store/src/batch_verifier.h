// Signature checks of an append batch, overlapped with its write: worker
// threads verify the batch earliest-first while the writer consumes the
// verdicts in order, helping with the next unclaimed chunk when it would
// otherwise wait. Internal to the store.
#ifndef LEDGER_SRC_STORE_BATCH_VERIFIER_H_
#define LEDGER_SRC_STORE_BATCH_VERIFIER_H_

#include <atomic>
#include <memory>
#include <span>
#include <thread>
#include <vector>

#include "ledger/record.h"

namespace ledger::store {

class BatchVerifier {
 public:
  // Starts verifying at once (on all cores for batches of 64 or more).
  explicit BatchVerifier(std::span<const Submission> batch);
  // The verdicts already known (nonzero: valid), one per submission: no work.
  BatchVerifier(std::span<const Submission> batch, std::span<const uint8_t> verdicts);
  ~BatchVerifier();  // stops the workers after their current chunk
  BatchVerifier(const BatchVerifier&) = delete;
  BatchVerifier& operator=(const BatchVerifier&) = delete;

  // Whether submission `i`'s signature verifies; waits for (or does) the work.
  bool Ok(size_t i);

 private:
  // Verifies the next unclaimed chunk; false when none is left.
  bool Claim();

  std::span<const Submission> batch_;
  std::unique_ptr<std::atomic<uint8_t>[]> state_;  // 0 pending, 1 valid, 2 invalid
  std::atomic<size_t> next_{0};
  std::atomic<bool> stop_{false};
  std::vector<std::jthread> workers_;
};

}  // namespace ledger::store

#endif  // LEDGER_SRC_STORE_BATCH_VERIFIER_H_
