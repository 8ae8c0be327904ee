// JSON forms of submissions and records (API and CLI), over the generic body codec.
#include <boost/json.hpp>

#include <algorithm>
#include <cstring>

#include "ledger/encoding.h"
#include "ledger/events.h"
#include "ledger/submission_budget.h"

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

// The CPU budget is read once per this many bytes parsed, and once per this
// many events or lines: cheap next to the work between two reads.
constexpr size_t kBudgetChunkBytes = 64 * 1024;
constexpr size_t kBudgetEvery = 64;

// ResourceExhausted once `budget` (if any) is spent, saying how far parsing
// got: "parsing the input (byte 65536 of 8388608): stopped after ...".
Status CheckBudget(const CpuBudget* budget, std::string_view stage, size_t done, size_t total) {
  if (!budget || !budget->spent()) return Status::Ok();
  return budget->Check("parsing the input (" + std::string(stage) + " " + std::to_string(done) +
                       " of " + std::to_string(total) + ")");
}

// One JSON document, fed to the parser a chunk at a time so that the budget
// is checked inside long documents too. `ec` is set for malformed JSON.
Result<json::value> ParseJson(json::stream_parser& p, std::string_view text,
                              const CpuBudget* budget, size_t offset, size_t total,
                              boost::system::error_code& ec) {
  p.reset();
  for (size_t at = 0; at < text.size(); at += kBudgetChunkBytes) {
    p.write(text.substr(at, kBudgetChunkBytes), ec);
    if (ec) return json::value();
    if (text.size() > kBudgetChunkBytes) {
      const size_t parsed = std::min(at + kBudgetChunkBytes, text.size());
      LEDGER_RETURN_IF_ERROR(CheckBudget(budget, "byte", offset + parsed, total));
    }
  }
  p.finish(ec);
  if (ec) return json::value();
  return p.release();
}

Result<std::vector<json::value>> EventsJsonFromText(std::string_view text,
                                                    const CpuBudget* budget) {
  std::vector<json::value> out;
  size_t first = text.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos) return Status::InvalidArgument("the input has no events");
  if (!IsValidUtf8(text)) {
    // Name the line, so a department can find the bad bytes in its export.
    size_t line = 1, start = 0;
    for (size_t end = 0; end <= text.size(); ++end) {
      if (end < text.size() && text[end] != '\n') continue;
      if (!IsValidUtf8(text.substr(start, end - start))) break;
      ++line;
      start = end + 1;
    }
    return Status::InvalidArgument("the input is not valid UTF-8 (line " + std::to_string(line) +
                                   ")");
  }
  boost::system::error_code ec;
  json::stream_parser parser;
  LEDGER_ASSIGN_OR_RETURN(json::value whole, ParseJson(parser, text, budget, 0, text.size(), ec));
  if (!ec) {
    if (whole.is_array()) {
      for (auto& v : whole.as_array()) out.push_back(std::move(v));
    } else {
      out.push_back(std::move(whole));
    }
    return out;
  }
  // Not one JSON document: read it as JSON lines, naming the bad line.
  size_t line_no = 0, pos = 0;
  while (pos <= text.size()) {
    size_t end = text.find('\n', pos);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(pos, end - pos);
    ++line_no;
    if (line_no % kBudgetEvery == 0) {
      LEDGER_RETURN_IF_ERROR(CheckBudget(budget, "byte", pos, text.size()));
    }
    if (line.find_first_not_of(" \t\r") != std::string_view::npos) {
      LEDGER_ASSIGN_OR_RETURN(json::value v,
                              ParseJson(parser, line, budget, pos, text.size(), ec));
      if (ec) {
        return Status::InvalidArgument("malformed JSON on line " + std::to_string(line_no) + ": " +
                                       ec.message());
      }
      out.push_back(std::move(v));
    }
    pos = end + 1;
  }
  return out;
}

}  // namespace

Result<Submission> SubmissionFromJson(const json::value& j, bool require_signature) {
  std::vector<Status> errors;
  std::optional<Submission> s = SubmissionFromJsonAll(j, require_signature, errors);
  if (!s) return errors.front();
  return std::move(*s);
}

std::optional<Submission> SubmissionFromJsonAll(const json::value& j, bool require_signature,
                                                std::vector<Status>& errors) {
  if (!j.is_object()) {
    errors.push_back(Status::InvalidArgument("an event must be a JSON object"));
    return std::nullopt;
  }
  const size_t errors_before = errors.size();
  auto note = [&](const Status& st) {
    if (!st.ok()) errors.push_back(st);
    return st.ok();
  };
  const json::object& o = j.as_object();
  static constexpr std::string_view kKeys[] = {"type",      "schema", "client_id",
                                               "body",      "signer", "signature"};
  for (const auto& kv : o) {
    if (std::find(std::begin(kKeys), std::end(kKeys), kv.key()) == std::end(kKeys)) {
      note(Status::InvalidArgument(std::string(kv.key()) +
                                   ": unknown field (expected type, schema, client_id, body, "
                                   "signer, signature)"));
    }
  }
  Submission s;
  const EventSchema* schema = nullptr;
  if (auto type = StringMember(o, "type", true); note(type.status())) {
    s.event_type = std::move(*type);
    schema = LatestSchema(s.event_type);
    if (!schema) note(Status::InvalidArgument("type: unknown event type \"" + s.event_type + "\""));
  }
  if (auto it = o.find("schema"); it != o.end()) {
    if (!it->value().is_int64() || it->value().as_int64() < 1 ||
        it->value().as_int64() > UINT32_MAX) {
      note(Status::InvalidArgument("schema: expected a positive integer"));
      schema = nullptr;
    } else if (schema) {
      schema = FindSchema(s.event_type, uint32_t(it->value().as_int64()));
      if (!schema) {
        note(Status::InvalidArgument("schema: " + s.event_type + " has no schema version " +
                                     std::to_string(it->value().as_int64())));
      }
    }
  } else if (require_signature) {
    note(Status::InvalidArgument("schema: required field is missing"));
  }
  if (schema) s.schema_version = schema->version;
  if (auto id = StringMember(o, "client_id", require_signature); note(id.status())) {
    s.client_id = std::move(*id);
    if (s.client_id.size() > kMaxClientIdBytes || !IsValidUtf8(s.client_id)) {
      note(Status::InvalidArgument("client_id: must be valid UTF-8 of at most " +
                                   std::to_string(kMaxClientIdBytes) + " bytes"));
    }
  }
  auto body_it = o.find("body");
  if (body_it == o.end()) {
    note(Status::InvalidArgument("body: required field is missing"));
  } else if (schema) {
    // Without a schema (an unknown type or version) the body cannot be read.
    if (std::optional<Body> body = BodyFromJsonAll(*schema, body_it->value(), errors)) {
      s.body = EncodeBody(*body);
    }
  }

  const bool has_signer = o.contains("signer"), has_sig = o.contains("signature");
  if (require_signature && !(has_signer && has_sig)) {
    note(Status::InvalidArgument("the event is not signed (signer and signature are required)"));
  } else if (has_signer || has_sig) {
    auto signer = StringMember(o, "signer", true);
    auto sig = StringMember(o, "signature", true);
    if (note(signer.status())) {
      auto key = FixedBase64<32>("signer", *signer);
      if (note(key.status())) s.signer = *key;
    }
    if (note(sig.status())) {
      auto bytes = FixedBase64<64>("signature", *sig);
      if (note(bytes.status())) s.signature = *bytes;
    }
  }
  if (errors.size() != errors_before) return std::nullopt;
  return s;
}

Result<Submission> SubmissionFromJsonText(std::string_view text, bool require_signature) {
  boost::system::error_code ec;
  json::value v = json::parse(text, ec);
  if (ec) return Status::InvalidArgument("malformed JSON: " + ec.message());
  return SubmissionFromJson(v, require_signature);
}

Result<std::vector<Submission>> SubmissionsFromText(std::string_view text,
                                                    bool require_signature) {
  return SubmissionsFromText(text, require_signature, nullptr);
}

Result<std::vector<Submission>> SubmissionsFromText(std::string_view text, bool require_signature,
                                                    const CpuBudget* budget) {
  LEDGER_ASSIGN_OR_RETURN(std::vector<json::value> values, EventsJsonFromText(text, budget));
  std::vector<Submission> out;
  out.reserve(values.size());
  for (size_t i = 0; i < values.size(); ++i) {
    if (i % kBudgetEvery == kBudgetEvery - 1) {
      LEDGER_RETURN_IF_ERROR(CheckBudget(budget, "event", i + 1, values.size()));
    }
    auto s = SubmissionFromJson(values[i], require_signature);
    if (!s.ok()) return s.status().WithContext("event " + std::to_string(i + 1));
    out.push_back(std::move(*s));
  }
  return out;
}

Result<std::vector<ParsedEvent>> ParseEventsEach(std::string_view text, bool require_signature) {
  return ParseEventsEach(text, require_signature, nullptr);
}

Result<std::vector<ParsedEvent>> ParseEventsEach(std::string_view text, bool require_signature,
                                                 const CpuBudget* budget) {
  LEDGER_ASSIGN_OR_RETURN(std::vector<json::value> values, EventsJsonFromText(text, budget));
  std::vector<ParsedEvent> out(values.size());
  for (size_t i = 0; i < values.size(); ++i) {
    if (i % kBudgetEvery == kBudgetEvery - 1) {
      LEDGER_RETURN_IF_ERROR(CheckBudget(budget, "event", i + 1, values.size()));
    }
    out[i].submission = SubmissionFromJsonAll(values[i], require_signature, out[i].errors);
    if (const json::object* o = values[i].if_object()) {
      // What a rejection journal can be searched by, even for a malformed event.
      if (auto it = o->find("client_id"); it != o->end() && it->value().is_string()) {
        out[i].client_id = std::string(it->value().as_string());
      }
      if (auto it = o->find("signer"); it != o->end() && it->value().is_string()) {
        out[i].signer = std::string(it->value().as_string());
      }
      if (auto it = o->find("type"); it != o->end() && it->value().is_string()) {
        out[i].type = std::string(it->value().as_string());
      }
    }
  }
  return out;
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
