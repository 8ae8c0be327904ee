// CompareReadable: a depth-first walk of the expected record JSON beside the
// line's, stopping at the first difference (readable_check.h).
#include "readable_check.h"

#include <boost/json.hpp>

#include "ledger/events.h"

namespace ledger::verify {
namespace json = boost::json;
namespace {

constexpr std::string_view kAbsent = "absent";

bool SameScalar(const json::value& a, const json::value& b) {
  // The writer emits unsigned integers; a parser reads small ones as int64.
  if ((a.is_int64() || a.is_uint64()) && (b.is_int64() || b.is_uint64())) {
    if (a.is_int64() && a.get_int64() < 0) return b.is_int64() && b.get_int64() == a.get_int64();
    if (b.is_int64() && b.get_int64() < 0) return false;
    return a.to_number<uint64_t>() == b.to_number<uint64_t>();
  }
  return a == b;
}

std::optional<ReadableMismatch> Diff(const std::string& path, const json::value& expected,
                                     const json::value& found) {
  auto mismatch = [&]() -> std::optional<ReadableMismatch> {
    return ReadableMismatch{path, json::serialize(expected), json::serialize(found)};
  };
  if (expected.is_object()) {
    if (!found.is_object()) return mismatch();
    const json::object& e = expected.get_object();
    const json::object& f = found.get_object();
    for (const auto& [key, value] : e) {
      const std::string at = path + "." + std::string(key);
      const json::value* other = f.if_contains(key);
      if (!other) return ReadableMismatch{at, json::serialize(value), std::string(kAbsent)};
      if (auto d = Diff(at, value, *other)) return d;
    }
    for (const auto& [key, value] : f) {
      if (!e.contains(key)) {
        return ReadableMismatch{path + "." + std::string(key), std::string(kAbsent),
                                json::serialize(value)};
      }
    }
    return std::nullopt;
  }
  if (expected.is_array()) {
    if (!found.is_array()) return mismatch();
    const json::array& e = expected.get_array();
    const json::array& f = found.get_array();
    for (size_t i = 0; i < e.size() || i < f.size(); ++i) {
      const std::string at = path + "[" + std::to_string(i) + "]";
      if (i >= f.size()) return ReadableMismatch{at, json::serialize(e[i]), std::string(kAbsent)};
      if (i >= e.size()) return ReadableMismatch{at, std::string(kAbsent), json::serialize(f[i])};
      if (auto d = Diff(at, e[i], f[i])) return d;
    }
    return std::nullopt;
  }
  if (!SameScalar(expected, found)) return mismatch();
  return std::nullopt;
}

}  // namespace

std::optional<ReadableMismatch> CompareReadable(uint64_t line_seq, const json::value& readable,
                                                const Record& record, ByteView record_bytes) {
  if (line_seq != record.seq) {
    return ReadableMismatch{"seq", std::to_string(record.seq), std::to_string(line_seq)};
  }
  json::object expected = events::RecordToJson(record, record_bytes);
  // The hash differs whenever any byte of the leaf does: compared last, so a
  // difference is named by the field that says what changed.
  if (json::value* hash = expected.if_contains("record_hash")) {
    json::value moved = std::move(*hash);
    expected.erase("record_hash");
    expected["record_hash"] = std::move(moved);
  }
  if (readable.is_null()) {
    return ReadableMismatch{"record", "the record object", std::string(kAbsent)};
  }
  return Diff("record", expected, readable);
}

}  // namespace ledger::verify
