// `ledger prove inclusion` to `ledger-verify proof`/`inclusion` end to end:
// the department that signed is named from the bundle alone, and a bundle
// without the signer part says its identity is not carried.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <sstream>

#include "cli.h"
#include "util/test_ledger.h"
#include "verify_cli.h"

namespace ledger {
namespace {

struct CliRun {
  int rc;
  std::string out, err;
};

CliRun Ledger(const std::vector<std::string>& args, const std::string& stdin_text = "") {
  std::istringstream in(stdin_text);
  std::ostringstream out, err;
  int rc = cli::RunCli(args, cli::Io{in, out, err});
  return {rc, out.str(), err.str()};
}

CliRun Verify(const std::vector<std::string>& args) {
  std::ostringstream out, err;
  int rc = verify::RunVerifyCli(args, {out, err});
  return {rc, out.str(), err.str()};
}

const char* kOrg = R"({"type":"organisation.established","client_id":"org-1","body":{
  "org":"mn.ub.khan-uul","name":"Khan-Uul district office","level":"district",
  "max_headcount":55,"effective_date":"2024-07-01","decision_instrument":"Order",
  "decision_number":"A/12","decision_date":"2024-07-01"}})";

TEST(ProofSigner, LedgerProveThenLedgerVerifyNamesTheDepartment) {
  testing::TempDir tmp;
  const std::string dir = tmp.Sub("ledger");
  ASSERT_EQ(Ledger({"keygen", "--out", tmp.Sub("root"), "--name", "council"}).rc, 0);
  ASSERT_EQ(Ledger({"keygen", "--out", tmp.Sub("hr"), "--name", "hr-khan-uul"}).rc, 0);
  ASSERT_EQ(Ledger({"init", "--dir", dir, "--origin", "ledger.example.mn/signer", "--root-key",
                    tmp.Sub("root.pem")})
                .rc,
            0);
  CliRun reg = Ledger({"key", "register", "--dir", dir, "--signer", tmp.Sub("root.pem"), "--key",
                       tmp.Sub("hr.pub"), "--name", "hr-khan-uul", "--org", "mn.ub.khan-uul"});
  ASSERT_EQ(reg.rc, 0) << reg.err;
  CliRun signed_event = Ledger({"sign", "--key", tmp.Sub("hr.pem")}, kOrg);
  ASSERT_EQ(signed_event.rc, 0) << signed_event.err;
  CliRun app = Ledger({"append", "--dir", dir}, signed_event.out);
  ASSERT_EQ(app.rc, 0) << app.err;
  testing::WriteAll(tmp.Sub("vkey"), Ledger({"vkey", "--dir", dir}).out);

  CliRun bundle =
      Ledger({"prove", "inclusion", "--dir", dir, "--seq", "2", "--format", "tlog-proof"});
  ASSERT_EQ(bundle.rc, 0) << bundle.err;
  testing::WriteAll(tmp.Sub("p.tlog-proof"), bundle.out);
  CliRun v = Verify({"proof", tmp.Sub("p.tlog-proof"), "--log-key", tmp.Sub("vkey")});
  EXPECT_EQ(v.rc, 0) << v.out << v.err;
  EXPECT_NE(v.out.find("signed by hr-khan-uul (authority for mn.ub.khan-uul), registered at seq "
                       "1; revocation not checked: needs the records since seq 1 or the "
                       "key-registry view digest"),
            std::string::npos)
      << v.out;

  CliRun json = Ledger({"prove", "inclusion", "--dir", dir, "--seq", "2"});
  ASSERT_EQ(json.rc, 0) << json.err;
  testing::WriteAll(tmp.Sub("p.json"), json.out);
  v = Verify({"inclusion", tmp.Sub("p.json"), "--log-key", tmp.Sub("vkey"), "--json"});
  EXPECT_EQ(v.rc, 0) << v.out << v.err;
  auto signer = boost::json::parse(v.out).at("signer");
  EXPECT_EQ(signer.at("name").as_string(), "hr-khan-uul");
  EXPECT_EQ(signer.at("organisations").as_array().at(0).as_string(), "mn.ub.khan-uul");

  // The root's registering record is the genesis record.
  CliRun of_reg =
      Ledger({"prove", "inclusion", "--dir", dir, "--seq", "1", "--format", "tlog-proof"});
  testing::WriteAll(tmp.Sub("reg.tlog-proof"), of_reg.out);
  v = Verify({"proof", tmp.Sub("reg.tlog-proof"), "--log-key", tmp.Sub("vkey")});
  EXPECT_EQ(v.rc, 0) << v.out << v.err;
  EXPECT_NE(v.out.find("signed by root (root), registered at seq 0"), std::string::npos) << v.out;

  CliRun bare = Ledger(
      {"prove", "inclusion", "--dir", dir, "--seq", "2", "--format", "tlog-proof", "--no-signer"});
  ASSERT_EQ(bare.rc, 0) << bare.err;
  EXPECT_LT(bare.out.size(), bundle.out.size());
  testing::WriteAll(tmp.Sub("bare.tlog-proof"), bare.out);
  v = Verify({"proof", tmp.Sub("bare.tlog-proof"), "--log-key", tmp.Sub("vkey")});
  EXPECT_EQ(v.rc, 0) << v.out << v.err;
  EXPECT_NE(v.out.find("signer identity not carried"), std::string::npos) << v.out;
  EXPECT_EQ(v.out.find("signed by hr-khan-uul"), std::string::npos) << v.out;
}

}  // namespace
}  // namespace ledger
