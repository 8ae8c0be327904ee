// The `ledger` CLI end to end, in process: keygen, init, key register, sign,
// append, show, export, checkpoint, prove, verify; bad input gets a clear
// error, the right exit code, and leaves data.mdb byte-for-byte unchanged.
#include "cli.h"
#include "cli/serve_process.h"

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <chrono>
#include <filesystem>
#include <set>
#include <sstream>

#include "ledger/events.h"
#include "ledger/layout.h"
#include "ledger/lmdb.h"
#include "ledger/merkle.h"
#include "ledger/note.h"
#include "util/test_ledger.h"

namespace ledger::cli {
namespace {
namespace json = boost::json;
using testing::ReadAll;
using testing::WriteAll;

class CliLedger : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_EQ(Cli({"keygen", "--out", Path("root"), "--name", "civil-service-council"}).rc, 0);
    ASSERT_EQ(Cli({"keygen", "--out", Path("hr"), "--name", "hr-khan-uul"}).rc, 0);
    CliRun init = Cli({"init", "--dir", dir(), "--origin", "ledger.example.mn/cli-test",
                       "--root-key", Path("root.pem")});
    ASSERT_EQ(init.rc, 0) << init.err;
    CliRun reg = Cli({"key", "register", "--dir", dir(), "--signer", Path("root.pem"), "--key",
                      Path("hr.pub"), "--name", "hr-khan-uul", "--org", "mn.ub.khan-uul"});
    ASSERT_EQ(reg.rc, 0) << reg.err;
  }
  std::string Path(const std::string& name) const { return tmp.Sub(name); }
  std::string dir() const { return tmp.Sub("ledger"); }
  std::string Data() const { return ReadAll(layout::PathIn(dir(), layout::kDataFile)); }

  // Signs `events` (JSON text) with `key` through `ledger sign`.
  std::string Sign(const std::string& events, const std::string& key = "hr.pem") {
    CliRun r = Cli({"sign", "--key", Path(key)}, events);
    EXPECT_EQ(r.rc, 0) << r.err;
    return r.out;
  }
  // Appends and expects a rejection with `rc` that mentions `what` and changes nothing.
  void ExpectRejected(const std::string& input, int rc, const std::string& what) {
    const std::string before = Data();
    CliRun r = Cli({"append", "--dir", dir()}, input);
    EXPECT_EQ(r.rc, rc) << what << ": " << r.out << r.err;
    EXPECT_NE((r.out + r.err).find(what), std::string::npos)
        << what << " not in: " << r.out << r.err;
    EXPECT_TRUE(Data() == before) << "data.mdb changed after: " << what;
  }

  testing::TempDir tmp;
};

const char* kOrg = R"({"type":"organisation.established","client_id":"org-1","body":{
  "org":"mn.ub.khan-uul","name":"Хан-Уул дүүргийн Засаг даргын Тамгын газар","level":"district",
  "max_headcount":55,"effective_date":"2024-07-01","decision_instrument":"Нийслэлийн Засаг даргын захирамж",
  "decision_number":"А/12","decision_date":"2024-07-01"}})";

TEST_F(CliLedger, SignAppendShowProveAndVerify) {
  CliRun app = Cli({"append", "--dir", dir()}, Sign(kOrg));
  ASSERT_EQ(app.rc, 0) << app.err;
  json::value line = json::parse(app.out);
  EXPECT_EQ(line.at("seq").as_int64(), 2);

  CliRun show = Cli({"show", "--dir", dir(), "2"});
  ASSERT_EQ(show.rc, 0) << show.err;
  json::value rec = json::parse(show.out);
  EXPECT_EQ(rec.at("event").at("body").at("name").as_string(),
            "Хан-Уул дүүргийн Засаг даргын Тамгын газар");

  // The proof has exactly the keys ARCHITECTURE.md lists, and verifies.
  CliRun proof = Cli({"prove", "inclusion", "--dir", dir(), "--seq", "2", "--no-leaf"});
  ASSERT_EQ(proof.rc, 0) << proof.err;
  json::object p = json::parse(proof.out).as_object();
  std::set<std::string> keys;
  for (const auto& kv : p) keys.insert(std::string(kv.key()));
  EXPECT_EQ(keys, (std::set<std::string>{"index", "tree_size", "leaf_hash", "hashes", "checkpoint",
                                         "signer"}));
  std::string vkey_line = Cli({"vkey", "--dir", dir()}).out;
  auto vkey = note::VerifierKey::Parse(vkey_line.substr(0, vkey_line.find('\n')));
  ASSERT_TRUE(vkey.ok()) << vkey.status().ToString();
  auto cp = note::OpenCheckpoint(std::string(p.at("checkpoint").as_string()), *vkey);
  ASSERT_TRUE(cp.ok()) << cp.status().ToString();
  std::vector<Hash> path;
  for (const auto& h : p.at("hashes").as_array()) {
    auto b = Base64Decode(h.as_string());
    Hash hh;
    std::copy(b->begin(), b->end(), hh.begin());
    path.push_back(hh);
  }
  auto leaf = Base64Decode(p.at("leaf_hash").as_string());
  Hash leaf_hash;
  std::copy(leaf->begin(), leaf->end(), leaf_hash.begin());
  EXPECT_TRUE(merkle::VerifyInclusion(2, cp->size, leaf_hash, path, cp->root).ok());

  CliRun cons = Cli({"prove", "consistency", "--dir", dir(), "--old", "1"});
  ASSERT_EQ(cons.rc, 0) << cons.err;
  EXPECT_EQ(json::parse(cons.out).as_object().size(), 3u);

  CliRun verify = Cli({"verify", "--dir", dir(), "--json"});
  EXPECT_EQ(verify.rc, 0) << verify.out << verify.err;
}

TEST_F(CliLedger, BadInputIsAClearErrorAndChangesNothing) {
  ExpectRejected("{\"type\": \"organisation.established\", ", kExitUsage, "malformed JSON");
  std::string wrong_type = Sign(kOrg);
  wrong_type.replace(wrong_type.find("\"max_headcount\":55"), 18, "\"max_headcount\":\"55\"");
  ExpectRejected(wrong_type, kExitUsage, "body.max_headcount");
  std::string bad_utf8 = Sign(kOrg);
  bad_utf8.replace(bad_utf8.find("Хан"), 2, "\xff\xfe");
  ExpectRejected(bad_utf8, kExitUsage, "UTF-8");
  ASSERT_EQ(Cli({"keygen", "--out", Path("stranger")}).rc, 0);
  ExpectRejected(Sign(kOrg, "stranger.pem"), kExitRejected, "is not registered");
  std::string bad_sig = Sign(kOrg);
  const size_t sig = bad_sig.find("\"signature\":\"") + 13;
  bad_sig[sig] = bad_sig[sig] == 'A' ? 'B' : 'A';
  ExpectRejected(bad_sig, kExitRejected, "signature");
  // Oversized: a key registration with a 65,500-byte note makes a record over 64 KiB.
  const std::string before_big = Data();
  CliRun big =
      Cli({"key", "register", "--dir", dir(), "--signer", Path("root.pem"), "--key",
           Path("stranger.pub"), "--name", "x", "--org", "mn", "--note", std::string(65500, 'n')});
  EXPECT_NE(big.rc, 0);
  EXPECT_NE(big.err.find("limit is 65536"), std::string::npos) << big.err;
  EXPECT_TRUE(Data() == before_big);
  // An event that cannot be true: dismissing from a post that does not exist.
  ExpectRejected(Sign(R"({"type":"dismissal.made","body":{"person":"p1","post":"mn.ub.khan-uul/x",
    "org":"mn.ub.khan-uul","effective_date":"2024-07-02","ground":"other",
    "decision_instrument":"x","decision_number":"1","decision_date":"2024-07-02"}})"),
                 kExitRejected, "is not registered: record person.registered first");
}

TEST_F(CliLedger, AReplayedSubmissionReturnsTheOriginalSeqAndAppendsNothing) {
  const std::string signed_org = Sign(kOrg);
  ASSERT_EQ(Cli({"append", "--dir", dir()}, signed_org).rc, 0);
  const std::string before = Data();
  CliRun again = Cli({"append", "--dir", dir()}, signed_org);
  EXPECT_EQ(again.rc, 0) << again.err;
  json::value line = json::parse(again.out);
  EXPECT_EQ(line.at("seq").as_int64(), 2);
  EXPECT_TRUE(line.at("duplicate").as_bool());
  EXPECT_TRUE(Data() == before);
  // The same client id for a different submission is refused.
  std::string other(kOrg);
  other.replace(other.find("\"max_headcount\":55"), 18, "\"max_headcount\":56");
  ExpectRejected(Sign(other), kExitRejected, "already used");
}

TEST_F(CliLedger, KeygenCreatesMissingFoldersAndRefusesToOverwrite) {
  EXPECT_EQ(Cli({"keygen", "--out", Path("new/keys/hr")}).rc, kExitOk);
  EXPECT_TRUE(std::filesystem::exists(Path("new/keys/hr.pem")));
  CliRun again = Cli({"keygen", "--out", Path("new/keys/hr")});
  EXPECT_EQ(again.rc, kExitUsage);
  EXPECT_NE(again.err.find("--force"), std::string::npos) << again.err;
}

TEST_F(CliLedger, UsageErrorsAndHelp) {
  EXPECT_EQ(Cli({"append", "--dir", dir(), "--bogus"}).rc, kExitUsage);
  EXPECT_EQ(Cli({"no-such-command"}).rc, kExitUsage);
  CliRun help = Cli({"prove", "inclusion", "--help"});
  EXPECT_EQ(help.rc, 0);
  EXPECT_NE(help.out.find("--seq"), std::string::npos);
  CliRun missing = Cli({"show", "--dir", Path("nothing-here")});
  EXPECT_EQ(missing.rc, kExitFailure);
  EXPECT_NE(missing.err.find("ledger init"), std::string::npos) << missing.err;
}

// "Cannot open the ledger" is exit 3 whatever the cause, with a message
// naming it; --json answers with the error object.
void ExpectCannotOpen(const CliRun& r, const std::string& what) {
  EXPECT_EQ(r.rc, kExitFailure) << r.out << r.err;
  EXPECT_NE(r.err.find("cannot open the ledger"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find(what), std::string::npos) << r.err;
}

void ExpectJsonCannotOpen(const CliRun& r, const std::string& what) {
  ExpectCannotOpen(r, what);
  boost::system::error_code ec;
  json::value v = json::parse(r.out, ec);
  ASSERT_FALSE(ec) << "not JSON: " << r.out;
  EXPECT_EQ(v.at("ok").as_bool(), false);
  EXPECT_EQ(v.at("exit").to_number<int>(), kExitFailure);
  EXPECT_EQ(v.at("error").at("kind").as_string(), "cannot-open");
  EXPECT_NE(std::string(v.at("error").at("message").as_string()).find(what), std::string::npos)
      << r.out;
}

TEST_F(CliLedger, NoLedgerOrAZeroedFileCannotBeOpened) {
  const std::string empty = Path("empty-dir");
  std::filesystem::create_directories(empty);
  for (const std::string& d : {Path("nothing-here"), empty}) {
    SCOPED_TRACE(d);
    ExpectCannotOpen(Cli({"show", "--dir", d, "0"}), d);
    ExpectCannotOpen(Cli({"checkpoint", "--dir", d}), d);
    ExpectJsonCannotOpen(Cli({"verify", "--dir", d, "--json"}), d);
  }
  const std::string data = layout::PathIn(dir(), layout::kDataFile);
  WriteAll(data, std::string(Data().size(), '\0'));
  ExpectCannotOpen(Cli({"show", "--dir", dir(), "0"}), dir());
  ExpectCannotOpen(Cli({"checkpoint", "--dir", dir()}), dir());
  ExpectCannotOpen(Cli({"append", "--dir", dir()}, Sign(kOrg)), dir());
  ExpectCannotOpen(Cli({"query", "holders", "--dir", dir()}), dir());
  ExpectJsonCannotOpen(Cli({"verify", "--dir", dir(), "--json"}), dir());
  EXPECT_EQ(Data(), std::string(Data().size(), '\0'));  // and nothing was written
}

TEST_F(CliLedger, ADeletedRecordIsNamedByEveryCommand) {
  ASSERT_EQ(Cli({"append", "--dir", dir()}, Sign(kOrg)).rc, 0);  // seqs 0, 1, 2
  ASSERT_TRUE(testing::WithWriteTxn(dir(), [](lmdb::Txn& txn, testing::Dbs& d) {
                return txn.Delete(d.records, lmdb::BigEndian(1));
              }).ok());
  for (std::vector<std::string> args : std::vector<std::vector<std::string>>{
           {"checkpoint"},
           {"show", "0"},
           {"prove", "inclusion", "--seq", "0"},
           {"query", "holders"},
           {"export"},
           {"append"}}) {
    SCOPED_TRACE(args[0]);
    args.push_back("--dir");
    args.push_back(dir());
    CliRun r = Cli(args, args[0] == "append" ? Sign(kOrg) : "");
    ExpectCannotOpen(r, "the records database has a gap at seq 1");
  }
  // The audit reads it anyway, and names the record.
  CliRun audit = Cli({"verify", "--dir", dir(), "--json"});
  EXPECT_EQ(audit.rc, kExitRejected) << audit.out << audit.err;
  json::value report = json::parse(audit.out);
  EXPECT_EQ(report.at("exit").to_number<int>(), kExitRejected);
  const json::value& first = report.at("problems").at(0);
  EXPECT_EQ(first.at("kind").as_string(), "missing-record") << audit.out;
  EXPECT_EQ(first.at("seq").to_number<int>(), 1) << audit.out;
}

TEST_F(CliLedger, ADeletedLastRecordIsNamedToo) {
  ASSERT_EQ(Cli({"append", "--dir", dir()}, Sign(kOrg)).rc, 0);
  ASSERT_TRUE(testing::WithWriteTxn(dir(), [](lmdb::Txn& txn, testing::Dbs& d) {
                return txn.Delete(d.records, lmdb::BigEndian(2));
              }).ok());
  ExpectCannotOpen(Cli({"checkpoint", "--dir", dir()}),
                   "the records database holds 2 records but the log signed a checkpoint for 3");
}

// Issue 2's scale check: 100,000 signed events appended, proved and checked
// through the CLI.
TEST_F(CliLedger, HundredThousandEventsAppendProveAndVerify) {
  ASSERT_EQ(Cli({"append", "--dir", dir()}, Sign(kOrg)).rc, 0);
  auto hr = LoadSigningKey(Path("hr.pem"));
  ASSERT_TRUE(hr.ok());
  const events::EventSchema* schema = events::LatestSchema("person.registered");
  std::string lines;
  constexpr int kEvents = 100'000;
  for (int i = 0; i < kEvents; ++i) {
    json::object body{{"person", "person." + std::to_string(i)},
                      {"org", "mn.ub.khan-uul"},
                      {"full_name", "Балдан Бадарч"},
                      {"gender", i % 3 ? "female" : "male"},
                      {"birth_year", 1960 + i % 40}};
    Submission s{"person.registered", schema->version,
                 events::EncodeBody(events::BodyFromJson(*schema, body).value()),
                 "p-" + std::to_string(i)};
    SignSubmission(s, *hr);
    lines += json::serialize(events::SubmissionToJson(s)) + "\n";
  }
  WriteAll(Path("events.jsonl"), lines);
  CliRun app = Cli({"append", "--dir", dir(), Path("events.jsonl")});
  ASSERT_EQ(app.rc, 0) << app.err.substr(0, 500);
  const uint64_t size = 3 + kEvents;
  CliRun proof = Cli({"prove", "inclusion", "--dir", dir(), "--seq", "77777"});
  ASSERT_EQ(proof.rc, 0) << proof.err;
  EXPECT_EQ(json::parse(proof.out).at("tree_size").as_int64(), int64_t(size));
  CliRun cons = Cli({"prove", "consistency", "--dir", dir(), "--old", "50000"});
  ASSERT_EQ(cons.rc, 0) << cons.err;
  CliRun verify = Cli({"verify", "--dir", dir(), "--json"});
  ASSERT_EQ(verify.rc, 0) << verify.out << verify.err;
  EXPECT_EQ(json::parse(verify.out).at("records").as_int64(), int64_t(size));
}


namespace rules_cli {

// A post of kOrg established with an effective date `days_ago` days before now.
std::string PostEstablished(int days_ago, const std::string& client_id) {
  const auto now = std::chrono::system_clock::now().time_since_epoch();
  const int32_t today = int32_t(std::chrono::duration_cast<std::chrono::hours>(now).count() / 24);
  const std::string date = events::FormatDate(today - days_ago);
  return R"({"type":"post.established","client_id":")" + client_id + R"(","body":{
    "post":"mn.ub.khan-uul/clerk-)" + client_id + R"(","org":"mn.ub.khan-uul","title":"Бичиг хэргийн ажилтан",
    "category":"administrative","leadership":false,"positions":1,"effective_date":")" + date +
         R"(","decision_instrument":"x","decision_number":"1","decision_date":")" + date + R"("}})";
}

}  // namespace rules_cli

// The rules come from the log: `rules set` signs and appends a rules.set
// (root or admin keys only), `rules show` says what is in force and where it
// came from, and a rules.json left in the directory is ignored with one warning.
TEST_F(CliLedger, RulesSetAndShowAndTheIgnoredRulesFile) {
  CliRun shown = Cli({"rules", "show", dir()});
  ASSERT_EQ(shown.rc, 0) << shown.err;
  EXPECT_EQ(json::parse(shown.out).at("source").as_string(), "defaults");
  EXPECT_TRUE(json::parse(shown.out).at("seq").is_null());
  ASSERT_EQ(Cli({"append", "--dir", dir()}, Sign(kOrg)).rc, 0);

  WriteAll(dir() + "/rules.json", R"({"backdate_days": 5, "elections": ["2021-06-09"]})");
  // 10 days late: back-dated under the file's 5, not under the defaults' 30.
  CliRun app = Cli({"append", "--dir", dir()}, Sign(rules_cli::PostEstablished(10, "p1")));
  ASSERT_EQ(app.rc, 0) << app.err;
  EXPECT_TRUE(json::parse(app.out).at("flags").as_array().empty()) << app.out;
  const std::string warning = dir() + "/rules.json is ignored";
  for (const CliRun& r : {app, Cli({"rules", "show", dir()}), Cli({"key", "list", "--dir", dir()})}) {
    const size_t at = r.err.find(warning);
    EXPECT_NE(at, std::string::npos) << r.err;
    EXPECT_EQ(r.err.find(warning, at + 1), std::string::npos) << "warned twice: " << r.err;
  }
  EXPECT_EQ(Cli({"keygen", "--out", Path("other")}).err.find("is ignored"), std::string::npos);

  // An authority key may not set the rules; bad values are usage errors.
  const std::string before = Data();
  CliRun denied = Cli({"rules", "set", dir(), "--key", Path("hr.pem"), "--reason", "x"});
  EXPECT_EQ(denied.rc, kExitRejected) << denied.err;
  EXPECT_NE(denied.err.find("may not record rules.set events"), std::string::npos) << denied.err;
  for (const auto& bad : {std::vector<std::string>{"--election", "2021-02-30", "--reason", "x"},
                          {"--backdate-days", "40000", "--reason", "x"},
                          {"--backdate-days", "60"}}) {
    std::vector<std::string> args = {"rules", "set", dir(), "--key", Path("root.pem")};
    args.insert(args.end(), bad.begin(), bad.end());
    EXPECT_EQ(Cli(args).rc, kExitUsage) << bad[0];
  }
  EXPECT_TRUE(Data() == before);

  CliRun set = Cli({"rules", "set", dir(), "--key", Path("root.pem"), "--backdate-days", "3",
                    "--election", "2021-06-09", "--election", "2016-06-29", "--reason",
                    "Ерөнхийлөгчийн сонгууль нэмэв"});
  ASSERT_EQ(set.rc, 0) << set.err;
  const uint64_t seq = json::parse(set.out).at("seq").to_number<uint64_t>();
  shown = Cli({"rules", "show", "--dir", dir()});
  ASSERT_EQ(shown.rc, 0) << shown.err;
  json::value now = json::parse(shown.out);
  EXPECT_EQ(now.at("source").as_string(), "log");
  EXPECT_EQ(now.at("seq").to_number<uint64_t>(), seq);
  EXPECT_EQ(now.at("backdate_days").to_number<int>(), 3);
  EXPECT_EQ(now.at("post_election_days").to_number<int>(), 90);  // kept
  EXPECT_EQ(now.at("elections"), (json::array{"2016-06-29", "2021-06-09"}));
  EXPECT_EQ(now.at("reason").as_string(), "Ерөнхийлөгчийн сонгууль нэмэв");
  // The next record is checked with the new limit.
  app = Cli({"append", "--dir", dir()}, Sign(rules_cli::PostEstablished(10, "p2")));
  ASSERT_EQ(app.rc, 0) << app.err;
  EXPECT_NE(app.out.find("back-dated"), std::string::npos) << app.out;

  // --from-json puts the old file's rules into the log.
  set = Cli({"rules", "set", dir(), "--key", Path("root.pem"), "--from-json", dir() + "/rules.json",
             "--reason", "from rules.json"});
  ASSERT_EQ(set.rc, 0) << set.err;
  now = json::parse(Cli({"rules", "show", dir()}).out);
  EXPECT_EQ(now.at("backdate_days").to_number<int>(), 5);
  EXPECT_EQ(now.at("elections"), (json::array{"2021-06-09"}));
}

}  // namespace
}  // namespace ledger::cli
