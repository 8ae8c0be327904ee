// post.retitled: a post's title changes from an effective date and its
// history is kept; the views give each holder the title in force during
// their tenure; a retitle that cannot be true is rejected and changes
// nothing; a rebuild gives the same bytes as the appends.
#include <gtest/gtest.h>

#include "projections/civil_queries.h"
#include "projections/civil_test_util.h"

namespace ledger::testing {
namespace {
namespace json = boost::json;
using projections::CivilQueries;
using projections::QueryOptions;
using projections::Table;

constexpr const char* kCcs = "mn.cabinet-secretariat/chief-cabinet-secretary";
constexpr const char* kFirst = "Засгийн газрын Хэрэг эрхлэх газрын дарга";  // CivilScenario::Post

json::object Retitle(const std::string& title, const std::string& date,
                     const std::string& post = kCcs) {
  return Decision({{"post", post},
                   {"org", post.substr(0, post.find('/'))},
                   {"title", title},
                   {"effective_date", date}},
                  date);
}

class PostTitles : public CivilScenario {
 protected:
  PostTitles() {
    Post(kCcs, "mn.cabinet-secretariat", "political");  // effective 2024-01-01
    Person("person.a");
    Person("person.b");
  }
  Table Query(const std::string& view, QueryOptions o) {
    auto table = CivilQueries(*t.ledger, *state).Run(view, o);
    EXPECT_TRUE(table.ok()) << view << ": " << table.status().ToString();
    return table.ok() ? *table : Table{};
  }
  static std::vector<std::string> Column(const Table& t, const std::string& column) {
    size_t c = 0;
    while (c < t.columns.size() && t.columns[c] != column) ++c;
    EXPECT_LT(c, t.columns.size()) << "no column " << column;
    std::vector<std::string> out;
    for (const auto& row : t.rows) {
      out.push_back(c < row.size() && row[c].is_string()
                        ? std::string(row[c].as_string())
                        : json::serialize(c < row.size() ? row[c] : nullptr));
    }
    return out;
  }
};

TEST_F(PostTitles, ARetitleChangesTheTitleFromItsDateAndKeepsTheHistory) {
  const uint64_t second = Ok("post.retitled", Retitle("Тамгын газрын дарга", "2024-03-01")).seq;
  auto p = PostNow(kCcs);
  ASSERT_TRUE(p);
  EXPECT_EQ(p->title, "Тамгын газрын дарга");
  ASSERT_EQ(p->titles.size(), 2u);
  EXPECT_EQ(p->titles[0].title, kFirst);
  EXPECT_EQ(events::FormatDate(p->titles[0].since), "2024-01-01");
  EXPECT_EQ(p->titles[0].seq, p->seq);
  EXPECT_EQ(p->titles[1].seq, second);
  EXPECT_EQ(events::FormatDate(p->titles[1].since), "2024-03-01");
  EXPECT_EQ(projections::TitleOn(*p, events::ParseDate("2024-02-29").value()), kFirst);
  EXPECT_EQ(projections::TitleOn(*p, events::ParseDate("2024-03-01").value()),
            "Тамгын газрын дарга");

  // A retitle recorded late, with an earlier effective date, slots in by date;
  // the current title stays the latest one's.
  const uint64_t late = Ok("post.retitled", Retitle("Нарийн бичгийн дарга", "2024-02-01")).seq;
  p = PostNow(kCcs);
  EXPECT_EQ(p->title, "Тамгын газрын дарга");
  ASSERT_EQ(p->titles.size(), 3u);
  EXPECT_EQ(p->titles[1].seq, late);

  QueryOptions o;
  o.post = kCcs;
  const Table titles = Query("titles", o);
  EXPECT_EQ(Column(titles, "title"),
            (std::vector<std::string>{kFirst, "Нарийн бичгийн дарга", "Тамгын газрын дарга"}));
  EXPECT_EQ(Column(titles, "from"),
            (std::vector<std::string>{"2024-01-01", "2024-02-01", "2024-03-01"}));
  EXPECT_EQ(Column(titles, "to"), (std::vector<std::string>{"2024-02-01", "2024-03-01", "null"}));
  EXPECT_EQ(Column(titles, "seq"),
            (std::vector<std::string>{std::to_string(p->seq), std::to_string(late),
                                      std::to_string(second)}));
  // As the log stood before the late retitle: two titles.
  o.as_of_seq = late;
  EXPECT_EQ(Column(Query("titles", o), "to"), (std::vector<std::string>{"2024-03-01", "null"}));
}

TEST_F(PostTitles, HoldersHistoryAndServiceRecordGiveTheTitleOfTheirDate) {
  Ok("appointment.made", Appointment("person.a", kCcs, "2024-01-02", "political-appointment"));
  Ok("dismissal.made", Dismissal("person.a", kCcs, "2024-02-10"));
  Ok("post.retitled", Retitle("Тамгын газрын дарга", "2024-02-15"));
  Ok("appointment.made", Appointment("person.b", kCcs, "2024-02-20", "political-appointment"));
  QueryOptions o;
  o.post = kCcs;
  EXPECT_EQ(Column(Query("history", o), "title"),
            (std::vector<std::string>{kFirst, "Тамгын газрын дарга"}));
  EXPECT_EQ(Column(Query("holders", o), "title"), std::vector<std::string>{"Тамгын газрын дарга"});
  o.as_of_date = events::ParseDate("2024-01-05").value();
  EXPECT_EQ(Column(Query("holders", o), "title"), std::vector<std::string>{kFirst});

  QueryOptions a;
  a.person = "person.a";
  // registered (no post), appointed, dismissed: both under the first title.
  EXPECT_EQ(Column(Query("service", a), "title"),
            (std::vector<std::string>{"null", kFirst, kFirst}));
  a.person = "person.b";
  EXPECT_EQ(Column(Query("service", a), "title"),
            (std::vector<std::string>{"null", "Тамгын газрын дарга"}));
}

TEST_F(PostTitles, ARetitleThatCannotBeTrueIsRejectedAndChangesNothing) {
  Status s =
      Rejected("post.retitled", Retitle("Дарга", "2024-02-01", "mn.cabinet-secretariat/nobody"));
  EXPECT_EQ(s.code(), Code::kNotFound) << s.ToString();
  s = Rejected("post.retitled", Retitle("Дарга", "2023-12-31"));
  EXPECT_EQ(s.code(), Code::kInvalidArgument);
  EXPECT_NE(s.message().find("body.effective_date"), std::string::npos) << s.ToString();
  EXPECT_NE(s.message().find("before post"), std::string::npos) << s.ToString();
  s = Rejected("post.retitled", Retitle(kFirst, "2024-02-01"));
  EXPECT_EQ(s.code(), Code::kInvalidArgument);
  EXPECT_NE(s.message().find("body.title"), std::string::npos) << s.ToString();
  // Another organisation's post.
  Org("mn.ministry", 10);
  json::object other = Retitle("Дарга", "2024-02-01");
  other["org"] = "mn.ministry";
  s = Rejected("post.retitled", other);
  EXPECT_NE(s.message().find("body.org"), std::string::npos) << s.ToString();
  // An abolished post keeps its last title.
  Ok("post.abolished",
     Decision({{"post", kCcs}, {"org", "mn.cabinet-secretariat"}, {"effective_date", "2024-03-01"}},
              "2024-03-01"));
  s = Rejected("post.retitled", Retitle("Дарга", "2024-02-01"));
  EXPECT_NE(s.message().find("abolished"), std::string::npos) << s.ToString();
  EXPECT_EQ(PostNow(kCcs)->titles.size(), 1u);
}

TEST_F(PostTitles, CorrectionsMoveTheirTitleAndARebuildWritesTheSameBytes) {
  Ok("post.retitled", Retitle("Нарийн бичгийн дарга", "2024-02-01"));
  const uint64_t second = Ok("post.retitled", Retitle("Тамгын газрын дарга", "2024-03-01")).seq;
  // The later retitle's date corrected to before the first: the other becomes current.
  Ok("correction.made", {{"target_seq", second},
                         {"org", "mn.cabinet-secretariat"},
                         {"field", "effective_date"},
                         {"value", "2024-01-15"},
                         {"reason", "typo"}});
  auto p = PostNow(kCcs);
  EXPECT_EQ(p->title, "Нарийн бичгийн дарга");
  ASSERT_EQ(p->titles.size(), 3u);
  EXPECT_EQ(p->titles[1].seq, second);
  // Correcting the established title changes the first entry, not the current title.
  Ok("correction.made", {{"target_seq", p->seq},
                         {"org", "mn.cabinet-secretariat"},
                         {"field", "title"},
                         {"value", "Хэрэг эрхлэх нарийн бичгийн дарга"},
                         {"reason", "typo"}});
  p = PostNow(kCcs);
  EXPECT_EQ(p->titles[0].title, "Хэрэг эрхлэх нарийн бичгийн дарга");
  EXPECT_EQ(p->title, "Нарийн бичгийн дарга");

  const std::string incremental = DumpProjection(*t.ledger);
  ASSERT_TRUE(t.ledger->RebuildHooks().ok());
  EXPECT_EQ(DumpProjection(*t.ledger), incremental);
}

}  // namespace
}  // namespace ledger::testing
