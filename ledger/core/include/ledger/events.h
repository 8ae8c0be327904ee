// Event types as data: each (type, schema version) is a list of typed fields.
// One generic codec turns a body between its JSON form (API, CLI) and its
// canonical binary form (inside the record), validating as it goes, so a new
// event type is a table entry, not new parsing code. Binary layout:
// docs/FORMAT.md, "Event bodies"; the types themselves: docs/EVENTS.md.
#ifndef LEDGER_EVENTS_H_
#define LEDGER_EVENTS_H_

#include <boost/json/fwd.hpp>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "ledger/crypto.h"
#include "ledger/record.h"
#include "ledger/status.h"

namespace ledger::events {

enum class FieldKind : uint8_t {
  kText,       // UTF-8 text without control characters (tab, newline allowed)
  kId,         // identifier: 1..128 of [A-Za-z0-9._:/-]
  kEnum,       // one of FieldSpec::choices, stored as its text
  kUInt,       // non-negative integer (u64)
  kBool,       // true / false (u8 0 or 1)
  kDate,       // "YYYY-MM-DD", a real calendar date (i32 days since 1970-01-01)
  kPublicKey,  // base64 of a raw 32-byte Ed25519 key (32 raw bytes)
  kHash,       // base64 of 32 bytes, e.g. a salted commitment (32 raw bytes)
  kIdList,     // array of ids, or "*" meaning all (u64 count + texts)
  kDateList,   // array of kDate, strictly increasing (u64 count + i32 each)
};

struct FieldSpec {
  std::string_view name;
  FieldKind kind;
  bool optional = false;                       // binary: a u8 presence flag precedes the value
  std::vector<std::string_view> choices = {};  // kEnum only
  size_t max_bytes = 1024;                     // kText only
};

// kPublicKey and kHash share the 32-byte alternative (PublicKey and Hash are one type).
using Value = std::variant<std::monostate, std::string, uint64_t, bool, int32_t, Hash,
                           std::vector<std::string>, std::vector<int32_t>>;
class Body;

struct EventSchema {
  std::string_view type;
  uint32_t version = 1;
  std::vector<FieldSpec> fields;
  // The body field naming the organisation the event is recorded for; an
  // authority key must be scoped to it. Empty: only root/admin keys may sign.
  std::string_view scope_field;
  // For an old version: converts a body of this version into one of the next
  // version, so rules and views only ever see the latest shape ("upcast on read").
  std::vector<Value> (*upcast)(const Body& old) = nullptr;
};


// A decoded, validated body. Accessors take field names from the schema;
// asking for a field the schema lacks or of another kind is a programming error.
class Body {
 public:
  Body(const EventSchema* schema, std::vector<Value> values)
      : schema_(schema), values_(std::move(values)) {}
  const EventSchema& schema() const { return *schema_; }
  const std::vector<Value>& values() const { return values_; }

  bool Has(std::string_view field) const;
  const std::string& Text(std::string_view field) const;  // kText, kId, kEnum
  uint64_t UInt(std::string_view field) const;
  bool Bool(std::string_view field) const;
  int32_t Date(std::string_view field) const;  // days since 1970-01-01
  const PublicKey& Key(std::string_view field) const;
  const Hash& HashField(std::string_view field) const;
  const std::vector<std::string>& List(std::string_view field) const;
  const std::vector<int32_t>& Dates(std::string_view field) const;  // kDateList

 private:
  const Value& Get(std::string_view field) const;
  const EventSchema* schema_;
  std::vector<Value> values_;
};

std::span<const EventSchema> AllSchemas();
const EventSchema* FindSchema(std::string_view type, uint32_t version);
const EventSchema* LatestSchema(std::string_view type);

// JSON object -> Body; errors name the field ("body.role: must be one of admin, authority").
Result<Body> BodyFromJson(const EventSchema& schema, const boost::json::value& json);
// The same, finding every error of the body (each field's, in schema order
// after the unknown fields'), appended to `errors`; nullopt when there was one.
std::optional<Body> BodyFromJsonAll(const EventSchema& schema, const boost::json::value& json,
                                    std::vector<Status>& errors);
boost::json::object BodyToJson(const Body& body);
Bytes EncodeBody(const Body& body);
// Strict: the bytes must be exactly EncodeBody of the result.
Result<Body> DecodeBody(const EventSchema& schema, ByteView bytes);
Result<Body> DecodeSubmissionBody(const Submission& s);
// Decodes and upcasts through every newer schema version of the type.
Result<Body> DecodeLatestBody(const Submission& s);
// Parses a field value from its text form (as in JSON, without quotes for
// strings/dates): used by corrections, which name a field and a new value.
Result<Value> ParseFieldText(const FieldSpec& field, std::string_view text);
const FieldSpec* FindField(const EventSchema& schema, std::string_view name);

// Submission JSON: {"type", "schema", "client_id", "body"} and, once signed,
// "signer" and "signature" (base64). Unknown keys are rejected. With
// require_signature false the last two may be absent and "schema" defaults
// to the type's latest version.
Result<Submission> SubmissionFromJson(const boost::json::value& json, bool require_signature);
// The same, finding every error of the event (appended to `errors`, the
// first being SubmissionFromJson's); nullopt when there was one.
std::optional<Submission> SubmissionFromJsonAll(const boost::json::value& json,
                                                bool require_signature,
                                                std::vector<Status>& errors);
// Parses JSON text first; malformed JSON and invalid UTF-8 are InvalidArgument.
Result<Submission> SubmissionFromJsonText(std::string_view text, bool require_signature);
// Submissions from text: one JSON object, a JSON array of objects, or JSON
// lines. All or nothing: the first malformed event is an InvalidArgument
// naming it ("event 3: body.post: ..."), or the line for bad JSON or UTF-8.
Result<std::vector<Submission>> SubmissionsFromText(std::string_view text, bool require_signature);
// One event of a text read on its own: the submission, or every error it has.
// client_id, signer (base64) and type are copied as written when they are
// strings, so that even a malformed event can be told apart.
struct ParsedEvent {
  std::optional<Submission> submission;
  std::vector<Status> errors;
  std::string client_id, signer, type;
};
// Not all or nothing: each event is read on its own. Only text that is not
// JSON (or JSON lines) or not UTF-8 fails as a whole, as in SubmissionsFromText.
Result<std::vector<ParsedEvent>> ParseEventsEach(std::string_view text, bool require_signature);
boost::json::object SubmissionToJson(const Submission& s, bool include_signature = true);
// The record as JSON for `ledger show/export` and the API (record hash included).
boost::json::object RecordToJson(const Record& r, ByteView record_bytes);

// Date helpers: "YYYY-MM-DD" <-> days since the Unix epoch.
Result<int32_t> ParseDate(std::string_view text);
std::string FormatDate(int32_t days);

}  // namespace ledger::events

#endif  // LEDGER_EVENTS_H_
