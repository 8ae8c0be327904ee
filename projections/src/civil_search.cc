// Search tables for `ledger find` and the API: records by record hash, leaf
// hash, client_id or decision number, and persons by name, through the
// projection's lookup entries (civil_lookup.cc).
#include <boost/json.hpp>

#include "ledger/event_types.h"
#include "ledger/merkle.h"
#include "projections/civil_queries.h"
#include "queries_internal.h"

namespace ledger::projections {
namespace json = boost::json;
namespace F = events::field;

Result<Table> CivilQueries::FindRecords(RecordKey kind, std::string_view value) const {
  Table t{{"seq", "type", "recorded_at", "client_id", "org", "decision", "record_hash",
           "leaf_hash"}};
  LEDGER_RETURN_IF_ERROR(ReadAsOf(t, [&](const lmdb::Txn& txn) -> Status {
    LEDGER_ASSIGN_OR_RETURN(std::vector<uint64_t> seqs, state_.FindRecords(txn, kind, value));
    for (uint64_t seq : seqs) {
      LEDGER_ASSIGN_OR_RETURN(auto rec, state_.RecordAt(txn, seq));
      // The record's own bytes (decoding is strict: one encoding per record).
      const Bytes bytes = EncodeRecord(rec.first);
      const events::Body& b = rec.second;
      const events::EventSchema& s = b.schema();
      std::string decision;
      if (events::FindField(s, F::kDecisionNumber) && b.Has(F::kDecisionNumber)) {
        decision = b.Text(F::kDecisionInstrument) + " " + b.Text(F::kDecisionNumber) + ", " +
                   events::FormatDate(b.Date(F::kDecisionDate));
      }
      t.rows.push_back(
          {seq, json::string(s.type), json::string(FormatTimestamp(rec.first.recorded_at_us)),
           json::string(rec.first.submission.client_id),
           s.scope_field.empty() ? json::value(nullptr) : json::value(b.Text(s.scope_field)),
           decision.empty() ? json::value(nullptr) : json::value(decision),
           json::string(HexEncode(RecordHash(bytes))),
           json::string(HexEncode(merkle::HashLeaf(bytes)))});
    }
    return Status::Ok();
  }));
  t.total = t.rows.size();
  return t;
}

Result<Table> CivilQueries::FindPersons(std::string_view query, bool whole_words,
                                        size_t limit) const {
  if (NameWords(query).empty()) {
    return Status::InvalidArgument("name: give at least one word of the name");
  }
  Table t{{"person", "name", "gender", "birth_year", "posts", "seq"}};
  LEDGER_RETURN_IF_ERROR(ReadAsOf(t, [&](const lmdb::Txn& txn) -> Status {
    LEDGER_ASSIGN_OR_RETURN(std::vector<std::string> ids,
                            state_.FindPersonsByName(txn, query, whole_words, limit));
    for (const std::string& id : ids) {
      LEDGER_ASSIGN_OR_RETURN(auto p, state_.Person(txn, id));
      if (!p) continue;
      json::array posts;
      for (const auto& post : p->posts) posts.emplace_back(post);
      t.rows.push_back({json::string(id), json::string(p->full_name), json::string(p->gender),
                        p->birth_year, std::move(posts), p->seq});
    }
    return Status::Ok();
  }));
  t.total = t.rows.size();
  return t;
}

}  // namespace ledger::projections
