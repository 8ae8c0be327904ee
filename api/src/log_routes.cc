// Witnessed checkpoints and tiles. Full tiles and bundles never change, so
// they are cached for a year as immutable; partial ones for an hour (a log
// may drop them once full); checkpoints not at all.
#include "api/log_routes.h"

#include <boost/beast/http.hpp>

#include "api/tiles.h"

namespace ledger::api {
namespace http = boost::beast::http;

namespace {

Response Make(const Request& req, http::status status, std::string body,
              std::string_view content_type, std::string_view cache) {
  Response res(status, req.version());
  res.set(http::field::content_type, content_type);
  res.set(http::field::cache_control, cache);
  res.keep_alive(req.keep_alive());
  res.body() = std::move(body);
  res.prepare_payload();
  if (req.method() == http::verb::head) {
    const auto length = res.body().size();
    res.body().clear();
    res.content_length(length);
  }
  return res;
}

constexpr std::string_view kText = "text/plain; charset=utf-8";

}  // namespace

std::function<std::optional<Response>(const Request&)> MakeLogRoutes(
    const Ledger& ledger, const WitnessCollector* witnesses) {
  return [&ledger, witnesses](const Request& req) -> std::optional<Response> {
    if (req.method() != http::verb::get && req.method() != http::verb::head) return std::nullopt;
    std::string_view target(req.target().data(), req.target().size());
    // Only the latest checkpoint is witnessed; "?size=N" stays the API's.
    if (target == "/v1/checkpoint" || target == "/checkpoint") {
      std::optional<std::string> note = witnesses ? witnesses->Latest() : std::nullopt;
      if (!note) {
        if (target == "/v1/checkpoint") return std::nullopt;
        auto cp = ledger.Checkpoint();
        if (!cp.ok()) {
          return Make(req, http::status::internal_server_error, cp.status().message() + "\n",
                      kText, "no-store");
        }
        note = *cp;
      }
      return Make(req, http::status::ok, *note, kText, "no-cache");
    }
    if (!target.starts_with("/tile/")) return std::nullopt;
    auto id = tiles::ParsePath(target.substr(1));
    if (!id.ok()) {
      return Make(req, http::status::not_found, id.status().message() + "\n", kText, "no-store");
    }
    auto bytes = ReadTile(ledger, *id, ledger.Size());
    if (!bytes.ok()) {
      const auto status = bytes.status().code() == Code::kNotFound
                              ? http::status::not_found
                              : http::status::internal_server_error;
      return Make(req, status, bytes.status().message() + "\n", kText, "no-store");
    }
    return Make(req, http::status::ok, std::move(bytes).value(), "application/octet-stream",
                id->full() ? "public, max-age=31536000, immutable" : "public, max-age=3600");
  };
}

}  // namespace ledger::api
