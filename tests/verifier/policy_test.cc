// Tests for tlog-policy parsing, quorum evaluation and the --policy/--max-age
// verdicts: a met quorum, a missing quorum, an expired checkpoint, forgeries.
#include "verifier/policy.h"

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <sstream>

#include "util/test_ledger.h"
#include "verifier/policy_verdict.h"
#include "verify_cli.h"

namespace ledger::verify {
namespace {

constexpr char kOrigin[] = "ledger.example.mn/test";

struct Fixture {
  SigningKey log = SigningKey::Generate();
  SigningKey w[3] = {SigningKey::Generate(), SigningKey::Generate(), SigningKey::Generate()};
  std::string names[3] = {"w1.example", "w2.example", "w3.example"};
  note::Checkpoint cp{kOrigin, 7, Sha256(std::string_view("root"))};

  std::string WitnessKey(int i) const {
    return cosig::CosignerKey::ForKey(names[i], w[i].public_key()).ToString();
  }
  std::string PolicyText(const std::string& quorum_lines) const {
    std::string t = "# test policy\nlog " +
                    note::VerifierKey::ForKey(kOrigin, log.public_key()).ToString() +
                    " http://127.0.0.1:1/\n\n";
    for (int i = 0; i < 3; ++i) {
      t += "witness W" + std::to_string(i + 1) + " " + WitnessKey(i) + "\n";
    }
    return t + quorum_lines;
  }
  std::string Note() const { return note::SignCheckpoint(cp, log).value(); }
  std::string Cosign(const std::string& n, int i, uint64_t t) const {
    return cosig::AddSignatureLines(n, cosig::SignatureLine(cp.Body(), t, names[i], w[i]).value())
        .value();
  }
};

TEST(Policy, ParsesTheSpecsExampleShape) {
  Fixture f;
  auto p = Policy::Parse(f.PolicyText("group G 2 W1 W2 W3\n  group H any G\t W3\nquorum H\n"));
  ASSERT_TRUE(p.ok()) << p.status().ToString();
  EXPECT_EQ(p->logs.size(), 1u);
  EXPECT_EQ(p->logs[0].url, "http://127.0.0.1:1/");
  EXPECT_EQ(p->witnesses.size(), 3u);
  EXPECT_EQ(p->groups[0].threshold, 2u);
  EXPECT_TRUE(p->QuorumMet({"W3"}));
  EXPECT_TRUE(p->QuorumMet({"W1", "W2"}));
  EXPECT_FALSE(p->QuorumMet({"W1"}));
  auto all = Policy::Parse(f.PolicyText("group A all W1 W2 W3\nquorum A\n")).value();
  EXPECT_FALSE(all.QuorumMet({"W1", "W2"}));
  EXPECT_TRUE(all.QuorumMet({"W1", "W2", "W3"}));
  EXPECT_TRUE(Policy::Parse(f.PolicyText("quorum none\n"))->QuorumMet({}));
  EXPECT_TRUE(Policy::Parse(f.PolicyText("quorum W2\n"))->QuorumMet({"W2"}));
}

TEST(Policy, RejectsBadPolicies) {
  Fixture f;
  for (const char* bad : {"",                                  // no quorum
                          "quorum W9\n",                       // undefined
                          "quorum W1\nquorum W2\n",            // two quorums
                          "group G 4 W1 W2 W3\nquorum G\n",    // k > n
                          "group G 0 W1\nquorum G\n",          // k < 1
                          "group G 1 W1 W1\nquorum G\n",       // member twice
                          "quorum G\ngroup G any W1\n",        // used before defined
                          "group W1 any W2\nquorum W1\n",      // name reused
                          "group none any W2\nquorum none\n",  // reserved name
                          "frobnicate\nquorum none\n"}) {
    EXPECT_FALSE(Policy::Parse(f.PolicyText(bad)).ok()) << bad;
  }
  std::string dup = f.PolicyText("quorum none\n") + "witness W4 " + f.WitnessKey(0) + "\n";
  EXPECT_FALSE(Policy::Parse(dup).ok());
}

TEST(Policy, QuorumMetAndMissing) {
  Fixture f;
  auto p = Policy::Parse(f.PolicyText("group G 2 W1 W2 W3\nquorum G\n")).value();
  const uint64_t now = 1'796'040'000;  // 2026-11-30T12:00:00Z
  std::string two = f.Cosign(f.Cosign(f.Note(), 0, now - 60), 2, now);
  auto w = CheckWithPolicy(p, two, {int64_t(now), std::nullopt});
  ASSERT_TRUE(w.ok()) << w.status().ToString();
  EXPECT_TRUE(w->quorum_met);
  EXPECT_EQ(w->Summary(), "witnessed by 2 of 3, newest 2026-11-30T12:00:00Z");

  std::string one = f.Cosign(f.Note(), 1, now);
  auto w1 = CheckWithPolicy(p, one, {int64_t(now), std::nullopt});
  ASSERT_TRUE(w1.ok());
  EXPECT_FALSE(w1->quorum_met);

  // A cosignature of another tree does not verify: the note is rejected.
  std::string other = f.Note();
  note::Checkpoint bigger = f.cp;
  bigger.size = 8;
  std::string line = cosig::SignatureLine(bigger.Body(), now, f.names[0], f.w[0]).value();
  EXPECT_EQ(CheckWithPolicy(p, other + line, {int64_t(now), std::nullopt}).status().code(),
            Code::kDataLoss);
  // A log the policy does not list.
  Fixture stranger;
  EXPECT_EQ(CheckWithPolicy(p, stranger.Note(), {int64_t(now), std::nullopt}).status().code(),
            Code::kPermissionDenied);
}

TEST(Policy, VerdictsWithMaxAge) {
  Fixture f;
  auto p = Policy::Parse(f.PolicyText("group G 2 W1 W2 W3\nquorum G\n")).value();
  const uint64_t now = 1'796'040'000;
  std::string stale = f.Cosign(f.Cosign(f.Note(), 0, now - 7200), 1, now - 3600);
  std::optional<PolicyOption> opt(PolicyOption{"policy.txt", p, {int64_t(now), std::nullopt}});

  Verdict ok;
  ApplyPolicy(ok, stale, opt);
  EXPECT_TRUE(ok.ok()) << ok.reason;
  EXPECT_NE(ok.ToText().find("witnessed by 2 of 3, newest 2026-11-30T11:00:00Z"),
            std::string::npos)
      << ok.ToText();

  opt->check.max_age = ParseDuration("90m").value();
  Verdict expired;
  ApplyPolicy(expired, stale, opt);
  EXPECT_EQ(expired.outcome, Outcome::kRejected);
  EXPECT_NE(expired.reason.find("not met"), std::string::npos) << expired.reason;

  Verdict unwitnessed;
  opt->check.max_age.reset();
  ApplyPolicy(unwitnessed, f.Note(), opt);
  EXPECT_EQ(unwitnessed.outcome, Outcome::kRejected);
  EXPECT_NE(unwitnessed.ToText().find("witnessed by 0 of 3"), std::string::npos);
}

TEST(Policy, LedgerVerifyCheckpointWithPolicy) {
  Fixture f;
  testing::TempDir dir;
  const uint64_t now = static_cast<uint64_t>(std::time(nullptr));
  testing::WriteAll(dir.Sub("policy"), f.PolicyText("group G 2 W1 W2 W3\nquorum G\n"));
  testing::WriteAll(dir.Sub("fresh"), f.Cosign(f.Cosign(f.Note(), 0, now - 60), 1, now));
  testing::WriteAll(dir.Sub("stale"), f.Cosign(f.Cosign(f.Note(), 0, now - 9000), 1, now - 8000));
  testing::WriteAll(dir.Sub("one"), f.Cosign(f.Note(), 2, now));
  auto run = [&](std::vector<std::string> args, std::string* out) {
    std::ostringstream o, e;
    int rc = RunVerifyCli(args, {o, e});
    *out = o.str() + e.str();
    return rc;
  };
  std::string out;
  EXPECT_EQ(run({"checkpoint", dir.Sub("fresh"), "--policy", dir.Sub("policy"), "--max-age", "1h"},
                &out),
            0)
      << out;
  EXPECT_NE(out.find("witnessed by 2 of 3, newest "), std::string::npos) << out;
  EXPECT_EQ(run({"checkpoint", dir.Sub("stale"), "--policy", dir.Sub("policy"), "--max-age", "1h"},
                &out),
            1)
      << out;
  EXPECT_EQ(run({"checkpoint", dir.Sub("stale"), "--policy", dir.Sub("policy")}, &out), 0) << out;
  EXPECT_EQ(run({"checkpoint", dir.Sub("one"), "--policy", dir.Sub("policy")}, &out), 1) << out;
  EXPECT_NE(out.find("witnessed by 1 of 3"), std::string::npos) << out;
  EXPECT_EQ(run({"checkpoint", dir.Sub("one"), "--max-age", "1h", "--log-key",
                 note::VerifierKey::ForKey(kOrigin, f.log.public_key()).ToString()},
                &out),
            2)
      << out;
}

// A real ledger of a few records whose latest checkpoint is written as
// "witnessed" (cosigned by W1 and W3: the 2-of-3 quorum of "policy") and
// "one" (cosigned by W2 alone), beside the policy.
struct WitnessedLedger {
  Fixture f;
  testing::TestLedger l;
  testing::TempDir dir;
  uint64_t size = 0;

  WitnessedLedger() {
    testing::AppendKeyRegistrations(*l.ledger, l.root, 5, "policy");
    size = l.ledger->Size();
    std::string policy = "log " + l.ledger->log_key().ToString() + "\n";
    for (int i = 0; i < 3; ++i)
      policy += "witness W" + std::to_string(i + 1) + " " + f.WitnessKey(i) + "\n";
    testing::WriteAll(dir.Sub("policy"), policy + "group G 2 W1 W2 W3\nquorum G\n");
    const std::string note = l.ledger->Checkpoint(size).value();
    const note::Checkpoint cp = note::OpenCheckpoint(note, l.ledger->log_key()).value();
    const uint64_t now = static_cast<uint64_t>(std::time(nullptr));
    auto cosign = [&](const std::string& text, int i) {
      return cosig::AddSignatureLines(
                 text, cosig::SignatureLine(cp.Body(), now, f.names[i], f.w[i]).value())
          .value();
    };
    testing::WriteAll(dir.Sub("witnessed"), cosign(cosign(note, 0), 2));
    testing::WriteAll(dir.Sub("one"), cosign(note, 1));
  }
};

// `consistency --policy`: the log key comes from the policy, and the checkpoint
// for new_size must carry the quorum.
TEST(Policy, LedgerVerifyConsistencyWithPolicy) {
  WitnessedLedger w;
  auto& l = w.l;
  auto& dir = w.dir;
  const uint64_t n = w.size;
  testing::WriteAll(dir.Sub("old"), l.ledger->Checkpoint(2).value());
  testing::WriteAll(
      dir.Sub("cons.json"),
      boost::json::serialize(ConsistencyToJson({2, n, l.ledger->ProveConsistency(2, n).value()})));
  auto run = [&](const std::string& new_cp, std::string* out) {
    std::ostringstream o, e;
    int rc = RunVerifyCli({"consistency", dir.Sub("cons.json"), "--policy", dir.Sub("policy"),
                           "--old", dir.Sub("old"), "--new", dir.Sub(new_cp)},
                          {o, e});
    *out = o.str() + e.str();
    return rc;
  };
  std::string out;
  EXPECT_EQ(run("witnessed", &out), 0) << out;
  EXPECT_NE(out.find("consistency proof verified"), std::string::npos) << out;
  EXPECT_NE(out.find("witnessed by 2 of 3"), std::string::npos) << out;
  EXPECT_EQ(run("one", &out), 1) << out;
  EXPECT_NE(out.find("witnessed by 1 of 3"), std::string::npos) << out;
}

// The modes over a whole log: every --checkpoint kept must carry the quorum;
// one that does not is the problem witness-policy; --policy needs one.
TEST(Policy, LedgerAuditJudgesKeptCheckpointsByThePolicy) {
  WitnessedLedger w;
  auto& l = w.l;
  auto& dir = w.dir;
  const std::string vkey = l.ledger->log_key().ToString();
  auto run = [&](std::vector<std::string> extra, std::string* out) {
    std::vector<std::string> args = {"ledger", l.Dir(), "--log-key", vkey, "--quiet", "--no-views"};
    args.insert(args.end(), extra.begin(), extra.end());
    std::ostringstream o, e;
    int rc = RunVerifyCli(args, {o, e});
    *out = o.str() + e.str();
    return rc;
  };
  std::string out;
  EXPECT_EQ(run({"--checkpoint", dir.Sub("witnessed"), "--policy", dir.Sub("policy")}, &out), 0)
      << out;
  EXPECT_NE(out.find("witnessed by 2 of 3"), std::string::npos) << out;
  EXPECT_EQ(run({"--checkpoint", dir.Sub("one"), "--policy", dir.Sub("policy"), "--json"}, &out),
            1)
      << out;
  EXPECT_NE(out.find("\"kind\":\"witness-policy\""), std::string::npos) << out;
  EXPECT_EQ(run({"--policy", dir.Sub("policy")}, &out), 2) << out;
  EXPECT_NE(out.find("give them with --checkpoint"), std::string::npos) << out;
}

TEST(Policy, Durations) {
  EXPECT_EQ(ParseDuration("90s").value(), 90u);
  EXPECT_EQ(ParseDuration("1h30m").value(), 5400u);
  EXPECT_EQ(ParseDuration("7d").value(), 604800u);
  EXPECT_FALSE(ParseDuration("10").ok());
  EXPECT_FALSE(ParseDuration("5y").ok());
  EXPECT_FALSE(ParseDuration("").ok());
}

}  // namespace
}  // namespace ledger::verify
