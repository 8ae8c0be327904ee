// GET /v1/events?hash=H | ?client_id=X | ?decision=N: the records with that
// record hash or leaf hash, client_id or decision number, through the
// projection's lookups (projections/src/civil_lookup.cc), each as
// GET /v1/events/{seq} gives it. No match is 200 with no records and the
// query echoed back.
#include <boost/beast/http.hpp>
#include <boost/json.hpp>

#include "http_util.h"
#include "ledger/events.h"
#include "projections/civil_queries.h"

namespace ledger::api {
namespace http = boost::beast::http;
namespace json = boost::json;

bool IsEventsLookup(const Context& c) {
  return c.target.Param("hash") || c.target.Param("client_id") || c.target.Param("decision");
}

Response GetEventsLookup(const Context& c) {
  using projections::RecordKey;
  std::vector<std::pair<std::string, std::string>> asked;
  for (const char* name : {"hash", "client_id", "decision"}) {
    if (auto v = c.target.Param(name)) asked.emplace_back(name, *v);
  }
  if (asked.size() != 1) {
    return ErrorResponse(c.request,
                         Status::InvalidArgument(asked[1].first + ": ask for one of hash, "
                                                 "client_id or decision at a time"));
  }
  for (const char* paging : {"from", "limit"}) {
    if (c.target.Param(paging)) {
      return ErrorResponse(c.request, Status::InvalidArgument(
                                          std::string(paging) + ": not with " + asked[0].first +
                                          " (every match is returned)"));
    }
  }
  // Plain names, not a structured binding: lambdas cannot capture one in C++20.
  const std::string& name = asked[0].first;
  const std::string& value = asked[0].second;
  std::vector<uint64_t> seqs;
  std::string matched = name;
  Status s = c.ledger.WithRead([&](const lmdb::Txn& txn) -> Status {
    if (name == "hash") {
      // A record hash, else a leaf hash: both are 64 hex digits.
      LEDGER_ASSIGN_OR_RETURN(seqs, c.state.FindRecords(txn, RecordKey::kRecordHash, value));
      matched = "record_hash";
      if (seqs.empty()) {
        LEDGER_ASSIGN_OR_RETURN(seqs, c.state.FindRecords(txn, RecordKey::kLeafHash, value));
        matched = seqs.empty() ? "" : "leaf_hash";
      }
      return Status::Ok();
    }
    const RecordKey kind = name == "client_id" ? RecordKey::kClientId : RecordKey::kDecision;
    LEDGER_ASSIGN_OR_RETURN(seqs, c.state.FindRecords(txn, kind, value));
    return Status::Ok();
  });
  if (!s.ok()) {
    return ErrorResponse(c.request, s.code() == Code::kInvalidArgument
                                        ? Status::InvalidArgument(name + ": " + s.message())
                                        : s);
  }
  json::array records;
  for (uint64_t seq : seqs) {
    auto bytes = c.ledger.RecordBytes(seq);
    if (!bytes.ok()) return ErrorResponse(c.request, bytes.status());
    auto record = DecodeRecord(*bytes);
    if (!record.ok()) return ErrorResponse(c.request, record.status());
    records.push_back(events::RecordToJson(*record, *bytes));
  }
  json::object o{{name, value}, {"records", std::move(records)}};
  if (name == "hash") o["matched"] = matched.empty() ? json::value(nullptr) : json::value(matched);
  return JsonResponse(c.request, http::status::ok, o);
}

}  // namespace ledger::api
