// GET /v1/rules: the flagging rules in force (thresholds and election
// calendar) and the rules.set record that set them, with its hash so a
// client can prove it with /v1/proofs/inclusion; or the version 1 defaults.
#include <boost/beast/http.hpp>
#include <boost/json.hpp>

#include "http_util.h"
#include "projections/civil_ledger.h"

namespace ledger::api {
namespace http = boost::beast::http;

Response GetRules(const Context& c) {
  boost::json::object o;
  Status s = c.ledger.WithRead([&](const lmdb::Txn& txn) -> Status {
    LEDGER_ASSIGN_OR_RETURN(o, projections::RulesInForceJson(c.state, txn));
    return Status::Ok();
  });
  if (!s.ok()) return ErrorResponse(c.request, s);
  return JsonResponse(c.request, http::status::ok, o);
}

}  // namespace ledger::api
