// ledger-verify offline modes: `checkpoint`, `inclusion`, `consistency` and
// `proof` (a c2sp tlog-proof bundle). No ledger is needed: only the files a
// person kept and the log's verifier key.
#include <boost/json.hpp>

#include "cli_internal.h"
#include "ledger/file_io.h"
#include "verifier/offline.h"
#include "verifier/policy_verdict.h"

namespace ledger::verify::cli {
namespace {

int Print(const Verdict& v, CliIo& io) {
  return PrintResult(io, v.ToJson(), v.ToText(), static_cast<int>(v.outcome));
}

// The one positional file of a mode, read whole.
Result<std::string> OneFile(const Args& a, const std::string& what) {
  if (a.positional().size() != 1) return Status::InvalidArgument("give one " + what + " file");
  return ReadFile(a.positional()[0]);
}

// --checkpoint KEPT [--consistency FILE]: what ties a proof to a kept checkpoint.
Result<std::optional<KeptCheckpoint>> Kept(const Args& a) {
  auto path = a.Get("checkpoint");
  if (!path) {
    if (a.Has("consistency")) {
      return Status::InvalidArgument("--consistency needs --checkpoint (the one you kept)");
    }
    return std::optional<KeptCheckpoint>();
  }
  KeptCheckpoint k;
  LEDGER_ASSIGN_OR_RETURN(k.text, ReadFile(*path));
  k.name = *path;
  if (auto c = a.Get("consistency")) {
    LEDGER_ASSIGN_OR_RETURN(std::string text, ReadFile(*c));
    k.consistency = std::move(text);
  }
  return std::optional<KeptCheckpoint>(std::move(k));
}

// --policy FILE [--max-age DURATION] (docs/WITNESS.md): the log key may come
// from the policy, and the checkpoint must carry the policy's witness quorum.
Result<std::optional<PolicyOption>> PolicyFlags(const Args& a) {
  return LoadPolicyOption(a.Get("policy"), a.Get("max-age"));
}
Result<note::VerifierKey> KeyFor(const Args& a, const std::optional<PolicyOption>& policy,
                                 std::string_view checkpoint) {
  return policy && !a.Has("log-key") ? PolicyLogKey(*policy, checkpoint) : RequiredLogKey(a);
}

int RunCheckpoint(const Args& a, CliIo& io) {
  auto policy = PolicyFlags(a);
  if (!policy.ok()) return Fail(io, policy.status().message());
  auto text = OneFile(a, "checkpoint");
  if (!text.ok()) return Fail(io, text.status().message());
  auto key = KeyFor(a, *policy, *text);
  if (!key.ok()) return Fail(io, key.status().message());
  Verdict v = CheckCheckpoint(*text, *key);
  ApplyPolicy(v, *text, *policy);
  return Print(v, io);
}

int RunInclusion(const Args& a, CliIo& io) {
  auto policy = PolicyFlags(a);
  if (!policy.ok()) return Fail(io, policy.status().message());
  auto text = OneFile(a, "inclusion proof");
  if (!text.ok()) return Fail(io, text.status().message());
  auto proof = ParseInclusionJson(*text);
  if (!proof.ok()) return Fail(io, a.positional()[0] + ": " + proof.status().message());
  auto key = KeyFor(a, *policy, proof->checkpoint);
  if (!key.ok()) return Fail(io, key.status().message());
  auto kept = Kept(a);
  if (!kept.ok()) return Fail(io, kept.status().message());
  Verdict v = CheckInclusion(*proof, *key, *kept);
  ApplyPolicy(v, proof->checkpoint, *policy);
  return Print(v, io);
}

int RunProof(const Args& a, CliIo& io) {
  auto policy = PolicyFlags(a);
  if (!policy.ok()) return Fail(io, policy.status().message());
  auto text = OneFile(a, "tlog-proof");
  if (!text.ok()) return Fail(io, text.status().message());
  auto proof = ParseTlogProof(*text);
  if (!proof.ok()) return Fail(io, a.positional()[0] + ": " + proof.status().message());
  auto key = KeyFor(a, *policy, proof->checkpoint);
  if (!key.ok()) return Fail(io, key.status().message());
  auto kept = Kept(a);
  if (!kept.ok()) return Fail(io, kept.status().message());
  Verdict v = CheckTlogProof(*proof, *key, *kept);
  ApplyPolicy(v, proof->checkpoint, *policy);
  return Print(v, io);
}

int RunConsistency(const Args& a, CliIo& io) {
  auto policy = PolicyFlags(a);
  if (!policy.ok()) return Fail(io, policy.status().message());
  auto text = OneFile(a, "consistency proof");
  if (!text.ok()) return Fail(io, text.status().message());
  auto proof = ParseConsistencyJson(*text);
  if (!proof.ok()) return Fail(io, a.positional()[0] + ": " + proof.status().message());
  std::vector<std::string> checkpoints;
  for (const char* flag : {"old", "new", "checkpoint"}) {
    for (const std::string& path : a.GetAll(flag)) {
      auto cp = ReadFile(path);
      if (!cp.ok()) return Fail(io, cp.status().message());
      checkpoints.push_back(std::move(cp).value());
    }
  }
  auto key = KeyFor(a, *policy, checkpoints.empty() ? std::string_view() : checkpoints.back());
  if (!key.ok()) return Fail(io, key.status().message());
  Verdict v = CheckConsistency(*proof, checkpoints, *key);
  // The witnesses vouch for the newer tree: that is the one shown to people
  // now (the older one was checked when it was kept, and its cosignatures may
  // rightly be older than --max-age).
  if (policy->has_value() && v.ok()) {
    for (const std::string& cp : checkpoints) {
      auto opened = note::OpenCheckpoint(cp, *key);
      if (opened.ok() && opened->size == proof->new_size) {
        ApplyPolicy(v, cp, *policy);
        break;
      }
    }
  }
  return Print(v, io);
}

const char* kKeptHelp =
    "With --checkpoint KEPT (a checkpoint you kept earlier) the proof's checkpoint must be\n"
    "the same tree, or --consistency CONS.json (from `ledger prove consistency --old M\n"
    "--new N`) must prove that the larger tree extends the smaller: then nothing the kept\n"
    "checkpoint covers has changed since.";

}  // namespace

std::vector<Mode> OfflineModes() {
  const FlagSpec kept = CheckpointFlag("a checkpoint you kept, to tie the proof to");
  const FlagSpec cons{"consistency", true, "consistency proof (JSON) between KEPT and the proof's"};
  const FlagSpec policy = PolicyFlag("the checkpoint (it also gives the log key: no --log-key needed)");
  const FlagSpec max_age = MaxAgeFlag();
  return {
      {"checkpoint",
       "FILE --log-key VKEY [--json]",
       "check a signed checkpoint (C2SP signed note) against the log's key",
       "Verifies the Ed25519 signature line of the log's key and that the origin is the\n"
       "key's name; prints the size and root it commits to.",
       {LogKeyFlag(), policy, max_age, JsonFlag()},
       RunCheckpoint},
      {"inclusion",
       "PROOF.json --log-key VKEY [--checkpoint KEPT [--consistency CONS.json]]",
       "check an inclusion proof (JSON, FORMAT.md 7.1) against its signed checkpoint",
       std::string(
           "Checks the proof's checkpoint signature, that tree_size is its size, that\n"
           "leaf_hash = SHA-256(0x00 || leaf) when the record bytes are included (and\n"
           "shows the record), and that the hashes lead from the leaf to the root.\n"
           "A \"signer\" part (FORMAT.md 7.3) names who signed, from signed data only: the\n"
           "records that registered the signing key must be in the same tree and register\n"
           "exactly that key; revocation since then is not checked (it needs the records\n"
           "since). A signer part that does not hold is a rejection (exit 1).\n") +
           kKeptHelp,
       {LogKeyFlag(), kept, cons, policy, max_age, JsonFlag()},
       RunInclusion},
      {"consistency",
       "PROOF.json (--log-key VKEY | --policy FILE) --checkpoint OLD --checkpoint NEW",
       "check a consistency proof (JSON, FORMAT.md 7.1) between two signed checkpoints",
       "The checkpoints may come in any order (or as --old FILE --new FILE); their sizes must\n"
       "be the proof's old_size and new_size (none is needed for old_size 0). A forged or\n"
       "wrong proof is rejected with exit 1. With --policy the checkpoint for new_size must\n"
       "also carry the policy's witness quorum (within --max-age).",
       {LogKeyFlag(),
        CheckpointFlag("a signed checkpoint for old_size or new_size (twice)"),
        {"old", true, "the checkpoint for old_size"},
        {"new", true, "the checkpoint for new_size"},
        policy,
        max_age,
        JsonFlag()},
       RunConsistency},
      {"proof",
       "FILE.tlog-proof --log-key VKEY [--checkpoint KEPT [--consistency CONS.json]]",
       "check a c2sp.org/tlog-proof@v1 bundle (`ledger prove inclusion --format tlog-proof`)",
       std::string("The bundle holds the record bytes (extra line), its index, the proof hashes\n"
                   "and the signed checkpoint; all are checked as for `inclusion`, and so is the\n"
                   "signer part when the bundle carries one.\n") +
           kKeptHelp,
       {LogKeyFlag(), kept, cons, policy, max_age, JsonFlag()},
       RunProof},
  };
}

}  // namespace ledger::verify::cli
