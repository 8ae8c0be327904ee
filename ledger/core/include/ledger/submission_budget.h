// Submissions from request text (events::SubmissionsFromText) within a CPU
// budget: what a server parsing untrusted bodies calls.
#ifndef LEDGER_SUBMISSION_BUDGET_H_
#define LEDGER_SUBMISSION_BUDGET_H_

#include <string_view>
#include <vector>

#include "ledger/cpu_budget.h"
#include "ledger/events.h"

namespace ledger::events {

// SubmissionsFromText (ledger/events.h), which stops with ResourceExhausted
// (saying how far it got) once `budget` is spent; the budget is read every
// 64 KiB of JSON and every 64 events or lines. Null: no budget. No other
// error of this parser is ResourceExhausted.
Result<std::vector<Submission>> SubmissionsFromText(std::string_view text, bool require_signature,
                                                    const CpuBudget* budget);
// ParseEventsEach (ledger/events.h) within the same budget, checked the same way.
Result<std::vector<ParsedEvent>> ParseEventsEach(std::string_view text, bool require_signature,
                                                 const CpuBudget* budget);

}  // namespace ledger::events

#endif  // LEDGER_SUBMISSION_BUDGET_H_
