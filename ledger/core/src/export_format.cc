// Export lines: writing (for `ledger export` and tests) and strict-enough
// parsing for the auditor. Unknown keys are ignored for forward compatibility.
#include "ledger/export_format.h"

#include <boost/json.hpp>
#include <cerrno>
#include <cstring>

#include "ledger/events.h"
#include "ledger/record.h"

namespace ledger {
namespace json = boost::json;

std::string ExportHeaderLine(const note::VerifierKey& log_key, uint64_t size) {
  json::object o;
  o["type"] = "header";
  o["format"] = kExportFormat;
  o["origin"] = log_key.name;
  o["log_key"] = log_key.ToString();
  o["size"] = size;
  return json::serialize(o);
}

std::string ExportRecordLine(uint64_t seq, ByteView record_bytes) {
  json::object o;
  o["type"] = "record";
  o["seq"] = seq;
  o["leaf"] = Base64Encode(record_bytes);
  if (auto rec = DecodeRecord(record_bytes); rec.ok()) {
    o["record"] = events::RecordToJson(*rec, record_bytes);
  }
  return json::serialize(o);
}

std::string ExportCheckpointLine(uint64_t size, std::string_view signed_note) {
  json::object o;
  o["type"] = "checkpoint";
  o["size"] = size;
  o["note"] = signed_note;
  return json::serialize(o);
}

namespace {

Result<std::string> Text(const json::object& o, std::string_view key) {
  const json::value* v = o.if_contains(key);
  if (!v || !v->is_string()) {
    return Status::InvalidArgument("\"" + std::string(key) + "\" is missing or not a string");
  }
  return std::string(v->get_string());
}

Result<uint64_t> Number(const json::object& o, std::string_view key) {
  const json::value* v = o.if_contains(key);
  if (v && v->is_uint64()) return v->get_uint64();
  if (v && v->is_int64() && v->get_int64() >= 0) return uint64_t(v->get_int64());
  return Status::InvalidArgument("\"" + std::string(key) +
                                 "\" is missing or not a non-negative integer");
}

}  // namespace

Result<ExportLine> ParseExportLine(std::string_view line) {
  boost::system::error_code ec;
  json::value v = json::parse(line, ec);
  if (ec || !v.is_object()) return Status::InvalidArgument("not a JSON object");
  json::object& o = v.get_object();
  LEDGER_ASSIGN_OR_RETURN(std::string type, Text(o, "type"));
  ExportLine out;
  if (type == "header") {
    out.type = ExportLine::Type::kHeader;
    LEDGER_ASSIGN_OR_RETURN(out.format, Text(o, "format"));
    LEDGER_ASSIGN_OR_RETURN(out.origin, Text(o, "origin"));
    LEDGER_ASSIGN_OR_RETURN(out.log_key, Text(o, "log_key"));
    LEDGER_ASSIGN_OR_RETURN(out.size, Number(o, "size"));
  } else if (type == "record") {
    out.type = ExportLine::Type::kRecord;
    LEDGER_ASSIGN_OR_RETURN(out.seq, Number(o, "seq"));
    LEDGER_ASSIGN_OR_RETURN(std::string leaf, Text(o, "leaf"));
    auto bytes = Base64Decode(leaf);
    if (bytes.ok()) {
      out.leaf = std::move(bytes).value();
    } else {
      out.leaf_status = bytes.status().WithContext("\"leaf\" is not valid base64");
    }
    if (json::value* record = o.if_contains("record")) out.record = std::move(*record);
  } else if (type == "checkpoint") {
    out.type = ExportLine::Type::kCheckpoint;
    LEDGER_ASSIGN_OR_RETURN(out.size, Number(o, "size"));
    LEDGER_ASSIGN_OR_RETURN(out.note, Text(o, "note"));
  } else {
    return Status::InvalidArgument("unknown line type \"" + type + "\"");
  }
  return out;
}

Result<bool> ExportReader::Next(ExportLine& out, bool skip_records) {
  for (;;) {
    if (!in_.is_open() || !std::getline(in_, buf_)) {
      if (in_.is_open() && in_.bad()) {
        return Status::FailedPrecondition("cannot read " + file() + ": " + std::strerror(errno));
      }
      if (in_.is_open() && first_line_ == 0) {
        return Status::InvalidArgument(file() +
                                       " is empty: an export file begins with its header line");
      }
      if (file_index_ == files_.size()) return false;
      in_ = std::ifstream(files_[file_index_++], std::ios::binary);
      if (!in_) {
        return Status::NotFound("cannot open " + file() + ": " + std::strerror(errno));
      }
      line_no_ = 0;
      first_line_ = 0;
      continue;
    }
    ++line_no_;
    if (!buf_.empty() && buf_.back() == '\r') buf_.pop_back();
    if (buf_.empty()) continue;
    if (first_line_ == 0) first_line_ = line_no_;
    if (skip_records && !first_of_file() && buf_.starts_with(R"({"type":"record")")) continue;
    auto parsed = ParseExportLine(buf_);
    if (!parsed.ok()) return parsed.status().WithContext(Where());
    out = std::move(parsed).value();
    if (first_of_file() && out.type != ExportLine::Type::kHeader) {
      return Status::InvalidArgument(Where() + ": an export file must begin with its header line");
    }
    if (!first_of_file() && out.type == ExportLine::Type::kHeader) {
      return Status::InvalidArgument(Where() + ": a second header line inside one file");
    }
    if (out.type == ExportLine::Type::kHeader && out.format != kExportFormat) {
      return Status::InvalidArgument(Where() + ": unsupported export format \"" + out.format +
                                     "\" (this tool reads " + std::string(kExportFormat) + ")");
    }
    return true;
  }
}

std::string ExportReader::Where() const {
  return (file_index_ == 0 ? std::string("-") : file()) + ":" + std::to_string(line_no_);
}

}  // namespace ledger
