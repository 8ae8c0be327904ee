// `ledger demo`: builds a demo ledger with realistic data (the embedded
// default the README's run command uses), queries it and verifies it.
#include <boost/json.hpp>
#include <filesystem>
#include <map>

#include "cli.h"
#include "demo/demo_data.h"
#include "ledger/events.h"
#include "ledger/key_files.h"
#include "ledger/layout.h"
#include "ledger/merkle.h"
#include "projections/civil_ledger.h"

namespace ledger::cli {
namespace fs = std::filesystem;
namespace json = boost::json;

namespace {

int Demo(const Args& a, Io& io) {
  const std::string root_dir = a.GetOr("dir", "data/demo");
  const std::string ledger_dir = (fs::path(root_dir) / "ledger").string();
  // Checked before anything is deleted or built: a typo is a usage error, not a default.
  auto seed = a.GetUInt("seed");
  if (!seed.ok()) return Fail(io, seed.status());
  auto people = a.GetUInt("people");
  if (!people.ok()) return Fail(io, people.status());
  auto provinces = a.GetUInt("provinces");
  if (!provinces.ok()) return Fail(io, provinces.status());
  std::error_code ec;
  if (a.Has("fresh")) fs::remove_all(root_dir, ec);
  if (!fs::exists(layout::PathIn(ledger_dir, layout::kDataFile), ec)) {
    io.err << "Building the demo ledger in " << ledger_dir << " ...\n";
    DemoOptions opts;
    opts.seed = seed->value_or(opts.seed);
    opts.people = people->value_or(opts.people);
    opts.provinces = provinces->value_or(opts.provinces);
    auto summary = BuildDemoLedger(root_dir, opts, io.err);
    if (!summary.ok()) return Fail(io, summary.status());
  } else {
    io.err << "Using the existing demo ledger in " << ledger_dir << " (--fresh rebuilds it)\n";
  }
  auto ro = projections::MakeCivilLedgerOptions(ledger_dir, true);
  if (!ro.ok()) return Fail(io, ro.status());
  auto ledger = OpenLedgerAt(ledger_dir, ro->ledger);
  if (!ledger.ok()) return Fail(io, ledger.status());
  const uint64_t size = (*ledger)->Size();

  io.out << "\n== Demo ledger: " << ledger_dir << "\n"
         << "records: " << size << "\n\n== Registered signing keys\n";
  auto key_list = (*ledger)->Keys();
  if (!key_list.ok()) return Fail(io, key_list.status());
  for (const auto& k : *key_list) {
    io.out << "  " << k.Label() << "  role=" << keys::RoleName(k.role)
           << (k.revoked ? "  REVOKED at seq " + std::to_string(k.revoked_seq) : "") << "\n";
  }

  // What investigators ask first: who holds the top post, which
  // organisations are over their cap, and which rules fired how often.
  io.out << "\n== Chief Cabinet Secretary (mn.cabinet-secretariat/chief-cabinet-secretary)\n";
  Status queried = (*ledger)->WithRead([&](const lmdb::Txn& txn) -> Status {
    LEDGER_ASSIGN_OR_RETURN(auto post,
                            ro->state->Post(txn, "mn.cabinet-secretariat/chief-cabinet-secretary"));
    if (!post) return Status::Ok();
    for (const auto& h : post->holders) {
      LEDGER_ASSIGN_OR_RETURN(auto person, ro->state->Person(txn, h.person));
      io.out << "  " << (person ? person->full_name : h.person) << " (" << h.person << "), since "
             << events::FormatDate(h.since) << ", " << h.tenure << ", seq " << h.seq << "\n";
    }
    io.out << "\n== Headcount against the approved maximum (direct posts)\n";
    for (const char* org : {"mn.cabinet-secretariat.human-resources", "mn.ub", "mn.ub.khan-uul",
                            "mn.ub.bayanzurkh.khoroo-01", "mn.ministry.finance"}) {
      LEDGER_ASSIGN_OR_RETURN(auto o, ro->state->Org(txn, org));
      if (!o) continue;
      io.out << "  " << org << ": " << o->headcount << " of " << o->max_headcount
             << (o->headcount > o->max_headcount ? "  OVER" : "") << "  (" << o->name << ")\n";
    }
    return Status::Ok();
  });
  if (!queried.ok()) return Fail(io, queried);
  // The findings index holds one entry per flag, by rule.
  std::map<std::string, uint64_t> by_rule;
  Status scanned = (*ledger)->WithRead([&](const lmdb::Txn& txn) {
    return ro->state->ForEachFinding(txn, "",
                                     [&](std::string_view rule, uint64_t, std::string_view) {
                                       ++by_rule[std::string(rule)];
                                       return Status::Ok();
                                     });
  });
  if (!scanned.ok()) return Fail(io, scanned);
  io.out << "\n== Flagged records by rule (docs/EVENTS.md)\n";
  for (const auto& [rule, n] : by_rule) io.out << "  " << rule << ": " << n << "\n";

  io.out << "\n== Latest records\n";
  Status shown = (*ledger)->ForEachRecord(
      size > 3 ? size - 3 : 0, size, [&](uint64_t, ByteView bytes) -> Status {
        LEDGER_ASSIGN_OR_RETURN(Record r, DecodeRecord(bytes));
        io.out << "  " << json::serialize(events::RecordToJson(r, bytes)) << "\n";
        return Status::Ok();
      });
  if (!shown.ok()) return Fail(io, shown);

  // The check a journalist makes: record N is in the tree the log signed.
  uint64_t probe = size / 2;
  auto proof = (*ledger)->ProveInclusion(probe, size);
  if (!proof.ok()) return Fail(io, proof.status());
  auto cp = note::OpenCheckpoint(proof->checkpoint, (*ledger)->log_key());
  if (!cp.ok()) return Fail(io, cp.status());
  Status incl = merkle::VerifyInclusion(probe, size, proof->leaf_hash, proof->hashes, cp->root);
  io.out << "\n== Inclusion proof of seq " << probe << " in tree size " << size << ": "
         << proof->hashes.size() << " hashes, " << (incl.ok() ? "VERIFIED" : incl.ToString())
         << "\n\n== Log verifier key (publish this)\n"
         << (*ledger)->log_key().ToString() << "\n\n== Latest signed checkpoint (keep this)\n"
         << proof->checkpoint;

  io.out << "\n== Full audit (ledger-verify ledger " << ledger_dir << ")\n";
  std::vector<std::string> verify_args = {"verify", "--dir", ledger_dir};
  int rc = RunCli(verify_args, io);
  return incl.ok() ? rc : kExitRejected;
}

}  // namespace

std::vector<Command> DemoCommands() {
  return {{"demo",
           "build (once) a demo ledger with realistic data, query it and verify it",
           "",
           {{"dir", true, "demo folder (default data/demo)"},
            {"fresh", false, "delete and rebuild the demo ledger"},
            {"seed", true, "generator seed"},
            {"people", true, "number of people to generate (default 20000)"},
            {"provinces", true,
             "synthetic aimags to add (mn.sim-N), each the capital's size: about 140k more"
             " records per 40000 people; for benchmark-scale ledgers (default 0)"}},
           Demo}};
}

}  // namespace ledger::cli
