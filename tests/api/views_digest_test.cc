// GET /v1/views/digest: the live projection's digest equals the replay's
// (ledger-verify views-digest), an earlier size is replayed in the
// background (202 until ready), and every view states the size it reflects.
#include <gtest/gtest.h>

#include <boost/beast/http.hpp>
#include <boost/json.hpp>

#include "api/api_fixture.h"
#include "ledger/encoding.h"
#include "verifier/views_digest.h"

namespace ledger::testing {
namespace {
namespace http = boost::beast::http;
namespace json = boost::json;

std::string Replayed(const std::string& dir, uint64_t size) {
  auto d = verify::ReplayViewsDigest(dir, size);
  EXPECT_TRUE(d.ok()) << d.status().ToString();
  return d.ok() ? HexEncode(d->overall) : "";
}

TEST_F(ApiTest, ViewsDigestAtTheCurrentSizeIsTheReplaysDigest) {
  ASSERT_EQ(HttpPost("/v1/events", SignedAppointment("person.1", "a")).result(),
            http::status::created);
  const uint64_t size = t.ledger->Size();
  api::Response res = HttpGet("/v1/views/digest");
  ASSERT_EQ(res.result(), http::status::ok) << res.body();
  json::value body = Json(res);
  EXPECT_EQ(body.at("size").to_number<uint64_t>(), size);
  EXPECT_EQ(body.at("as_of_seq").to_number<uint64_t>(), size - 1);
  EXPECT_EQ(body.at("source").as_string(), "projection");
  EXPECT_EQ(body.at("overall_sha256").as_string(), Replayed(t.Dir(), size));
  EXPECT_TRUE(body.at("views").as_object().contains("proj.civil.persons"));
  // Asked by size: the same answer.
  api::Response again = HttpGet("/v1/views/digest?size=" + std::to_string(size));
  ASSERT_EQ(again.result(), http::status::ok);
  EXPECT_EQ(Json(again).at("overall_sha256"), body.at("overall_sha256"));
  // Beyond the ledger: a bad request naming the parameter.
  api::Response beyond = HttpGet("/v1/views/digest?size=" + std::to_string(size + 1));
  EXPECT_EQ(beyond.result(), http::status::bad_request);
  EXPECT_NE(beyond.body().find("size"), std::string::npos);
}

TEST_F(ApiTest, ViewsDigestAtAnEarlierSizeIsReplayedInTheBackground) {
  ASSERT_EQ(HttpPost("/v1/events", SignedAppointment("person.1", "a")).result(),
            http::status::created);
  const uint64_t earlier = t.ledger->Size() - 1;
  api::Response first = HttpGet("/v1/views/digest?size=" + std::to_string(earlier));
  ASSERT_EQ(first.result(), http::status::accepted) << first.body();
  EXPECT_EQ(first[http::field::retry_after], "2");
  EXPECT_EQ(Json(first).at("status").as_string(), "computing");
  // Polls until the replay is done: no clock, only a bound on the attempts.
  api::Response res;
  for (int i = 0; i < 100000; ++i) {
    res = HttpGet("/v1/views/digest?size=" + std::to_string(earlier));
    if (res.result() != http::status::accepted) break;
    std::this_thread::yield();
  }
  ASSERT_EQ(res.result(), http::status::ok) << res.body();
  json::value body = Json(res);
  EXPECT_EQ(body.at("size").to_number<uint64_t>(), earlier);
  EXPECT_EQ(body.at("source").as_string(), "replay");
  EXPECT_EQ(body.at("overall_sha256").as_string(), Replayed(t.Dir(), earlier));
  EXPECT_NE(body.at("overall_sha256"), Json(HttpGet("/v1/views/digest")).at("overall_sha256"));
}

TEST_F(ApiTest, EveryViewStatesTheSizeItReflects) {
  const uint64_t size = t.ledger->Size();
  json::value holders = Json(HttpGet("/v1/views/holders?org=mn.cabinet-secretariat"));
  EXPECT_EQ(holders.at("size").to_number<uint64_t>(), size);
  EXPECT_EQ(holders.at("as_of_seq").to_number<uint64_t>(), size - 1);
  json::value findings = Json(HttpGet("/v1/views/findings"));
  EXPECT_EQ(findings.at("size").to_number<uint64_t>(), size);
}

}  // namespace
}  // namespace ledger::testing
