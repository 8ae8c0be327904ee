// A civil-service ledger with a post, a person and the HR key, served by a
// Router with a group-commit Appender: what the API tests start from.
#ifndef LEDGER_TESTS_API_API_FIXTURE_H_
#define LEDGER_TESTS_API_API_FIXTURE_H_

#include <boost/json.hpp>
#include <memory>
#include <optional>
#include <string>

#include "api/router.h"
#include "api/server.h"
#include "ledger/appender.h"
#include "projections/civil_test_util.h"

namespace ledger::testing {

class ApiTest : public CivilScenario {
 protected:
  static constexpr const char* kPost = "mn.cabinet-secretariat/chief-cabinet-secretary";

  ApiTest();
  ~ApiTest() override;

  // A signed event as the JSON text a department would POST.
  std::string SignedEvent(const std::string& type, const boost::json::object& body,
                          const std::string& client_id) const;
  // The appointment of `person` to kPost, signed, as JSON text.
  std::string SignedAppointment(const std::string& person, const std::string& client_id);

  api::Response HttpGet(const std::string& target) const;
  api::Response HttpPost(const std::string& target, std::string body) const;
  static boost::json::value Json(const api::Response& res);
  // The router served on 127.0.0.1 at a free port (null, with a test
  // failure, when it cannot start).
  std::unique_ptr<api::Server> Serve(api::ServerOptions o = {});

  std::unique_ptr<Appender> appender;
  std::unique_ptr<api::Router> router;
};

}  // namespace ledger::testing

#endif  // LEDGER_TESTS_API_API_FIXTURE_H_
