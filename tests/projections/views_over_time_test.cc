// Views over time on a small hand-built ledger whose answers are written
// here: history, service, tenure and turnover as of a date; roll-ups by
// election window with the calendar in force for each record; gender balance
// by organisation level, with subtree totals, at the end of each year.
#include <gtest/gtest.h>

#include <map>

#include "projections/civil_test_util.h"

namespace ledger::testing {
namespace {
namespace json = boost::json;
using projections::Table;
using V = std::vector<std::string>;

constexpr const char* kCity = "mn.ub";
constexpr const char* kDistrict = "mn.ub.khan-uul";
constexpr const char* kKhoroo = "mn.ub.khan-uul.khoroo-01";
constexpr const char* kMinistry = "mn.ministry.x";
constexpr const char* kGovernor = "mn.ub.khan-uul/governor";
constexpr const char* kOfficer = "mn.ub.khan-uul/officer";
constexpr const char* kSecretary = "mn.ub.khan-uul.khoroo-01/secretary";
constexpr const char* kMinistryOfficer = "mn.ministry.x/officer";

json::object Rules(json::array elections) {
  return {{"backdate_days", 30},
          {"post_election_days", 90},
          {"elections", std::move(elections)},
          {"reason", "test"}};
}

// A city with a district and its khoroo, and a ministry; four posts; five
// people. Every decision is recorded on its effective date.
//   2024-02-01 m1 -> governor (political, leadership)
//   2024-03-01 f1 -> officer
//   2024-07-10 m2 -> officer, basis "other" (no-merit, post-election 2024)
//   2024-08-01 f2 -> khoroo secretary (leadership; post-election 2024)
//   2025-03-01 m1 dismissed; 2025-04-01 m3 -> governor
//   2025-06-01 m2 dismissed; 2025-07-01 m2 -> ministry officer
//   2025-08-01 rules.set adds an election on 2025-06-20
//   2025-08-15 f3 -> ministry officer (post-election 2025 by the new calendar)
class OverTime : public ViewScenario {
 protected:
  OverTime() : ViewScenario(json::serialize(Rules({"2020-06-24", "2024-06-28"}))) {
    OrgAt(kCity, "capital-city", "");
    OrgAt(kDistrict, "district", kCity);
    OrgAt(kKhoroo, "khoroo", kDistrict);
    OrgAt(kMinistry, "ministry", "");
    PostAt(kGovernor, "political", true, 1);
    PostAt(kOfficer, "administrative", false, 3);
    PostAt(kSecretary, "administrative", true, 1);
    PostAt(kMinistryOfficer, "administrative", false, 2);
    for (const auto& [id, gender] : std::map<std::string, std::string>{{"person.f1", "female"},
                                                                       {"person.f2", "female"},
                                                                       {"person.f3", "female"},
                                                                       {"person.m1", "male"},
                                                                       {"person.m2", "male"},
                                                                       {"person.m3", "male"}}) {
      Ok("person.registered", {{"person", id},
                               {"org", kCity},
                               {"full_name", "Name " + id.substr(7)},
                               {"gender", gender},
                               {"birth_year", 1980}});
    }
    Appoint("person.m1", kGovernor, "2024-02-01", "political-appointment");
    Appoint("person.f1", kOfficer, "2024-03-01");
    m2_appointed = Appoint("person.m2", kOfficer, "2024-07-10", "other");
    Appoint("person.f2", kSecretary, "2024-08-01");
    Dismiss("person.m1", kGovernor, "2025-03-01");
    Appoint("person.m3", kGovernor, "2025-04-01", "political-appointment");
    Dismiss("person.m2", kOfficer, "2025-06-01");
    Appoint("person.m2", kMinistryOfficer, "2025-07-01");
    Today("2025-08-01");
    EXPECT_TRUE(SetRules(Rules({"2020-06-24", "2024-06-28", "2025-06-20"})).status.ok());
    Appoint("person.f3", kMinistryOfficer, "2025-08-15");
  }
  void OrgAt(const std::string& id, const std::string& level, const std::string& parent) {
    json::object b{{"org", id},
                   {"name", id},
                   {"level", level},
                   {"max_headcount", 5},
                   {"effective_date", "2024-01-01"}};
    if (!parent.empty()) b["parent"] = parent;
    Ok("organisation.established", Decision(b, "2024-01-01"));
  }
  void PostAt(const std::string& id, const std::string& category, bool leadership,
              uint64_t positions) {
    Ok("post.established", Decision({{"post", id},
                                     {"org", id.substr(0, id.find('/'))},
                                     {"title", id},
                                     {"category", category},
                                     {"leadership", leadership},
                                     {"positions", positions},
                                     {"effective_date", "2024-01-01"}},
                                    "2024-01-01"));
  }
  uint64_t Appoint(const std::string& person, const std::string& post, const std::string& date,
                   const std::string& basis = "competitive-examination") {
    Today(date);
    return Ok("appointment.made", Appointment(person, post, date, basis)).seq;
  }
  void Dismiss(const std::string& person, const std::string& post, const std::string& date) {
    Today(date);
    Ok("dismissal.made", Dismissal(person, post, date));
  }
  // The cells of `columns` in the rows whose `key` column is `value`, joined by "/".
  static V Cells(const Table& t, const std::string& key, const std::string& value,
                 const V& columns) {
    V out;
    const V keys = Column(t, key);
    std::vector<V> cols;
    for (const auto& c : columns) cols.push_back(Column(t, c));
    for (size_t r = 0; r < keys.size(); ++r) {
      if (keys[r] != value) continue;
      std::string cell;
      for (const auto& c : cols) cell += (cell.empty() ? "" : "/") + c[r];
      out.push_back(cell);
    }
    return out;
  }
  uint64_t m2_appointed = 0;
};

TEST_F(OverTime, HistoryAsOfADateShowsTheTenuresBegunByThenStillRunning) {
  EXPECT_EQ(Column(Must("history", {{"post", kGovernor}}), "person"),
            (V{"person.m1", "person.m3"}));
  Table then = Must("history", {{"post", kGovernor}, {"as-of", "2024-12-31"}});
  EXPECT_EQ(Column(then, "person"), (V{"person.m1"}));
  EXPECT_EQ(Column(then, "to"), (V{"null"}));
  EXPECT_EQ(Column(then, "to_seq"), (V{"null"}));
  EXPECT_EQ(Column(then, "ended_by"), (V{""}));
  Table later = Must("history", {{"post", kGovernor}, {"as-of", "2025-03-15"}});
  EXPECT_EQ(Column(later, "to"), (V{"2025-03-01"}));
  EXPECT_EQ(Column(later, "ended_by"), (V{"dismissal:restructuring"}));
  EXPECT_EQ(Must("history", {{"post", kGovernor}, {"as-of", "2024-01-31"}}).total, 0u);
  EXPECT_EQ(projections::FilterText(then), "post=mn.ub.khan-uul/governor as-of=2024-12-31");
}

TEST_F(OverTime, ServiceAsOfADateKeepsTheRecordsEffectiveByThen) {
  EXPECT_EQ(Column(Must("service", {{"person", "person.m2"}}), "type"),
            (V{"person.registered", "appointment.made", "dismissal.made", "appointment.made"}));
  EXPECT_EQ(Column(Must("service", {{"person", "person.m2"}, {"as-of", "2024-12-31"}}), "type"),
            (V{"person.registered", "appointment.made"}));
  Table mid = Must("service", {{"person", "person.m2"}, {"as-of", "2025-06-01"}});
  EXPECT_EQ(Column(mid, "effective"), (V{"null", "2024-07-10", "2025-06-01"}));
  EXPECT_EQ(Column(mid, "seq")[1], std::to_string(m2_appointed));
}

TEST_F(OverTime, TenureAsOfADateIsMeasuredUpToIt) {
  auto governor = [&](const std::string& as_of) {
    Table t = Must("tenure", {{"post", kGovernor}, {"as-of", as_of}});
    return Cells(t, "post", kGovernor,
                 {"holders", "mean_days", "longest_holder", "current_holder"});
  };
  EXPECT_EQ(governor("2024-12-31"), (V{"1/null/null/Name m1"}));
  EXPECT_EQ(governor("2025-03-15"), (V{"1/394/Name m1/null"}));  // 2024-02-01 to 2025-03-01
  EXPECT_EQ(governor("2025-12-31"), (V{"2/394/Name m1/Name m3"}));
  EXPECT_EQ(Must("tenure", {{"post", kGovernor}, {"as-of", "2024-01-15"}}).total, 0u);
}

TEST_F(OverTime, TurnoverAsOfADateCutsThePeriodAtIt) {
  Table t = Must(
      "turnover",
      {{"org", kDistrict}, {"from", "2024-01-01"}, {"to", "2025-12-31"}, {"as-of", "2025-03-15"}});
  EXPECT_EQ(Cells(t, "org", kDistrict,
                  {"to", "headcount_start", "headcount_end", "appointments", "dismissals"}),
            (V{"2025-03-15/0/2/3/1"}));
  Table whole =
      Must("turnover", {{"org", kDistrict}, {"from", "2024-01-01"}, {"to", "2025-12-31"}});
  EXPECT_EQ(Cells(whole, "org", kDistrict, {"headcount_end", "appointments", "dismissals"}),
            (V{"2/4/2"}));
  EXPECT_EQ(
      Must("turnover", {{"org", kDistrict}, {"from", "2025-01-01"}, {"as-of", "2024-12-31"}}).total,
      0u);
}

TEST_F(OverTime, AsOfIsStrict) {
  EXPECT_HAS(Refusal("history", {{"post", kGovernor}, {"as-of", "2025-13-01"}}), "as-of:");
  EXPECT_HAS(Refusal("tenure", {{"as-of", "yesterday"}}), "as-of:");
  EXPECT_HAS(Refusal("staffing-history", {{"as-of", "2025-01-01"}}),
             "as-of: the staffing-history view does not take it");
}

TEST_F(OverTime, RollupByElectionWindowUsesTheCalendarInForceForEachRecord) {
  Table t = Must("rollup", {{"by", "election"}});
  const V columns{"election", "appointments", "findings", "appointments_with_units",
                  "findings_with_units"};
  // m2's ministry appointment (2025-07-01) was recorded before the 2025
  // election joined the calendar: in no window. f3's came after: in it.
  EXPECT_EQ(Cells(t, "org", kMinistry, columns), (V{"2025-06-20/1/1/1/1"}));
  EXPECT_EQ(Cells(t, "org", kCity, columns), (V{"2024-06-28/0/0/2/3"}));
  EXPECT_EQ(Cells(t, "org", kDistrict, columns), (V{"2024-06-28/1/2/2/3"}));
  EXPECT_EQ(Cells(t, "org", kKhoroo, columns), (V{"2024-06-28/1/1/1/1"}));
  EXPECT_EQ(Cells(t, "org", kDistrict, {"level"}), (V{"district"}));
  EXPECT_EQ(t.total, 4u);
  EXPECT_EQ(Must("rollup", {{"by", "election"}, {"org", kKhoroo}}).total, 1u);
  // To 2024-07-31: f2's and f3's appointments are out, and their rows with them.
  EXPECT_EQ(Column(Must("rollup", {{"by", "election"}, {"to", "2024-07-31"}}), "org"),
            (V{kCity, kDistrict}));
  EXPECT_HAS(Refusal("rollup", {{"by", "elections"}}), "did you mean \"election\"?");
}

TEST_F(OverTime, GenderByLevelWithSubtreeTotals) {
  Table t = Must("gender", {{"by", "level"}});
  EXPECT_EQ(t.columns.front(), "level");
  auto cells = [&](const std::string& level, const std::string& group) {
    V out;
    const V levels = Column(t, "level"), groups = Column(t, "group");
    const V f = Column(t, "female"), m = Column(t, "male"), fu = Column(t, "female_with_units"),
            mu = Column(t, "male_with_units");
    for (size_t r = 0; r < levels.size(); ++r) {
      if (levels[r] == level && groups[r] == group) {
        out.push_back(f[r] + "/" + m[r] + " " + fu[r] + "/" + mu[r]);
      }
    }
    return out;
  };
  // Now: governor m3; officer f1; secretary f2 (leadership); ministry m2, f3.
  EXPECT_EQ(cells("(all)", "administrative"), (V{"3/1 3/1"}));
  EXPECT_EQ(cells("(all)", "leadership"), (V{"1/1 1/1"}));
  EXPECT_EQ(cells("capital-city", "administrative"), (V{"0/0 2/0"}));
  EXPECT_EQ(cells("capital-city", "leadership"), (V{"0/0 1/1"}));
  EXPECT_EQ(cells("district", "leadership"), (V{"0/1 1/1"}));
  EXPECT_EQ(cells("district", "political"), (V{"0/1 0/1"}));
  EXPECT_EQ(cells("khoroo", "leadership"), (V{"1/0 1/0"}));
  EXPECT_EQ(cells("ministry", "administrative"), (V{"1/1 1/1"}));
  EXPECT_EQ(cells("ministry", "leadership"), V{});

  Table by_org = Must("gender", {{"by", "org"}, {"org", kCity}});
  const V columns{"group",
                  "level",
                  "female",
                  "female_share",
                  "female_with_units",
                  "male_with_units",
                  "below_quota_with_units"};
  EXPECT_EQ(Cells(by_org, "org", kCity, columns), (V{"administrative/capital-city/0/null/2/0/true",
                                                     "leadership/capital-city/0/null/1/1/false",
                                                     "political/capital-city/0/null/0/1/true"}));
  EXPECT_HAS(Refusal("gender", {{"by", "lvel"}}), "did you mean \"level\"?");
  EXPECT_HAS(Refusal("gender", {{"by", "election"}}), "by: the gender view groups by org or level");
}

TEST_F(OverTime, GenderAtTheEndOfEachYear) {
  Table t = Must("gender", {{"by", "level"}, {"over-time", "year"}});
  auto cells = [&](const std::string& level, const std::string& group) {
    V out;
    const V levels = Column(t, "level"), groups = Column(t, "group"), years = Column(t, "year");
    const V f = Column(t, "female"), m = Column(t, "male"), fu = Column(t, "female_with_units"),
            mu = Column(t, "male_with_units");
    for (size_t r = 0; r < levels.size(); ++r) {
      if (levels[r] == level && groups[r] == group) {
        out.push_back(years[r] + ": " + f[r] + "/" + m[r] + " " + fu[r] + "/" + mu[r]);
      }
    }
    return out;
  };
  // End of 2024: governor m1; officer f1, m2; secretary f2. End of 2025: as now.
  EXPECT_EQ(cells("(all)", "administrative"), (V{"2024: 2/1 2/1", "2025: 3/1 3/1"}));
  EXPECT_EQ(cells("district", "leadership"), (V{"2024: 0/1 1/1", "2025: 0/1 1/1"}));
  EXPECT_EQ(cells("district", "administrative"), (V{"2024: 1/1 2/1", "2025: 1/0 2/0"}));
  EXPECT_EQ(cells("ministry", "administrative"), (V{"2025: 1/1 1/1"}));
  Table until = Must("gender", {{"over-time", "year"}, {"as-of", "2025-06-15"}});
  EXPECT_EQ(Cells(until, "org", "(all)", {"group", "year", "female", "male"}),
            (V{"administrative/2024/2/1", "administrative/2025/2/0", "leadership/2024/1/1",
               "leadership/2025/1/1", "political/2024/0/1", "political/2025/0/1"}));
  EXPECT_HAS(Refusal("gender", {{"over-time", "yaer"}}),
             "over-time: the gender view goes over time by year, not \"yaer\"; did you mean "
             "\"year\"?");
}

}  // namespace
}  // namespace ledger::testing
