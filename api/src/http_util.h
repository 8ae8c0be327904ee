// Helpers the router's handlers share: the parsed request target, the
// handler context and response builders (JSON, text, RFC 9457 problems).
#ifndef API_HTTP_UTIL_H_
#define API_HTTP_UTIL_H_

#include <boost/json/value.hpp>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "api/router.h"
#include "ledger/status.h"

namespace ledger::api {

// "/v1/views/holders?org=mn.ub&limit=10": percent-decoded path and parameters.
struct Target {
  std::string path;
  std::map<std::string, std::string, std::less<>> params;

  std::optional<std::string> Param(std::string_view name) const;
  // An optional decimal parameter in [min, max]; the error names it.
  Result<std::optional<uint64_t>> UIntParam(std::string_view name, uint64_t min = 0,
                                            uint64_t max = UINT64_MAX) const;
  // InvalidArgument naming the first parameter not in `accepted`, and listing them.
  Status OnlyParams(const std::vector<std::string_view>& accepted) const;
};
// InvalidArgument for bad percent-escapes, invalid UTF-8 or a relative target.
Result<Target> ParseTarget(std::string_view target);

// What one handler call sees.
class ViewsDigestCache;  // views_digest_cache.h

class ViewCache;  // view_cache.h

struct Context {
  const Ledger& ledger;
  const projections::CivilState& state;
  Appender* appender;
  const RouterOptions& options;
  const Request& request;
  const Target& target;
  Metrics& metrics;
  ViewsDigestCache* digests = nullptr;  // GET /v1/views/digest
  ViewCache* views = nullptr;           // rendered GET /v1/views/{view} answers
};

// The HTTP status for a failed Status (400 bad input, 403 signer, 404, 409 ...).
boost::beast::http::status HttpStatus(Code code);

Response TextResponse(const Request& req, boost::beast::http::status status, std::string body,
                      std::string_view content_type);
Response JsonResponse(const Request& req, boost::beast::http::status status,
                      const boost::json::value& body);
// An RFC 9457 problem (application/problem+json): `type` (a URN from
// `code`), `title` (the status phrase), `status`, `detail`, `code` (the
// CLI's code name), plus the members of `extra`.
Response ProblemResponse(const Request& req, boost::beast::http::status status,
                         std::string_view code, std::string detail,
                         boost::json::object extra = {});
// A problem for a failed Status, with HttpStatus(code).
Response ErrorResponse(const Request& req, const Status& s);
// "urn:civil-service-ledger:problem:invalid-argument" for "INVALID_ARGUMENT".
std::string ProblemType(std::string_view code);
// "body.post: required field is missing" -> "body.post"; "" when the
// message does not start with a field path.
std::string FieldOf(std::string_view message);

// A 200 whose body is streamed (chunked) from `pieces` (read_handlers.cc).
Reply Streamed(const Context& c, std::string_view content_type, BodyPieces pieces);
// GET /v1/views/{view}: format=csv streamed, with all=true (every row, no
// page limit), bom=true and a Content-Disposition; other formats as GetView
// (open_data_handlers.cc).
Reply GetViewOrDownload(const Context& c, std::string_view view);
// GET /v1/export/{format}: popolo or ftm (projections/open_data.h), streamed.
Reply GetOpenExport(const Context& c, std::string_view format);

// The read-only endpoints (read_handlers.cc).
Response GetHealth(const Context& c);
Response GetCheckpoint(const Context& c);
Response GetVkey(const Context& c);
Response GetKeys(const Context& c);
Reply GetEvents(const Context& c);
// GET /v1/events?hash=|client_id=|decision= (lookup_handler.cc).
bool IsEventsLookup(const Context& c);
Response GetEventsLookup(const Context& c);
Response GetEvent(const Context& c, std::string_view seq_text);
Reply GetExport(const Context& c);
Response GetInclusionProof(const Context& c);
Response GetConsistencyProof(const Context& c);
Response GetViewList(const Context& c);
Response GetView(const Context& c, std::string_view view);
// GET /v1/rules: the flagging rules in force and the record that set them
// (rules_handler.cc).
Response GetRules(const Context& c);
// GET /v1/views/digest?size=N (views_digest_handler.cc).
Response GetViewsDigest(const Context& c);
// The one write endpoint (append_handler.cc).
Response PostEvents(const Context& c);
// POST /v1/events?dry_run=true: one event through every check of a real
// submission (rules included), nothing written: 200 with the seq it would
// get and its flags, or the problem a submission would get.
Response PostEventsDryRun(const Context& c);
// GET /v1/rejections?client_id=|signer=: why submissions were refused, from
// the rejection journal beside the log (rejections_handler.cc).
Response GetRejections(const Context& c);
// Records refused events in the journal, if there is one; a failure is only
// told to options.log_warning (rejections_handler.cc).
void JournalRejections(const Context& c, std::span<const Rejection> entries);

}  // namespace ledger::api

#endif  // API_HTTP_UTIL_H_
