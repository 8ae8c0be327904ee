// The public page's files (web/), embedded in the server binary by a source
// that web/build.mjs generates; the API serves them at / (api/src/static_handler.cc).
#ifndef WEB_STATIC_ASSETS_H_
#define WEB_STATIC_ASSETS_H_

#include <span>
#include <string_view>

namespace ledger::web {

struct Asset {
  std::string_view path;          // "/index.html", "/assets/app-5KX2.js"
  std::string_view content_type;  // with charset for text
  std::string_view body;
  std::string_view gzip;  // the same bytes, gzip-compressed (sent when the client accepts it)
  bool immutable;         // content-hashed name: caches may keep it for good
};

// Every file, sorted by path. Empty when the page was not built
// (-DLEDGER_BUILD_WEB=OFF, or no node/npm when configuring).
std::span<const Asset> Assets();

}  // namespace ledger::web

#endif  // WEB_STATIC_ASSETS_H_
