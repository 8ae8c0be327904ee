// GET endpoints: checkpoints, keys, records, exports, proofs and views.
#include <boost/beast/http.hpp>
#include <boost/json.hpp>

#include "http_util.h"
#include "ledger/events.h"
#include "ledger/export_format.h"
#include "ledger/wire.h"
#include "projections/civil_queries.h"
#include "projections/view_io.h"

namespace ledger::api {
namespace http = boost::beast::http;
namespace json = boost::json;

namespace {

constexpr std::string_view kNdjson = "application/x-ndjson";
constexpr std::string_view kText = "text/plain; charset=utf-8";

// A record never changes once appended: caches may keep it for good.
void Immutable(Response& res) {
  res.set(http::field::cache_control, "public, max-age=31536000, immutable");
}

// `to` defaults to the ledger size and is clipped to it; `max` bounds the span.
Result<std::pair<uint64_t, uint64_t>> SeqRange(const Context& c, uint64_t max) {
  const uint64_t size = c.ledger.Size();
  LEDGER_ASSIGN_OR_RETURN(auto from, c.target.UIntParam("from"));
  LEDGER_ASSIGN_OR_RETURN(auto to, c.target.UIntParam("to"));
  uint64_t f = from.value_or(0), t = std::min(to.value_or(size), size);
  if (f > t)
    return Status::InvalidArgument("from: after to (or after the ledger's size " +
                                   std::to_string(size) + ")");
  if (t - f > max) {
    return Status::InvalidArgument("at most " + std::to_string(max) +
                                   " records per request: ask for a smaller from/to range");
  }
  return std::pair{f, t};
}

}  // namespace

Response GetHealth(const Context& c) {
  json::object o{{"status", "ok"},
                 {"origin", c.ledger.origin()},
                 {"size", c.ledger.Size()},
                 {"writable", c.appender != nullptr}};
  return JsonResponse(c.request, http::status::ok, o);
}

Response GetCheckpoint(const Context& c) {
  auto size = c.target.UIntParam("size");
  if (!size.ok()) return ErrorResponse(c.request, size.status());
  auto cp = c.ledger.Checkpoint(*size);
  if (!cp.ok()) return ErrorResponse(c.request, cp.status());
  auto res = TextResponse(c.request, http::status::ok, *cp, kText);
  if (*size) Immutable(res);
  return res;
}

Response GetVkey(const Context& c) {
  return TextResponse(c.request, http::status::ok, c.ledger.log_key().ToString() + "\n", kText);
}

Response GetKeys(const Context& c) {
  auto entries = c.ledger.Keys();
  if (!entries.ok()) return ErrorResponse(c.request, entries.status());
  json::array keys;
  for (const auto& e : *entries) keys.push_back(KeyEntryJson(e));
  return JsonResponse(c.request, http::status::ok, json::object{{"keys", std::move(keys)}});
}

Response GetEvents(const Context& c) {
  auto limit = c.target.UIntParam("limit");
  if (!limit.ok()) return ErrorResponse(c.request, limit.status());
  const uint64_t page = std::min<uint64_t>(limit->value_or(100), c.options.max_records_per_page);
  auto range = SeqRange(c, UINT64_MAX);
  if (!range.ok()) return ErrorResponse(c.request, range.status());
  auto [from, to] = *range;
  to = std::min(to, from + page);
  json::array records;
  Status s = c.ledger.ForEachRecord(from, to, [&](uint64_t, ByteView bytes) -> Status {
    LEDGER_ASSIGN_OR_RETURN(Record r, DecodeRecord(bytes));
    records.push_back(events::RecordToJson(r, bytes));
    return Status::Ok();
  });
  if (!s.ok()) return ErrorResponse(c.request, s);
  json::object o{{"from", from}, {"records", std::move(records)}};
  o["next"] = to < range->second ? json::value(to) : json::value(nullptr);
  return JsonResponse(c.request, http::status::ok, o);
}

Response GetEvent(const Context& c, std::string_view seq_text) {
  auto seq = ParseUInt(seq_text, "seq");
  if (!seq.ok()) return ErrorResponse(c.request, seq.status());
  auto bytes = c.ledger.RecordBytes(*seq);
  if (!bytes.ok()) return ErrorResponse(c.request, bytes.status());
  const std::string format = c.target.Param("format").value_or("json");
  Response res;
  if (format == "raw") {
    res = TextResponse(c.request, http::status::ok, std::string(AsChars(*bytes)),
                       "application/octet-stream");
  } else if (format == "json") {
    auto record = DecodeRecord(*bytes);
    if (!record.ok()) return ErrorResponse(c.request, record.status());
    res = JsonResponse(c.request, http::status::ok, events::RecordToJson(*record, *bytes));
  } else {
    return ErrorResponse(c.request, Status::InvalidArgument("format: json or raw"));
  }
  Immutable(res);
  return res;
}

Response GetExport(const Context& c) {
  auto range = SeqRange(c, c.options.max_export_records);
  if (!range.ok()) return ErrorResponse(c.request, range.status());
  auto [from, to] = *range;
  std::string out = ExportHeaderLine(c.ledger.log_key(), to) + "\n";
  Status s = c.ledger.ForEachRecord(from, to, [&](uint64_t seq, ByteView bytes) {
    out += ExportRecordLine(seq, bytes) + "\n";
    return Status::Ok();
  });
  if (!s.ok()) return ErrorResponse(c.request, s);
  auto cp = c.ledger.Checkpoint(to);
  if (!cp.ok()) return ErrorResponse(c.request, cp.status());
  out += ExportCheckpointLine(to, *cp) + "\n";
  return TextResponse(c.request, http::status::ok, std::move(out), kNdjson);
}

Response GetInclusionProof(const Context& c) {
  auto seq = c.target.UIntParam("seq");
  auto size = c.target.UIntParam("size");
  if (!seq.ok()) return ErrorResponse(c.request, seq.status());
  if (!size.ok()) return ErrorResponse(c.request, size.status());
  if (!*seq) return ErrorResponse(c.request, Status::InvalidArgument("seq: required"));
  auto p = c.ledger.ProveInclusion(**seq, size->value_or(c.ledger.Size()));
  if (!p.ok()) return ErrorResponse(c.request, p.status());
  const std::string format = c.target.Param("format").value_or("json");
  if (format == "tlog-proof") {
    return TextResponse(c.request, http::status::ok, TlogProofText(TlogProofOf(*p)), kText);
  }
  if (format != "json") {
    return ErrorResponse(c.request, Status::InvalidArgument("format: json or tlog-proof"));
  }
  const bool leaf = c.target.Param("leaf").value_or("true") != "false";
  return JsonResponse(c.request, http::status::ok, InclusionToJson(*p, leaf));
}

Response GetConsistencyProof(const Context& c) {
  auto old_size = c.target.UIntParam("old");
  auto new_size = c.target.UIntParam("new");
  if (!old_size.ok()) return ErrorResponse(c.request, old_size.status());
  if (!new_size.ok()) return ErrorResponse(c.request, new_size.status());
  if (!*old_size) return ErrorResponse(c.request, Status::InvalidArgument("old: required"));
  const uint64_t n = new_size->value_or(c.ledger.Size());
  auto proof = c.ledger.ProveConsistency(**old_size, n);
  if (!proof.ok()) return ErrorResponse(c.request, proof.status());
  return JsonResponse(c.request, http::status::ok, ConsistencyToJson({**old_size, n, *proof}));
}

Response GetViewList(const Context& c) {
  json::array views;
  for (const auto& v : projections::CivilQueries::Views()) views.emplace_back(v);
  return JsonResponse(c.request, http::status::ok, json::object{{"views", std::move(views)}});
}

Response GetView(const Context& c, std::string_view view) {
  auto options = projections::ParseQueryOptions(
      [&](std::string_view name) { return c.target.Param(name); }, c.options.max_view_rows);
  if (!options.ok()) return ErrorResponse(c.request, options.status());
  projections::CivilQueries queries(c.ledger, c.state);
  auto table = queries.Run(view, *options);
  if (!table.ok()) return ErrorResponse(c.request, table.status());
  const std::string format = c.target.Param("format").value_or("json");
  if (format == "csv") {
    return TextResponse(c.request, http::status::ok, projections::TableCsv(*table),
                        "text/csv; charset=utf-8");
  }
  if (format != "json") {
    return ErrorResponse(c.request, Status::InvalidArgument("format: json or csv"));
  }
  json::array rows;
  for (size_t r = 0; r < table->rows.size(); ++r) rows.push_back(projections::RowObject(*table, r));
  json::array columns;
  for (const auto& col : table->columns) columns.emplace_back(col);
  json::object o{
      {"view", view},          {"columns", std::move(columns)}, {"rows", std::move(rows)},
      {"total", table->total}, {"offset", options->offset},     {"limit", options->limit}};
  return JsonResponse(c.request, http::status::ok, o);
}

}  // namespace ledger::api
