// Helpers the router's handlers share: the parsed request target, the
// handler context and response builders (JSON, text, errors as JSON).
#ifndef API_HTTP_UTIL_H_
#define API_HTTP_UTIL_H_

#include <boost/json/value.hpp>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "api/router.h"
#include "ledger/status.h"

namespace ledger::api {

// "/v1/views/holders?org=mn.ub&limit=10": percent-decoded path and parameters.
struct Target {
  std::string path;
  std::map<std::string, std::string, std::less<>> params;

  std::optional<std::string> Param(std::string_view name) const;
  // An optional decimal parameter; the error names it.
  Result<std::optional<uint64_t>> UIntParam(std::string_view name) const;
};
// InvalidArgument for bad percent-escapes, invalid UTF-8 or a relative target.
Result<Target> ParseTarget(std::string_view target);

// What one handler call sees.
struct Context {
  const Ledger& ledger;
  const projections::CivilState& state;
  Appender* appender;
  const RouterOptions& options;
  const Request& request;
  const Target& target;
};

// The HTTP status for a failed Status (400 bad input, 403 signer, 404, 409 ...).
boost::beast::http::status HttpStatus(Code code);

Response TextResponse(const Request& req, boost::beast::http::status status, std::string body,
                      std::string_view content_type);
Response JsonResponse(const Request& req, boost::beast::http::status status,
                      const boost::json::value& body);
// {"error": {"code": "InvalidArgument", "message": "..."}} with HttpStatus(code).
Response ErrorResponse(const Request& req, const Status& s);

// The read-only endpoints (read_handlers.cc).
Response GetHealth(const Context& c);
Response GetCheckpoint(const Context& c);
Response GetVkey(const Context& c);
Response GetKeys(const Context& c);
Response GetEvents(const Context& c);
Response GetEvent(const Context& c, std::string_view seq_text);
Response GetExport(const Context& c);
Response GetInclusionProof(const Context& c);
Response GetConsistencyProof(const Context& c);
Response GetViewList(const Context& c);
Response GetView(const Context& c, std::string_view view);

}  // namespace ledger::api

#endif  // API_HTTP_UTIL_H_
