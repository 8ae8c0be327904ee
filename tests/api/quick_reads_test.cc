// Router::IsQuick: which requests the server answers on its I/O thread
// (small, bounded reads) and which go to the worker pool.
#include <gtest/gtest.h>

#include "api/router.h"

namespace ledger::api {
namespace {
namespace http = boost::beast::http;

bool Quick(http::verb method, const char* target) {
  return Router::IsQuick(Request{method, target, 11});
}

TEST(QuickReads, SmallBoundedReadsAreQuick) {
  for (const char* t : {"/v1/health", "/v1/checkpoint", "/v1/checkpoint?size=10", "/v1/vkey",
                        "/v1/events/12", "/v1/proofs/inclusion?seq=1&size=5", "/tile/0/000",
                        "/v1/views/holders?org=mn.ub.bayanzurkh.khoroo-01",
                        "/v1/views/holders?limit=5&org=mn.ub.bayanzurkh",
                        "/v1/views/history?post=mn.ub/governor", "/v1/views/service?person=p.1"}) {
    EXPECT_TRUE(Quick(http::verb::get, t)) << t;
  }
  EXPECT_TRUE(Quick(http::verb::head, "/v1/events/12"));
}

TEST(QuickReads, WritesLongListsAndWideViewsGoToTheWorkers) {
  EXPECT_FALSE(Quick(http::verb::post, "/v1/events"));
  EXPECT_FALSE(Quick(http::verb::post, "/v1/health"));
  for (const char* t : {"/v1/events", "/v1/events?from=0&limit=1000", "/v1/export",
                        "/v1/search?q=x", "/v1/views/holders", "/v1/views/holders?org=mn.ub",
                        "/v1/views/holders?xorg=mn.ub.a.b", "/v1/views/digest?size=3",
                        "/metrics", "/", "/checkpoint"}) {
    EXPECT_FALSE(Quick(http::verb::get, t)) << t;
  }
}

}  // namespace
}  // namespace ledger::api
