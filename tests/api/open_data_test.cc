// The HR officer's loop and open data over HTTP: every error of a dry run,
// the rejection journal (GET /v1/rejections), whole views as CSV downloads
// (all=true, bom=true, Content-Disposition), and the Popolo and
// FollowTheMoney exports, the latter checked against the FtM model.
#include <gtest/gtest.h>

#include <boost/beast/http.hpp>
#include <boost/json.hpp>
#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <sstream>

#include "api/api_fixture.h"
#include "ledger/encoding.h"
#include "ledger/rejection_journal.h"

namespace ledger::testing {
namespace {
namespace http = boost::beast::http;
namespace json = boost::json;

std::string PercentEncode(std::string_view s) {
  static const char* kHex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : s) {
    if (std::isalnum(c) || c == '-' || c == '.' || c == '_') {
      out += char(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

std::vector<json::value> JsonLines(const std::string& text) {
  std::vector<json::value> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    if (!line.empty()) out.push_back(json::parse(line));
  }
  return out;
}

class OpenDataTest : public ApiTest {
 protected:
  // Three posts in a district office under the city, each with a holder; one
  // dismissed since.
  void Holders() {
    Today("2024-02-01");  // every decision below is in the past
    Org("mn.ub", 100);
    Org("mn.ub.khan-uul", 50, "mn.ub");
    for (const char* p : {"a", "b", "c"}) {
      Post(std::string("mn.ub.khan-uul/") + p, "mn.ub.khan-uul", "administrative");
      Person(std::string("person.") + p, "mn.ub.khan-uul");
      seqs[p] = Ok("appointment.made",
                    Appointment(std::string("person.") + p, std::string("mn.ub.khan-uul/") + p,
                                "2024-01-12"))
                    .seq;
    }
    dismissal = Ok("dismissal.made", Dismissal("person.c", "mn.ub.khan-uul/c", "2024-01-14")).seq;
  }
  std::string HashOf(uint64_t seq) const {
    return Base64Encode(RecordHash(t.ledger->RecordBytes(seq).value()));
  }
  std::map<std::string, uint64_t> seqs;
  uint64_t dismissal = 0;
};

TEST_F(OpenDataTest, ADryRunAnswersEveryErrorOfTheEvent) {
  const std::string before = DataFileBytes();
  // Signed, then changed: the signature fails, and the person is not registered either.
  json::value tampered = json::parse(SignedAppointment("person.1", "t1"));
  tampered.at("body").at("person") = "person.9";
  api::Response dry = HttpPost("/v1/events?dry_run=true", json::serialize(tampered));
  EXPECT_EQ(dry.result(), http::status::bad_request) << dry.body();
  json::array errors = Json(dry).at("errors").as_array();
  ASSERT_EQ(errors.size(), 2u) << dry.body();
  EXPECT_TRUE(errors[0].at("message").as_string().starts_with("signature:"));
  EXPECT_EQ(errors[1].at("message").as_string(),
            "body.person: person \"person.9\" is not registered: record person.registered first");

  // Malformed: each field's error.
  json::value bad = json::parse(SignedAppointment("person.1", "t2"));
  bad.at("body").at("tenure") = "forever";
  bad.at("body").as_object().erase("effective_date");
  api::Response malformed = HttpPost("/v1/events?dry_run=true", json::serialize(bad));
  EXPECT_EQ(malformed.result(), http::status::bad_request);
  json::value m = Json(malformed);
  ASSERT_EQ(m.at("errors").as_array().size(), 2u) << malformed.body();
  EXPECT_EQ(m.at("errors").at(0).at("message").as_string(),
            "body.effective_date: required field is missing");
  EXPECT_TRUE(m.at("errors").at(1).at("message").as_string().starts_with("body.tenure:"));
  EXPECT_EQ(m.at("field").as_string(), "body.effective_date");
  EXPECT_TRUE(DataFileBytes() == before);
}

TEST_F(OpenDataTest, RefusedSubmissionsAreFoundInTheJournalByClientIdOrSigner) {
  std::shared_ptr<RejectionJournal> journal = RejectionJournal::Open(t.dir.path(), false).value();
  api::RouterOptions options;
  options.rejections = journal;
  router = std::make_unique<api::Router>(*t.ledger, *state, appender.get(), options);

  const std::string before = DataFileBytes();
  api::Response refused =
      HttpPost("/v1/events", SignedEvent("appointment.made",
                                         Appointment("person.9", kPost, "2024-01-15"), "hr-77"));
  EXPECT_EQ(refused.result(), http::status::not_found) << refused.body();
  EXPECT_NE(refused.body().find("record person.registered first"), std::string::npos);
  json::value bad = json::parse(SignedAppointment("person.1", "hr-78"));
  bad.at("body").at("tenure") = "forever";
  EXPECT_EQ(HttpPost("/v1/events", json::serialize(bad)).result(), http::status::bad_request);
  // Neither touched the log; the journal is its own file.
  EXPECT_TRUE(DataFileBytes() == before);
  // A dry run is a question, not a submission: not journalled.
  HttpPost("/v1/events?dry_run=true",
           SignedEvent("appointment.made", Appointment("person.9", kPost, "2024-01-15"), "hr-79"));
  EXPECT_EQ(journal->Count(), 2u);

  api::Response mine = HttpGet("/v1/rejections?client_id=hr-77");
  ASSERT_EQ(mine.result(), http::status::ok) << mine.body();
  json::value m = Json(mine);
  EXPECT_FALSE(m.at("audited").as_bool());
  ASSERT_EQ(m.at("rejections").as_array().size(), 1u) << mine.body();
  const json::value& r = m.at("rejections").at(0);
  EXPECT_EQ(r.at("client_id").as_string(), "hr-77");
  EXPECT_EQ(r.at("source").as_string(), "api");
  EXPECT_EQ(r.at("type").as_string(), "appointment.made");
  EXPECT_EQ(r.at("signer").as_string(), Base64Encode(hr.public_key()));
  EXPECT_EQ(r.at("error").at("code").as_string(), "NOT_FOUND");
  EXPECT_EQ(r.at("error").at("message").as_string(),
            "body.person: person \"person.9\" is not registered: record person.registered first");

  api::Response by_signer =
      HttpGet("/v1/rejections?signer=" + PercentEncode(Base64Encode(hr.public_key())));
  ASSERT_EQ(by_signer.result(), http::status::ok) << by_signer.body();
  json::array rows = Json(by_signer).at("rejections").as_array();
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0].at("client_id").as_string(), "hr-78");  // newest first
  EXPECT_TRUE(rows[0].at("error").at("message").as_string().starts_with("body.tenure:"));
  EXPECT_EQ(Json(HttpGet("/v1/rejections?client_id=nobody")).at("rejections").as_array().size(),
            0u);

  // Only a submitter's own: a filter is required; unknown parameters are refused.
  EXPECT_EQ(HttpGet("/v1/rejections").result(), http::status::bad_request);
  EXPECT_EQ(HttpGet("/v1/rejections?client=hr-77").result(), http::status::bad_request);
  EXPECT_EQ(HttpGet("/v1/rejections?client_id=hr-77&limit=0").result(),
            http::status::bad_request);
  // A server without a journal says so.
  api::Router plain(*t.ledger, *state, appender.get());
  EXPECT_EQ(plain.Handle(api::Request{http::verb::get, "/v1/rejections?client_id=hr-77", 11})
                .result(),
            http::status::not_found);
}

TEST_F(OpenDataTest, AWholeViewDownloadsAsCsvPastThePageCapWithABom) {
  Holders();
  api::RouterOptions options;
  options.max_view_rows = 2;  // the page cap, made small
  router = std::make_unique<api::Router>(*t.ledger, *state, appender.get(), options);
  EXPECT_EQ(HttpGet("/v1/views/holders?org=mn.ub&format=csv&limit=3").result(),
            http::status::bad_request);

  api::Response all = HttpGet("/v1/views/holders?org=mn.ub&format=csv&all=true&bom=true");
  ASSERT_EQ(all.result(), http::status::ok) << all.body();
  EXPECT_EQ(all[http::field::content_type], "text/csv; charset=utf-8");
  EXPECT_EQ(all[http::field::content_disposition],
            "attachment; filename=\"holders-" + std::to_string(t.ledger->Size()) + ".csv\"");
  const std::string body = all.body();
  ASSERT_TRUE(body.starts_with("\xEF\xBB\xBF")) << body;
  // The header once, then the two holders and the post person.c left vacant.
  std::istringstream lines(body.substr(3));
  std::vector<std::string> got;
  for (std::string line; std::getline(lines, line);) got.push_back(line);
  ASSERT_EQ(got.size(), 4u) << body;
  EXPECT_TRUE(got[0].starts_with("post,org,title,")) << got[0];
  const std::string rows = got[1] + got[2] + got[3];
  EXPECT_NE(rows.find("person.a"), std::string::npos);
  EXPECT_NE(rows.find("person.b"), std::string::npos);
  EXPECT_NE(rows.find("vacant"), std::string::npos);
  EXPECT_EQ(rows.find("person.c"), std::string::npos);

  // Without bom: no BOM; the same rows.
  api::Response plain = HttpGet("/v1/views/holders?org=mn.ub&format=csv&all=true");
  EXPECT_EQ(plain.body(), body.substr(3));
  // Without all: the page, within the cap.
  api::Response page = HttpGet("/v1/views/holders?org=mn.ub&format=csv&limit=1");
  ASSERT_EQ(page.result(), http::status::ok);
  EXPECT_EQ(page.body(), got[0] + "\n" + got[1] + "\n");

  for (const char* wrong : {"/v1/views/holders?org=mn.ub&format=csv&all=true&limit=2",
                            "/v1/views/holders?org=mn.ub&format=csv&all=yes",
                            "/v1/views/holders?org=mn.ub&all=true",
                            "/v1/views/holders?org=mn.ub&format=json&bom=true"}) {
    EXPECT_EQ(HttpGet(wrong).result(), http::status::bad_request) << wrong;
  }
}

TEST_F(OpenDataTest, PopoloMembershipsNameTheirDecisionsBySeqAndHash) {
  Holders();
  api::Response res = HttpGet("/v1/export/popolo");
  ASSERT_EQ(res.result(), http::status::ok) << res.body();
  EXPECT_EQ(res[http::field::content_disposition],
            "attachment; filename=\"popolo-" + std::to_string(t.ledger->Size()) + ".json\"");
  json::value doc = Json(res);
  EXPECT_EQ(doc.at("meta").at("size").to_number<uint64_t>(), t.ledger->Size());
  // Three organisations (the fixture's and the two here), four posts, five persons.
  EXPECT_EQ(doc.at("organizations").as_array().size(), 3u);
  EXPECT_EQ(doc.at("posts").as_array().size(), 4u);
  EXPECT_EQ(doc.at("persons").as_array().size(), 5u);
  std::map<std::string, json::object> by_person;
  for (const auto& m : doc.at("memberships").as_array()) {
    by_person[std::string(m.at("person_id").as_string())] = m.as_object();
  }
  ASSERT_EQ(by_person.size(), 3u) << res.body();
  const json::object& a = by_person.at("person.a");
  EXPECT_EQ(a.at("post_id").as_string(), "mn.ub.khan-uul/a");
  EXPECT_EQ(a.at("organization_id").as_string(), "mn.ub.khan-uul");
  EXPECT_EQ(a.at("start_date").as_string(), "2024-01-12");
  EXPECT_FALSE(a.contains("end_date"));
  ASSERT_EQ(a.at("sources").as_array().size(), 1u);
  const json::value& src = a.at("sources").at(0);
  EXPECT_EQ(src.at("seq").to_number<uint64_t>(), seqs["a"]);
  EXPECT_EQ(src.at("record_hash").as_string(), HashOf(seqs["a"]));
  EXPECT_EQ(src.at("event_type").as_string(), "appointment.made");
  EXPECT_EQ(src.at("decision").at("date").as_string(), "2024-01-12");
  EXPECT_EQ(src.at("url").as_string(), "/v1/events/" + std::to_string(seqs["a"]));
  // The dismissed one ended, with both decisions as sources.
  const json::object& c = by_person.at("person.c");
  EXPECT_EQ(c.at("end_date").as_string(), "2024-01-14");
  ASSERT_EQ(c.at("sources").as_array().size(), 2u);
  EXPECT_EQ(c.at("sources").at(1).at("seq").to_number<uint64_t>(), dismissal);
  EXPECT_EQ(c.at("sources").at(1).at("record_hash").as_string(), HashOf(dismissal));
  for (const auto& o : doc.at("organizations").as_array()) {
    if (o.at("id") == "mn.ub.khan-uul") EXPECT_EQ(o.at("parent_id").as_string(), "mn.ub");
  }
  EXPECT_EQ(res.body().find("register_commitment"), std::string::npos);
  EXPECT_EQ(HttpGet("/v1/export/csv").result(), http::status::not_found);
}

// The FtM model as checked in (tests/testdata/ftm_schema.json, its source
// named there): the schema, its ancestors' properties, types and ranges.
class FtmModel {
 public:
  FtmModel() {
    std::ifstream in(std::string(LEDGER_TESTDATA) + "/ftm_schema.json");
    std::stringstream text;
    text << in.rdbuf();
    model_ = json::parse(text.str()).as_object();
  }
  const json::object& Schema(std::string_view name) const {
    return model_.at("schemata").at(name).as_object();
  }
  bool Has(std::string_view name) const { return model_.at("schemata").as_object().contains(name); }
  // `name` and every schema it extends.
  std::vector<std::string> Lineage(const std::string& name) const {
    std::vector<std::string> out{name};
    if (const json::value* ext = Schema(name).if_contains("extends")) {
      for (const auto& e : ext->as_array()) {
        for (auto& s : Lineage(std::string(e.as_string()))) out.push_back(s);
      }
    }
    return out;
  }
  const json::object* Property(const std::string& schema, std::string_view prop) const {
    for (const auto& s : Lineage(schema)) {
      if (const json::value* p = Schema(s).at("properties").as_object().if_contains(prop)) {
        return &p->as_object();
      }
    }
    return nullptr;
  }
  std::set<std::string> Required(const std::string& schema) const {
    std::set<std::string> out;
    for (const auto& s : Lineage(schema)) {
      if (const json::value* r = Schema(s).if_contains("required")) {
        for (const auto& p : r->as_array()) out.insert(std::string(p.as_string()));
      }
    }
    return out;
  }
  bool ValidValue(std::string_view type, const std::string& v) const {
    const json::value* t = model_.at("types").as_object().if_contains(type);
    if (!t) return !v.empty();  // string, text, url...: any text
    if (const json::value* p = t->as_object().if_contains("pattern")) {
      return std::regex_match(v, std::regex(std::string(p->as_string())));
    }
    for (const auto& allowed : t->at("values").as_array()) {
      if (allowed.as_string() == v) return true;
    }
    return false;
  }

 private:
  json::object model_;
};

TEST_F(OpenDataTest, FollowTheMoneyEntitiesFitTheModel) {
  Holders();
  api::Response res = HttpGet("/v1/export/ftm");
  ASSERT_EQ(res.result(), http::status::ok) << res.body();
  EXPECT_EQ(res[http::field::content_type], "application/x-ndjson");
  std::vector<json::value> entities = JsonLines(res.body());
  const FtmModel model;
  std::map<std::string, std::string> schema_of;  // id -> schema
  std::map<std::string, int> count;
  for (const auto& e : entities) {
    const std::string id(e.at("id").as_string()), schema(e.at("schema").as_string());
    ASSERT_TRUE(model.Has(schema)) << schema;
    EXPECT_FALSE(model.Schema(schema).contains("abstract")) << schema;
    EXPECT_TRUE(model.ValidValue("entity", id)) << id;
    EXPECT_TRUE(schema_of.emplace(id, schema).second) << "duplicate id " << id;
    ++count[schema];
  }
  EXPECT_EQ(count["PublicBody"], 3);
  EXPECT_EQ(count["Position"], 4);
  EXPECT_EQ(count["Person"], 5);
  EXPECT_EQ(count["Occupancy"], 3);
  for (const auto& e : entities) {
    const std::string schema(e.at("schema").as_string());
    const json::object& props = e.at("properties").as_object();
    for (const auto& required : model.Required(schema)) {
      EXPECT_TRUE(props.contains(required)) << schema << " lacks " << required << ": " << e;
    }
    for (const auto& [name, values] : props) {
      const json::object* spec = model.Property(schema, name);
      ASSERT_NE(spec, nullptr) << schema << " has no property " << name;
      const std::string type(spec->at("type").as_string());
      ASSERT_TRUE(values.is_array() && !values.as_array().empty()) << name << ": " << e;
      for (const auto& v : values.as_array()) {
        ASSERT_TRUE(v.is_string()) << name << ": " << e;
        const std::string text(v.as_string());
        EXPECT_TRUE(model.ValidValue(type, text)) << schema << "." << name << " = " << text;
        if (type == "entity") {
          // A reference to an entity of the export, of the range or below it.
          ASSERT_TRUE(schema_of.contains(text)) << schema << "." << name << " -> " << text;
          const auto lineage = model.Lineage(schema_of.at(text));
          const std::string range(spec->at("range").as_string());
          EXPECT_NE(std::find(lineage.begin(), lineage.end(), range), lineage.end())
              << schema << "." << name << " -> " << schema_of.at(text) << ", not a " << range;
        }
      }
    }
  }
  // Person c's occupancy ended, on the dismissal's date.
  int ended = 0;
  for (const auto& e : entities) {
    if (e.at("schema") != "Occupancy") continue;
    const json::object& p = e.at("properties").as_object();
    if (p.contains("endDate")) {
      ++ended;
      EXPECT_EQ(p.at("endDate").at(0).as_string(), "2024-01-14");
      EXPECT_EQ(p.at("status").at(0).as_string(), "ended");
      EXPECT_NE(p.at("summary").at(0).as_string().find(HashOf(dismissal)), json::string::npos);
    }
  }
  EXPECT_EQ(ended, 1);
}

}  // namespace
}  // namespace ledger::testing
