// The PostgreSQL peer's shared pieces (pg_peer_bench.cc, pg_peer_signed.cc):
// libpq handles, the binary array format, the append-only chained table and
// a connection that refuses to measure below the ledger's durability.
#ifndef LEDGER_BENCH_PG_PEER_H_
#define LEDGER_BENCH_PG_PEER_H_

#include <benchmark/benchmark.h>
#include <libpq-fe.h>

#include <cstdint>
#include <memory>
#include <vector>

#include "bench_util.h"

namespace ledger::bench::pg {

struct ConnCloser {
  void operator()(PGconn* c) const { PQfinish(c); }
};
struct ResultCloser {
  void operator()(PGresult* r) const { PQclear(r); }
};
using Conn = std::unique_ptr<PGconn, ConnCloser>;
using PgResult = std::unique_ptr<PGresult, ResultCloser>;

inline constexpr Oid kInt8ArrayOid = 1016;
inline constexpr Oid kByteaArrayOid = 1001;
inline constexpr Oid kInt8Oid = 20;
inline constexpr Oid kByteaOid = 17;

// The chained table, its append-only trigger and the PL/pgSQL append
// function, dropped and recreated by Connect(..., true).
extern const char* const kSchema;
// The client-chained bulk insert, prepared as "append" by PrepareClientInsert:
// INSERT ... SELECT FROM unnest($1::int8[], $2::bytea[], $3::bytea[]).
bool PrepareClientInsert(benchmark::State& state, PGconn* conn);

// PostgreSQL's binary array format: ndim, has-null flag, element type,
// (length, lower bound) per dimension, then (length, bytes) per element.
class BinaryArray {
 public:
  BinaryArray(Oid element_type, size_t count);
  void Add(const uint8_t* data, size_t size);
  void AddInt8(int64_t v);
  const char* data() const { return reinterpret_cast<const char*>(buf_.data()); }
  int size() const { return static_cast<int>(buf_.size()); }

 private:
  void Put32(uint32_t v);
  std::vector<uint8_t> buf_;
};

// Connects to --ledger_pg (recreating the schema when `reset`), checks that
// fsync and synchronous_commit are on; on failure reports an error on
// `state` and returns null.
Conn Connect(benchmark::State& state, bool reset = true);

// Rows, batch and latency counters; bytes_per_event from the table's size.
void SetCounters(benchmark::State& state, PGconn* conn, size_t batch, uint64_t rows,
                 std::vector<double>& latencies);

// Registers the peer that verifies every signature (pg_peer_signed.cc).
void RegisterSigned(const Options& o);

}  // namespace ledger::bench::pg

#endif  // LEDGER_BENCH_PG_PEER_H_
