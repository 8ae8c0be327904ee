// A budget of the calling thread's CPU time, for loops over untrusted input
// (parsing a request body) so that one input cannot hold a core for long.
#ifndef LEDGER_CPU_BUDGET_H_
#define LEDGER_CPU_BUDGET_H_

#include <chrono>
#include <string_view>

#include "ledger/status.h"

namespace ledger {

// Measures CLOCK_THREAD_CPUTIME_ID from construction: time the thread waits
// (scheduling, I/O) is not spent. Reading the clock costs a few tens of
// nanoseconds, so callers check once per chunk of work, not per byte.
// Not shared between threads: the clock is the constructing thread's.
class CpuBudget {
 public:
  explicit CpuBudget(std::chrono::nanoseconds limit);

  std::chrono::nanoseconds limit() const { return limit_; }
  // CPU time this thread has used since construction.
  std::chrono::nanoseconds used() const;
  bool spent() const { return used() > limit_; }
  // Ok while within the limit; once past it ResourceExhausted:
  // "<what>: stopped after <used> ms of CPU, over the budget of <limit> ms".
  Status Check(std::string_view what) const;

 private:
  std::chrono::nanoseconds limit_;
  std::chrono::nanoseconds start_;
};

}  // namespace ledger

#endif  // LEDGER_CPU_BUDGET_H_
