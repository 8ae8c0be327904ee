// The record and name lookups of the civil-state projection: a record by its
// record hash, leaf hash, client_id or decision number; a person by a name
// written in Cyrillic or in its Latin transliteration; an organisation's
// changes of approved headcount. Entries in the index database (kinds K, L,
// C, D, N, M; civil_index.cc), written by the fold like every other view
// index, so rebuilt by `ledger rebuild` and digested and replayed by the
// auditor (view_digest.h, view_replay.h).
#include <algorithm>
#include <set>

#include "event_rules.h"
#include "ledger/encoding.h"
#include "ledger/merkle.h"
#include "state_codec.h"

namespace ledger::projections {
namespace {

// The hash lookups keep the first 16 bytes: a lookup confirms the whole hash
// on the record itself, and the index stays a third the size.
constexpr size_t kHashPrefixBytes = 16;

std::string HashPrefix(const Hash& h) {
  return std::string(reinterpret_cast<const char*>(h.data()), kHashPrefixBytes);
}

// Decision numbers as people type them: case and runs of spaces folded.
std::string FoldDecision(std::string_view number) {
  std::string out;
  for (char c : number) {
    if (c == ' ' || c == '\t') {
      if (!out.empty() && out.back() != ' ') out += ' ';
    } else {
      out += (c >= 'A' && c <= 'Z') ? char(c + 32) : c;
    }
  }
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

// The entries a record's (corrected) body implies: they move with a correction.
std::vector<std::pair<std::string, std::string>> BodyLookups(uint64_t seq, const events::Body& b) {
  std::vector<std::pair<std::string, std::string>> out;
  const events::EventSchema& schema = b.schema();
  if (events::FindField(schema, F::kDecisionNumber) && b.Has(F::kDecisionNumber)) {
    out.emplace_back(IndexKey('D', FoldDecision(b.Text(F::kDecisionNumber)), {seq}), "");
  }
  if (schema.type == events::kPersonRegistered) {
    for (const std::string& word : NameWords(b.Text(F::kFullName))) {
      out.emplace_back(IndexKey('N', word, {seq}), b.Text(F::kPerson));
    }
  }
  const bool sets_cap = schema.type == events::kOrganisationEstablished ||
                        schema.type == events::kOrganisationRestructured;
  if (sets_cap && b.Has(F::kMaxHeadcount)) {
    CapChange c{b.UInt(F::kMaxHeadcount), b.Date(F::kEffectiveDate), seq, ""};
    if (events::FindField(schema, F::kDecisionNumber) && b.Has(F::kDecisionNumber)) {
      c.decision = b.Text(F::kDecisionInstrument) + " " + b.Text(F::kDecisionNumber) + ", " +
                   events::FormatDate(b.Date(F::kDecisionDate));
    }
    out.emplace_back(IndexKey('M', b.Text(F::kOrg), {DayKey(c.day), seq}), EncodeRow(c));
  }
  return out;
}

Status PutAll(CivilRows& rows, const std::vector<std::pair<std::string, std::string>>& entries) {
  for (const auto& [k, v] : entries) {
    LEDGER_RETURN_IF_ERROR(rows.index.Put(k, v));
  }
  return Status::Ok();
}

// UTF-8 code points of `s` (valid UTF-8: the store checks every body).
template <class Fn>
void ForEachCodePoint(std::string_view s, Fn fn) {
  for (size_t i = 0; i < s.size();) fn(DecodeUtf8(s, i));
}

}  // namespace

Result<Hash> ParseHashText(std::string_view text) {
  if (text.size() == 64) {
    auto bytes = HexDecode(text);
    if (bytes.ok()) {
      Hash h{};
      std::copy(bytes->begin(), bytes->end(), h.begin());
      return h;
    }
  }
  // Base64 as the API's records give it; a '+' may arrive as a space from
  // a URL, and the URL-safe alphabet is accepted too.
  std::string b64(text);
  for (char& c : b64) c = c == ' ' || c == '-' ? '+' : c == '_' ? '/' : c;
  auto h = Base64DecodeHash(b64);
  if (h.ok()) return *h;
  return Status::InvalidArgument("a hash is 64 hex digits or 44 characters of base64, not \"" +
                                 std::string(text) + "\"");
}

std::string TransliterateName(std::string_view text) {
  // Mongolian Cyrillic а..я (U+0430..U+044F) by MNS 5217:2012, as passports
  // write names: Ганбаатар -> ganbaatar, Өлзий -> ulzii, Хүрэлбаатар -> khurelbaatar.
  static constexpr const char* kLower[32] = {
      "a", "b", "v", "g", "d",  "ye", "j",  "z",  "i",  "i", "k",  "l",  "m",  "n", "o",  "p",
      "r", "s", "t", "u", "f",  "kh", "ts", "ch", "sh", "sh", "i", "y",  "i",  "e", "yu", "ya"};
  std::string out;
  ForEachCodePoint(text, [&](char32_t c) {
    if (c >= U'A' && c <= U'Z') c += 32;
    if (c >= 0x410 && c <= 0x42F) c += 32;  // А-Я -> а-я
    if ((c >= U'a' && c <= U'z') || (c >= U'0' && c <= U'9')) {
      out += char(c);
    } else if (c >= 0x430 && c <= 0x44F) {
      out += kLower[c - 0x430];
    } else if (c == 0x401 || c == 0x451) {  // Ё ё
      out += "yo";
    } else if (c == 0x4E8 || c == 0x4E9 || c == 0x4AE || c == 0x4AF || c == 0xD6 || c == 0xF6 ||
               c == 0xDC || c == 0xFC) {  // Ө ө Ү ү, and Ö ö Ü ü typed for them
      out += 'u';
    } else {
      out += ' ';  // spaces, hyphens, dots and anything else separate words
    }
  });
  return out;
}

std::vector<std::string> NameWords(std::string_view text) {
  std::vector<std::string> words;
  const std::string latin = TransliterateName(text);
  size_t i = 0;
  while (i < latin.size()) {
    const size_t start = latin.find_first_not_of(' ', i);
    if (start == std::string::npos) break;
    const size_t end = std::min(latin.find(' ', start), latin.size());
    words.push_back(latin.substr(start, end - start));
    i = end;
  }
  return words;
}

Status IndexLookups(const FoldStep& step) {
  CivilRows& rows = step.rows;
  const uint64_t seq = step.record.seq;
  LEDGER_ASSIGN_OR_RETURN(std::optional<ByteView> bytes,
                          rows.txn.Get(rows.records, lmdb::BigEndian(seq)));
  if (!bytes) return Status::DataLoss("record " + std::to_string(seq) + " is missing");
  LEDGER_RETURN_IF_ERROR(rows.index.Put(IndexKey('K', HashPrefix(RecordHash(*bytes)), {seq}), {}));
  LEDGER_RETURN_IF_ERROR(
      rows.index.Put(IndexKey('L', HashPrefix(merkle::HashLeaf(*bytes)), {seq}), {}));
  LEDGER_RETURN_IF_ERROR(rows.index.Put(IndexKey('C', step.record.submission.client_id, {seq}), {}));
  return PutAll(rows, BodyLookups(seq, step.body));
}

Status ReindexLookups(const CorrectedStep& step) {
  for (const auto& [k, v] : BodyLookups(step.target, step.before)) {
    LEDGER_RETURN_IF_ERROR(step.rows.index.Delete(k));
  }
  return PutAll(step.rows, BodyLookups(step.target, step.after));
}

Status CivilState::ForEachCapChange(const lmdb::Txn& txn, std::string_view org,
                                    const std::function<Status(const CapChange&)>& fn) const {
  return ForPrefix(txn, dbs_.index, IndexKey('M', org, {}), [&](ByteView, ByteView v) -> Status {
    LEDGER_ASSIGN_OR_RETURN(CapChange c, DecodeRow<CapChange>(v, org));
    return fn(c);
  });
}

Result<std::vector<uint64_t>> CivilState::CorrectionsOf(const lmdb::Txn& txn, uint64_t seq) const {
  std::vector<uint64_t> out;
  const Bytes first = CorrectionKey(seq, 0);
  LEDGER_RETURN_IF_ERROR(
      ForPrefix(txn, dbs_.corrections, Chars(ByteView(first).first(8)),
                [&](ByteView k, ByteView) -> Status {
                  out.push_back(lmdb::ReadBigEndian(k.last(8)));
                  return Status::Ok();
                }));
  return out;
}

Result<std::vector<uint64_t>> CivilState::FindRecords(const lmdb::Txn& txn, RecordKey kind,
                                                      std::string_view value) const {
  std::string key(value);
  std::optional<Hash> hash;
  if (kind == RecordKey::kRecordHash || kind == RecordKey::kLeafHash) {
    LEDGER_ASSIGN_OR_RETURN(hash, ParseHashText(value));
    key = HashPrefix(*hash);
  } else if (kind == RecordKey::kDecision) {
    key = FoldDecision(value);
  }
  std::vector<uint64_t> out;
  LEDGER_RETURN_IF_ERROR(ForPrefix(
      txn, dbs_.index, IndexKey(char(kind), key, {}), [&](ByteView k, ByteView) -> Status {
        const uint64_t seq = lmdb::ReadBigEndian(k.last(8));
        if (hash) {  // the prefix matched: confirm the whole hash
          LEDGER_ASSIGN_OR_RETURN(auto bytes, txn.Get(dbs_.records, lmdb::BigEndian(seq)));
          if (!bytes) return Status::DataLoss("record " + std::to_string(seq) + " is missing");
          const Hash h = kind == RecordKey::kRecordHash ? RecordHash(*bytes)
                                                        : merkle::HashLeaf(*bytes);
          if (h != *hash) return Status::Ok();
        }
        out.push_back(seq);
        return Status::Ok();
      }));
  return out;
}

Result<std::vector<std::string>> CivilState::FindPersonsByName(const lmdb::Txn& txn,
                                                               std::string_view query,
                                                               bool whole_words,
                                                               size_t limit) const {
  const std::vector<std::string> words = NameWords(query);
  if (words.empty()) return std::vector<std::string>();
  std::optional<std::set<std::string>> found;
  for (const std::string& word : words) {
    std::set<std::string> these;
    const std::string prefix = whole_words ? IndexKey('N', word, {}) : "N" + word;
    LEDGER_RETURN_IF_ERROR(ForPrefix(txn, dbs_.index, prefix, [&](ByteView, ByteView v) {
      const std::string id(Chars(v));
      if (!found || found->count(id)) these.insert(id);
      return Status::Ok();
    }));
    found = std::move(these);
  }
  std::vector<std::string> out(found->begin(), found->end());
  if (out.size() > limit) out.resize(limit);
  return out;
}

Result<std::vector<std::string>> CivilState::PersonsWithCommitment(
    const lmdb::Txn& txn, std::string_view commitment) const {
  std::vector<std::string> out;
  LEDGER_RETURN_IF_ERROR(
      ForPrefix(txn, dbs_.index, IndexKey('P', commitment, {}), [&](ByteView, ByteView v) {
        out.emplace_back(Chars(v));
        return Status::Ok();
      }));
  return out;
}

}  // namespace ledger::projections
