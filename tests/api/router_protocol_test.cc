// The Router's protocol surface, called directly: RFC 9457 problems,
// parameters checked against the route table, CORS, HEAD without a body,
// metrics text, and the OpenAPI document against the routes.
#include <gtest/gtest.h>

#include <boost/beast/http.hpp>
#include <boost/json.hpp>
#include <regex>
#include <set>
#include <sstream>

#include "api/api_fixture.h"

namespace ledger::testing {
namespace {
namespace http = boost::beast::http;
namespace json = boost::json;

// Checks the RFC 9457 members and returns the problem.
json::object Problem(const api::Response& res, http::status status) {
  EXPECT_EQ(res.result(), status) << res.body();
  EXPECT_EQ(res[http::field::content_type], "application/problem+json");
  json::object p = json::parse(res.body()).as_object();
  EXPECT_TRUE(p.at("type").as_string().starts_with("urn:civil-service-ledger:problem:")) << p;
  EXPECT_EQ(p.at("title").as_string(), http::obsolete_reason(status)) << p;
  EXPECT_EQ(p.at("status").to_number<unsigned>(), static_cast<unsigned>(status));
  EXPECT_FALSE(p.at("detail").as_string().empty());
  EXPECT_FALSE(p.contains("error")) << "the old error shape: " << p;
  return p;
}

TEST_F(ApiTest, EveryErrorIsAProblemDocument) {
  json::object missing = Problem(HttpGet("/v1/nothing"), http::status::not_found);
  EXPECT_EQ(missing.at("type").as_string(), "urn:civil-service-ledger:problem:not-found");
  EXPECT_EQ(missing.at("code").as_string(), "NOT_FOUND");

  json::object bad_seq = Problem(HttpGet("/v1/events/two"), http::status::bad_request);
  EXPECT_EQ(bad_seq.at("field").as_string(), "seq");

  api::Response put = router->Handle(api::Request{http::verb::put, "/v1/keys", 11});
  Problem(put, http::status::method_not_allowed);

  // A parse error names the event (from 1) and the field.
  std::string good = SignedAppointment("person.1", "p-1");
  json::value no_post = json::parse(good);
  no_post.at("body").as_object().erase("post");
  json::object parse = Problem(HttpPost("/v1/events", "[" + good + "," + json::serialize(no_post) + "]"),
                               http::status::bad_request);
  EXPECT_EQ(parse.at("event").to_number<uint64_t>(), 2u) << parse;
  EXPECT_EQ(parse.at("field").as_string(), "body.post") << parse;

  // A rejected event after parsing: its index and the per-event lines.
  json::object rejected =
      Problem(HttpPost("/v1/events",
                       SignedEvent("dismissal.made", Dismissal("person.1", kPost, "2024-02-01"), "d")),
              http::status::bad_request);
  EXPECT_EQ(rejected.at("event").to_number<uint64_t>(), 1u);
  EXPECT_EQ(rejected.at("results").as_array().size(), 1u);
}

TEST_F(ApiTest, AnEmptyArrayIsTheSameMistakeAsAnEmptyBody) {
  json::object empty = Problem(HttpPost("/v1/events", ""), http::status::bad_request);
  json::object array = Problem(HttpPost("/v1/events", "[]"), http::status::bad_request);
  EXPECT_EQ(empty.at("detail"), array.at("detail"));
}

TEST_F(ApiTest, UnknownParametersAreNamedWithTheAcceptedOnes) {
  json::object p = Problem(HttpGet("/v1/views/holders?orgg=mn.ub"), http::status::bad_request);
  const std::string detail(p.at("detail").as_string());
  EXPECT_TRUE(detail.starts_with("orgg: unknown parameter")) << detail;
  EXPECT_NE(detail.find("org, post, person"), std::string::npos) << detail;
  EXPECT_EQ(p.at("field").as_string(), "orgg");
  EXPECT_NE(std::string(Problem(HttpGet("/v1/health?verbose=1"), http::status::bad_request)
                            .at("detail")
                            .as_string())
                .find("takes none"),
            std::string::npos);
  EXPECT_EQ(HttpGet("/v1/events?from=1&limit=2").result(), http::status::ok);
}

TEST_F(ApiTest, NumbersOutOfRangeAre400Everywhere) {
  for (const char* target :
       {"/v1/events?limit=0", "/v1/events?limit=1001", "/v1/events?limit=99999999999999999999",
        "/v1/views/holders?limit=5000", "/v1/checkpoint?size=0", "/v1/checkpoint?size=999999",
        "/v1/proofs/inclusion?seq=999999", "/v1/proofs/consistency?old=0",
        "/v1/proofs/consistency?old=1&new=999999", "/v1/proofs/inclusion?seq=1&leaf=maybe",
        "/v1/events?from=999999"}) {
    api::Response res = HttpGet(target);
    EXPECT_EQ(res.result(), http::status::bad_request) << target << ": " << res.body();
  }
}

TEST_F(ApiTest, CorsForReadsAndPreflight) {
  for (const char* target : {"/v1/health", "/v1/events?limit=1", "/v1/nothing"}) {
    EXPECT_EQ(HttpGet(target)[http::field::access_control_allow_origin], "*") << target;
  }
  api::Request options{http::verb::options, "/v1/checkpoint", 11};
  options.set(http::field::origin, "https://example.org");
  options.set(http::field::access_control_request_method, "GET");
  api::Response pre = router->Handle(options);
  EXPECT_EQ(pre.result(), http::status::no_content);
  EXPECT_EQ(pre[http::field::access_control_allow_origin], "*");
  EXPECT_NE(pre[http::field::access_control_allow_methods].find("GET"), std::string::npos);
  EXPECT_TRUE(pre[http::field::access_control_allow_credentials].empty());
  EXPECT_EQ(router->Handle(api::Request{http::verb::options, "/v1/nope", 11}).result(),
            http::status::not_found);
}

TEST_F(ApiTest, ListsAndExportsStreamAndHeadBuildsNoBody) {
  api::Reply reply = router->Dispatch(api::Request{http::verb::get, "/v1/export", 11});
  EXPECT_TRUE(reply.response.chunked());
  ASSERT_TRUE(reply.pieces);
  EXPECT_EQ(reply.route, "/v1/export");
  api::Reply head = router->Dispatch(api::Request{http::verb::head, "/v1/export", 11});
  EXPECT_EQ(head.response.result(), http::status::ok);
  EXPECT_FALSE(head.pieces) << "HEAD must not produce the body";
  EXPECT_TRUE(head.response.body().empty());
  // Pieces joined are the whole body: one header line, the records, the checkpoint.
  api::RouterOptions small;
  small.records_per_piece = 2;
  api::Router pieces(*t.ledger, *state, nullptr, small);
  api::Response joined = pieces.Handle(api::Request{http::verb::get, "/v1/export", 11});
  EXPECT_EQ(joined.body(), HttpGet("/v1/export").body());
  EXPECT_EQ(static_cast<uint64_t>(std::count(joined.body().begin(), joined.body().end(), '\n')),
            t.ledger->Size() + 2);
}

TEST_F(ApiTest, MetricsAreValidExpositionText) {
  router->metrics().ObserveRequest("GET", "/v1/health", 200, std::chrono::milliseconds(3));
  router->metrics().ObserveGroupCommit(7, std::chrono::milliseconds(2), std::chrono::milliseconds(4));
  ASSERT_EQ(HttpPost("/v1/events", SignedAppointment("person.1", "m")).result(),
            http::status::created);
  api::Response res = HttpGet("/metrics");
  ASSERT_EQ(res.result(), http::status::ok);
  EXPECT_TRUE(res[http::field::content_type].starts_with("text/plain; version=0.0.4"));
  const std::regex sample(
      R"(^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{[a-zA-Z_][a-zA-Z0-9_]*="(\\.|[^"\\])*"(,[a-zA-Z_][a-zA-Z0-9_]*="(\\.|[^"\\])*")*\})? (-?[0-9.e+-]+|\+Inf|NaN)$)");
  std::set<std::string> typed, helped, sampled;
  std::istringstream lines(res.body());
  std::string line;
  while (std::getline(lines, line)) {
    std::smatch m;
    if (line.starts_with("# HELP ")) {
      helped.insert(line.substr(7, line.find(' ', 7) - 7));
    } else if (line.starts_with("# TYPE ")) {
      std::string name = line.substr(7, line.find(' ', 7) - 7);
      std::string type = line.substr(line.rfind(' ') + 1);
      EXPECT_TRUE(type == "counter" || type == "gauge" || type == "histogram") << line;
      if (type == "counter") {
        EXPECT_TRUE(name.ends_with("_total")) << line;
      }
      typed.insert(name);
    } else {
      ASSERT_TRUE(std::regex_match(line, m, sample)) << "not a sample: " << line;
      std::string family = m[1];
      for (const char* suffix : {"_bucket", "_sum", "_count"}) {
        if (family.ends_with(suffix) && !typed.count(family)) {
          family.resize(family.size() - std::string(suffix).size());
        }
      }
      EXPECT_TRUE(typed.count(family)) << "no # TYPE before " << line;
      sampled.insert(family);
    }
  }
  EXPECT_EQ(typed, helped);
  for (const char* family :
       {"ledger_http_requests_total", "ledger_http_request_duration_seconds",
        "ledger_append_request_events", "ledger_append_commit_wait_seconds", "ledger_records",
        "ledger_http_connections_open", "ledger_http_memory_in_use_bytes",
        "ledger_group_commit_submissions", "ledger_group_commit_queue_wait_seconds",
        "ledger_group_commit_duration_seconds"}) {
    EXPECT_TRUE(sampled.count(family)) << family << " missing in\n" << res.body();
  }
  EXPECT_NE(res.body().find("ledger_records " + std::to_string(t.ledger->Size()) + "\n"),
            std::string::npos);
  EXPECT_NE(res.body().find("ledger_group_commit_submissions_sum 7\n"), std::string::npos);
}

// The paths of docs/openapi.yaml (as served) and their operations.
std::map<std::string, std::set<std::string>> OpenApiOperations(const std::string& yaml) {
  std::map<std::string, std::set<std::string>> out;
  std::istringstream lines(yaml);
  std::string line, path;
  bool in_paths = false;
  const std::regex path_line(R"(^  (/[^:]*):\s*$)"), op_line(R"(^    (get|post|put|delete|patch|head|options):)");
  while (std::getline(lines, line)) {
    if (line == "paths:") {
      in_paths = true;
      continue;
    }
    if (!line.empty() && line[0] != ' ') in_paths = false;
    std::smatch m;
    if (!in_paths) continue;
    if (std::regex_match(line, m, path_line)) path = m[1];
    else if (std::regex_search(line, m, op_line) && !path.empty()) out[path].insert(m[1]);
  }
  return out;
}

TEST_F(ApiTest, TheOpenApiDocumentCoversEveryRouteAndNothingElse) {
  api::Response res = HttpGet("/v1/openapi.yaml");
  ASSERT_EQ(res.result(), http::status::ok);
  EXPECT_TRUE(res.body().starts_with("openapi: 3.1.0\n"));
  auto documented = OpenApiOperations(res.body());
  std::set<std::string> routed;
  for (const auto& route : api::Router::Routes()) {
    const std::string path(route.path);
    routed.insert(path);
    ASSERT_TRUE(documented.count(path)) << path << " is routed but not in docs/openapi.yaml";
    for (const char* method : {"GET", "POST"}) {
      std::string lower(method);
      for (char& ch : lower) ch = static_cast<char>(std::tolower(ch));
      EXPECT_EQ(route.methods.find(method) != std::string_view::npos,
                documented[path].count(lower) > 0)
          << method << " " << path;
    }
  }
  for (const auto& [path, ops] : documented) {
    EXPECT_TRUE(routed.count(path)) << path << " is documented but not routed";
  }
}

}  // namespace
}  // namespace ledger::testing
