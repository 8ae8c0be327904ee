// The auditor and the rule-set versions: a log whose genesis declares
// civil-service/2 verifies with its future-dated and duplicate-person flags,
// and a stripped one is a flag-mismatch; a log declaring civil-service (as
// every log written before version 2) verifies with the same events
// unflagged, its projection byte for byte what version 1 wrote.
#include <gtest/gtest.h>

#include "projections/civil_test_util.h"
#include "verifier/audit.h"
#include "verifier_fixture.h"

namespace ledger::testing {
namespace {

constexpr const char* kOfficer = "mn.cabinet-secretariat/officer";
constexpr const char* kCommitment = "3q2+7wAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=";

class RuleSetAudit : public CivilScenario {
 protected:
  explicit RuleSetAudit(std::string_view rule_set = projections::kCivilServiceRuleSet2)
      : CivilScenario("", rule_set) {}

  // A future-dated appointment and two registrations of one commitment;
  // returns their seqs (appointment, second registration).
  std::pair<uint64_t, uint64_t> Build() {
    Post(kOfficer, "mn.cabinet-secretariat", "administrative", 2);
    for (const char* id : {"person.a", "person.b"}) {
      Ok("person.registered", {{"person", id},
                               {"org", "mn.cabinet-secretariat"},
                               {"full_name", "Дуламсүрэн Оюунчимэг"},
                               {"gender", "female"},
                               {"birth_year", 1982},
                               {"register_commitment", kCommitment}});
    }
    const uint64_t second = t.ledger->Size() - 1;
    const uint64_t future =
        Ok("appointment.made", Appointment("person.a", kOfficer, "2031-01-01")).seq;
    log_key_ = t.ledger->log_key();
    t.ledger.reset();
    return {future, second};
  }

  verify::AuditReport Audit() {
    verify::AuditOptions o;
    o.log_key = log_key_;
    auto r = verify::AuditLedgerDir(t.Dir(), o);
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    return r.ok() ? *r : verify::AuditReport{};
  }

  std::vector<std::string> FlagsAt(uint64_t seq) {
    t.Reopen();
    auto r = t.ledger->GetRecord(seq);
    EXPECT_TRUE(r.ok());
    std::vector<std::string> flags = r.ok() ? r->flags : std::vector<std::string>{};
    t.ledger.reset();
    return flags;
  }

  note::VerifierKey log_key_;
};

class RuleSetOneAudit : public RuleSetAudit {
 protected:
  RuleSetOneAudit() : RuleSetAudit(projections::kCivilServiceRuleSet) {}
};

TEST_F(RuleSetAudit, NewFlagsVerifyAndAStrippedOneIsAFlagMismatch) {
  auto [future, second] = Build();
  ASSERT_EQ(FlagsAt(future).size(), 1u);
  EXPECT_TRUE(FlagsAt(future)[0].starts_with("future-dated: "));
  ASSERT_EQ(FlagsAt(second).size(), 1u);
  EXPECT_TRUE(FlagsAt(second)[0].starts_with("duplicate-person: "));
  verify::AuditReport clean = Audit();
  EXPECT_TRUE(clean.ok()) << Kinds(clean);

  for (uint64_t seq : {future, second}) {
    ASSERT_TRUE(InsiderEdit(t.Dir(), seq, [](Record& r) { r.flags.clear(); }).ok());
  }
  verify::AuditReport r = Audit();
  ASSERT_FALSE(r.ok());
  EXPECT_TRUE(HasProblem(r, "flag-mismatch", future)) << Kinds(r);
  EXPECT_TRUE(HasProblem(r, "flag-mismatch", second)) << Kinds(r);
  for (const auto& p : r.problems) {
    if (p.kind != "flag-mismatch") continue;
    EXPECT_EQ(p.found, "no flags");
    EXPECT_TRUE(p.expected.starts_with(p.seq == future ? "future-dated: " : "duplicate-person: "))
        << p.expected;
  }
}

TEST_F(RuleSetOneAudit, AVersionOneLogVerifiesWithoutTheNewFlags) {
  auto [future, second] = Build();
  EXPECT_TRUE(FlagsAt(future).empty());
  EXPECT_TRUE(FlagsAt(second).empty());
  verify::AuditReport r = Audit();
  EXPECT_TRUE(r.ok()) << Kinds(r);
}

}  // namespace
}  // namespace ledger::testing
