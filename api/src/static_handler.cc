// Serves the public page (web/) from the table embedded in the binary:
// hashed assets are immutable, the HTML is revalidated; gzip when accepted.
#include <boost/beast/http.hpp>

#include "web/static_assets.h"
#include "web_handlers.h"

namespace ledger::api {
namespace http = boost::beast::http;

namespace {

// The page loads only its own files and talks only to this server's API.
constexpr std::string_view kPagePolicy =
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'self'; "
    "frame-ancestors 'none'";
// verify.html carries its script inline and must never reach the network.
constexpr std::string_view kOfflinePolicy =
    "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:";

const web::Asset* Find(std::string_view path) {
  for (const auto& a : web::Assets()) {
    if (a.path == path) return &a;
  }
  return nullptr;
}

// Accept-Encoding names gzip (or *) without q=0.
bool AcceptsGzip(const Request& req) {
  auto it = req.find(http::field::accept_encoding);
  if (it == req.end()) return false;
  std::string_view v = it->value();
  while (!v.empty()) {
    size_t comma = v.find(',');
    std::string_view item = v.substr(0, comma);
    v = comma == std::string_view::npos ? std::string_view() : v.substr(comma + 1);
    while (!item.empty() && item.front() == ' ') item.remove_prefix(1);
    size_t semi = item.find(';');
    std::string_view name = item.substr(0, semi), params;
    if (semi != std::string_view::npos) params = item.substr(semi + 1);
    while (!name.empty() && name.back() == ' ') name.remove_suffix(1);
    if (name != "gzip" && name != "*") continue;
    size_t q = params.find("q=");
    if (q == std::string_view::npos) return true;
    std::string_view value = params.substr(q + 2);
    return !(value.starts_with("0") && value.find_first_not_of("0.") == std::string_view::npos);
  }
  return false;
}

Response NotBuilt(const Context& c) {
  return TextResponse(c.request, http::status::ok,
                      "<!doctype html><meta charset=utf-8><title>civil-service ledger</title>"
                      "<p>The web page was not built into this server (node and npm are needed "
                      "when configuring; see web/README in the source). The API is at "
                      "<a href=\"/v1\">/v1</a>.</p>\n",
                      "text/html; charset=utf-8");
}

}  // namespace

Response GetStatic(const Context& c) {
  if (web::Assets().empty()) {
    if (c.target.path == "/") return NotBuilt(c);
    return ErrorResponse(c.request, Status::NotFound("no page " + c.target.path));
  }
  std::string_view path = c.target.path;
  const web::Asset* asset = Find(path == "/" ? "/index.html" : path);
  if (!asset) {
    // A missing file is a 404; any other path is one of the page's routes.
    const std::string_view last = path.substr(path.rfind('/') + 1);
    if (path.starts_with("/assets/") || last.find('.') != std::string_view::npos) {
      return ErrorResponse(c.request, Status::NotFound("no file " + c.target.path));
    }
    asset = Find("/index.html");
    if (!asset) return ErrorResponse(c.request, Status::NotFound("no index.html"));
  }
  const bool gzip = AcceptsGzip(c.request) && !asset->gzip.empty();
  auto res = TextResponse(c.request, http::status::ok,
                          std::string(gzip ? asset->gzip : asset->body), asset->content_type);
  if (gzip) res.set(http::field::content_encoding, "gzip");
  res.set(http::field::vary, "Accept-Encoding");
  res.set(http::field::cache_control,
          asset->immutable ? "public, max-age=31536000, immutable" : "no-cache");
  res.set("X-Content-Type-Options", "nosniff");
  if (asset->content_type.starts_with("text/html")) {
    res.set("Content-Security-Policy",
            asset->path == "/verify.html" ? kOfflinePolicy : kPagePolicy);
    res.set("Referrer-Policy", "no-referrer");
  }
  return res;
}

}  // namespace ledger::api
