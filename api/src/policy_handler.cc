// GET /v1/policy: the witness policy the log was started with, as
// c2sp.org/tlog-policy text, so that a page or a verifier can pin it (like
// the log key) and check the cosigned checkpoint against it.
#include <boost/beast/http.hpp>

#include "web_handlers.h"

namespace ledger::api {
namespace http = boost::beast::http;

Response GetPolicy(const Context& c) {
  if (c.options.witness_policy.empty()) {
    return ErrorResponse(c.request, Status::NotFound("this log was started without witnesses "
                                                     "(ledger serve --witness ...): no policy"));
  }
  Response res = TextResponse(c.request, http::status::ok, c.options.witness_policy,
                              "text/plain; charset=utf-8");
  res.set(http::field::cache_control, "no-cache");
  return res;
}

}  // namespace ledger::api
