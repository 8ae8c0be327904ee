// libFuzzer target: the submission JSON parser POST /v1/events uses
// (events::SubmissionsFromText), with and without required signatures, and
// with a CPU budget that is never spent: it must give the same answer.
#include <boost/json.hpp>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "ledger/events.h"
#include "ledger/submission_budget.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const ledger::CpuBudget hour(std::chrono::hours(1));
  for (bool require_signature : {true, false}) {
    auto subs = ledger::events::SubmissionsFromText(text, require_signature);
    auto budgeted = ledger::events::SubmissionsFromText(text, require_signature, &hour);
    if (subs.ok() != budgeted.ok()) std::abort();
    if (!subs.ok()) {
      if (subs.status().ToString() != budgeted.status().ToString()) std::abort();
      continue;
    }
    if (subs->size() != budgeted->size()) std::abort();
    for (const auto& s : *subs) (void)ledger::events::SubmissionToJson(s);
  }
  return 0;
}
