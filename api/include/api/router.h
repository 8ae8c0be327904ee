// The HTTP API as a pure function from request to response: no sockets, so
// tests call it directly and the server (api/server.h) only moves bytes.
// Thread-safe: any number of threads may call Handle at once. Endpoints,
// parameters and status codes: docs/API.md and docs/openapi.yaml.
#ifndef API_ROUTER_H_
#define API_ROUTER_H_

#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>
#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "api/metrics.h"
#include "ledger/appender.h"
#include "ledger/rejection_journal.h"
#include "ledger/store.h"

namespace ledger::projections {
class CivilState;  // projections/civil_state.h
}

namespace ledger::api {

class ViewsDigestCache;  // src/views_digest_cache.h: GET /v1/views/digest
class ViewCache;         // src/view_cache.h: rendered GET /v1/views/{view} answers

using Request = boost::beast::http::request<boost::beast::http::string_body>;
using Response = boost::beast::http::response<boost::beast::http::string_body>;

struct RouterOptions {
  size_t max_view_rows = 1000;         // largest `limit` a view request may ask for
  // Rendered view answers kept for the same request at the same ledger size
  // (api/src/view_cache.h); 0: none kept, every view is read afresh.
  size_t view_cache_bytes = 32 << 20;
  size_t max_records_per_page = 1000;  // GET /v1/events
  size_t max_export_records = 100000;  // GET /v1/export (the CLI exports any range)
  size_t records_per_piece = 500;      // a streamed body is produced this many records at a time
  // CPU time (the handling thread's) that parsing one POST /v1/events body
  // may take; past it the request is answered 413 PARSE_BUDGET and nothing
  // is appended. 0: no budget.
  std::chrono::nanoseconds parse_cpu_budget = std::chrono::milliseconds(1000);
  // The ledger's directory: a failed write is told apart as a full disk by
  // the free space there. Empty: only the store's own ResourceExhausted is.
  std::string data_dir;
  // Shared with the server, which records requests and connections in it;
  // null: the router keeps its own (GET /metrics then shows what it saw).
  std::shared_ptr<Metrics> metrics;
  // Asked first; a response it returns is the answer (the witnessed
  // checkpoint and the tlog-tiles routes: api/log_routes.h).
  std::function<std::optional<Response>(const Request&)> extra_routes;
  // Asked before anything: not OK (a damaged data.mdb, api/file_watch.h)
  // answers every request with that problem (503 for DamagedFile).
  std::function<Status()> file_health;
  // The c2sp.org/tlog-policy text GET /v1/policy serves: the witnesses the
  // log was started with and its quorum (api::PolicyText). Empty: 404.
  std::string witness_policy;
  // Where refused appends are recorded, and GET /v1/rejections reads
  // (ledger/rejection_journal.h). Null: neither (a read-only server).
  std::shared_ptr<RejectionJournal> rejections;
  // Called with what went wrong when the journal cannot be written: it never
  // fails an append. Null: ignored.
  std::function<void(const std::string&)> log_warning;
};

// One route: what the router dispatches, docs/openapi.yaml documents and
// the tests enumerate.
struct RouteInfo {
  std::string_view path;     // OpenAPI path template: "/v1/events/{seq}"
  std::string_view methods;  // the Allow header, e.g. "GET, HEAD, POST"
  std::vector<std::string_view> params;  // the query parameters it accepts
};

// The next piece of a streamed body, appended to `out`; false once the
// body is complete. Called in order, one at a time, from any thread.
using BodyPieces = std::function<Result<bool>(std::string& out)>;

// A response, or the head of one whose body is streamed (chunked) so that a
// slow reader holds one piece, never the whole body.
struct Reply {
  Response response;
  BodyPieces pieces;       // set: response.chunked() and the body comes from here
  std::string_view route;  // the RouteInfo path matched, "" for none (metrics label)
};

class Router {
 public:
  // `ledger` and `state` must outlive the router. Appends go through
  // `appender` (group commit); without one the API is read-only and
  // POST /v1/events answers 405, and each request first moves the ledger
  // up to its latest stored checkpoint (Ledger::Refresh).
  Router(const Ledger& ledger, const projections::CivilState& state, Appender* appender,
         RouterOptions options = {});

  // What the server calls: large bodies come back as pieces.
  Reply Dispatch(const Request& request) const;
  // Dispatch with any streamed body gathered into the response (tests, tools).
  Response Handle(const Request& request) const;

  Metrics& metrics() const { return *metrics_; }
  // A read whose answer is small and quick to make (health, a checkpoint, a
  // record, a proof, a tile, a view narrowed to a district or below): the
  // server answers it on its network thread rather than hop to a worker and
  // back, which would cost more than the answer. Appends, exports, pages of
  // records, searches and country-wide views are not.
  static bool IsQuick(const Request& request);
  static const std::vector<RouteInfo>& Routes();

 private:
  const Ledger& ledger_;
  const projections::CivilState& state_;
  Appender* appender_;
  RouterOptions options_;
  std::shared_ptr<Metrics> metrics_;
  std::shared_ptr<ViewsDigestCache> digests_;
  std::shared_ptr<ViewCache> views_;
};

// The OpenAPI 3.1 document (docs/openapi.yaml, embedded at build time).
std::string_view OpenApiDocument();

}  // namespace ledger::api

#endif  // API_ROUTER_H_
