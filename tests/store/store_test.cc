// Store tests: genesis, key registry enforcement, idempotency, batches,
// proofs against signed checkpoints, map growth, bad input changing nothing.
#include "ledger/store.h"

#include <gtest/gtest.h>
#include <lmdb.h>

#include <cerrno>
#include <filesystem>
#include <set>
#include <thread>

#include "ledger/appender.h"
#include "ledger/keys.h"
#include "ledger/layout.h"
#include "ledger/lmdb.h"
#include "util/test_ledger.h"

namespace ledger {
namespace {
using testing::MakeEvent;
using testing::ReadAll;
using testing::RegisterKey;
using testing::TestLedger;

std::string DataFile(const TestLedger& t) { return layout::PathIn(t.Dir(), layout::kDataFile); }

note::Checkpoint OpenLatest(const Ledger& l) {
  auto cp = l.Checkpoint();
  EXPECT_TRUE(cp.ok()) << cp.status().ToString();
  auto opened = note::OpenCheckpoint(*cp, l.log_key());
  EXPECT_TRUE(opened.ok()) << opened.status().ToString();
  return *opened;
}

TEST(Store, GenesisRegistersRootAndSignsFirstCheckpoint) {
  TestLedger t;
  EXPECT_EQ(t.ledger->Size(), 1u);
  auto rec = t.ledger->GetRecord(0);
  ASSERT_TRUE(rec.ok());
  EXPECT_EQ(rec->submission.event_type, "ledger.genesis");
  EXPECT_EQ(rec->prev_hash, Hash{});
  EXPECT_EQ(rec->submission.signer, t.root.public_key());
  note::Checkpoint cp = OpenLatest(*t.ledger);
  EXPECT_EQ(cp.origin, testing::kOrigin);
  EXPECT_EQ(cp.size, 1u);
  EXPECT_EQ(cp.root, merkle::HashLeaf(*t.ledger->RecordBytes(0)));
  auto keys = t.ledger->Keys();
  ASSERT_TRUE(keys.ok());
  ASSERT_EQ(keys->size(), 1u);
  EXPECT_EQ((*keys)[0].role, keys::Role::kRoot);
  // Create refuses a directory that already holds a ledger.
  auto again = Ledger::Create(t.Dir(), testing::kOrigin, t.root, "x", t.Options());
  EXPECT_EQ(again.status().code(), Code::kAlreadyExists);
}

// A hook that enforces a named rule set and does nothing else.
class NamedRules : public AppendHook {
 public:
  Status Open(lmdb::Txn&, bool) override { return Status::Ok(); }
  Result<std::vector<std::string>> Check(const lmdb::Txn&, const Record&,
                                         const events::Body&) override {
    return std::vector<std::string>{};
  }
  Status Apply(lmdb::Txn&, const Record& r, const events::Body&) override {
    applied_ = r.seq + 1;
    return Status::Ok();
  }
  Result<std::optional<uint64_t>> Applied(const lmdb::Txn&) const override {
    return std::optional<uint64_t>(applied_);
  }
  Status Reset(lmdb::Txn&) override {
    applied_ = 0;
    return Status::Ok();
  }
  std::string_view RuleSet() const override { return "test-rules"; }

 private:
  uint64_t applied_ = 0;
};

TEST(Store, GenesisDeclaresTheRuleSetsAndWritersMustApplyThem) {
  TestLedger t({std::make_shared<NamedRules>()});
  auto genesis = t.ledger->GetRecord(0);
  ASSERT_TRUE(genesis.ok());
  EXPECT_EQ(genesis->submission.schema_version, 2u);
  auto info = keys::GenesisFromRecord(*genesis);
  ASSERT_TRUE(info.ok()) << info.status().ToString();
  EXPECT_EQ(info->rule_sets, std::vector<std::string>{"test-rules"});
  t.ledger.reset();
  const std::string before = ReadAll(DataFile(t));

  // A writer without the rules is refused and writes nothing.
  auto bare = Ledger::Open(t.Dir());
  ASSERT_EQ(bare.status().code(), Code::kFailedPrecondition);
  EXPECT_NE(bare.status().message().find("kept under the test-rules rules"), std::string::npos)
      << bare.status().ToString();
  EXPECT_EQ(ReadAll(DataFile(t)), before);
  // Reading needs no rules; writing with them works.
  LedgerOptions read_only;
  read_only.read_only = true;
  EXPECT_TRUE(Ledger::Open(t.Dir(), read_only).ok());
  t.Reopen();
  EXPECT_EQ(t.ledger->Size(), 1u);

  // A ledger created without named rules declares none: any writer may open it.
  TestLedger plain;
  auto plain_genesis = plain.ledger->GetRecord(0);
  ASSERT_TRUE(plain_genesis.ok());
  EXPECT_TRUE(keys::GenesisFromRecord(*plain_genesis)->rule_sets.empty());
}

// Logs created before genesis v2 read as declaring no rule set; "*" is not a name.
TEST(Store, GenesisVersionOneUpcastsAndAWildcardRuleSetIsRefused) {
  SigningKey root = SigningKey::Generate();
  boost::json::object body{{"origin", "ledger.example.mn/old"},
                           {"log_key", Base64Encode(SigningKey::Generate().public_key())},
                           {"root_key", Base64Encode(root.public_key())},
                           {"root_name", "root"}};
  auto v1 = events::BodyFromJson(*events::FindSchema("ledger.genesis", 1), body);
  ASSERT_TRUE(v1.ok()) << v1.status().ToString();
  Submission old{"ledger.genesis", 1, events::EncodeBody(*v1), "genesis"};
  SignSubmission(old, root);
  auto latest = events::DecodeLatestBody(old);
  ASSERT_TRUE(latest.ok()) << latest.status().ToString();
  EXPECT_EQ(latest->schema().version, 2u);
  EXPECT_TRUE(keys::GenesisFromBody(*latest).rule_sets.empty());
  keys::MemoryKeyRegistry empty;
  EXPECT_TRUE(keys::CheckSubmission(old, *latest, 0, empty).ok());

  body["rule_sets"] = boost::json::array{"*"};
  auto v2 = events::BodyFromJson(*events::LatestSchema("ledger.genesis"), body);
  ASSERT_TRUE(v2.ok()) << v2.status().ToString();
  Submission wild{"ledger.genesis", 2, events::EncodeBody(*v2), "genesis"};
  SignSubmission(wild, root);
  auto refused = keys::CheckSubmission(wild, *v2, 0, empty);
  EXPECT_EQ(refused.status().code(), Code::kInvalidArgument);
  EXPECT_NE(refused.status().message().find("body.rule_sets"), std::string::npos);
}

TEST(Store, ChainsRecordsAndSurvivesReopen) {
  TestLedger t;
  SigningKey hr = SigningKey::Generate();
  uint64_t seq = t.MustAppend(RegisterKey(t.root, hr.public_key(), "hr-cabinet-secretariat",
                                          "authority", R"(["mn.cabinet-secretariat"])", "r1"));
  EXPECT_EQ(seq, 1u);
  t.clock_us -= 5'000'000;  // the wall clock stepping back does not move the ledger clock back
  t.MustAppend(RegisterKey(t.root, SigningKey::Generate().public_key(), "hr-khan-uul",
                           "authority", R"(["mn.ub.khan-uul"])", "r2"));
  t.Reopen();
  ASSERT_EQ(t.ledger->Size(), 3u);
  for (uint64_t i = 1; i < 3; ++i) {
    auto prev = t.ledger->RecordBytes(i - 1);
    auto rec = t.ledger->GetRecord(i);
    ASSERT_TRUE(rec.ok());
    EXPECT_EQ(rec->seq, i);
    EXPECT_EQ(rec->prev_hash, RecordHash(*prev));
  }
  EXPECT_GE(t.ledger->GetRecord(2)->recorded_at_us, t.ledger->GetRecord(1)->recorded_at_us);
}

TEST(Store, RejectsUnknownRevokedAndUnderprivilegedKeysWithoutWriting) {
  TestLedger t;
  SigningKey hr = SigningKey::Generate(), stranger = SigningKey::Generate();
  t.MustAppend(RegisterKey(t.root, hr.public_key(), "hr-bayanzurkh", "authority",
                           R"(["mn.ub.bayanzurkh"])", "r1"));
  const std::string before = ReadAll(DataFile(t));

  auto unknown = t.ledger->AppendBatch(std::vector{RegisterKey(
      stranger, SigningKey::Generate().public_key(), "x", "authority", R"(["*"])", "s1")});
  EXPECT_EQ(unknown[0].status.code(), Code::kPermissionDenied);
  EXPECT_NE(unknown[0].status.message().find("is not registered"), std::string::npos);

  // An authority key may not manage keys.
  auto low = t.ledger->AppendBatch(std::vector{RegisterKey(
      hr, SigningKey::Generate().public_key(), "y", "authority", R"(["*"])", "h1")});
  EXPECT_EQ(low[0].status.code(), Code::kPermissionDenied);
  EXPECT_NE(low[0].status.message().find("hr-bayanzurkh"), std::string::npos);
  EXPECT_EQ(ReadAll(DataFile(t)), before) << "a rejected event changed the store";
  EXPECT_EQ(t.ledger->Size(), 2u);

  t.MustAppend(MakeEvent("key.revoke",
                         R"({"key":")" + Base64Encode(hr.public_key()) +
                             R"(","reason":"department merged"})",
                         t.root, "rv1"));
  auto revoked = t.ledger->AppendBatch(std::vector{MakeEvent(
      "key.revoke", R"({"key":")" + Base64Encode(hr.public_key()) + R"(","reason":"again"})",
      hr, "h2")});
  EXPECT_EQ(revoked[0].status.code(), Code::kPermissionDenied);
  EXPECT_NE(revoked[0].status.message().find("revoked at seq 2"), std::string::npos)
      << revoked[0].status.message();
}

TEST(Store, RotationMovesAuthorityToTheNewKey) {
  TestLedger t;
  SigningKey admin = SigningKey::Generate(), next = SigningKey::Generate();
  t.MustAppend(RegisterKey(t.root, admin.public_key(), "csc-admin", "admin", R"(["*"])", "a"));
  t.MustAppend(MakeEvent("key.rotate",
                         R"({"old_key":")" + Base64Encode(admin.public_key()) +
                             R"(","new_key":")" + Base64Encode(next.public_key()) +
                             R"(","reason":"annual rotation"})",
                         t.root, "rot"));
  auto old_try = t.ledger->AppendBatch(std::vector{RegisterKey(
      admin, SigningKey::Generate().public_key(), "hr1", "authority", R"(["*"])", "o1")});
  EXPECT_EQ(old_try[0].status.code(), Code::kPermissionDenied);
  t.MustAppend(RegisterKey(next, SigningKey::Generate().public_key(), "hr1", "authority",
                           R"(["mn.ub.sukhbaatar"])", "n1"));
  // An admin may not register another admin.
  auto admin_admin = t.ledger->AppendBatch(std::vector{RegisterKey(
      next, SigningKey::Generate().public_key(), "adm2", "admin", R"(["*"])", "n2")});
  EXPECT_EQ(admin_admin[0].status.code(), Code::kPermissionDenied);
}

TEST(Store, ResubmissionIsIdempotentAndClientIdReuseIsRejected) {
  TestLedger t;
  Submission s = RegisterKey(t.root, SigningKey::Generate().public_key(), "hr-a", "authority",
                             R"(["mn.a"])", "same-id");
  uint64_t seq = t.MustAppend(s);
  const std::string before = ReadAll(DataFile(t));
  auto again = t.ledger->AppendBatch(std::vector{s});
  ASSERT_TRUE(again[0].status.ok());
  EXPECT_TRUE(again[0].duplicate);
  EXPECT_EQ(again[0].seq, seq);
  EXPECT_EQ(t.ledger->Size(), seq + 1);
  EXPECT_EQ(ReadAll(DataFile(t)), before);

  Submission other = RegisterKey(t.root, SigningKey::Generate().public_key(), "hr-b",
                                 "authority", R"(["mn.b"])", "same-id");
  auto clash = t.ledger->AppendBatch(std::vector{other});
  EXPECT_EQ(clash[0].status.code(), Code::kAlreadyExists);
  EXPECT_EQ(ReadAll(DataFile(t)), before);
}

TEST(Store, BatchSkipsOnlyTheBadSubmissionsAndSignsOneCheckpoint) {
  TestLedger t;
  std::vector<Submission> batch;
  for (int i = 0; i < 300; ++i) {
    batch.push_back(RegisterKey(t.root, SigningKey::Generate().public_key(),
                                "hr-" + std::to_string(i), "authority", R"(["mn.x"])",
                                "b" + std::to_string(i)));
  }
  batch[100].signature[5] ^= 0x40;                // bad signature
  batch[200] = batch[199];                        // duplicate within the batch
  auto out = t.ledger->AppendBatch(batch);
  EXPECT_EQ(out[100].status.code(), Code::kInvalidArgument);
  EXPECT_TRUE(out[200].duplicate);
  EXPECT_EQ(out[200].seq, out[199].seq);
  EXPECT_EQ(t.ledger->Size(), 1u + 298u);
  EXPECT_EQ(out[101].seq, out[99].seq + 1);
  EXPECT_EQ(OpenLatest(*t.ledger).size, t.ledger->Size());
}

TEST(Store, OversizedEntryIsRejected) {
  TestLedger t;
  std::string big(65500, 'x');
  auto s = MakeEvent("key.register",
                     R"({"key":")" + Base64Encode(SigningKey::Generate().public_key()) +
                         R"(","name":"n","role":"authority","organisations":["*"],"note":")" +
                         big + R"("})",
                     t.root, "big");
  const std::string before = ReadAll(DataFile(t));
  auto out = t.ledger->AppendBatch(std::vector{s});
  EXPECT_EQ(out[0].status.code(), Code::kInvalidArgument);
  EXPECT_NE(out[0].status.message().find("limit is 65536"), std::string::npos);
  EXPECT_EQ(ReadAll(DataFile(t)), before);
}

TEST(Store, EveryProofVerifiesAgainstSignedCheckpoints) {
  TestLedger t;
  for (int i = 0; i < 40; ++i) {
    t.MustAppend(RegisterKey(t.root, SigningKey::Generate().public_key(),
                             "hr-" + std::to_string(i), "authority", R"(["mn.x"])",
                             "p" + std::to_string(i)));
  }
  const uint64_t n = t.ledger->Size();
  for (uint64_t size = 1; size <= n; ++size) {
    auto cp = note::OpenCheckpoint(*t.ledger->Checkpoint(size), t.ledger->log_key());
    ASSERT_TRUE(cp.ok());
    ASSERT_EQ(cp->size, size);
    for (uint64_t i = 0; i < size; i += 3) {
      auto p = t.ledger->ProveInclusion(i, size);
      ASSERT_TRUE(p.ok()) << p.status().ToString();
      EXPECT_TRUE(merkle::VerifyInclusion(i, size, p->leaf_hash, p->hashes, cp->root).ok());
    }
    for (uint64_t old = 0; old <= size; old += 5) {
      auto old_root = t.ledger->RootAt(old);
      auto proof = t.ledger->ProveConsistency(old, size);
      ASSERT_TRUE(proof.ok());
      EXPECT_TRUE(merkle::VerifyConsistency(old, size, *old_root, cp->root, *proof).ok())
          << old << " -> " << size;
    }
  }
  EXPECT_FALSE(t.ledger->ProveInclusion(n, n).ok());
  EXPECT_FALSE(t.ledger->ProveInclusion(0, n + 1).ok());
  EXPECT_FALSE(t.ledger->ProveConsistency(3, 2).ok());
}

TEST(Store, MapGrowsAutomatically) {
  TestLedger t;
  t.ledger.reset();
  LedgerOptions small = t.Options();
  small.initial_map_bytes = 256 * 1024;  // fills after a few hundred records
  auto l = Ledger::Open(t.Dir(), small);
  ASSERT_TRUE(l.ok());
  for (int round = 0; round < 8; ++round) {
    std::vector<Submission> batch;
    for (int i = 0; i < 200; ++i) {
      std::string id = std::to_string(round) + "-" + std::to_string(i);
      batch.push_back(RegisterKey(t.root, SigningKey::Generate().public_key(), "hr-" + id,
                                  "authority", R"(["mn.x"])", id));
    }
    for (const auto& o : (*l)->AppendBatch(batch)) ASSERT_TRUE(o.status.ok()) << o.status.ToString();
  }
  EXPECT_EQ((*l)->Size(), 1u + 1600u);
}

// A key registration whose note makes its record about `note_bytes` long.
Submission LargeRegistration(const SigningKey& root, const std::string& id, size_t note_bytes) {
  return MakeEvent("key.register",
                   R"({"key":")" + Base64Encode(SigningKey::Generate().public_key()) +
                       R"(","name":"hr-)" + id + R"(","role":"authority","organisations":["*"],)" +
                       R"("note":")" + std::string(note_bytes, 'x') + R"("})",
                   root, id);
}

TEST(Store, MapFullIsItsOwnCodeAndAFullDiskIsNot) {
  EXPECT_EQ(lmdb::FromMdb(MDB_MAP_FULL, "write").code(), Code::kMapFull);
  EXPECT_EQ(lmdb::FromMdb(ENOSPC, "write").code(), Code::kResourceExhausted);
  EXPECT_EQ(lmdb::FromMdb(EDQUOT, "write").code(), Code::kResourceExhausted);
  EXPECT_EQ(CodeName(Code::kMapFull), "MAP_FULL");
}

// A map too small for even one of the batch's records: inside the store the
// batch fails with kMapFull, the map doubles and the whole batch is retried
// until it fits; the caller sees only the outcomes, and every record survives
// a reopen.
TEST(Store, MapFullGrowsTheMapAndRetriesTheWholeBatch) {
  TestLedger t;
  t.ledger.reset();
  LedgerOptions tiny = t.Options();
  tiny.initial_map_bytes = 64 * 1024;
  auto l = Ledger::Open(t.Dir(), tiny);
  ASSERT_TRUE(l.ok()) << l.status().ToString();
  std::vector<Submission> batch;
  for (int i = 0; i < 6; ++i) batch.push_back(LargeRegistration(t.root, std::to_string(i), 60000));
  auto out = (*l)->AppendBatch(batch);
  ASSERT_EQ(out.size(), batch.size());
  for (size_t i = 0; i < out.size(); ++i) {
    ASSERT_TRUE(out[i].status.ok()) << out[i].status.ToString();
    EXPECT_EQ(out[i].seq, 1 + i);
    EXPECT_FALSE(out[i].duplicate);
  }
  EXPECT_EQ(OpenLatest(**l).size, 7u);
  l->reset();
  t.Reopen();
  EXPECT_EQ(t.ledger->Size(), 7u);
  for (uint64_t seq = 1; seq < 7; ++seq) {
    auto rec = t.ledger->GetRecord(seq);
    ASSERT_TRUE(rec.ok()) << rec.status().ToString();
    EXPECT_EQ(rec->submission.client_id, std::to_string(seq - 1));
  }
  // Resubmitting answers from the grown map, as duplicates.
  for (const auto& o : t.ledger->AppendBatch(batch)) EXPECT_TRUE(o.duplicate);
}

// Even creating a ledger in a map of four pages works: opening the databases
// and the genesis batch each grow the map as they need.
TEST(Store, CreateGrowsATinyMap) {
  testing::TempDir dir;
  SigningKey root = SigningKey::Generate();
  LedgerOptions tiny;
  tiny.initial_map_bytes = 16 * 1024;
  tiny.clock = [] { return int64_t{1'732'000'000'000'000}; };
  auto l = Ledger::Create(dir.Sub("ledger"), testing::kOrigin, root, "root", tiny);
  ASSERT_TRUE(l.ok()) << l.status().ToString();
  EXPECT_EQ((*l)->Size(), 1u);
  // More pages are in use than the first map held: it must have grown.
  EXPECT_GT(std::filesystem::file_size(layout::PathIn(dir.Sub("ledger"), layout::kDataFile)),
            tiny.initial_map_bytes);
  auto more = (*l)->AppendBatch(std::vector{LargeRegistration(root, "a", 30000)});
  ASSERT_TRUE(more[0].status.ok()) << more[0].status.ToString();
  EXPECT_EQ(OpenLatest(**l).size, 2u);
}

// A log key from LedgerOptions::log_key_source makes creation reproducible:
// the same root key, clock and key give the same genesis, so the same root.
TEST(Store, CreateWithTheSameLogKeySourceGivesTheSameRoot) {
  testing::TempDir dir;
  SigningKey root = SigningKey::FromSeed(Sha256(std::string_view("root seed"))).value();
  LedgerOptions options;
  options.clock = [] { return int64_t{1'732'000'000'000'000}; };
  options.log_key_source = [] {
    return SigningKey::FromSeed(Sha256(std::string_view("log seed"))).value();
  };
  auto a = Ledger::Create(dir.Sub("a"), testing::kOrigin, root, "root", options);
  auto b = Ledger::Create(dir.Sub("b"), testing::kOrigin, root, "root", options);
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_EQ((*a)->log_key().key, options.log_key_source().public_key());
  EXPECT_EQ(*(*a)->RootAt(1), *(*b)->RootAt(1));
  // Without it, every ledger gets a fresh key.
  options.log_key_source = nullptr;
  auto c = Ledger::Create(dir.Sub("c"), testing::kOrigin, root, "root", options);
  ASSERT_TRUE(c.ok());
  EXPECT_NE((*c)->log_key().key, (*a)->log_key().key);
  EXPECT_NE(*(*c)->RootAt(1), *(*a)->RootAt(1));
}

// The Appender checks signatures on the submitting threads: a forged one is
// refused with the signature error, and only it, whatever it is batched with.
TEST(Store, AppenderRefusesAForgedSignatureOnly) {
  TestLedger t;
  Appender appender(*t.ledger, 64);
  Submission good1 = RegisterKey(t.root, SigningKey::Generate().public_key(), "hr-1", "authority",
                                 R"(["mn.x"])", "g1");
  Submission forged = RegisterKey(t.root, SigningKey::Generate().public_key(), "hr-2",
                                  "authority", R"(["mn.x"])", "f");
  forged.signature[0] ^= 1;
  Submission good2 = RegisterKey(t.root, SigningKey::Generate().public_key(), "hr-3", "authority",
                                 R"(["mn.x"])", "g2");
  auto f1 = appender.Submit(good1);
  auto f2 = appender.Submit(forged);
  auto f3 = appender.Submit(good2);
  AppendOutcome o1 = f1.get(), o2 = f2.get(), o3 = f3.get();
  EXPECT_TRUE(o1.status.ok()) << o1.status.ToString();
  EXPECT_EQ(o2.status.code(), Code::kInvalidArgument);
  EXPECT_NE(o2.status.message().find("signature"), std::string::npos) << o2.status.ToString();
  EXPECT_TRUE(o3.status.ok()) << o3.status.ToString();
  EXPECT_EQ(o1.seq, 1u);
  EXPECT_EQ(o3.seq, 2u);
  EXPECT_EQ(t.ledger->Size(), 3u);
}

TEST(Store, AppenderGroupsConcurrentSubmissions) {
  TestLedger t;
  std::mutex stats_mu;
  std::vector<size_t> batch_sizes;
  Appender appender(*t.ledger, 64, [&](const Appender::CommitStats& s) {
    std::lock_guard lock(stats_mu);
    batch_sizes.push_back(s.events);
    EXPECT_GE(s.committed.count(), 0);
  });
  std::vector<std::future<AppendOutcome>> futures;
  std::vector<std::thread> threads;
  std::mutex mu;
  for (int th = 0; th < 8; ++th) {
    threads.emplace_back([&, th] {
      for (int i = 0; i < 25; ++i) {
        std::string id = std::to_string(th) + "/" + std::to_string(i);
        auto f = appender.Submit(RegisterKey(t.root, SigningKey::Generate().public_key(),
                                             "hr-" + std::to_string(th * 100 + i), "authority",
                                             R"(["mn.x"])", id));
        std::lock_guard lock(mu);
        futures.push_back(std::move(f));
      }
    });
  }
  for (auto& th : threads) th.join();
  std::set<uint64_t> seqs;
  for (auto& f : futures) {
    AppendOutcome o = f.get();
    ASSERT_TRUE(o.status.ok()) << o.status.ToString();
    seqs.insert(o.seq);
  }
  EXPECT_EQ(seqs.size(), 200u);
  EXPECT_EQ(*seqs.rbegin(), 200u);
  {
    // Every submission was reported in exactly one group commit of at most 64.
    std::lock_guard lock(stats_mu);
    size_t total = 0;
    for (size_t n : batch_sizes) {
      EXPECT_GE(n, 1u);
      EXPECT_LE(n, 64u);
      total += n;
    }
    EXPECT_EQ(total, 200u);
  }
  appender.Stop();
  auto late = appender.Submit(RegisterKey(t.root, SigningKey::Generate().public_key(), "late",
                                          "authority", R"(["*"])", "late"));
  EXPECT_EQ(late.get().status.code(), Code::kUnavailable);
}

TEST(Store, BackupIsAConsistentCopy) {
  TestLedger t;
  for (int i = 0; i < 10; ++i) {
    t.MustAppend(RegisterKey(t.root, SigningKey::Generate().public_key(),
                             "hr-" + std::to_string(i), "authority", R"(["mn.x"])",
                             "k" + std::to_string(i)));
  }
  std::string dest = t.dir.Sub("backup");
  ASSERT_TRUE(t.ledger->Backup(dest).ok());
  auto copy = Ledger::Open(dest, LedgerOptions{.read_only = true});
  ASSERT_TRUE(copy.ok()) << copy.status().ToString();
  EXPECT_EQ((*copy)->Size(), t.ledger->Size());
  EXPECT_EQ(*(*copy)->Checkpoint(), *t.ledger->Checkpoint());
  EXPECT_EQ((*copy)->Backup(dest).code(), Code::kAlreadyExists);
}

}  // namespace
}  // namespace ledger
