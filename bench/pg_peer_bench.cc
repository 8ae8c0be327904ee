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
// bench/run compares the ledger with the faster of the two.
//
// Connection: --ledger_pg=CONNINFO or $LEDGER_BENCH_PG; without one every
// benchmark here reports an error and bench/run shows the peer as n/a.
#include <arpa/inet.h>
#include <benchmark/benchmark.h>
#include <libpq-fe.h>

#include <chrono>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include "bench_util.h"

namespace ledger::bench {
namespace {

using Clock = std::chrono::steady_clock;

struct PgConnCloser {
  void operator()(PGconn* c) const { PQfinish(c); }
};
struct PgResultCloser {
  void operator()(PGresult* r) const { PQclear(r); }
};
using PgConn = std::unique_ptr<PGconn, PgConnCloser>;
using PgResult = std::unique_ptr<PGresult, PgResultCloser>;

constexpr Oid kInt8ArrayOid = 1016;
constexpr Oid kByteaArrayOid = 1001;
constexpr Oid kInt8Oid = 20;
constexpr Oid kByteaOid = 17;

constexpr const char* kSchema = R"sql(
DROP TABLE IF EXISTS ledger_peer;
DROP FUNCTION IF EXISTS ledger_peer_append(bytea[]);
DROP FUNCTION IF EXISTS ledger_peer_forbid();
CREATE TABLE ledger_peer (
  seq     bigint PRIMARY KEY,
  payload bytea  NOT NULL,
  hash    bytea  NOT NULL CHECK (length(hash) = 32)  -- sha256(previous hash || payload)
);
CREATE FUNCTION ledger_peer_forbid() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN RAISE EXCEPTION 'ledger_peer is append-only'; END $$;
CREATE TRIGGER ledger_peer_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON ledger_peer
  FOR EACH STATEMENT EXECUTE FUNCTION ledger_peer_forbid();
CREATE FUNCTION ledger_peer_append(payloads bytea[]) RETURNS bigint LANGUAGE plpgsql AS $$
DECLARE
  last_seq bigint;
  prev     bytea;
  p        bytea;
BEGIN
  PERFORM pg_advisory_xact_lock(6962);  -- one writer at a time extends the chain
  SELECT seq, hash INTO last_seq, prev FROM ledger_peer ORDER BY seq DESC LIMIT 1;
  IF NOT FOUND THEN
    last_seq := -1;
    prev := decode(repeat('00', 32), 'hex');
  END IF;
  FOREACH p IN ARRAY payloads LOOP
    last_seq := last_seq + 1;
    prev := sha256(prev || p);
    INSERT INTO ledger_peer (seq, payload, hash) VALUES (last_seq, p, prev);
  END LOOP;
  RETURN last_seq;
END $$;
)sql";

// PostgreSQL's binary array format: ndim, has-null flag, element type,
// (length, lower bound) per dimension, then (length, bytes) per element.
class BinaryArray {
 public:
  BinaryArray(Oid element_type, size_t count) {
    Put32(1);
    Put32(0);
    Put32(element_type);
    Put32(static_cast<uint32_t>(count));
    Put32(1);
  }
  void Add(const uint8_t* data, size_t size) {
    Put32(static_cast<uint32_t>(size));
    buf_.insert(buf_.end(), data, data + size);
  }
  void AddInt8(int64_t v) {
    uint8_t b[8];
    for (int i = 0; i < 8; ++i)
      b[i] = static_cast<uint8_t>(static_cast<uint64_t>(v) >> (56 - 8 * i));
    Add(b, 8);
  }
  const char* data() const { return reinterpret_cast<const char*>(buf_.data()); }
  int size() const { return static_cast<int>(buf_.size()); }

 private:
  void Put32(uint32_t v) {
    uint32_t be = htonl(v);
    auto* p = reinterpret_cast<const uint8_t*>(&be);
    buf_.insert(buf_.end(), p, p + 4);
  }
  std::vector<uint8_t> buf_;
};

// Connects and recreates the schema; reports an error on `state` and
// returns null when that fails.
PgConn Connect(benchmark::State& state) {
  const std::string& conninfo = GlobalOptions().pg_conninfo;
  if (conninfo.empty()) {
    state.SkipWithError("no PostgreSQL peer (--ledger_pg / LEDGER_BENCH_PG unset)");
    return nullptr;
  }
  PgConn conn(PQconnectdb(conninfo.c_str()));
  if (PQstatus(conn.get()) != CONNECTION_OK) {
    state.SkipWithError(("connect: " + std::string(PQerrorMessage(conn.get()))).c_str());
    return nullptr;
  }
  PgResult r(PQexec(conn.get(), "SET client_min_messages = warning;"));
  r.reset(PQexec(conn.get(), kSchema));
  if (PQresultStatus(r.get()) != PGRES_COMMAND_OK) {
    state.SkipWithError(("schema: " + std::string(PQerrorMessage(conn.get()))).c_str());
    return nullptr;
  }
  // The peer must run at the ledger's durability; refuse to measure otherwise.
  for (const char* setting : {"fsync", "synchronous_commit"}) {
    const char* v = PQparameterStatus(conn.get(), setting);
    std::string value;
    if (v) {
      value = v;
    } else {
      PgResult s(PQexec(conn.get(), (std::string("SHOW ") + setting).c_str()));
      if (PQresultStatus(s.get()) == PGRES_TUPLES_OK) value = PQgetvalue(s.get(), 0, 0);
    }
    if (value != "on") {
      state.SkipWithError((std::string(setting) + " is '" + value + "', not 'on'").c_str());
      return nullptr;
    }
  }
  return conn;
}

void SetCounters(benchmark::State& state, PGconn* conn, size_t batch, uint64_t rows,
                 std::vector<double>& latencies) {
  state.SetItemsProcessed(static_cast<int64_t>(rows));
  state.counters["batch"] = static_cast<double>(batch);
  state.counters["p50_us"] = Percentile(latencies, 50);
  state.counters["p99_us"] = Percentile(latencies, 99);
  PgResult r(PQexec(conn, "SELECT pg_total_relation_size('ledger_peer')"));
  if (PQresultStatus(r.get()) == PGRES_TUPLES_OK && rows > 0) {
    state.counters["bytes_per_event"] =
        std::strtod(PQgetvalue(r.get(), 0, 0), nullptr) / static_cast<double>(rows);
  }
}

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
  PgConn conn = Connect(state);
  if (!conn) return;
  const Oid types[] = {kByteaArrayOid};
  PgResult prep(PQprepare(conn.get(), "append", "SELECT ledger_peer_append($1)", 1, types));
  if (PQresultStatus(prep.get()) != PGRES_COMMAND_OK) {
    state.SkipWithError(PQerrorMessage(conn.get()));
    return;
  }
  std::vector<Bytes> payloads = MakePayloads(batch);
  // The parameter is the same batch of payloads every time: the chain is
  // extended by the server, which is what this variant measures.
  BinaryArray arr(kByteaOid, batch);
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
  SetCounters(state, conn.get(), batch, rows, latencies);
}

void BM_PgPeerClient(benchmark::State& state, size_t batch) {
  PgConn conn = Connect(state);
  if (!conn) return;
  const Oid types[] = {kInt8ArrayOid, kByteaArrayOid, kByteaArrayOid};
  PgResult prep(PQprepare(conn.get(), "append",
                          "INSERT INTO ledger_peer (seq, payload, hash) "
                          "SELECT * FROM unnest($1::int8[], $2::bytea[], $3::bytea[])",
                          3, types));
  if (PQresultStatus(prep.get()) != PGRES_COMMAND_OK) {
    state.SkipWithError(PQerrorMessage(conn.get()));
    return;
  }
  std::vector<Bytes> payloads = MakePayloads(batch);
  std::vector<double> latencies;
  Hash prev{};
  uint64_t seq = 0;
  for (auto _ : state) {
    auto t0 = Clock::now();
    // The writer's own work per batch: extend the chain, encode the arrays.
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
    latencies.push_back(std::chrono::duration<double, std::micro>(Clock::now() - t0).count());
  }
  SetCounters(state, conn.get(), batch, seq, latencies);
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
}

}  // namespace
}  // namespace ledger::bench

int main(int argc, char** argv) {
  return ledger::bench::BenchMain(argc, argv, ledger::bench::Register);
}
