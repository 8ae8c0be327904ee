// The civil-state projection's storage and fold: opening its databases,
// reading rows (records through their corrections), and folding each
// accepted record through its type's entry (event_rules.h).
#include "projections/civil_state.h"

#include <algorithm>

#include "civil_dbs.h"
#include "civil_rows.h"
#include "event_rules.h"
#include "ledger/layout.h"
#include "state_codec.h"

namespace ledger::projections {
using namespace civil_dbs;  // the databases opened below

Status CivilState::Open(lmdb::Txn& txn, bool create) {
  auto open = [&](const char* name, MDB_dbi& dbi) -> Status {
    auto r = txn.OpenDb(name, create);
    if (!r.ok()) {
      return r.status().WithContext(
          "the civil-state projection is missing (this ledger predates it); run `ledger rebuild`");
    }
    dbi = *r;
    return Status::Ok();
  };
  LEDGER_RETURN_IF_ERROR(open(layout::kRecordsDb, dbs_.records));
  LEDGER_RETURN_IF_ERROR(open(kOrgsDb, dbs_.orgs));
  LEDGER_RETURN_IF_ERROR(open(kPostsDb, dbs_.posts));
  LEDGER_RETURN_IF_ERROR(open(kPersonsDb, dbs_.persons));
  LEDGER_RETURN_IF_ERROR(open(kBreachesDb, dbs_.breaches));
  LEDGER_RETURN_IF_ERROR(open(kSanctionsDb, dbs_.sanctions));
  LEDGER_RETURN_IF_ERROR(open(kIndexDb, dbs_.index));
  LEDGER_RETURN_IF_ERROR(open(kMetaDb, dbs_.meta));
  return open(kCorrectionsDb, dbs_.corrections);
}

Result<std::optional<OrgState>> CivilState::Org(const lmdb::Txn& txn, std::string_view id) const {
  return LoadState<OrgState>(txn, dbs_.orgs, id);
}
Result<std::optional<PostState>> CivilState::Post(const lmdb::Txn& txn, std::string_view id) const {
  return LoadState<PostState>(txn, dbs_.posts, id);
}
Result<std::optional<PersonState>> CivilState::Person(const lmdb::Txn& txn,
                                                      std::string_view id) const {
  return LoadState<PersonState>(txn, dbs_.persons, id);
}
Result<std::optional<BreachState>> CivilState::Breach(const lmdb::Txn& txn,
                                                      std::string_view id) const {
  return LoadState<BreachState>(txn, dbs_.breaches, id);
}
Result<bool> CivilState::HasSanction(const lmdb::Txn& txn, std::string_view id) const {
  LEDGER_ASSIGN_OR_RETURN(auto v, txn.Get(dbs_.sanctions, IdKey(id)));
  return v.has_value();
}

Status CivilState::ForEachPost(
    const lmdb::Txn& txn, std::string_view prefix,
    const std::function<Status(std::string_view, const PostState&)>& fn) const {
  LEDGER_ASSIGN_OR_RETURN(lmdb::Cursor cur, lmdb::Cursor::Open(txn, dbs_.posts));
  LEDGER_ASSIGN_OR_RETURN(bool more, cur.Seek(IdKey(prefix)));
  for (; more;) {
    const std::string_view id(reinterpret_cast<const char*>(cur.key().data()), cur.key().size());
    if (!id.starts_with(prefix)) break;
    LEDGER_ASSIGN_OR_RETURN(PostState p, DecodeRow<PostState>(cur.value(), id));
    LEDGER_RETURN_IF_ERROR(fn(id, p));
    LEDGER_ASSIGN_OR_RETURN(more, cur.Next());
  }
  return Status::Ok();
}

CivilRows CivilState::Rows(lmdb::Txn& txn) const {
  // The index kinds the fold only adds, held for Flush (index_rows.h): by
  // record hash, leaf hash and client id, service, finding, ruling, sanction.
  constexpr std::string_view kHeldIndexKinds = "KLCSFRX";
  return CivilRows{txn,
                   {txn, dbs_.orgs},
                   {txn, dbs_.posts},
                   {txn, dbs_.persons},
                   {txn, dbs_.breaches},
                   {txn, dbs_.index, kHeldIndexKinds},
                   dbs_.sanctions,
                   dbs_.corrections,
                   dbs_.meta,
                   dbs_.records};
}

Result<std::pair<Record, events::Body>> CivilState::RecordAt(const lmdb::Txn& txn, uint64_t seq,
                                                             uint64_t corrections_before) const {
  LEDGER_ASSIGN_OR_RETURN(auto bytes, txn.Get(dbs_.records, lmdb::BigEndian(seq)));
  if (!bytes) return Status::NotFound("no record at seq " + std::to_string(seq));
  LEDGER_ASSIGN_OR_RETURN(Record rec, DecodeRecord(*bytes));
  LEDGER_ASSIGN_OR_RETURN(events::Body body, events::DecodeLatestBody(rec.submission));
  // Apply the corrections of this record in the order they were recorded.
  const Bytes first = CorrectionKey(seq, 0);
  LEDGER_ASSIGN_OR_RETURN(lmdb::Cursor cur, lmdb::Cursor::Open(txn, dbs_.corrections));
  LEDGER_ASSIGN_OR_RETURN(bool more, cur.Seek(first));
  std::vector<events::Value> values = body.values();
  const events::EventSchema& schema = body.schema();
  for (; more && std::equal(first.begin(), first.begin() + 8, cur.key().begin());) {
    if (lmdb::ReadBigEndian(cur.key().subspan(8)) >= corrections_before) break;
    std::string_view row(reinterpret_cast<const char*>(cur.value().data()), cur.value().size());
    const size_t nul = row.find('\0');
    const std::string_view field = row.substr(0, nul), text = row.substr(nul + 1);
    const events::FieldSpec* spec = events::FindField(schema, field);
    if (!spec || nul == std::string_view::npos) {
      return Status::DataLoss("correction row for seq " + std::to_string(seq) + " is corrupt");
    }
    LEDGER_ASSIGN_OR_RETURN(values[size_t(spec - schema.fields.data())],
                            events::ParseFieldText(*spec, text));
    LEDGER_ASSIGN_OR_RETURN(more, cur.Next());
  }
  return std::make_pair(std::move(rec), events::Body(&schema, std::move(values)));
}

Status CivilState::Apply(lmdb::Txn& txn, const Record& record, const events::Body& b) {
  CivilRows rows = Rows(txn);
  LEDGER_RETURN_IF_ERROR(Fold(rows, record, b));
  LEDGER_RETURN_IF_ERROR(rows.Flush());
  return SetApplied(txn, record.seq + 1);
}

// Replays a chunk through one cache, flushed (with the cursor) when the
// chunk finishes.
class CivilState::Replay : public ReplayBatch {
 public:
  Replay(CivilState& state, lmdb::Txn& txn) : state_(state), rows_(state.Rows(txn)) {}
  Status Apply(const Record& record, const events::Body& body) override {
    LEDGER_RETURN_IF_ERROR(state_.Fold(rows_, record, body));
    next_ = record.seq + 1;
    return Status::Ok();
  }
  Status Finish() override {
    LEDGER_RETURN_IF_ERROR(rows_.Flush());
    return next_ ? state_.SetApplied(rows_.txn, *next_) : Status::Ok();
  }

 private:
  CivilState& state_;
  CivilRows rows_;
  std::optional<uint64_t> next_;
};

std::unique_ptr<ReplayBatch> CivilState::BeginReplay(lmdb::Txn& txn) {
  return std::make_unique<Replay>(*this, txn);
}

// The type's entry changes the state, then the index entries follow from it.
Status CivilState::Fold(CivilRows& rows, const Record& record, const events::Body& b) {
  LEDGER_ASSIGN_OR_RETURN(const EventRules* rules, RulesFor(b.schema().type));
  const FoldStep step{*this, rows, record, b};
  LEDGER_RETURN_IF_ERROR(rules->apply(step));
  LEDGER_RETURN_IF_ERROR(IndexFindings(step));
  LEDGER_RETURN_IF_ERROR(IndexLookups(step));
  return rules->index(step);
}

}  // namespace ledger::projections
