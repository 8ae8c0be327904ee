// JSON forms of submissions and records (API and CLI), over the generic body codec.
#include <boost/json.hpp>

#include <cstring>

#include "ledger/events.h"

namespace ledger::events {
namespace json = boost::json;

namespace {

Result<std::string> StringMember(const json::object& o, std::string_view key, bool required) {
  auto it = o.find(key);
  if (it == o.end()) {
    if (required) return Status::InvalidArgument(std::string(key) + ": required field is missing");
    return std::string();
  }
  if (!it->value().is_string()) {
    return Status::InvalidArgument(std::string(key) + ": expected a string");
  }
  return std::string(it->value().as_string());
}

template <size_t N>
Result<std::array<uint8_t, N>> FixedBase64(std::string_view key, std::string_view text) {
  auto b = Base64Decode(text);
  if (!b.ok()) return b.status().WithContext(key);
  if (b->size() != N) {
    return Status::InvalidArgument(std::string(key) + ": expected " + std::to_string(N) +
                                   " bytes, got " + std::to_string(b->size()));
  }
  std::array<uint8_t, N> out;
  std::memcpy(out.data(), b->data(), N);
  return out;
}

}  // namespace

Result<Submission> SubmissionFromJson(const json::value& j, bool require_signature) {
  if (!j.is_object()) return Status::InvalidArgument("an event must be a JSON object");
  const json::object& o = j.as_object();
  static constexpr std::string_view kKeys[] = {"type",      "schema", "client_id",
                                               "body",      "signer", "signature"};
  for (const auto& kv : o) {
    if (std::find(std::begin(kKeys), std::end(kKeys), kv.key()) == std::end(kKeys)) {
      return Status::InvalidArgument(std::string(kv.key()) +
                                     ": unknown field (expected type, schema, client_id, body, "
                                     "signer, signature)");
    }
  }
  Submission s;
  LEDGER_ASSIGN_OR_RETURN(s.event_type, StringMember(o, "type", true));
  const EventSchema* schema = LatestSchema(s.event_type);
  if (!schema) return Status::InvalidArgument("type: unknown event type \"" + s.event_type + "\"");
  if (auto it = o.find("schema"); it != o.end()) {
    if (!it->value().is_int64() || it->value().as_int64() < 1 ||
        it->value().as_int64() > UINT32_MAX) {
      return Status::InvalidArgument("schema: expected a positive integer");
    }
    schema = FindSchema(s.event_type, uint32_t(it->value().as_int64()));
    if (!schema) {
      return Status::InvalidArgument("schema: " + s.event_type + " has no schema version " +
                                     std::to_string(it->value().as_int64()));
    }
  } else if (require_signature) {
    return Status::InvalidArgument("schema: required field is missing");
  }
  s.schema_version = schema->version;
  LEDGER_ASSIGN_OR_RETURN(s.client_id, StringMember(o, "client_id", require_signature));
  if (s.client_id.size() > kMaxClientIdBytes || !IsValidUtf8(s.client_id)) {
    return Status::InvalidArgument("client_id: must be valid UTF-8 of at most " +
                                   std::to_string(kMaxClientIdBytes) + " bytes");
  }
  auto body_it = o.find("body");
  if (body_it == o.end()) return Status::InvalidArgument("body: required field is missing");
  LEDGER_ASSIGN_OR_RETURN(Body body, BodyFromJson(*schema, body_it->value()));
  s.body = EncodeBody(body);

  const bool has_signer = o.contains("signer"), has_sig = o.contains("signature");
  if (require_signature && !(has_signer && has_sig)) {
    return Status::InvalidArgument("the event is not signed (signer and signature are required)");
  }
  if (has_signer || has_sig) {
    LEDGER_ASSIGN_OR_RETURN(std::string signer, StringMember(o, "signer", true));
    LEDGER_ASSIGN_OR_RETURN(std::string sig, StringMember(o, "signature", true));
    LEDGER_ASSIGN_OR_RETURN(s.signer, FixedBase64<32>("signer", signer));
    LEDGER_ASSIGN_OR_RETURN(s.signature, FixedBase64<64>("signature", sig));
  }
  return s;
}

Result<Submission> SubmissionFromJsonText(std::string_view text, bool require_signature) {
  boost::system::error_code ec;
  json::value v = json::parse(text, ec);
  if (ec) return Status::InvalidArgument("malformed JSON: " + ec.message());
  return SubmissionFromJson(v, require_signature);
}

json::object SubmissionToJson(const Submission& s, bool include_signature) {
  json::object o;
  o["type"] = s.event_type;
  o["schema"] = s.schema_version;
  o["client_id"] = s.client_id;
  auto body = DecodeSubmissionBody(s);
  if (body.ok()) {
    o["body"] = BodyToJson(*body);
  } else {
    o["body_base64"] = Base64Encode(s.body);  // unknown to this build: show the raw bytes
  }
  if (include_signature) {
    o["signer"] = Base64Encode(s.signer);
    o["signature"] = Base64Encode(s.signature);
  }
  return o;
}

json::object RecordToJson(const Record& r, ByteView record_bytes) {
  json::object o;
  o["seq"] = r.seq;
  o["record_hash"] = Base64Encode(RecordHash(record_bytes));
  o["prev_hash"] = Base64Encode(r.prev_hash);
  o["recorded_at"] = FormatTimestamp(r.recorded_at_us);
  o["event"] = SubmissionToJson(r.submission);
  json::array flags;
  for (const auto& f : r.flags) flags.emplace_back(f);
  o["flags"] = std::move(flags);
  return o;
}

}  // namespace ledger::events
