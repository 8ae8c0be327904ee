// Request dispatch and the one write endpoint, POST /v1/events.
#include "api/router.h"

#include <boost/beast/http.hpp>
#include <boost/json.hpp>
#include <future>

#include "http_util.h"
#include "ledger/events.h"
#include "ledger/wire.h"

namespace ledger::api {
namespace http = boost::beast::http;
namespace json = boost::json;

namespace {

constexpr std::string_view kIndex[] = {
    "GET  /v1/health",
    "GET  /v1/checkpoint[?size=N]",
    "GET  /v1/vkey",
    "GET  /v1/keys",
    "GET  /v1/events?from=N&limit=M",
    "GET  /v1/events/{seq}[?format=raw]",
    "POST /v1/events  (signed events: one object, an array, or JSON lines)",
    "GET  /v1/export?from=N&to=M  (for ledger-verify export)",
    "GET  /v1/proofs/inclusion?seq=N[&size=S][&format=tlog-proof]",
    "GET  /v1/proofs/consistency?old=M[&new=N]",
    "GET  /v1/views",
    "GET  /v1/views/{view}?org=...&as-of=...&offset=...&limit=...[&format=csv]",
};

Response MethodNotAllowed(const Request& req, std::string_view allow) {
  auto res = ErrorResponse(
      req, Status::InvalidArgument(std::string(req.method_string()) + " is not allowed here; use " +
                                   std::string(allow)));
  res.result(http::status::method_not_allowed);
  res.set(http::field::allow, allow);
  return res;
}

// Appends through the group-commit writer, so concurrent requests share one
// durable transaction. Answers only after the commit: an acknowledged event
// is on disk. All or nothing at parse time: one malformed event rejects the
// request and appends none; after that each event succeeds or fails alone.
Response PostEvents(const Context& c) {
  if (!c.appender) {
    auto res = ErrorResponse(c.request, Status::FailedPrecondition("this server is read-only"));
    res.result(http::status::method_not_allowed);
    res.set(http::field::allow, "GET, HEAD");
    return res;
  }
  auto subs = events::SubmissionsFromText(c.request.body(), /*require_signature=*/true);
  if (!subs.ok()) return ErrorResponse(c.request, subs.status());
  std::vector<std::future<AppendOutcome>> pending;
  pending.reserve(subs->size());
  for (auto& s : *subs) pending.push_back(c.appender->Submit(std::move(s)));
  json::array results;
  size_t appended = 0;
  std::optional<Status> first_error;
  size_t first_event = 0;
  for (size_t i = 0; i < pending.size(); ++i) {
    AppendOutcome o = pending[i].get();
    json::object line = AppendOutcomeJson(i + 1, o);
    if (o.status.ok()) {
      appended += !o.duplicate;
    } else if (!first_error) {
      first_error = o.status;
      first_event = i + 1;
    }
    results.push_back(std::move(line));
  }
  // One status for the whole request: the first rejection's, else 201 when
  // something new was appended, else 200 (every event was a replay).
  http::status status = first_error ? HttpStatus(first_error->code())
                        : appended  ? http::status::created
                                    : http::status::ok;
  json::object body{{"results", std::move(results)}, {"size", c.ledger.Size()}};
  // Every answer that is not 2xx carries "error", as the other endpoints' do.
  if (first_error) {
    body["error"] = {
        {"code", CodeName(first_error->code())},
        {"message", "event " + std::to_string(first_event) + ": " + first_error->message()}};
  }
  return JsonResponse(c.request, status, body);
}

Response Route(const Context& c) {
  const std::string& path = c.target.path;
  const bool get = c.request.method() == http::verb::get || c.request.method() == http::verb::head;
  if (path == "/v1/events") {
    if (c.request.method() == http::verb::post) return PostEvents(c);
    return get ? GetEvents(c) : MethodNotAllowed(c.request, "GET, HEAD, POST");
  }
  if (!get) {
    // Only POST /v1/events writes; everything else is read-only.
    return MethodNotAllowed(c.request, "GET, HEAD");
  }
  if (path == "/" || path == "/v1") {
    json::array endpoints;
    for (auto e : kIndex) endpoints.emplace_back(e);
    return JsonResponse(c.request, http::status::ok,
                        json::object{{"service", "civil-service ledger"},
                                     {"origin", c.ledger.origin()},
                                     {"endpoints", std::move(endpoints)},
                                     {"docs", "docs/API.md"}});
  }
  if (path == "/v1/health") return GetHealth(c);
  if (path == "/v1/checkpoint") return GetCheckpoint(c);
  if (path == "/v1/vkey") return GetVkey(c);
  if (path == "/v1/keys") return GetKeys(c);
  if (path == "/v1/export") return GetExport(c);
  if (path == "/v1/proofs/inclusion") return GetInclusionProof(c);
  if (path == "/v1/proofs/consistency") return GetConsistencyProof(c);
  if (path == "/v1/views") return GetViewList(c);
  constexpr std::string_view kEvent = "/v1/events/", kView = "/v1/views/";
  std::string_view p = path;
  if (p.starts_with(kEvent)) return GetEvent(c, p.substr(kEvent.size()));
  if (p.starts_with(kView)) return GetView(c, p.substr(kView.size()));
  return ErrorResponse(c.request, Status::NotFound("no endpoint " + path + " (see GET /v1)"));
}

}  // namespace

Router::Router(const Ledger& ledger, const projections::CivilState& state, Appender* appender,
               RouterOptions options)
    : ledger_(ledger), state_(state), appender_(appender), options_(options) {}

Response Router::Handle(const Request& request) const {
  if (options_.extra_routes) {
    if (auto extra = options_.extra_routes(request)) return std::move(*extra);
  }
  auto target = ParseTarget(request.target());
  if (!target.ok()) return ErrorResponse(request, target.status());
  Context c{ledger_, state_, appender_, options_, request, *target};
  Response res;
  try {
    res = Route(c);
  } catch (const std::exception& e) {
    // A bug, not bad input: say so rather than drop the connection.
    res = ErrorResponse(request, Status::Internal(std::string("unexpected error: ") + e.what()));
  }
  if (request.method() == http::verb::head) {
    const auto length = res.body().size();
    res.body().clear();
    res.content_length(length);
  }
  return res;
}

}  // namespace ledger::api
