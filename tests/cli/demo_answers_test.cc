// The demo's answers to the investigator's questions against a direct count
// over its records: every record of a small demo ledger is read back,
// decoded and counted here, without the projection, and the views must say
// the same (appointments without a merit basis in the 90 days after the
// 2024 election, appointments and dismissals per year, the holders of every
// post, findings per rule, periods over the approved headcount).
#include <gtest/gtest.h>

#include <chrono>

#include <map>
#include <set>
#include <sstream>

#include "demo/demo_data.h"
#include "ledger/event_types.h"
#include "ledger/events.h"
#include "projections/civil_ledger.h"
#include "projections/civil_queries.h"
#include "util/test_ledger.h"

namespace ledger::cli {
namespace {
namespace json = boost::json;

struct Decoded {
  Record record;
  events::Body body;
};

// The demo ledger (a few hundred people), built once for every test here.
class DemoAnswers : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new testing::TempDir();
    std::ostringstream log;
    DemoOptions opts;
    opts.people = 400;
    auto summary = BuildDemoLedger(dir_->path(), opts, log);
    ASSERT_TRUE(summary.ok()) << summary.status().ToString();
    auto civil = projections::MakeCivilLedgerOptions(dir_->Sub("ledger"), true);
    ASSERT_TRUE(civil.ok()) << civil.status().ToString();
    state_ = new std::shared_ptr<projections::CivilState>(civil->state);
    auto ledger = Ledger::Open(dir_->Sub("ledger"), civil->ledger);
    ASSERT_TRUE(ledger.ok()) << ledger.status().ToString();
    ledger_ = ledger->release();
    records_ = new std::vector<Decoded>();
    Status read = ledger_->ForEachRecord(0, ledger_->Size(), [](uint64_t, ByteView bytes) {
      LEDGER_ASSIGN_OR_RETURN(Record r, DecodeRecord(bytes));
      LEDGER_ASSIGN_OR_RETURN(events::Body b, events::DecodeLatestBody(r.submission));
      records_->push_back({std::move(r), std::move(b)});
      return Status::Ok();
    });
    ASSERT_TRUE(read.ok()) << read.ToString();
  }
  static void TearDownTestSuite() {
    delete records_;
    delete ledger_;
    delete state_;
    delete dir_;
  }

  static projections::Table View(const std::string& view, projections::QueryOptions o) {
    o.limit = SIZE_MAX;
    auto t = projections::CivilQueries(*ledger_, **state_).Run(view, o);
    EXPECT_TRUE(t.ok()) << view << ": " << t.status().ToString();
    return t.ok() ? *t : projections::Table{};
  }
  static size_t Col(const projections::Table& t, const std::string& name) {
    auto it = std::find(t.columns.begin(), t.columns.end(), name);
    EXPECT_NE(it, t.columns.end()) << name;
    return size_t(it - t.columns.begin());
  }
  static bool Is(const Decoded& d, std::string_view type) { return d.body.schema().type == type; }
  static std::string Text(const Decoded& d, std::string_view f) { return d.body.Text(f); }
  static bool HasFlag(const Decoded& d, const std::string& rule) {
    for (const auto& f : d.record.flags) {
      if (f.starts_with(rule + ":")) return true;
    }
    return false;
  }
  // The effective date as corrected (the demo corrects appointments' dates).
  static int32_t Effective(const Decoded& d) {
    auto it = CorrectedDates().find(d.record.seq);
    return it != CorrectedDates().end() ? it->second : d.body.Date(events::field::kEffectiveDate);
  }
  static const std::map<uint64_t, int32_t>& CorrectedDates() {
    static const std::map<uint64_t, int32_t> dates = [] {
      std::map<uint64_t, int32_t> out;
      for (const Decoded& d : *records_) {
        if (Is(d, events::kCorrectionMade) && Text(d, "field") == "effective_date") {
          out[d.body.UInt("target_seq")] = events::ParseDate(Text(d, "value")).value();
        }
      }
      return out;
    }();
    return dates;
  }
  static int32_t Year(int32_t day) { return std::stoi(events::FormatDate(day).substr(0, 4)); }

  static void AppointmentsWithoutMeritInThe90DaysAfterThe2024Election() {
    std::map<std::string, std::string> category;  // post -> category
    for (const Decoded& d : *records_) {
      if (Is(d, events::kPostEstablished)) category[Text(d, "post")] = Text(d, "category");
    }
    const int32_t election = events::ParseDate("2024-06-28").value();
    std::set<uint64_t> direct;
    for (const Decoded& d : *records_) {
      if (!Is(d, events::kAppointmentMade)) continue;
      const std::string basis = Text(d, "selection_basis");
      const int32_t day = Effective(d);
      if (category[Text(d, "post")] != "political" &&
          (basis == "political-appointment" || basis == "other") && day >= election &&
          day - election <= 90) {
        direct.insert(d.record.seq);
        // Recorded with the flag (the calendar then had the 2024 election).
        EXPECT_TRUE(HasFlag(d, "no-merit-selection")) << d.record.seq;
      }
    }
    ASSERT_FALSE(direct.empty()) << "the demo should have some";
    projections::QueryOptions o;
    o.rule = "no-merit-selection";
    o.election = 2024;
    o.days = 90;
    projections::Table t = View("findings", o);
    std::set<uint64_t> seen;
    for (const auto& row : t.rows) seen.insert(row[Col(t, "seq")].as_uint64());
    EXPECT_EQ(seen, direct);
    EXPECT_EQ(t.total, direct.size());  // one flag per record and rule
  }

  static void AppointmentsAndDismissalsPerYear() {
    std::map<int32_t, uint64_t> appointments, dismissals;
    for (const Decoded& d : *records_) {
      if (Is(d, events::kAppointmentMade)) ++appointments[Year(Effective(d))];
      if (Is(d, events::kDismissalMade)) ++dismissals[Year(Effective(d))];
    }
    // The roll-up's own counts, summed over every organisation.
    projections::Table t = View("rollup", {});
    std::map<int32_t, uint64_t> view_appointments, view_dismissals;
    for (const auto& row : t.rows) {
      const int32_t year = int32_t(row[Col(t, "year")].as_int64());
      if (uint64_t n = row[Col(t, "appointments")].as_uint64()) view_appointments[year] += n;
      if (uint64_t n = row[Col(t, "dismissals")].as_uint64()) view_dismissals[year] += n;
    }
    EXPECT_EQ(view_appointments, appointments);
    EXPECT_EQ(view_dismissals, dismissals);
    EXPECT_GT(dismissals.size(), 5u);
  }

  static void FindingsPerRule() {
    std::map<std::string, uint64_t> direct;
    for (const Decoded& d : *records_) {
      for (const auto& f : d.record.flags) ++direct[f.substr(0, f.find(':'))];
    }
    ASSERT_GE(direct.size(), 4u);
    for (const auto& entry : direct) {
      projections::QueryOptions o;
      o.rule = entry.first;
      EXPECT_EQ(View("findings", o).total, entry.second) << entry.first;
    }
  }

  // The holders of every post now, and every organisation's periods over its
  // approved headcount, replayed here from the records: appointments,
  // dismissals, transfers and court-ordered reinstatements, and the caps.
  static void HoldersOfEveryPostAndPeriodsOverTheCap() {
    std::map<std::string, std::string> org_of;                  // post -> org
    std::map<std::string, std::multiset<std::string>> holders;  // post -> persons
    std::set<std::string> abolished;
    std::map<uint64_t, const Decoded*> by_seq;
    struct Change {
      int32_t day;
      uint64_t seq;
      int64_t delta;                // a movement: +1 or -1
      std::optional<uint64_t> cap;  // or a change of cap
    };
    std::map<std::string, std::vector<Change>> timeline;  // org -> changes
    std::map<std::string, std::vector<Change>> on_post;   // post -> movements
    for (const Decoded& d : *records_) {
      const uint64_t seq = d.record.seq;
      by_seq[seq] = &d;
      if (Is(d, events::kPostEstablished)) org_of[Text(d, "post")] = Text(d, "org");
      if (Is(d, events::kPostAbolished)) abolished.insert(Text(d, "post"));
      if ((Is(d, events::kOrganisationEstablished) || Is(d, events::kOrganisationRestructured)) &&
          d.body.Has("max_headcount")) {
        timeline[Text(d, "org")].push_back({Effective(d), seq, 0, d.body.UInt("max_headcount")});
      }
      auto arrive = [&](const std::string& post, const std::string& person, int32_t day) {
        holders[post].insert(person);
        timeline[org_of[post]].push_back({day, seq, +1, std::nullopt});
        on_post[post].push_back({day, seq, +1, std::nullopt});
      };
      auto leave = [&](const std::string& post, const std::string& person, int32_t day) {
        auto it = holders[post].find(person);
        ASSERT_NE(it, holders[post].end()) << person << " leaves " << post << " at " << seq;
        holders[post].erase(it);
        timeline[org_of[post]].push_back({day, seq, -1, std::nullopt});
        on_post[post].push_back({day, seq, -1, std::nullopt});
      };
      if (Is(d, events::kAppointmentMade)) arrive(Text(d, "post"), Text(d, "person"), Effective(d));
      if (Is(d, events::kDismissalMade)) leave(Text(d, "post"), Text(d, "person"), Effective(d));
      if (Is(d, events::kTransferMade)) {
        leave(Text(d, "from_post"), Text(d, "person"), Effective(d));
        arrive(Text(d, "to_post"), Text(d, "person"), Effective(d));
      }
      if (Is(d, events::kCourtRuling) && Text(d, "outcome") == "reinstatement-ordered") {
        const Decoded* subject = by_seq.at(d.body.UInt("subject_seq"));
        if (Is(*subject, events::kSanctionImposed)) {
          if (!subject->body.Has("dismissal_seq")) continue;
          subject = by_seq.at(subject->body.UInt("dismissal_seq"));
        }
        const std::string post = Text(*subject, "post"), person = Text(*subject, "person");
        if (!abolished.count(post) && !holders[post].count(person)) {
          arrive(post, person, d.body.Date("ruling_date"));
        }
      }
    }

    // Holders now: the view's held (or over) rows per post. "Now" is today
    // by effective date: the demo's future-dated decisions do not count yet.
    const int32_t today = int32_t(std::chrono::duration_cast<std::chrono::days>(
                                      std::chrono::system_clock::now().time_since_epoch())
                                      .count());
    std::map<std::string, uint64_t> direct_held, view_held;
    for (const auto& [post, moves] : on_post) {
      int64_t n = 0;
      for (const Change& c : moves) n += c.day <= today ? c.delta : 0;
      if (n > 0) direct_held[post] = uint64_t(n);
    }
    projections::Table h = View("holders", {});
    for (const auto& row : h.rows) {
      if (row[Col(h, "status")].as_string() != "vacant")
        ++view_held[std::string(row[0].as_string())];
    }
    EXPECT_EQ(view_held, direct_held);
    EXPECT_GT(direct_held.size(), 100u);

    // Holders as of a date: those who arrived by then and had not left by then.
    const std::string as_of = "2020-01-01";
    const int32_t day = events::ParseDate(as_of).value();
    std::map<std::string, int64_t> direct_then, view_then;
    for (const auto& entry : on_post) {
      int64_t n = 0;
      for (const Change& c : entry.second) n += c.day <= day ? c.delta : 0;
      if (n) direct_then[entry.first] = n;
    }
    projections::QueryOptions then;
    then.as_of_date = day;
    h = View("holders", then);
    for (const auto& row : h.rows) {
      if (row[Col(h, "status")].as_string() != "vacant")
        ++view_then[std::string(row[0].as_string())];
    }
    EXPECT_EQ(view_then, direct_then) << "as of " << as_of;
    EXPECT_GT(direct_then.size(), 50u);

    // Periods over the cap: in effective-date order (then seq), a run of
    // changes with the headcount above the cap is one period.
    std::map<std::string, uint64_t> direct_periods, view_periods;
    for (auto& [org, changes] : timeline) {
      std::stable_sort(changes.begin(), changes.end(), [](const Change& a, const Change& b) {
        return std::pair(a.day, a.seq) < std::pair(b.day, b.seq);
      });
      int64_t headcount = 0, cap = 0;
      bool over = false;
      for (const Change& c : changes) {
        if (c.cap) cap = int64_t(*c.cap);
        headcount += c.delta;
        if (headcount > cap && !over) ++direct_periods[org];
        over = headcount > cap;
      }
    }
    projections::Table s = View("staffing-history", {});
    std::string previous_org;
    bool was_over = false;
    for (const auto& row : s.rows) {
      const std::string org(row[Col(s, "org")].as_string());
      if (org != previous_org) was_over = false;
      const bool over = row[Col(s, "over")].as_bool();
      if (over && !was_over) ++view_periods[org];
      was_over = over;
      previous_org = org;
    }
    EXPECT_EQ(view_periods, direct_periods);
    EXPECT_FALSE(direct_periods.empty()) << "the demo should go over some cap";
  }

  static testing::TempDir* dir_;
  static Ledger* ledger_;
  static std::shared_ptr<projections::CivilState>* state_;
  static std::vector<Decoded>* records_;
};
testing::TempDir* DemoAnswers::dir_ = nullptr;
Ledger* DemoAnswers::ledger_ = nullptr;
std::shared_ptr<projections::CivilState>* DemoAnswers::state_ = nullptr;
std::vector<Decoded>* DemoAnswers::records_ = nullptr;

// One test (ctest runs each in its own process: the demo is built once).
TEST_F(DemoAnswers, TheInvestigatorsQuestionsMatchADirectCountOverTheRecords) {
  {
    SCOPED_TRACE("AppointmentsWithoutMeritInThe90DaysAfterThe2024Election");
    AppointmentsWithoutMeritInThe90DaysAfterThe2024Election();
  }
  {
    SCOPED_TRACE("AppointmentsAndDismissalsPerYear");
    AppointmentsAndDismissalsPerYear();
  }
  {
    SCOPED_TRACE("FindingsPerRule");
    FindingsPerRule();
  }
  {
    SCOPED_TRACE("HoldersOfEveryPostAndPeriodsOverTheCap");
    HoldersOfEveryPostAndPeriodsOverTheCap();
  }
}

}  // namespace
}  // namespace ledger::cli
