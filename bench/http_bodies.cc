// bench_http_bodies: the inputs of bench/http_wrk.sh's POST figures. Writes,
// into OUT_DIR,
//   ledger/       a fresh bench ledger (genesis only, RootKey(), the civil
//                 projection: what `ledger serve` opens), copied per run;
//   single.jsonl  SINGLE signed events, one JSON object a line (one request);
//   batch.jsonl   BATCHES lines, each a JSON array of 100 signed events.
// Every event is a distinct MakeBenchEvent, so each can be appended once per
// copy of the ledger: a wrk run that exhausts its share replays bodies, and
// those replays answer 200 (counted apart from the 201s).
//
// usage: bench_http_bodies OUT_DIR SINGLE BATCHES
#include <boost/json.hpp>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

#include "bench_util.h"
#include "ledger/events.h"
#include "projections/civil_ledger.h"

namespace {
namespace json = boost::json;
using namespace ledger;

int Run(const std::string& out, size_t single, size_t batches) {
  std::filesystem::create_directories(out);
  const std::string ledger_dir = out + "/ledger";
  std::filesystem::remove_all(ledger_dir);
  auto civil = projections::MakeCivilLedgerOptions(ledger_dir, false);
  if (!civil.ok()) {
    std::fprintf(stderr, "civil options: %s\n", civil.status().ToString().c_str());
    return 1;
  }
  {
    auto created = Ledger::Create(ledger_dir, bench::kBenchOrigin, bench::RootKey(),
                                  bench::kBenchRootName, civil->ledger);
    if (!created.ok()) {
      std::fprintf(stderr, "create: %s\n", created.status().ToString().c_str());
      return 1;
    }
  }
  constexpr size_t kBatch = 100;
  const std::vector<Submission> events = bench::MakeBenchEvents(0, single + batches * kBatch);
  std::ofstream one(out + "/single.jsonl"), many(out + "/batch.jsonl");
  for (size_t i = 0; i < single; ++i) {
    one << json::serialize(events::SubmissionToJson(events[i])) << "\n";
  }
  for (size_t b = 0; b < batches; ++b) {
    json::array arr;
    for (size_t i = 0; i < kBatch; ++i) {
      arr.push_back(events::SubmissionToJson(events[single + b * kBatch + i]));
    }
    many << json::serialize(arr) << "\n";
  }
  one.close();
  many.close();
  if (!one || !many) {
    std::fprintf(stderr, "cannot write the bodies in %s\n", out.c_str());
    return 1;
  }
  std::printf("{\"single\": %zu, \"batches\": %zu, \"batch_events\": %zu}\n", single, batches,
              kBatch);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 4) {
    std::fprintf(stderr, "usage: bench_http_bodies OUT_DIR SINGLE BATCHES\n");
    return 2;
  }
  return Run(argv[1], std::stoul(argv[2]), std::stoul(argv[3]));
}
