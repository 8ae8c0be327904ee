// The audit of flags and views: a civil-service ledger whose projection rows,
// applied cursor or record flags were changed (flags re-sealed with the log
// key) must fail with view-mismatch or flag-mismatch naming where; --no-views
// proves neither; the views' digest is a function of the records.
#include <gtest/gtest.h>

#include <set>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "ledger/export_format.h"
#include "ledger/layout.h"
#include "projections/civil_test_util.h"
#include "projections/view_digest.h"
#include "verifier/views_digest.h"
#include "verifier_fixture.h"
#include "verify_cli.h"

namespace ledger::testing {
namespace {

namespace fs = std::filesystem;
namespace json = boost::json;
using verify::kNoSeq;

constexpr const char* kOfficer = "mn.cabinet-secretariat/officer";

// Changes one projection row behind the store's back: the value at `key`
// (the first entry when empty) gets one letter changed, as an edit through
// mdb_dump/mdb_load would. Returns the key changed.
std::string EditRow(const std::string& dir, const char* db, const std::string& key = "") {
  std::string changed;
  Status s = WithWriteTxn(dir, [&](lmdb::Txn& txn, Dbs&) -> Status {
    LEDGER_ASSIGN_OR_RETURN(MDB_dbi dbi, txn.OpenDb(db, false));
    Bytes k, v;
    {
      LEDGER_ASSIGN_OR_RETURN(lmdb::Cursor cur, lmdb::Cursor::Open(txn, dbi));
      LEDGER_ASSIGN_OR_RETURN(bool found, cur.Seek(AsBytes(key)));
      if (!found) return Status::NotFound("no row");
      k.assign(cur.key().begin(), cur.key().end());
      v.assign(cur.value().begin(), cur.value().end());
    }
    auto letter = std::find_if(v.begin(), v.end(), [](uint8_t c) { return std::isalpha(c); });
    if (letter != v.end()) {
      *letter = *letter == 'x' ? 'y' : 'x';
    } else {
      v.push_back(0);
    }
    changed = projections::PrintableKey(k);
    return txn.Put(dbi, k, v);
  });
  EXPECT_TRUE(s.ok()) << s.ToString();
  return changed;
}

bool HasKind(const verify::AuditReport& r, const std::string& kind, const std::string& in_what) {
  for (const auto& p : r.problems) {
    if (p.kind == kind && p.what.find(in_what) != std::string::npos) return true;
  }
  return false;
}

class ViewsAudit : public CivilScenario {
 protected:
  // An appointment, a back-dated one (flagged), a dismissal without a legal
  // article (flagged); returns the back-dated appointment's seq.
  uint64_t Build() {
    Post(kOfficer, "mn.cabinet-secretariat", "administrative", 9);
    Person("person.a");
    Person("person.b");
    Person("person.c");
    Ok("appointment.made", Appointment("person.a", kOfficer, "2024-01-05"));
    Today("2024-03-01");
    AppendOutcome late = Ok("appointment.made", Appointment("person.b", kOfficer, "2024-01-20"));
    EXPECT_TRUE(HasFlag(late, "back-dated"));
    dismissal_ = Ok("dismissal.made", Dismissal("person.a", kOfficer, "2024-02-28", false)).seq;
    log_key_ = t.ledger->log_key();
    return late.seq;
  }
  // Closes the store: the auditor (or the attacker) has the files alone.
  void Close() { t.ledger.reset(); }
  verify::AuditReport Audit(bool views = true) {
    verify::AuditOptions o;
    o.log_key = log_key_;
    o.views = views;
    auto r = verify::AuditLedgerDir(t.Dir(), o);
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    return r.ok() ? *r : verify::AuditReport{};
  }
  int Cli(const std::vector<std::string>& args, std::string* out = nullptr) {
    std::ostringstream o, e;
    const int code = verify::RunVerifyCli(args, {o, e, false});
    if (out) *out = o.str();
    return code;
  }
  std::string Digest(const std::string& dir, std::optional<uint64_t> size = std::nullopt) {
    auto d = verify::ReplayViewsDigest(dir, size);
    EXPECT_TRUE(d.ok()) << d.status().ToString();
    return d.ok() ? HexEncode(d->overall) : "";
  }
  // The digest of the projection databases stored in `dir` (what the API serves).
  std::string StoredDigest(const std::string& dir) {
    auto env = lmdb::Env::Open(dir, true, 0);
    EXPECT_TRUE(env.ok());
    auto txn = lmdb::Txn::Begin(*env, true);
    auto d = projections::DigestViews(*txn);
    EXPECT_TRUE(d.ok()) << d.status().ToString();
    return d.ok() ? HexEncode(d->overall) : "";
  }

  note::VerifierKey log_key_;
  uint64_t dismissal_ = 0;
};

TEST_F(ViewsAudit, CleanLedgerVerifiesFlagsAndViews) {
  Build();
  const uint64_t size = t.ledger->Size();
  Close();
  verify::AuditReport r = Audit();
  EXPECT_TRUE(r.ok()) << Kinds(r);
  EXPECT_EQ(r.records, size);
  EXPECT_NE(r.views.find("equal byte for byte"), std::string::npos) << r.views;
  EXPECT_NE(r.ToText().find("flags and views: flags of " + std::to_string(size)),
            std::string::npos);
}

TEST_F(ViewsAudit, EditedRowOfEachProjectionDatabaseIsAViewMismatch) {
  Build();
  Close();
  const fs::path clean = t.dir.Sub("clean");
  fs::copy(t.Dir(), clean);
  // All eight: the scenario leaves no breach, sanction or correction row to
  // edit, so those (and the meta database) get a forged row added instead.
  const std::set<std::string> forged = {"proj.civil.breaches", "proj.civil.sanctions",
                                        "proj.civil.corrections", "proj.civil.meta"};
  for (const char* db : {"proj.civil.persons", "proj.civil.posts", "proj.civil.orgs",
                         "proj.civil.index", "proj.civil.breaches", "proj.civil.sanctions",
                         "proj.civil.corrections", "proj.civil.meta"}) {
    SCOPED_TRACE(db);
    fs::remove_all(t.Dir());
    fs::copy(clean, t.Dir());
    std::string key = std::string(db) == "proj.civil.persons" ? "person.b" : "";
    if (forged.count(db)) {
      ASSERT_TRUE(WithWriteTxn(t.Dir(), [&](lmdb::Txn& txn, Dbs&) -> Status {
                    LEDGER_ASSIGN_OR_RETURN(MDB_dbi dbi, txn.OpenDb(db, false));
                    return txn.Put(dbi, AsBytes(std::string_view("zz.forged")),
                                   AsBytes(std::string_view("x")));
                  }).ok());
      key = "zz.forged";
    } else {
      key = EditRow(t.Dir(), db, key);
    }
    verify::AuditReport r = Audit();
    ASSERT_FALSE(r.ok()) << key;
    EXPECT_TRUE(HasKind(r, "view-mismatch", std::string(db) + " differs from the replay at key \"" +
                                                key + "\""))
        << Kinds(r);
    for (const auto& p : r.problems) {
      EXPECT_EQ(p.kind, "view-mismatch") << Kinds(r);  // the records themselves still verify
    }
    EXPECT_EQ(Cli({"ledger", t.Dir(), "--log-key", log_key_.ToString()}), 1);
    // The quick check does not look at the views: it says so, and passes.
    std::string out;
    EXPECT_EQ(Cli({"ledger", t.Dir(), "--log-key", log_key_.ToString(), "--no-views"}, &out), 0);
    EXPECT_NE(out.find("flags and views: not checked (--no-views)"), std::string::npos) << out;
  }
}

// A civil ledger's genesis declares its rule set, so removing every
// projection database cannot pass as "a ledger written without the rules".
TEST_F(ViewsAudit, DroppedProjectionDatabasesAreAViewMismatch) {
  Build();
  Close();
  ASSERT_TRUE(WithWriteTxn(t.Dir(), [&](lmdb::Txn& txn, Dbs&) -> Status {
                LEDGER_ASSIGN_OR_RETURN(std::vector<std::string> names,
                                        projections::ProjectionDbNames(txn));
                EXPECT_FALSE(names.empty());
                for (const std::string& name : names) {
                  LEDGER_ASSIGN_OR_RETURN(MDB_dbi dbi, txn.OpenDb(name.c_str(), false));
                  if (int rc = mdb_drop(txn.get(), dbi, 1); rc != 0) {
                    return Status::Internal(mdb_strerror(rc));
                  }
                }
                return Status::Ok();
              }).ok());
  verify::AuditReport r = Audit();
  ASSERT_FALSE(r.ok());
  EXPECT_TRUE(HasKind(r, "view-mismatch", "the genesis record declares the civil-service rule set"))
      << Kinds(r);
  EXPECT_EQ(Cli({"ledger", t.Dir(), "--log-key", log_key_.ToString()}), 1);
  std::string out;
  EXPECT_EQ(Cli({"ledger", t.Dir(), "--log-key", log_key_.ToString(), "--no-views"}, &out), 0);
}

TEST_F(ViewsAudit, TheEditedPersonNamesTheRecordThatMadeTheRow) {
  Build();
  Close();
  EditRow(t.Dir(), "proj.civil.persons", "person.b");
  verify::AuditReport r = Audit();
  ASSERT_FALSE(r.ok());
  const verify::Problem& p = r.problems[0];
  EXPECT_EQ(p.kind, "view-mismatch");
  EXPECT_NE(p.seq, kNoSeq);  // the record that registered person.b
  EXPECT_NE(p.what.find("the row comes from record " + std::to_string(p.seq)), std::string::npos);
  EXPECT_TRUE(p.expected.starts_with("sha256:")) << p.expected;
  EXPECT_TRUE(p.found.starts_with("sha256:")) << p.found;
  EXPECT_NE(p.expected, p.found);
}

TEST_F(ViewsAudit, StaleProjectionIsAViewMismatch) {
  Build();
  const uint64_t size = t.ledger->Size();
  Close();
  ASSERT_TRUE(WithWriteTxn(t.Dir(), [&](lmdb::Txn& txn, Dbs&) -> Status {
                LEDGER_ASSIGN_OR_RETURN(MDB_dbi meta, txn.OpenDb("proj.civil.meta", false));
                return txn.Put(meta, AsBytes(std::string_view("applied")),
                               lmdb::BigEndian(size - 1));
              }).ok());
  verify::AuditReport r = Audit();
  ASSERT_FALSE(r.ok());
  EXPECT_TRUE(HasKind(r, "view-mismatch", "stale: they reflect " + std::to_string(size - 1) +
                                              " of " + std::to_string(size)))
      << Kinds(r);
}

TEST_F(ViewsAudit, StrippedFlagsResealedWithTheLogKeyAreAFlagMismatch) {
  const uint64_t late = Build();
  Close();
  ASSERT_TRUE(InsiderEdit(t.Dir(), late, [](Record& r) { r.flags.clear(); }).ok());
  // Without the replay, nothing shows: chain, tree and checkpoints were re-sealed.
  EXPECT_TRUE(Audit(false).ok()) << Kinds(Audit(false));
  verify::AuditReport r = Audit();
  ASSERT_FALSE(r.ok());
  EXPECT_TRUE(HasProblem(r, "flag-mismatch", late)) << Kinds(r);
  for (const auto& p : r.problems) {
    if (p.kind != "flag-mismatch") continue;
    EXPECT_NE(p.what.find("back-dated"), std::string::npos) << p.what;
    EXPECT_EQ(p.found, "no flags");
    EXPECT_TRUE(p.expected.starts_with("back-dated: ")) << p.expected;
  }
  // The same through an export: the leaf bytes carry the flags.
  const std::string exported = t.dir.Sub("ledger.jsonl");
  t.Reopen();
  std::ofstream out(exported);
  out << ExportHeaderLine(t.ledger->log_key(), t.ledger->Size()) << "\n";
  ASSERT_TRUE(t.ledger->ForEachRecord(0, t.ledger->Size(), [&](uint64_t seq, ByteView b) {
                  out << ExportRecordLine(seq, b) << "\n";
                  return Status::Ok();
                }).ok());
  out << ExportCheckpointLine(t.ledger->Size(), *t.ledger->Checkpoint(t.ledger->Size())) << "\n";
  out.close();
  verify::AuditOptions o;
  o.log_key = log_key_;
  auto e = verify::AuditExport({exported}, o);
  ASSERT_TRUE(e.ok()) << e.status().ToString();
  EXPECT_TRUE(HasProblem(*e, "flag-mismatch", late)) << Kinds(*e);
  o.views = false;
  EXPECT_TRUE(verify::AuditExport({exported}, o)->ok());
}

TEST_F(ViewsAudit, BackDatedDecisionAppendedWithoutItsFlagIsAFlagMismatch) {
  Build();
  const uint64_t seq = t.ledger->Size();
  const int64_t now = t.clock_us;
  Close();
  Submission s = MakeEvent("appointment.made",
                           json::serialize(Appointment("person.c", kOfficer, "2024-01-02")), hr,
                           "insider-1");
  ASSERT_TRUE(InsiderAppend(t.Dir(), s, now).ok());
  verify::AuditReport r = Audit();
  ASSERT_FALSE(r.ok());
  EXPECT_TRUE(HasProblem(r, "flag-mismatch", seq)) << Kinds(r);
  // The projection never saw it either.
  EXPECT_TRUE(HasKind(r, "view-mismatch", "stale")) << Kinds(r);
}

TEST_F(ViewsAudit, DigestIsAFunctionOfTheRecords) {
  Build();
  const uint64_t size = t.ledger->Size();
  const std::string backup = t.dir.Sub("backup");
  ASSERT_TRUE(t.ledger->Backup(backup).ok());
  // The store folds each record at append and chunks at rebuild; both give the replay's bytes.
  const std::string appended = StoredDigest(t.Dir());
  Close();
  const std::string replayed = Digest(t.Dir());
  EXPECT_EQ(replayed, appended);
  EXPECT_EQ(Digest(backup), replayed);
  t.Reopen();
  ASSERT_TRUE(t.ledger->RebuildHooks().ok());
  Close();
  EXPECT_EQ(StoredDigest(t.Dir()), replayed);
  // An earlier size differs, and says which.
  std::string out;
  ASSERT_EQ(Cli({"views-digest", t.Dir(), "--size", std::to_string(size - 1), "--json"}, &out), 0);
  auto j = json::parse(out).as_object();
  EXPECT_EQ(j["size"].to_number<uint64_t>(), size - 1);
  EXPECT_EQ(j["as_of_seq"].to_number<uint64_t>(), size - 2);
  EXPECT_NE(j["overall_sha256"].as_string(), replayed);
  EXPECT_EQ(Cli({"views-digest", t.Dir(), "--size", std::to_string(size + 1)}), 2);
  ASSERT_EQ(Cli({"views-digest", t.Dir()}, &out), 0);
  EXPECT_NE(out.find(replayed), std::string::npos) << out;
  // One edited projection row: the stored digest moves, the replayed one does not.
  EditRow(t.Dir(), "proj.civil.persons", "person.a");
  EXPECT_NE(StoredDigest(t.Dir()), replayed);
  EXPECT_EQ(Digest(t.Dir()), replayed);
  // One edited record (re-sealed): the replayed digest moves.
  Submission with_article =
      MakeEvent("dismissal.made", json::serialize(Dismissal("person.a", kOfficer, "2024-02-28")),
                hr, "forged");
  ASSERT_TRUE(InsiderEdit(t.Dir(), dismissal_, [&](Record& r) {
                r.submission = with_article;
              }).ok());
  EXPECT_NE(Digest(t.Dir()), replayed);
}

}  // namespace
}  // namespace ledger::testing
