// The civil-state projection's storage and fold: opening its databases,
// reading rows, and applying each accepted record (corrections and court
// rulings included). The rules that decide acceptance are in civil_rules.cc.
#include "projections/civil_state.h"

#include <algorithm>

#include "civil_rows.h"
#include "ledger/layout.h"
#include "state_codec.h"

namespace ledger::projections {
namespace {

constexpr const char* kOrgsDb = "proj.civil.orgs";            // org id -> OrgState
constexpr const char* kPostsDb = "proj.civil.posts";          // post id -> PostState
constexpr const char* kPersonsDb = "proj.civil.persons";      // person id -> PersonState
constexpr const char* kBreachesDb = "proj.civil.breaches";    // breach id -> BreachState
constexpr const char* kSanctionsDb = "proj.civil.sanctions";  // sanction id -> seq (u64 BE)
// target seq (u64 BE) || correction seq (u64 BE) -> field name, NUL, value text
constexpr const char* kCorrectionsDb = "proj.civil.corrections";
// The view indexes (civil_index.cc) and the applied cursor.
constexpr const char* kIndexDb = "proj.civil.index";
constexpr const char* kMetaDb = "proj.civil.meta";

Bytes CorrectionKey(uint64_t target, uint64_t seq) {
  Bytes k(16);
  auto a = lmdb::BigEndian(target), b = lmdb::BigEndian(seq);
  std::copy(a.begin(), a.end(), k.begin());
  std::copy(b.begin(), b.end(), k.begin() + 8);
  return k;
}

}  // namespace

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
  return CivilRows{txn,
                   {txn, dbs_.orgs},
                   {txn, dbs_.posts},
                   {txn, dbs_.persons},
                   {txn, dbs_.breaches}};
}

Result<std::pair<Record, events::Body>> CivilState::RecordAt(const lmdb::Txn& txn,
                                                             uint64_t seq) const {
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

Status CivilState::AddHolding(CivilRows& rows, const std::string& post_id, Holding h,
                              const std::string& how) {
  LEDGER_ASSIGN_OR_RETURN(PostState * post, rows.posts.EditExisting(post_id));
  LEDGER_ASSIGN_OR_RETURN(PersonState * person, rows.persons.EditExisting(h.person));
  LEDGER_ASSIGN_OR_RETURN(OrgState * org, rows.orgs.EditExisting(post->org));
  TenureEntry t{h.person, h.tenure, h.since};
  t.start_seq = h.seq;
  t.how = how;
  LEDGER_RETURN_IF_ERROR(
      rows.txn.Put(dbs_.index, IdKey(IndexKey('H', post_id, {h.seq})), IdKey(EncodeRow(t))));
  person->posts.push_back(post_id);
  std::sort(person->posts.begin(), person->posts.end());
  post->holders.push_back(std::move(h));
  org->headcount += 1;
  return Status::Ok();
}

Status CivilState::RemoveHolding(CivilRows& rows, const std::string& post_id,
                                 const std::string& person_id, int32_t day, uint64_t seq,
                                 const std::string& ended_by) {
  LEDGER_ASSIGN_OR_RETURN(PostState * post, rows.posts.EditExisting(post_id));
  LEDGER_ASSIGN_OR_RETURN(PersonState * person, rows.persons.EditExisting(person_id));
  LEDGER_ASSIGN_OR_RETURN(OrgState * org, rows.orgs.EditExisting(post->org));
  for (const Holding& h : post->holders) {
    if (h.person != person_id) continue;
    const std::string key = IndexKey('H', post_id, {h.seq});
    LEDGER_ASSIGN_OR_RETURN(TenureEntry t, LoadExisting<TenureEntry>(rows.txn, dbs_.index, key));
    t.end = day;
    t.end_seq = seq;
    t.ended_by = ended_by;
    LEDGER_RETURN_IF_ERROR(rows.txn.Put(dbs_.index, IdKey(key), IdKey(EncodeRow(t))));
  }
  std::erase_if(post->holders, [&](const Holding& h) { return h.person == person_id; });
  std::erase(person->posts, post_id);
  org->headcount -= std::min<uint64_t>(org->headcount, 1);
  return Status::Ok();
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

Status CivilState::Fold(CivilRows& rows, const Record& record, const events::Body& b) {
  LEDGER_RETURN_IF_ERROR(ApplyState(rows, record, b));
  return IndexRecord(rows, record, b);
}

Status CivilState::ApplyState(CivilRows& rows, const Record& record, const events::Body& b) {
  const std::string_view type = b.schema().type;
  const uint64_t seq = record.seq;
  auto opt = [&](std::string_view f) { return b.Has(f) ? b.Text(f) : std::string(); };
  if (type == "organisation.established") {
    OrgState o{b.Text("name"), opt("parent"), b.Text("level"), b.UInt("max_headcount")};
    o.seq = o.name_seq = o.parent_seq = o.level_seq = o.cap_seq = seq;
    rows.orgs.Put(b.Text("org"), std::move(o));
    return Status::Ok();
  }
  if (type.starts_with("organisation.")) {
    LEDGER_ASSIGN_OR_RETURN(OrgState * o, rows.orgs.EditExisting(b.Text("org")));
    if (type == "organisation.renamed") {
      o->name = b.Text("name");
      o->name_seq = seq;
    } else if (type == "organisation.restructured") {
      if (b.Has("parent")) o->parent = b.Text("parent"), o->parent_seq = seq;
      if (b.Has("level")) o->level = b.Text("level"), o->level_seq = seq;
      if (b.Has("max_headcount")) o->max_headcount = b.UInt("max_headcount"), o->cap_seq = seq;
    } else {  // abolished
      o->abolished = true;
    }
    return Status::Ok();
  }
  if (type == "post.established") {
    PostState p{b.Text("org"), b.Text("title"),      b.Text("category"),
                opt("grade"),  b.Bool("leadership"), b.UInt("positions")};
    p.seq = seq;
    rows.posts.Put(b.Text("post"), std::move(p));
    return Status::Ok();
  }
  if (type == "post.abolished") {
    LEDGER_ASSIGN_OR_RETURN(PostState * p, rows.posts.EditExisting(b.Text("post")));
    p->abolished = true;
    return Status::Ok();
  }
  if (type == "person.registered") {
    PersonState p{b.Text("full_name"), b.Text("gender"), b.UInt("birth_year")};
    p.seq = seq;
    rows.persons.Put(b.Text("person"), std::move(p));
    return Status::Ok();
  }
  if (type == "appointment.made") {
    return AddHolding(rows, b.Text("post"),
                      {b.Text("person"), b.Date("effective_date"), b.Text("tenure"), seq},
                      "appointment");
  }
  if (type == "dismissal.made") {
    return RemoveHolding(rows, b.Text("post"), b.Text("person"), b.Date("effective_date"), seq,
                         "dismissal:" + b.Text("ground"));
  }
  if (type == "transfer.made") {
    LEDGER_RETURN_IF_ERROR(RemoveHolding(rows, b.Text("from_post"), b.Text("person"),
                                         b.Date("effective_date"), seq, "transfer"));
    return AddHolding(rows, b.Text("to_post"),
                      {b.Text("person"), b.Date("effective_date"), b.Text("tenure"), seq},
                      "transfer");
  }
  if (type == "breach.recorded") {
    BreachState s{b.Text("person"),
                  b.Text("org"),
                  b.Text("law"),
                  b.Text("article"),
                  b.Text("status"),
                  seq,
                  seq};
    rows.breaches.Put(b.Text("breach"), std::move(s));
    return Status::Ok();
  }
  if (type == "breach.updated") {
    LEDGER_ASSIGN_OR_RETURN(BreachState * s, rows.breaches.EditExisting(b.Text("breach")));
    s->status = b.Text("status");
    s->status_seq = seq;
    return Status::Ok();
  }
  if (type == "sanction.imposed") {
    return rows.txn.Put(dbs_.sanctions, IdKey(b.Text("sanction")), lmdb::BigEndian(seq));
  }
  if (type == "court.ruling") return ApplyCourtRuling(rows, record, b);
  if (type == "correction.made") return ApplyCorrection(rows, seq, b);
  return Status::Ok();  // key registry and genesis: not civil state
}

// A reinstatement puts the person back on the post they were dismissed from
// (the dismissal itself, or the one a dismissal sanction points to).
Status CivilState::ApplyCourtRuling(CivilRows& rows, const Record& record,
                                    const events::Body& b) {
  if (b.Text("outcome") != "reinstatement-ordered") return Status::Ok();
  LEDGER_ASSIGN_OR_RETURN(auto subject, RecordAt(rows.txn, b.UInt("subject_seq")));
  if (subject.second.schema().type == "sanction.imposed") {
    if (!subject.second.Has("dismissal_seq")) return Status::Ok();
    LEDGER_ASSIGN_OR_RETURN(subject, RecordAt(rows.txn, subject.second.UInt("dismissal_seq")));
  }
  const events::Body& dismissal = subject.second;
  const std::string& post_id = dismissal.Text("post");
  const std::string& person_id = dismissal.Text("person");
  LEDGER_ASSIGN_OR_RETURN(const PostState* post, rows.posts.FindExisting(post_id));
  const bool holds = std::any_of(post->holders.begin(), post->holders.end(),
                                 [&](const Holding& h) { return h.person == person_id; });
  if (post->abolished || holds) return Status::Ok();  // nothing to reopen
  return AddHolding(rows, post_id, {person_id, b.Date("ruling_date"), "permanent", record.seq},
                    "reinstatement");
}

// Stores the correction, then re-derives the state the corrected record set,
// unless a later record has set it since.
Status CivilState::ApplyCorrection(CivilRows& rows, uint64_t seq, const events::Body& b) {
  const uint64_t target = b.UInt("target_seq");
  LEDGER_ASSIGN_OR_RETURN(auto before, RecordAt(rows.txn, target));
  std::string row = b.Text("field") + '\0' + b.Text("value");
  LEDGER_RETURN_IF_ERROR(rows.txn.Put(dbs_.corrections, CorrectionKey(target, seq), IdKey(row)));
  LEDGER_ASSIGN_OR_RETURN(auto corrected, RecordAt(rows.txn, target));
  const events::Body& t = corrected.second;
  const std::string_view type = t.schema().type;
  const std::string& field = b.Text("field");
  if (field == "effective_date") {
    LEDGER_RETURN_IF_ERROR(ReindexDate(rows, target, before.second, t));
  }
  if (type.starts_with("organisation.") && type != "organisation.abolished") {
    LEDGER_ASSIGN_OR_RETURN(OrgState * o, rows.orgs.EditExisting(t.Text("org")));
    if (field == "name" && o->name_seq == target) o->name = t.Text("name");
    if (field == "parent" && o->parent_seq == target) o->parent = t.Text("parent");
    if (field == "level" && o->level_seq == target) o->level = t.Text("level");
    if (field == "max_headcount" && o->cap_seq == target) o->max_headcount = t.UInt(field);
    return Status::Ok();
  }
  if (type == "post.established") {
    LEDGER_ASSIGN_OR_RETURN(PostState * p, rows.posts.EditExisting(t.Text("post")));
    p->title = t.Text("title");
    p->category = t.Text("category");
    p->grade = t.Has("grade") ? t.Text("grade") : "";
    p->leadership = t.Bool("leadership");
    p->positions = t.UInt("positions");
    return Status::Ok();
  }
  if (type == "person.registered") {
    LEDGER_ASSIGN_OR_RETURN(PersonState * p, rows.persons.EditExisting(t.Text("person")));
    p->full_name = t.Text("full_name");
    p->gender = t.Text("gender");
    p->birth_year = t.UInt("birth_year");
    return Status::Ok();
  }
  if (type == "appointment.made" || type == "transfer.made") {
    const std::string& post_id = t.Text(type == "appointment.made" ? "post" : "to_post");
    LEDGER_ASSIGN_OR_RETURN(PostState * p, rows.posts.EditExisting(post_id));
    for (Holding& h : p->holders) {
      if (h.seq != target) continue;
      h.since = t.Date("effective_date");
      h.tenure = t.Text("tenure");
    }
    return Status::Ok();
  }
  if (type == "breach.recorded" || type == "breach.updated") {
    LEDGER_ASSIGN_OR_RETURN(BreachState * s, rows.breaches.EditExisting(t.Text("breach")));
    if (type == "breach.recorded") {
      s->law = t.Text("law");
      s->article = t.Text("article");
    }
    if (s->status_seq == target) s->status = t.Text("status");
    return Status::Ok();
  }
  return Status::Ok();  // dismissals, sanctions, rulings: read corrected via RecordAt
}

}  // namespace ledger::projections
