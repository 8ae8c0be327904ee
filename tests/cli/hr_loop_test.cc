// The HR officer's loop from the command line: `ledger append --dry-run`
// (seqs, flags, every error; data.mdb byte-identical), `ledger sign` naming
// every error, the rejection journal (`ledger rejections`, retention, a
// damaged journal never stops appends, the auditor ignores it) and
// `ledger person-commitment`.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <boost/json.hpp>
#include <filesystem>
#include <sstream>

#include "cli.h"
#include "cli/serve_process.h"
#include "ledger/crypto.h"
#include "ledger/encoding.h"
#include "ledger/layout.h"
#include "util/test_ledger.h"

namespace ledger::cli {
namespace {
namespace json = boost::json;
using testing::ReadAll;
using testing::WriteAll;

constexpr const char* kOrgId = "mn.ub.khan-uul";

std::string Decision(const std::string& fields) {
  return fields +
         R"(,"decision_instrument":"Захирамж","decision_number":"А/1","decision_date":"2024-07-01")";
}
std::string OrgEvent(const std::string& client) {
  return R"({"type":"organisation.established","client_id":")" + client + R"(","body":{)" +
         Decision(R"("org":"mn.ub.khan-uul","name":"Хан-Уул","level":"district",)"
                  R"("max_headcount":5,"effective_date":"2024-07-01")") +
         "}}";
}
std::string PostEvent(const std::string& client) {
  return R"({"type":"post.established","client_id":")" + client + R"(","body":{)" +
         Decision(R"("post":"mn.ub.khan-uul/officer","org":"mn.ub.khan-uul","title":"Мэргэжилтэн",)"
                  R"("category":"administrative","leadership":false,"positions":1,)"
                  R"("effective_date":"2024-07-01")") +
         "}}";
}
std::string PersonEvent(const std::string& person, const std::string& client) {
  return R"({"type":"person.registered","client_id":")" + client + R"(","body":{"person":")" +
         person +
         R"(","org":"mn.ub.khan-uul","full_name":"Болд","gender":"male","birth_year":1980}})";
}
std::string Appointment(const std::string& person, const std::string& client,
                        const std::string& basis = "competitive-examination") {
  return R"({"type":"appointment.made","client_id":")" + client + R"(","body":{)" +
         Decision(R"("person":")" + person +
                  R"(","post":"mn.ub.khan-uul/officer","org":"mn.ub.khan-uul",)"
                  R"("effective_date":"2024-07-02","tenure":"permanent",)"
                  R"("appointing_authority":"Засаг дарга","selection_basis":")" +
                  basis + R"(")") +
         "}}";
}

std::vector<json::value> Lines(const std::string& text) {
  std::vector<json::value> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    if (!line.empty()) out.push_back(json::parse(line));
  }
  return out;
}

class HrLoop : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_EQ(Cli({"keygen", "--out", Path("root"), "--name", "root"}).rc, 0);
    ASSERT_EQ(Cli({"keygen", "--out", Path("hr"), "--name", "hr-khan-uul"}).rc, 0);
    CliRun init = Cli({"init", "--dir", dir(), "--origin", "ledger.example.mn/hr-loop",
                       "--root-key", Path("root.pem")});
    ASSERT_EQ(init.rc, 0) << init.err;
    CliRun reg = Cli({"key", "register", "--dir", dir(), "--signer", Path("root.pem"), "--key",
                      Path("hr.pub"), "--name", "hr-khan-uul", "--org", kOrgId});
    ASSERT_EQ(reg.rc, 0) << reg.err;
  }
  std::string Path(const std::string& name) const { return tmp.Sub(name); }
  std::string dir() const { return tmp.Sub("ledger"); }
  std::string Data() const { return ReadAll(layout::PathIn(dir(), layout::kDataFile)); }
  std::string Sign(const std::string& events) {
    CliRun r = Cli({"sign", "--key", Path("hr.pem")}, events);
    EXPECT_EQ(r.rc, 0) << r.err;
    return r.out;
  }
  CliRun Append(const std::string& signed_events, std::vector<std::string> extra = {}) {
    std::vector<std::string> args = {"append", "--dir", dir()};
    args.insert(args.end(), extra.begin(), extra.end());
    return Cli(args, signed_events);
  }

  testing::TempDir tmp;
};

TEST_F(HrLoop, DryRunTellsEachSeqAndFlagsAndLeavesDataMdbByteIdentical) {
  const std::string events =
      Sign(OrgEvent("o1") + "\n" + PostEvent("p1") + "\n" + PersonEvent("person.1", "r1") + "\n" +
           Appointment("person.1", "a1", "political-appointment"));
  const std::string before = Data();
  CliRun dry = Append(events, {"--dry-run"});
  ASSERT_EQ(dry.rc, kExitOk) << dry.out << dry.err;
  EXPECT_TRUE(Data() == before) << "a dry run changed data.mdb";
  std::vector<json::value> lines = Lines(dry.out);
  ASSERT_EQ(lines.size(), 4u) << dry.out;
  // Genesis is seq 0 and the key registration seq 1: each event sees the ones before it.
  for (size_t i = 0; i < 4; ++i) {
    EXPECT_TRUE(lines[i].at("dry_run").as_bool());
    EXPECT_EQ(lines[i].at("would_be_seq").to_number<uint64_t>(), i + 2) << lines[i];
    EXPECT_FALSE(lines[i].as_object().contains("seq"));
  }
  bool no_merit = false;
  for (const auto& f : lines[3].at("flags").as_array()) {
    no_merit |= f.as_string().starts_with("no-merit-selection");
  }
  EXPECT_TRUE(no_merit) << lines[3];
  EXPECT_NE(dry.err.find("nothing was written"), std::string::npos) << dry.err;
  // The same question twice, the same answer.
  EXPECT_EQ(Append(events, {"--dry-run"}).out, dry.out);
  EXPECT_TRUE(Data() == before);

  // The real append gets what the dry run said.
  CliRun real = Append(events);
  ASSERT_EQ(real.rc, kExitOk) << real.err;
  std::vector<json::value> got = Lines(real.out);
  ASSERT_EQ(got.size(), 4u);
  for (size_t i = 0; i < 4; ++i) {
    EXPECT_EQ(got[i].at("seq"), lines[i].at("would_be_seq"));
    EXPECT_EQ(got[i].at("flags"), lines[i].at("flags"));
  }
  // Now replays: the seqs they already have.
  std::vector<json::value> again = Lines(Append(events, {"--dry-run"}).out);
  ASSERT_EQ(again.size(), 4u);
  EXPECT_TRUE(again[0].at("duplicate").as_bool());
  EXPECT_EQ(again[0].at("seq").to_number<uint64_t>(), 2u);
}

TEST_F(HrLoop, DryRunNamesEveryErrorOfEachEventAndTheNextStep) {
  ASSERT_EQ(Append(Sign(OrgEvent("o1") + "\n" + PostEvent("p1"))).rc, kExitOk);
  const std::string before = Data();
  // An appointment of a person never registered: the message says what to record first.
  CliRun unregistered = Append(Sign(Appointment("person.9", "a9")), {"--dry-run"});
  EXPECT_EQ(unregistered.rc, kExitRejected) << unregistered.out << unregistered.err;
  json::value line = json::parse(unregistered.out);
  EXPECT_EQ(line.at("errors").at(0).at("message").as_string(),
            "body.person: person \"person.9\" is not registered: record person.registered first");
  EXPECT_EQ(line.at("error").at("code").as_string(), "NOT_FOUND");

  // Tampered after signing: the signature fails, and the checks behind it
  // still say the person is not registered.
  json::value tampered = json::parse(Sign(Appointment("person.1", "a1")));
  tampered.at("body").at("person") = "person.8";
  CliRun both = Append(json::serialize(tampered), {"--dry-run"});
  EXPECT_EQ(both.rc, kExitRejected);
  json::array errors = json::parse(both.out).at("errors").as_array();
  ASSERT_EQ(errors.size(), 2u) << both.out;
  EXPECT_TRUE(errors[0].at("message").as_string().starts_with("signature: does not verify"));
  EXPECT_NE(errors[1].at("message").as_string().find("person \"person.8\" is not registered"),
            json::string::npos);

  // Malformed: every field's error, and the good event after it is still tried.
  json::value bad = json::parse(Sign(PersonEvent("person.2", "r2")));
  bad.at("body").at("gender") = "robot";
  bad.at("body").as_object().erase("birth_year");
  bad.at("body").as_object()["shoe_size"] = 44;
  const std::string good = Sign(PersonEvent("person.3", "r3"));
  CliRun mixed = Append(json::serialize(bad) + "\n" + good, {"--dry-run"});
  EXPECT_EQ(mixed.rc, kExitUsage) << mixed.err;
  std::vector<json::value> lines = Lines(mixed.out);
  ASSERT_EQ(lines.size(), 2u) << mixed.out;
  json::array bad_errors = lines[0].at("errors").as_array();
  ASSERT_EQ(bad_errors.size(), 3u) << lines[0];
  EXPECT_TRUE(bad_errors[0].at("message").as_string().starts_with("body.shoe_size:"));
  EXPECT_TRUE(bad_errors[1].at("message").as_string().starts_with("body.gender:"));
  EXPECT_EQ(bad_errors[2].at("message").as_string(), "body.birth_year: required field is missing");
  EXPECT_EQ(lines[1].at("would_be_seq").to_number<uint64_t>(), 4u);
  EXPECT_TRUE(Data() == before);
}

TEST_F(HrLoop, AnEventBreakingTwoRulesIsRefusedWithBothNumbered) {
  ASSERT_EQ(Append(Sign(OrgEvent("o1") + "\n" + PostEvent("p1"))).rc, kExitOk);
  const std::string before = Data();
  // A person never registered, on a post of another organisation than `org`.
  json::value event = json::parse(Appointment("person.9", "a9"));
  event.at("body").at("org") = "mn.ub.khan-uul.khoroo-01";
  const std::string signed_event = Sign(json::serialize(event));
  for (const std::vector<std::string>& extra :
       {std::vector<std::string>{"--dry-run"}, std::vector<std::string>{}}) {
    CliRun r = Append(signed_event, extra);
    EXPECT_EQ(r.rc, kExitRejected) << r.out << r.err;
    json::value line = json::parse(r.out);
    EXPECT_EQ(line.at("error").at("code").as_string(), "NOT_FOUND");
    json::array errors = line.at("errors").as_array();
    ASSERT_EQ(errors.size(), 2u) << r.out;
    EXPECT_EQ(errors[0].at("message"), line.at("error").at("message"));
    EXPECT_EQ(errors[1].at("message").as_string(),
              "body.org: post \"mn.ub.khan-uul/officer\" belongs to \"mn.ub.khan-uul\"");
    EXPECT_NE(r.err.find("ledger: event 1 is refused for 2 reasons:\n"
                         "  1. body.person: person \"person.9\" is not registered"),
              std::string::npos)
        << r.err;
    EXPECT_NE(r.err.find("  2. body.org: post"), std::string::npos) << r.err;
    EXPECT_TRUE(Data() == before) << "a refused event changed data.mdb";
  }
}

TEST_F(HrLoop, SignNamesEveryErrorOfEveryEventAndSignsNothing) {
  json::value first = json::parse(PersonEvent("person.1", "r1"));
  first.at("body").as_object().erase("full_name");
  first.at("body").at("birth_year") = "1980";
  json::value second = json::parse(OrgEvent("o1"));
  second.at("type") = "organisation.founded";
  CliRun r = Cli({"sign", "--key", Path("hr.pem")},
                 json::serialize(first) + "\n" + json::serialize(second));
  EXPECT_EQ(r.rc, kExitUsage);
  EXPECT_EQ(r.out, "");
  EXPECT_NE(r.err.find("event 1: body.full_name: required field is missing"), std::string::npos)
      << r.err;
  EXPECT_NE(r.err.find("event 1: body.birth_year:"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("event 2: type: unknown event type \"organisation.founded\""),
            std::string::npos)
      << r.err;
  EXPECT_NE(r.err.find("nothing was signed (3 errors)"), std::string::npos) << r.err;
}

TEST_F(HrLoop, RejectionsAreJournalledOutsideTheLogAndFoundByClientIdOrSigner) {
  const std::string data_before = Data();
  CliRun refused = Append(Sign(Appointment("person.9", "hr-42")));
  EXPECT_EQ(refused.rc, kExitRejected);
  EXPECT_TRUE(Data() == data_before) << "a refused append changed data.mdb";
  // A malformed event is journalled too, under the client_id it names.
  json::value bad = json::parse(Sign(PersonEvent("person.2", "hr-43")));
  bad.at("body").at("gender") = "robot";
  EXPECT_EQ(Append(json::serialize(bad)).rc, kExitUsage);
  EXPECT_TRUE(std::filesystem::exists(dir() + "/rejections/data.mdb"));

  CliRun mine = Cli({"rejections", "--dir", dir(), "--client-id", "hr-42"});
  ASSERT_EQ(mine.rc, kExitOk) << mine.err;
  std::vector<json::value> rows = Lines(mine.out);
  ASSERT_EQ(rows.size(), 1u) << mine.out;
  EXPECT_EQ(rows[0].at("client_id").as_string(), "hr-42");
  EXPECT_EQ(rows[0].at("type").as_string(), "appointment.made");
  EXPECT_EQ(rows[0].at("source").as_string(), "cli");
  EXPECT_EQ(rows[0].at("event").to_number<uint64_t>(), 1u);
  EXPECT_EQ(rows[0].at("error").at("code").as_string(), "NOT_FOUND");
  EXPECT_NE(rows[0].at("error").at("message").as_string().find("record person.registered first"),
            json::string::npos);

  CliRun by_signer = Cli({"rejections", "--dir", dir(), "--signer", Path("hr.pub")});
  ASSERT_EQ(by_signer.rc, kExitOk) << by_signer.err;
  rows = Lines(by_signer.out);
  ASSERT_EQ(rows.size(), 2u) << by_signer.out;
  EXPECT_EQ(rows[0].at("client_id").as_string(), "hr-43");  // newest first
  EXPECT_TRUE(rows[0].at("error").at("message").as_string().starts_with("body.gender:"));
  EXPECT_EQ(Lines(Cli({"rejections", "--dir", dir(), "--signer", Path("root.pub")}).out).size(),
            0u);

  // The auditor checks the log and its views, and never the journal.
  CliRun verify = Cli({"verify", "--dir", dir(), "--json"});
  EXPECT_EQ(verify.rc, kExitOk) << verify.out << verify.err;
}

TEST_F(HrLoop, TheJournalKeepsOnlyWhatItsRetentionSays) {
  for (int i = 0; i < 4; ++i) {
    EXPECT_EQ(Append(Sign(Appointment("person.9", "c" + std::to_string(i))),
                     {"--rejections-keep", "2"})
                  .rc,
              kExitRejected);
  }
  std::vector<json::value> rows = Lines(Cli({"rejections", "--dir", dir()}).out);
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0].at("client_id").as_string(), "c3");
  EXPECT_EQ(rows[1].at("client_id").as_string(), "c2");
  EXPECT_EQ(Append(Sign(Appointment("person.9", "x")), {"--rejections-keep", "0"}).rc, kExitUsage);
}

TEST_F(HrLoop, ADamagedJournalNeverStopsAppends) {
  std::filesystem::create_directories(dir() + "/rejections");
  WriteAll(dir() + "/rejections/data.mdb", std::string(10000, '\x5a'));
  // The auditor is not disturbed by it either.
  EXPECT_EQ(Cli({"verify", "--dir", dir()}).rc, kExitOk);

  CliRun refused = Append(Sign(Appointment("person.9", "after-damage")));
  EXPECT_EQ(refused.rc, kExitRejected) << refused.err;
  EXPECT_NE(refused.err.find("warning: rejection journal moved aside"), std::string::npos)
      << refused.err;
  CliRun ok = Append(Sign(OrgEvent("o1")));
  EXPECT_EQ(ok.rc, kExitOk) << ok.err;
  std::vector<json::value> rows =
      Lines(Cli({"rejections", "--dir", dir(), "--client-id", "after-damage"}).out);
  EXPECT_EQ(rows.size(), 1u);
  bool moved_aside = false;
  for (const auto& e : std::filesystem::directory_iterator(dir())) {
    moved_aside |= e.path().filename().string().starts_with("rejections.damaged-");
  }
  EXPECT_TRUE(moved_aside);
}

TEST_F(HrLoop, PersonCommitmentIsTheSaltedHashTheEventCarries) {
  const std::string salt = "0123456789abcdef-department-salt";
  WriteAll(Path("salt"), salt);
  CliRun r = Cli({"person-commitment", "--register-number", " уб82010203 ", "--salt-file",
                  Path("salt")});
  ASSERT_EQ(r.rc, kExitOk) << r.err;
  const std::string expected = Base64Encode(Sha256(std::string_view(salt + "УБ82010203")));
  EXPECT_EQ(r.out, expected + "\n");
  // Typed either way, one commitment.
  EXPECT_EQ(Cli({"person-commitment", "--register-number", "УБ82010203", "--salt-file",
                 Path("salt"), "--json"})
                .out,
            "{\"register_commitment\":\"" + expected + "\"}\n");
  // And person.registered takes it as it is.
  json::value person = json::parse(PersonEvent("person.1", "r1"));
  ASSERT_EQ(Append(Sign(OrgEvent("o1"))).rc, kExitOk);
  person.at("body").as_object()["register_commitment"] = expected;
  EXPECT_EQ(Append(Sign(json::serialize(person))).rc, kExitOk);

  WriteAll(Path("short"), "too short");
  EXPECT_EQ(Cli({"person-commitment", "--register-number", "УБ82010203", "--salt-file",
                 Path("short")})
                .rc,
            kExitUsage);
  EXPECT_EQ(Cli({"person-commitment", "--register-number", "УБ 82010203", "--salt-file",
                 Path("salt")})
                .rc,
            kExitUsage);
  ASSERT_EQ(Cli({"person-commitment", "--new-salt-file", Path("new-salt")}).rc, kExitOk);
  EXPECT_EQ(ReadAll(Path("new-salt")).size(), 32u);
  struct stat st {};
  ASSERT_EQ(::stat(Path("new-salt").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  // Never overwritten.
  EXPECT_NE(Cli({"person-commitment", "--new-salt-file", Path("new-salt")}).rc, kExitOk);
}

TEST_F(HrLoop, ExportOpenWritesPopoloAndFollowTheMoney) {
  ASSERT_EQ(Append(Sign(OrgEvent("o1") + "\n" + PostEvent("p1") + "\n" +
                        PersonEvent("person.1", "r1") + "\n" + Appointment("person.1", "a1")))
                .rc,
            kExitOk);
  CliRun popolo = Cli({"export-open", "--dir", dir(), "--format", "popolo"});
  ASSERT_EQ(popolo.rc, kExitOk) << popolo.err;
  json::value doc = json::parse(popolo.out);
  ASSERT_EQ(doc.at("memberships").as_array().size(), 1u) << popolo.out;
  const json::value& m = doc.at("memberships").at(0);
  EXPECT_EQ(m.at("person_id").as_string(), "person.1");
  EXPECT_EQ(m.at("post_id").as_string(), "mn.ub.khan-uul/officer");
  EXPECT_EQ(m.at("sources").at(0).at("seq").to_number<uint64_t>(), 5u);
  EXPECT_EQ(m.at("sources").at(0).at("decision").at("number").as_string(), "А/1");

  CliRun ftm = Cli({"export-open", "--dir", dir(), "--format", "ftm", "--out", Path("ftm.jsonl")});
  ASSERT_EQ(ftm.rc, kExitOk) << ftm.err;
  std::vector<std::string> schemas;
  for (const auto& e : Lines(ReadAll(Path("ftm.jsonl")))) {
    schemas.emplace_back(e.at("schema").as_string());
  }
  EXPECT_EQ(schemas, (std::vector<std::string>{"PublicBody", "Position", "Person", "Occupancy"}));
  EXPECT_EQ(Cli({"export-open", "--dir", dir(), "--format", "xml"}).rc, kExitUsage);
}

}  // namespace
}  // namespace ledger::cli
