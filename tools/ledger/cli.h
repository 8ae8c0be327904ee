// The `ledger` command-line tool: git-style subcommands over the store, the
// key registry, proofs and the verifier. RunCli is the whole tool, callable
// from tests without a process; main.cc only forwards argv and streams.
#ifndef LEDGER_CLI_CLI_H_
#define LEDGER_CLI_CLI_H_

#include <signal.h>

#include <boost/json/fwd.hpp>
#include <functional>
#include <iosfwd>
#include <memory>
#include <string>
#include <vector>

#include "cli_kit/exit_codes.h"
#include "cli_kit/flags.h"
#include "ledger/rejection_journal.h"
#include "ledger/status.h"
#include "ledger/store.h"

namespace ledger::cli {

using cli_kit::Args;
using cli_kit::FlagSpec;

// Exit codes, documented in `ledger --help` and the README: all four of the kit's.
using cli_kit::kExitFailure;  // the ledger could not be opened, read or written
using cli_kit::kExitOk;
using cli_kit::kExitRejected;  // an event was rejected, or a check failed
using cli_kit::kExitUsage;     // bad flags or malformed input; nothing was changed

struct Io {
  std::istream& in;
  std::ostream& out;
  std::ostream& err;
  // The command takes --json and it was given: errors too are one JSON
  // object on `out` (cli_kit::ErrorJson). Set by RunCli.
  bool json = false;
};

struct Command {
  std::string name;  // "append", "key register", ...
  std::string summary;
  std::string usage;  // positional part, e.g. "[FILE|-]"
  std::vector<FlagSpec> flags;
  std::function<int(const Args&, Io&)> run;
};

// Never throws: an exception escaping a command is reported as an internal
// error (exit 3) at the kit's boundary (cli_kit/guard.h).
int RunCli(const std::vector<std::string>& args, Io io);

// Command tables, one per source file.
std::vector<Command> KeyCommands();
std::vector<Command> LogCommands();
std::vector<Command> ProofCommands();
std::vector<Command> QueryCommands();
std::vector<Command> DemoCommands();
std::vector<Command> ServeCommands();
std::vector<Command> WitnessCommands();  // witness keygen|vkey|serve, tiles export
std::vector<Command> RulesCommands();    // rules show|set
std::vector<Command> MirrorCommands();
std::vector<Command> RejectionCommands();  // rejections
std::vector<Command> PersonCommands();     // person-commitment
std::vector<Command> OpenDataCommands();   // export-open

// ---- helpers shared by the command files ----
std::string DefaultDir();  // $LEDGER_DIR or ./data/ledger
FlagSpec DirFlag();
// Prints "ledger: <message>" (and with --json the error object on stdout)
// and returns the exit code that fits the status.
int Fail(Io& io, const Status& s);
// On stderr, when an event is refused for several reasons (every rule it
// breaks): "ledger: event N is refused for K reasons:" and a numbered list.
void PrintReasons(Io& io, size_t event, const std::vector<Status>& reasons);
// Opens the ledger in --dir (or the default). Every failure to open it (no
// ledger there, a damaged file, LMDB's refusal, the writer's lock) is
// cli_kit::CannotOpenLedger: exit 3.
Result<std::unique_ptr<Ledger>> OpenLedger(const Args& args, bool read_only);
Result<std::unique_ptr<Ledger>> OpenLedgerAt(const std::string& dir, LedgerOptions options);
// A read-write open of a replica (`ledger mirror`) is refused: this status.
Status ReplicaRefusal(const std::string& dir, const Ledger& ledger);
// SIGINT and SIGTERM blocked in this thread for the object's life, and so in
// every thread started meanwhile: the long-running commands (serve, witness
// serve, mirror --follow) see them only where they wait for them.
class StopSignalsBlocked {
 public:
  StopSignalsBlocked();
  ~StopSignalsBlocked();
  StopSignalsBlocked(const StopSignalsBlocked&) = delete;
  StopSignalsBlocked& operator=(const StopSignalsBlocked&) = delete;
  const sigset_t* signals() const { return &stop_; }

 private:
  sigset_t stop_, old_;
};
// Projection replay progress on stderr when it is a terminal (else null).
std::function<void(uint64_t, uint64_t)> TerminalProgress();
void PrintJsonLine(Io& io, const boost::json::value& v);
Result<SigningKey> LoadSigningKey(const std::string& path);
// A PEM public key file, a PEM private key file (its public half), or base64 of 32 bytes.
Result<PublicKey> LoadPublicKey(const std::string& path_or_base64);
Status WriteNewFile(const std::string& path, const std::string& data, unsigned mode, bool force);
std::string RandomClientId();
// The rejection journal (cmd_rejections.cc): --rejections-keep and
// --rejections-days, what they ask for, and recording refused events in the
// journal of `dir` (a trouble with the journal is a warning, never a failure).
std::vector<FlagSpec> RejectionFlags();
Result<RejectionRetention> ReadRetention(const Args& a);
void JournalRejections(const std::string& dir, const RejectionRetention& retention, Io& io,
                       std::span<const Rejection> entries);
// `ledger append --dry-run` on the events in `text` (cmd_dry_run.cc).
int AppendDryRun(const Args& a, Io& io, std::string_view text);

}  // namespace ledger::cli

#endif  // LEDGER_CLI_CLI_H_
