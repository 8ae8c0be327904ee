// The demo generator: every event it writes is accepted (it mirrors the
// rules), the views answer the questions the README promises, and a rebuild
// of the projections from the log is byte-identical to the incremental one.
#include <gtest/gtest.h>

#include <sstream>

#include "demo/demo_data.h"
#include "projections/civil_ledger.h"
#include "projections/civil_queries.h"
#include "util/test_ledger.h"

namespace ledger::cli {
namespace {

TEST(Demo, BuildsWithoutRejectionsAndRebuildEqualsIncremental) {
  testing::TempDir dir;
  std::ostringstream log;
  DemoOptions opts;
  opts.people = 1500;
  auto summary = BuildDemoLedger(dir.path(), opts, log);
  ASSERT_TRUE(summary.ok()) << summary.status().ToString();
  EXPECT_EQ(summary->rejected, 0u);
  EXPECT_GT(summary->records, 15'000u);

  const std::string ledger_dir = dir.Sub("ledger");
  auto civil = projections::MakeCivilLedgerOptions(ledger_dir, false);
  ASSERT_TRUE(civil.ok());
  auto ledger = Ledger::Open(ledger_dir, civil->ledger);
  ASSERT_TRUE(ledger.ok()) << ledger.status().ToString();

  projections::CivilQueries q(**ledger, *civil->state);
  projections::QueryOptions o;
  o.post = "mn.cabinet-secretariat/chief-cabinet-secretary";
  auto tenure = q.Run("tenure", o);
  ASSERT_TRUE(tenure.ok());
  ASSERT_EQ(tenure->rows.size(), 1u);
  EXPECT_EQ(tenure->rows[0][2].as_uint64(), 33u);      // 33 holders since 1921
  EXPECT_EQ(tenure->rows[0][5].as_int64() / 365, 32);  // the longest: 33 years (less a few days)
  o = {};
  o.org = "mn.ub";
  o.elections = true;
  auto turnover = q.Run("turnover", o);
  ASSERT_TRUE(turnover.ok());
  EXPECT_GT(turnover->total, 100u);
  for (const char* rule : {"no-lawful-ground", "post-election-appointment", "no-merit-selection",
                           "back-dated", "over-headcount"}) {
    o = {};
    o.rule = rule;
    auto findings = q.Run("findings", o);
    ASSERT_TRUE(findings.ok());
    EXPECT_GT(findings->total, 0u) << rule;
  }

  const std::initializer_list<const char*> dbs = {
      "proj.civil.orgs",      "proj.civil.posts",       "proj.civil.persons", "proj.civil.breaches",
      "proj.civil.sanctions", "proj.civil.corrections", "proj.civil.index",   "proj.civil.meta"};
  const std::string incremental = testing::DumpDatabases(**ledger, dbs);
  ASSERT_TRUE((*ledger)->RebuildHooks().ok());
  EXPECT_TRUE(testing::DumpDatabases(**ledger, dbs) == incremental);
}

}  // namespace
}  // namespace ledger::cli
