// Crash safety: a child appending in a loop is SIGKILLed; every event it was
// told was durable must be there after reopening, with chain, tree and the
// latest checkpoint intact.
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <map>

#include "ledger/store.h"
#include "util/test_ledger.h"

namespace ledger {
namespace {

struct Ack {
  uint64_t seq;
  uint64_t n;  // the event's number; its client id is "crash-<n>"
};

[[noreturn]] void AppendForever(const std::string& dir, const SigningKey& root, int fd) {
  auto ledger = Ledger::Open(dir);
  if (!ledger.ok()) _exit(3);
  for (uint64_t n = 0;; n += 4) {
    std::vector<Submission> batch;
    for (uint64_t i = n; i < n + 4; ++i) {
      batch.push_back(testing::RegisterKey(root, SigningKey::Generate().public_key(),
                                           "hr-" + std::to_string(i), "authority",
                                           R"(["mn.x"])", "crash-" + std::to_string(i)));
    }
    auto out = (*ledger)->AppendBatch(batch);
    for (uint64_t i = 0; i < 4; ++i) {
      if (!out[i].status.ok()) _exit(4);
      Ack a{out[i].seq, n + i};  // acknowledged only after AppendBatch returned
      if (write(fd, &a, sizeof a) != sizeof a) _exit(5);
    }
  }
}

TEST(Crash, AcknowledgedEventsSurviveSigkill) {
  testing::TestLedger t;
  const std::string dir = t.Dir();
  t.ledger.reset();  // the child opens its own environment after fork

  int fds[2];
  ASSERT_EQ(pipe(fds), 0);
  pid_t pid = fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    close(fds[0]);
    AppendForever(dir, t.root, fds[1]);
  }
  close(fds[1]);
  std::map<uint64_t, uint64_t> acked;  // seq -> event number
  Ack a;
  while (acked.size() < 300 && read(fds[0], &a, sizeof a) == sizeof a) acked[a.seq] = a.n;
  ASSERT_EQ(kill(pid, SIGKILL), 0);
  int status = 0;
  waitpid(pid, &status, 0);
  ASSERT_TRUE(WIFSIGNALED(status)) << "child exited early with " << WEXITSTATUS(status);
  while (read(fds[0], &a, sizeof a) == sizeof a) acked[a.seq] = a.n;  // acks already in flight
  close(fds[0]);
  ASSERT_GE(acked.size(), 300u);

  t.Reopen();
  Ledger& l = *t.ledger;
  ASSERT_GT(l.Size(), acked.rbegin()->first);
  for (auto [seq, n] : acked) {
    auto rec = l.GetRecord(seq);
    ASSERT_TRUE(rec.ok()) << "acknowledged seq " << seq << " lost: " << rec.status().ToString();
    EXPECT_EQ(rec->submission.client_id, "crash-" + std::to_string(n));
  }
  std::vector<Hash> leaves;
  Hash prev{};
  Status walk = l.ForEachRecord(0, l.Size(), [&](uint64_t seq, ByteView bytes) -> Status {
    LEDGER_ASSIGN_OR_RETURN(Record r, DecodeRecord(bytes));
    if (r.prev_hash != prev) return Status::DataLoss("chain broken at " + std::to_string(seq));
    prev = RecordHash(bytes);
    leaves.push_back(merkle::HashLeaf(bytes));
    return Status::Ok();
  });
  ASSERT_TRUE(walk.ok()) << walk.ToString();
  auto cp = note::OpenCheckpoint(*l.Checkpoint(), l.log_key());
  ASSERT_TRUE(cp.ok());
  EXPECT_EQ(cp->size, l.Size());
  EXPECT_EQ(cp->root, merkle::RootFromLeafHashes(leaves));
  EXPECT_EQ(*l.RootAt(l.Size()), cp->root);
  // The reopened ledger keeps appending where the killed writer stopped.
  uint64_t next = t.MustAppend(testing::RegisterKey(
      t.root, SigningKey::Generate().public_key(), "after", "authority", R"(["*"])", "after"));
  EXPECT_EQ(next, leaves.size());
}

}  // namespace
}  // namespace ledger
