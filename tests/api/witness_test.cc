// The tlog-witness state machine and its HTTP face: a fresh log, growth,
// rollback, a fork between two ledgers sharing one log key, a bad proof,
// unknown and untrusted logs, and state that survives a reopen.
#include "api/witness.h"

#include <gtest/gtest.h>

#include <filesystem>

#include "api/client.h"
#include "api/http_service.h"
#include "ledger/merkle.h"
#include "util/test_ledger.h"

namespace ledger::api {
namespace {

using testing::AppendKeyRegistrations;
using testing::TempDir;
using testing::TestLedger;

constexpr uint64_t kNow = 1'796'040'000;  // 2026-11-30T12:00:00Z

struct WitnessFixture {
  TestLedger log;
  TempDir state;
  SigningKey key = SigningKey::Generate();
  std::unique_ptr<Witness> witness;

  WitnessFixture() { Open(); }
  void Open() {
    witness.reset();
    Witness::Options o{"witness.example/w1", {log.ledger->log_key()}, [] { return kNow; }};
    auto w = Witness::Open(state.path(), SigningKey::FromPem(key.ToPem()).value(), o);
    ASSERT_TRUE(w.ok()) << w.status().ToString();
    witness = std::move(w).value();
  }
  // Submits the log's checkpoint at `size` with a proof from `old`.
  WitnessAnswer Submit(const Ledger& l, uint64_t old, uint64_t size) {
    AddCheckpointRequest r{old, {}, l.Checkpoint(size).value()};
    if (old > 0 && old < size) r.proof = l.ProveConsistency(old, size).value();
    return witness->AddCheckpoint(AddCheckpointBody(r));
  }
  void ExpectCosigned(const WitnessAnswer& a, const Ledger& l, uint64_t size) {
    ASSERT_EQ(a.status, 200u) << a.body;
    auto n = note::Parse(l.Checkpoint(size).value() + a.body);
    ASSERT_TRUE(n.ok()) << n.status().ToString();
    auto v = cosig::Verify(*n, witness->key());
    ASSERT_TRUE(v.ok()) << v.status().ToString();
    EXPECT_EQ(v->timestamp, kNow);
  }
};

TEST(Witness, FreshLogThenGrowth) {
  WitnessFixture f;
  AppendKeyRegistrations(*f.log.ledger, f.log.root, 5, "a");
  const uint64_t n1 = f.log.ledger->Size();
  f.ExpectCosigned(f.Submit(*f.log.ledger, 0, n1), *f.log.ledger, n1);
  AppendKeyRegistrations(*f.log.ledger, f.log.root, 300, "b");
  const uint64_t n2 = f.log.ledger->Size();
  f.ExpectCosigned(f.Submit(*f.log.ledger, n1, n2), *f.log.ledger, n2);
  // The same tree again (a refresh) is cosigned again.
  f.ExpectCosigned(f.Submit(*f.log.ledger, n2, n2), *f.log.ledger, n2);
  EXPECT_EQ(f.witness->Latest(f.log.ledger->origin()).value(), f.log.ledger->Checkpoint(n2).value());
}

TEST(Witness, RollbackRefused) {
  WitnessFixture f;
  AppendKeyRegistrations(*f.log.ledger, f.log.root, 10, "a");
  const uint64_t n = f.log.ledger->Size();
  ASSERT_EQ(f.Submit(*f.log.ledger, 0, n).status, 200u);
  // An older checkpoint, claiming the witness's size as old: 400.
  EXPECT_EQ(f.Submit(*f.log.ledger, n, n - 3).status, 400u);
  // An older checkpoint from an older size: 409 with the size it holds.
  WitnessAnswer a = f.Submit(*f.log.ledger, n - 5, n - 3);
  EXPECT_EQ(a.status, 409u);
  EXPECT_EQ(a.content_type, "text/x.tlog.size");
  EXPECT_EQ(a.body, std::to_string(n) + "\n");
  // A client without state starts from 0 and learns the size the same way.
  EXPECT_EQ(f.Submit(*f.log.ledger, 0, n).body, std::to_string(n) + "\n");
}

TEST(Witness, ForkRefused) {
  WitnessFixture f;
  AppendKeyRegistrations(*f.log.ledger, f.log.root, 4, "shared");
  // A second ledger with the same log key and origin: a copy that diverges.
  f.log.ledger.reset();
  std::filesystem::copy(f.log.Dir(), f.log.dir.Sub("fork"),
                        std::filesystem::copy_options::recursive);
  f.log.Reopen();
  auto fork = Ledger::Open(f.log.dir.Sub("fork"), f.log.Options()).value();
  ASSERT_EQ(fork->log_key().ToString(), f.log.ledger->log_key().ToString());
  AppendKeyRegistrations(*f.log.ledger, f.log.root, 3, "honest");
  AppendKeyRegistrations(*fork, f.log.root, 3, "evil");
  const uint64_t n = f.log.ledger->Size();
  ASSERT_EQ(fork->Size(), n);
  ASSERT_NE(f.log.ledger->RootAt(n).value(), fork->RootAt(n).value());

  ASSERT_EQ(f.Submit(*f.log.ledger, 0, n).status, 200u);
  // The other tree of the same size: 409 (roots differ).
  WitnessAnswer same = f.Submit(*fork, n, n);
  EXPECT_EQ(same.status, 409u);
  EXPECT_NE(same.content_type, "text/x.tlog.size");
  // The fork grows on: its proof from size n does not start at the cosigned root.
  AppendKeyRegistrations(*fork, f.log.root, 2, "evil2");
  EXPECT_EQ(f.Submit(*fork, n, fork->Size()).status, 422u);
  // The honest log still gets cosigned.
  AppendKeyRegistrations(*f.log.ledger, f.log.root, 2, "honest2");
  EXPECT_EQ(f.Submit(*f.log.ledger, n, f.log.ledger->Size()).status, 200u);
}

TEST(Witness, BadProofRefused) {
  WitnessFixture f;
  AppendKeyRegistrations(*f.log.ledger, f.log.root, 20, "a");
  const uint64_t n1 = f.log.ledger->Size();
  ASSERT_EQ(f.Submit(*f.log.ledger, 0, n1).status, 200u);
  AppendKeyRegistrations(*f.log.ledger, f.log.root, 20, "b");
  const uint64_t n2 = f.log.ledger->Size();
  AddCheckpointRequest r{n1, f.log.ledger->ProveConsistency(n1, n2).value(),
                         f.log.ledger->Checkpoint(n2).value()};
  r.proof[0][0] ^= 1;
  EXPECT_EQ(f.witness->AddCheckpoint(AddCheckpointBody(r)).status, 422u);
  r.proof.pop_back();
  EXPECT_EQ(f.witness->AddCheckpoint(AddCheckpointBody(r)).status, 422u);
  // From size 0 a proof must be empty.
  AddCheckpointRequest zero{0, {merkle::EmptyRoot()}, f.log.ledger->Checkpoint(n2).value()};
  EXPECT_EQ(f.witness->AddCheckpoint(AddCheckpointBody(zero)).status, 409u);  // it holds n1
  // The refused checkpoints changed nothing.
  EXPECT_EQ(f.Submit(*f.log.ledger, 0, n2).body, std::to_string(n1) + "\n");
}

TEST(Witness, UnknownOriginUntrustedKeyAndMalformed) {
  WitnessFixture f;
  SigningKey impostor = SigningKey::Generate();
  note::Checkpoint other{"other.example/log", 1, f.log.ledger->RootAt(1).value()};
  AddCheckpointRequest unknown{0, {}, note::SignCheckpoint(other, impostor).value()};
  EXPECT_EQ(f.witness->AddCheckpoint(AddCheckpointBody(unknown)).status, 404u);
  // Same origin, another key: 403.
  note::Checkpoint cp{f.log.ledger->origin(), 1, f.log.ledger->RootAt(1).value()};
  AddCheckpointRequest r{0, {}, note::SignCheckpoint(cp, impostor).value()};
  EXPECT_EQ(f.witness->AddCheckpoint(AddCheckpointBody(r)).status, 403u);
  EXPECT_EQ(f.witness->AddCheckpoint("old 01\n\n" + r.checkpoint).status, 400u);
  EXPECT_EQ(f.witness->AddCheckpoint("nonsense").status, 400u);
}

TEST(Witness, StateSurvivesReopen) {
  WitnessFixture f;
  AppendKeyRegistrations(*f.log.ledger, f.log.root, 7, "a");
  const uint64_t n = f.log.ledger->Size();
  ASSERT_EQ(f.Submit(*f.log.ledger, 0, n).status, 200u);
  f.Open();
  WitnessAnswer a = f.Submit(*f.log.ledger, 0, n);
  EXPECT_EQ(a.status, 409u);
  EXPECT_EQ(a.body, std::to_string(n) + "\n");
  f.ExpectCosigned(f.Submit(*f.log.ledger, n, n), *f.log.ledger, n);
}

TEST(Witness, OverHttp) {
  WitnessFixture f;
  AppendKeyRegistrations(*f.log.ledger, f.log.root, 3, "a");
  const uint64_t n = f.log.ledger->Size();
  Witness* w = f.witness.get();
  auto service = HttpService::Start([w](const Request& r) { return w->Handle(r); }, {});
  ASSERT_TRUE(service.ok()) << service.status().ToString();
  auto client = Client::Connect("127.0.0.1", (*service)->port()).value();
  AddCheckpointRequest r{0, {}, f.log.ledger->Checkpoint().value()};
  auto ok = client->Post("/add-checkpoint", AddCheckpointBody(r));
  ASSERT_TRUE(ok.ok()) << ok.status().ToString();
  EXPECT_EQ(ok->result_int(), 200u);
  auto again = client->Post("/add-checkpoint", AddCheckpointBody(r));  // keep-alive
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->result_int(), 409u);
  EXPECT_EQ(again->base()["Content-Type"], "text/x.tlog.size");
  EXPECT_EQ(again->body(), std::to_string(n) + "\n");
  EXPECT_EQ(client->Get("/add-checkpoint")->result_int(), 405u);
  EXPECT_EQ(client->Get("/nothing")->result_int(), 404u);
  (*service)->Stop();
}

TEST(Witness, Config) {
  SigningKey k = SigningKey::Generate();
  std::string vkey = note::VerifierKey::ForKey("ledger.example.mn/x", k.public_key()).ToString();
  auto o = ParseWitnessConfig("# comment\nname witness.example/w1\n\nlog " + vkey + "\n");
  ASSERT_TRUE(o.ok()) << o.status().ToString();
  EXPECT_EQ(o->name, "witness.example/w1");
  ASSERT_EQ(o->logs.size(), 1u);
  EXPECT_FALSE(ParseWitnessConfig("name w\n").ok());
  EXPECT_FALSE(ParseWitnessConfig("log nonsense\n").ok());
  EXPECT_FALSE(ParseWitnessConfig("frob x\nlog " + vkey + "\n").ok());
}

}  // namespace
}  // namespace ledger::api
