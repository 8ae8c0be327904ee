// Helpers for the civil-service scenario tests.
#include "projections/civil_test_util.h"

#include "ledger/layout.h"
#include "projections/view_io.h"

namespace ledger::testing {
namespace json = boost::json;

Result<projections::Table> ViewScenario::Run(const std::string& view, const Params& params) {
  auto o = projections::ParseQueryOptions([&](std::string_view name) {
    auto it = params.find(std::string(name));
    return it == params.end() ? std::nullopt : std::optional<std::string>(it->second);
  });
  if (!o.ok()) return o.status();
  return projections::CivilQueries(*t.ledger, *state).Run(view, *o);
}

projections::Table ViewScenario::Must(const std::string& view, const Params& params) {
  auto r = Run(view, params);
  EXPECT_TRUE(r.ok()) << view << ": " << r.status().ToString();
  return r.ok() ? *r : projections::Table{};
}

std::string ViewScenario::Refusal(const std::string& view, const Params& params) {
  auto r = Run(view, params);
  EXPECT_FALSE(r.ok()) << view << " answered " << (r.ok() ? r->total : 0) << " rows";
  if (r.ok()) return "";
  EXPECT_EQ(r.status().code(), Code::kInvalidArgument) << r.status().ToString();
  return r.status().message();
}

std::vector<std::string> ViewScenario::Column(const projections::Table& t,
                                              const std::string& column) {
  size_t c = 0;
  while (c < t.columns.size() && t.columns[c] != column) ++c;
  EXPECT_LT(c, t.columns.size()) << "no column " << column;
  std::vector<std::string> out;
  for (const auto& row : t.rows) {
    if (c >= row.size()) break;
    out.push_back(row[c].is_string() ? std::string(row[c].as_string()) : json::serialize(row[c]));
  }
  return out;
}

CivilScenario::CivilScenario(const std::string& rules, std::string_view rule_set)
    : state(std::make_shared<projections::CivilState>(rule_set)),
      t({state}, (int64_t(events::ParseDate("2024-01-10").value()) * 86'400 + 36'000) * 1'000'000) {
  if (!rules.empty()) t.MustAppend(MakeEvent("rules.set", rules, t.root, "rules"));
  t.MustAppend(RegisterKey(t.root, hr.public_key(), "hr-test", "authority", R"(["mn"])", "hr"));
  Org("mn.cabinet-secretariat", 241);
}

void CivilScenario::Today(const std::string& date) {
  t.clock_us = (int64_t(events::ParseDate(date).value()) * 86'400 + 36'000) * 1'000'000;
}

AppendOutcome CivilScenario::Append(const std::string& type, const json::object& body) {
  Submission s = MakeEvent(type, json::serialize(body), hr, "c" + std::to_string(++client));
  return t.ledger->AppendBatch(std::span(&s, 1))[0];
}

AppendOutcome CivilScenario::SetRules(const json::object& body, const SigningKey* key) {
  Submission s = MakeEvent("rules.set", json::serialize(body), key ? *key : t.root,
                           "r" + std::to_string(++client));
  return t.ledger->AppendBatch(std::span(&s, 1))[0];
}

AppendOutcome CivilScenario::Ok(const std::string& type, const json::object& body) {
  AppendOutcome o = Append(type, body);
  EXPECT_TRUE(o.status.ok()) << type << ": " << o.status.ToString();
  return o;
}

Status CivilScenario::Rejected(const std::string& type, const json::object& body) {
  const std::string before = DataFileBytes();
  const uint64_t size = t.ledger->Size();
  AppendOutcome o = Append(type, body);
  EXPECT_FALSE(o.status.ok()) << type << " was accepted at seq " << o.seq;
  EXPECT_NE(o.status.code(), Code::kInternal) << o.status.ToString();
  EXPECT_EQ(t.ledger->Size(), size);
  EXPECT_TRUE(DataFileBytes() == before) << "a rejected " << type << " changed data.mdb";
  return o.status;
}

std::string CivilScenario::DataFileBytes() const {
  return ReadAll(layout::PathIn(t.Dir(), layout::kDataFile));
}

json::object Decision(json::object b, const std::string& date) {
  b["decision_instrument"] = "Government Resolution";
  b["decision_number"] = "No. 5";
  b["decision_date"] = date;
  return b;
}

void CivilScenario::Org(const std::string& id, uint64_t cap, const std::string& parent) {
  json::object b{{"org", id},
                 {"name", "Засгийн газрын Хэрэг эрхлэх газар"},
                 {"level", "central-government"},
                 {"max_headcount", cap},
                 {"effective_date", "2024-01-01"}};
  if (!parent.empty()) b["parent"] = parent;
  Ok("organisation.established", Decision(b, "2024-01-01"));
}

void CivilScenario::Post(const std::string& id, const std::string& org, const std::string& category,
                         uint64_t positions) {
  Ok("post.established", Decision({{"post", id},
                                   {"org", org},
                                   {"title", "Засгийн газрын Хэрэг эрхлэх газрын дарга"},
                                   {"category", category},
                                   {"leadership", true},
                                   {"positions", positions},
                                   {"effective_date", "2024-01-01"}},
                                  "2024-01-01"));
}

void CivilScenario::Person(const std::string& id, const std::string& org) {
  Ok("person.registered", {{"person", id},
                           {"org", org},
                           {"full_name", "Балдан Бадарч"},
                           {"gender", "male"},
                           {"birth_year", 1975}});
}

json::object CivilScenario::Appointment(const std::string& person, const std::string& post,
                                        const std::string& date, const std::string& basis) {
  const std::string org = post.substr(0, post.find('/'));
  return Decision({{"person", person},
                   {"post", post},
                   {"org", org},
                   {"effective_date", date},
                   {"tenure", "permanent"},
                   {"appointing_authority", "Ерөнхий сайд"},
                   {"selection_basis", basis}},
                  date);
}

json::object CivilScenario::Dismissal(const std::string& person, const std::string& post,
                                      const std::string& date, bool with_article) {
  json::object b{{"person", person},
                 {"post", post},
                 {"org", post.substr(0, post.find('/'))},
                 {"effective_date", date},
                 {"ground", "restructuring"}};
  if (with_article) b["legal_article"] = "Төрийн албаны тухай хууль, 41.1.1";
  return Decision(b, date);
}

std::optional<projections::PostState> CivilScenario::PostNow(const std::string& id) {
  std::optional<projections::PostState> out;
  Status s = t.ledger->WithRead([&](const lmdb::Txn& txn) -> Status {
    LEDGER_ASSIGN_OR_RETURN(out, state->Post(txn, id));
    return Status::Ok();
  });
  EXPECT_TRUE(s.ok()) << s.ToString();
  return out;
}

std::optional<projections::OrgState> CivilScenario::OrgNow(const std::string& id) {
  std::optional<projections::OrgState> out;
  Status s = t.ledger->WithRead([&](const lmdb::Txn& txn) -> Status {
    LEDGER_ASSIGN_OR_RETURN(out, state->Org(txn, id));
    return Status::Ok();
  });
  EXPECT_TRUE(s.ok()) << s.ToString();
  return out;
}

std::string DumpProjection(const Ledger& ledger) {
  return DumpDatabases(ledger, {"proj.civil.orgs", "proj.civil.posts", "proj.civil.persons",
                                "proj.civil.breaches", "proj.civil.sanctions",
                                "proj.civil.corrections", "proj.civil.index", "proj.civil.meta"});
}

bool HasFlag(const AppendOutcome& o, const std::string& rule) {
  for (const auto& f : o.flags) {
    if (f.starts_with(rule + ":")) return true;
  }
  return false;
}

}  // namespace ledger::testing
