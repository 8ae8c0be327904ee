// The investigator's questions on a small hand-built ledger whose answers are
// written here: strict parameters with suggestions, staffing as of a date
// and over time, findings filtered and joined, records and persons found by
// hash, client_id, decision number and name; the lookups rebuilt equal the
// incremental ones.
#include <gtest/gtest.h>

#include <map>

#include "ledger/merkle.h"
#include "projections/civil_queries.h"
#include "projections/civil_test_util.h"
#include "projections/view_io.h"

namespace ledger::testing {
namespace {
namespace json = boost::json;
using projections::CivilQueries;
using projections::RecordKey;
using projections::Table;

constexpr const char* kDistrict = "mn.ub.khan-uul";
constexpr const char* kOfficer = "mn.ub.khan-uul/officer";

json::object Rules() {
  return {{"backdate_days", 30},
          {"post_election_days", 90},
          {"elections", json::array{"2020-06-24", "2024-06-28"}},
          {"reason", "test"}};
}

class Investigator : public ViewScenario {
 protected:
  Investigator() : ViewScenario(json::serialize(Rules())) {
    Org("mn.ub", 5);
    Org(kDistrict, 1, "mn.ub");
    Post(kOfficer, kDistrict, "administrative", 3);
    for (const char* p : {"person.a", "person.b", "person.c"}) Person(p);
    Ok("person.registered", {{"person", "person.g"},
                             {"org", kDistrict},
                             {"full_name", "Ганбаатар Өлзий"},
                             {"gender", "female"},
                             {"birth_year", 1980}});
  }
  uint64_t AppointOn(const std::string& person, const std::string& date, const std::string& basis) {
    Today(date);
    return Ok("appointment.made", Appointment(person, kOfficer, date, basis)).seq;
  }
};

TEST_F(Investigator, EveryUnknownNameIsRefusedWithTheClosestValidOnes) {
  EXPECT_HAS(Refusal("holdrs", {}), "unknown view \"holdrs\"; did you mean \"holders\"?");
  EXPECT_HAS(Refusal("holders", {{"org", "mn.ub.khanuul"}}),
             "org: no organisation \"mn.ub.khanuul\"; did you mean \"mn.ub.khan-uul\"");
  EXPECT_HAS(Refusal("findings", {{"rule", "no-lawful-groun"}}),
             "rule: no rule \"no-lawful-groun\"; did you mean \"no-lawful-ground\"?");
  EXPECT_HAS(Refusal("service", {{"person", "person.x"}}), "person: no person \"person.x\"");
  EXPECT_HAS(Refusal("history", {{"post", "mn.ub.khan-uul/oficer"}}),
             "did you mean \"mn.ub.khan-uul/officer\"?");
  EXPECT_HAS(Refusal("staffing", {{"quota", "0.4"}}),
             "quota: the staffing view does not take it; it takes org, as-of, as-of-seq");
  EXPECT_HAS(Refusal("holders", {{"columns", "post,nme"}}),
             "columns: holders has no column \"nme\"; did you mean \"name\"?");
  EXPECT_HAS(Refusal("findings", {{"days", "90"}}), "days: only with election");
  EXPECT_HAS(Refusal("findings", {{"election", "2023"}}),
             "election: no national election in 2023 in the rules in force; elections: "
             "2020-06-24, 2024-06-28");
  EXPECT_HAS(Refusal("findings", {{"corrected", "yes"}}), "corrected: true or false");
}

TEST_F(Investigator, AnEmptyAnswerEchoesItsFilterAndColumnsAreChosen) {
  Table none = Must("findings", {{"rule", "back-dated"}, {"org", kDistrict}});
  EXPECT_EQ(none.total, 0u);
  EXPECT_EQ(projections::FilterText(none), "org=mn.ub.khan-uul rule=back-dated");
  Table cols = Must("holders", {{"post", kOfficer}, {"columns", "status,post"}, {"limit", "1"}});
  EXPECT_EQ(cols.columns, (std::vector<std::string>{"status", "post"}));
  EXPECT_EQ(Column(cols, "status"), (std::vector<std::string>{"vacant"}));
  EXPECT_EQ(cols.total, 3u);
  EXPECT_EQ(projections::FilterText(cols), "post=mn.ub.khan-uul/officer");
}

TEST_F(Investigator, StaffingAsOfADateAndItsHistoryWithThePeriodOverTheCap) {
  AppointOn("person.a", "2024-02-01", "competitive-examination");
  AppointOn("person.b", "2024-02-05", "competitive-examination");  // 2 on a cap of 1
  Today("2024-03-01");
  const uint64_t raised =
      Ok("organisation.restructured",
         Decision({{"org", kDistrict}, {"max_headcount", 3}, {"effective_date", "2024-03-01"}},
                  "2024-03-01"))
          .seq;
  Today("2024-04-01");
  Ok("dismissal.made", Dismissal("person.a", kOfficer, "2024-04-01"));

  auto district = [&](const std::string& as_of) {
    Table t = Must("staffing", {{"org", kDistrict}, {"as-of", as_of}});
    return std::vector<std::string>{Column(t, "headcount").at(0), Column(t, "max_headcount").at(0),
                                    Column(t, "over").at(0), Column(t, "cap_since").at(0)};
  };
  EXPECT_EQ(district("2024-02-03"), (std::vector<std::string>{"1", "1", "false", "2024-01-01"}));
  EXPECT_EQ(district("2024-02-10"), (std::vector<std::string>{"2", "1", "true", "2024-01-01"}));
  EXPECT_EQ(district("2024-03-15"), (std::vector<std::string>{"2", "3", "false", "2024-03-01"}));
  EXPECT_EQ(district("2024-05-01"), (std::vector<std::string>{"1", "3", "false", "2024-03-01"}));
  // Before it was established the district was not there; the city rolls it up.
  EXPECT_EQ(Must("staffing", {{"org", "mn.ub"}, {"as-of", "2023-12-31"}}).total, 0u);
  Table city = Must("staffing", {{"org", "mn.ub"}, {"as-of", "2024-02-10"}});
  EXPECT_EQ(Column(city, "org"), (std::vector<std::string>{"mn.ub", kDistrict}));
  EXPECT_EQ(Column(city, "headcount_with_units"), (std::vector<std::string>{"2", "2"}));
  EXPECT_EQ(Column(Must("staffing", {{"org", kDistrict}}), "cap_seq"),
            (std::vector<std::string>{std::to_string(raised)}));

  Table h = Must("staffing-history", {{"org", kDistrict}});
  EXPECT_EQ(Column(h, "change"), (std::vector<std::string>{"cap", "appointment", "appointment",
                                                           "cap", "dismissal"}));
  EXPECT_EQ(Column(h, "headcount"), (std::vector<std::string>{"0", "1", "2", "2", "1"}));
  EXPECT_EQ(Column(h, "max_headcount"), (std::vector<std::string>{"1", "1", "1", "3", "3"}));
  EXPECT_EQ(Column(h, "over_since"),
            (std::vector<std::string>{"null", "null", "2024-02-05", "null", "null"}));
  EXPECT_EQ(Column(h, "seq")[3], std::to_string(raised));
  EXPECT_EQ(Column(h, "decision")[3], "Government Resolution No. 5, 2024-03-01");
  EXPECT_EQ(Column(Must("staffing-history", {{"org", kDistrict}, {"from", "2024-02-02"},
                                             {"to", "2024-03-31"}}),
                   "date"),
            (std::vector<std::string>{"2024-02-05", "2024-03-01"}));
}

TEST_F(Investigator, FindingsFilteredByElectionWindowBasisPersonDatesAndCorrection) {
  Today("2024-07-01");  // room for everyone: no over-headcount findings
  Ok("organisation.restructured",
     Decision({{"org", kDistrict}, {"max_headcount", 10}, {"effective_date", "2024-07-01"}},
              "2024-07-01"));
  const uint64_t a = AppointOn("person.a", "2024-07-10", "other");  // no merit, post-election
  const uint64_t b = AppointOn("person.b", "2024-07-15", "competitive-examination");  // post-election
  const uint64_t c = AppointOn("person.c", "2024-12-01", "other");  // no merit only
  const std::string sa = std::to_string(a), sb = std::to_string(b), sc = std::to_string(c);
  using V = std::vector<std::string>;

  EXPECT_EQ(Column(Must("findings", {{"rule", "no-merit-selection"}}), "seq"), (V{sa, sc}));
  // "Appointments in the 90 days after the 2024 election without a competitive examination."
  EXPECT_EQ(Column(Must("findings", {{"rule", "no-merit-selection"}, {"election", "2024"}}), "seq"),
            (V{sa}));
  EXPECT_EQ(Column(Must("findings", {{"election", "2024"}, {"days", "12"}}), "seq"), (V{sa, sa}));
  EXPECT_EQ(Column(Must("findings", {{"election", "2024"}, {"basis", "competitive-examination"}}),
                   "seq"),
            (V{sb}));
  EXPECT_EQ(Column(Must("findings", {{"person", "person.b"}}), "rule"),
            (V{"post-election-appointment"}));
  EXPECT_EQ(Column(Must("findings", {{"recorded-from", "2024-11-01"}}), "seq"), (V{sc}));
  EXPECT_EQ(Column(Must("findings", {{"from", "2024-07-11"}, {"to", "2024-07-31"}}), "seq"),
            (V{sb}));
  EXPECT_EQ(Must("findings", {{"post", kOfficer}}).total, 4u);
  EXPECT_EQ(Must("findings", {{"org", "mn.cabinet-secretariat"}}).total, 0u);

  // The row joined: person, name, post, title, basis, decision, election.
  Table row = Must("findings", {{"rule", "no-merit-selection"}, {"person", "person.c"}});
  ASSERT_EQ(row.rows.size(), 1u);
  json::object r = projections::RowObject(row, 0);
  EXPECT_EQ(r.at("name"), "Балдан Бадарч");
  EXPECT_EQ(r.at("post"), kOfficer);
  EXPECT_EQ(r.at("title"), "Засгийн газрын Хэрэг эрхлэх газрын дарга");
  EXPECT_EQ(r.at("basis"), "other");
  EXPECT_EQ(r.at("effective"), "2024-12-01");
  EXPECT_EQ(r.at("decision"), "Government Resolution No. 5, 2024-12-01");
  EXPECT_EQ(r.at("after_election"), "2024-06-28");
  EXPECT_EQ(r.at("corrected_by"), json::array());
  EXPECT_HAS(std::string(r.at("finding").as_string()),
             "no-merit-selection: administrative post filled by selection basis \"other\"");

  // A corrected decision number: the row and the decision lookup follow it.
  Today("2024-12-02");
  const uint64_t fix = Ok("correction.made", {{"target_seq", c},
                                              {"org", kDistrict},
                                              {"field", "decision_number"},
                                              {"value", "No. 9"},
                                              {"reason", "typo"}})
                           .seq;
  EXPECT_EQ(Column(Must("findings", {{"corrected", "true"}}), "seq"), (V{sc}));
  EXPECT_EQ(Column(Must("findings", {{"corrected", "false"}}), "seq"), (V{sa, sa, sb}));
  EXPECT_EQ(Column(Must("findings", {{"corrected", "true"}}), "corrected_by"),
            (V{"[" + std::to_string(fix) + "]"}));
  EXPECT_EQ(Column(Must("findings", {{"corrected", "true"}}), "cured_by"), (V{"null"}));
  CivilQueries q(*t.ledger, *state);
  EXPECT_EQ(Column(q.FindRecords(RecordKey::kDecision, "no.  9").value(), "seq"), (V{sc}));
  // A correction that supplies a merit basis cures the finding; it stays on the record.
  const uint64_t cure = Ok("correction.made", {{"target_seq", c},
                                               {"org", kDistrict},
                                               {"field", "selection_basis"},
                                               {"value", "competitive-examination"},
                                               {"reason", "the examination was held"}})
                            .seq;
  Table cured = Must("findings", {{"corrected", "true"}});
  EXPECT_EQ(Column(cured, "cured_by"), (V{std::to_string(cure)}));
  EXPECT_EQ(Column(cured, "corrected_by"),
            (V{"[" + std::to_string(fix) + "," + std::to_string(cure) + "]"}));
  EXPECT_EQ(Column(cured, "basis"), (V{"competitive-examination"}));
  EXPECT_EQ(Column(q.FindRecords(RecordKey::kDecision, "No. 5").value(), "seq").size(), 7u);
}

TEST_F(Investigator, RollupsCountByYearWithSubtreeTotalsAndByLevel) {
  AppointOn("person.a", "2024-02-01", "competitive-examination");
  AppointOn("person.b", "2024-02-05", "competitive-examination");  // over-headcount
  Today("2025-01-10");
  Ok("dismissal.made", Dismissal("person.a", kOfficer, "2025-01-10"));
  using V = std::vector<std::string>;
  Table t = Must("rollup", {{"org", "mn.ub"}});
  EXPECT_EQ(Column(t, "org"), (V{"mn.ub", "mn.ub", kDistrict, kDistrict}));
  EXPECT_EQ(Column(t, "year"), (V{"2024", "2025", "2024", "2025"}));
  EXPECT_EQ(Column(t, "appointments"), (V{"0", "0", "2", "0"}));
  EXPECT_EQ(Column(t, "appointments_with_units"), (V{"2", "0", "2", "0"}));
  EXPECT_EQ(Column(t, "dismissals_with_units"), (V{"0", "1", "0", "1"}));
  EXPECT_EQ(Column(t, "findings"), (V{"0", "0", "1", "0"}));
  EXPECT_EQ(Column(t, "findings_with_units"), (V{"1", "0", "1", "0"}));
  EXPECT_EQ(Must("rollup", {{"org", "mn.ub"}, {"from", "2025-01-01"}}).total, 2u);
  // Both are "central-government" here: the district's subtree is inside the city's.
  Table level = Must("rollup", {{"org", "mn.ub"}, {"by", "level"}, {"to", "2024-12-31"}});
  EXPECT_EQ(Column(level, "level"), (V{"central-government"}));
  EXPECT_EQ(Column(level, "appointments"), (V{"2"}));
  EXPECT_EQ(Column(level, "appointments_with_units"), (V{"2"}));
  EXPECT_HAS(Refusal("rollup", {{"by", "year"}}),
             "by: the rollup view groups by org, level or election, not \"year\"");
  EXPECT_HAS(Refusal("rollup", {{"by", "levl"}}), "did you mean \"level\"?");
}

TEST_F(Investigator, RecordsByHashClientIdAndDecisionAndPersonsByName) {
  const uint64_t a = AppointOn("person.a", "2024-02-01", "competitive-examination");
  CivilQueries q(*t.ledger, *state);
  const Bytes bytes = t.ledger->RecordBytes(a).value();
  using V = std::vector<std::string>;
  const V seq_a{std::to_string(a)};
  EXPECT_EQ(Column(q.FindRecords(RecordKey::kRecordHash, HexEncode(RecordHash(bytes))).value(),
                   "seq"),
            seq_a);
  EXPECT_EQ(Column(q.FindRecords(RecordKey::kLeafHash, HexEncode(merkle::HashLeaf(bytes))).value(),
                   "seq"),
            seq_a);
  EXPECT_EQ(q.FindRecords(RecordKey::kRecordHash, HexEncode(merkle::HashLeaf(bytes)))->total, 0u);
  const std::string client_id = t.ledger->GetRecord(a)->submission.client_id;
  EXPECT_EQ(Column(q.FindRecords(RecordKey::kClientId, client_id).value(), "seq"), seq_a);
  EXPECT_EQ(q.FindRecords(RecordKey::kClientId, "no-such-client")->total, 0u);
  EXPECT_EQ(q.FindRecords(RecordKey::kRecordHash, "xyz").status().code(), Code::kInvalidArgument);

  auto names = [&](const std::string& query, bool whole) {
    return Column(q.FindPersons(query, whole, 100).value(), "person");
  };
  EXPECT_EQ(names("ganbaa", false), V{"person.g"});
  EXPECT_EQ(names("ГАНБААТАР", false), V{"person.g"});
  EXPECT_EQ(names("ulzii ganbaatar", true), V{"person.g"});
  EXPECT_EQ(names("ganbaa", true), V{});
  EXPECT_EQ(names("Badarch", false), (V{"person.a", "person.b", "person.c"}));
  EXPECT_EQ(names("baldan ganb", false), V{});
  EXPECT_EQ(projections::TransliterateName("Хүрэлбаатар Цэцэг-Өлзий"), "khurelbaatar tsetseg ulzii");
}

TEST_F(Investigator, TheLookupsRebuiltEqualTheIncrementalOnes) {
  const uint64_t c = AppointOn("person.c", "2024-02-01", "other");
  Ok("correction.made", {{"target_seq", c},
                         {"org", kDistrict},
                         {"field", "decision_number"},
                         {"value", "No. 9"},
                         {"reason", "typo"}});
  Today("2024-03-01");
  Ok("organisation.restructured",
     Decision({{"org", kDistrict}, {"max_headcount", 4}, {"effective_date", "2024-03-01"}},
              "2024-03-01"));
  const std::string incremental = DumpProjection(*t.ledger);
  ASSERT_TRUE(t.ledger->RebuildHooks().ok());
  EXPECT_TRUE(DumpProjection(*t.ledger) == incremental);
}

}  // namespace
}  // namespace ledger::testing
