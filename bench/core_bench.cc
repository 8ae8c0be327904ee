// Per-event CPU costs of the storage-free core, on the benchmark event (a
// key.register record): canonical encode/decode, the Merkle leaf hash, the
// submission signature (sign and verify). bench/run compares the crypto
// figures with `openssl speed ed25519 sha256` taken in the same run.
#include <benchmark/benchmark.h>

#include "bench_util.h"
#include "ledger/merkle.h"
#include "ledger/record.h"

namespace ledger::bench {
namespace {

Record TypicalRecord() {
  Record r;
  r.seq = 1;
  r.prev_hash = Sha256(std::string_view("previous record"));
  r.recorded_at_us = 1'732'000'000'000'000;
  r.submission = MakeBenchEvent(0);
  return r;
}

void SetRecordCounters(benchmark::State& state, size_t record_bytes) {
  state.SetItemsProcessed(state.iterations());
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * record_bytes));
  state.counters["record_bytes"] = static_cast<double>(record_bytes);
}

void BM_EncodeRecord(benchmark::State& state) {
  const Record r = TypicalRecord();
  size_t size = 0;
  for (auto _ : state) {
    Bytes b = EncodeRecord(r);
    size = b.size();
    benchmark::DoNotOptimize(b.data());
  }
  SetRecordCounters(state, size);
}

void BM_DecodeRecord(benchmark::State& state) {
  const Bytes bytes = EncodeRecord(TypicalRecord());
  for (auto _ : state) {
    auto r = DecodeRecord(bytes);
    if (!r.ok()) {
      state.SkipWithError(r.status().ToString().c_str());
      break;
    }
    benchmark::DoNotOptimize(r->seq);
  }
  SetRecordCounters(state, bytes.size());
}

// SHA-256(0x00 || record): the Merkle leaf of one event.
void BM_LeafHash(benchmark::State& state) {
  const Bytes bytes = EncodeRecord(TypicalRecord());
  for (auto _ : state) {
    Hash h = merkle::HashLeaf(bytes);
    benchmark::DoNotOptimize(h.data());
  }
  SetRecordCounters(state, bytes.size());
}

// SHA-256(0x01 || left || right): one interior Merkle node.
void BM_NodeHash(benchmark::State& state) {
  Hash left = Sha256(std::string_view("left")), right = Sha256(std::string_view("right"));
  for (auto _ : state) {
    left = merkle::HashChildren(left, right);
    benchmark::DoNotOptimize(left.data());
  }
  state.SetItemsProcessed(state.iterations());
}

// What a submitter pays per event: signing input + Ed25519 sign.
void BM_SignSubmission(benchmark::State& state) {
  Submission s = MakeBenchEvent(0);
  const SigningKey& key = RootKey();
  for (auto _ : state) {
    SignSubmission(s, key);
    benchmark::DoNotOptimize(s.signature.data());
  }
  state.SetItemsProcessed(state.iterations());
}

// What the ledger and every auditor pay per event: signing input + Ed25519 verify.
void BM_VerifySubmission(benchmark::State& state) {
  const Submission s = MakeBenchEvent(0);
  for (auto _ : state) {
    bool ok = SubmissionSignatureValid(s);
    if (!ok) {
      state.SkipWithError("the benchmark event does not verify");
      break;
    }
  }
  state.SetItemsProcessed(state.iterations());
}

// Ed25519 verify of a 32-byte message: the library's crypto path alone, to
// compare with `openssl speed ed25519` without the signing-input encoding.
void BM_VerifyEd25519Raw(benchmark::State& state) {
  const Hash msg = Sha256(std::string_view("message"));
  const Signature sig = RootKey().Sign(ByteView(msg));
  for (auto _ : state) {
    bool ok = VerifyEd25519(RootKey().public_key(), msg, sig);
    benchmark::DoNotOptimize(ok);
  }
  state.SetItemsProcessed(state.iterations());
}

void Register(const Options& o) {
  const double min_time = o.quick ? 0.2 : 1.0;
  for (auto* b : {
           benchmark::RegisterBenchmark("BM_EncodeRecord", BM_EncodeRecord),
           benchmark::RegisterBenchmark("BM_DecodeRecord", BM_DecodeRecord),
           benchmark::RegisterBenchmark("BM_LeafHash", BM_LeafHash),
           benchmark::RegisterBenchmark("BM_NodeHash", BM_NodeHash),
           benchmark::RegisterBenchmark("BM_SignSubmission", BM_SignSubmission),
           benchmark::RegisterBenchmark("BM_VerifySubmission", BM_VerifySubmission),
           benchmark::RegisterBenchmark("BM_VerifyEd25519Raw", BM_VerifyEd25519Raw),
       }) {
    b->MinTime(min_time)->Unit(benchmark::kNanosecond);
  }
}

}  // namespace
}  // namespace ledger::bench

int main(int argc, char** argv) {
  return ledger::bench::BenchMain(argc, argv, ledger::bench::Register);
}
