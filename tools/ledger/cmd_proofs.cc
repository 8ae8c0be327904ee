// Proof and audit commands: prove inclusion|consistency, backup, verify.
#include <boost/json.hpp>
#include <filesystem>

#include "cli.h"
#include "ledger/file_io.h"
#include "ledger/key_files.h"
#include "ledger/layout.h"
#include "ledger/merkle.h"
#include "ledger/wire.h"
#include "verifier/audit.h"

namespace ledger::cli {

namespace {

int ProveInclusion(const Args& a, Io& io) {
  auto index = a.RequireUInt("seq");
  if (!index.ok()) return Fail(io, index.status());
  auto size = a.GetUInt("size");
  if (!size.ok()) return Fail(io, size.status());
  auto ledger = OpenLedger(a, true);
  if (!ledger.ok()) return Fail(io, ledger.status());
  auto p = (*ledger)->ProveInclusion(*index, size->value_or((*ledger)->Size()));
  if (!p.ok()) return Fail(io, p.status());
  if (!a.Has("no-signer")) {
    auto signer = (*ledger)->ProveSigner(p->index, p->tree_size);
    if (!signer.ok()) return Fail(io, signer.status());
    p->signer = std::move(signer).value();
  }
  std::string format = a.GetOr("format", "json");
  if (format == "tlog-proof") {
    io.out << TlogProofText(TlogProofOf(*p));
    return kExitOk;
  }
  if (format != "json") {
    return Fail(io, Status::InvalidArgument("--format must be json or tlog-proof"));
  }
  PrintJsonLine(io, InclusionToJson(*p, !a.Has("no-leaf")));
  return kExitOk;
}

int ProveConsistency(const Args& a, Io& io) {
  auto old_size = a.RequireUInt("old");
  if (!old_size.ok()) return Fail(io, old_size.status());
  auto new_size = a.GetUInt("new");
  if (!new_size.ok()) return Fail(io, new_size.status());
  auto ledger = OpenLedger(a, true);
  if (!ledger.ok()) return Fail(io, ledger.status());
  uint64_t n = new_size->value_or((*ledger)->Size());
  auto proof = (*ledger)->ProveConsistency(*old_size, n);
  if (!proof.ok()) return Fail(io, proof.status());
  PrintJsonLine(io, ConsistencyToJson({*old_size, n, *proof}));
  return kExitOk;
}

// Audits `dir` with the standalone verifier library; prints its report.
int Audit(const std::string& dir, const std::vector<std::string>& kept, bool as_json, Io& io) {
  auto vkey_text = ReadFile(layout::PathIn(dir, layout::kLogVkeyFile));
  if (!vkey_text.ok()) return Fail(io, cli_kit::CannotOpenLedger(vkey_text.status(), dir));
  std::string line = vkey_text->substr(0, vkey_text->find('\n'));
  auto vkey = note::VerifierKey::Parse(line);
  if (!vkey.ok()) {
    return Fail(
        io, cli_kit::CannotOpenLedger(Status::FailedPrecondition(std::string(layout::kLogVkeyFile) +
                                                                 ": " + vkey.status().message()),
                                      dir));
  }
  verify::AuditOptions opts;
  opts.log_key = *vkey;
  for (const auto& path : kept) {
    auto cp = ReadFile(path);
    if (!cp.ok()) return Fail(io, cp.status());
    opts.kept_checkpoints.push_back(*cp);
  }
  auto report = verify::AuditLedgerDir(dir, opts);
  // The audit's own errors mean it could not read the ledger (a kept
  // checkpoint it cannot use stays a usage error).
  if (!report.ok()) return Fail(io, cli_kit::CannotOpenLedger(report.status(), dir));
  // A damaged data.mdb could not be audited at all: like any ledger that
  // cannot be opened (exit 3), not a finding about its records.
  if (report->problems.size() == 1 && report->problems[0].kind == "damaged-file") {
    return Fail(io, cli_kit::CannotOpenLedger(Status::DamagedFile(report->problems[0].what), dir));
  }
  const int code = report->ok() ? kExitOk : kExitRejected;
  if (as_json) {
    boost::json::object o = report->ToJson();
    o["exit"] = code;
    PrintJsonLine(io, o);
  } else {
    io.out << report->ToText();
  }
  return code;
}

int Backup(const Args& a, Io& io) {
  auto dest = a.Require("to");
  if (!dest.ok()) return Fail(io, dest.status());
  auto ledger = OpenLedger(a, true);
  if (!ledger.ok()) return Fail(io, ledger.status());
  if (Status s = (*ledger)->Backup(*dest); !s.ok()) return Fail(io, s);
  io.err << "backup written to " << *dest << " (size " << (*ledger)->Size()
         << " or more); verifying the copy\n";
  if (a.Has("no-verify")) return kExitOk;
  return Audit(*dest, {}, false, io);
}

int Verify(const Args& a, Io& io) {
  return Audit(a.GetOr("dir", DefaultDir()), a.GetAll("checkpoint"), a.Has("json"), io);
}

}  // namespace

std::vector<Command> ProofCommands() {
  return {
      {"prove inclusion",
       "inclusion proof of a record (JSON, or a c2sp tlog-proof bundle)",
       "",
       {DirFlag(),
        {"seq", true, "the record's seq (= leaf index)"},
        {"size", true, "tree size (default: current)"},
        {"format", true, "json (default) or tlog-proof"},
        {"no-leaf", false, "omit the record bytes from the JSON proof"},
        {"no-signer", false,
         "omit the signer part (the records that registered the signing key, with their "
         "proofs)"}},
       ProveInclusion},
      {"prove consistency",
       "consistency proof between two tree sizes",
       "",
       {DirFlag(),
        {"old", true, "older tree size"},
        {"new", true, "newer size (default: current)"}},
       ProveConsistency},
      {"backup",
       "consistent hot copy (compacted) while writers run; then verifies the copy",
       "",
       {DirFlag(),
        {"to", true, "destination directory (must not hold a ledger)"},
        {"no-verify", false, "skip the audit of the copy"}},
       Backup},
      {"verify",
       "full audit of the ledger directory (as ledger-verify ledger)",
       "",
       {DirFlag(),
        {"checkpoint", true, "a signed checkpoint you kept (repeatable)"},
        {"json", false, "print the report as JSON"}},
       Verify},
  };
}

}  // namespace ledger::cli
