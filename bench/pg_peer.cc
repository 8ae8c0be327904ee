// The PostgreSQL peer's shared pieces: see pg_peer.h.
#include "pg_peer.h"

#include <arpa/inet.h>

#include <cstdlib>
#include <string>

namespace ledger::bench::pg {

const char* const kSchema = R"sql(
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

bool PrepareClientInsert(benchmark::State& state, PGconn* conn) {
  const Oid types[] = {kInt8ArrayOid, kByteaArrayOid, kByteaArrayOid};
  PgResult prep(PQprepare(conn, "append",
                          "INSERT INTO ledger_peer (seq, payload, hash) "
                          "SELECT * FROM unnest($1::int8[], $2::bytea[], $3::bytea[])",
                          3, types));
  if (PQresultStatus(prep.get()) != PGRES_COMMAND_OK) {
    state.SkipWithError(PQerrorMessage(conn));
    return false;
  }
  return true;
}

BinaryArray::BinaryArray(Oid element_type, size_t count) {
  Put32(1);
  Put32(0);
  Put32(element_type);
  Put32(static_cast<uint32_t>(count));
  Put32(1);
}

void BinaryArray::Add(const uint8_t* data, size_t size) {
  Put32(static_cast<uint32_t>(size));
  buf_.insert(buf_.end(), data, data + size);
}

void BinaryArray::AddInt8(int64_t v) {
  uint8_t b[8];
  for (int i = 0; i < 8; ++i) b[i] = static_cast<uint8_t>(static_cast<uint64_t>(v) >> (56 - 8 * i));
  Add(b, 8);
}

void BinaryArray::Put32(uint32_t v) {
  uint32_t be = htonl(v);
  auto* p = reinterpret_cast<const uint8_t*>(&be);
  buf_.insert(buf_.end(), p, p + 4);
}

Conn Connect(benchmark::State& state, bool reset) {
  const std::string& conninfo = GlobalOptions().pg_conninfo;
  if (conninfo.empty()) {
    state.SkipWithError("no PostgreSQL peer (--ledger_pg / LEDGER_BENCH_PG unset)");
    return nullptr;
  }
  Conn conn(PQconnectdb(conninfo.c_str()));
  if (PQstatus(conn.get()) != CONNECTION_OK) {
    state.SkipWithError(("connect: " + std::string(PQerrorMessage(conn.get()))).c_str());
    return nullptr;
  }
  PgResult r(PQexec(conn.get(), "SET client_min_messages = warning;"));
  if (reset) {
    r.reset(PQexec(conn.get(), kSchema));
    if (PQresultStatus(r.get()) != PGRES_COMMAND_OK) {
      state.SkipWithError(("schema: " + std::string(PQerrorMessage(conn.get()))).c_str());
      return nullptr;
    }
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

}  // namespace ledger::bench::pg
