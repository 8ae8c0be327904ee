// The Router called directly (no socket): every endpoint's answer, and bad
// input rejected with a clear error and no change to the ledger's bytes.
#include <gtest/gtest.h>

#include <boost/beast/http.hpp>
#include <boost/json.hpp>

#include "api/api_fixture.h"
#include "ledger/merkle.h"
#include "ledger/note.h"
#include "verifier/audit.h"
#include "verifier/offline.h"

namespace ledger::testing {
namespace {
namespace http = boost::beast::http;
namespace json = boost::json;

Hash B64Hash(const json::value& v) { return Base64DecodeHash(v.as_string()).value(); }

std::vector<Hash> B64Hashes(const json::value& v) {
  std::vector<Hash> out;
  for (const auto& h : v.as_array()) out.push_back(B64Hash(h));
  return out;
}

TEST_F(ApiTest, PostAppendsAndTheRecordIsThere) {
  const uint64_t size = t.ledger->Size();
  api::Response res = HttpPost("/v1/events", SignedAppointment("person.1", "api-1"));
  ASSERT_EQ(res.result(), http::status::created) << res.body();
  json::value body = Json(res);
  const auto& result = body.at("results").at(0);
  EXPECT_EQ(result.at("seq").to_number<uint64_t>(), size);
  EXPECT_FALSE(result.at("duplicate").as_bool());
  EXPECT_EQ(body.at("size").to_number<uint64_t>(), size + 1);
  EXPECT_EQ(t.ledger->Size(), size + 1);

  json::value record = Json(HttpGet("/v1/events/" + std::to_string(size)));
  EXPECT_EQ(record.at("event").at("type").as_string(), "appointment.made");
  json::value holders = Json(HttpGet("/v1/views/holders?org=mn.cabinet-secretariat"));
  EXPECT_EQ(holders.at("rows").at(0).at("person").as_string(), "person.1");
}

TEST_F(ApiTest, ReplayAnswersWithTheOriginalSeqAndAppendsNothing) {
  const std::string event = SignedAppointment("person.1", "api-1");
  json::value first = Json(HttpPost("/v1/events", event));
  const uint64_t size = t.ledger->Size();
  api::Response again = HttpPost("/v1/events", event);
  EXPECT_EQ(again.result(), http::status::ok);
  const json::value r = Json(again).at("results").at(0);
  EXPECT_TRUE(r.at("duplicate").as_bool());
  EXPECT_EQ(r.at("seq"), first.at("results").at(0).at("seq"));
  EXPECT_EQ(t.ledger->Size(), size);
}

TEST_F(ApiTest, FlagsComeBackWithTheSeq) {
  ASSERT_EQ(HttpPost("/v1/events", SignedAppointment("person.1", "a")).result(),
            http::status::created);
  json::value second = Json(HttpPost("/v1/events", SignedAppointment("person.2", "b")));
  const auto& flags = second.at("results").at(0).at("flags").as_array();
  ASSERT_EQ(flags.size(), 2u) << second;  // effective after the recording day: future-dated
  EXPECT_TRUE(flags[0].as_string().starts_with("second-holder:")) << flags[0];
  EXPECT_TRUE(flags[1].as_string().starts_with("future-dated:")) << flags[1];
}

TEST_F(ApiTest, BadInputGetsAClearErrorAndChangesNoByte) {
  std::string signed_event = SignedAppointment("person.1", "bad");
  json::value tampered = json::parse(signed_event);
  tampered.at("body").at("person") = "person.2";  // the signature no longer matches
  json::value unsigned_event = json::parse(signed_event);
  unsigned_event.as_object().erase("signature");
  struct Case {
    std::string name, body;
    http::status status;
    std::string message;
  };
  const std::vector<Case> cases = {
      {"malformed JSON", "{\"type\": ", http::status::bad_request, "malformed JSON"},
      {"invalid UTF-8", "{\"type\": \"\xff\"}", http::status::bad_request, "UTF-8"},
      {"empty body", "", http::status::bad_request, "no events"},
      {"empty array", "[]", http::status::bad_request, "no events"},
      {"unsigned", json::serialize(unsigned_event), http::status::bad_request, "signature"},
      {"bad signature", json::serialize(tampered), http::status::bad_request, "signature"},
      {"one bad event in a batch", "[" + signed_event + ", {\"type\": 1}]",
       http::status::bad_request, "event 2"},
      {"an unregistered signer",
       json::serialize(events::SubmissionToJson(MakeEvent(
           "appointment.made", json::serialize(Appointment("person.1", kPost, "2024-01-15")),
           SigningKey::Generate(), "stranger"))),
       http::status::forbidden, "key"},
      {"a dismissal from a post the person does not hold",
       SignedEvent("dismissal.made", Dismissal("person.1", kPost, "2024-02-01"), "d"),
       http::status::bad_request, "does not hold"},
  };
  boost::system::error_code ec;
  for (const Case& c : cases) {
    const std::string before = DataFileBytes();
    const uint64_t size = t.ledger->Size();
    api::Response res = HttpPost("/v1/events", c.body);
    EXPECT_EQ(res.result(), c.status) << c.name << ": " << res.body();
    const json::value reply = Json(res);
    // An RFC 9457 problem: its detail says what was wrong.
    EXPECT_EQ(res[http::field::content_type], "application/problem+json") << c.name;
    const json::value* message = reply.find_pointer("/detail", ec);
    ASSERT_TRUE(message) << c.name << ": " << res.body();
    EXPECT_EQ(reply.at("status").to_number<unsigned>(), res.result_int()) << c.name;
    EXPECT_NE(message->as_string().find(c.message), json::string::npos)
        << c.name << ": " << res.body();
    EXPECT_EQ(t.ledger->Size(), size) << c.name;
    EXPECT_TRUE(DataFileBytes() == before) << c.name << " changed data.mdb";
  }
}

TEST_F(ApiTest, ABatchReportsEachEventAndTheFirstRejection) {
  const std::string ok = SignedAppointment("person.1", "batch-1");
  const std::string bad =
      SignedEvent("dismissal.made", Dismissal("person.2", kPost, "2024-02-01"), "batch-2");
  const uint64_t size = t.ledger->Size();
  api::Response res = HttpPost("/v1/events", ok + "\n" + bad + "\n");
  EXPECT_EQ(res.result(), http::status::bad_request) << res.body();
  const json::array results = Json(res).at("results").as_array();
  ASSERT_EQ(results.size(), 2u);
  EXPECT_EQ(results[0].at("seq").to_number<uint64_t>(), size);
  EXPECT_TRUE(results[1].as_object().contains("error"));
  EXPECT_EQ(Json(res).at("event").to_number<uint64_t>(), 2u);  // the first rejection
  EXPECT_EQ(t.ledger->Size(), size + 1);
}

TEST_F(ApiTest, AReadOnlyRouterRefusesWrites) {
  api::Router read_only(*t.ledger, *state, nullptr);
  api::Request req{http::verb::post, "/v1/events", 11};
  req.body() = SignedAppointment("person.1", "ro");
  api::Response res = read_only.Handle(req);
  EXPECT_EQ(res.result(), http::status::method_not_allowed);
  EXPECT_EQ(res[http::field::allow], "GET, HEAD, OPTIONS");
  EXPECT_NE(res.body().find("read-only"), std::string::npos);
}

TEST_F(ApiTest, InclusionProofHasExactlyTheSpecifiedKeysAndVerifies) {
  const uint64_t size = t.ledger->Size();
  json::value p = Json(HttpGet("/v1/proofs/inclusion?seq=3"));
  std::set<std::string> keys;
  for (const auto& kv : p.as_object()) keys.insert(std::string(kv.key()));
  EXPECT_EQ(keys, (std::set<std::string>{"index", "tree_size", "leaf_hash", "hashes", "checkpoint",
                                         "leaf", "signer"}));
  EXPECT_EQ(p.at("tree_size").to_number<uint64_t>(), size);
  auto cp = note::OpenCheckpoint(p.at("checkpoint").as_string(), t.ledger->log_key());
  ASSERT_TRUE(cp.ok()) << cp.status().ToString();
  const Hash leaf_hash = B64Hash(p.at("leaf_hash"));
  EXPECT_EQ(merkle::HashLeaf(Base64Decode(p.at("leaf").as_string()).value()), leaf_hash);
  EXPECT_TRUE(
      merkle::VerifyInclusion(3, size, leaf_hash, B64Hashes(p.at("hashes")), cp->root).ok());

  EXPECT_FALSE(Json(HttpGet("/v1/proofs/inclusion?seq=3&leaf=false")).as_object().contains("leaf"));
  EXPECT_TRUE(HttpGet("/v1/proofs/inclusion?seq=3&format=tlog-proof")
                  .body()
                  .starts_with("c2sp.org/tlog-proof@v1\nextra "));
  EXPECT_EQ(HttpGet("/v1/proofs/inclusion?seq=" + std::to_string(size)).result(),
            http::status::bad_request);
  EXPECT_EQ(HttpGet("/v1/proofs/inclusion").result(), http::status::bad_request);
}

TEST_F(ApiTest, InclusionProofsCarryTheSignerPartUnlessAskedNotTo) {
  const uint64_t size = t.ledger->Size();
  auto proof = ParseInclusionJson(HttpGet("/v1/proofs/inclusion?seq=3").body());
  ASSERT_TRUE(proof.ok()) << proof.status().ToString();
  ASSERT_TRUE(proof->signer.has_value());
  EXPECT_EQ(proof->signer, t.ledger->ProveSigner(3, size).value());
  auto v = verify::CheckInclusion(*proof, t.ledger->log_key(), std::nullopt);
  ASSERT_TRUE(v.ok()) << v.ToText();
  const Record rec = t.ledger->GetRecord(3).value();
  std::string name;
  for (const auto& k : t.ledger->Keys().value()) {
    if (k.key == rec.submission.signer) name = k.name;
  }
  EXPECT_EQ(v.json.at("signer").at("name").as_string(), name);

  auto bundle = ParseTlogProof(HttpGet("/v1/proofs/inclusion?seq=3&format=tlog-proof").body());
  ASSERT_TRUE(bundle.ok()) << bundle.status().ToString();
  EXPECT_EQ(bundle->signer, proof->signer);
  EXPECT_FALSE(
      ParseTlogProof(HttpGet("/v1/proofs/inclusion?seq=3&format=tlog-proof&signer=false").body())
          ->signer.has_value());
  EXPECT_FALSE(
      Json(HttpGet("/v1/proofs/inclusion?seq=3&signer=false")).as_object().contains("signer"));
  EXPECT_EQ(HttpGet("/v1/proofs/inclusion?seq=3&signer=maybe").result(), http::status::bad_request);
}

TEST_F(ApiTest, ConsistencyProofLinksTwoSignedCheckpoints) {
  const std::string old_cp = HttpGet("/v1/checkpoint?size=3").body();
  ASSERT_EQ(HttpPost("/v1/events", SignedAppointment("person.1", "c")).result(),
            http::status::created);
  const std::string new_cp = HttpGet("/v1/checkpoint").body();
  auto o = note::OpenCheckpoint(old_cp, t.ledger->log_key());
  auto n = note::OpenCheckpoint(new_cp, t.ledger->log_key());
  ASSERT_TRUE(o.ok() && n.ok());
  EXPECT_EQ(o->size, 3u);
  EXPECT_EQ(n->size, t.ledger->Size());
  json::value p = Json(HttpGet("/v1/proofs/consistency?old=3"));
  EXPECT_EQ(p.at("new_size").to_number<uint64_t>(), n->size);
  EXPECT_TRUE(
      merkle::VerifyConsistency(3, n->size, o->root, n->root, B64Hashes(p.at("hashes"))).ok());
}

TEST_F(ApiTest, RecordsAsJsonRawBytesAndPages) {
  api::Response raw = HttpGet("/v1/events/2?format=raw");
  ASSERT_EQ(raw.result(), http::status::ok);
  Bytes bytes = t.ledger->RecordBytes(2).value();
  EXPECT_EQ(raw.body(), std::string(AsChars(bytes)));
  EXPECT_EQ(raw[http::field::cache_control], "public, max-age=31536000, immutable");
  EXPECT_EQ(HttpGet("/v1/events/99999").result(), http::status::not_found);
  EXPECT_EQ(HttpGet("/v1/events/two").result(), http::status::bad_request);

  json::value page = Json(HttpGet("/v1/events?from=1&limit=2"));
  ASSERT_EQ(page.at("records").as_array().size(), 2u);
  EXPECT_EQ(page.at("records").at(1).at("seq").to_number<uint64_t>(), 2u);
  EXPECT_EQ(page.at("next").to_number<uint64_t>(), 3u);
  json::value last = Json(HttpGet("/v1/events?from=" + std::to_string(t.ledger->Size() - 1)));
  EXPECT_TRUE(last.at("next").is_null());
}

TEST_F(ApiTest, ViewsAsJsonAndCsvWithTheCliParameterNames) {
  ASSERT_EQ(HttpPost("/v1/events", SignedAppointment("person.1", "v")).result(),
            http::status::created);
  json::value v = Json(HttpGet("/v1/views/holders?org=mn%2Ecabinet-secretariat&limit=10"));
  EXPECT_EQ(v.at("total").to_number<uint64_t>(), 1u);
  EXPECT_EQ(v.at("rows").at(0).at("name").as_string(), "Балдан Бадарч");
  EXPECT_EQ(v.at("columns").at(0).as_string(), "post");
  api::Response csv = HttpGet("/v1/views/service?person=person.1&format=csv");
  EXPECT_EQ(csv[http::field::content_type], "text/csv; charset=utf-8");
  EXPECT_TRUE(csv.body().starts_with("seq,recorded_at,type,")) << csv.body();
  EXPECT_NE(csv.body().find(kPost), std::string::npos);

  // As of before the appointment, the post was vacant.
  json::value before =
      Json(HttpGet("/v1/views/holders?org=mn.cabinet-secretariat&as-of=2024-01-14"));
  EXPECT_EQ(before.at("rows").at(0).at("status").as_string(), "vacant");

  auto error = [&](const std::string& target) {
    api::Response res = HttpGet(target);
    EXPECT_EQ(res.result(), http::status::bad_request) << target;
    return std::string(Json(res).at("detail").as_string());
  };
  EXPECT_TRUE(error("/v1/views/holders?limit=5000").starts_with("limit:"));
  EXPECT_TRUE(error("/v1/views/turnover?from=2024-13-01").starts_with("from:"));
  EXPECT_TRUE(error("/v1/views/holders?org=a&org=b").starts_with("org:"));
  EXPECT_NE(error("/v1/views/nonsense").find("nonsense"), std::string::npos);
  EXPECT_NE(error("/v1/views/holders?org=%zz").find("percent"), std::string::npos);
}

TEST_F(ApiTest, UnknownPathsMethodsAndHead) {
  api::Response missing = HttpGet("/v1/nothing");
  EXPECT_EQ(missing.result(), http::status::not_found);
  EXPECT_EQ(Json(missing).at("code").as_string(), "NOT_FOUND");
  api::Response put = router->Handle(api::Request{http::verb::put, "/v1/checkpoint", 11});
  EXPECT_EQ(put.result(), http::status::method_not_allowed);
  EXPECT_EQ(put[http::field::allow], "GET, HEAD, OPTIONS");
  api::Response get = HttpGet("/v1/keys");
  api::Response head = router->Handle(api::Request{http::verb::head, "/v1/keys", 11});
  EXPECT_EQ(head.result(), http::status::ok);
  EXPECT_TRUE(head.body().empty());
  EXPECT_EQ(head[http::field::content_length], std::to_string(get.body().size()));
  EXPECT_EQ(Json(HttpGet("/v1")).at("origin").as_string(), t.ledger->origin());
}

TEST_F(ApiTest, CheckpointKeyAndRegistry) {
  auto cp = note::OpenCheckpoint(HttpGet("/v1/checkpoint").body(), t.ledger->log_key());
  ASSERT_TRUE(cp.ok()) << cp.status().ToString();
  EXPECT_EQ(cp->size, t.ledger->Size());
  EXPECT_EQ(HttpGet("/v1/vkey").body(), t.ledger->log_key().ToString() + "\n");
  // The latest checkpoint moves with appends; one for a given size never changes.
  EXPECT_EQ(HttpGet("/v1/checkpoint")[http::field::cache_control], "no-cache");
  EXPECT_EQ(HttpGet("/v1/checkpoint?size=2")[http::field::cache_control],
            "public, max-age=31536000, immutable");
  EXPECT_EQ(HttpGet("/v1/checkpoint?size=999999").result(), http::status::bad_request);
  json::value keys = Json(HttpGet("/v1/keys"));
  std::set<std::string> names;
  for (const auto& k : keys.at("keys").as_array())
    names.insert(std::string(k.at("name").as_string()));
  EXPECT_TRUE(names.count("hr-test")) << keys;
  EXPECT_EQ(Json(HttpGet("/v1/health")).at("size").to_number<uint64_t>(), t.ledger->Size());
}

TEST_F(ApiTest, AnExportPassesTheStandaloneAudit) {
  api::Response res = HttpGet("/v1/export");
  ASSERT_EQ(res.result(), http::status::ok);
  const std::string path = t.dir.Sub("export.jsonl");
  WriteAll(path, res.body());
  verify::AuditOptions opts;
  opts.log_key = t.ledger->log_key();
  auto report = verify::AuditExport({path}, opts);
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  EXPECT_TRUE(report->ok()) << report->ToText();
  EXPECT_EQ(report->records, t.ledger->Size());

  api::Router small(*t.ledger, *state, nullptr, api::RouterOptions{.max_export_records = 2});
  api::Response too_big = small.Handle(api::Request{http::verb::get, "/v1/export", 11});
  EXPECT_EQ(too_big.result(), http::status::bad_request);
  EXPECT_NE(too_big.body().find("at most 2 records"), std::string::npos);
}

// GET /v1/rules: the rules in force and the record that set them, with its
// hash (the one GET /v1/events/{seq} gives, for an inclusion proof).
TEST_F(ApiTest, TheRulesInForceAndTheRecordThatSetThem) {
  json::value defaults = Json(HttpGet("/v1/rules"));
  EXPECT_EQ(defaults.at("source").as_string(), "defaults");
  EXPECT_TRUE(defaults.at("seq").is_null());
  EXPECT_EQ(defaults.at("backdate_days").to_number<int>(), 30);
  EXPECT_EQ(defaults.at("elections"), (json::array{"2016-06-29", "2020-06-24", "2024-06-28"}));
  AppendOutcome set = SetRules({{"backdate_days", 60},
                                {"post_election_days", 90},
                                {"elections", json::array{"2017-06-26", "2021-06-09"}},
                                {"reason", "presidential elections"}});
  ASSERT_TRUE(set.status.ok()) << set.status.ToString();
  api::Response res = HttpGet("/v1/rules");
  ASSERT_EQ(res.result(), http::status::ok);
  EXPECT_EQ(res[http::field::cache_control], "no-cache");
  json::value now = Json(res);
  EXPECT_EQ(now.at("source").as_string(), "log");
  EXPECT_EQ(now.at("seq").to_number<uint64_t>(), set.seq);
  EXPECT_EQ(now.at("backdate_days").to_number<int>(), 60);
  EXPECT_EQ(now.at("elections"), (json::array{"2017-06-26", "2021-06-09"}));
  EXPECT_EQ(now.at("reason").as_string(), "presidential elections");
  EXPECT_EQ(now.at("size").to_number<uint64_t>(), t.ledger->Size());
  json::value record = Json(HttpGet("/v1/events/" + std::to_string(set.seq)));
  EXPECT_EQ(now.at("record_hash"), record.at("record_hash"));
  EXPECT_EQ(router->Handle(api::Request{http::verb::post, "/v1/rules", 11}).result(),
            http::status::method_not_allowed);
}

}  // namespace
}  // namespace ledger::testing
