// Shared pieces of the ledger-verify command line: modes and their flags,
// log-key loading and exit codes. Flags, help layout and the progress bar
// come from the command-line kit (tools/cli_kit). Internal.
#ifndef VERIFIER_CLI_INTERNAL_H_
#define VERIFIER_CLI_INTERNAL_H_

#include <boost/json/object.hpp>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "cli_kit/flags.h"
#include "ledger/note.h"
#include "ledger/status.h"
#include "verify_cli.h"

namespace ledger::verify::cli {

using cli_kit::Args;
using cli_kit::FlagSpec;

struct Mode {
  std::string name;
  std::string usage;    // after "ledger-verify NAME"
  std::string summary;  // one line
  std::string details;  // paragraphs for --help
  std::vector<FlagSpec> flags;
  std::function<int(const Args&, CliIo&)> run;
};

std::vector<Mode> AuditModes();    // ledger, export, find-hash
std::vector<Mode> OfflineModes();  // checkpoint, inclusion, consistency, proof

// Flags several modes share.
FlagSpec LogKeyFlag();
FlagSpec JsonFlag();
FlagSpec CheckpointFlag(const std::string& help);
// --policy FILE and --max-age DURATION (docs/WITNESS.md); `what`: which
// checkpoints must carry the policy's witness quorum.
FlagSpec PolicyFlag(const std::string& what);
FlagSpec MaxAgeFlag();

// Prints "ledger-verify: <message>" on stderr (and with --json the error
// object, cli_kit::ErrorJson, on stdout) and returns the exit code (2 by
// default). `kind`: "usage" for flags and arguments; empty for the code's
// kind ("input" for 2, "rejected" for 1).
int Fail(CliIo& io, const std::string& message, int code = kExitUsage, std::string_view kind = {});
// Prints a report (with --json: `json` plus "exit") and returns `code`.
int PrintResult(CliIo& io, boost::json::object json, const std::string& text, int code);
// Exit code for a Status from reading input: DataLoss and PermissionDenied
// mean the evidence contradicts itself (1), anything else is unusable input (2).
int ExitFor(const Status& s);

// A verifier key string, or the path of a file whose first line is one.
Result<note::VerifierKey> LoadLogKey(const std::string& key_or_path);
// --log-key, which these modes require.
Result<note::VerifierKey> RequiredLogKey(const Args& a);

}  // namespace ledger::verify::cli

#endif  // VERIFIER_CLI_INTERNAL_H_
