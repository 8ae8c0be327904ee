// The route table and request dispatch: parameters checked against the
// route, CORS for reads, HEAD without a body, OPTIONS preflights.
#include "api/router.h"

#include <boost/beast/http.hpp>
#include <algorithm>
#include <boost/json.hpp>

#include "http_util.h"
#include "projections/civil_queries.h"
#include "projections/view_io.h"
#include "view_cache.h"
#include "views_digest_cache.h"
#include "web_handlers.h"

namespace ledger::api {
namespace http = boost::beast::http;
namespace json = boost::json;

namespace {

constexpr std::string_view kRead = "GET, HEAD, OPTIONS";

// Handles a matched route; `segment` is the text of the path's {placeholder}.
using Handler = Reply (*)(const Context& c, std::string_view segment);

struct RouteEntry {
  RouteInfo info;
  Handler handler;
};

Reply Whole(Response res) { return Reply{std::move(res), nullptr, {}}; }

Reply Index(const Context& c, std::string_view) {
  json::array endpoints;
  for (const auto& r : Router::Routes()) {
    endpoints.emplace_back(std::string(r.methods) + " " + std::string(r.path));
  }
  return Whole(JsonResponse(c.request, http::status::ok,
                            json::object{{"service", "civil-service ledger"},
                                         {"origin", c.ledger.origin()},
                                         {"endpoints", std::move(endpoints)},
                                         {"docs", "/v1/openapi.yaml"}}));
}

Reply OpenApi(const Context& c, std::string_view) {
  return Whole(
      TextResponse(c.request, http::status::ok, std::string(OpenApiDocument()), "application/yaml"));
}

Reply MetricsText(const Context& c, std::string_view) {
  return Whole(TextResponse(c.request, http::status::ok, c.metrics.Render(c.ledger.Size()),
                            "text/plain; version=0.0.4; charset=utf-8"));
}

Reply EventsRoute(const Context& c, std::string_view) {
  const std::optional<std::string> dry_run = c.target.Param("dry_run");
  if (dry_run && *dry_run != "true" && *dry_run != "false") {
    return Whole(ErrorResponse(c.request, Status::InvalidArgument("dry_run: want true or false")));
  }
  if (c.request.method() == http::verb::post) {
    if (IsEventsLookup(c)) {
      return Whole(ErrorResponse(
          c.request, Status::InvalidArgument("hash, client_id, decision: only for GET /v1/events")));
    }
    return Whole(dry_run == "true" ? PostEventsDryRun(c) : PostEvents(c));
  }
  if (dry_run) {
    return Whole(ErrorResponse(c.request,
                               Status::InvalidArgument("dry_run: only for POST /v1/events")));
  }
  if (IsEventsLookup(c)) return Whole(GetEventsLookup(c));
  return GetEvents(c);
}

template <Response (*F)(const Context&)>
Reply Plain(const Context& c, std::string_view) {
  return Whole(F(c));
}
template <Response (*F)(const Context&, std::string_view)>
Reply WithSegment(const Context& c, std::string_view segment) {
  return Whole(F(c, segment));
}

// Each view then refuses the ones it does not take (CivilQueries::Run).
const std::vector<std::string_view> kViewParams = [] {
  std::vector<std::string_view> names = projections::QueryParamNames();
  names.insert(names.end(), {"format", "all", "bom"});
  return names;
}();

// Whether an If-None-Match list ("a", W/"b" or *) names `etag` (the weak
// comparison RFC 9110 asks for GET).
bool NamesETag(std::string_view list, std::string_view etag) {
  while (!list.empty()) {
    const size_t comma = list.find(',');
    std::string_view tag = list.substr(0, comma);
    list = comma == std::string_view::npos ? "" : list.substr(comma + 1);
    while (!tag.empty() && (tag.front() == ' ' || tag.front() == '\t')) tag.remove_prefix(1);
    while (!tag.empty() && (tag.back() == ' ' || tag.back() == '\t')) tag.remove_suffix(1);
    if (tag.starts_with("W/")) tag.remove_prefix(2);
    if (tag == "*" || tag == etag) return true;
  }
  return false;
}

// 304 Not Modified, no body, when the client already holds these bytes.
Reply IfNoneMatch(const Request& req, Reply reply) {
  auto asked = req.find(http::field::if_none_match);
  if (asked == req.end() || !NamesETag(asked->value(), reply.response[http::field::etag])) {
    return reply;
  }
  reply.response.result(http::status::not_modified);
  reply.response.body().clear();
  reply.response.erase(http::field::content_length);
  return reply;
}

// A view as the cache has it, else rendered and kept: only whole 200
// answers (not a streamed download, not an error). Either way with its ETag,
// and 304 when the client already holds those bytes.
Reply CachedView(const Context& c, std::string_view view) {
  const uint64_t size = c.ledger.Size();
  // The day the views take for "now" when no as-of is asked.
  const std::string key = ViewCache::Key(c.request.target(), size, projections::AsOfDay({}));
  if (std::shared_ptr<const ViewCache::Entry> entry = c.views ? c.views->Find(key) : nullptr) {
    Response res = TextResponse(c.request, http::status::ok, entry->body, entry->content_type);
    res.set(http::field::etag, entry->etag);
    return IfNoneMatch(c.request, Whole(std::move(res)));
  }
  Reply reply = GetViewOrDownload(c, view);
  if (reply.pieces || reply.response.result() != http::status::ok) return reply;
  std::string etag = ViewCache::ETag(size, reply.response.body());
  reply.response.set(http::field::etag, etag);
  if (c.views && reply.response.find(http::field::content_disposition) == reply.response.end()) {
    c.views->Insert(key, {reply.response.body(),
                          std::string(reply.response[http::field::content_type]), std::move(etag)});
  }
  return IfNoneMatch(c.request, std::move(reply));
}

const std::vector<RouteEntry>& Table() {
  static const std::vector<RouteEntry> table = {
      {{"/v1", kRead, {}}, Index},
      {{"/v1/health", kRead, {}}, Plain<GetHealth>},
      {{"/v1/checkpoint", kRead, {"size"}}, Plain<GetCheckpoint>},
      {{"/v1/vkey", kRead, {}}, Plain<GetVkey>},
      {{"/v1/keys", kRead, {}}, Plain<GetKeys>},
      {{"/v1/events", "GET, HEAD, OPTIONS, POST",
        {"from", "limit", "dry_run", "hash", "client_id", "decision"}},
       EventsRoute},
      {{"/v1/events/{seq}", kRead, {"format"}}, WithSegment<GetEvent>},
      {{"/v1/export", kRead, {"from", "to"}}, [](const Context& c, std::string_view) {
         return GetExport(c);
       }},
      {{"/v1/export/{format}", kRead, {}}, GetOpenExport},
      {{"/v1/proofs/inclusion", kRead, {"seq", "size", "leaf", "signer", "format"}},
       Plain<GetInclusionProof>},
      {{"/v1/proofs/consistency", kRead, {"old", "new"}}, Plain<GetConsistencyProof>},
      {{"/v1/views", kRead, {}}, Plain<GetViewList>},
      // Before "/v1/views/{view}", which would match it.
      {{"/v1/views/digest", kRead, {"size"}}, Plain<GetViewsDigest>},
      {{"/v1/views/{view}", kRead, kViewParams}, CachedView},
      {{"/v1/search", kRead, {"q", "limit"}}, Plain<GetSearch>},
      {{"/v1/schemas", kRead, {}}, Plain<GetSchemas>},
      {{"/v1/rules", kRead, {}}, Plain<GetRules>},
      {{"/v1/rejections", kRead, {"client_id", "signer", "limit"}}, Plain<GetRejections>},
      {{"/v1/openapi.yaml", kRead, {}}, OpenApi},
      {{"/v1/policy", kRead, {}}, Plain<GetPolicy>},
      {{"/metrics", kRead, {}}, MetricsText},
  };
  return table;
}

// Matches "/v1/events/{seq}" against "/v1/events/12"; fills the placeholder.
bool Matches(std::string_view pattern, std::string_view path, std::string_view& segment) {
  size_t open = pattern.find('{');
  if (open == std::string_view::npos) return pattern == path;
  if (!path.starts_with(pattern.substr(0, open))) return false;
  std::string_view rest = path.substr(open);
  if (rest.empty() || rest.find('/') != std::string_view::npos) return false;
  segment = rest;
  return true;
}

bool AllowsMethod(std::string_view methods, std::string_view method) {
  while (!methods.empty()) {
    size_t comma = methods.find(", ");
    if (methods.substr(0, comma) == method) return true;
    methods = comma == std::string_view::npos ? "" : methods.substr(comma + 2);
  }
  return false;
}

// The raw (still percent-encoded) value of `name` in "?a=1&b=2", if present.
std::optional<std::string_view> RawParam(std::string_view query, std::string_view name) {
  if (query.starts_with('?')) query.remove_prefix(1);
  while (!query.empty()) {
    std::string_view pair = query.substr(0, query.find('&'));
    query.remove_prefix(std::min(query.size(), pair.size() + 1));
    if (pair.starts_with(name) && pair.size() > name.size() && pair[name.size()] == '=') {
      return pair.substr(name.size() + 1);
    }
  }
  return std::nullopt;
}

// Anyone may read from a browser: no credentials, so no origin check.
void AllowAnyOrigin(Response& res) { res.set(http::field::access_control_allow_origin, "*"); }

Reply Preflight(const Request& req, const RouteInfo& route) {
  Response res{http::status::no_content, req.version()};
  res.set(http::field::server, "civil-service-ledger");
  res.set(http::field::allow, route.methods);
  AllowAnyOrigin(res);
  res.set(http::field::access_control_allow_methods, "GET, HEAD");
  res.set(http::field::access_control_allow_headers, "Accept, Content-Type, If-None-Match");
  res.set(http::field::access_control_max_age, "86400");
  res.keep_alive(req.keep_alive());
  res.prepare_payload();
  return Whole(std::move(res));
}

Reply Route(const Context& c) {
  std::string_view segment;
  for (const auto& route : Table()) {
    if (!Matches(route.info.path, c.target.path, segment)) continue;
    Reply reply{Response{}, nullptr, route.info.path};
    const std::string_view method = c.request.method_string();
    if (!AllowsMethod(route.info.methods, method)) {
      reply.response =
          ProblemResponse(c.request, http::status::method_not_allowed, "METHOD_NOT_ALLOWED",
                          std::string(method) + " is not allowed here; use " +
                              std::string(route.info.methods));
      reply.response.set(http::field::allow, route.info.methods);
      return reply;
    }
    if (c.request.method() == http::verb::options) {
      Reply preflight = Preflight(c.request, route.info);
      preflight.route = route.info.path;
      return preflight;
    }
    if (Status s = c.target.OnlyParams(route.info.params); !s.ok()) {
      reply.response = ErrorResponse(c.request, s);
      return reply;
    }
    Reply handled = route.handler(c, segment);
    handled.route = route.info.path;
    return handled;
  }
  // Everything outside the API is the public page (web/): its files, or
  // index.html for the page's own routes.
  const std::string_view path = c.target.path;
  const bool read = c.request.method() == http::verb::get || c.request.method() == http::verb::head;
  if (read && path != "/v1" && !path.starts_with("/v1/")) return Whole(GetStatic(c));
  return Whole(ErrorResponse(c.request,
                             Status::NotFound("no endpoint " + c.target.path + " (see GET /v1)")));
}

}  // namespace

const std::vector<RouteInfo>& Router::Routes() {
  static const std::vector<RouteInfo> routes = [] {
    std::vector<RouteInfo> out;
    for (const auto& r : Table()) out.push_back(r.info);
    return out;
  }();
  return routes;
}

bool Router::IsQuick(const Request& request) {
  const http::verb method = request.method();
  if (method != http::verb::get && method != http::verb::head && method != http::verb::options) {
    return false;
  }
  const std::string_view target = request.target();
  const std::string_view path = target.substr(0, target.find('?'));
  static constexpr std::string_view kQuick[] = {"/v1/health", "/v1/checkpoint", "/v1/vkey"};
  for (std::string_view q : kQuick) {
    if (path == q) return true;
  }
  if (path.starts_with("/v1/events/") || path.starts_with("/v1/proofs/") ||
      path.starts_with("/tile/")) {
    return true;
  }
  if (!path.starts_with("/v1/views/") || path == "/v1/views/digest") return false;
  // A view's cost is the subtree it reads: a post, a person, or an
  // organisation two levels below the root ("mn.ub.bayanzurkh") or deeper.
  const std::string_view query = target.substr(path.size());
  if (RawParam(query, "post") || RawParam(query, "person")) return true;
  const std::optional<std::string_view> org = RawParam(query, "org");
  return org && std::count(org->begin(), org->end(), '.') >= 2;
}

Router::Router(const Ledger& ledger, const projections::CivilState& state, Appender* appender,
               RouterOptions options)
    : ledger_(ledger),
      state_(state),
      appender_(appender),
      options_(std::move(options)),
      metrics_(options_.metrics ? options_.metrics : std::make_shared<Metrics>()),
      digests_(std::make_shared<ViewsDigestCache>(ledger)),
      views_(options_.view_cache_bytes ? std::make_shared<ViewCache>(options_.view_cache_bytes)
                                       : nullptr) {}

Reply Router::Dispatch(const Request& request) const {
  auto target = ParseTarget(request.target());
  if (!target.ok()) return Whole(ErrorResponse(request, target.status()));
  if (options_.file_health) {
    if (Status s = options_.file_health(); !s.ok()) return Whole(ErrorResponse(request, s));
  }
  // A read-only server follows the checkpoints of a live writer elsewhere:
  // each request sees the latest one (one small read transaction), never
  // a record beyond it.
  if (!appender_) {
    if (Status s = ledger_.Refresh(); !s.ok()) return Whole(ErrorResponse(request, s));
  }
  Context c{ledger_,  state_,         appender_,    options_,   request,
            *target, *metrics_, digests_.get(), views_.get()};
  Reply reply;
  try {
    std::optional<Response> extra;
    if (options_.extra_routes) extra = options_.extra_routes(request);
    reply = extra ? Reply{std::move(*extra), nullptr, "/tile, /checkpoint"} : Route(c);
  } catch (const std::exception& e) {
    // A bug, not bad input: say so rather than drop the connection.
    reply = Whole(
        ErrorResponse(request, Status::Internal(std::string("unexpected error: ") + e.what())));
  }
  const http::verb method = request.method();
  if (method == http::verb::get || method == http::verb::head) AllowAnyOrigin(reply.response);
  if (method == http::verb::head) {
    // Headers only: a streamed body is never produced; a whole one is
    // dropped after sizing it.
    reply.pieces = nullptr;
    if (!reply.response.chunked()) {
      const auto length = reply.response.body().size();
      reply.response.body().clear();
      reply.response.content_length(length);
    }
  }
  return reply;
}

Response Router::Handle(const Request& request) const {
  Reply reply = Dispatch(request);
  if (!reply.pieces) return std::move(reply.response);
  std::string body;
  for (;;) {
    auto more = reply.pieces(body);
    if (!more.ok()) return ErrorResponse(request, more.status());
    if (!*more) break;
  }
  Response res = std::move(reply.response);
  res.chunked(false);
  res.body() = std::move(body);
  res.prepare_payload();
  return res;
}

}  // namespace ledger::api
