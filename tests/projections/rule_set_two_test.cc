// Rule-set version 2 (docs/EVENTS.md, "Rule-set versions"): decisions
// effective after the day they are recorded are flagged future-dated and
// enter the views answering "now" only on their date; a second registration
// of a register commitment is flagged duplicate-person; an event breaking
// several rules is refused with every reason. A version 1 log (genesis
// "civil-service") keeps the flags it always had.
#include <gtest/gtest.h>

#include "ledger/wire.h"
#include "projections/civil_ledger.h"
#include "projections/civil_queries.h"
#include "projections/civil_test_util.h"

namespace ledger::testing {
namespace {
namespace json = boost::json;
using projections::QueryOptions;

constexpr const char* kOfficer = "mn.cabinet-secretariat/officer";
constexpr const char* kCommitmentA = "3q2+7wAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=";
constexpr const char* kCommitmentB = "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=";

int32_t Day(const char* date) { return events::ParseDate(date).value(); }

class RuleSetTwo : public CivilScenario {
 protected:
  explicit RuleSetTwo(std::string_view rule_set = projections::kCivilServiceRuleSet2)
      : CivilScenario("", rule_set) {}

  AppendOutcome Register(const std::string& id, const std::string& commitment) {
    return Ok("person.registered", {{"person", id},
                                    {"org", "mn.cabinet-secretariat"},
                                    {"full_name", "Дуламсүрэн Оюунчимэг"},
                                    {"gender", "female"},
                                    {"birth_year", 1982},
                                    {"register_commitment", commitment}});
  }

  // The officer post (two positions); person.b appointed 2024-02-01, then
  // on 2024-03-01 person.a appointed from 2099-01-01 and person.b dismissed
  // from 2024-04-15. Returns the two future-dated outcomes.
  std::pair<AppendOutcome, AppendOutcome> FutureDecisions() {
    Post(kOfficer, "mn.cabinet-secretariat", "administrative", 2);
    Person("person.a");
    Person("person.b");
    Today("2024-02-01");
    EXPECT_TRUE(Ok("appointment.made", Appointment("person.b", kOfficer, "2024-02-01")).flags.empty());
    Today("2024-03-01");
    AppendOutcome appointed = Ok("appointment.made", Appointment("person.a", kOfficer, "2099-01-01"));
    AppendOutcome dismissed = Ok("dismissal.made", Dismissal("person.b", kOfficer, "2024-04-15"));
    return {appointed, dismissed};
  }

  projections::Table Query(const std::string& view, QueryOptions o) {
    o.today = Day("2024-03-01");
    projections::CivilQueries q(*t.ledger, *state);
    auto table = q.Run(view, o);
    EXPECT_TRUE(table.ok()) << table.status().ToString();
    return table.ok() ? *table : projections::Table{};
  }

  // "person (since)" for each holder row, "vacant" for each vacancy.
  std::vector<std::string> Holders(std::optional<int32_t> as_of = std::nullopt) {
    QueryOptions o;
    o.post = kOfficer;
    o.given = {{"post", kOfficer}};
    o.as_of_date = as_of;
    std::vector<std::string> out;
    for (const auto& row : Query("holders", o).rows) {
      out.push_back(row[5].is_null() ? "vacant"
                                     : std::string(row[5].as_string()) + " (" +
                                           std::string(row[7].as_string()) + ")");
    }
    return out;
  }
};

class RuleSetOne : public RuleSetTwo {
 protected:
  RuleSetOne() : RuleSetTwo(projections::kCivilServiceRuleSet) {}
};

TEST_F(RuleSetTwo, FutureDatedDecisionsAreFlaggedAndEnterTodaysViewsOnTheirDate) {
  auto [appointed, dismissed] = FutureDecisions();
  EXPECT_EQ(appointed.flags,
            std::vector<std::string>{
                "future-dated: effective 2099-01-01 is " +
                std::to_string(Day("2099-01-01") - Day("2024-03-01")) +
                " days after it was recorded (2024-03-01); the current views show it from that "
                "date"});
  EXPECT_EQ(dismissed.flags,
            std::vector<std::string>{
                "future-dated: effective 2024-04-15 is 45 days after it was recorded "
                "(2024-03-01); the current views show it from that date"});

  // Today person.b still holds the post and person.a does not yet.
  EXPECT_EQ(Holders(), (std::vector<std::string>{"person.b (2024-02-01)", "vacant"}));
  EXPECT_EQ(Holders(Day("2024-04-14")), (std::vector<std::string>{"person.b (2024-02-01)", "vacant"}));
  EXPECT_EQ(Holders(Day("2024-04-15")), (std::vector<std::string>{"vacant", "vacant"}));
  EXPECT_EQ(Holders(Day("2099-01-01")), (std::vector<std::string>{"person.a (2099-01-01)", "vacant"}));

  QueryOptions staffing;
  staffing.org = "mn.cabinet-secretariat";
  staffing.given = {{"org", staffing.org}};
  projections::Table now = Query("staffing", staffing);
  ASSERT_EQ(now.rows.size(), 1u);
  EXPECT_EQ(now.rows[0][4], json::value(1));  // headcount: person.b alone
  staffing.as_of_date = Day("2099-06-01");
  EXPECT_EQ(Query("staffing", staffing).rows.at(0)[4], json::value(1));  // person.a alone

  QueryOptions findings;
  findings.rule = "future-dated";
  findings.given = {{"rule", "future-dated"}};
  projections::Table f = Query("findings", findings);
  ASSERT_EQ(f.rows.size(), 2u);
  EXPECT_EQ(f.rows[0][0], json::value(appointed.seq));
  EXPECT_EQ(f.rows[1][0], json::value(dismissed.seq));
}

TEST_F(RuleSetTwo, ARepeatedRegisterCommitmentIsFlaggedNamingThePersonsWhoHaveIt) {
  const AppendOutcome a = Register("person.a", kCommitmentA);
  const AppendOutcome b = Register("person.b", kCommitmentB);
  EXPECT_TRUE(a.flags.empty());
  EXPECT_TRUE(b.flags.empty());
  const AppendOutcome c = Register("person.c", kCommitmentA);
  EXPECT_EQ(c.flags, std::vector<std::string>{
                         "duplicate-person: register_commitment is that of \"person.a\" (seq " +
                         std::to_string(a.seq) + "), already registered"});
  // A correction moves person.b's commitment entry: the next one names all three.
  Ok("correction.made", {{"target_seq", b.seq},
                         {"org", "mn.cabinet-secretariat"},
                         {"field", "register_commitment"},
                         {"value", kCommitmentA},
                         {"reason", "typed from the wrong card"}});
  const AppendOutcome d = Register("person.d", kCommitmentA);
  EXPECT_EQ(d.flags,
            std::vector<std::string>{
                "duplicate-person: register_commitment is that of \"person.a\" (seq " +
                std::to_string(a.seq) + "), \"person.b\" (seq " + std::to_string(b.seq) +
                "), \"person.c\" (seq " + std::to_string(c.seq) + "), already registered"});
  EXPECT_TRUE(Register("person.e", kCommitmentB).flags.empty());  // b's old one is free again

  // The index is a projection like every other: a rebuild gives the same bytes.
  const std::string incremental = DumpProjection(*t.ledger);
  ASSERT_TRUE(t.ledger->RebuildHooks().ok());
  EXPECT_TRUE(DumpProjection(*t.ledger) == incremental);
}

TEST_F(RuleSetTwo, AnEventBreakingTwoRulesIsRefusedWithBothAndChangesNothing) {
  Org("mn.ub", 10);
  Post(kOfficer, "mn.cabinet-secretariat", "administrative", 2);
  // An unregistered person, on a post of another organisation than `org`.
  json::object bad = Appointment("person.x", kOfficer, "2024-01-05");
  bad["org"] = "mn.ub";
  const Status refused = Rejected("appointment.made", bad);
  EXPECT_EQ(refused.code(), Code::kNotFound);
  EXPECT_EQ(refused.message(),
            "body.person: person \"person.x\" is not registered: record person.registered first");
  ASSERT_EQ(refused.more().size(), 1u);
  EXPECT_EQ(refused.more()[0].code(), Code::kInvalidArgument);
  EXPECT_EQ(refused.more()[0].message(),
            "body.org: post \"mn.cabinet-secretariat/officer\" belongs to "
            "\"mn.cabinet-secretariat\"");
  // The line an append prints: the first as "error", both in "errors".
  AppendOutcome o;
  o.status = refused;
  json::object line = AppendOutcomeJson(1, o);
  EXPECT_EQ(line.at("error").at("code"), "NOT_FOUND");
  ASSERT_EQ(line.at("errors").as_array().size(), 2u);
  EXPECT_EQ(line.at("errors").as_array()[1].at("code"), "INVALID_ARGUMENT");

  // A dry run lists both and leaves data.mdb byte for byte as it was.
  const std::string before = DataFileBytes();
  Submission s = MakeEvent("appointment.made", json::serialize(bad), hr, "dry-1");
  auto tried = t.ledger->DryRunBatch(std::span(&s, 1));
  ASSERT_TRUE(tried.ok()) << tried.status().ToString();
  ASSERT_EQ(tried->front().errors.size(), 2u);
  EXPECT_EQ(tried->front().errors[0].message(), refused.message());
  EXPECT_EQ(tried->front().errors[1].message(), refused.more()[0].message());
  EXPECT_EQ(tried->front().outcome.status.message(), refused.message());
  EXPECT_TRUE(DataFileBytes() == before);

  // One reason alone is refused as before, with nothing more.
  json::object one = Appointment("person.x", kOfficer, "2024-01-05");
  const Status alone = Rejected("appointment.made", one);
  EXPECT_EQ(alone.message(), refused.message());
  EXPECT_TRUE(alone.more().empty());
}

TEST_F(RuleSetOne, AVersionOneLogKeepsItsFlagsButItsViewsStillWaitForTheDate) {
  auto [appointed, dismissed] = FutureDecisions();
  EXPECT_TRUE(appointed.flags.empty());
  EXPECT_TRUE(dismissed.flags.empty());
  EXPECT_TRUE(Register("person.c", kCommitmentA).flags.empty());
  EXPECT_TRUE(Register("person.d", kCommitmentA).flags.empty());
  Status s = t.ledger->WithRead([&](const lmdb::Txn& txn) -> Status {
    LEDGER_ASSIGN_OR_RETURN(projections::RulesInForce in_force, state->Rules(txn));
    EXPECT_EQ(in_force.rule_set_version, 1u);
    LEDGER_ASSIGN_OR_RETURN(json::object shown, projections::RulesInForceJson(*state, txn));
    EXPECT_EQ(shown.at("rule_set"), "civil-service");
    // No commitment index either: the projection is what version 1 wrote.
    LEDGER_ASSIGN_OR_RETURN(auto same, state->PersonsWithCommitment(txn, kCommitmentA));
    EXPECT_TRUE(same.empty());
    return Status::Ok();
  });
  ASSERT_TRUE(s.ok()) << s.ToString();
  // The views answer "now" by effective date whatever the rules.
  EXPECT_EQ(Holders(), (std::vector<std::string>{"person.b (2024-02-01)", "vacant"}));
}

}  // namespace
}  // namespace ledger::testing
