// The demo generator: every event it writes is accepted (it mirrors the
// rules), the views answer the questions the README promises, and a rebuild
// of the projections from the log is byte-identical to the incremental one,
// however it is chunked, and also when it was killed halfway and resumed;
// the verifier's full audit (records, flags and every view) passes.
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <sstream>

#include "demo/demo_data.h"
#include "projections/civil_ledger.h"
#include "projections/civil_queries.h"
#include "util/test_ledger.h"
#include "verifier/audit.h"

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
  EXPECT_EQ(tenure->rows[0][6].as_string(), "Балдан Бадарч");  // named as the sources name him
  // The post's ten titles since 1921, in the sources' order (post.retitled).
  auto titles = q.Run("titles", o);
  ASSERT_TRUE(titles.ok()) << titles.status().ToString();
  ASSERT_EQ(titles->rows.size(), 10u);
  EXPECT_EQ(titles->rows[0][2].as_string(), "1921-07-11");
  EXPECT_EQ(titles->rows[9][1].as_string(), "Засгийн газрын Хэрэг эрхлэх газрын дарга");
  EXPECT_TRUE(titles->rows[9][3].is_null());  // in force
  auto history = q.Run("history", o);
  ASSERT_TRUE(history.ok());
  EXPECT_EQ(history->rows.front()[10].as_string(), titles->rows[0][1].as_string());
  EXPECT_EQ(history->rows.back()[10].as_string(), titles->rows[9][1].as_string());
  o = {};
  o.org = "mn.ub";
  o.elections = true;
  auto turnover = q.Run("turnover", o);
  ASSERT_TRUE(turnover.ok());
  EXPECT_GT(turnover->total, 100u);
  for (const char* rule : {"no-lawful-ground", "post-election-appointment", "no-merit-selection",
                           "back-dated", "over-headcount", "future-dated", "duplicate-person"}) {
    o = {};
    o.rule = rule;
    auto findings = q.Run("findings", o);
    ASSERT_TRUE(findings.ok());
    EXPECT_GT(findings->total, 0u) << rule;
  }
  // The last record adds the presidential elections to the calendar.
  Status read = (*ledger)->WithRead([&](const lmdb::Txn& txn) -> Status {
    LEDGER_ASSIGN_OR_RETURN(projections::RulesInForce in_force, civil->state->Rules(txn));
    EXPECT_EQ(in_force.seq, (*ledger)->Size() - 1);
    EXPECT_EQ(in_force.rules.election_days.size(), 5u);
    EXPECT_EQ(in_force.rules.election_days[1], events::ParseDate("2017-06-26").value());
    EXPECT_EQ(in_force.rules.backdate_days, 30);
    return Status::Ok();
  });
  ASSERT_TRUE(read.ok()) << read.ToString();

  const std::initializer_list<const char*> dbs = {
      "proj.civil.orgs",      "proj.civil.posts",       "proj.civil.persons", "proj.civil.breaches",
      "proj.civil.sanctions", "proj.civil.corrections", "proj.civil.index",   "proj.civil.meta"};
  const std::string incremental = testing::DumpDatabases(**ledger, dbs);
  ASSERT_TRUE((*ledger)->RebuildHooks().ok());
  EXPECT_TRUE(testing::DumpDatabases(**ledger, dbs) == incremental);
  const note::VerifierKey log_key = (*ledger)->log_key();
  const uint64_t size = (*ledger)->Size();
  ledger->reset();
  {  // The full audit (in its own environment: the ledger is closed), views
     // included: every projection database replayed and compared.
    verify::AuditOptions audit;
    audit.log_key = log_key;
    auto report = verify::AuditLedgerDir(ledger_dir, audit);
    ASSERT_TRUE(report.ok()) << report.status().ToString();
    EXPECT_TRUE(report->ok()) << report->ToText();
    EXPECT_EQ(report->records, size);
  }

  auto open = [&](bool read_only, uint64_t chunk) {
    auto options = projections::MakeCivilLedgerOptions(ledger_dir, read_only).value();
    options.ledger.replay_chunk = chunk;
    return Ledger::Open(ledger_dir, options.ledger);
  };
  {  // Many small chunks: rows flushed into tables that already hold rows.
    auto chunked = open(false, 997);
    ASSERT_TRUE(chunked.ok()) << chunked.status().ToString();
    ASSERT_TRUE((*chunked)->RebuildHooks().ok());
    EXPECT_TRUE(testing::DumpDatabases(**chunked, dbs) == incremental);
  }
  // A rebuild killed after its sixth chunk of 500 records.
  const pid_t pid = fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    auto options = projections::MakeCivilLedgerOptions(ledger_dir, false).value();
    options.ledger.replay_chunk = 500;
    options.ledger.progress = [](uint64_t done, uint64_t) {
      if (done >= 3'000) raise(SIGKILL);
    };
    auto child = Ledger::Open(ledger_dir, options.ledger);
    if (child.ok()) (void)(*child)->RebuildHooks();
    _exit(1);
  }
  int status = 0;
  ASSERT_EQ(waitpid(pid, &status, 0), pid);
  ASSERT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL) << status;
  // The projection says it is behind: a reader is refused, a writer resumes.
  auto reader = open(true, 500);
  ASSERT_FALSE(reader.ok());
  EXPECT_EQ(reader.status().code(), Code::kFailedPrecondition) << reader.status().ToString();
  auto resumed = open(false, 100'000);
  ASSERT_TRUE(resumed.ok()) << resumed.status().ToString();
  EXPECT_TRUE(testing::DumpDatabases(**resumed, dbs) == incremental);
}

// Benchmark-scale ledgers grow by synthetic aimags, each with its own HR
// key scoped to it; the rules accept every event they bring.
TEST(Demo, SyntheticProvincesAddWholeOrganisationsWithTheirOwnKeys) {
  testing::TempDir dir;
  std::ostringstream log;
  DemoOptions opts;
  opts.people = 300;
  opts.provinces = 1;
  auto summary = BuildDemoLedger(dir.path(), opts, log);
  ASSERT_TRUE(summary.ok()) << summary.status().ToString();
  EXPECT_EQ(summary->rejected, 0u);

  const std::string ledger_dir = dir.Sub("ledger");
  auto civil = projections::MakeCivilLedgerOptions(ledger_dir, true);
  ASSERT_TRUE(civil.ok());
  auto ledger = Ledger::Open(ledger_dir, civil->ledger);
  ASSERT_TRUE(ledger.ok()) << ledger.status().ToString();
  auto key_list = (*ledger)->Keys();
  ASSERT_TRUE(key_list.ok());
  std::vector<std::string> synthetic;
  for (const auto& k : *key_list) {
    if (k.name.starts_with("hr-sim-")) {
      ASSERT_EQ(k.organisations.size(), 1u);
      synthetic.push_back(k.name + " " + k.organisations[0]);
    }
  }
  EXPECT_EQ(synthetic, (std::vector<std::string>{"hr-sim-1 mn.sim-1"}));

  projections::CivilQueries q(**ledger, *civil->state);
  for (const char* org : {"mn.sim-1", "mn.sim-1.bayangol.bag-25"}) {
    projections::QueryOptions o;
    o.org = org;
    auto holders = q.Run("holders", o);
    ASSERT_TRUE(holders.ok()) << org << ": " << holders.status().ToString();
    EXPECT_GT(holders->total, 0u) << org;
  }
}

// A demo whose genesis declares rule set version 1, as every ledger written
// before version 2: the same events (future-dated decisions, registrations
// of one commitment) are accepted unflagged, and the audit passes.
TEST(Demo, AVersionOneDemoHasNoNewFlagsAndVerifies) {
  testing::TempDir dir;
  std::ostringstream log;
  DemoOptions opts;
  opts.people = 600;
  opts.version_one_rules = true;
  auto summary = BuildDemoLedger(dir.path(), opts, log);
  ASSERT_TRUE(summary.ok()) << summary.status().ToString();
  EXPECT_EQ(summary->rejected, 0u);
  const std::string ledger_dir = dir.Sub("ledger");
  note::VerifierKey log_key;
  {
    auto civil = projections::MakeCivilLedgerOptions(ledger_dir, true);
    ASSERT_TRUE(civil.ok());
    auto ledger = Ledger::Open(ledger_dir, civil->ledger);
    ASSERT_TRUE(ledger.ok()) << ledger.status().ToString();
    projections::CivilQueries q(**ledger, *civil->state);
    for (const char* rule : {"future-dated", "duplicate-person"}) {
      projections::QueryOptions o;
      o.rule = rule;
      auto findings = q.Run("findings", o);
      ASSERT_TRUE(findings.ok());
      EXPECT_EQ(findings->total, 0u) << rule;
    }
    // The second registration of a commitment is in the log all the same.
    auto last = (*ledger)->GetRecord((*ledger)->Size() - 2);
    ASSERT_TRUE(last.ok());
    EXPECT_EQ(last->submission.event_type, "person.registered");
    log_key = (*ledger)->log_key();
  }
  verify::AuditOptions audit;
  audit.log_key = log_key;
  auto report = verify::AuditLedgerDir(ledger_dir, audit);
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  EXPECT_TRUE(report->ok()) << report->ToText();
}

}  // namespace
}  // namespace ledger::cli
