// Open data over HTTP: whole views as CSV downloads (every row with
// all=true, an optional UTF-8 BOM for Excel) and the Popolo and
// FollowTheMoney exports of projections/open_data.h, all streamed.
#include <boost/beast/http.hpp>

#include "http_util.h"
#include "projections/civil_queries.h"
#include "projections/open_data.h"
#include "projections/view_io.h"

namespace ledger::api {
namespace http = boost::beast::http;

namespace {

// CSV rows per streamed piece.
constexpr size_t kCsvRowsPerPiece = 1000;
constexpr std::string_view kUtf8Bom = "\xEF\xBB\xBF";

Reply Whole(Response res) { return Reply{std::move(res), nullptr, {}}; }

Result<bool> BoolParam(const Context& c, std::string_view name) {
  const std::optional<std::string> v = c.target.Param(name);
  if (!v || *v == "false") return false;
  if (*v == "true") return true;
  return Status::InvalidArgument(std::string(name) + ": true or false");
}

void OfferAsFile(Reply& reply, const std::string& file_name) {
  reply.response.set(http::field::content_disposition,
                     "attachment; filename=\"" + file_name + "\"");
}

}  // namespace

Reply GetViewOrDownload(const Context& c, std::string_view view) {
  auto all = BoolParam(c, "all");
  auto bom = BoolParam(c, "bom");
  if (!all.ok()) return Whole(ErrorResponse(c.request, all.status()));
  if (!bom.ok()) return Whole(ErrorResponse(c.request, bom.status()));
  if (c.target.Param("format").value_or("json") != "csv") {
    if (c.target.Param("all") || c.target.Param("bom")) {
      return Whole(ErrorResponse(
          c.request, Status::InvalidArgument("all and bom are for format=csv downloads")));
    }
    return Whole(GetView(c, view));
  }
  if (*all && (c.target.Param("limit") || c.target.Param("offset"))) {
    return Whole(ErrorResponse(
        c.request, Status::InvalidArgument("all: every row; not with limit or offset")));
  }
  auto options = projections::ParseQueryOptions(
      [&](std::string_view name) { return c.target.Param(name); }, c.options.max_view_rows);
  if (!options.ok()) return Whole(ErrorResponse(c.request, options.status()));
  if (*all) {
    options->offset = 0;
    options->limit = SIZE_MAX;
  }
  projections::CivilQueries queries(c.ledger, c.state);
  auto table = queries.Run(view, *options);
  if (!table.ok()) return Whole(ErrorResponse(c.request, table.status()));
  // One snapshot, written a thousand rows at a time: the header once.
  struct Download {
    projections::Table table;
    std::string head;
    size_t next = 0;
    bool head_done = false;
  };
  auto d = std::make_shared<Download>();
  d->table = std::move(*table);
  d->head = std::string(*bom ? kUtf8Bom : "") + projections::TableCsvHeader(d->table);
  const std::string file_name =
      std::string(view) + "-" + std::to_string(d->table.size) + ".csv";
  Reply reply = Streamed(c, "text/csv; charset=utf-8", [d](std::string& out) -> Result<bool> {
    if (!d->head_done) {
      out += d->head;
      d->head_done = true;
      return true;
    }
    if (d->next >= d->table.rows.size()) return false;
    const size_t end = std::min(d->table.rows.size(), d->next + kCsvRowsPerPiece);
    out += projections::TableCsvRows(d->table, d->next, end);
    d->next = end;
    return true;
  });
  OfferAsFile(reply, file_name);
  return reply;
}

Reply GetOpenExport(const Context& c, std::string_view format_name) {
  auto format = projections::ParseOpenFormat(format_name);
  if (!format.ok()) {
    return Whole(ErrorResponse(c.request, Status::NotFound("no export " + std::string(format_name) +
                                                           ": /v1/export/popolo or /v1/export/ftm")));
  }
  // Read before the first byte goes out, so a failure is still a status.
  auto writer = projections::OpenDataWriter::Start(c.ledger, c.state, *format);
  if (!writer.ok()) return Whole(ErrorResponse(c.request, writer.status()));
  const std::string file_name = projections::OpenFileName(*format, (*writer)->size());
  std::shared_ptr<projections::OpenDataWriter> w = std::move(*writer);
  Reply reply = Streamed(c, projections::OpenMediaType(*format),
                         [w](std::string& out) -> Result<bool> { return w->Next(out); });
  OfferAsFile(reply, file_name);
  return reply;
}

}  // namespace ledger::api
