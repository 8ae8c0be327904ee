// ledger-verify modes over a whole log: `ledger DIR`, `export FILE...` and
// `find-hash HASH... (--ledger DIR | --export FILE)`.
#include <boost/json.hpp>
#include <filesystem>
#include <thread>

#include "cli_internal.h"
#include "cli_kit/progress.h"
#include "ledger/export_format.h"
#include "ledger/file_io.h"
#include "ledger/layout.h"
#include "verifier/audit.h"
#include "verifier/find_hash.h"
#include "verifier/offline.h"
#include "verifier/policy_verdict.h"
#include "verifier/views_digest.h"

namespace ledger::verify::cli {
namespace {

constexpr const char* kSelfKeyWarning =
    "A key read from the same place as the data proves only that the copy agrees with itself; "
    "whoever could change the data could change the key. Pass --log-key with the key the log "
    "publishes.";

// --log-key, or the key the data names, with a warning that it proves less.
Result<note::VerifierKey> KeyOrDefault(const Args& a, CliIo& io, const std::string& where,
                                       const std::function<Result<note::VerifierKey>()>& fallback) {
  if (auto k = a.Get("log-key")) return LoadLogKey(*k);
  LEDGER_ASSIGN_OR_RETURN(note::VerifierKey key, fallback());
  io.err << "ledger-verify: warning: no --log-key given; using " << key.ToString() << " from "
         << where << ". " << kSelfKeyWarning << "\n";
  return key;
}

Result<note::VerifierKey> LedgerDirKey(const std::string& dir) {
  return LoadLogKey(layout::PathIn(dir, layout::kLogVkeyFile));
}

Result<note::VerifierKey> ExportHeaderKey(const std::string& file) {
  ExportReader r({file});
  ExportLine line;
  LEDGER_ASSIGN_OR_RETURN(bool more, r.Next(line, /*skip_records=*/true));
  if (!more) return Status::InvalidArgument(file + " is empty");
  auto key = note::VerifierKey::Parse(line.log_key);
  if (!key.ok()) return key.status().WithContext(r.Where() + ": header log_key");
  return key;
}

Status LoadKept(const Args& a, AuditOptions& opts) {
  for (const std::string& path : a.GetAll("checkpoint")) {
    LEDGER_ASSIGN_OR_RETURN(std::string text, ReadFile(path));
    opts.kept_checkpoints.push_back(std::move(text));
    opts.kept_checkpoint_names.push_back(path);
  }
  return Status::Ok();
}

// --policy on a mode over a whole log: each checkpoint you kept must carry
// the policy's witness quorum. Returns one verdict per kept checkpoint (none
// without --policy); a usage error when --policy has no checkpoint to judge.
Result<std::vector<Verdict>> KeptUnderPolicy(const Args& a, const note::VerifierKey& key,
                                             const std::vector<std::string>& kept) {
  LEDGER_ASSIGN_OR_RETURN(std::optional<PolicyOption> policy,
                          LoadPolicyOption(a.Get("policy"), a.Get("max-age")));
  std::vector<Verdict> verdicts;
  if (!policy) return verdicts;
  if (kept.empty()) {
    return Status::InvalidArgument(
        "--policy judges the checkpoints you kept: give them with --checkpoint");
  }
  for (const std::string& text : kept) {
    Verdict v = CheckCheckpoint(text, key);
    ApplyPolicy(v, text, policy);
    verdicts.push_back(std::move(v));
  }
  return verdicts;
}

// The report, with each kept checkpoint's witness verdict: one that fails
// the policy is a problem of kind witness-policy.
int Report(Result<AuditReport> report, const std::vector<Verdict>& witnessed,
           const std::vector<std::string>& names, CliIo& io) {
  if (!report.ok()) return Fail(io, report.status().message());
  boost::json::array policy;
  std::string facts;
  for (size_t i = 0; i < witnessed.size(); ++i) {
    const Verdict& v = witnessed[i];
    for (const std::string& f : v.facts) facts += "policy: " + names[i] + ": " + f + "\n";
    policy.push_back(boost::json::object{{"checkpoint", names[i]}, {"verdict", v.ToJson()}});
    if (v.ok()) continue;
    ++report->problem_count;
    report->problems.push_back(Problem{kNoSeq, "witness-policy",
                                       "a checkpoint you kept does not meet the witness policy: " +
                                           v.reason,
                                       "", "", names[i]});
  }
  boost::json::object json = report->ToJson();
  if (!witnessed.empty()) json["policy"] = std::move(policy);
  return PrintResult(io, std::move(json), facts + report->ToText(),
                     report->ok() ? kExitVerified : kExitProblems);
}

int RunAudit(const Args& a, CliIo& io, bool ledger_mode) {
  const auto& files = a.positional();
  if (ledger_mode && files.size() != 1) {
    return Fail(io, "give one ledger directory", kExitUsage, "usage");
  }
  if (!ledger_mode && files.empty())
    return Fail(io, "give the export file(s)", kExitUsage, "usage");
  // Before any file is read: a malformed number is a usage error naming the flag.
  auto threads = a.GetUInt("threads", 0, 1024);
  if (!threads.ok()) return Fail(io, threads.status().message(), kExitUsage, "usage");
  auto key = ledger_mode ? KeyOrDefault(a, io, layout::PathIn(files[0], layout::kLogVkeyFile),
                                        [&] { return LedgerDirKey(files[0]); })
                         : KeyOrDefault(a, io, "the export header",
                                        [&] { return ExportHeaderKey(files[0]); });
  if (!key.ok()) return Fail(io, key.status().message());
  AuditOptions opts;
  opts.log_key = *key;
  if (*threads) opts.threads = static_cast<unsigned>(**threads);
  opts.views = !a.Has("no-views");
  if (Status s = LoadKept(a, opts); !s.ok()) return Fail(io, s.message());
  auto witnessed = KeptUnderPolicy(a, *key, opts.kept_checkpoints);
  if (!witnessed.ok()) return Fail(io, witnessed.status().message());
  cli_kit::ProgressBar bar(io.err, io.progress && !a.Has("quiet"));
  opts.progress = [&bar](uint64_t done, uint64_t total) { bar.Update(done, total); };
  auto report = ledger_mode ? AuditLedgerDir(files[0], opts) : AuditExport(files, opts);
  bar.Done();
  return Report(std::move(report), *witnessed, opts.kept_checkpoint_names, io);
}

int RunFindHash(const Args& a, CliIo& io) {
  if (a.positional().empty()) {
    return Fail(io, "give at least one record hash", kExitUsage, "usage");
  }
  std::vector<Hash> hashes;
  for (const std::string& h : a.positional()) {
    auto parsed = ParseRecordHash(h);
    if (!parsed.ok()) return Fail(io, parsed.status().message());
    hashes.push_back(*parsed);
  }
  const bool in_ledger = a.Has("ledger");
  if (in_ledger == a.Has("export")) {
    return Fail(io, "give either --ledger DIR or --export FILE", kExitUsage, "usage");
  }
  const std::vector<std::string> exports = a.GetAll("export");
  const std::string dir = a.Get("ledger").value_or("");
  auto key = in_ledger ? KeyOrDefault(a, io, layout::PathIn(dir, layout::kLogVkeyFile),
                                      [&] { return LedgerDirKey(dir); })
                       : KeyOrDefault(a, io, "the export header",
                                      [&] { return ExportHeaderKey(exports[0]); });
  if (!key.ok()) return Fail(io, key.status().message());
  FindOptions opts{*key};
  if (auto cp = a.Get("checkpoint")) {
    auto text = ReadFile(*cp);
    if (!text.ok()) return Fail(io, text.status().message());
    opts.checkpoint = *text;
    opts.checkpoint_name = *cp;
  }
  // The checkpoint the hashes are found under must carry the policy's quorum.
  std::vector<std::string> kept;
  if (opts.checkpoint) kept.push_back(*opts.checkpoint);
  auto witnessed = KeptUnderPolicy(a, *key, kept);
  if (!witnessed.ok()) return Fail(io, witnessed.status().message());
  if (!witnessed->empty() && !witnessed->front().ok()) {
    return Fail(io, opts.checkpoint_name + " does not meet the witness policy: " +
                        witnessed->front().reason, kExitProblems, "rejected");
  }
  auto report = in_ledger ? FindInLedger(dir, hashes, opts) : FindInExport(exports, hashes, opts);
  if (!report.ok()) return Fail(io, report.status().message(), ExitFor(report.status()));
  return PrintResult(io, report->ToJson(), report->ToText(),
                     report->ok() ? kExitVerified : kExitProblems);
}

int RunViewsDigest(const Args& a, CliIo& io) {
  if (a.positional().size() != 1) return Fail(io, "give one ledger directory");
  auto size = a.GetUInt("size", 0, UINT64_MAX);
  if (!size.ok()) return Fail(io, size.status().message());
  cli_kit::ProgressBar bar(io.err, io.progress && !a.Has("quiet"));
  auto digest = ReplayViewsDigest(a.positional()[0], *size,
                                  [&bar](uint64_t done, uint64_t total) { bar.Update(done, total); });
  bar.Done();
  if (!digest.ok()) return Fail(io, digest.status().message(), ExitFor(digest.status()));
  return PrintResult(io, digest->ToJson(), ViewsDigestText(*digest), kExitVerified);
}

std::vector<FlagSpec> AuditFlags() {
  return {
      LogKeyFlag(),
      CheckpointFlag("a signed checkpoint you kept (repeatable): the records must agree with it"),
      JsonFlag(),
      {"threads", true, "signature-checking threads (default: one per core)"},
      {"no-views", false,
       "skip the replay that re-derives flags and views (quicker; proves neither)"},
      PolicyFlag("every --checkpoint you kept"),
      MaxAgeFlag(),
      {"quiet", false, "no progress bar"}};
}

}  // namespace

std::vector<Mode> AuditModes() {
  return {
      {"ledger", "DIR [--log-key VKEY] [--checkpoint FILE ...] [--json]",
       "full audit of a ledger directory, opened read-only (safe while the server runs)",
       "Checks that every record decodes and re-encodes to the same bytes, every prev_hash\n"
       "link, every leaf hash, every submission signature against the key registry as it\n"
       "stood at that seq (registered, in scope, not revoked), the Merkle root at every\n"
       "stored checkpoint and every --checkpoint you kept, every checkpoint signature, the\n"
       "stored Merkle nodes, the idempotency index, the stored key registry and metadata.\n"
       "Then, unless --no-views, it replays the records through the civil-service rules\n"
       "(as the log's rules.set records set them) in a scratch copy: every record's flags must be the\n"
       "derived ones (flag-mismatch), and every projection database (proj.*, what the views\n"
       "serve) must equal the replay byte for byte, reflecting every record (view-mismatch).\n"
       "Without --log-key it uses DIR/log.vkey and warns: that proves less.\n"
       "On failure it names the first record or checkpoint that differs, what was expected\n"
       "and found, the checkpoint it contradicts, and the number of problems.",
       AuditFlags(), [](const Args& a, CliIo& io) { return RunAudit(a, io, true); }},
      {"export", "FILE ... [--log-key VKEY] [--checkpoint FILE ...] [--json]",
       "the same audit over `ledger export` files (JSON lines), concatenated in order",
       "The evidence is the \"leaf\" bytes and the signed checkpoint lines; each line's\n"
       "readable \"seq\" and \"record\" must say exactly what its leaf holds (else\n"
       "readable-mismatch, naming the field). Lines out of order, repeated or missing are\n"
       "named once, by line. Without --log-key it uses the key in the export header and\n"
       "warns: that proves less. The files must start at seq 0; an empty file is exit 2.\n"
       "Unless --no-views, each record's flags are re-derived by replay (an export\n"
       "carries no views).",
       AuditFlags(), [](const Args& a, CliIo& io) { return RunAudit(a, io, false); }},
      {"find-hash",
       "HASH ... (--ledger DIR | --export FILE ...) [--log-key VKEY] [--checkpoint FILE]",
       "is this record hash in the log, at which seq, with its inclusion proof",
       "HASH is a record hash (SHA-256 of the record bytes; \"record_hash\" in `ledger show`),\n"
       "as 64 hex digits or base64. The inclusion proof (FORMAT.md 7.1 JSON) is computed from\n"
       "the records themselves and verified against the latest signed checkpoint, or the one\n"
       "given with --checkpoint. Exit 1 if a hash is not found or its proof fails.",
       {LogKeyFlag(),
        {"ledger", true, "a ledger directory to search"},
        {"export", true, "an export file to search (repeatable, in order)"},
        CheckpointFlag("prove against this signed checkpoint instead of the latest"),
        PolicyFlag("the --checkpoint"), MaxAgeFlag(), JsonFlag()},
       RunFindHash},
      {"views-digest", "DIR [--size N] [--json]",
       "the digest of every view at size N, derived by replaying records [0, N)",
       "Replays records [0, N) of the ledger in DIR (read-only; N defaults to its size, and\n"
       "may not exceed it) through the civil-service rules in a scratch copy and prints the\n"
       "SHA-256 of each projection database and the overall digest (docs/VERIFY.md, \"View\n"
       "digests\"): compare it with GET /v1/views/digest?size=N, or with a copy's. It does\n"
       "not audit the records; `ledger-verify ledger` does.",
       {{"size", true, "the number of records the views reflect (default: the ledger's size)"},
        JsonFlag(),
        {"quiet", false, "no progress bar"}},
       RunViewsDigest},
  };
}

}  // namespace ledger::verify::cli
