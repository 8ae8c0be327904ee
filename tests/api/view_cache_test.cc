// The view cache: the same request at the same ledger size is the same bytes
// with the same ETag; If-None-Match gets 304; an append moves every answer
// on; errors are never kept; with no cache the answers are the same.
#include <gtest/gtest.h>

#include <regex>

#include "api_fixture.h"

namespace ledger::testing {
namespace {
namespace http = boost::beast::http;

constexpr const char* kHolders = "/v1/views/holders?post=mn.cabinet-secretariat/chief-cabinet-secretary";

api::Response Get(const api::Router& router, const std::string& target,
                  const char* if_none_match = nullptr) {
  api::Request req{http::verb::get, target, 11};
  if (if_none_match) req.set(http::field::if_none_match, if_none_match);
  return router.Handle(req);
}

std::string ETagOf(const api::Response& res) { return std::string(res[http::field::etag]); }

TEST_F(ApiTest, ViewCacheAnswersTheSameBytesAndTheirETag) {
  const api::Response first = Get(*router, kHolders);
  ASSERT_EQ(first.result(), http::status::ok) << first.body();
  const std::string etag = ETagOf(first);
  EXPECT_TRUE(std::regex_match(etag, std::regex("\"" + std::to_string(t.ledger->Size()) +
                                                "-[0-9a-f]{16}\"")))
      << etag;
  const api::Response again = Get(*router, kHolders);
  EXPECT_EQ(again.body(), first.body());
  EXPECT_EQ(ETagOf(again), etag);
  EXPECT_EQ(again[http::field::content_type], first[http::field::content_type]);

  // The client already holds these bytes: 304, no body; weak and listed forms too.
  for (const std::string& asked : {etag, "W/" + etag, "\"other\", " + etag, std::string("*")}) {
    const api::Response not_modified = Get(*router, kHolders, asked.c_str());
    EXPECT_EQ(not_modified.result(), http::status::not_modified) << asked;
    EXPECT_TRUE(not_modified.body().empty()) << asked;
    EXPECT_EQ(ETagOf(not_modified), etag);
  }
  EXPECT_EQ(Get(*router, kHolders, "\"7-0000000000000000\"").result(), http::status::ok);
}

TEST_F(ApiTest, AnAppendMovesTheCachedViewOn) {
  const api::Response before = Get(*router, kHolders);
  ASSERT_EQ(before.result(), http::status::ok);
  EXPECT_EQ(before.body().find("person.1"), std::string::npos) << before.body();  // vacant
  const api::Response posted = HttpPost("/v1/events", SignedAppointment("person.1", "c-1"));
  ASSERT_EQ(posted.result(), http::status::created) << posted.body();

  const api::Response after = Get(*router, kHolders);
  EXPECT_NE(after.body().find("person.1"), std::string::npos) << after.body();
  EXPECT_NE(ETagOf(after), ETagOf(before));
  // The old ETag no longer matches: the full, new answer.
  EXPECT_EQ(Get(*router, kHolders, ETagOf(before).c_str()).result(), http::status::ok);
}

TEST_F(ApiTest, ViewErrorsAreNotKeptAndNoCacheAnswersTheSame) {
  const api::Response bad = Get(*router, "/v1/views/holders?post=mn.nowhere/none");
  EXPECT_EQ(bad.result(), http::status::bad_request) << bad.body();
  EXPECT_TRUE(ETagOf(bad).empty());
  EXPECT_EQ(Get(*router, "/v1/views/holders?post=mn.nowhere/none").body(), bad.body());

  api::RouterOptions none;
  none.view_cache_bytes = 0;
  const api::Router uncached(*t.ledger, *state, appender.get(), none);
  const api::Response cached = Get(*router, kHolders);
  const api::Response fresh = Get(uncached, kHolders);
  EXPECT_EQ(fresh.body(), cached.body());
  EXPECT_EQ(ETagOf(fresh), ETagOf(cached));
  EXPECT_EQ(Get(uncached, kHolders, ETagOf(cached).c_str()).result(), http::status::not_modified);
}

}  // namespace
}  // namespace ledger::testing
