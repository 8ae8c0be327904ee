// GET /v1/schemas: the event types as data, for forms and clients that build
// submissions themselves (the page's HR form): every (type, schema version)
// with its fields in binary order, each field's kind, whether it is
// required, its choices and byte limit, the scope field an authority key
// must be scoped to, and which fields a correction may change.
#include <boost/beast/http.hpp>
#include <boost/json.hpp>
#include <map>

#include "ledger/events.h"
#include "projections/event_catalog.h"
#include "web_handlers.h"

namespace ledger::api {
namespace http = boost::beast::http;
namespace json = boost::json;

namespace {

std::string_view KindName(events::FieldKind k) {
  using K = events::FieldKind;
  switch (k) {
    case K::kText: return "text";
    case K::kId: return "id";
    case K::kEnum: return "enum";
    case K::kUInt: return "uint";
    case K::kBool: return "bool";
    case K::kDate: return "date";
    case K::kPublicKey: return "public-key";
    case K::kHash: return "hash";
    case K::kIdList: return "id-list";
    case K::kDateList: return "date-list";
  }
  return "unknown";
}

json::object FieldJson(const events::FieldSpec& f) {
  json::object o{{"name", f.name}, {"kind", KindName(f.kind)}, {"required", !f.optional}};
  if (f.kind == events::FieldKind::kEnum) {
    json::array choices;
    for (auto c : f.choices) choices.emplace_back(c);
    o["choices"] = std::move(choices);
  }
  if (f.kind == events::FieldKind::kText) o["max_bytes"] = f.max_bytes;
  return o;
}

json::value BuildSchemas() {
  std::map<std::string_view, std::vector<std::string_view>> correctable;
  for (const auto& entry : projections::EventTypeCatalog()) {
    correctable[entry.type] = entry.correctable;
  }
  json::array list;
  for (const events::EventSchema& s : events::AllSchemas()) {
    json::array fields, fixable;
    for (const auto& f : s.fields) fields.push_back(FieldJson(f));
    const bool latest = events::LatestSchema(s.type) == &s;
    if (latest) {
      for (auto name : correctable[s.type]) fixable.emplace_back(name);
    }
    json::object o{{"type", s.type},       {"schema", s.version},
                   {"latest", latest},     {"scope_field", s.scope_field},
                   {"fields", std::move(fields)}};
    // Corrections name fields of the type's latest shape (upcast on read).
    if (latest) o["correctable"] = std::move(fixable);
    list.push_back(std::move(o));
  }
  return json::object{{"schemas", std::move(list)}};
}

}  // namespace

Response GetSchemas(const Context& c) {
  static const json::value kSchemas = BuildSchemas();  // the tables never change at run time
  return JsonResponse(c.request, http::status::ok, kSchemas);
}

}  // namespace ledger::api
