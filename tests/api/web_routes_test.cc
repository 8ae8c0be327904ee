// The public page's routes: the embedded files at /, the page's own paths
// falling back to index.html, missing files as 404, GET /v1/search and
// GET /v1/schemas.
#include <gtest/gtest.h>

#include <boost/beast/http.hpp>

#include "api/api_fixture.h"
#include "ledger/events.h"

namespace ledger::testing {
namespace {
namespace http = boost::beast::http;
namespace json = boost::json;

TEST_F(ApiTest, RootServesThePageAndV1StaysTheEndpointList) {
  api::Response root = HttpGet("/");
  EXPECT_EQ(root.result(), http::status::ok);
  EXPECT_TRUE(root[http::field::content_type].starts_with("text/html"));
  EXPECT_EQ(root[http::field::cache_control], "no-cache");
  EXPECT_TRUE(Json(HttpGet("/v1")).as_object().contains("endpoints"));
  EXPECT_EQ(HttpGet("/v1/nothing").result(), http::status::not_found);
}

TEST_F(ApiTest, PageRoutesFallBackToIndexAndMissingFilesAre404) {
  api::Response person = HttpGet("/person?id=person.1");
  EXPECT_EQ(person.result(), http::status::ok);
  EXPECT_EQ(person.body(), HttpGet("/").body());
  EXPECT_EQ(HttpGet("/assets/nothing-1234.js").result(), http::status::not_found);
  EXPECT_EQ(HttpGet("/nothing.png").result(), http::status::not_found);
}

TEST_F(ApiTest, HashedAssetsAreImmutableAndGzippedWhenAccepted) {
  const std::string html = HttpGet("/").body();
  const size_t at = html.find("src=\"/assets/") + 5;  // the module script
  if (at == std::string::npos + 5) GTEST_SKIP() << "page not built";
  const std::string js = html.substr(at, html.find('"', at) - at);
  api::Request req{http::verb::get, js, 11};
  req.set(http::field::accept_encoding, "gzip, deflate");
  api::Response res = router->Handle(req);
  EXPECT_EQ(res.result(), http::status::ok);
  EXPECT_TRUE(res[http::field::content_type].starts_with("text/javascript"));
  EXPECT_EQ(res[http::field::content_encoding], "gzip");
  EXPECT_TRUE(res[http::field::cache_control].find("immutable") != std::string::npos);
  api::Response plain = HttpGet(js);
  EXPECT_TRUE(plain[http::field::content_encoding].empty());
  EXPECT_GT(plain.body().size(), res.body().size());
}

TEST_F(ApiTest, SearchFindsPeopleByNameCaseInsensitivelyAndPostsAndRecords) {
  json::value hits = Json(HttpGet("/v1/search?q=%D0%B1%D0%B0%D0%BB%D0%B4%D0%B0%D0%BD"));  // "балдан"
  const json::array& results = hits.at("results").as_array();
  ASSERT_EQ(results.size(), 2u);
  EXPECT_EQ(results[0].at("kind"), "person");
  EXPECT_EQ(results[0].at("label"), "Балдан Бадарч");
  json::value posts = Json(HttpGet("/v1/search?q=CHIEF-cabinet"));
  EXPECT_EQ(posts.at("results").as_array().at(0).at("id"), kPost);
  json::value record = Json(HttpGet("/v1/search?q=1"));
  EXPECT_EQ(record.at("results").as_array().at(0).at("kind"), "record");
  EXPECT_EQ(HttpGet("/v1/search").result(), http::status::bad_request);
  EXPECT_EQ(Json(HttpGet("/v1/search?q=person&limit=1")).at("truncated"), true);
}

TEST_F(ApiTest, SchemasListEveryTypeWithFieldsChoicesAndCorrectableFields) {
  api::Response res = HttpGet("/v1/schemas");
  ASSERT_EQ(res.result(), http::status::ok);
  const json::value doc = Json(res);
  const json::array& schemas = doc.at("schemas").as_array();
  ASSERT_EQ(schemas.size(), events::AllSchemas().size());
  auto find = [&](std::string_view type, bool latest) -> const json::object* {
    for (const auto& s : schemas) {
      if (s.at("type").as_string() == type && s.at("latest").as_bool() == latest) return &s.as_object();
    }
    return nullptr;
  };
  const json::object* made = find("appointment.made", true);
  ASSERT_NE(made, nullptr);
  EXPECT_EQ(made->at("schema").as_int64(), events::LatestSchema("appointment.made")->version);
  EXPECT_EQ(made->at("scope_field"), "org");
  const json::array& fields = made->at("fields").as_array();
  ASSERT_EQ(fields.size(), events::LatestSchema("appointment.made")->fields.size());
  EXPECT_EQ(fields[0].at("name").as_string(), events::LatestSchema("appointment.made")->fields[0].name);
  bool saw_enum = false, saw_date = false;
  for (const auto& f : fields) {
    if (f.at("kind") == "enum") {
      saw_enum = true;
      EXPECT_FALSE(f.at("choices").as_array().empty());
    }
    if (f.at("name") == "decision_date") saw_date = f.at("kind") == "date";
  }
  EXPECT_TRUE(saw_enum);
  EXPECT_TRUE(saw_date);
  const json::array& fixable = made->at("correctable").as_array();
  EXPECT_NE(std::find(fixable.begin(), fixable.end(), json::value("effective_date")), fixable.end());
  // The old version is listed too, without correctable fields of its own.
  const json::object* v1 = find("appointment.made", false);
  ASSERT_NE(v1, nullptr);
  EXPECT_FALSE(v1->contains("correctable"));
  // Key-registry records cannot be corrected; only root/admin keys sign them.
  const json::object* reg = find("key.register", true);
  ASSERT_NE(reg, nullptr);
  EXPECT_TRUE(reg->at("correctable").as_array().empty());
  EXPECT_EQ(reg->at("scope_field"), "");
  EXPECT_EQ(reg->at("fields").as_array().at(4).at("required"), false);  // note
  EXPECT_EQ(reg->at("fields").as_array().at(3).at("kind"), "id-list");
  EXPECT_EQ(HttpGet("/v1/schemas?x=1").result(), http::status::bad_request);
}

}  // namespace
}  // namespace ledger::testing
