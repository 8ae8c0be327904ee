// The API tests' ledger, router and request helpers.
#include "api/api_fixture.h"

#include <boost/beast/http.hpp>

namespace ledger::testing {
namespace http = boost::beast::http;
namespace json = boost::json;

ApiTest::ApiTest() {
  Post(kPost, "mn.cabinet-secretariat", "political");
  Person("person.1");
  Person("person.2");
  appender = std::make_unique<Appender>(*t.ledger);
  router = std::make_unique<api::Router>(*t.ledger, *state, appender.get());
}

ApiTest::~ApiTest() {
  router.reset();
  appender.reset();  // drains before the ledger closes
}

std::string ApiTest::SignedEvent(const std::string& type, const json::object& body,
                                 const std::string& client_id) const {
  return json::serialize(
      events::SubmissionToJson(MakeEvent(type, json::serialize(body), hr, client_id)));
}

std::string ApiTest::SignedAppointment(const std::string& person, const std::string& client_id) {
  return SignedEvent("appointment.made", Appointment(person, kPost, "2024-01-15"), client_id);
}

api::Response ApiTest::HttpGet(const std::string& target) const {
  return router->Handle(api::Request{http::verb::get, target, 11});
}

api::Response ApiTest::HttpPost(const std::string& target, std::string body) const {
  api::Request req{http::verb::post, target, 11};
  req.body() = std::move(body);
  req.prepare_payload();
  return router->Handle(req);
}

json::value ApiTest::Json(const api::Response& res) {
  boost::system::error_code ec;
  json::value v = json::parse(res.body(), ec);
  EXPECT_FALSE(ec) << "not JSON: " << res.body();
  return v;
}

std::unique_ptr<api::Server> ApiTest::Serve(api::ServerOptions o) {
  o.address = "127.0.0.1";
  o.port = 0;
  auto server = api::Server::Start(*router, o);
  EXPECT_TRUE(server.ok()) << server.status().ToString();
  return server.ok() ? std::move(*server) : nullptr;
}

}  // namespace ledger::testing
