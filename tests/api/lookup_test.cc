// The investigator's API: records by hash, client_id and decision number
// (GET /v1/events?hash=|client_id=|decision=), strict views that name the
// closest valid names, the filter echoed with the rows, and people found by
// the Latin spelling of their names.
#include <gtest/gtest.h>

#include <boost/beast/http.hpp>

#include "api/api_fixture.h"
#include "ledger/merkle.h"

namespace ledger::testing {
namespace {
namespace http = boost::beast::http;
namespace json = boost::json;

std::string Detail(const api::Response& res) {
  EXPECT_EQ(res.result(), http::status::bad_request) << res.body();
  json::value v = json::parse(res.body());
  return v.is_object() && v.as_object().contains("detail")
             ? std::string(v.at("detail").as_string())
             : res.body();
}

std::vector<uint64_t> Seqs(const json::value& v) {
  std::vector<uint64_t> out;
  for (const auto& r : v.at("records").as_array()) out.push_back(r.at("seq").to_number<uint64_t>());
  return out;
}

#define EXPECT_HAS(text, part) \
  EXPECT_NE(std::string(text).find(part), std::string::npos) << (text) << "\n  lacks: " << (part)

TEST_F(ApiTest, EventsByRecordHashLeafHashClientIdAndDecisionNumber) {
  Today("2024-01-10");
  const uint64_t seq = Ok("appointment.made", Appointment("person.1", kPost, "2024-01-09")).seq;
  const Bytes bytes = t.ledger->RecordBytes(seq).value();
  const std::string client_id = t.ledger->GetRecord(seq)->submission.client_id;

  json::value by_hash = Json(HttpGet("/v1/events?hash=" + HexEncode(RecordHash(bytes))));
  EXPECT_EQ(Seqs(by_hash), std::vector<uint64_t>{seq});
  EXPECT_EQ(by_hash.at("matched"), "record_hash");
  json::value by_leaf = Json(HttpGet("/v1/events?hash=" + HexEncode(merkle::HashLeaf(bytes))));
  EXPECT_EQ(Seqs(by_leaf), std::vector<uint64_t>{seq});
  EXPECT_EQ(by_leaf.at("matched"), "leaf_hash");
  // The base64 the records themselves show works too.
  const std::string b64 = std::string(by_hash.at("records").at(0).at("record_hash").as_string());
  std::string escaped;
  for (char c : b64) escaped += c == '+' ? "%2B" : c == '/' ? "%2F" : c == '=' ? "%3D" : std::string(1, c);
  EXPECT_EQ(Seqs(Json(HttpGet("/v1/events?hash=" + escaped))), std::vector<uint64_t>{seq});

  EXPECT_EQ(Seqs(Json(HttpGet("/v1/events?client_id=" + client_id))), std::vector<uint64_t>{seq});
  json::value none = Json(HttpGet("/v1/events?client_id=nobody"));
  EXPECT_EQ(none.at("client_id"), "nobody");
  EXPECT_TRUE(none.at("records").as_array().empty());
  // Every Decision() in the fixture is "No. 5": org, post and the appointment.
  EXPECT_EQ(Seqs(Json(HttpGet("/v1/events?decision=no.%205"))).size(), 3u);

  EXPECT_HAS(Detail(HttpGet("/v1/events?hash=abc")), "hash: a hash is 64 hex digits");
  EXPECT_HAS(Detail(HttpGet("/v1/events?client_id=x&from=0")), "from: not with client_id");
  EXPECT_HAS(Detail(HttpGet("/v1/events?client_id=x&decision=y")), "one of hash, client_id");
}

TEST_F(ApiTest, ViewsRefuseUnknownNamesWithSuggestionsAndEchoTheirFilter) {
  EXPECT_HAS(Detail(HttpGet("/v1/views/holders?orgg=mn")),
             "orgg: unknown parameter; did you mean \"org\"?");
  EXPECT_HAS(Detail(HttpGet("/v1/views/holdres")), "did you mean \"holders\"?");
  EXPECT_HAS(Detail(HttpGet("/v1/views/holders?org=mn.cabinet-secretaria")),
             "org: no organisation \"mn.cabinet-secretaria\"; did you mean "
             "\"mn.cabinet-secretariat\"?");
  EXPECT_HAS(Detail(HttpGet("/v1/views/findings?rule=no-lawful-groun")),
             "did you mean \"no-lawful-ground\"?");
  EXPECT_HAS(Detail(HttpGet("/v1/views/staffing?quota=0.4")), "quota: the staffing view does not");
  EXPECT_HAS(Detail(HttpGet("/v1/views/tenure?person=person.1")), "person: the tenure view does not");

  json::value empty = Json(HttpGet("/v1/views/findings?rule=back-dated&org=mn.cabinet-secretariat"));
  EXPECT_EQ(empty.at("total").to_number<uint64_t>(), 0u);
  EXPECT_EQ(empty.at("filter"),
            (json::object{{"org", "mn.cabinet-secretariat"}, {"rule", "back-dated"}}));
  json::value staffing = Json(HttpGet("/v1/views/staffing?as-of=2024-01-05&columns=org,headcount"));
  EXPECT_EQ(staffing.at("columns"), (json::array{"org", "headcount"}));
  EXPECT_EQ(staffing.at("rows").at(0).at("org"), "mn.cabinet-secretariat");
}

TEST_F(ApiTest, ViewsAsOfADateByElectionWindowAndOverTime) {
  Today("2024-01-10");
  Ok("appointment.made", Appointment("person.1", kPost, "2024-01-09"));
  const std::string history = "/v1/views/history?post=" + std::string(kPost) + "&as-of=";
  json::value before = Json(HttpGet(history + "2024-01-08"));
  EXPECT_EQ(before.at("total").to_number<uint64_t>(), 0u);
  EXPECT_EQ(before.at("filter"), (json::object{{"post", kPost}, {"as-of", "2024-01-08"}}));
  EXPECT_EQ(Json(HttpGet(history + "2024-01-09")).at("rows").at(0).at("person"), "person.1");
  EXPECT_HAS(Detail(HttpGet(history + "2024-02-30")), "as-of:");

  json::value rollup = Json(HttpGet("/v1/views/rollup?by=election"));
  EXPECT_EQ(rollup.at("columns").at(2), "election");
  EXPECT_EQ(rollup.at("filter"), (json::object{{"by", "election"}}));
  EXPECT_HAS(Detail(HttpGet("/v1/views/rollup?by=elections")), "did you mean \"election\"?");

  json::value gender = Json(HttpGet("/v1/views/gender?by=level&over-time=year"));
  EXPECT_EQ(gender.at("rows").at(0).at("level"), "(all)");
  EXPECT_EQ(gender.at("rows").at(0).at("year"), 2024);
  EXPECT_EQ(gender.at("rows").at(0).at("male_with_units"), 1);
  EXPECT_HAS(Detail(HttpGet("/v1/views/gender?over-time=month")), "over-time:");
  EXPECT_HAS(Detail(HttpGet("/v1/views/staffing?over-time=year")),
             "over-time: the staffing view does not take it");
}

TEST_F(ApiTest, SearchFindsPeopleByTheLatinSpellingOfTheirNames) {
  // "Балдан Бадарч" is baldan badarch.
  json::value hits = Json(HttpGet("/v1/search?q=Badarch"));
  std::vector<std::string> ids;
  for (const auto& r : hits.at("results").as_array()) {
    if (r.at("kind") == "person") ids.emplace_back(r.at("id").as_string());
  }
  EXPECT_EQ(ids, (std::vector<std::string>{"person.1", "person.2"}));
}

}  // namespace
}  // namespace ledger::testing
