// Golden scenarios for the views: holders (now and "as of"), history,
// service record, staffing roll-up, turnover, gender, breaches, tenure and
// findings; corrections and court rulings change them as expected.
#include <gtest/gtest.h>

#include "projections/civil_queries.h"
#include "projections/civil_test_util.h"

namespace ledger::testing {
namespace {
namespace json = boost::json;
using projections::CivilQueries;
using projections::QueryOptions;
using projections::Table;

constexpr const char* kOfficer = "mn.cabinet-secretariat/officer";

class Views : public CivilScenario {
 protected:
  Views() {
    Post(kOfficer, "mn.cabinet-secretariat", "administrative", 2);
    for (const char* p : {"person.a", "person.b", "person.c"}) Person(p);
  }
  Table Query(const std::string& view, QueryOptions o = {}) {
    CivilQueries q(*t.ledger, *state);
    auto table = q.Run(view, o);
    EXPECT_TRUE(table.ok()) << view << ": " << table.status().ToString();
    return table.ok() ? *table : Table{};
  }
  // The values of `column` in every row.
  static std::vector<std::string> Column(const Table& t, const std::string& column) {
    size_t c = 0;
    while (c < t.columns.size() && t.columns[c] != column) ++c;
    std::vector<std::string> out;
    for (const auto& row : t.rows) {
      out.push_back(row[c].is_string() ? std::string(row[c].as_string()) : json::serialize(row[c]));
    }
    return out;
  }
};

TEST_F(Views, HoldersNowAndAsOfAnEarlierDateOrSeq) {
  uint64_t a = Ok("appointment.made", Appointment("person.a", kOfficer, "2024-01-02")).seq;
  Ok("appointment.made", Appointment("person.b", kOfficer, "2024-01-04"));
  Ok("dismissal.made", Dismissal("person.a", kOfficer, "2024-01-05"));
  QueryOptions o;
  o.post = kOfficer;
  EXPECT_EQ(Column(Query("holders", o), "person"), (std::vector<std::string>{"person.b", "null"}));
  EXPECT_EQ(Column(Query("holders", o), "status"), (std::vector<std::string>{"held", "vacant"}));
  o.as_of_date = events::ParseDate("2024-01-04").value();
  EXPECT_EQ(Column(Query("holders", o), "person"),
            (std::vector<std::string>{"person.a", "person.b"}));
  o.as_of_date.reset();
  o.as_of_seq = a + 1;  // the log as it stood right after the first appointment
  EXPECT_EQ(Column(Query("holders", o), "person"), (std::vector<std::string>{"person.a", "null"}));
}

TEST_F(Views, ServiceRecordHistoryAndBreachRegisterFollowADismissalAndReinstatement) {
  Ok("appointment.made", Appointment("person.a", kOfficer, "2024-01-02"));
  Ok("breach.recorded", {{"breach", "breach.1"},
                         {"person", "person.a"},
                         {"org", "mn.cabinet-secretariat"},
                         {"law", "Төрийн албаны тухай хууль"},
                         {"article", "39.1.3"},
                         {"finding", "x"},
                         {"investigating_body", "ТАЗ"},
                         {"date_found", "2024-01-03"},
                         {"status", "confirmed"}});
  uint64_t d = Ok("dismissal.made", Dismissal("person.a", kOfficer, "2024-01-04")).seq;
  Ok("sanction.imposed", Decision({{"sanction", "s.1"},
                                   {"breach", "breach.1"},
                                   {"person", "person.a"},
                                   {"org", "mn.cabinet-secretariat"},
                                   {"kind", "dismissal"},
                                   {"dismissal_seq", d},
                                   {"effective_date", "2024-01-04"}},
                                  "2024-01-04"));
  Ok("court.ruling", {{"subject_seq", d},
                      {"org", "mn.cabinet-secretariat"},
                      {"court", "Шүүх"},
                      {"case_number", "1"},
                      {"ruling_date", "2024-01-08"},
                      {"outcome", "reinstatement-ordered"}});
  QueryOptions o;
  o.person = "person.a";
  Table service = Query("service", o);
  EXPECT_EQ(Column(service, "type"),
            (std::vector<std::string>{"person.registered", "appointment.made", "breach.recorded",
                                      "dismissal.made", "sanction.imposed", "court.ruling"}));
  EXPECT_EQ(Column(service, "signer")[1], "hr-test");
  EXPECT_EQ(Column(service, "decision")[1], "Government Resolution No. 5, 2024-01-02");
  o = {};
  o.post = kOfficer;
  Table history = Query("history", o);
  EXPECT_EQ(Column(history, "began_by"),
            (std::vector<std::string>{"appointment", "reinstatement"}));
  EXPECT_EQ(Column(history, "ended_by"), (std::vector<std::string>{"dismissal:restructuring", ""}));
  EXPECT_EQ(Column(history, "from")[1], "2024-01-08");
  Table breaches = Query("breaches", {});
  ASSERT_EQ(breaches.rows.size(), 1u);
  EXPECT_NE(Column(breaches, "sanctions")[0].find("dismissal (dismissal seq"), std::string::npos);
  EXPECT_NE(Column(breaches, "court_outcomes")[0].find("reinstatement-ordered"), std::string::npos);
  o = {};
  o.org = "mn.cabinet-secretariat";
  Table turnover = Query("turnover", o);
  EXPECT_EQ(Column(turnover, "dismissals"), std::vector<std::string>{"1"});
  EXPECT_EQ(Column(turnover, "reinstatements"), std::vector<std::string>{"1"});
  EXPECT_EQ(Column(turnover, "annulled_by_court"), std::vector<std::string>{"1"});
}

TEST_F(Views, ACorrectedAppointmentDateMovesHistoryAndTurnover) {
  uint64_t a = Ok("appointment.made", Appointment("person.a", kOfficer, "2024-01-08")).seq;
  QueryOptions jan1to5;
  jan1to5.org = "mn.cabinet-secretariat";
  jan1to5.from = events::ParseDate("2024-01-01").value();
  jan1to5.to = events::ParseDate("2024-01-05").value();
  EXPECT_TRUE(Query("turnover", jan1to5).rows.empty());
  Ok("correction.made", {{"target_seq", a},
                         {"org", "mn.cabinet-secretariat"},
                         {"field", "effective_date"},
                         {"value", "2024-01-03"},
                         {"reason", "typo"}});
  EXPECT_EQ(Column(Query("turnover", jan1to5), "appointments"), std::vector<std::string>{"1"});
  QueryOptions o;
  o.post = kOfficer;
  EXPECT_EQ(Column(Query("history", o), "from"), std::vector<std::string>{"2024-01-03"});
  EXPECT_EQ(Column(Query("holders", o), "since")[0], "2024-01-03");
}

TEST_F(Views, StaffingRollsUpGenderQuotasTenureAndFindings) {
  Org("mn.cabinet-secretariat.hr", 1, "mn.cabinet-secretariat");
  Post("mn.cabinet-secretariat.hr/director", "mn.cabinet-secretariat.hr", "administrative", 1);
  Ok("appointment.made", Appointment("person.a", kOfficer, "2024-01-02"));
  Ok("appointment.made",
     Appointment("person.b", "mn.cabinet-secretariat.hr/director", "2024-01-02"));
  AppendOutcome flagged =
      Ok("appointment.made", Appointment("person.c", kOfficer, "2024-01-03", "other"));
  Ok("dismissal.made", Dismissal("person.a", kOfficer, "2024-01-09"));
  QueryOptions o;
  o.org = "mn.cabinet-secretariat";
  Table staffing = Query("staffing", o);
  EXPECT_EQ(Column(staffing, "org"),
            (std::vector<std::string>{"mn.cabinet-secretariat", "mn.cabinet-secretariat.hr"}));
  EXPECT_EQ(Column(staffing, "headcount"), (std::vector<std::string>{"1", "1"}));
  EXPECT_EQ(Column(staffing, "headcount_with_units"), (std::vector<std::string>{"2", "1"}));
  // Everyone registered by Person() is male: below any quota.
  Table gender = Query("gender", o);
  EXPECT_EQ(Column(gender, "below_quota")[0], "true");
  o.post = kOfficer;
  Table tenure = Query("tenure", o);
  EXPECT_EQ(Column(tenure, "holders"), std::vector<std::string>{"2"});
  EXPECT_EQ(Column(tenure, "longest_days"), std::vector<std::string>{"7"});
  QueryOptions f;
  f.rule = "no-merit-selection";
  EXPECT_EQ(Column(Query("findings", f), "seq"),
            std::vector<std::string>{std::to_string(flagged.seq)});
  f.limit = 0;
  EXPECT_EQ(Query("findings", f).total, 1u);
}

TEST_F(Views, UnknownViewsAndMissingFiltersAreClearErrors) {
  CivilQueries q(*t.ledger, *state);
  EXPECT_EQ(q.Run("nope", {}).status().code(), Code::kInvalidArgument);
  EXPECT_NE(q.Run("service", {}).status().message().find("--person"), std::string::npos);
}

}  // namespace
}  // namespace ledger::testing
