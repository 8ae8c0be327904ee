// Test helpers implementation.
#include "util/test_ledger.h"

#include <unistd.h>

#include <fstream>
#include <random>
#include <sstream>

#include "ledger/lmdb.h"

namespace ledger::testing {
namespace fs = std::filesystem;

TempDir::TempDir() {
  std::random_device rd;
  const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
  std::string name = info ? std::string(info->test_suite_name()) + "." + info->name() : "ledger";
  for (char& c : name) {
    if (c == '/') c = '_';
  }
  path_ = (fs::temp_directory_path() /
           ("ledger-test-" + std::to_string(::getpid()) + "-" + std::to_string(rd()) + "-" + name))
              .string();
  fs::create_directories(path_);
}

TempDir::~TempDir() {
  std::error_code ec;
  fs::remove_all(path_, ec);
}

Status WithWriteTxn(const std::string& dir, const std::function<Status(lmdb::Txn&, Dbs&)>& fn) {
  LEDGER_ASSIGN_OR_RETURN(lmdb::Env env, lmdb::Env::Open(dir, false, 0));
  LEDGER_ASSIGN_OR_RETURN(lmdb::Txn txn, lmdb::Txn::Begin(env, false));
  LEDGER_ASSIGN_OR_RETURN(Dbs d, layout::OpenDatabases(txn, /*create=*/false));
  LEDGER_RETURN_IF_ERROR(fn(txn, d));
  return txn.Commit();
}

std::string ReadAll(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

void WriteAll(const std::string& path, const std::string& data) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << data;
}

Submission MakeEvent(const std::string& type, const std::string& body_json, const SigningKey& key,
                     const std::string& client_id) {
  const events::EventSchema* schema = events::LatestSchema(type);
  EXPECT_NE(schema, nullptr) << type;
  auto body = events::BodyFromJson(*schema, boost::json::parse(body_json));
  EXPECT_TRUE(body.ok()) << body.status().ToString();
  Submission s{type, schema->version, events::EncodeBody(*body), client_id};
  SignSubmission(s, key);
  return s;
}

Submission RegisterKey(const SigningKey& signer, const PublicKey& key, const std::string& name,
                       const std::string& role, const std::string& orgs_json,
                       const std::string& client_id) {
  return MakeEvent("key.register",
                   R"({"key":")" + Base64Encode(key) + R"(","name":")" + name + R"(","role":")" +
                       role + R"(","organisations":)" + orgs_json + "}",
                   signer, client_id);
}

void AppendKeyRegistrations(Ledger& l, const SigningKey& root, int n, const std::string& tag) {
  std::vector<Submission> batch;
  for (int i = 0; i < n; ++i) {
    batch.push_back(RegisterKey(root, SigningKey::Generate().public_key(),
                                "k-" + tag + "-" + std::to_string(i), "authority",
                                R"(["mn.test"])", tag + std::to_string(i)));
  }
  for (const auto& o : l.AppendBatch(batch)) ASSERT_TRUE(o.status.ok()) << o.status.ToString();
}

TestLedger::TestLedger(std::vector<std::shared_ptr<AppendHook>> h, int64_t start_us)
    : clock_us(start_us), hooks(std::move(h)) {
  auto l = Ledger::Create(Dir(), kOrigin, root, "civil-service-council", Options());
  EXPECT_TRUE(l.ok()) << l.status().ToString();
  ledger = std::move(l).value();
}

LedgerOptions TestLedger::Options() {
  LedgerOptions o;
  o.initial_map_bytes = size_t{64} << 20;
  o.clock = [this] { return clock_us; };
  o.hooks = hooks;
  return o;
}

void TestLedger::Reopen() {
  ledger.reset();
  auto l = Ledger::Open(Dir(), Options());
  ASSERT_TRUE(l.ok()) << l.status().ToString();
  ledger = std::move(l).value();
}

uint64_t TestLedger::MustAppend(const Submission& s) {
  auto out = ledger->AppendBatch(std::span(&s, 1));
  EXPECT_TRUE(out[0].status.ok()) << out[0].status.ToString();
  return out[0].seq;
}

}  // namespace ledger::testing

namespace ledger::testing {

std::string DumpDatabases(const Ledger& ledger, std::initializer_list<const char*> names) {
  std::string out;
  Status s = ledger.WithRead([&](const lmdb::Txn& txn) -> Status {
    for (const char* name : names) {
      // Opening a named database inside a read transaction is allowed.
      LEDGER_ASSIGN_OR_RETURN(MDB_dbi dbi, const_cast<lmdb::Txn&>(txn).OpenDb(name, false));
      LEDGER_ASSIGN_OR_RETURN(lmdb::Cursor cur, lmdb::Cursor::Open(txn, dbi));
      out += std::string("[") + name + "]\n";
      LEDGER_ASSIGN_OR_RETURN(bool more, cur.Seek({}));
      for (; more;) {
        out += HexEncode(cur.key()) + "=" + HexEncode(cur.value()) + "\n";
        LEDGER_ASSIGN_OR_RETURN(more, cur.Next());
      }
    }
    return Status::Ok();
  });
  EXPECT_TRUE(s.ok()) << s.ToString();
  return out;
}

}  // namespace ledger::testing
