// `ledger query` and `ledger find` on a small hand-built ledger: unknown
// views, flags, ids and rules are usage errors (exit 2) naming the closest
// valid names; an empty answer names its filter; staffing as of a date;
// records and persons found.
#include <gtest/gtest.h>

#include "cli.h"
#include "cli/serve_process.h"
#include "projections/civil_test_util.h"

namespace ledger::testing {
namespace {
using cli::Cli;
using cli::CliRun;

#define EXPECT_HAS(text, part) \
  EXPECT_NE(std::string(text).find(part), std::string::npos) << (text) << "\n  lacks: " << (part)

class QueryCli : public CivilScenario {
 protected:
  static constexpr const char* kPost = "mn.cabinet-secretariat/officer";
  QueryCli() {
    Post(kPost, "mn.cabinet-secretariat", "administrative", 2);
    Person("person.a");
    appointment = Ok("appointment.made", Appointment("person.a", kPost, "2024-01-05")).seq;
    client_id = t.ledger->GetRecord(appointment)->submission.client_id;
    t.ledger.reset();  // the CLI opens the directory itself
  }
  CliRun Run(std::vector<std::string> args) {
    args.insert(args.end(), {"--dir", t.Dir()});
    return Cli(args);
  }
  uint64_t appointment = 0;
  std::string client_id;
};

TEST_F(QueryCli, UnknownNamesAreUsageErrorsWithTheClosestValidOnes) {
  CliRun view = Run({"query", "holdrs"});
  EXPECT_EQ(view.rc, 2);
  EXPECT_HAS(view.err, "unknown view \"holdrs\"; did you mean \"holders\"?");
  CliRun org = Run({"query", "holders", "--org", "mn.cabinet-secretariatt"});
  EXPECT_EQ(org.rc, 2);
  EXPECT_HAS(org.err, "--org: no organisation \"mn.cabinet-secretariatt\"; did you mean "
                      "\"mn.cabinet-secretariat\"?");
  CliRun person = Run({"query", "service", "--person", "person.b"});
  EXPECT_EQ(person.rc, 2);
  EXPECT_HAS(person.err, "--person: no person \"person.b\"; did you mean \"person.a\"?");
  CliRun rule = Run({"query", "findings", "--rule", "no-lawful-groun"});
  EXPECT_EQ(rule.rc, 2);
  EXPECT_HAS(rule.err, "did you mean \"no-lawful-ground\"?");
  CliRun unused = Run({"query", "staffing", "--quota", "0.4"});
  EXPECT_EQ(unused.rc, 2);
  EXPECT_HAS(unused.err, "--quota: the staffing view does not take it");
  CliRun flag = Run({"query", "holders", "--orgg", "mn"});
  EXPECT_EQ(flag.rc, 2);
  EXPECT_HAS(flag.err, "unknown flag --orgg; did you mean \"--org\"?");
  CliRun column = Run({"query", "holders", "--columns", "post,nmae"});
  EXPECT_EQ(column.rc, 2);
  EXPECT_HAS(column.err, "--columns: holders has no column \"nmae\"; did you mean \"name\"?");
}

TEST_F(QueryCli, AnEmptyAnswerNamesItsFilterAndStaffingTakesADate) {
  CliRun none = Run({"query", "findings", "--rule", "back-dated"});
  EXPECT_EQ(none.rc, 0) << none.err;
  EXPECT_EQ(none.out, "");
  EXPECT_HAS(none.err, "no rows match rule=back-dated");
  CliRun before = Run({"query", "staffing", "--as-of", "2024-01-04", "--format", "csv", "--columns",
                       "org,headcount,max_headcount"});
  EXPECT_EQ(before.rc, 0) << before.err;
  EXPECT_EQ(before.out, "org,headcount,max_headcount\nmn.cabinet-secretariat,0,241\n");
  CliRun after = Run({"query", "staffing", "--as-of", "2024-01-05", "--format", "csv", "--columns",
                      "org,headcount"});
  EXPECT_EQ(after.out, "org,headcount\nmn.cabinet-secretariat,1\n");
}

TEST_F(QueryCli, FindRecordsAndPersons) {
  CliRun by_client = Run({"find", "--client-id", client_id, "--format", "csv"});
  EXPECT_EQ(by_client.rc, 0) << by_client.err;
  EXPECT_HAS(by_client.out, "\n" + std::to_string(appointment) + ",appointment.made,");
  EXPECT_HAS(by_client.err, "1 match");
  CliRun by_name = Run({"find", "--name", "BALDAN bad", "--format", "csv"});
  EXPECT_EQ(by_name.rc, 0) << by_name.err;
  EXPECT_HAS(by_name.out, "\nperson.a,Балдан Бадарч,male,1975,");
  CliRun nobody = Run({"find", "--name", "ganbaatar"});
  EXPECT_EQ(nobody.rc, 0);
  EXPECT_HAS(nobody.err, "nothing matches name=ganbaatar");
  EXPECT_EQ(Run({"find"}).rc, 2);
  EXPECT_EQ(Run({"find", "--name", "x", "--decision", "y"}).rc, 2);
  CliRun bad_hash = Run({"find", "--hash", "abc"});
  EXPECT_EQ(bad_hash.rc, 2);
  EXPECT_HAS(bad_hash.err, "--hash: a hash is 64 hex digits");
  EXPECT_EQ(Run({"find", "--client-id", "x", "--whole-words"}).rc, 2);
}

}  // namespace
}  // namespace ledger::testing
