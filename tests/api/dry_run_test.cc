// POST /v1/events?dry_run=true: the answer a submission would get (its seq
// and flags, or its problem), with not a byte of data.mdb changed; and
// GET /v1/policy, the witness policy a log serves for pinning.
#include <gtest/gtest.h>

#include <boost/beast/http.hpp>
#include <boost/json.hpp>

#include "api/api_fixture.h"
#include "api/witness_client.h"
#include "verifier/policy.h"

namespace ledger::testing {
namespace {
namespace http = boost::beast::http;
namespace json = boost::json;

TEST_F(ApiTest, DryRunTellsTheSeqAndFlagsAndWritesNothing) {
  ASSERT_EQ(HttpPost("/v1/events", SignedAppointment("person.1", "first")).result(),
            http::status::created);
  const std::string second = SignedAppointment("person.2", "second");  // a second holder
  const std::string before = DataFileBytes();
  const uint64_t size = t.ledger->Size();
  api::Response dry = HttpPost("/v1/events?dry_run=true", second);
  ASSERT_EQ(dry.result(), http::status::ok) << dry.body();
  const json::value d = Json(dry);
  EXPECT_TRUE(d.at("dry_run").as_bool());
  EXPECT_FALSE(d.at("duplicate").as_bool());
  EXPECT_EQ(d.at("would_be_seq").to_number<uint64_t>(), size);
  EXPECT_EQ(d.at("size").to_number<uint64_t>(), size);
  // Effective 2024-01-15, recorded 2024-01-10: future-dated too.
  ASSERT_EQ(d.at("flags").as_array().size(), 2u) << dry.body();
  EXPECT_TRUE(d.at("flags").at(0).as_string().starts_with("second-holder:"));
  EXPECT_TRUE(d.at("flags").at(1).as_string().starts_with("future-dated:"));
  EXPECT_EQ(t.ledger->Size(), size);
  EXPECT_TRUE(DataFileBytes() == before) << "a dry run changed data.mdb";
  // Asked twice, the same answer: nothing of the first was kept.
  EXPECT_EQ(HttpPost("/v1/events?dry_run=true", second).body(), dry.body());

  // The real submission gets what the dry run said.
  api::Response real = HttpPost("/v1/events?dry_run=false", second);
  ASSERT_EQ(real.result(), http::status::created) << real.body();
  const json::value r = Json(real).at("results").at(0);
  EXPECT_EQ(r.at("seq"), d.at("would_be_seq"));
  EXPECT_EQ(r.at("flags"), d.at("flags"));

  // Now a replay: the seq it already has.
  const json::value again = Json(HttpPost("/v1/events?dry_run=true", second));
  EXPECT_TRUE(again.at("duplicate").as_bool());
  EXPECT_EQ(again.at("seq"), r.at("seq"));
  EXPECT_FALSE(again.as_object().contains("would_be_seq"));
}

TEST_F(ApiTest, DryRunRejectsWithTheProblemARealSubmissionGets) {
  const std::string bad =
      SignedEvent("dismissal.made", Dismissal("person.1", kPost, "2024-02-01"), "not-held");
  const std::string before = DataFileBytes();
  api::Response dry = HttpPost("/v1/events?dry_run=true", bad);
  EXPECT_EQ(dry.result(), http::status::bad_request) << dry.body();
  EXPECT_EQ(dry[http::field::content_type], "application/problem+json");
  EXPECT_TRUE(DataFileBytes() == before);
  api::Response real = HttpPost("/v1/events", bad);
  EXPECT_EQ(real.result(), dry.result());
  // The same problem, every error listed in both (here one).
  json::value dry_problem = Json(dry);
  ASSERT_EQ(dry_problem.at("errors").as_array().size(), 1u) << dry.body();
  EXPECT_EQ(dry_problem.at("errors").at(0).at("message"), Json(real).at("results").at(0).at("error").at("message"));
  EXPECT_EQ(Json(real), dry_problem);
  EXPECT_NE(Json(dry).at("detail").as_string().find("does not hold"), json::string::npos);
  EXPECT_TRUE(DataFileBytes() == before);

  json::value tampered = json::parse(SignedAppointment("person.1", "tampered"));
  tampered.at("body").at("person") = "person.2";
  EXPECT_EQ(HttpPost("/v1/events?dry_run=true", json::serialize(tampered)).result(),
            http::status::bad_request);
  const std::string one = SignedAppointment("person.1", "a");
  api::Response two = HttpPost("/v1/events?dry_run=true", one + "\n" + one + "\n");
  EXPECT_EQ(two.result(), http::status::bad_request);
  EXPECT_NE(two.body().find("one event"), std::string::npos) << two.body();
  EXPECT_EQ(HttpPost("/v1/events?dry_run=maybe", one).result(), http::status::bad_request);
  EXPECT_EQ(HttpGet("/v1/events?dry_run=true").result(), http::status::bad_request);
  EXPECT_TRUE(DataFileBytes() == before);

  api::Router read_only(*t.ledger, *state, nullptr);
  api::Request req{http::verb::post, "/v1/events?dry_run=true", 11};
  req.body() = one;
  EXPECT_EQ(read_only.Handle(req).result(), http::status::method_not_allowed);
}

TEST_F(ApiTest, AnEventBreakingTwoRulesIsRefusedWithBothErrors) {
  Org("mn.ub", 10);
  // A person never registered, and `org` not the post's.
  boost::json::object body = Appointment("person.9", kPost, "2024-01-05");
  body["org"] = "mn.ub";
  const std::string bad = SignedEvent("appointment.made", body, "two-rules");
  const std::string before = DataFileBytes();
  for (const char* target : {"/v1/events?dry_run=true", "/v1/events"}) {
    api::Response res = HttpPost(target, bad);
    EXPECT_EQ(res.result(), http::status::not_found) << target << res.body();
    const json::value p = Json(res);
    EXPECT_NE(p.at("detail").as_string().find("person \"person.9\" is not registered"),
              json::string::npos);
    ASSERT_EQ(p.at("errors").as_array().size(), 2u) << res.body();
    EXPECT_EQ(p.at("errors").at(0).at("code"), "NOT_FOUND");
    EXPECT_EQ(p.at("errors").at(1).at("code"), "INVALID_ARGUMENT");
    EXPECT_NE(p.at("errors").at(1).at("message").as_string().find("body.org: post"),
              json::string::npos);
    EXPECT_TRUE(DataFileBytes() == before) << target;
  }
}

TEST_F(ApiTest, PolicyIsServedWhenTheLogHasWitnessesAndParses) {
  EXPECT_EQ(HttpGet("/v1/policy").result(), http::status::not_found);

  std::vector<api::WitnessEndpoint> witnesses;
  for (const char* name : {"w1.example.org", "w2.example.org", "w1.example.org"}) {
    api::WitnessEndpoint w;
    w.key = cosig::CosignerKey::ForKey(name, SigningKey::Generate().public_key());
    witnesses.push_back(w);
  }
  api::RouterOptions o;
  o.witness_policy = api::PolicyText(t.ledger->log_key(), witnesses, 2);
  api::Router with_witnesses(*t.ledger, *state, appender.get(), o);
  api::Response res = with_witnesses.Handle(api::Request{http::verb::get, "/v1/policy", 11});
  ASSERT_EQ(res.result(), http::status::ok);
  EXPECT_TRUE(res[http::field::content_type].starts_with("text/plain"));
  auto policy = verify::Policy::Parse(res.body());
  ASSERT_TRUE(policy.ok()) << policy.status().message() << "\n" << res.body();
  ASSERT_EQ(policy->logs.size(), 1u);
  EXPECT_EQ(policy->logs[0].key.ToString(), t.ledger->log_key().ToString());
  ASSERT_EQ(policy->witnesses.size(), 3u);
  EXPECT_EQ(policy->witnesses[2].name, "w1.example.org#2");  // names made unique
  EXPECT_EQ(policy->witnesses[1].key.ToString(), witnesses[1].key.ToString());
  EXPECT_FALSE(policy->QuorumMet({"w1.example.org"}));
  EXPECT_TRUE(policy->QuorumMet({"w1.example.org", "w1.example.org#2"}));
}

}  // namespace
}  // namespace ledger::testing
