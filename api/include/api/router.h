// The HTTP API as a pure function from request to response: no sockets, so
// tests call it directly and the server (api/server.h) only moves bytes.
// Thread-safe: any number of threads may call Handle at once. Endpoints,
// parameters and status codes: docs/API.md.
#ifndef API_ROUTER_H_
#define API_ROUTER_H_

#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>
#include <cstddef>
#include <functional>
#include <optional>

#include "ledger/appender.h"
#include "ledger/store.h"
#include "projections/civil_state.h"

namespace ledger::api {

using Request = boost::beast::http::request<boost::beast::http::string_body>;
using Response = boost::beast::http::response<boost::beast::http::string_body>;

struct RouterOptions {
  size_t max_view_rows = 1000;         // largest `limit` a view request may ask for
  size_t max_records_per_page = 1000;  // GET /v1/events
  size_t max_export_records = 100000;  // GET /v1/export (the CLI exports any range)
  // Asked first; a response it returns is the answer (the witnessed
  // checkpoint and the tlog-tiles routes: api/log_routes.h).
  std::function<std::optional<Response>(const Request&)> extra_routes;
};

class Router {
 public:
  // `ledger` and `state` must outlive the router. Appends go through
  // `appender` (group commit); without one the API is read-only and
  // POST /v1/events answers 405.
  Router(const Ledger& ledger, const projections::CivilState& state, Appender* appender,
         RouterOptions options = {});

  Response Handle(const Request& request) const;

 private:
  const Ledger& ledger_;
  const projections::CivilState& state_;
  Appender* appender_;
  RouterOptions options_;
};

}  // namespace ledger::api

#endif  // API_ROUTER_H_
