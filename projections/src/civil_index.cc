// The indexes behind the views, kept in one database with one-letter kinds:
//   H post \0 start_seq          -> TenureEntry   (holders over time, tenure)
//   S person \0 seq              -> ""            (service record)
//   E org \0 day \0 seq          -> OrgEvent      (turnover)
//   F rule \0 seq                -> org           (findings)
//   R \0 subject_seq ruling_seq  -> outcome       (court rulings on a record)
//   X breach \0 seq              -> ""            (sanctions of a breach)
// and the applied cursor in the meta database.
#include "civil_rows.h"
#include "projections/civil_state.h"
#include "state_codec.h"

namespace ledger::projections {
namespace {

std::string_view Chars(ByteView b) { return {reinterpret_cast<const char*>(b.data()), b.size()}; }

// Walks the entries whose key starts with `prefix`.
Status ForPrefix(const lmdb::Txn& txn, MDB_dbi dbi, std::string_view prefix,
                 const std::function<Status(ByteView key, ByteView value)>& fn) {
  LEDGER_ASSIGN_OR_RETURN(lmdb::Cursor cur, lmdb::Cursor::Open(txn, dbi));
  LEDGER_ASSIGN_OR_RETURN(bool more, cur.Seek(IdKey(prefix)));
  while (more && Chars(cur.key()).starts_with(prefix)) {
    LEDGER_RETURN_IF_ERROR(fn(cur.key(), cur.value()));
    LEDGER_ASSIGN_OR_RETURN(more, cur.Next());
  }
  return Status::Ok();
}

uint64_t TrailingNumber(ByteView key) { return lmdb::ReadBigEndian(key.last(8)); }

}  // namespace

Result<std::optional<uint64_t>> CivilState::Applied(const lmdb::Txn& txn) const {
  LEDGER_ASSIGN_OR_RETURN(auto version, txn.Get(dbs_.meta, IdKey("version")));
  if (!version || Chars(*version) != std::to_string(kCivilStateVersion)) {
    return std::optional<uint64_t>();
  }
  LEDGER_ASSIGN_OR_RETURN(auto applied, txn.Get(dbs_.meta, IdKey("applied")));
  return std::optional<uint64_t>(applied ? lmdb::ReadBigEndian(*applied) : 0);
}

Status CivilState::SetApplied(lmdb::Txn& txn, uint64_t next) {
  return txn.Put(dbs_.meta, IdKey("applied"), lmdb::BigEndian(next));
}

Status CivilState::Reset(lmdb::Txn& txn) {
  for (MDB_dbi dbi : {dbs_.orgs, dbs_.posts, dbs_.persons, dbs_.breaches, dbs_.sanctions,
                      dbs_.corrections, dbs_.index, dbs_.meta}) {
    LEDGER_RETURN_IF_ERROR(txn.Clear(dbi));
  }
  LEDGER_RETURN_IF_ERROR(
      txn.Put(dbs_.meta, IdKey("version"), IdKey(std::to_string(kCivilStateVersion))));
  return SetApplied(txn, 0);
}

Status CivilState::PutOrgEvent(lmdb::Txn& txn, const std::string& org, const OrgEvent& e) {
  return txn.Put(dbs_.index, IdKey(IndexKey('E', org, {DayKey(e.day), e.seq})),
                 IdKey(EncodeRow(e)));
}

Status CivilState::IndexRecord(CivilRows& rows, const Record& record, const events::Body& b) {
  lmdb::Txn& txn = rows.txn;
  const uint64_t seq = record.seq;
  const events::EventSchema& schema = b.schema();
  const std::string_view type = schema.type;
  for (const std::string& flag : record.flags) {
    const std::string rule = flag.substr(0, flag.find(':'));
    const std::string org = schema.scope_field.empty() ? "" : b.Text(schema.scope_field);
    LEDGER_RETURN_IF_ERROR(txn.Put(dbs_.index, IdKey(IndexKey('F', rule, {seq})), IdKey(org)));
  }
  // Whose service record the event belongs in.
  std::string person;
  if (events::FindField(schema, "person")) {
    person = b.Text("person");
  } else if (type == "breach.updated") {
    LEDGER_ASSIGN_OR_RETURN(const BreachState* br, rows.breaches.FindExisting(b.Text("breach")));
    person = br->person;
  } else if (type == "court.ruling" || type == "correction.made") {
    const uint64_t target = b.UInt(type == "court.ruling" ? "subject_seq" : "target_seq");
    LEDGER_ASSIGN_OR_RETURN(auto t, RecordAt(txn, target));
    if (events::FindField(t.second.schema(), "person")) person = t.second.Text("person");
    if (type == "court.ruling") {
      LEDGER_RETURN_IF_ERROR(
          txn.Put(dbs_.index, IdKey(IndexKey('R', "", {target, seq})), IdKey(b.Text("outcome"))));
    }
  }
  if (!person.empty()) {
    LEDGER_RETURN_IF_ERROR(txn.Put(dbs_.index, IdKey(IndexKey('S', person, {seq})), {}));
  }
  if (type == "sanction.imposed") {
    LEDGER_RETURN_IF_ERROR(txn.Put(dbs_.index, IdKey(IndexKey('X', b.Text("breach"), {seq})), {}));
  }
  // Staffing movements, filed under the post's organisation.
  auto movement = [&](char kind, const std::string& post_id, std::string detail,
                      int32_t day) -> Status {
    LEDGER_ASSIGN_OR_RETURN(const PostState* p, rows.posts.FindExisting(post_id));
    OrgEvent e{kind, person, post_id, p->category, std::move(detail)};
    e.seq = seq;
    e.day = day;
    if (kind == 'D') e.lawful_ground = StatesLawfulGround(b);
    return PutOrgEvent(txn, p->org, e);
  };
  if (type == "appointment.made") {
    return movement('A', b.Text("post"), b.Text("selection_basis"), b.Date("effective_date"));
  }
  if (type == "dismissal.made") {
    return movement('D', b.Text("post"), b.Text("ground"), b.Date("effective_date"));
  }
  if (type == "transfer.made") {
    LEDGER_RETURN_IF_ERROR(
        movement('O', b.Text("from_post"), "transfer", b.Date("effective_date")));
    return movement('I', b.Text("to_post"), "transfer", b.Date("effective_date"));
  }
  if (type == "court.ruling" && b.Text("outcome") == "reinstatement-ordered") {
    LEDGER_ASSIGN_OR_RETURN(auto subject, RecordAt(txn, b.UInt("subject_seq")));
    if (subject.second.schema().type == "sanction.imposed") {
      if (!subject.second.Has("dismissal_seq")) return Status::Ok();
      LEDGER_ASSIGN_OR_RETURN(subject, RecordAt(txn, subject.second.UInt("dismissal_seq")));
    }
    // Only when ApplyCourtRuling did put the person back on the post.
    const std::string& post_id = subject.second.Text("post");
    LEDGER_ASSIGN_OR_RETURN(auto began, txn.Get(dbs_.index, IdKey(IndexKey('H', post_id, {seq}))));
    if (began) return movement('R', post_id, "court-reinstatement", b.Date("ruling_date"));
  }
  return Status::Ok();
}

Status CivilState::ReindexDate(CivilRows& rows, uint64_t target, const events::Body& before,
                               const events::Body& after) {
  lmdb::Txn& txn = rows.txn;
  const std::string_view type = before.schema().type;
  const int32_t old_day = before.Date("effective_date"), new_day = after.Date("effective_date");
  if (type != "appointment.made" && type != "dismissal.made" && type != "transfer.made") {
    return Status::Ok();
  }
  // The turnover entries move to the new date.
  std::vector<std::string> posts =
      type == "transfer.made"
          ? std::vector<std::string>{before.Text("from_post"), before.Text("to_post")}
          : std::vector<std::string>{before.Text("post")};
  for (const std::string& post_id : posts) {
    LEDGER_ASSIGN_OR_RETURN(const PostState* p, rows.posts.FindExisting(post_id));
    const std::string old_key = IndexKey('E', p->org, {DayKey(old_day), target});
    LEDGER_ASSIGN_OR_RETURN(std::optional<OrgEvent> e,
                            LoadState<OrgEvent>(txn, dbs_.index, old_key));
    if (e) {
      LEDGER_RETURN_IF_ERROR(txn.Delete(dbs_.index, IdKey(old_key)));
      e->day = new_day;
      LEDGER_RETURN_IF_ERROR(PutOrgEvent(txn, p->org, *e));
    }
    // The tenure it began or ended moves with it.
    std::vector<std::pair<std::string, TenureEntry>> changed;
    LEDGER_RETURN_IF_ERROR(ForPrefix(
        txn, dbs_.index, IndexKey('H', post_id, {}), [&](ByteView k, ByteView v) -> Status {
          LEDGER_ASSIGN_OR_RETURN(TenureEntry t, DecodeRow<TenureEntry>(v, post_id));
          if (t.start_seq != target && t.end_seq != target) return Status::Ok();
          if (t.start_seq == target) t.start = new_day;
          if (t.end_seq == target) t.end = new_day;
          changed.emplace_back(std::string(Chars(k)), std::move(t));
          return Status::Ok();
        }));
    for (const auto& [k, t] : changed) {
      LEDGER_RETURN_IF_ERROR(txn.Put(dbs_.index, IdKey(k), IdKey(EncodeRow(t))));
    }
  }
  return Status::Ok();
}

Status CivilState::ForEachTenure(const lmdb::Txn& txn, std::string_view post,
                                 const std::function<Status(const TenureEntry&)>& fn) const {
  return ForPrefix(txn, dbs_.index, IndexKey('H', post, {}), [&](ByteView, ByteView v) -> Status {
    LEDGER_ASSIGN_OR_RETURN(TenureEntry t, DecodeRow<TenureEntry>(v, post));
    return fn(t);
  });
}

Result<std::vector<uint64_t>> CivilState::ServiceSeqs(const lmdb::Txn& txn,
                                                      std::string_view person) const {
  std::vector<uint64_t> seqs;
  LEDGER_RETURN_IF_ERROR(
      ForPrefix(txn, dbs_.index, IndexKey('S', person, {}), [&](ByteView k, ByteView) -> Status {
        seqs.push_back(TrailingNumber(k));
        return Status::Ok();
      }));
  return seqs;
}

Status CivilState::ForEachOrgEvent(const lmdb::Txn& txn, std::string_view org, int32_t from,
                                   int32_t to,
                                   const std::function<Status(const OrgEvent&)>& fn) const {
  const std::string prefix = IndexKey('E', org, {});
  LEDGER_ASSIGN_OR_RETURN(lmdb::Cursor cur, lmdb::Cursor::Open(txn, dbs_.index));
  LEDGER_ASSIGN_OR_RETURN(bool more, cur.Seek(IdKey(IndexKey('E', org, {DayKey(from)}))));
  for (; more && Chars(cur.key()).starts_with(prefix);) {
    LEDGER_ASSIGN_OR_RETURN(OrgEvent e, DecodeRow<OrgEvent>(cur.value(), org));
    if (e.day > to) break;
    LEDGER_RETURN_IF_ERROR(fn(e));
    LEDGER_ASSIGN_OR_RETURN(more, cur.Next());
  }
  return Status::Ok();
}

Status CivilState::ForEachFinding(
    const lmdb::Txn& txn, std::string_view rule,
    const std::function<Status(std::string_view, uint64_t, std::string_view)>& fn) const {
  const std::string prefix = rule.empty() ? "F" : IndexKey('F', rule, {});
  return ForPrefix(txn, dbs_.index, prefix, [&](ByteView k, ByteView v) -> Status {
    std::string_view key = Chars(k);
    return fn(key.substr(1, key.size() - 10), TrailingNumber(k), Chars(v));
  });
}

Result<std::vector<std::pair<uint64_t, std::string>>> CivilState::RulingsOn(
    const lmdb::Txn& txn, uint64_t subject) const {
  std::vector<std::pair<uint64_t, std::string>> out;
  LEDGER_RETURN_IF_ERROR(ForPrefix(txn, dbs_.index, IndexKey('R', "", {subject}),
                                   [&](ByteView k, ByteView v) -> Status {
                                     out.emplace_back(TrailingNumber(k), std::string(Chars(v)));
                                     return Status::Ok();
                                   }));
  return out;
}

Result<std::vector<uint64_t>> CivilState::SanctionsFor(const lmdb::Txn& txn,
                                                       std::string_view breach) const {
  std::vector<uint64_t> out;
  LEDGER_RETURN_IF_ERROR(
      ForPrefix(txn, dbs_.index, IndexKey('X', breach, {}), [&](ByteView k, ByteView) -> Status {
        out.push_back(TrailingNumber(k));
        return Status::Ok();
      }));
  return out;
}

Status CivilState::ForEachOrg(
    const lmdb::Txn& txn,
    const std::function<Status(std::string_view, const OrgState&)>& fn) const {
  return ForPrefix(txn, dbs_.orgs, "", [&](ByteView k, ByteView v) -> Status {
    LEDGER_ASSIGN_OR_RETURN(OrgState o, DecodeRow<OrgState>(v, Chars(k)));
    return fn(Chars(k), o);
  });
}

Status CivilState::ForEachBreach(
    const lmdb::Txn& txn,
    const std::function<Status(std::string_view, const BreachState&)>& fn) const {
  return ForPrefix(txn, dbs_.breaches, "", [&](ByteView k, ByteView v) -> Status {
    LEDGER_ASSIGN_OR_RETURN(BreachState b, DecodeRow<BreachState>(v, Chars(k)));
    return fn(Chars(k), b);
  });
}

}  // namespace ledger::projections
