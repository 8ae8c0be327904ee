// `ledger mirror`: keeps a verified replica of a remote log in a directory
// (api/mirror.h), once or, with --follow, until SIGINT/SIGTERM. The replica
// is a ledger directory that `ledger serve --read-only` and `ledger-verify
// ledger` take as they are.

#include <boost/json.hpp>
#include <csignal>
#include <ctime>
#include <filesystem>

#include "api/mirror.h"
#include "cli.h"
#include "ledger/file_io.h"
#include "ledger/layout.h"
#include "ledger/record.h"
#include "projections/civil_ledger.h"

namespace ledger::cli {
namespace json = boost::json;
namespace fs = std::filesystem;

namespace {

// A verifier key, or the name of a file whose first line is one.
Result<note::VerifierKey> ReadLogKey(const std::string& text) {
  auto key = note::VerifierKey::Parse(text);
  if (key.ok()) return key;
  auto file = ReadFile(text);
  if (!file.ok()) return key.status().WithContext("--log-key");
  key = note::VerifierKey::Parse(file->substr(0, file->find('\n')));
  if (!key.ok()) return key.status().WithContext(text);
  return key;
}

Result<api::MirrorOptions> ReadMirrorOptions(const Args& a, const std::string& dir) {
  api::MirrorOptions o;
  o.evidence_dir = (fs::path(dir) / "evidence").string();
  LEDGER_ASSIGN_OR_RETURN(auto batch, a.GetUInt("batch", 1, 1'000'000));
  if (batch) o.batch_records = *batch;
  for (const std::string& w : a.GetAll("witness")) {
    std::string text = w;
    if (auto file = ReadFile(w); file.ok()) text = file->substr(0, file->find('\n'));
    auto key = cosig::CosignerKey::Parse(text);
    if (!key.ok()) return key.status().WithContext("--witness " + w);
    o.witnesses.push_back(*key);
  }
  LEDGER_ASSIGN_OR_RETURN(auto quorum, a.GetUInt("witness-quorum", 1, o.witnesses.size()));
  if (quorum && o.witnesses.empty()) {
    return Status::InvalidArgument("--witness-quorum needs --witness");
  }
  o.witness_quorum = quorum.value_or(o.witnesses.size());
  return o;
}

// The replica in `dir`: opened, or created when the directory holds none.
Result<std::unique_ptr<Ledger>> OpenReplica(const std::string& dir,
                                            const note::VerifierKey& key) {
  std::error_code ec;
  const bool exists = fs::exists(layout::PathIn(dir, layout::kDataFile), ec);
  if (!exists && (fs::exists(fs::path(dir) / "checkpoint", ec) || fs::exists(fs::path(dir) / "tile", ec))) {
    return Status::FailedPrecondition(
        dir + " holds a tiles-only mirror made by an earlier `ledger mirror`; the mirror now "
              "keeps a ledger replica. Mirror into a new directory (then remove this one); "
              "`ledger tiles export --dir REPLICA OUT` writes static tiles from a replica");
  }
  LEDGER_ASSIGN_OR_RETURN(auto civil, projections::MakeCivilLedgerOptions(dir, false));
  civil.ledger.progress = TerminalProgress();
  if (!exists) return Ledger::CreateReplica(dir, key, civil.ledger);
  LEDGER_ASSIGN_OR_RETURN(auto replica, Ledger::Open(dir, civil.ledger));
  if (!replica->IsReplica()) {
    return Status::FailedPrecondition(dir + " holds a log's own ledger, not a replica: mirror "
                                            "into a new directory");
  }
  if (replica->log_key().ToString() != key.ToString()) {
    return Status::FailedPrecondition(dir + " is a replica of " + replica->log_key().ToString() +
                                      ", not of " + key.ToString());
  }
  return replica;
}

json::object StatsJson(const std::string& dir, const api::MirrorStats& st) {
  return json::object{{"dir", dir},
                      {"old_size", st.old_size},
                      {"size", st.new_size},
                      {"bundles_fetched", st.bundles_fetched},
                      {"batches", st.batches}};
}

std::string Now() { return FormatUtcSeconds(std::time(nullptr)); }

// Rounds every `interval` until SIGINT/SIGTERM. A remote that cannot be
// reached, or whose checkpoint is short of the witness quorum (witnesses
// may be slow), is retried at the next round; an inconsistency ends the run.
int Follow(const std::string& url, const std::string& dir, Ledger& replica,
           const api::MirrorOptions& options, std::chrono::seconds interval, Io& io) {
  const StopSignalsBlocked blocked;
  for (;;) {
    auto st = api::MirrorOnce(url, replica, options);
    if (st.ok()) {
      io.err << "ledger: mirror " << Now() << ": size " << st->old_size << " -> " << st->new_size
             << " (" << st->batches << " batches, " << st->bundles_fetched << " bundles)\n"
             << std::flush;
    } else if (st.status().code() == Code::kUnavailable ||
               st.status().code() == Code::kPermissionDenied) {
      io.err << "ledger: mirror " << Now() << ": " << st.status().message()
             << "; retrying in " << interval.count() << " s\n"
             << std::flush;
    } else {
      return Fail(io, st.status());
    }
    timespec wait{static_cast<time_t>(interval.count()), 0};
    int sig = sigtimedwait(blocked.signals(), nullptr, &wait);
    if (sig > 0) {
      io.err << "ledger: mirror stopped; replica size " << replica.Size() << "\n";
      PrintJsonLine(io, json::object{{"dir", dir}, {"size", replica.Size()}});
      return kExitOk;
    }
  }
}

int Mirror(const Args& a, Io& io) {
  if (a.positional().size() != 1) return Fail(io, Status::InvalidArgument("give the log's URL"));
  auto dir = a.Require("dir");
  if (!dir.ok()) return Fail(io, dir.status());
  auto key_text = a.Require("log-key");
  if (!key_text.ok()) return Fail(io, key_text.status());
  auto key = ReadLogKey(*key_text);
  if (!key.ok()) return Fail(io, key.status());
  auto options = ReadMirrorOptions(a, *dir);
  if (!options.ok()) return Fail(io, options.status());
  auto interval = a.GetUInt("interval", 1, 86400);
  if (!interval.ok()) return Fail(io, interval.status());
  if (*interval && !a.Has("follow")) {
    return Fail(io, Status::InvalidArgument("--interval needs --follow"));
  }
  auto replica = OpenReplica(*dir, *key);
  if (!replica.ok()) return Fail(io, replica.status());
  if (a.Has("follow")) {
    return Follow(a.positional()[0], *dir, **replica, *options,
                  std::chrono::seconds(interval->value_or(30)), io);
  }
  auto st = api::MirrorOnce(a.positional()[0], **replica, *options);
  if (!st.ok()) return Fail(io, st.status());
  PrintJsonLine(io, StatsJson(*dir, *st));
  return kExitOk;
}

}  // namespace

std::vector<Command> MirrorCommands() {
  return {{"mirror",
           "keep a verified replica of a remote log (servable with serve --read-only)",
           "http://HOST[:PORT][/PREFIX]",
           {{"dir", true, "the replica's directory (created on the first run)"},
            {"log-key", true, "the log's verifier key, or a file holding it"},
            {"follow", false, "keep tailing the log until SIGINT/SIGTERM"},
            {"interval", true, "seconds between rounds with --follow (default 30)"},
            {"batch", true, "records per import transaction (default 16384)"},
            {"witness", true,
             "a witness's cosigner key (or a file holding it) whose cosignature counts "
             "(repeatable)"},
            {"witness-quorum", true, "cosignatures the checkpoint needs (default: all --witness)"}},
           Mirror}};
}

}  // namespace ledger::cli
