// The indexes behind the views, kept in one database with one-letter kinds:
//   H post \0 start_seq          -> TenureEntry   (holders over time, tenure)
//   S person \0 seq              -> ""            (service record)
//   E org \0 day \0 seq          -> OrgEvent      (turnover)
//   F rule \0 seq                -> org           (findings)
//   R \0 subject_seq ruling_seq  -> outcome       (court rulings on a record)
//   X breach \0 seq              -> ""            (sanctions of a breach)
//   M org \0 day seq             -> CapChange     (approved headcount over time)
//   K/L hash prefix \0 seq       -> ""            (record by record or leaf hash)
//   C client_id \0 seq           -> ""            (record by client_id)
//   D decision number \0 seq     -> ""            (record by decision number)
//   N name word \0 seq           -> person id     (person by name, in Latin)
//   P register_commitment \0 seq -> person id     (duplicate-person; rule set 2 only)
// (the last six: civil_lookup.cc, P: civil_posts.cc)
// and the applied cursor in the meta database. Each type's entry writes its
// own entries (event_rules.h); this file reads them for the views.
#include "civil_rows.h"
#include "projections/civil_state.h"
#include "state_codec.h"

namespace ledger::projections {
namespace {

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
