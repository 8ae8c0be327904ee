// GET /v1/views/digest?size=N: the views' provenance, the digest of every
// projection database at size N (docs/API.md, docs/VERIFY.md "View digests").
#include <boost/beast/http.hpp>
#include <boost/json.hpp>

#include "http_util.h"
#include "views_digest_cache.h"

namespace ledger::api {
namespace http = boost::beast::http;

namespace {
constexpr const char* kRetryComputing = "2";  // seconds: a replay is under way
constexpr const char* kRetryBusy = "10";      // another size is being replayed
}  // namespace

Response GetViewsDigest(const Context& c) {
  auto size = c.target.UIntParam("size", 0);
  if (!size.ok()) return ErrorResponse(c.request, size.status());
  auto answer = c.digests->Get(*size);
  if (!answer.ok()) return ErrorResponse(c.request, answer.status());
  using State = ViewsDigestCache::State;
  if (answer->state == State::kBusy) {
    Response res = ProblemResponse(
        c.request, http::status::service_unavailable, "UNAVAILABLE",
        "a replay for another size is running; retry later, or compute it with "
        "`ledger-verify views-digest --size " + std::to_string(answer->size) + "`",
        boost::json::object{{"size", answer->size}});
    res.set(http::field::retry_after, kRetryBusy);
    return res;
  }
  if (answer->state == State::kComputing) {
    Response res = JsonResponse(c.request, http::status::accepted,
                                boost::json::object{{"status", "computing"},
                                                    {"size", answer->size}});
    res.set(http::field::retry_after, kRetryComputing);
    return res;
  }
  boost::json::object o = answer->digest.ToJson();
  o["source"] = answer->replayed ? "replay" : "projection";
  return JsonResponse(c.request, http::status::ok, o);
}

}  // namespace ledger::api
