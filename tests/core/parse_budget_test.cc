// The CPU budget of the submission parser (ledger/cpu_budget.h): a spent
// budget stops SubmissionsFromText with ResourceExhausted saying how far it
// got, in a JSON array, in JSON lines and in one long document; a budget
// that is not spent changes nothing.
#include <gtest/gtest.h>

#include <chrono>
#include <string>

#include "ledger/events.h"
#include "ledger/submission_budget.h"

namespace ledger {
namespace {

using std::chrono::nanoseconds;

constexpr std::string_view kEvent =
    R"({"type":"organisation.established","body":{"org":"mn.ub.khan-uul","name":"Khan-Uul",)"
    R"("level":"district","max_headcount":50,"effective_date":"2024-01-01",)"
    R"("decision_instrument":"Order","decision_number":"No. 1","decision_date":"2024-01-01"},)"
    R"("client_id":"org-)";

// `n` unsigned events with distinct client ids, as an array or as JSON lines.
std::string Events(size_t n, bool lines) {
  std::string out = lines ? "" : "[";
  for (size_t i = 0; i < n; ++i) {
    if (i) out += lines ? "\n" : ",";
    out += std::string(kEvent) + std::to_string(i) + "\"}";
  }
  return lines ? out : out + "]";
}

TEST(CpuBudget, CountsThisThreadsCpuTime) {
  const CpuBudget budget(std::chrono::hours(1));
  EXPECT_TRUE(budget.Check("work").ok());
  EXPECT_FALSE(budget.spent());
  const CpuBudget none(nanoseconds(0));
  volatile uint64_t sink = 0;
  for (int i = 0; i < 100000; ++i) sink = sink + i;  // some CPU time, however little
  const Status s = none.Check("summing");
  EXPECT_EQ(s.code(), Code::kResourceExhausted);
  EXPECT_NE(s.message().find("summing: stopped after "), std::string::npos) << s.message();
  EXPECT_NE(s.message().find("over the budget of 0.0 ms"), std::string::npos) << s.message();
}

TEST(ParseBudget, AnUnspentBudgetChangesNothing) {
  const CpuBudget hour(std::chrono::hours(1));
  for (bool lines : {false, true}) {
    const std::string text = Events(300, lines);
    auto with = events::SubmissionsFromText(text, /*require_signature=*/false, &hour);
    auto without = events::SubmissionsFromText(text, /*require_signature=*/false);
    ASSERT_TRUE(with.ok()) << with.status().ToString();
    ASSERT_TRUE(without.ok()) << without.status().ToString();
    ASSERT_EQ(with->size(), 300u);
    EXPECT_EQ(with->back().client_id, "org-299");
    EXPECT_EQ(with->back().body, without->back().body);
  }
  // Errors are the same ones, with the same names.
  auto bad = events::SubmissionsFromText(Events(100, true) + "\n{nope", false, &hour);
  EXPECT_EQ(bad.status().ToString(),
            events::SubmissionsFromText(Events(100, true) + "\n{nope", false).status().ToString());
  EXPECT_NE(bad.status().message().find("line 101"), std::string::npos) << bad.status().message();
}

TEST(ParseBudget, ASpentBudgetStopsTheEventLoop) {
  const CpuBudget spent(nanoseconds(1));
  auto subs = events::SubmissionsFromText(Events(200, false), false, &spent);
  ASSERT_EQ(subs.status().code(), Code::kResourceExhausted) << subs.status().ToString();
  EXPECT_NE(subs.status().message().find("parsing the input (event 64 of 200): stopped after"),
            std::string::npos)
      << subs.status().message();
  EXPECT_NE(subs.status().message().find("over the budget of 0.0 ms"), std::string::npos);
}

TEST(ParseBudget, ASpentBudgetStopsJsonLinesAndLongDocuments) {
  const CpuBudget spent(nanoseconds(1));
  // 100,000 lines that are each valid JSON but no event: without a budget
  // every line is parsed before the first is looked at.
  std::string junk;
  for (int i = 0; i < 100000; ++i) junk += "[]\n";
  auto lines = events::SubmissionsFromText(junk, false, &spent);
  ASSERT_EQ(lines.status().code(), Code::kResourceExhausted) << lines.status().ToString();
  EXPECT_NE(lines.status().message().find("parsing the input (byte "), std::string::npos);
  EXPECT_EQ(events::SubmissionsFromText(junk, false).status().code(), Code::kInvalidArgument);

  // One document of 1 MiB: stopped inside the JSON parser, at a chunk boundary.
  const std::string long_string = "[\"" + std::string(1 << 20, 'x') + "\"]";
  auto doc = events::SubmissionsFromText(long_string, false, &spent);
  ASSERT_EQ(doc.status().code(), Code::kResourceExhausted) << doc.status().ToString();
  EXPECT_NE(doc.status().message().find("(byte 65536 of " + std::to_string(long_string.size())),
            std::string::npos)
      << doc.status().message();
}

}  // namespace
}  // namespace ledger
