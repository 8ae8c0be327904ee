// Scenario tests of the civil-service rules (docs/EVENTS.md, "Rules"): what
// is rejected as impossible, what is recorded and flagged, and how
// corrections and court rulings change the state.
#include <gtest/gtest.h>

#include "projections/civil_test_util.h"

namespace ledger::testing {
namespace {
namespace json = boost::json;

constexpr const char* kCcs = "mn.cabinet-secretariat/chief-cabinet-secretary";

class ChiefCabinetSecretary : public CivilScenario {
 protected:
  ChiefCabinetSecretary() {
    Post(kCcs, "mn.cabinet-secretariat", "political");
    Person("person.oyun");
    Person("person.bat");
  }
};

TEST_F(ChiefCabinetSecretary, AppointingASecondHolderWhileOneHoldsThePostIsFlagged) {
  AppendOutcome first = Ok("appointment.made",
                           Appointment("person.oyun", kCcs, "2024-01-05", "political-appointment"));
  EXPECT_TRUE(first.flags.empty()) << first.flags[0];
  AppendOutcome second = Ok("appointment.made",
                            Appointment("person.bat", kCcs, "2024-01-06", "political-appointment"));
  ASSERT_TRUE(HasFlag(second, "second-holder"));
  EXPECT_NE(second.flags[0].find("person.oyun"), std::string::npos) << second.flags[0];
  EXPECT_EQ(PostNow(kCcs)->holders.size(), 2u);
}

TEST_F(ChiefCabinetSecretary, AppointingTheSamePersonTwiceIsRejected) {
  Ok("appointment.made", Appointment("person.oyun", kCcs, "2024-01-05", "political-appointment"));
  Status s = Rejected("appointment.made",
                      Appointment("person.oyun", kCcs, "2024-01-06", "political-appointment"));
  EXPECT_NE(s.message().find("already holds post"), std::string::npos) << s.ToString();
}

TEST_F(CivilScenario, DismissingSomeoneWhoWasTransferredAwayIsRejected) {
  Post("mn.cabinet-secretariat/officer", "mn.cabinet-secretariat", "administrative", 5);
  Post("mn.cabinet-secretariat/senior-officer", "mn.cabinet-secretariat", "administrative", 2);
  Person("person.saraa");
  Ok("appointment.made",
     Appointment("person.saraa", "mn.cabinet-secretariat/officer", "2024-01-02"));
  Ok("transfer.made", Decision({{"person", "person.saraa"},
                                {"from_post", "mn.cabinet-secretariat/officer"},
                                {"to_post", "mn.cabinet-secretariat/senior-officer"},
                                {"org", "mn.cabinet-secretariat"},
                                {"effective_date", "2024-01-08"},
                                {"tenure", "permanent"}},
                               "2024-01-08"));
  Status s = Rejected("dismissal.made",
                      Dismissal("person.saraa", "mn.cabinet-secretariat/officer", "2024-01-09"));
  EXPECT_EQ(s.code(), Code::kInvalidArgument);
  EXPECT_NE(s.message().find("body.person"), std::string::npos) << s.message();
  EXPECT_NE(s.message().find("does not hold post"), std::string::npos) << s.message();
  EXPECT_NE(s.message().find("senior-officer"), std::string::npos) << s.message();
  // She can be dismissed from where she is now.
  Ok("dismissal.made",
     Dismissal("person.saraa", "mn.cabinet-secretariat/senior-officer", "2024-01-09"));
  EXPECT_TRUE(PostNow("mn.cabinet-secretariat/senior-officer")->holders.empty());
}

TEST_F(ChiefCabinetSecretary, ACorrectionOfAnAppointmentDateMovesThePersonsTenure) {
  AppendOutcome a = Ok("appointment.made",
                       Appointment("person.oyun", kCcs, "2024-01-08", "political-appointment"));
  EXPECT_EQ(PostNow(kCcs)->holders[0].since, events::ParseDate("2024-01-08").value());
  Ok("correction.made", {{"target_seq", a.seq},
                         {"org", "mn.cabinet-secretariat"},
                         {"field", "effective_date"},
                         {"value", "2024-01-03"},
                         {"reason", "the order is dated 3 January"}});
  EXPECT_EQ(PostNow(kCcs)->holders[0].since, events::ParseDate("2024-01-03").value());
  // A dismissal dated between the two dates is now after her appointment.
  Ok("dismissal.made", Dismissal("person.oyun", kCcs, "2024-01-05"));
  // The original record is still in the log, unchanged.
  auto original = t.ledger->GetRecord(a.seq);
  ASSERT_TRUE(original.ok());
  auto body = events::DecodeLatestBody(original->submission);
  EXPECT_EQ(body->Date("effective_date"), events::ParseDate("2024-01-08").value());
}

TEST_F(CivilScenario, ACourtReinstatementReopensThePostForThatPerson) {
  Post("mn.cabinet-secretariat/director", "mn.cabinet-secretariat", "administrative");
  Person("person.tuya");
  Ok("appointment.made",
     Appointment("person.tuya", "mn.cabinet-secretariat/director", "2024-01-02"));
  AppendOutcome d = Ok("dismissal.made", Dismissal("person.tuya", "mn.cabinet-secretariat/director",
                                                   "2024-01-05", /*with_article=*/false));
  EXPECT_TRUE(HasFlag(d, "no-lawful-ground"));
  EXPECT_TRUE(PostNow("mn.cabinet-secretariat/director")->holders.empty());
  EXPECT_EQ(OrgNow("mn.cabinet-secretariat")->headcount, 0u);
  Ok("court.ruling", {{"subject_seq", d.seq},
                      {"org", "mn.cabinet-secretariat"},
                      {"court", "Нийслэлийн Захиргааны хэргийн анхан шатны шүүх"},
                      {"case_number", "128/ШШ2024/0311"},
                      {"ruling_date", "2024-01-09"},
                      {"outcome", "reinstatement-ordered"},
                      {"compensation_mnt", 4800000}});
  auto post = PostNow("mn.cabinet-secretariat/director");
  ASSERT_EQ(post->holders.size(), 1u);
  EXPECT_EQ(post->holders[0].person, "person.tuya");
  EXPECT_EQ(OrgNow("mn.cabinet-secretariat")->headcount, 1u);
}

TEST_F(CivilScenario, AnAppointmentOverTheApprovedHeadcountIsFlagged) {
  Org("mn.ub.khan-uul.khoroo-03", 1, "mn.cabinet-secretariat");
  Post("mn.ub.khan-uul.khoroo-03/officer", "mn.ub.khan-uul.khoroo-03", "administrative", 3);
  Person("person.a");
  Person("person.b");
  EXPECT_TRUE(Ok("appointment.made",
                 Appointment("person.a", "mn.ub.khan-uul.khoroo-03/officer", "2024-01-05"))
                  .flags.empty());
  AppendOutcome over =
      Ok("appointment.made",
         Appointment("person.b", "mn.ub.khan-uul.khoroo-03/officer", "2024-01-05"));
  ASSERT_TRUE(HasFlag(over, "over-headcount"));
  EXPECT_NE(over.flags[0].find("approved maximum 1"), std::string::npos) << over.flags[0];
  EXPECT_FALSE(HasFlag(over, "second-holder"));  // the post has 3 positions
}

TEST_F(CivilScenario, ANonPoliticalPostFilledWithoutExaminationOrReserveListIsFlagged) {
  Post("mn.cabinet-secretariat/officer", "mn.cabinet-secretariat", "administrative", 9);
  for (const char* basis :
       {"competitive-examination", "reserve-list", "other", "political-appointment"}) {
    const std::string person = std::string("person.") + basis;
    Person(person);
    AppendOutcome o = Ok("appointment.made", Appointment(person, "mn.cabinet-secretariat/officer",
                                                         "2024-01-05", basis));
    const bool merit =
        std::string(basis) == "competitive-examination" || std::string(basis) == "reserve-list";
    EXPECT_EQ(HasFlag(o, "no-merit-selection"), !merit) << basis;
  }
}

TEST_F(CivilScenario, BackDatingBeyondThirtyDaysIsFlagged) {
  Post("mn.cabinet-secretariat/officer", "mn.cabinet-secretariat", "administrative", 9);
  Person("person.on-time");
  Person("person.late");
  Today("2024-03-01");
  // 2024 is a leap year: 2024-01-31 is exactly 30 days before 2024-03-01.
  EXPECT_FALSE(
      HasFlag(Ok("appointment.made",
                 Appointment("person.on-time", "mn.cabinet-secretariat/officer", "2024-01-31")),
              "back-dated"));
  AppendOutcome late =
      Ok("appointment.made",
         Appointment("person.late", "mn.cabinet-secretariat/officer", "2024-01-30"));
  ASSERT_TRUE(HasFlag(late, "back-dated"));
  EXPECT_NE(late.flags[0].find("31 days"), std::string::npos) << late.flags[0];
  // The flag is derived data, stored with the record, not in the signed submission.
  auto rec = t.ledger->GetRecord(late.seq);
  EXPECT_EQ(rec->flags, late.flags);
}

TEST_F(CivilScenario, NonPoliticalAppointmentsWithinNinetyDaysAfterAnElectionAreFlagged) {
  Post("mn.cabinet-secretariat/officer", "mn.cabinet-secretariat", "administrative", 9);
  Post("mn.cabinet-secretariat/minister", "mn.cabinet-secretariat", "political", 1);
  Person("person.a");
  Person("person.b");
  Person("person.c");
  Today("2024-10-01");
  AppendOutcome inside = Ok(
      "appointment.made", Appointment("person.a", "mn.cabinet-secretariat/officer", "2024-09-26"));
  EXPECT_TRUE(HasFlag(inside, "post-election-appointment"));  // 90 days after 2024-06-28
  EXPECT_FALSE(HasFlag(Ok("appointment.made",
                          Appointment("person.b", "mn.cabinet-secretariat/officer", "2024-09-27")),
                       "post-election-appointment"));
  EXPECT_FALSE(
      HasFlag(Ok("appointment.made", Appointment("person.c", "mn.cabinet-secretariat/minister",
                                                 "2024-09-20", "political-appointment")),
              "post-election-appointment"));
}

class StricterRules : public CivilScenario {
 protected:
  StricterRules()
      : CivilScenario(R"({"backdate_days": 7, "post_election_days": 90,
                          "elections": ["2023-12-20"], "reason": "stricter"})") {}
};

TEST_F(StricterRules, ThresholdsComeFromTheLog) {
  Post("mn.cabinet-secretariat/officer", "mn.cabinet-secretariat", "administrative", 9);
  Person("person.a");
  AppendOutcome o = Ok("appointment.made",
                       Appointment("person.a", "mn.cabinet-secretariat/officer", "2024-01-02"));
  EXPECT_TRUE(HasFlag(o, "back-dated"));                 // 8 days > 7
  EXPECT_TRUE(HasFlag(o, "post-election-appointment"));  // 13 days after 2023-12-20
  EXPECT_FALSE(projections::RuleConfig::FromJson(R"({"backdate": 7})").ok());
}

TEST_F(CivilScenario, ImpossibleEventsAreRejectedNamingTheFieldAndNothingIsWritten) {
  Post("mn.cabinet-secretariat/officer", "mn.cabinet-secretariat", "administrative", 9);
  Person("person.a");
  auto expect = [&](const std::string& type, const json::object& body, const std::string& what) {
    Status s = Rejected(type, body);
    EXPECT_NE(s.message().find(what), std::string::npos) << type << ": " << s.ToString();
  };
  expect("appointment.made",
         Appointment("person.nobody", "mn.cabinet-secretariat/officer", "2024-01-05"),
         "body.person: person \"person.nobody\" is not registered: record person.registered first");
  expect("appointment.made",
         Appointment("person.a", "mn.cabinet-secretariat/nothing", "2024-01-05"),
         "body.post: post \"mn.cabinet-secretariat/nothing\" is not established: record "
         "post.established first");
  expect("person.registered",
         {{"person", "person.b"},
          {"org", "mn.nowhere"},
          {"full_name", "Б"},
          {"gender", "female"},
          {"birth_year", 1990}},
         "body.org: organisation \"mn.nowhere\" is not established: record "
         "organisation.established first");
  expect("person.registered",
         {{"person", "person.a"},
          {"org", "mn.cabinet-secretariat"},
          {"full_name", "Б"},
          {"gender", "female"},
          {"birth_year", 1990}},
         "already exists");
  Ok("post.abolished", Decision({{"post", "mn.cabinet-secretariat/officer"},
                                 {"org", "mn.cabinet-secretariat"},
                                 {"effective_date", "2024-01-06"}},
                                "2024-01-06"));
  expect("appointment.made",
         Appointment("person.a", "mn.cabinet-secretariat/officer", "2024-01-07"),
         "body.post: post \"mn.cabinet-secretariat/officer\" has been abolished");
  expect("sanction.imposed",
         Decision({{"sanction", "s1"},
                   {"breach", "breach.none"},
                   {"person", "person.a"},
                   {"org", "mn.cabinet-secretariat"},
                   {"kind", "warning"},
                   {"effective_date", "2024-01-07"}},
                  "2024-01-07"),
         "body.breach: breach \"breach.none\" is not recorded; a sanction needs a recorded "
         "breach: record breach.recorded first");
  expect("correction.made",
         {{"target_seq", 9999},
          {"org", "mn.cabinet-secretariat"},
          {"field", "effective_date"},
          {"value", "2024-01-01"},
          {"reason", "typo"}},
         "body.target_seq: no record at seq 9999");
  expect("correction.made",
         {{"target_seq", 2},
          {"org", "mn.cabinet-secretariat"},
          {"field", "salary"},
          {"value", "1"},
          {"reason", "typo"}},
         "body.field: organisation.established has no field \"salary\"");
  expect("correction.made",
         {{"target_seq", 2},
          {"org", "mn.cabinet-secretariat"},
          {"field", "org"},
          {"value", "mn.x"},
          {"reason", "typo"}},
         "says what the record is about");
  expect("correction.made",
         {{"target_seq", 1},
          {"org", "mn.cabinet-secretariat"},
          {"field", "name"},
          {"value", "x"},
          {"reason", "typo"}},
         "a key.register record cannot be corrected");
  expect("correction.made",
         {{"target_seq", 2},
          {"org", "mn.cabinet-secretariat"},
          {"field", "max_headcount"},
          {"value", "many"},
          {"reason", "typo"}},
         "body.value");
}

TEST_F(CivilScenario, DatesThatAreNotRealDatesAreRejectedBeforeSigning) {
  const events::EventSchema* schema = events::LatestSchema("dismissal.made");
  json::object b = Dismissal("person.a", "mn.cabinet-secretariat/officer", "2023-02-29");
  auto body = events::BodyFromJson(*schema, b);
  ASSERT_FALSE(body.ok());
  EXPECT_NE(body.status().message().find("body.effective_date"), std::string::npos)
      << body.status().message();
}

}  // namespace
}  // namespace ledger::testing
