// The group-commit Appender under many concurrent one-event submitters:
// every submission acknowledged once, with its own seq, and durable.
#include "ledger/appender.h"

#include <gtest/gtest.h>

#include <map>
#include <mutex>
#include <set>
#include <thread>

#include "util/test_ledger.h"

namespace ledger {
namespace {

using testing::RegisterKey;
using testing::TestLedger;

// 64 closed-loop submitters (submit, wait, submit the next), more at once
// than one commit takes (max_batch 8), each also resubmitting one of its
// events: every new event gets a distinct seq, the resubmission the seq of
// the first, and after a reopen each seq holds the event acknowledged with it.
TEST(Appender, ManyConcurrentSubmittersAllAcknowledgedAndDurable) {
  constexpr int kThreads = 64, kPerThread = 4;
  TestLedger t;
  std::mutex mu;
  size_t committed_events = 0;
  std::map<uint64_t, std::string> acknowledged;  // seq -> client id
  std::vector<std::string> errors;
  {
    Appender appender(*t.ledger, 8, [&](const Appender::CommitStats& s) {
      std::lock_guard lock(mu);
      EXPECT_LE(s.events, 8u);
      committed_events += s.events;
    });
    std::vector<std::thread> clients;
    for (int th = 0; th < kThreads; ++th) {
      clients.emplace_back([&, th] {
        uint64_t first_seq = 0;
        Submission first;
        for (int i = 0; i < kPerThread; ++i) {
          const std::string id = "c" + std::to_string(th) + "/" + std::to_string(i);
          Submission s = RegisterKey(t.root, SigningKey::Generate().public_key(),
                                     "hr-" + std::to_string(th) + "-" + std::to_string(i),
                                     "authority", R"(["mn.x"])", id);
          if (i == 0) first = s;
          AppendOutcome o = appender.Submit(std::move(s)).get();
          std::lock_guard lock(mu);
          if (!o.status.ok() || o.duplicate) {
            errors.push_back(id + ": " + o.status.ToString());
            continue;
          }
          if (i == 0) first_seq = o.seq;
          if (!acknowledged.emplace(o.seq, id).second) errors.push_back(id + ": seq reused");
        }
        AppendOutcome again = appender.Submit(first).get();
        std::lock_guard lock(mu);
        if (!again.duplicate || again.seq != first_seq) {
          errors.push_back("c" + std::to_string(th) + "/0 again: seq " +
                           std::to_string(again.seq) + ", " + again.status.ToString());
        }
      });
    }
    for (auto& c : clients) c.join();
  }  // the Appender stops
  EXPECT_TRUE(errors.empty()) << errors.front();
  const uint64_t total = kThreads * kPerThread;
  ASSERT_EQ(acknowledged.size(), total);
  EXPECT_EQ(acknowledged.begin()->first, 1u);  // after genesis, no gap
  EXPECT_EQ(acknowledged.rbegin()->first, total);
  EXPECT_EQ(committed_events, total + kThreads);  // the resubmissions too

  t.Reopen();
  ASSERT_EQ(t.ledger->Size(), total + 1);
  for (const auto& [seq, id] : acknowledged) {
    auto rec = t.ledger->GetRecord(seq);
    ASSERT_TRUE(rec.ok()) << rec.status().ToString();
    EXPECT_EQ(rec->submission.client_id, id) << "seq " << seq;
  }
}

}  // namespace
}  // namespace ledger
