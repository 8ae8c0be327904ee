// A ledger with the civil-state projection and an HR key for all of "mn",
// plus one-line helpers that read like the domain: establish, appoint,
// dismiss, and "this is rejected and nothing changed".
#ifndef LEDGER_TESTS_PROJECTIONS_CIVIL_TEST_UTIL_H_
#define LEDGER_TESTS_PROJECTIONS_CIVIL_TEST_UTIL_H_

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <map>
#include <memory>
#include <string>

#include "ledger/events.h"
#include "projections/civil_queries.h"
#include "projections/civil_state.h"
#include "util/test_ledger.h"

namespace ledger::testing {

class CivilScenario : public ::testing::Test {
 protected:
  // `rules`: when given, a rules.set body (JSON) the root key appends first.
  // `rule_set`: the rule set the genesis declares (civil-service: a log as
  // the code before rule-set version 2 wrote it).
  explicit CivilScenario(const std::string& rules = "",
                         std::string_view rule_set = projections::kCivilServiceRuleSet2);

  // Moves the ledger clock to 10:00 UTC on `date` ("YYYY-MM-DD").
  void Today(const std::string& date);
  // Appends `type` with `body` (a JSON object) signed by the HR key.
  AppendOutcome Append(const std::string& type, const boost::json::object& body);
  // Appends a rules.set with `body` (a JSON object) signed by `key` (default: the root key).
  AppendOutcome SetRules(const boost::json::object& body, const SigningKey* key = nullptr);
  // Asserts acceptance; returns the outcome (seq, flags).
  AppendOutcome Ok(const std::string& type, const boost::json::object& body);
  // Asserts rejection and that data.mdb is byte-for-byte unchanged; returns the status.
  Status Rejected(const std::string& type, const boost::json::object& body);

  void Org(const std::string& id, uint64_t cap, const std::string& parent = "");
  void Post(const std::string& id, const std::string& org, const std::string& category,
            uint64_t positions = 1);
  void Person(const std::string& id, const std::string& org = "mn.cabinet-secretariat");
  boost::json::object Appointment(const std::string& person, const std::string& post,
                                  const std::string& date,
                                  const std::string& basis = "competitive-examination");
  boost::json::object Dismissal(const std::string& person, const std::string& post,
                                const std::string& date, bool with_article = true);

  std::optional<projections::PostState> PostNow(const std::string& id);
  std::optional<projections::OrgState> OrgNow(const std::string& id);
  std::string DataFileBytes() const;

  std::shared_ptr<projections::CivilState> state;
  TestLedger t;
  SigningKey hr = SigningKey::Generate();
  int client = 0;
};

// A CivilScenario whose views are run through the same parsing as the CLI
// and the API (parameters by their names: "org", "as-of", ...).
class ViewScenario : public CivilScenario {
 protected:
  using Params = std::map<std::string, std::string>;
  using CivilScenario::CivilScenario;
  Result<projections::Table> Run(const std::string& view, const Params& params);
  // Asserts the view answers; its table (empty when it did not).
  projections::Table Must(const std::string& view, const Params& params);
  // Asserts the view refuses with InvalidArgument; its message.
  std::string Refusal(const std::string& view, const Params& params);
  // One column's cells as text (JSON for non-strings: "null", "2", "[3]").
  static std::vector<std::string> Column(const projections::Table& t, const std::string& column);
};

#define EXPECT_HAS(text, part) \
  EXPECT_NE(std::string(text).find(part), std::string::npos) << (text) << "\n  lacks: " << (part)

// Adds the decision reference fields every decision carries.
boost::json::object Decision(boost::json::object body, const std::string& date);

// Every key and value of the civil-state projection's databases, in order:
// two ledgers whose projections are byte-identical dump the same.
std::string DumpProjection(const Ledger& ledger);

// True when some flag starts with `rule` (flags read "<rule>: <why>").
bool HasFlag(const AppendOutcome& o, const std::string& rule);

}  // namespace ledger::testing

#endif  // LEDGER_TESTS_PROJECTIONS_CIVIL_TEST_UTIL_H_
