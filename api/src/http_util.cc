// Request targets, status mapping and response builders for the router.
#include "http_util.h"

#include <boost/beast/http.hpp>
#include <boost/json.hpp>

#include <algorithm>
#include <cctype>

#include "ledger/encoding.h"
#include "ledger/suggest.h"

namespace ledger::api {
namespace http = boost::beast::http;
namespace json = boost::json;

namespace {

int HexDigit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// RFC 3986 percent-decoding; in the query, '+' is a space (HTML forms).
Result<std::string> Unescape(std::string_view s, bool query) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%') {
      int hi = i + 2 < s.size() ? HexDigit(s[i + 1]) : -1;
      int lo = hi >= 0 ? HexDigit(s[i + 2]) : -1;
      if (lo < 0) return Status::InvalidArgument("bad percent-escape in the URL");
      out += static_cast<char>(hi * 16 + lo);
      i += 2;
    } else {
      out += query && s[i] == '+' ? ' ' : s[i];
    }
  }
  if (!IsValidUtf8(out)) return Status::InvalidArgument("the URL is not valid UTF-8");
  return out;
}

}  // namespace

std::optional<std::string> Target::Param(std::string_view name) const {
  auto it = params.find(name);
  if (it == params.end()) return std::nullopt;
  return it->second;
}

Result<std::optional<uint64_t>> Target::UIntParam(std::string_view name, uint64_t min,
                                                  uint64_t max) const {
  auto text = Param(name);
  if (!text) return std::optional<uint64_t>();
  LEDGER_ASSIGN_OR_RETURN(uint64_t n, ParseUInt(*text, name));
  if (n < min || n > max) {
    return Status::InvalidArgument(std::string(name) + ": " + std::to_string(n) +
                                   " is out of range (" + std::to_string(min) + " to " +
                                   std::to_string(max) + ")");
  }
  return std::optional<uint64_t>(n);
}

Status Target::OnlyParams(const std::vector<std::string_view>& accepted) const {
  for (const auto& [name, value] : params) {
    if (std::find(accepted.begin(), accepted.end(), name) != accepted.end()) continue;
    std::string list;
    std::vector<std::string> names;
    for (auto a : accepted) {
      list += (list.empty() ? "" : ", ") + std::string(a);
      names.emplace_back(a);
    }
    return Status::InvalidArgument(name + ": unknown parameter" + DidYouMean(name, names) + "; " +
                                   (accepted.empty() ? "this endpoint takes none"
                                                     : "this endpoint takes " + list));
  }
  return Status::Ok();
}

Result<Target> ParseTarget(std::string_view target) {
  if (target.empty() || target[0] != '/') {
    return Status::InvalidArgument("the request target must be a path starting with /");
  }
  Target t;
  size_t q = target.find('?');
  LEDGER_ASSIGN_OR_RETURN(t.path, Unescape(target.substr(0, q), false));
  if (t.path.size() > 1 && t.path.back() == '/') t.path.pop_back();
  if (q == std::string_view::npos) return t;
  std::string_view query = target.substr(q + 1);
  while (!query.empty()) {
    size_t amp = query.find('&');
    std::string_view pair = query.substr(0, amp);
    query = amp == std::string_view::npos ? std::string_view() : query.substr(amp + 1);
    if (pair.empty()) continue;
    size_t eq = pair.find('=');
    LEDGER_ASSIGN_OR_RETURN(std::string key, Unescape(pair.substr(0, eq), true));
    std::string value;
    if (eq != std::string_view::npos) {
      LEDGER_ASSIGN_OR_RETURN(value, Unescape(pair.substr(eq + 1), true));
    }
    if (!t.params.emplace(key, value).second) {
      return Status::InvalidArgument(key + ": given more than once");
    }
  }
  return t;
}

http::status HttpStatus(Code code) {
  switch (code) {
    case Code::kOk:
      return http::status::ok;
    case Code::kInvalidArgument:
      return http::status::bad_request;
    case Code::kNotFound:
      return http::status::not_found;
    case Code::kAlreadyExists:
      return http::status::conflict;
    case Code::kFailedPrecondition:
      return http::status::conflict;
    case Code::kPermissionDenied:
      return http::status::forbidden;
    case Code::kResourceExhausted:
    case Code::kMapFull:  // the store grows the map and never returns it; kept for -Wswitch
      return http::status::insufficient_storage;
    case Code::kUnavailable:
    case Code::kDamagedFile:  // the data file is damaged: nothing can be served until it is restored
      return http::status::service_unavailable;
    case Code::kDataLoss:
    case Code::kInternal:
      return http::status::internal_server_error;
  }
  return http::status::internal_server_error;
}

Response TextResponse(const Request& req, http::status status, std::string body,
                      std::string_view content_type) {
  Response res{status, req.version()};
  res.set(http::field::server, "civil-service-ledger");
  res.set(http::field::content_type, content_type);
  // Most answers move with every append; immutable ones say so themselves.
  res.set(http::field::cache_control, "no-cache");
  res.keep_alive(req.keep_alive());
  res.body() = std::move(body);
  res.prepare_payload();
  return res;
}

Response JsonResponse(const Request& req, http::status status, const json::value& body) {
  return TextResponse(req, status, json::serialize(body) + "\n", "application/json");
}

std::string ProblemType(std::string_view code) {
  std::string slug;
  for (char ch : code) slug += ch == '_' ? '-' : static_cast<char>(std::tolower(ch));
  return "urn:civil-service-ledger:problem:" + slug;
}

std::string FieldOf(std::string_view message) {
  size_t colon = message.find(": ");
  if (colon == 0 || colon == std::string_view::npos) return "";
  std::string_view head = message.substr(0, colon);
  for (char ch : head) {
    if (!std::isalnum(static_cast<unsigned char>(ch)) && ch != '_' && ch != '.' && ch != '-' &&
        ch != '[' && ch != ']') {
      return "";
    }
  }
  return std::string(head);
}

Response ProblemResponse(const Request& req, http::status status, std::string_view code,
                         std::string detail, json::object extra) {
  json::object problem{{"type", ProblemType(code)},
                       {"title", std::string(http::obsolete_reason(status))},
                       {"status", static_cast<unsigned>(status)},
                       {"detail", std::move(detail)},
                       {"code", code}};
  for (auto& [key, value] : extra) problem[key] = std::move(value);
  return TextResponse(req, status, json::serialize(problem) + "\n", "application/problem+json");
}

Response ErrorResponse(const Request& req, const Status& s) {
  json::object extra;
  if (std::string field = FieldOf(s.message()); !field.empty()) extra["field"] = field;
  return ProblemResponse(req, HttpStatus(s.code()), CodeName(s.code()), s.message(),
                         std::move(extra));
}

}  // namespace ledger::api
