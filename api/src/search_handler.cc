// GET /v1/search: what the page's search box asks. People by name (also in
// its Latin transliteration, through the projection's name index), posts by
// title, organisations by name, each also by id, and a record by its seq.
// Otherwise a scan of the projection's rows: the search is rare next to the views.
#include <boost/beast/http.hpp>
#include <algorithm>
#include <boost/json.hpp>

#include "ledger/encoding.h"
#include "projections/civil_state.h"
#include "web_handlers.h"

namespace ledger::api {
namespace http = boost::beast::http;
namespace json = boost::json;

namespace {

constexpr uint64_t kDefaultLimit = 20, kMaxLimit = 100;

void AppendUtf8(std::string& out, char32_t c) {
  if (c < 0x80) {
    out += static_cast<char>(c);
  } else if (c < 0x800) {
    out += static_cast<char>(0xC0 | (c >> 6));
    out += static_cast<char>(0x80 | (c & 0x3F));
  } else if (c < 0x10000) {
    out += static_cast<char>(0xE0 | (c >> 12));
    out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (c & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (c >> 18));
    out += static_cast<char>(0x80 | ((c >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (c & 0x3F));
  }
}

// Lower case for Latin and the Mongolian Cyrillic alphabet (А-Я, Ё, Ө, Ү),
// enough for "баатар" to find "Баатар". Input is valid UTF-8 (the store and
// the URL parser check it).
std::string Fold(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size();) {
    char32_t c = DecodeUtf8(s, i);
    if (c >= U'A' && c <= U'Z') c += 32;
    else if (c >= 0x410 && c <= 0x42F) c += 32;
    else if (c >= 0x400 && c <= 0x40F) c += 80;
    else if (c == 0x4E8 || c == 0x4AE) c += 1;
    AppendUtf8(out, c);
  }
  return out;
}

json::object Hit(std::string_view kind, std::string_view id, std::string_view label,
                 std::string_view detail) {
  return {{"kind", kind}, {"id", id}, {"label", label}, {"detail", detail}};
}

}  // namespace

Response GetSearch(const Context& c) {
  auto limit = c.target.UIntParam("limit");
  if (!limit.ok()) return ErrorResponse(c.request, limit.status());
  const uint64_t max = std::min<uint64_t>(limit->value_or(kDefaultLimit), kMaxLimit);
  std::string q = Fold(c.target.Param("q").value_or(""));
  while (!q.empty() && q.back() == ' ') q.pop_back();
  while (!q.empty() && q.front() == ' ') q.erase(0, 1);
  if (q.empty()) return ErrorResponse(c.request, Status::InvalidArgument("q: required"));

  json::array people, posts, orgs, records;
  bool truncated = false;
  auto matches = [&](std::string_view id, std::string_view name) {
    return Fold(id).find(q) != std::string::npos || Fold(name).find(q) != std::string::npos;
  };
  auto room = [&](json::array& list) {
    if (list.size() < max) return true;
    truncated = true;
    return false;
  };
  if (q.find_first_not_of("0123456789") == std::string::npos && q.size() < 20) {
    const uint64_t seq = std::stoull(q);
    if (seq < c.ledger.Size()) records.push_back(Hit("record", q, "#" + q, ""));
  }
  Status s = c.ledger.WithRead([&](const lmdb::Txn& txn) -> Status {
    // "ganbaa" finds Ганбаатар: every word a prefix of a word of the name.
    LEDGER_ASSIGN_OR_RETURN(std::vector<std::string> named,
                            c.state.FindPersonsByName(txn, q, false, SIZE_MAX));
    std::sort(named.begin(), named.end());
    LEDGER_RETURN_IF_ERROR(c.state.ForEachPerson(
        txn, [&](std::string_view id, const projections::PersonState& p) -> Status {
          const bool by_name = std::binary_search(named.begin(), named.end(), id);
          if ((by_name || matches(id, p.full_name)) && room(people)) {
            std::string now;
            for (const auto& post : p.posts) now += (now.empty() ? "" : ", ") + post;
            people.push_back(Hit("person", id, p.full_name, now));
          }
          return Status::Ok();
        }));
    LEDGER_RETURN_IF_ERROR(c.state.ForEachPost(
        txn, "", [&](std::string_view id, const projections::PostState& p) -> Status {
          if (matches(id, p.title) && room(posts)) posts.push_back(Hit("post", id, p.title, p.org));
          return Status::Ok();
        }));
    return c.state.ForEachOrg(
        txn, [&](std::string_view id, const projections::OrgState& o) -> Status {
          if (matches(id, o.name) && room(orgs)) orgs.push_back(Hit("org", id, o.name, o.parent));
          return Status::Ok();
        });
  });
  if (!s.ok()) return ErrorResponse(c.request, s);
  json::array results;
  for (auto* list : {&records, &people, &posts, &orgs}) {
    for (auto& v : *list) results.push_back(std::move(v));
  }
  return JsonResponse(c.request, http::status::ok,
                      json::object{{"q", c.target.Param("q").value_or("")},
                                   {"results", std::move(results)},
                                   {"truncated", truncated}});
}

}  // namespace ledger::api
