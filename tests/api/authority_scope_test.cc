// POST /v1/events with an authority key scoped to one district: 403 naming
// the key and the organisation for anything beside or above it (data.mdb
// unchanged), 201 for the district and its sub-units.
#include <gtest/gtest.h>

#include <boost/beast/http.hpp>
#include <boost/json.hpp>

#include "api/router.h"
#include "ledger/appender.h"
#include "projections/civil_test_util.h"

namespace ledger::testing {
namespace {
namespace http = boost::beast::http;
namespace json = boost::json;

class AuthorityScopeApi : public CivilScenario {
 protected:
  AuthorityScopeApi() {
    Org("mn.ub", 100);
    Org("mn.ub.khan-uul", 50, "mn.ub");
    Org("mn.ub.bayanzurkh", 50, "mn.ub");
    t.MustAppend(RegisterKey(t.root, khan_uul.public_key(), "hr-khan-uul", "authority",
                             R"(["mn.ub.khan-uul"])", "reg-khan-uul"));
    appender = std::make_unique<Appender>(*t.ledger);
    router = std::make_unique<api::Router>(*t.ledger, *state, appender.get());
  }
  ~AuthorityScopeApi() override {
    router.reset();
    appender.reset();  // drains before the ledger closes
  }

  // organisation.established for `org` under `parent`, signed by the district's key.
  api::Response Establish(const std::string& org, const std::string& parent) {
    json::object body{{"org", org},
                      {"name", "Хороо"},
                      {"level", "khoroo"},
                      {"max_headcount", 10},
                      {"effective_date", "2024-01-01"}};
    if (!parent.empty()) body["parent"] = parent;
    const Submission s = MakeEvent("organisation.established",
                                   json::serialize(Decision(body, "2024-01-01")), khan_uul,
                                   "est-" + org);
    api::Request req{http::verb::post, "/v1/events", 11};
    req.body() = json::serialize(events::SubmissionToJson(s));
    req.prepare_payload();
    return router->Handle(req);
  }

  SigningKey khan_uul = SigningKey::Generate();
  std::unique_ptr<Appender> appender;
  std::unique_ptr<api::Router> router;
};

TEST_F(AuthorityScopeApi, OutOfScopeIs403NamingKeyAndOrganisationAndWritesNothing) {
  struct Case {
    std::string what, org, parent;
  };
  for (const Case& c : {Case{"a sibling district", "mn.ub.bayanzurkh.khoroo-1", "mn.ub.bayanzurkh"},
                        Case{"the parent", "mn.ub.office", "mn.ub"},
                        Case{"a look-alike prefix", "mn.ub.khan-uulX", "mn.ub"},
                        Case{"the root of the tree", "mn.new-agency", ""}}) {
    SCOPED_TRACE(c.what);
    const std::string before = DataFileBytes();
    const uint64_t size = t.ledger->Size();
    api::Response res = Establish(c.org, c.parent);
    EXPECT_EQ(res.result(), http::status::forbidden) << res.body();
    EXPECT_NE(res.body().find("hr-khan-uul"), std::string::npos) << res.body();
    EXPECT_NE(res.body().find(c.org), std::string::npos) << res.body();
    EXPECT_EQ(t.ledger->Size(), size);
    EXPECT_TRUE(DataFileBytes() == before) << "data.mdb changed";
  }
}

TEST_F(AuthorityScopeApi, TheScopeCoversItsSubUnits) {
  api::Response res = Establish("mn.ub.khan-uul.khoroo-1", "mn.ub.khan-uul");
  EXPECT_EQ(res.result(), http::status::created) << res.body();
  res = Establish("mn.ub.khan-uul.khoroo-1.office", "mn.ub.khan-uul.khoroo-1");
  EXPECT_EQ(res.result(), http::status::created) << res.body();
}

}  // namespace
}  // namespace ledger::testing
