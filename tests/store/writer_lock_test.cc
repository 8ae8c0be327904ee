// One writer per ledger directory: the writer lock a writable open holds,
// and read-only opens that neither take it nor see past the checkpoint.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>

#include "ledger/layout.h"
#include "ledger/store.h"
#include "util/test_ledger.h"

namespace ledger {
namespace {
using testing::RegisterKey;
using testing::TestLedger;

std::string LockFile(const TestLedger& t) {
  return layout::PathIn(t.Dir(), layout::kWriterLockFile);
}

TEST(WriterLock, SecondWritableOpenIsRefusedWhileTheFirstLives) {
  TestLedger t;
  EXPECT_EQ(testing::ReadAll(LockFile(t)), std::to_string(::getpid()) + "\n");
  auto second = Ledger::Open(t.Dir(), t.Options());
  ASSERT_FALSE(second.ok());
  EXPECT_EQ(second.status().code(), Code::kFailedPrecondition);
  EXPECT_NE(second.status().message().find("pid " + std::to_string(::getpid())),
            std::string::npos)
      << second.status().message();
  EXPECT_NE(second.status().message().find(layout::kWriterLockFile), std::string::npos);

  // Released when the first closes: the next writer gets it.
  t.ledger.reset();
  auto third = Ledger::Open(t.Dir(), t.Options());
  ASSERT_TRUE(third.ok()) << third.status().ToString();
}

TEST(WriterLock, CreateHoldsItForTheNewLedgersLife) {
  TestLedger t;
  const std::string fresh = t.dir.Sub("fresh");
  std::filesystem::create_directories(fresh);
  auto first = Ledger::Create(fresh, testing::kOrigin, t.root, "council", t.Options());
  ASSERT_TRUE(first.ok()) << first.status().ToString();
  auto again = Ledger::Open(fresh, t.Options());
  EXPECT_EQ(again.status().code(), Code::kFailedPrecondition);
}

TEST(WriterLock, ReadOnlyOpensNeitherTakeNorCreateIt) {
  TestLedger t;
  LedgerOptions ro = t.Options();
  ro.read_only = true;
  auto reader = Ledger::Open(t.Dir(), ro);
  ASSERT_TRUE(reader.ok()) << reader.status().ToString();
  EXPECT_EQ((*reader)->Size(), t.ledger->Size());

  // A copy that was never opened for writing stays without a lock file.
  const std::string copy = t.dir.Sub("copy");
  ASSERT_TRUE(t.ledger->Backup(copy).ok());
  auto copy_reader = Ledger::Open(copy, ro);
  ASSERT_TRUE(copy_reader.ok()) << copy_reader.status().ToString();
  EXPECT_FALSE(std::filesystem::exists(layout::PathIn(copy, layout::kWriterLockFile)));
}

TEST(ReadOnlyLedger, ServesWhatItsCheckpointCoversAndFollowsTheWriter) {
  TestLedger t;
  LedgerOptions ro = t.Options();
  ro.read_only = true;
  auto opened = Ledger::Open(t.Dir(), ro);
  ASSERT_TRUE(opened.ok()) << opened.status().ToString();
  const Ledger& reader = **opened;
  const uint64_t before = reader.Size();

  const uint64_t seq = t.MustAppend(RegisterKey(t.root, SigningKey::Generate().public_key(),
                                                "hr-a", "authority", R"(["mn.a"])", "r1"));
  ASSERT_EQ(seq, before);
  // Not yet followed: the new record is beyond what the reader serves.
  EXPECT_EQ(reader.Size(), before);
  EXPECT_EQ(reader.RecordBytes(seq).status().code(), Code::kNotFound);
  int seen = 0;
  ASSERT_TRUE(reader.ForEachRecord(0, 100, [&](uint64_t, ByteView) {
    ++seen;
    return Status::Ok();
  }).ok());
  EXPECT_EQ(seen, static_cast<int>(before));

  ASSERT_TRUE(reader.Refresh().ok());
  EXPECT_EQ(reader.Size(), before + 1);
  auto bytes = reader.RecordBytes(seq);
  ASSERT_TRUE(bytes.ok()) << bytes.status().ToString();
  EXPECT_EQ(*bytes, *t.ledger->RecordBytes(seq));
  EXPECT_EQ(*reader.Checkpoint(), *t.ledger->Checkpoint());
}

}  // namespace
}  // namespace ledger
