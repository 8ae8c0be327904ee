// ledger-verify: mode dispatch, --help texts, and the helpers the modes
// share (key loading, exit codes); the parser, help layout and the boundary
// that turns any exception into an error are the kit's (tools/cli_kit).
#include <algorithm>
#include <boost/json.hpp>

#include "cli_internal.h"
#include "cli_kit/guard.h"
#include "cli_kit/help.h"
#include "ledger/file_io.h"

namespace ledger::verify {
namespace cli {

FlagSpec LogKeyFlag() {
  return {"log-key", true,
          "the log's verifier key (name+id+key), or a file holding it; get it from a source you "
          "trust, not from the copy you check"};
}
FlagSpec JsonFlag() { return {"json", false, "print the result as one JSON document"}; }
FlagSpec CheckpointFlag(const std::string& help) { return {"checkpoint", true, help}; }
FlagSpec PolicyFlag(const std::string& what) {
  return {"policy", true,
          "a tlog-policy file (docs/WITNESS.md): the witness quorum " + what + " must carry"};
}
FlagSpec MaxAgeFlag() {
  return {"max-age", true, "with --policy: only cosignatures newer than this count, e.g. 36h or 7d"};
}

int Fail(CliIo& io, const std::string& message, int code, std::string_view kind) {
  io.err << "ledger-verify: " << message << "\n";
  if (io.json) {
    io.out << boost::json::serialize(cli_kit::ErrorJson(
                  kind.empty() ? cli_kit::ErrorKindFor(code) : kind, message, code))
           << "\n";
  }
  return code;
}

int PrintResult(CliIo& io, boost::json::object json, const std::string& text, int code) {
  if (io.json) {
    json["exit"] = code;
    io.out << boost::json::serialize(json) << "\n";
  } else {
    io.out << text;
  }
  return code;
}

int ExitFor(const Status& s) { return cli_kit::ExitCodeFor(s, kExitUsage); }

Result<note::VerifierKey> LoadLogKey(const std::string& key_or_path) {
  auto direct = note::VerifierKey::Parse(key_or_path);
  if (direct.ok()) return direct;
  auto text = ReadFile(key_or_path);
  if (!text.ok()) {
    return Status::InvalidArgument("--log-key: \"" + key_or_path +
                                   "\" is neither a verifier key (" + direct.status().message() +
                                   ") nor a readable file");
  }
  std::string line = text->substr(0, text->find('\n'));
  if (!line.empty() && line.back() == '\r') line.pop_back();
  auto key = note::VerifierKey::Parse(line);
  if (!key.ok()) return key.status().WithContext("--log-key " + key_or_path);
  return key;
}

Result<note::VerifierKey> RequiredLogKey(const Args& a) {
  auto k = a.Get("log-key");
  if (!k) return Status::InvalidArgument("--log-key is required");
  return LoadLogKey(*k);
}

namespace {

const char* kToolHelp =
    "ledger-verify: the standalone auditor of the civil-service ledger.\n"
    "It re-derives every record hash, signature, key-registry decision, Merkle node and\n"
    "checkpoint from the bytes, opens ledgers read-only, and checks proofs offline.\n"
    "\n"
    "usage: ledger-verify MODE [ARGS] [--json]      ledger-verify MODE --help\n"
    "\n"
    "modes:\n";

const char* kExitHelp =
    "\nexit codes: 0 verified; 1 tampering, an inconsistency, or a rejected proof;\n"
    "            2 usage error or unreadable input.\n"
    "Walkthrough and formats: docs/VERIFY.md.\n";

std::vector<Mode> AllModes() {
  std::vector<Mode> all = AuditModes();
  for (Mode& m : OfflineModes()) all.push_back(std::move(m));
  return all;
}

void PrintToolHelp(std::ostream& out) {
  out << kToolHelp;
  for (const Mode& m : AllModes()) {
    std::string head = "  " + m.name + " " + m.usage;
    out << head << "\n      " << m.summary << "\n";
  }
  out << kExitHelp;
}

void PrintModeHelp(const Mode& m, std::ostream& out) {
  out << "usage: ledger-verify " << m.name << " " << m.usage << "\n\n" << m.summary << "\n";
  if (!m.details.empty()) out << "\n" << m.details << "\n";
  out << "\nflags:\n";
  std::vector<cli_kit::HelpRow> rows = cli_kit::FlagRows(m.flags);
  rows.push_back({"--help", "this text"});
  out << cli_kit::HelpRows(rows, cli_kit::AlignedColumn(rows)) << kExitHelp;
}

}  // namespace
}  // namespace cli

namespace {

int RunMode(const std::vector<std::string>& args, CliIo& io) {
  using namespace cli;
  if (args.empty() || args[0] == "--help" || args[0] == "-h" || args[0] == "help") {
    if (args.size() >= 2) {
      for (const Mode& m : AllModes()) {
        if (m.name == args[1]) {
          PrintModeHelp(m, io.out);
          return kExitVerified;
        }
      }
    }
    PrintToolHelp(args.empty() ? io.err : io.out);
    return args.empty() ? kExitUsage : kExitVerified;
  }
  for (const Mode& m : AllModes()) {
    if (m.name != args[0]) continue;
    if (std::find(args.begin(), args.end(), "--help") != args.end() ||
        std::find(args.begin(), args.end(), "-h") != args.end()) {
      PrintModeHelp(m, io.out);
      return kExitVerified;
    }
    auto parsed = Args::Parse({args.begin() + 1, args.end()}, m.flags);
    if (!parsed.ok()) {
      return Fail(io, parsed.status().message() + " (see ledger-verify " + m.name + " --help)",
                  kExitUsage, "usage");
    }
    return m.run(*parsed, io);
  }
  return Fail(io, "unknown mode \"" + args[0] + "\" (see ledger-verify --help)", kExitUsage,
              "usage");
}

// --json anywhere before "--": errors found before the flags are parsed
// (an unknown mode or flag) are answered in JSON too.
bool WantsJson(const std::vector<std::string>& args) {
  for (const std::string& a : args) {
    if (a == "--") return false;
    if (a == "--json") return true;
  }
  return false;
}

}  // namespace

int RunVerifyCli(const std::vector<std::string>& args, CliIo io) {
  // No 3 for ledger-verify: a check that could not be completed is a 2.
  io.json = WantsJson(args);
  return cli_kit::RunGuarded(
      "ledger-verify", io.err, kExitUsage, [&] { return RunMode(args, io); },
      [&](const std::string& what) {
        if (io.json) {
          io.out << boost::json::serialize(cli_kit::ErrorJson("internal", what, kExitUsage))
                 << "\n";
        }
      });
}

}  // namespace ledger::verify
