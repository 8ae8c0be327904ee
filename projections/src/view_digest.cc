// Digests and entry-by-entry comparisons of the projection databases
// (docs/VERIFY.md, "View digests"), over any read transaction: the ledger's
// own, a copy's, or a replay's scratch environment.
#include "projections/view_digest.h"

#include <algorithm>
#include <cstring>

#include "civil_dbs.h"
#include "projections/civil_state.h"
#include "state_codec.h"

namespace ledger::projections {
namespace {

// Often: one check is a read of /proc/self/statm, and a page fault may map
// megabytes (fault-around), so what piles up between two checks is the risk.
constexpr uint64_t kTickEvery = 256;

// Opens an existing database in a transaction that may be read-only; the
// handle of a database no other transaction opened dies with `txn`.
Result<MDB_dbi> OpenExisting(const lmdb::Txn& txn, const char* name) {
  MDB_dbi dbi = 0;
  const int rc = mdb_dbi_open(txn.get(), name, 0, &dbi);
  if (rc == MDB_NOTFOUND) return Status::NotFound(std::string("no database ") + (name ? name : ""));
  if (rc != 0) return lmdb::FromMdb(rc, std::string("open database ") + (name ? name : "(main)"));
  return dbi;
}

void PutLength(Sha256Hasher& h, size_t n) {
  const uint8_t be[4] = {uint8_t(n >> 24), uint8_t(n >> 16), uint8_t(n >> 8), uint8_t(n)};
  h.Update(ByteView(be, 4));
}

std::string ValueDigest(std::optional<ByteView> v) {
  return v ? "sha256:" + HexEncode(Sha256(*v)) : "absent";
}

template <class T>
std::optional<uint64_t> RowSeqOf(ByteView value) {
  Result<T> row = DecodeArchive<T>(value);
  return row.ok() ? std::optional<uint64_t>(row->seq) : std::nullopt;
}

// The record behind a row, where the row says (see ViewDifference::seq).
std::optional<uint64_t> RowSeq(std::string_view db, ByteView key, ByteView value) {
  using namespace civil_dbs;
  if (db == kOrgsDb) return RowSeqOf<OrgState>(value);
  if (db == kPostsDb) return RowSeqOf<PostState>(value);
  if (db == kPersonsDb) return RowSeqOf<PersonState>(value);
  if (db == kBreachesDb) return RowSeqOf<BreachState>(value);
  if (db == kSanctionsDb && value.size() == 8) return lmdb::ReadBigEndian(value);
  if (db == kCorrectionsDb && key.size() == 16) return lmdb::ReadBigEndian(key.subspan(8));
  if (db == kIndexDb && key.size() >= 9) return lmdb::ReadBigEndian(key.last(8));
  return std::nullopt;
}

// A cursor over one database that may be absent (then it is empty).
// Positioned in place: a moved lmdb::Cursor forgets its current entry.
class Walk {
 public:
  Status Open(const lmdb::Txn& txn, const std::string& db) {
    auto dbi = OpenExisting(txn, db.c_str());
    if (!dbi.ok() && dbi.status().code() != Code::kNotFound) return dbi.status();
    if (!dbi.ok()) return Status::Ok();
    present = true;
    LEDGER_ASSIGN_OR_RETURN(lmdb::Cursor cur, lmdb::Cursor::Open(txn, *dbi));
    this->cur.emplace(std::move(cur));
    LEDGER_ASSIGN_OR_RETURN(more, this->cur->Seek({}));
    return Status::Ok();
  }
  Status Next() {
    LEDGER_ASSIGN_OR_RETURN(more, cur->Next());
    return Status::Ok();
  }
  bool present = false, more = false;
  std::optional<lmdb::Cursor> cur;
};

bool Equal(ByteView a, ByteView b) {
  return a.size() == b.size() && (a.empty() || std::memcmp(a.data(), b.data(), a.size()) == 0);
}

int CompareKeys(ByteView a, ByteView b) {
  const int c = std::memcmp(a.data(), b.data(), std::min(a.size(), b.size()));
  if (c != 0) return c;
  return a.size() < b.size() ? -1 : a.size() > b.size() ? 1 : 0;
}

Result<std::optional<ViewDifference>> CompareDb(const lmdb::Txn& stored, const lmdb::Txn& derived,
                                                const std::string& db,
                                                const std::function<void()>& tick) {
  Walk s, d;
  LEDGER_RETURN_IF_ERROR(s.Open(stored, db));
  LEDGER_RETURN_IF_ERROR(d.Open(derived, db));
  std::optional<ViewDifference> diff;
  if (s.present != d.present) {
    diff = ViewDifference{db, "", s.present ? "present" : "absent", d.present ? "present" : "absent"};
  }
  auto note = [&](ByteView key, std::optional<ByteView> sv, std::optional<ByteView> dv) {
    if (!diff) {
      diff = ViewDifference{db, PrintableKey(key), ValueDigest(sv), ValueDigest(dv)};
      diff->seq = dv ? RowSeq(db, key, *dv) : RowSeq(db, key, *sv);
    }
    ++diff->differing_entries;
  };
  for (uint64_t n = 1; s.more || d.more; ++n) {
    if (tick && n % kTickEvery == 0) tick();
    const int c = !s.more ? 1 : !d.more ? -1 : CompareKeys(s.cur->key(), d.cur->key());
    if (c < 0) {
      note(s.cur->key(), s.cur->value(), std::nullopt);
      LEDGER_RETURN_IF_ERROR(s.Next());
    } else if (c > 0) {
      note(d.cur->key(), std::nullopt, d.cur->value());
      LEDGER_RETURN_IF_ERROR(d.Next());
    } else {
      if (!Equal(s.cur->value(), d.cur->value())) {
        note(s.cur->key(), s.cur->value(), d.cur->value());
      }
      LEDGER_RETURN_IF_ERROR(s.Next());
      LEDGER_RETURN_IF_ERROR(d.Next());
    }
  }
  return diff;
}

}  // namespace

std::string PrintableKey(ByteView key) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (uint8_t c : key) {
    if (c >= 0x20 && c < 0x7f && c != '\\') {
      out += char(c);
    } else {
      out += "\\x";
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

Result<std::vector<std::string>> ProjectionDbNames(const lmdb::Txn& txn) {
  LEDGER_ASSIGN_OR_RETURN(MDB_dbi main, OpenExisting(txn, nullptr));
  LEDGER_ASSIGN_OR_RETURN(lmdb::Cursor cur, lmdb::Cursor::Open(txn, main));
  std::vector<std::string> names;
  // The main database's keys are the names of the named databases, in byte order.
  LEDGER_ASSIGN_OR_RETURN(bool more, cur.Seek(AsBytes(kProjectionDbPrefix)));
  for (; more; ) {
    const std::string_view name = AsChars(cur.key());
    if (!name.starts_with(kProjectionDbPrefix)) break;
    names.emplace_back(name);
    LEDGER_ASSIGN_OR_RETURN(more, cur.Next());
  }
  return names;
}

Result<ViewDigest> DigestDb(const lmdb::Txn& txn, const std::string& db,
                            const std::function<void()>& tick) {
  LEDGER_ASSIGN_OR_RETURN(MDB_dbi dbi, OpenExisting(txn, db.c_str()));
  LEDGER_ASSIGN_OR_RETURN(lmdb::Cursor cur, lmdb::Cursor::Open(txn, dbi));
  Sha256Hasher h;
  ViewDigest out{db, {}, 0};
  LEDGER_ASSIGN_OR_RETURN(bool more, cur.Seek({}));
  for (; more; ) {
    PutLength(h, cur.key().size());
    h.Update(cur.key());
    PutLength(h, cur.value().size());
    h.Update(cur.value());
    if (++out.entries % kTickEvery == 0 && tick) tick();
    LEDGER_ASSIGN_OR_RETURN(more, cur.Next());
  }
  out.digest = h.Finish();
  return out;
}

Hash OverallDigest(const std::vector<ViewDigest>& views) {
  Sha256Hasher h;
  for (const ViewDigest& v : views) {
    PutLength(h, v.db.size());
    h.Update(std::string_view(v.db));
    h.Update(ByteView(v.digest.data(), v.digest.size()));
  }
  return h.Finish();
}

Result<std::optional<uint64_t>> AppliedCursor(const lmdb::Txn& txn) {
  CivilState state;
  // Opening without `create` only looks the databases up; nothing is written.
  LEDGER_RETURN_IF_ERROR(state.Open(const_cast<lmdb::Txn&>(txn), /*create=*/false));
  return state.Applied(txn);
}

Result<ViewsDigest> DigestViews(const lmdb::Txn& txn, const std::function<void()>& tick) {
  LEDGER_ASSIGN_OR_RETURN(std::vector<std::string> names, ProjectionDbNames(txn));
  if (names.empty()) {
    return Status::FailedPrecondition("the ledger holds no projection databases");
  }
  ViewsDigest out;
  for (const std::string& name : names) {
    LEDGER_ASSIGN_OR_RETURN(ViewDigest d, DigestDb(txn, name, tick));
    out.views.push_back(std::move(d));
  }
  out.overall = OverallDigest(out.views);
  LEDGER_ASSIGN_OR_RETURN(std::optional<uint64_t> applied, AppliedCursor(txn));
  if (!applied) {
    return Status::FailedPrecondition(
        "the projections were built by another version; run `ledger rebuild`");
  }
  out.size = *applied;
  return out;
}

boost::json::object ViewsDigest::ToJson() const {
  boost::json::object views_json;
  for (const ViewDigest& v : views) {
    views_json[v.db] = boost::json::object{{"sha256", HexEncode(v.digest)},
                                           {"entries", v.entries}};
  }
  boost::json::object o{{"size", size}, {"overall_sha256", HexEncode(overall)},
                        {"views", std::move(views_json)}};
  // The last record the views reflect; null before any.
  if (size > 0) {
    o["as_of_seq"] = size - 1;
  } else {
    o["as_of_seq"] = nullptr;
  }
  return o;
}

Result<std::vector<ViewDifference>> CompareViews(const lmdb::Txn& stored,
                                                 const lmdb::Txn& derived,
                                                 const std::function<void()>& tick) {
  LEDGER_ASSIGN_OR_RETURN(std::vector<std::string> names, ProjectionDbNames(stored));
  LEDGER_ASSIGN_OR_RETURN(std::vector<std::string> more, ProjectionDbNames(derived));
  names.insert(names.end(), more.begin(), more.end());
  std::sort(names.begin(), names.end());
  names.erase(std::unique(names.begin(), names.end()), names.end());
  std::vector<ViewDifference> out;
  for (const std::string& db : names) {
    LEDGER_ASSIGN_OR_RETURN(std::optional<ViewDifference> d, CompareDb(stored, derived, db, tick));
    if (d) out.push_back(std::move(*d));
  }
  return out;
}

}  // namespace ledger::projections
