// Every civil-service event type signs, appends and reads back as the same
// JSON with Cyrillic intact; old schema versions are upcast on read; random
// histories never hit an internal error and rejections change nothing.
#include <gtest/gtest.h>

#include <random>

#include "projections/civil_test_util.h"

namespace ledger::testing {
namespace {
namespace json = boost::json;

json::object BodyOf(Ledger& l, uint64_t seq) {
  auto bytes = l.RecordBytes(seq);
  EXPECT_TRUE(bytes.ok());
  auto rec = DecodeRecord(*bytes);
  return events::RecordToJson(*rec, *bytes).at("event").at("body").as_object();
}

TEST_F(CivilScenario, EveryTypeRoundTripsWithCyrillicIntact) {
  const std::string cs = "mn.cabinet-secretariat";
  const std::vector<std::pair<std::string, json::object>> events = {
      {"organisation.established", Decision({{"org", cs + ".hr"},
                                             {"name", "Засгийн газрын хүний нөөцийн газар"},
                                             {"parent", cs},
                                             {"level", "department"},
                                             {"max_headcount", 17},
                                             {"effective_date", "2024-07-24"}},
                                            "2024-07-24")},
      {"organisation.renamed", Decision({{"org", cs + ".hr"},
                                         {"name", "Хүний нөөцийн удирдлагын газар"},
                                         {"effective_date", "2024-08-01"}},
                                        "2024-08-01")},
      {"organisation.restructured",
       Decision({{"org", cs}, {"max_headcount", 241}, {"effective_date", "2024-07-24"}},
                "2024-07-24")},
      {"post.established", Decision({{"post", cs + ".hr/director"},
                                     {"org", cs + ".hr"},
                                     {"title", "Газрын дарга"},
                                     {"category", "administrative"},
                                     {"grade", "ТЗ-8"},
                                     {"leadership", true},
                                     {"positions", 1},
                                     {"effective_date", "2024-08-01"}},
                                    "2024-08-01")},
      {"post.established", Decision({{"post", cs + ".hr/officer"},
                                     {"org", cs + ".hr"},
                                     {"title", "Ахлах референт"},
                                     {"category", "administrative"},
                                     {"leadership", false},
                                     {"positions", 4},
                                     {"effective_date", "2024-08-01"}},
                                    "2024-08-01")},
      {"person.registered",
       {{"person", "person.1"},
        {"org", cs + ".hr"},
        {"full_name", "Дуламсүрэн Оюунчимэг"},
        {"gender", "female"},
        {"birth_year", 1982},
        {"register_commitment", Base64Encode(Sha256(std::string_view("salt/УП82010203")))}}},
      {"appointment.made",
       Decision({{"person", "person.1"},
                 {"post", cs + ".hr/director"},
                 {"org", cs + ".hr"},
                 {"effective_date", "2024-08-05"},
                 {"tenure", "acting"},
                 {"appointing_authority", "Засгийн газрын Хэрэг эрхлэх газрын дарга"},
                 {"selection_basis", "reserve-list"}},
                "2024-08-05")},
      {"transfer.made", Decision({{"person", "person.1"},
                                  {"from_post", cs + ".hr/director"},
                                  {"to_post", cs + ".hr/officer"},
                                  {"org", cs + ".hr"},
                                  {"effective_date", "2024-09-01"},
                                  {"tenure", "permanent"}},
                                 "2024-09-01")},
      {"breach.recorded",
       {{"breach", "breach.1"},
        {"person", "person.1"},
        {"org", cs + ".hr"},
        {"law", "Төрийн албаны тухай хууль"},
        {"article", "39.1.3"},
        {"finding", "Ашиг сонирхлын зөрчилтэй шийдвэр гаргасан"},
        {"investigating_body", "Төрийн албаны зөвлөл"},
        {"date_found", "2024-09-10"},
        {"status", "alleged"}}},
      {"breach.updated",
       {{"breach", "breach.1"},
        {"org", cs + ".hr"},
        {"status", "confirmed"},
        {"finding", "Нотлогдсон"},
        {"date", "2024-09-20"}}},
      {"dismissal.made", Decision({{"person", "person.1"},
                                   {"post", cs + ".hr/officer"},
                                   {"org", cs + ".hr"},
                                   {"effective_date", "2024-09-25"},
                                   {"ground", "disciplinary"},
                                   {"legal_article", "Төрийн албаны тухай хууль, 48.1.4"}},
                                  "2024-09-25")},
  };
  Today("2024-10-01");
  std::vector<uint64_t> seqs;
  for (const auto& [type, body] : events) seqs.push_back(Ok(type, body).seq);
  const uint64_t dismissal = seqs.back();
  const std::vector<std::pair<std::string, json::object>> later = {
      {"sanction.imposed", Decision({{"sanction", "sanction.1"},
                                     {"breach", "breach.1"},
                                     {"person", "person.1"},
                                     {"org", cs + ".hr"},
                                     {"kind", "dismissal"},
                                     {"dismissal_seq", dismissal},
                                     {"effective_date", "2024-09-25"}},
                                    "2024-09-25")},
      {"court.ruling",
       {{"subject_seq", dismissal},
        {"org", cs + ".hr"},
        {"court", "Нийслэлийн Захиргааны хэргийн анхан шатны шүүх"},
        {"case_number", "128/ШШ2024/0999"},
        {"ruling_date", "2024-09-30"},
        {"outcome", "upheld"}}},
      {"correction.made",
       {{"target_seq", seqs[5]},
        {"org", cs + ".hr"},
        {"field", "full_name"},
        {"value", "Дуламсүрэнгийн Оюунчимэг"},
        {"reason", "овгийг буруу бичсэн"}}},
  };
  for (const auto& [type, body] : later) seqs.push_back(Ok(type, body).seq);
  size_t i = 0;
  for (const auto& list : {events, later}) {
    for (const auto& [type, body] : list) {
      EXPECT_EQ(json::value(BodyOf(*t.ledger, seqs[i])), json::value(body)) << type;
      ++i;
    }
  }
  EXPECT_EQ(i, 14u);  // every civil-service type, the post twice
}

TEST_F(CivilScenario, AnAppointmentInSchemaVersionOneIsUpcastOnRead) {
  Post("mn.cabinet-secretariat/officer", "mn.cabinet-secretariat", "administrative", 3);
  Person("person.old");
  json::object v1 = Appointment("person.old", "mn.cabinet-secretariat/officer", "2024-01-05");
  v1.erase("selection_basis");  // version 1 predates the field
  const events::EventSchema* schema = events::FindSchema("appointment.made", 1);
  ASSERT_NE(schema, nullptr);
  auto body = events::BodyFromJson(*schema, v1);
  ASSERT_TRUE(body.ok()) << body.status().ToString();
  Submission s{"appointment.made", 1, events::EncodeBody(*body), "v1-appointment"};
  SignSubmission(s, hr);
  AppendOutcome o = t.ledger->AppendBatch(std::span(&s, 1))[0];
  ASSERT_TRUE(o.status.ok()) << o.status.ToString();
  EXPECT_TRUE(HasFlag(o, "no-merit-selection"));  // read as "other"
  auto rec = t.ledger->GetRecord(o.seq);
  EXPECT_EQ(rec->submission.schema_version, 1u);  // stored as signed
  auto latest = events::DecodeLatestBody(rec->submission);
  ASSERT_TRUE(latest.ok());
  EXPECT_EQ(latest->schema().version, 2u);
  EXPECT_EQ(latest->Text("selection_basis"), "other");
  EXPECT_EQ(PostNow("mn.cabinet-secretariat/officer")->holders.size(), 1u);
}

// Random histories over a small world: a mix of valid and invalid events.
TEST_F(CivilScenario, RandomHistoriesNeverFailInternallyAndRejectionsChangeNothing) {
  std::mt19937_64 rng(20240628);
  auto pick = [&](size_t n) { return size_t(rng() % n); };
  const std::vector<std::string> orgs = {"mn.cabinet-secretariat", "mn.ub", "mn.ub.khan-uul"};
  std::vector<std::string> posts, people;
  std::vector<std::pair<std::string, std::string>> holdings;  // accepted appointments
  Today("2024-06-01");
  int accepted = 0, rejected = 0;
  std::map<std::string, int> accepted_by_type;
  for (int step = 0; step < 600; ++step) {
    const std::string org = orgs[pick(orgs.size())];
    const std::string date =
        events::FormatDate(events::ParseDate("2024-05-01").value() + int32_t(pick(30)));
    const std::string post = posts.empty() || pick(8) == 0 ? org + "/p" + std::to_string(pick(40))
                                                           : posts[pick(posts.size())];
    const std::string person = people.empty() || pick(8) == 0 ? "person." + std::to_string(pick(60))
                                                              : people[pick(people.size())];
    std::string type;
    json::object body;
    switch (pick(12)) {
      case 0:
        type = "organisation.established";
        body = Decision({{"org", org},
                         {"name", "Байгууллага"},
                         {"level", "agency"},
                         {"max_headcount", pick(4)},
                         {"effective_date", date}},
                        date);
        break;
      case 1:
      case 2:
        type = "post.established";
        body = Decision({{"post", post},
                         {"org", post.substr(0, post.find('/'))},
                         {"title", "Албан тушаал"},
                         {"category", pick(2) ? "administrative" : "political"},
                         {"leadership", false},
                         {"positions", pick(4)},
                         {"effective_date", date}},
                        date);
        break;
      case 3:
      case 4:
        type = "person.registered";
        body = {{"person", person},
                {"org", org},
                {"full_name", "Хүн"},
                {"gender", "female"},
                {"birth_year", 1980}};
        break;
      case 5:
      case 6:
      case 7:
      case 8:
        type = "appointment.made";
        body = Appointment(person, post, date, pick(2) ? "other" : "competitive-examination");
        break;
      case 9:
      case 10:
        type = "dismissal.made";
        if (!holdings.empty() && pick(4) != 0) {
          const auto& [who, where] = holdings[pick(holdings.size())];
          body = Dismissal(who, where, date, pick(2));
        } else {
          body = Dismissal(person, post, date, pick(2));
        }
        break;
      default:
        type = "post.abolished";
        body = Decision(
            {{"post", post}, {"org", post.substr(0, post.find('/'))}, {"effective_date", date}},
            date);
    }
    const std::string before = DataFileBytes();
    const uint64_t size = t.ledger->Size();
    AppendOutcome o = Append(type, body);
    ASSERT_NE(o.status.code(), Code::kInternal) << type << ": " << o.status.ToString();
    if (o.status.ok()) {
      ++accepted;
      ++accepted_by_type[type];
      EXPECT_EQ(t.ledger->Size(), size + 1);
      if (type == "post.established") posts.push_back(post);
      if (type == "person.registered") people.push_back(person);
      if (type == "appointment.made") holdings.emplace_back(person, post);
      if (type == "post.abolished") std::erase(posts, post);
    } else {
      ++rejected;
      if (getenv("SHOW_REJECTIONS")) std::cerr << o.status.ToString() << "\n";
      ASSERT_EQ(t.ledger->Size(), size);
      ASSERT_TRUE(DataFileBytes() == before) << "rejected " << type << " changed data.mdb";
    }
  }
  EXPECT_GT(accepted, 50);
  EXPECT_GT(rejected, 50);
  EXPECT_GE(accepted_by_type["appointment.made"], 5);
  EXPECT_GE(accepted_by_type["dismissal.made"], 2);
  // Replaying the log from scratch gives byte-identical projection databases.
  const std::string incremental = DumpProjection(*t.ledger);
  ASSERT_TRUE(t.ledger->RebuildHooks().ok());
  EXPECT_EQ(DumpProjection(*t.ledger), incremental);
  // The projection's invariant: an organisation's headcount is its posts' holders.
  std::map<std::string, uint64_t> holders;
  Status s = t.ledger->WithRead([&](const lmdb::Txn& txn) {
    return state->ForEachPost(txn, "", [&](std::string_view, const projections::PostState& p) {
      holders[p.org] += p.holders.size();
      return Status::Ok();
    });
  });
  ASSERT_TRUE(s.ok()) << s.ToString();
  for (const auto& org : orgs) {
    auto o = OrgNow(org);
    if (o) {
      EXPECT_EQ(o->headcount, holders[org]) << org;
    }
  }
}

}  // namespace
}  // namespace ledger::testing
