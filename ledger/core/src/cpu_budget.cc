// CpuBudget over the thread CPU-time clock.
#include "ledger/cpu_budget.h"

#include <time.h>

#include <string>

namespace ledger {
namespace {

std::chrono::nanoseconds ThreadCpuNow() {
  timespec ts{};
  ::clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return std::chrono::seconds(ts.tv_sec) + std::chrono::nanoseconds(ts.tv_nsec);
}

// "12.5" for 12,500,000 ns: milliseconds, to a tenth.
std::string Millis(std::chrono::nanoseconds ns) {
  const long long tenths = (ns.count() + 50'000) / 100'000;
  return std::to_string(tenths / 10) + "." + std::to_string(tenths % 10);
}

}  // namespace

CpuBudget::CpuBudget(std::chrono::nanoseconds limit) : limit_(limit), start_(ThreadCpuNow()) {}

std::chrono::nanoseconds CpuBudget::used() const { return ThreadCpuNow() - start_; }

Status CpuBudget::Check(std::string_view what) const {
  const std::chrono::nanoseconds u = used();
  if (u <= limit_) return Status::Ok();
  return Status::ResourceExhausted(std::string(what) + ": stopped after " + Millis(u) +
                                   " ms of CPU, over the budget of " + Millis(limit_) + " ms");
}

}  // namespace ledger
