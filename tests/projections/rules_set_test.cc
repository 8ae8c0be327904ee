// The flagging rules come from the log: rules.set validates strictly, only
// root and admin keys may sign it, records after it are checked with its
// values and records before it keep theirs, and the rules in force survive
// a reopen and a rebuild (appends and replays write the same bytes).
#include <gtest/gtest.h>

#include "ledger/event_types.h"
#include "projections/civil_ledger.h"
#include "projections/civil_test_util.h"

namespace ledger::testing {
namespace {
namespace json = boost::json;

json::object RulesBody(uint64_t backdate, json::array elections, uint64_t window = 90) {
  return {{"backdate_days", backdate},
          {"post_election_days", window},
          {"elections", std::move(elections)},
          {"reason", "Төрийн албаны зөвлөлийн тогтоол"}};
}

class RulesInTheLog : public CivilScenario {
 protected:
  projections::RulesInForce InForce() {
    projections::RulesInForce out;
    Status s = t.ledger->WithRead([&](const lmdb::Txn& txn) -> Status {
      LEDGER_ASSIGN_OR_RETURN(out, state->Rules(txn));
      return Status::Ok();
    });
    EXPECT_TRUE(s.ok()) << s.ToString();
    return out;
  }
  // A rules.set that must be rejected: returns the status; nothing is written.
  Status RejectedRules(const json::object& body, const SigningKey* key = nullptr) {
    const std::string before = DataFileBytes();
    AppendOutcome o = SetRules(body, key);
    EXPECT_FALSE(o.status.ok()) << "accepted at seq " << o.seq;
    EXPECT_TRUE(DataFileBytes() == before) << "a rejected rules.set changed data.mdb";
    return o.status;
  }
  void Officers() {
    Post("mn.cabinet-secretariat/officer", "mn.cabinet-secretariat", "administrative", 9);
    for (const char* p : {"person.a", "person.b", "person.c", "person.d"}) Person(p);
  }
  AppendOutcome Appoint(const std::string& person, const std::string& date) {
    return Ok("appointment.made", Appointment(person, "mn.cabinet-secretariat/officer", date));
  }
};

TEST_F(RulesInTheLog, TheDefaultsAreInForceUntilTheFirstRulesSet) {
  projections::RulesInForce now = InForce();
  EXPECT_FALSE(now.seq.has_value());
  EXPECT_EQ(now.rules, projections::RuleConfig::Defaults());
  EXPECT_EQ(now.rules.backdate_days, 30);
  EXPECT_EQ(now.rules.post_election_days, 90);
  EXPECT_EQ(now.rules.election_days.size(), 3u);
}

TEST_F(RulesInTheLog, BadValuesAreRejectedNamingTheField) {
  // What the codec refuses before anything is signed (ledger sign, the API).
  const events::EventSchema& schema = *events::LatestSchema(events::kRulesSet);
  auto invalid = [&](const json::object& body, const std::string& what) {
    auto parsed = events::BodyFromJson(schema, body);
    ASSERT_FALSE(parsed.ok()) << what;
    EXPECT_EQ(parsed.status().code(), Code::kInvalidArgument);
    EXPECT_NE(parsed.status().message().find(what), std::string::npos)
        << parsed.status().ToString();
  };
  invalid(RulesBody(30, {"2021-06-09", "2016-06-29"}),
          "body.elections: 2016-06-29 is listed after 2021-06-09");
  invalid(RulesBody(30, {"2016-06-29", "2016-06-29"}),
          "body.elections: 2016-06-29 is listed twice");
  invalid(RulesBody(30, {"2021-02-30"}), "body.elections: \"2021-02-30\" is not a real date");
  invalid(RulesBody(30, {"2021-6-9"}), "body.elections");
  json::object unknown = RulesBody(30, {});
  unknown["backdate"] = 7;
  invalid(unknown, "body.backdate: not a field of rules.set v1");
  json::object missing = RulesBody(30, {});
  missing.erase("reason");
  invalid(missing, "body.reason: required field is missing");
  json::object not_dates = RulesBody(30, {});
  not_dates["elections"] = "2016-06-29";
  invalid(not_dates, "body.elections: expected an array of dates");
  json::object negative = RulesBody(30, {});
  negative["backdate_days"] = -1;
  invalid(negative, "body.backdate_days");
  // What the ledger refuses at append, changing nothing.
  for (const auto& [body, what] :
       {std::pair{RulesBody(36501, {}), "body.backdate_days: 36501 is more than 36500 days"},
        std::pair{RulesBody(30, {}, 100000), "body.post_election_days"}}) {
    Status s = RejectedRules(body);
    EXPECT_EQ(s.code(), Code::kInvalidArgument) << s.ToString();
    EXPECT_NE(s.message().find(what), std::string::npos) << s.ToString();
  }
  EXPECT_FALSE(InForce().seq.has_value());
}

TEST_F(RulesInTheLog, TheBinaryDecoderRejectsAnUnsortedCalendar) {
  const events::EventSchema* schema = events::LatestSchema(events::kRulesSet);
  ASSERT_NE(schema, nullptr);
  EXPECT_TRUE(schema->scope_field.empty());  // root and admin keys only
  const int32_t a = events::ParseDate("2016-06-29").value(), b = events::ParseDate("2021-06-09").value();
  for (const auto& dates : {std::vector<int32_t>{b, a}, std::vector<int32_t>{a, a}}) {
    events::Body body(schema, {uint64_t(30), uint64_t(90), dates, std::string("x")});
    auto decoded = events::DecodeBody(*schema, events::EncodeBody(body));
    EXPECT_EQ(decoded.status().code(), Code::kInvalidArgument) << decoded.status().ToString();
  }
  events::Body good(schema, {uint64_t(30), uint64_t(90), std::vector<int32_t>{a, b}, std::string("x")});
  auto decoded = events::DecodeBody(*schema, events::EncodeBody(good));
  ASSERT_TRUE(decoded.ok()) << decoded.status().ToString();
  EXPECT_EQ(decoded->Dates(events::field::kElections), (std::vector<int32_t>{a, b}));
  EXPECT_EQ(json::serialize(events::BodyToJson(*decoded)),
            R"({"backdate_days":30,"post_election_days":90,"elections":["2016-06-29","2021-06-09"],"reason":"x"})");
}

TEST_F(RulesInTheLog, OnlyTheRootAndAdminKeysMaySetTheRules) {
  Status s = RejectedRules(RulesBody(60, {}), &hr);
  EXPECT_EQ(s.code(), Code::kPermissionDenied) << s.ToString();
  EXPECT_NE(s.message().find("may not record rules.set events"), std::string::npos) << s.ToString();
  SigningKey admin = SigningKey::Generate();
  t.MustAppend(RegisterKey(t.root, admin.public_key(), "csc-admin", "admin", R"(["*"])", "adm"));
  AppendOutcome o = SetRules(RulesBody(60, {"2024-06-28"}), &admin);
  ASSERT_TRUE(o.status.ok()) << o.status.ToString();
  EXPECT_TRUE(o.flags.empty());  // a rules.set itself is never flagged
  EXPECT_EQ(InForce().seq, o.seq);
  EXPECT_EQ(InForce().rules.backdate_days, 60);
}

TEST_F(RulesInTheLog, RecordsAfterARulesSetAreCheckedWithItsValues) {
  Officers();
  Today("2024-03-01");
  // 40 days late: flagged under the defaults (30) ...
  AppendOutcome before = Appoint("person.a", "2024-01-21");
  EXPECT_TRUE(HasFlag(before, "back-dated"));
  AppendOutcome set = SetRules(RulesBody(60, {"2016-06-29", "2020-06-24", "2024-02-01"}));
  ASSERT_TRUE(set.status.ok()) << set.status.ToString();
  // ... and not after the limit is raised to 60, while the earlier record keeps its flag.
  AppendOutcome after = Appoint("person.b", "2024-01-21");
  EXPECT_FALSE(HasFlag(after, "back-dated"));
  EXPECT_EQ(t.ledger->GetRecord(before.seq)->flags, before.flags);
  // The new calendar: 2024-02-10 is 9 days after the added 2024-02-01 election.
  AppendOutcome window = Appoint("person.c", "2024-02-10");
  ASSERT_TRUE(HasFlag(window, "post-election-appointment"));
  EXPECT_NE(window.flags[0].find("election of 2024-02-01"), std::string::npos) << window.flags[0];
  // The latest rules.set wins: without that election the same date is not flagged.
  ASSERT_TRUE(SetRules(RulesBody(60, {"2016-06-29"})).status.ok());
  EXPECT_FALSE(HasFlag(Appoint("person.d", "2024-02-10"), "post-election-appointment"));
}

TEST_F(RulesInTheLog, TheRulesSurviveReopenAndRebuildByteForByte) {
  Officers();
  Today("2024-03-01");
  AppendOutcome set = SetRules(RulesBody(60, {"2017-06-26", "2021-06-09"}, 45));
  ASSERT_TRUE(set.status.ok()) << set.status.ToString();
  EXPECT_TRUE(HasFlag(Appoint("person.a", "2023-12-01"), "back-dated"));  // 91 days
  const std::string incremental = DumpProjection(*t.ledger);
  t.Reopen();
  EXPECT_EQ(InForce().seq, set.seq);
  EXPECT_EQ(InForce().rules.post_election_days, 45);
  // A rebuild replays in batches (BeginReplay): the same bytes as the appends.
  ASSERT_TRUE(t.ledger->RebuildHooks().ok());
  EXPECT_EQ(DumpProjection(*t.ledger), incremental);
  EXPECT_EQ(InForce().seq, set.seq);
  EXPECT_FALSE(HasFlag(Appoint("person.b", "2024-01-21"), "back-dated"));  // 40 < 60
  // The answer of `ledger rules show` and GET /v1/rules.
  json::object shown;
  Status s = t.ledger->WithRead([&](const lmdb::Txn& txn) -> Status {
    LEDGER_ASSIGN_OR_RETURN(shown, projections::RulesInForceJson(*state, txn));
    return Status::Ok();
  });
  ASSERT_TRUE(s.ok()) << s.ToString();
  EXPECT_EQ(shown.at("source").as_string(), "log");
  EXPECT_EQ(shown.at("seq").to_number<uint64_t>(), set.seq);
  EXPECT_EQ(shown.at("record_hash").as_string(),
            Base64Encode(RecordHash(t.ledger->RecordBytes(set.seq).value())));
  EXPECT_EQ(shown.at("elections"), (json::array{"2017-06-26", "2021-06-09"}));
  EXPECT_EQ(shown.at("size").to_number<uint64_t>(), t.ledger->Size());
}

TEST_F(RulesInTheLog, ARulesSetCannotBeCorrected) {
  AppendOutcome set = SetRules(RulesBody(60, {}));
  ASSERT_TRUE(set.status.ok());
  Status s = Rejected("correction.made", {{"target_seq", set.seq},
                                          {"org", "mn.cabinet-secretariat"},
                                          {"field", "backdate_days"},
                                          {"value", "10"},
                                          {"reason", "x"}});
  EXPECT_EQ(InForce().rules.backdate_days, 60) << s.ToString();
}

TEST(RuleConfig, AFileIsReadStrictlyAndItsCalendarSorted) {
  auto c = projections::RuleConfig::FromJson(
      R"({"backdate_days": 7, "elections": ["2021-06-09", "2016-06-29", "2021-06-09"]})");
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  EXPECT_EQ(c->backdate_days, 7);
  EXPECT_EQ(c->post_election_days, 90);
  EXPECT_EQ(json::serialize(projections::RuleConfigJson(*c)),
            R"({"backdate_days":7,"post_election_days":90,"elections":["2016-06-29","2021-06-09"]})");
  EXPECT_FALSE(projections::RuleConfig::FromJson(R"({"backdate": 7})").ok());
  EXPECT_FALSE(projections::RuleConfig::FromJson(R"({"backdate_days": 36501})").ok());
  EXPECT_FALSE(projections::RuleConfig::FromJson(R"({"backdate_days": -1})").ok());
  EXPECT_FALSE(projections::RuleConfig::FromJson(R"({"elections": ["2021-02-30"]})").ok());
}

TEST(RuleConfig, ARulesFileInTheLedgerDirectoryIsIgnoredWithAWarning) {
  TempDir dir;
  EXPECT_FALSE(projections::IgnoredRulesFileWarning(dir.path()).has_value());
  WriteAll(dir.Sub("rules.json"), R"({"backdate_days": 36500})");
  auto warning = projections::IgnoredRulesFileWarning(dir.path());
  ASSERT_TRUE(warning.has_value());
  EXPECT_NE(warning->find(dir.Sub("rules.json") + " is ignored"), std::string::npos) << *warning;
  EXPECT_NE(warning->find("ledger rules set"), std::string::npos) << *warning;
  // The options no longer read it, even when it does not parse.
  WriteAll(dir.Sub("rules.json"), "not json");
  EXPECT_TRUE(projections::MakeCivilLedgerOptions(dir.path(), false).ok());
}

}  // namespace
}  // namespace ledger::testing
