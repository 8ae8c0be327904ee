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
  auto size = c.target.UIntParam("size", 1, c.ledger.Size());
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

// A chunked answer: the head now, the body from `pieces` as the reader takes it.
Reply Streamed(const Context& c, std::string_view content_type, BodyPieces pieces) {
  Response res{http::status::ok, c.request.version()};
  res.set(http::field::server, "civil-service-ledger");
  res.set(http::field::content_type, content_type);
  res.set(http::field::cache_control, "no-cache");
  res.keep_alive(c.request.keep_alive());
  res.chunked(true);
  return Reply{std::move(res), std::move(pieces), {}};
}

// Records [from, to) in pieces of `per_piece`, each written by `line`
// between `head` and `tail`; reads one piece per call, in its own read
// transaction, so nothing holds more than a piece.
BodyPieces RecordPieces(const Ledger& ledger, uint64_t from, uint64_t to, uint64_t per_piece,
                        std::string head, std::function<void(std::string&, uint64_t, ByteView)> line,
                        std::string tail) {
  struct Cursor {
    uint64_t next;
    bool head_done = false, tail_done = false;
  };
  auto cursor = std::make_shared<Cursor>(Cursor{from});
  return [&ledger, to, per_piece, head = std::move(head), line = std::move(line),
          tail = std::move(tail), cursor](std::string& out) -> Result<bool> {
    if (!cursor->head_done) {
      out += head;
      cursor->head_done = true;
    }
    if (cursor->next < to) {
      const uint64_t end = std::min(to, cursor->next + std::max<uint64_t>(per_piece, 1));
      LEDGER_RETURN_IF_ERROR(ledger.ForEachRecord(cursor->next, end, [&](uint64_t seq, ByteView b) {
        line(out, seq, b);
        return Status::Ok();
      }));
      cursor->next = end;
      return true;
    }
    if (cursor->tail_done) return false;
    out += tail;
    cursor->tail_done = true;
    return true;
  };
}

Reply GetEvents(const Context& c) {
  auto limit = c.target.UIntParam("limit", 1, c.options.max_records_per_page);
  if (!limit.ok()) return Reply{ErrorResponse(c.request, limit.status()), nullptr, {}};
  auto range = SeqRange(c, UINT64_MAX);
  if (!range.ok()) return Reply{ErrorResponse(c.request, range.status()), nullptr, {}};
  auto [from, to] = *range;
  to = std::min(to, from + limit->value_or(100));
  // `next` is known before any record is read: the records are immutable.
  const std::string next = to < range->second ? std::to_string(to) : "null";
  auto line = [first = std::make_shared<bool>(true)](std::string& out, uint64_t, ByteView bytes) {
    auto r = DecodeRecord(bytes);
    if (!*first) out += ',';
    *first = false;
    out += r.ok() ? json::serialize(events::RecordToJson(*r, bytes))
                  : json::serialize(json::object{{"error", r.status().message()}});
  };
  return Streamed(c, "application/json",
                  RecordPieces(c.ledger, from, to, c.options.records_per_piece,
                               "{\"from\":" + std::to_string(from) + ",\"records\":[", line,
                               "],\"next\":" + next + "}\n"));
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

Reply GetExport(const Context& c) {
  auto range = SeqRange(c, c.options.max_export_records);
  if (!range.ok()) return Reply{ErrorResponse(c.request, range.status()), nullptr, {}};
  auto [from, to] = *range;
  // Signed before the first byte goes out, so a failure is still a status.
  auto cp = c.ledger.Checkpoint(to);
  if (!cp.ok()) return Reply{ErrorResponse(c.request, cp.status()), nullptr, {}};
  return Streamed(c, kNdjson,
                  RecordPieces(
                      c.ledger, from, to, c.options.records_per_piece,
                      ExportHeaderLine(c.ledger.log_key(), to) + "\n",
                      [](std::string& out, uint64_t seq, ByteView bytes) {
                        out += ExportRecordLine(seq, bytes);
                        out += '\n';
                      },
                      ExportCheckpointLine(to, *cp) + "\n"));
}

Response GetInclusionProof(const Context& c) {
  auto seq = c.target.UIntParam("seq", 0, c.ledger.Size() ? c.ledger.Size() - 1 : 0);
  auto size = c.target.UIntParam("size", 1, c.ledger.Size());
  if (!seq.ok()) return ErrorResponse(c.request, seq.status());
  if (!size.ok()) return ErrorResponse(c.request, size.status());
  if (!*seq) return ErrorResponse(c.request, Status::InvalidArgument("seq: required"));
  auto p = c.ledger.ProveInclusion(**seq, size->value_or(c.ledger.Size()));
  if (!p.ok()) return ErrorResponse(c.request, p.status());
  // Who signed, as proofs in the same tree (FORMAT.md 7.3), unless ?signer=false.
  const std::string signer = c.target.Param("signer").value_or("true");
  if (signer != "true" && signer != "false") {
    return ErrorResponse(c.request, Status::InvalidArgument("signer: true or false"));
  }
  if (signer == "true") {
    auto part = c.ledger.ProveSigner(p->index, p->tree_size);
    if (!part.ok()) return ErrorResponse(c.request, part.status());
    p->signer = std::move(part).value();
  }
  const std::string format = c.target.Param("format").value_or("json");
  if (format == "tlog-proof") {
    return TextResponse(c.request, http::status::ok, TlogProofText(TlogProofOf(*p)), kText);
  }
  if (format != "json") {
    return ErrorResponse(c.request, Status::InvalidArgument("format: json or tlog-proof"));
  }
  const std::string leaf = c.target.Param("leaf").value_or("true");
  if (leaf != "true" && leaf != "false") {
    return ErrorResponse(c.request, Status::InvalidArgument("leaf: true or false"));
  }
  return JsonResponse(c.request, http::status::ok, InclusionToJson(*p, leaf == "true"));
}

Response GetConsistencyProof(const Context& c) {
  auto old_size = c.target.UIntParam("old", 1, c.ledger.Size());
  auto new_size = c.target.UIntParam("new", 1, c.ledger.Size());
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
  // Written straight to text: the same bytes as a json::object of the rows
  // (projections::RowObject), without building and copying one per row.
  std::string body = "{\"view\":" + json::serialize(json::string_view(view));
  json::array columns;
  for (const auto& col : table->columns) columns.emplace_back(col);
  body += ",\"columns\":" + json::serialize(columns) + ",\"rows\":[";
  std::vector<std::string> keys;  // "\"post\":"
  for (const auto& col : table->columns) keys.push_back(json::serialize(json::string_view(col)) + ":");
  json::serializer writer;
  char buf[1024];
  for (size_t r = 0; r < table->rows.size(); ++r) {
    body += r ? ",{" : "{";
    for (size_t col = 0; col < table->rows[r].size(); ++col) {
      if (col) body += ',';
      body += keys[col];
      writer.reset(&table->rows[r][col]);
      while (!writer.done()) body += writer.read(buf);
    }
    body += '}';
  }
  // The records the rows reflect (one snapshot with them): null before any.
  json::object tail{{"total", table->total}, {"offset", options->offset},
                    {"limit", options->limit}, {"size", table->size}};
  // The filters the rows answer: an empty answer is "no rows match" these.
  json::object filter;
  for (const auto& [name, value] : table->filter) filter[name] = value;
  tail["filter"] = std::move(filter);
  if (table->size > 0) {
    tail["as_of_seq"] = table->size - 1;
  } else {
    tail["as_of_seq"] = nullptr;
  }
  const std::string rest = json::serialize(tail);  // {"total":...}
  body += "]," + rest.substr(1) + "\n";
  return TextResponse(c.request, http::status::ok, std::move(body), "application/json");
}

}  // namespace ledger::api
