// Shared pieces of the ledger-verify command line: modes and their flags, a
// small argument parser, log-key loading and the progress bar. Internal.
#ifndef VERIFIER_CLI_INTERNAL_H_
#define VERIFIER_CLI_INTERNAL_H_

#include <chrono>
#include <functional>
#include <map>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "ledger/note.h"
#include "ledger/status.h"
#include "verify_cli.h"

namespace ledger::verify::cli {

struct Flag {
  std::string name;  // without "--"
  bool takes_value = true;
  std::string help;
};

class ParsedArgs {
 public:
  std::vector<std::string> positional;
  std::map<std::string, std::vector<std::string>> values;  // switches hold one ""

  bool Has(const std::string& name) const { return values.contains(name); }
  std::optional<std::string> Get(const std::string& name) const;  // the last one given
  std::vector<std::string> GetAll(const std::string& name) const;
};

struct Mode {
  std::string name;
  std::string usage;    // after "ledger-verify NAME"
  std::string summary;  // one line
  std::string details;  // paragraphs for --help
  std::vector<Flag> flags;
  std::function<int(const ParsedArgs&, CliIo&)> run;
};

std::vector<Mode> AuditModes();    // ledger, export, find-hash
std::vector<Mode> OfflineModes();  // checkpoint, inclusion, consistency, proof

// Flags several modes share.
Flag LogKeyFlag();
Flag JsonFlag();
Flag CheckpointFlag(const std::string& help);

// Prints "ledger-verify: <message>" and returns the exit code (2 by default).
int Fail(CliIo& io, const std::string& message, int code = kExitUsage);
// Exit code for a Status from reading input: DataLoss and PermissionDenied
// mean the evidence contradicts itself (1), anything else is unusable input (2).
int ExitFor(const Status& s);

Result<std::string> ReadFileText(const std::string& path);
// A verifier key string, or the path of a file whose first line is one.
Result<note::VerifierKey> LoadLogKey(const std::string& key_or_path);
// --log-key, which these modes require.
Result<note::VerifierKey> RequiredLogKey(const ParsedArgs& a);

// Draws "[#####-----]  48%  480,000/1,000,000 records  31,204/s  ETA 0:17"
// on a terminal, at most ten times a second; nothing when disabled.
class ProgressBar {
 public:
  ProgressBar(std::ostream& err, bool enabled) : err_(err), enabled_(enabled) {}
  ~ProgressBar() { Done(); }
  void Update(uint64_t done, uint64_t total);
  void Done();  // erases the bar

 private:
  std::ostream& err_;
  bool enabled_;
  bool drawn_ = false;
  std::chrono::steady_clock::time_point start_ = std::chrono::steady_clock::now(), last_{};
};

}  // namespace ledger::verify::cli

#endif  // VERIFIER_CLI_INTERNAL_H_
