// Generic event-body codec: JSON <-> Body <-> canonical binary, driven by the
// schema tables in schemas.cc.
#include "ledger/events.h"

#include <boost/json.hpp>

#include <chrono>
#include <cstring>

#include "ledger/binary_archive.h"

namespace ledger::events {
namespace json = boost::json;

namespace {

bool IsIdChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
         c == '_' || c == ':' || c == '/' || c == '-';
}

Status CheckId(std::string_view field, std::string_view s) {
  if (s.empty() || s.size() > 128) {
    return Status::InvalidArgument(std::string(field) + ": an id must be 1 to 128 characters");
  }
  for (char c : s) {
    if (!IsIdChar(c)) {
      return Status::InvalidArgument(std::string(field) + ": id \"" + std::string(s) +
                                     "\" may only use letters, digits and . _ : / -");
    }
  }
  return Status::Ok();
}

Status CheckText(const FieldSpec& f, std::string_view path, std::string_view s) {
  if (!IsValidUtf8(s)) return Status::InvalidArgument(std::string(path) + ": not valid UTF-8");
  if (s.size() > f.max_bytes) {
    return Status::InvalidArgument(std::string(path) + ": longer than " +
                                   std::to_string(f.max_bytes) + " bytes");
  }
  for (unsigned char c : s) {
    if ((c < 0x20 && c != '\n' && c != '\t') || c == 0x7f) {
      return Status::InvalidArgument(std::string(path) + ": contains a control character");
    }
  }
  return Status::Ok();
}

// A date list holds at most this many dates.
constexpr size_t kMaxDates = 1000;

Status CheckDate(std::string_view path, int32_t d) {
  if (d < -719162 || d > 2932896) {  // years 0001..9999
    return Status::InvalidArgument(std::string(path) + ": date out of range");
  }
  return Status::Ok();
}

// Validates a decoded or parsed value against its field spec.
Status CheckValue(const FieldSpec& f, std::string_view path, const Value& v) {
  switch (f.kind) {
    case FieldKind::kText:
      return CheckText(f, path, std::get<std::string>(v));
    case FieldKind::kId:
      return CheckId(path, std::get<std::string>(v));
    case FieldKind::kEnum: {
      const auto& s = std::get<std::string>(v);
      for (auto c : f.choices) {
        if (c == s) return Status::Ok();
      }
      std::string all;
      for (auto c : f.choices) all += (all.empty() ? "" : ", ") + std::string(c);
      return Status::InvalidArgument(std::string(path) + ": \"" + s + "\" is not one of " + all);
    }
    case FieldKind::kDate:
      return CheckDate(path, std::get<int32_t>(v));
    case FieldKind::kDateList: {
      // One order and no repeats, so a set of dates has one encoding.
      const auto& dates = std::get<std::vector<int32_t>>(v);
      if (dates.size() > kMaxDates) {
        return Status::InvalidArgument(std::string(path) + ": more than " +
                                       std::to_string(kMaxDates) + " dates");
      }
      for (size_t i = 0; i < dates.size(); ++i) {
        LEDGER_RETURN_IF_ERROR(CheckDate(path, dates[i]));
        if (i > 0 && dates[i] <= dates[i - 1]) {
          return Status::InvalidArgument(std::string(path) + ": " + FormatDate(dates[i]) +
                                         (dates[i] == dates[i - 1] ? " is listed twice"
                                                                   : " is listed after " +
                                                                         FormatDate(dates[i - 1])) +
                                         "; list each date once, in increasing order");
        }
      }
      return Status::Ok();
    }
    case FieldKind::kIdList:
      for (const auto& s : std::get<std::vector<std::string>>(v)) {
        if (s != "*") LEDGER_RETURN_IF_ERROR(CheckId(path, s));
      }
      return Status::Ok();
    default:
      return Status::Ok();
  }
}

Result<Value> ValueFromJson(const FieldSpec& f, const std::string& path, const json::value& j) {
  auto type_error = [&](const char* want) {
    return Status::InvalidArgument(path + ": expected " + want);
  };
  switch (f.kind) {
    case FieldKind::kText:
    case FieldKind::kId:
    case FieldKind::kEnum:
      if (!j.is_string()) return type_error("a string");
      return Value(std::string(j.as_string()));
    case FieldKind::kUInt:
      if (j.is_uint64()) return Value(j.as_uint64());
      if (j.is_int64() && j.as_int64() >= 0) return Value(uint64_t(j.as_int64()));
      return type_error("a non-negative integer");
    case FieldKind::kBool:
      if (!j.is_bool()) return type_error("true or false");
      return Value(j.as_bool());
    case FieldKind::kDate: {
      if (!j.is_string()) return type_error("a date \"YYYY-MM-DD\"");
      auto d = ParseDate(j.as_string());
      if (!d.ok()) return d.status().WithContext(path);
      return Value(*d);
    }
    case FieldKind::kPublicKey:
    case FieldKind::kHash: {
      if (!j.is_string()) return type_error("a base64 string of 32 bytes");
      auto h = Base64DecodeHash(j.as_string());
      if (!h.ok()) return h.status().WithContext(path);
      return Value(*h);
    }
    case FieldKind::kIdList: {
      if (!j.is_array()) return type_error("an array of ids");
      std::vector<std::string> out;
      for (const auto& e : j.as_array()) {
        if (!e.is_string()) return type_error("an array of strings");
        out.emplace_back(e.as_string());
      }
      return Value(std::move(out));
    }
    case FieldKind::kDateList: {
      if (!j.is_array()) return type_error("an array of dates \"YYYY-MM-DD\"");
      std::vector<int32_t> out;
      for (const auto& e : j.as_array()) {
        if (!e.is_string()) return type_error("an array of dates \"YYYY-MM-DD\"");
        auto d = ParseDate(e.as_string());
        if (!d.ok()) return d.status().WithContext(path);
        out.push_back(*d);
      }
      return Value(std::move(out));
    }
  }
  return Status::Internal("unhandled field kind");
}

json::value ValueToJson(const FieldSpec& f, const Value& v) {
  switch (f.kind) {
    case FieldKind::kUInt: return std::get<uint64_t>(v);
    case FieldKind::kBool: return std::get<bool>(v);
    case FieldKind::kDate: return json::string(FormatDate(std::get<int32_t>(v)));
    case FieldKind::kPublicKey:
    case FieldKind::kHash: return json::string(Base64Encode(std::get<Hash>(v)));
    case FieldKind::kIdList: {
      json::array a;
      for (const auto& s : std::get<std::vector<std::string>>(v)) a.emplace_back(s);
      return a;
    }
    case FieldKind::kDateList: {
      json::array a;
      for (int32_t d : std::get<std::vector<int32_t>>(v)) a.emplace_back(FormatDate(d));
      return a;
    }
    default: return json::string(std::get<std::string>(v));
  }
}

Value EmptyValue(FieldKind kind) {
  switch (kind) {
    case FieldKind::kUInt: return uint64_t{0};
    case FieldKind::kBool: return false;
    case FieldKind::kDate: return int32_t{0};
    case FieldKind::kPublicKey:
    case FieldKind::kHash: return Hash{};
    case FieldKind::kIdList: return std::vector<std::string>{};
    case FieldKind::kDateList: return std::vector<int32_t>{};
    default: return std::string{};
  }
}

// One routine for both directions keeps encode and decode from drifting.
template <class Archive>
void SerializeValue(Archive& ar, FieldKind kind, Value& v) {
  switch (kind) {
    case FieldKind::kUInt: ar(std::get<uint64_t>(v)); break;
    case FieldKind::kBool: {
      uint8_t b = std::get<bool>(v) ? 1 : 0;
      ar(b);
      if constexpr (Archive::is_loading::value) {
        if (b > 1) ar.Fail("boolean byte is neither 0 nor 1");
        v = b == 1;
      }
      break;
    }
    case FieldKind::kDate: ar(std::get<int32_t>(v)); break;
    case FieldKind::kPublicKey:
    case FieldKind::kHash: ar(std::get<Hash>(v)); break;
    case FieldKind::kIdList: ar(std::get<std::vector<std::string>>(v)); break;
    case FieldKind::kDateList: ar(std::get<std::vector<int32_t>>(v)); break;
    default: ar(std::get<std::string>(v)); break;
  }
}

template <class Archive>
void SerializeBody(Archive& ar, const EventSchema& schema, std::vector<Value>& values) {
  for (size_t i = 0; i < schema.fields.size(); ++i) {
    const FieldSpec& f = schema.fields[i];
    if (f.optional) {
      uint8_t present = std::holds_alternative<std::monostate>(values[i]) ? 0 : 1;
      ar(present);
      if constexpr (Archive::is_loading::value) {
        if (present > 1) ar.Fail("presence byte is neither 0 nor 1");
        values[i] = present ? EmptyValue(f.kind) : Value{};
      }
      if (!present) continue;
    } else if constexpr (Archive::is_loading::value) {
      values[i] = EmptyValue(f.kind);
    }
    SerializeValue(ar, f.kind, values[i]);
  }
}

}  // namespace

bool Body::Has(std::string_view field) const {
  return !std::holds_alternative<std::monostate>(Get(field));
}
const Value& Body::Get(std::string_view field) const {
  for (size_t i = 0; i < schema_->fields.size(); ++i) {
    if (schema_->fields[i].name == field) return values_[i];
  }
  throw std::logic_error("event " + std::string(schema_->type) + " has no field " +
                         std::string(field));
}
const std::string& Body::Text(std::string_view f) const { return std::get<std::string>(Get(f)); }
uint64_t Body::UInt(std::string_view f) const { return std::get<uint64_t>(Get(f)); }
bool Body::Bool(std::string_view f) const { return std::get<bool>(Get(f)); }
int32_t Body::Date(std::string_view f) const { return std::get<int32_t>(Get(f)); }
const PublicKey& Body::Key(std::string_view f) const { return std::get<Hash>(Get(f)); }
const Hash& Body::HashField(std::string_view f) const { return std::get<Hash>(Get(f)); }
const std::vector<std::string>& Body::List(std::string_view f) const {
  return std::get<std::vector<std::string>>(Get(f));
}
const std::vector<int32_t>& Body::Dates(std::string_view f) const {
  return std::get<std::vector<int32_t>>(Get(f));
}

const EventSchema* FindSchema(std::string_view type, uint32_t version) {
  for (const auto& s : AllSchemas()) {
    if (s.type == type && s.version == version) return &s;
  }
  return nullptr;
}

const EventSchema* LatestSchema(std::string_view type) {
  const EventSchema* best = nullptr;
  for (const auto& s : AllSchemas()) {
    if (s.type == type && (!best || s.version > best->version)) best = &s;
  }
  return best;
}

Result<Body> BodyFromJson(const EventSchema& schema, const json::value& j) {
  std::vector<Status> errors;
  std::optional<Body> body = BodyFromJsonAll(schema, j, errors);
  if (!body) return errors.front();
  return std::move(*body);
}

std::optional<Body> BodyFromJsonAll(const EventSchema& schema, const json::value& j,
                                    std::vector<Status>& errors) {
  if (!j.is_object()) {
    errors.push_back(Status::InvalidArgument("body: expected a JSON object"));
    return std::nullopt;
  }
  const size_t errors_before = errors.size();
  const json::object& obj = j.as_object();
  for (const auto& kv : obj) {
    bool known = false;
    for (const auto& f : schema.fields) known = known || f.name == kv.key();
    if (!known) {
      errors.push_back(Status::InvalidArgument("body." + std::string(kv.key()) + ": not a field of " +
                                               std::string(schema.type) + " v" +
                                               std::to_string(schema.version)));
    }
  }
  std::vector<Value> values(schema.fields.size());
  for (size_t i = 0; i < schema.fields.size(); ++i) {
    const FieldSpec& f = schema.fields[i];
    std::string path = "body." + std::string(f.name);
    auto it = obj.find(f.name);
    if (it == obj.end() || it->value().is_null()) {
      if (!f.optional) errors.push_back(Status::InvalidArgument(path + ": required field is missing"));
      continue;
    }
    Result<Value> v = ValueFromJson(f, path, it->value());
    if (!v.ok()) {
      errors.push_back(v.status());
      continue;
    }
    if (Status s = CheckValue(f, path, *v); !s.ok()) {
      errors.push_back(std::move(s));
      continue;
    }
    values[i] = std::move(*v);
  }
  if (errors.size() != errors_before) return std::nullopt;
  return Body(&schema, std::move(values));
}

json::object BodyToJson(const Body& body) {
  json::object out;
  const auto& fields = body.schema().fields;
  for (size_t i = 0; i < fields.size(); ++i) {
    if (std::holds_alternative<std::monostate>(body.values()[i])) continue;
    out[fields[i].name] = ValueToJson(fields[i], body.values()[i]);
  }
  return out;
}

Bytes EncodeBody(const Body& body) {
  return EncodeToBytes([&](auto& ar) {
    SerializeBody(ar, body.schema(), const_cast<std::vector<Value>&>(body.values()));
  });
}

Result<Body> DecodeBody(const EventSchema& schema, ByteView bytes) {
  // Every record of a replay passes here: the error texts are built only
  // for an error, and the canonical-form check encodes into one buffer.
  auto what = [&] {
    return std::string(schema.type) + " v" + std::to_string(schema.version) + " body";
  };
  std::vector<Value> values(schema.fields.size());
  BinaryReader ar(bytes);
  SerializeBody(ar, schema, values);
  if (Status s = ar.Finish(); !s.ok()) {
    return Status::InvalidArgument(what() + " does not decode: " + s.message());
  }
  for (size_t i = 0; i < schema.fields.size(); ++i) {
    if (std::holds_alternative<std::monostate>(values[i])) continue;
    const FieldSpec& f = schema.fields[i];
    if (!CheckValue(f, {}, values[i]).ok()) {
      return CheckValue(f, "body." + std::string(f.name), values[i]);  // again, to name it
    }
  }
  thread_local std::string again;
  again.clear();
  BinaryWriter writer(again);
  SerializeBody(writer, schema, values);
  if (AsBytes(again).size() != bytes.size() ||
      !std::equal(bytes.begin(), bytes.end(), AsBytes(again).begin())) {
    return Status::InvalidArgument(what() + " is not in canonical form");
  }
  return Body(&schema, std::move(values));
}

Result<Body> DecodeSubmissionBody(const Submission& s) {
  const EventSchema* schema = FindSchema(s.event_type, s.schema_version);
  if (!schema) {
    return Status::InvalidArgument("unknown event type \"" + s.event_type + "\" version " +
                                   std::to_string(s.schema_version));
  }
  return DecodeBody(*schema, s.body);
}

Result<Body> DecodeLatestBody(const Submission& s) {
  LEDGER_ASSIGN_OR_RETURN(Body body, DecodeSubmissionBody(s));
  while (const EventSchema* next = FindSchema(s.event_type, body.schema().version + 1)) {
    if (!body.schema().upcast) {
      return Status::Internal(s.event_type + " v" + std::to_string(body.schema().version) +
                              " has no upcast to v" + std::to_string(next->version));
    }
    body = Body(next, body.schema().upcast(body));
  }
  return body;
}

const FieldSpec* FindField(const EventSchema& schema, std::string_view name) {
  for (const auto& f : schema.fields) {
    if (f.name == name) return &f;
  }
  return nullptr;
}

Result<Value> ParseFieldText(const FieldSpec& f, std::string_view text) {
  std::string path = "value for " + std::string(f.name);
  json::value j;
  switch (f.kind) {
    case FieldKind::kUInt:
    case FieldKind::kBool:
    case FieldKind::kIdList:
    case FieldKind::kDateList: {
      boost::system::error_code ec;
      j = json::parse(text, ec);
      if (ec) return Status::InvalidArgument(path + ": not valid for its type");
      break;
    }
    default:
      j = json::string(text);
  }
  LEDGER_ASSIGN_OR_RETURN(Value v, ValueFromJson(f, path, j));
  LEDGER_RETURN_IF_ERROR(CheckValue(f, path, v));
  return v;
}

Result<int32_t> ParseDate(std::string_view t) {
  using namespace std::chrono;
  auto bad = [&] {
    return Status::InvalidArgument("\"" + std::string(t) + "\" is not a real date YYYY-MM-DD");
  };
  if (t.size() != 10 || t[4] != '-' || t[7] != '-') return bad();
  int parts[3] = {0, 0, 0};
  int idx = 0;
  for (size_t i = 0; i < t.size(); ++i) {
    if (i == 4 || i == 7) {
      ++idx;
      continue;
    }
    if (t[i] < '0' || t[i] > '9') return bad();
    parts[idx] = parts[idx] * 10 + (t[i] - '0');
  }
  year_month_day ymd{year{parts[0]}, month{unsigned(parts[1])}, day{unsigned(parts[2])}};
  if (!ymd.ok() || parts[0] < 1) return bad();
  return int32_t(sys_days(ymd).time_since_epoch().count());
}

std::string FormatDate(int32_t days_since_epoch) {
  using namespace std::chrono;
  year_month_day ymd{sys_days{days{days_since_epoch}}};
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", int(ymd.year()), unsigned(ymd.month()),
                unsigned(ymd.day()));
  return buf;
}

}  // namespace ledger::events
