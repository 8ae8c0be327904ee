// libFuzzer target: the HTTP API (api::Router::Handle) on a small ledger in
// a temporary directory, with a group-commit Appender so POST runs too.
// Input: the method on the first line, the target on the second, the body
// after that.
#include <unistd.h>

#include <boost/beast/http.hpp>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>

#include "api/router.h"
#include "ledger/appender.h"
#include "projections/civil_ledger.h"

namespace {
namespace http = boost::beast::http;
using namespace ledger;

struct Served {
  std::string dir;
  std::unique_ptr<projections::CivilLedgerOptions> civil;
  std::unique_ptr<Ledger> ledger;
  std::unique_ptr<Appender> appender;
  std::unique_ptr<api::Router> router;
};

// One ledger for the whole run (a fresh one per input would be all setup).
Served& Instance() {
  static Served* served = [] {
    auto* s = new Served;
    char tmpl[] = "/tmp/ledger-fuzz-router-XXXXXX";
    if (!::mkdtemp(tmpl)) std::abort();
    s->dir = std::string(tmpl) + "/ledger";
    static std::string to_remove;
    to_remove = tmpl;
    std::atexit([] {
      std::error_code ec;
      std::filesystem::remove_all(to_remove, ec);
    });
    auto civil = projections::MakeCivilLedgerOptions(s->dir, false);
    if (!civil.ok()) std::abort();
    s->civil = std::make_unique<projections::CivilLedgerOptions>(std::move(civil).value());
    auto created = Ledger::Create(s->dir, "ledger.example.mn/fuzz", SigningKey::Generate(),
                                  "council", s->civil->ledger);
    if (!created.ok()) std::abort();
    s->ledger = std::move(created).value();
    s->appender = std::make_unique<Appender>(*s->ledger);
    api::RouterOptions options;
    options.data_dir = s->dir;
    s->router =
        std::make_unique<api::Router>(*s->ledger, *s->civil->state, s->appender.get(), options);
    return s;
  }();
  return *served;
}

std::string_view Line(std::string_view& text) {
  const size_t end = text.find('\n');
  std::string_view line = text.substr(0, end);
  text.remove_prefix(end == std::string_view::npos ? text.size() : end + 1);
  return line;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  const std::string_view method = Line(text);
  const std::string_view target = Line(text);
  api::Request req;
  const http::verb verb = http::string_to_verb(method);
  if (verb == http::verb::unknown) {
    if (method.empty()) return 0;
    req.method_string(method);
  } else {
    req.method(verb);
  }
  req.target(target.empty() ? std::string_view("/") : target);
  req.version(11);
  req.body() = std::string(text);
  req.prepare_payload();
  (void)Instance().router->Handle(req);
  return 0;
}
