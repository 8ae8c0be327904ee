// The honest PostgreSQL peer: the ledger's whole job on PostgreSQL 15. Each
// submission (the same pre-signed benchmark events the ledger appends) has
// its Ed25519 signature checked with the project's OpenSSL path
// (SubmissionSignatureValid, as the store does) on all cores of the client
// program, is stored as its signed bytes (signing input || signature) in a
// row whose hash = SHA-256(previous row's hash || those bytes), and is
// durable on return (fsync=on, synchronous_commit=on, checked on connect).
//   /batch:N     one writer, like BM_LedgerAppend: per batch, verify on all
//                cores (threads for batches of 64 or more, as the store's
//                BatchVerifier), chain, one INSERT ... unnest, commit; the
//                next batch starts after the commit.
//   /clients:64  64 closed-loop clients, like BM_AppenderConcurrent, each on
//                its own connection: verify its event on its thread, take the
//                next seq and hash from the shared chain (a mutex in the
//                program), insert in its own transaction. Commits overlap, so
//                PostgreSQL flushes them together (its group commit); a
//                failed insert would leave a gap (none is tolerated here).
#include <atomic>
#include <chrono>
#include <mutex>
#include <span>
#include <string>
#include <thread>
#include <vector>

#include "pg_peer.h"

namespace ledger::bench::pg {
namespace {

using Clock = std::chrono::steady_clock;

double MicrosSince(Clock::time_point t0) {
  return std::chrono::duration<double, std::micro>(Clock::now() - t0).count();
}

// What the peer keeps per row: the submission as signed, so that anyone
// can check the signature again from the table alone.
Bytes RowPayload(const Submission& s) {
  Bytes b = SigningInput(s);
  b.insert(b.end(), s.signature.begin(), s.signature.end());
  return b;
}

// Checks every signature of `subs` and fills `payloads`, on all cores for
// 64 submissions or more. False when any signature fails.
bool VerifyBatch(std::span<const Submission> subs, std::vector<Bytes>& payloads) {
  const size_t n = subs.size();
  payloads.resize(n);
  std::atomic<bool> good{true};
  auto work = [&](size_t begin, size_t end) {
    for (size_t i = begin; i < end; ++i) {
      if (!SubmissionSignatureValid(subs[i])) good = false;
      payloads[i] = RowPayload(subs[i]);
    }
  };
  const size_t threads = n >= 64 ? std::max(1u, std::thread::hardware_concurrency()) : 1;
  const size_t per = (n + threads - 1) / threads;
  {
    std::vector<std::jthread> pool;
    for (size_t t = 1; t < threads; ++t) {
      pool.emplace_back(work, std::min(n, t * per), std::min(n, (t + 1) * per));
    }
    work(0, std::min(n, per));
  }
  return good.load();
}

void BM_PgPeerSigned(benchmark::State& state, size_t batch) {
  Conn conn = Connect(state);
  if (!conn || !PrepareClientInsert(state, conn.get())) return;
  const std::vector<Submission>& pool = EventPool(batch * state.max_iterations);
  std::vector<Bytes> payloads;
  std::vector<double> latencies;
  double verify_us = 0, db_us = 0;
  Hash prev{};
  uint64_t seq = 0;
  for (auto _ : state) {
    auto t0 = Clock::now();
    if (!VerifyBatch(std::span<const Submission>(pool.data() + seq, batch), payloads)) {
      state.SkipWithError("a benchmark event's signature does not verify");
      return;
    }
    auto t1 = Clock::now();
    BinaryArray seqs(kInt8Oid, batch), data(kByteaOid, batch), hashes(kByteaOid, batch);
    for (const Bytes& p : payloads) {
      Sha256Hasher h;
      h.Update(ByteView(prev));
      h.Update(ByteView(p));
      prev = h.Finish();
      seqs.AddInt8(static_cast<int64_t>(seq++));
      data.Add(p.data(), p.size());
      hashes.Add(prev.data(), prev.size());
    }
    const char* values[] = {seqs.data(), data.data(), hashes.data()};
    const int lengths[] = {seqs.size(), data.size(), hashes.size()};
    const int formats[] = {1, 1, 1};
    PgResult r(PQexecPrepared(conn.get(), "append", 3, values, lengths, formats, 0));
    if (PQresultStatus(r.get()) != PGRES_COMMAND_OK) {
      state.SkipWithError(PQerrorMessage(conn.get()));
      return;
    }
    auto t2 = Clock::now();
    verify_us += std::chrono::duration<double, std::micro>(t1 - t0).count();
    db_us += std::chrono::duration<double, std::micro>(t2 - t1).count();
    latencies.push_back(std::chrono::duration<double, std::micro>(t2 - t0).count());
  }
  SetCounters(state, conn.get(), batch, seq, latencies);
  // Where a batch's time goes: the signature checks (all cores) and the
  // chain, insert and durable commit (one writer).
  state.counters["verify_us_per_event"] = verify_us / static_cast<double>(std::max<uint64_t>(seq, 1));
  state.counters["db_us_per_event"] = db_us / static_cast<double>(std::max<uint64_t>(seq, 1));
}

void BM_PgPeerSignedConcurrent(benchmark::State& state, size_t clients, size_t per_client) {
  Conn admin = Connect(state);  // recreates the table
  if (!admin) return;
  std::vector<Conn> conns;
  const Oid types[] = {kInt8Oid, kByteaOid, kByteaOid};
  for (size_t c = 0; c < clients; ++c) {
    Conn conn = Connect(state, false);
    if (!conn) return;
    PgResult prep(PQprepare(conn.get(), "insert1",
                            "INSERT INTO ledger_peer (seq, payload, hash) VALUES ($1, $2, $3)", 3,
                            types));
    if (PQresultStatus(prep.get()) != PGRES_COMMAND_OK) {
      state.SkipWithError(PQerrorMessage(conn.get()));
      return;
    }
    conns.push_back(std::move(conn));
  }
  const std::vector<Submission>& pool = EventPool(clients * per_client);
  std::mutex chain_mu;
  Hash prev{};
  uint64_t next_seq = 0;
  std::vector<std::vector<double>> lat(clients);
  std::atomic<int> failures{0};
  std::string first_error;
  for (auto _ : state) {
    auto t0 = Clock::now();
    {
      std::vector<std::jthread> threads;
      for (size_t c = 0; c < clients; ++c) {
        threads.emplace_back([&, c] {
          for (size_t i = 0; i < per_client; ++i) {
            auto s0 = Clock::now();
            const Submission& sub = pool[c * per_client + i];
            if (!SubmissionSignatureValid(sub)) {
              if (failures.fetch_add(1) == 0) first_error = "signature does not verify";
              return;
            }
            Bytes payload = RowPayload(sub);
            uint8_t seq_be[8];
            Hash hash;
            {
              std::lock_guard lock(chain_mu);
              Sha256Hasher h;
              h.Update(ByteView(prev));
              h.Update(ByteView(payload));
              hash = prev = h.Finish();
              for (int b = 0; b < 8; ++b) seq_be[b] = static_cast<uint8_t>(next_seq >> (56 - 8 * b));
              ++next_seq;
            }
            const char* values[] = {reinterpret_cast<const char*>(seq_be),
                                    reinterpret_cast<const char*>(payload.data()),
                                    reinterpret_cast<const char*>(hash.data())};
            const int lengths[] = {8, static_cast<int>(payload.size()), 32};
            const int formats[] = {1, 1, 1};
            PgResult r(PQexecPrepared(conns[c].get(), "insert1", 3, values, lengths, formats, 0));
            if (PQresultStatus(r.get()) != PGRES_COMMAND_OK) {
              if (failures.fetch_add(1) == 0) first_error = PQerrorMessage(conns[c].get());
              return;
            }
            lat[c].push_back(MicrosSince(s0));
          }
        });
      }
    }
    state.SetIterationTime(MicrosSince(t0) / 1e6);
  }
  if (failures.load() > 0) {
    state.SkipWithError(("insert: " + first_error).c_str());
    return;
  }
  std::vector<double> all;
  for (auto& v : lat) all.insert(all.end(), v.begin(), v.end());
  SetCounters(state, admin.get(), 1, next_seq, all);
  state.counters["clients"] = static_cast<double>(clients);
}

}  // namespace

void RegisterSigned(const Options& o) {
  const bool q = o.quick;
  struct Case {
    size_t batch;
    int64_t iterations;
  };
  // The same iteration counts as the library's BM_LedgerAppend.
  for (Case c : {Case{1, q ? 300 : 2000}, Case{100, q ? 30 : 200}, Case{1000, q ? 8 : 40}}) {
    benchmark::RegisterBenchmark(("BM_PgPeerSigned/batch:" + std::to_string(c.batch)).c_str(),
                                 BM_PgPeerSigned, c.batch)
        ->Iterations(c.iterations)
        ->UseRealTime()
        ->Unit(benchmark::kMicrosecond);
  }
  // The same total as the library's BM_AppenderConcurrent.
  const size_t clients = 64, total = q ? 6400 : 32000;
  benchmark::RegisterBenchmark(("BM_PgPeerSignedConcurrent/clients:" + std::to_string(clients)).c_str(),
                               BM_PgPeerSignedConcurrent, clients, total / clients)
      ->Iterations(1)
      ->UseManualTime()
      ->Unit(benchmark::kMillisecond);
}

}  // namespace ledger::bench::pg
