// POST /v1/events within a CPU budget for parsing its body
// (RouterOptions::parse_cpu_budget, `ledger serve --parse-cpu-budget`): a
// body that takes more is answered 413 PARSE_BUDGET, nothing appended and
// data.mdb byte-identical; bodies within it are answered as before.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "api/api_fixture.h"
#include "api/client.h"

namespace ledger::testing {
namespace {
namespace json = boost::json;

class ParseBudgetTest : public ApiTest {
 protected:
  // Replaces the fixture's router with one whose parse budget is `budget`.
  void UseBudget(std::chrono::nanoseconds budget) {
    api::RouterOptions o;
    o.parse_cpu_budget = budget;
    router = std::make_unique<api::Router>(*t.ledger, *state, appender.get(), o);
  }
  // `n` signed registrations of distinct people, as JSON lines.
  std::string SignedBatch(size_t n) {
    std::string body;
    for (size_t i = 0; i < n; ++i) {
      body += SignedEvent("person.registered",
                          json::object{{"person", "budget." + std::to_string(i)},
                                       {"org", "mn.cabinet-secretariat"},
                                       {"full_name", "Budget Person " + std::to_string(i)},
                                       {"gender", "female"},
                                       {"birth_year", 1990}},
                          "budget-" + std::to_string(i)) +
              "\n";
    }
    return body;
  }
  // JSON lines that are each valid JSON but no event: the parser reads every
  // line before it looks at the first, so the body costs CPU out of all
  // proportion to what it could append (nothing).
  static std::string SlowBody(size_t lines) {
    std::string body;
    body.reserve(lines * 3);
    for (size_t i = 0; i < lines; ++i) body += "[]\n";
    return body;
  }
  static void ExpectParseBudgetProblem(const api::Response& res) {
    EXPECT_EQ(res.result_int(), 413u) << res.body();
    EXPECT_EQ(res[boost::beast::http::field::content_type], "application/problem+json");
    const json::value p = Json(res);
    EXPECT_EQ(p.at("type"), "urn:civil-service-ledger:problem:parse-budget");
    EXPECT_EQ(p.at("code"), "PARSE_BUDGET");
    const std::string detail(p.at("detail").as_string());
    EXPECT_NE(detail.find("stopped after"), std::string::npos) << detail;
    EXPECT_NE(detail.find("--parse-cpu-budget"), std::string::npos) << detail;
    EXPECT_NE(detail.find("Split the events over several smaller requests"), std::string::npos)
        << detail;
    EXPECT_NE(detail.find("Nothing was appended"), std::string::npos) << detail;
    EXPECT_TRUE(p.at("budget_ms").is_int64());
    EXPECT_TRUE(p.at("bytes").is_int64() || p.at("bytes").is_uint64());
  }
};

TEST_F(ParseBudgetTest, ATinyBudgetStopsAValidBatchAndAppendsNothing) {
  const std::string body = SignedBatch(100);  // JSON lines: the budget is read at line 64
  const uint64_t size = t.ledger->Size();
  const std::string before = DataFileBytes();
  UseBudget(std::chrono::nanoseconds(1));
  const api::Response res = HttpPost("/v1/events", body);
  ExpectParseBudgetProblem(res);
  EXPECT_NE(Json(res).at("detail").as_string().find("parsing the input (byte "), std::string::npos)
      << res.body();
  EXPECT_EQ(Json(res).at("bytes").to_number<uint64_t>(), body.size());
  EXPECT_EQ(t.ledger->Size(), size);
  EXPECT_TRUE(DataFileBytes() == before) << "data.mdb changed";

  // The same body within the default budget is appended whole.
  UseBudget(api::RouterOptions{}.parse_cpu_budget);
  const api::Response ok = HttpPost("/v1/events", body);
  EXPECT_EQ(ok.result_int(), 201u) << ok.body();
  EXPECT_EQ(t.ledger->Size(), size + 100);
}

TEST_F(ParseBudgetTest, ASlowBodyOverTheServerIsStoppedWithANamedProblem) {
  UseBudget(std::chrono::milliseconds(5));
  auto server = Serve();
  ASSERT_TRUE(server);
  const uint64_t size = t.ledger->Size();
  const std::string before = DataFileBytes();
  auto client = api::Client::Connect("127.0.0.1", server->port());
  ASSERT_TRUE(client.ok()) << client.status().ToString();
  // 2,000,000 lines (6 MB, under the 8 MiB body limit): without a budget
  // hundreds of milliseconds of CPU; stopped after about 5.
  auto res = (*client)->Post("/v1/events", SlowBody(2'000'000));
  ASSERT_TRUE(res.ok()) << res.status().ToString();
  ExpectParseBudgetProblem(*res);
  EXPECT_EQ(Json(*res).at("budget_ms"), 5);
  EXPECT_EQ(t.ledger->Size(), size);
  EXPECT_TRUE(DataFileBytes() == before) << "data.mdb changed";
  // The connection and the server go on serving.
  auto health = (*client)->Get("/v1/health");
  ASSERT_TRUE(health.ok()) << health.status().ToString();
  EXPECT_EQ(health->result_int(), 200u);
}

TEST_F(ParseBudgetTest, NoBudgetParsesTheSlowBodyToItsRealError) {
  UseBudget(std::chrono::nanoseconds(0));  // 0: no budget
  const api::Response res = HttpPost("/v1/events", SlowBody(1000));
  EXPECT_EQ(res.result_int(), 400u) << res.body();
  EXPECT_EQ(Json(res).at("code"), "INVALID_ARGUMENT");
  EXPECT_EQ(Json(res).at("event"), 1);
}

}  // namespace
}  // namespace ledger::testing
