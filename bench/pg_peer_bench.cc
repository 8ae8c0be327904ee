// The PostgreSQL peer: what a government IT team would build instead of this
// ledger. An append-only table where each row stores
// hash = SHA-256(prev_hash || payload), written by a single writer with
// synchronous_commit=on and fsync=on (bench/run starts the server so), at
// the ledger's batch sizes, one transaction per batch, rows the size of the
// ledger's records. Two ways to build it:
//   /sql     the chain is computed inside PostgreSQL: one call per batch of
//            a PL/pgSQL function that reads the last hash and inserts row by
//            row with the built-in sha256(bytea) (PG 11+);
//   /client  the single writer keeps the last hash in memory, hashes on the
//            client and sends the whole batch as one INSERT ... SELECT FROM
//            unnest(arrays): PostgreSQL's fastest bulk path short of COPY.
// Neither verifies a signature: these are the "no signature" rows, kept
// beside the peer that does the ledger's whole job (pg_peer_signed.cc).
// bench/run shows the faster of the two here.
//
// Connection: --ledger_pg=CONNINFO or $LEDGER_BENCH_PG; without one every
// benchmark here reports an error and bench/run shows the peer as n/a.
#include <chrono>
#include <string>
#include <vector>

#include "pg_peer.h"

namespace ledger::bench {
namespace {

using Clock = std::chrono::steady_clock;
using pg::BinaryArray;
using pg::Conn;
using pg::PgResult;

// Rows the size of the ledger's records, each a little different.
std::vector<Bytes> MakePayloads(size_t count) {
  const Bytes record = TypicalRecordBytes();
  std::vector<Bytes> out(count, record);
  for (size_t i = 0; i < count; ++i) {
    for (int b = 0; b < 8; ++b) out[i][b] = static_cast<uint8_t>(i >> (8 * b));
  }
  return out;
}

void BM_PgPeerSql(benchmark::State& state, size_t batch) {
  Conn conn = pg::Connect(state);
  if (!conn) return;
  const Oid types[] = {pg::kByteaArrayOid};
  PgResult prep(PQprepare(conn.get(), "append", "SELECT ledger_peer_append($1)", 1, types));
  if (PQresultStatus(prep.get()) != PGRES_COMMAND_OK) {
    state.SkipWithError(PQerrorMessage(conn.get()));
    return;
  }
  std::vector<Bytes> payloads = MakePayloads(batch);
  // The parameter is the same batch of payloads every time: the chain is
  // extended by the server, which is what this variant measures.
  BinaryArray arr(pg::kByteaOid, batch);
  for (const Bytes& p : payloads) arr.Add(p.data(), p.size());
  const char* values[] = {arr.data()};
  const int lengths[] = {arr.size()};
  const int formats[] = {1};
  std::vector<double> latencies;
  uint64_t rows = 0;
  for (auto _ : state) {
    auto t0 = Clock::now();
    PgResult r(PQexecPrepared(conn.get(), "append", 1, values, lengths, formats, 0));
    if (PQresultStatus(r.get()) != PGRES_TUPLES_OK) {
      state.SkipWithError(PQerrorMessage(conn.get()));
      return;
    }
    latencies.push_back(std::chrono::duration<double, std::micro>(Clock::now() - t0).count());
    rows += batch;
  }
  pg::SetCounters(state, conn.get(), batch, rows, latencies);
}

void BM_PgPeerClient(benchmark::State& state, size_t batch) {
  Conn conn = pg::Connect(state);
  if (!conn) return;
  if (!pg::PrepareClientInsert(state, conn.get())) return;
  std::vector<Bytes> payloads = MakePayloads(batch);
  std::vector<double> latencies;
  Hash prev{};
  uint64_t seq = 0;
  for (auto _ : state) {
    auto t0 = Clock::now();
    // The writer's own work per batch: extend the chain, encode the arrays.
    BinaryArray seqs(pg::kInt8Oid, batch), data(pg::kByteaOid, batch), hashes(pg::kByteaOid, batch);
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
    latencies.push_back(std::chrono::duration<double, std::micro>(Clock::now() - t0).count());
  }
  pg::SetCounters(state, conn.get(), batch, seq, latencies);
}

void Register(const Options& o) {
  const bool q = o.quick;
  struct Case {
    size_t batch;
    int64_t iterations;
  };
  // The same iteration counts as the library's BM_LedgerAppend.
  for (Case c : {Case{1, q ? 300 : 2000}, Case{100, q ? 30 : 200}, Case{1000, q ? 8 : 40}}) {
    std::string n = "/batch:" + std::to_string(c.batch);
    benchmark::RegisterBenchmark(("BM_PgPeerSql" + n).c_str(), BM_PgPeerSql, c.batch)
        ->Iterations(c.iterations)
        ->UseRealTime()
        ->Unit(benchmark::kMicrosecond);
    benchmark::RegisterBenchmark(("BM_PgPeerClient" + n).c_str(), BM_PgPeerClient, c.batch)
        ->Iterations(c.iterations)
        ->UseRealTime()
        ->Unit(benchmark::kMicrosecond);
  }
  pg::RegisterSigned(o);
}

}  // namespace
}  // namespace ledger::bench

int main(int argc, char** argv) {
  return ledger::bench::BenchMain(argc, argv, ledger::bench::Register);
}
