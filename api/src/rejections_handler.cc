// GET /v1/rejections: "why was mine refused", answered from the rejection
// journal (ledger/rejection_journal.h), which lies outside the audited log.
#include <boost/beast/http.hpp>
#include <boost/json.hpp>

#include "http_util.h"

namespace ledger::api {
namespace http = boost::beast::http;
namespace json = boost::json;

namespace {

constexpr uint64_t kMaxRejections = 1000;

}  // namespace

void JournalRejections(const Context& c, std::span<const Rejection> entries) {
  if (!c.options.rejections || entries.empty()) return;
  Status s = c.options.rejections->Record(entries);
  if (!s.ok() && c.options.log_warning) {
    c.options.log_warning("the rejection journal was not written: " + s.message());
  }
}

Response GetRejections(const Context& c) {
  if (!c.options.rejections) {
    return ErrorResponse(c.request,
                         Status::NotFound("this server keeps no rejection journal (it is "
                                          "read-only, or the journal could not be opened)"));
  }
  RejectionQuery q;
  q.client_id = c.target.Param("client_id");
  q.signer = c.target.Param("signer");
  // Only a submitter's own: the journal is not a list of everyone's mistakes.
  if (!q.client_id && !q.signer) {
    return ErrorResponse(c.request, Status::InvalidArgument(
                                        "client_id or signer (base64 of the key) is required"));
  }
  auto limit = c.target.UIntParam("limit", 1, kMaxRejections);
  if (!limit.ok()) return ErrorResponse(c.request, limit.status());
  q.limit = limit->value_or(100);
  auto found = c.options.rejections->Find(q);
  if (!found.ok()) return ErrorResponse(c.request, found.status());
  json::array rows;
  for (const Rejection& r : *found) rows.push_back(RejectionToJson(r));
  json::object filter;
  if (q.client_id) filter["client_id"] = *q.client_id;
  if (q.signer) filter["signer"] = *q.signer;
  return JsonResponse(c.request, http::status::ok,
                      json::object{{"rejections", std::move(rows)},
                                   {"filter", std::move(filter)},
                                   {"audited", false},
                                   {"note", "the rejection journal lies outside the audited log: "
                                            "it is bounded, pruned and unsigned"}});
}

}  // namespace ledger::api
