// An authority key's scope, where the store enforces it: the organisation it
// names and the units below it, nothing beside or above, and a refused
// event leaves data.mdb byte-identical.
#include <gtest/gtest.h>

#include "ledger/layout.h"
#include "ledger/store.h"
#include "util/test_ledger.h"

namespace ledger {
namespace {
using testing::MakeEvent;
using testing::ReadAll;
using testing::RegisterKey;
using testing::TestLedger;

Submission Rename(const SigningKey& key, const std::string& org, const std::string& id) {
  const std::string body = R"({"org":")" + org +
                           R"(","name":"Office","effective_date":"2026-01-01",)"
                           R"("decision_instrument":"Order","decision_number":"No. 1",)"
                           R"("decision_date":"2025-12-20"})";
  return MakeEvent("organisation.renamed", body, key, id);
}

class AuthorityScope : public ::testing::Test {
 protected:
  void SetUp() override {
    t.MustAppend(RegisterKey(t.root, hr.public_key(), "hr-khan-uul", "authority",
                             R"(["mn.ub.khan-uul"])", "reg-hr"));
  }
  std::string DataFile() const { return ReadAll(layout::PathIn(t.Dir(), layout::kDataFile)); }

  TestLedger t;
  SigningKey hr = SigningKey::Generate();
};

TEST_F(AuthorityScope, RefusesOrganisationsOutsideItWithoutWriting) {
  int n = 0;
  for (const std::string org : {"mn.ub.bayanzurkh",  // a sibling district
                                "mn.ub",             // the parent
                                "mn.ub.khan-uulX",   // a look-alike prefix
                                "mn.ub.khan-uul-2", "mn"}) {
    SCOPED_TRACE(org);
    const std::string before = DataFile();
    const uint64_t size = t.ledger->Size();
    auto out = t.ledger->AppendBatch(std::vector{Rename(hr, org, "out-" + std::to_string(n++))});
    ASSERT_EQ(out.size(), 1u);
    EXPECT_EQ(out[0].status.code(), Code::kPermissionDenied) << out[0].status.ToString();
    EXPECT_NE(out[0].status.message().find("hr-khan-uul"), std::string::npos)
        << out[0].status.message();
    EXPECT_NE(out[0].status.message().find("\"" + org + "\""), std::string::npos)
        << out[0].status.message();
    EXPECT_EQ(t.ledger->Size(), size);
    EXPECT_EQ(DataFile(), before);
  }
}

TEST_F(AuthorityScope, CoversTheOrganisationAndItsSubUnits) {
  for (const std::string org : {"mn.ub.khan-uul", "mn.ub.khan-uul.khoroo-1",
                                "mn.ub.khan-uul.khoroo-1.office"}) {
    auto out = t.ledger->AppendBatch(std::vector{Rename(hr, org, "in-" + org)});
    EXPECT_TRUE(out[0].status.ok()) << org << ": " << out[0].status.ToString();
  }
}

}  // namespace
}  // namespace ledger
