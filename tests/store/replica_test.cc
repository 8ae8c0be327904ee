// Replicas (Ledger::CreateReplica, ImportBatch): another log's records are
// imported verbatim under its checkpoints; a record or checkpoint that does
// not hold is named and leaves the replica byte for byte as it was; a
// replica appends nothing and opens without the log's private key.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>

#include "ledger/layout.h"
#include "ledger/store.h"
#include "util/test_ledger.h"

namespace ledger {
namespace {

using testing::AppendKeyRegistrations;
using testing::ReadAll;
using testing::TempDir;
using testing::TestLedger;

std::vector<Bytes> Records(const Ledger& l, uint64_t from, uint64_t to) {
  std::vector<Bytes> out;
  EXPECT_TRUE(l.ForEachRecord(from, to, [&](uint64_t, ByteView b) {
                 out.emplace_back(b.begin(), b.end());
                 return Status::Ok();
               }).ok());
  return out;
}

class ReplicaTest : public ::testing::Test {
 protected:
  ReplicaTest() {
    AppendKeyRegistrations(*log.ledger, log.root, 40, "a");
    auto r = Ledger::CreateReplica(dir.Sub("replica"), log.ledger->log_key());
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    replica = std::move(r).value();
  }

  // Imports `records` and expects `kind` to be named, with data.mdb unchanged.
  void ExpectRefused(std::vector<Bytes> records, const std::string& checkpoint,
                     const std::string& kind) {
    const std::string before = ReadAll(layout::PathIn(dir.Sub("replica"), layout::kDataFile));
    const uint64_t size = replica->Size();
    Status s = replica->ImportBatch(records, checkpoint);
    EXPECT_EQ(s.code(), Code::kDataLoss) << s.ToString();
    EXPECT_TRUE(s.message().starts_with(kind)) << s.ToString();
    EXPECT_EQ(replica->Size(), size);
    EXPECT_TRUE(ReadAll(layout::PathIn(dir.Sub("replica"), layout::kDataFile)) == before)
        << kind << ": a refused import changed data.mdb";
  }

  TestLedger log;
  TempDir dir;
  std::unique_ptr<Ledger> replica;
};

TEST_F(ReplicaTest, ImportsVerbatimInBatches) {
  EXPECT_TRUE(replica->IsReplica());
  EXPECT_FALSE(log.ledger->IsReplica());
  const uint64_t half = 20, size = log.ledger->Size();
  ASSERT_TRUE(replica->ImportBatch(Records(*log.ledger, 0, half), log.ledger->Checkpoint(half).value()).ok());
  ASSERT_TRUE(replica->ImportBatch(Records(*log.ledger, half, size), log.ledger->Checkpoint().value()).ok());
  EXPECT_EQ(replica->Size(), size);
  EXPECT_EQ(Records(*replica, 0, size), Records(*log.ledger, 0, size));
  EXPECT_EQ(replica->Checkpoint().value(), log.ledger->Checkpoint().value());
  EXPECT_EQ(replica->Checkpoint(half).value(), log.ledger->Checkpoint(half).value());
  EXPECT_EQ(replica->Keys().value().size(), log.ledger->Keys().value().size());
  // A checkpoint at a size the replica stores none for cannot be signed here.
  EXPECT_EQ(replica->Checkpoint(half + 1).status().code(), Code::kNotFound);

  // No private key, and no appends.
  EXPECT_FALSE(std::filesystem::exists(layout::PathIn(dir.Sub("replica"), layout::kLogKeyFile)));
  Submission s = testing::RegisterKey(log.root, SigningKey::Generate().public_key(), "x",
                                      "authority", R"(["mn"])", "x");
  AppendOutcome refused = replica->AppendBatch(std::span(&s, 1))[0];
  EXPECT_EQ(refused.status.code(), Code::kFailedPrecondition);
  EXPECT_NE(refused.status.message().find("replica"), std::string::npos);

  // It reopens read-write and read-only without the log's private key.
  replica.reset();
  auto rw = Ledger::Open(dir.Sub("replica"));
  ASSERT_TRUE(rw.ok()) << rw.status().ToString();
  EXPECT_TRUE((*rw)->IsReplica());
  rw->reset();
  LedgerOptions ro;
  ro.read_only = true;
  auto opened = Ledger::Open(dir.Sub("replica"), ro);
  ASSERT_TRUE(opened.ok()) << opened.status().ToString();
  EXPECT_EQ((*opened)->Size(), size);
  EXPECT_EQ((*opened)->origin(), log.ledger->origin());
}

TEST_F(ReplicaTest, RefusesWhatDoesNotHoldAndChangesNothing) {
  ASSERT_TRUE(replica->ImportBatch(Records(*log.ledger, 0, 10), log.ledger->Checkpoint(10).value()).ok());
  const std::string cp20 = log.ledger->Checkpoint(20).value();
  std::vector<Bytes> next = Records(*log.ledger, 10, 20);

  // A record left out: the next one carries the wrong seq.
  std::vector<Bytes> gap(next.begin() + 1, next.end());
  ExpectRefused(gap, cp20, "seq at seq 10");

  // A record re-encoded with another client_id: its signature no longer verifies.
  std::vector<Bytes> forged = next;
  Record r = DecodeRecord(forged[5]).value();
  r.submission.client_id += "x";
  forged[5] = EncodeRecord(r);
  ExpectRefused(forged, cp20, "signature at seq 15");

  // Flags the replica's rules (none here) do not derive.
  std::vector<Bytes> flagged = next;
  Record f = DecodeRecord(flagged[3]).value();
  f.flags.push_back("invented-rule: says who");
  flagged[3] = EncodeRecord(f);
  ExpectRefused(flagged, cp20, "flag-mismatch at seq 13");

  // A broken chain.
  std::vector<Bytes> unchained = next;
  Record c = DecodeRecord(unchained[0]).value();
  c.prev_hash[0] ^= 1;
  unchained[0] = EncodeRecord(c);
  ExpectRefused(unchained, cp20, "prev-hash at seq 10");

  // Checkpoints: another size, another key, another tree.
  ExpectRefused(next, log.ledger->Checkpoint(19).value(), "checkpoint-size");
  TestLedger other;
  ExpectRefused(next, other.ledger->Checkpoint().value(), "checkpoint-signature");
  std::vector<Bytes> short_batch(next.begin(), next.end() - 1);
  ExpectRefused(short_batch, cp20, "checkpoint-size");

  // A record that does not decode.
  std::vector<Bytes> garbage = next;
  garbage[2].push_back(0);
  ExpectRefused(garbage, cp20, "record-decode at seq 12");

  // After all that, the real batch still goes in.
  EXPECT_TRUE(replica->ImportBatch(next, cp20).ok());
  EXPECT_EQ(replica->Size(), 20u);
}

TEST_F(ReplicaTest, ALedgerIsNotAReplica) {
  std::vector<Bytes> none;
  EXPECT_EQ(log.ledger->ImportBatch(none, log.ledger->Checkpoint().value()).code(),
            Code::kFailedPrecondition);
  EXPECT_EQ(Ledger::CreateReplica(log.Dir(), log.ledger->log_key()).status().code(),
            Code::kAlreadyExists);
}

}  // namespace
}  // namespace ledger
