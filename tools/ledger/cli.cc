// Subcommand dispatch, help text and helpers shared by the command files.
#include "cli.h"

#include <pthread.h>
#include <unistd.h>

#include <algorithm>
#include <boost/json.hpp>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <sstream>

#include "cli_kit/guard.h"
#include "cli_kit/help.h"
#include "cli_kit/progress.h"
#include "ledger/file_io.h"
#include "ledger/key_files.h"
#include "projections/civil_ledger.h"

namespace ledger::cli {
namespace json = boost::json;

namespace {

// Where the descriptions start in `ledger --help` and `ledger CMD --help`.
constexpr size_t kCommandColumn = 24;
constexpr size_t kFlagColumn = 28;

std::vector<Command> AllCommands() {
  std::vector<Command> all;
  for (auto table :
       {KeyCommands, LogCommands, ProofCommands, QueryCommands, DemoCommands, ServeCommands,
        WitnessCommands, RulesCommands, MirrorCommands, RejectionCommands, PersonCommands,
        OpenDataCommands}) {
    for (auto& c : table()) all.push_back(std::move(c));
  }
  return all;
}

void PrintMainHelp(std::ostream& out) {
  out << "ledger: the civil-service appointment and accountability ledger\n\n"
         "Usage: ledger <command> [flags] [args]\n\nCommands:\n";
  std::vector<cli_kit::HelpRow> rows;
  for (const auto& c : AllCommands()) rows.push_back({c.name, c.summary});
  out << cli_kit::HelpRows(rows, kCommandColumn);
  out << "\n'ledger <command> --help' describes a command's flags.\n"
         "The ledger directory is --dir, else $LEDGER_DIR, else ./data/ledger.\n\n"
         "Exit codes: 0 success; 1 an event was rejected or a check failed;\n"
         "2 bad flags or malformed input (nothing changed); 3 the ledger could not be\n"
         "opened, read or written.\n";
}

// A command on a ledger directory that still holds a rules.json says, once,
// that the file is ignored (the rules come from the log).
void WarnOfRulesFile(const Command& command, const Args& args, Io& io) {
  const bool takes_dir = std::any_of(command.flags.begin(), command.flags.end(),
                                     [](const FlagSpec& f) { return f.name == "dir"; });
  if (!takes_dir) return;
  std::string dir = args.GetOr("dir", DefaultDir());
  if (command.usage == "[DIR]" && !args.positional().empty()) dir = args.positional()[0];
  if (auto warning = projections::IgnoredRulesFileWarning(dir)) {
    io.err << "ledger: warning: " << *warning << "\n";
  }
}

int RunCommand(const std::vector<std::string>& args, Io& io) {
  if (args.empty() || args[0] == "--help" || args[0] == "-h" || args[0] == "help") {
    PrintMainHelp(args.empty() ? io.err : io.out);
    return args.empty() ? kExitUsage : kExitOk;
  }
  if (args[0] == "--version") {
    io.out << "ledger 0.1.0\n";
    return kExitOk;
  }
  std::vector<Command> commands = AllCommands();
  // Longest match first: "key register" before a hypothetical "key".
  const Command* match = nullptr;
  size_t words = 0;
  for (const auto& c : commands) {
    std::istringstream ss(c.name);
    std::vector<std::string> parts;
    for (std::string w; ss >> w;) parts.push_back(w);
    if (parts.size() > args.size() || parts.size() <= words) continue;
    if (std::equal(parts.begin(), parts.end(), args.begin())) {
      match = &c;
      words = parts.size();
    }
  }
  if (!match) {
    io.err << "ledger: unknown command \"" << args[0] << "\" (see 'ledger --help')\n";
    return kExitUsage;
  }
  std::vector<std::string> rest(args.begin() + long(words), args.end());
  std::vector<FlagSpec> flags = match->flags;
  flags.push_back({"help", false, "show this help"});
  const bool takes_json =
      std::any_of(flags.begin(), flags.end(), [](const FlagSpec& f) { return f.name == "json"; });
  io.json = takes_json && std::find(rest.begin(), rest.end(), "--json") != rest.end();
  auto parsed = Args::Parse(rest, flags);
  if (parsed.ok() && parsed->Has("help")) {
    io.out << "Usage: ledger " << match->name << " [flags] " << match->usage << "\n\n"
           << match->summary << "\n\nFlags:\n"
           << cli_kit::HelpRows(cli_kit::FlagRows(flags), kFlagColumn);
    return kExitOk;
  }
  if (!parsed.ok()) {
    const std::string message =
        parsed.status().message() + " (see 'ledger " + match->name + " --help')";
    io.err << "ledger " << match->name << ": " << message << "\n";
    if (io.json) PrintJsonLine(io, cli_kit::ErrorJson("usage", message, kExitUsage));
    return kExitUsage;
  }
  WarnOfRulesFile(*match, *parsed, io);
  return match->run(*parsed, io);
}

}  // namespace

int RunCli(const std::vector<std::string>& args, Io io) {
  return cli_kit::RunGuarded(
      "ledger", io.err, kExitFailure, [&] { return RunCommand(args, io); },
      [&](const std::string& what) {
        if (io.json) PrintJsonLine(io, cli_kit::ErrorJson("internal", what, kExitFailure));
      });
}

std::string DefaultDir() {
  const char* env = std::getenv("LEDGER_DIR");
  return env && *env ? env : "data/ledger";
}

FlagSpec DirFlag() {
  return {"dir", true, "ledger directory (default $LEDGER_DIR or data/ledger)"};
}

int Fail(Io& io, const Status& s) {
  io.err << "ledger: " << s.message() << " [" << CodeName(s.code()) << "]\n";
  const int code = cli_kit::ExitCodeFor(s, kExitFailure);
  if (io.json)
    PrintJsonLine(io, cli_kit::ErrorJson(cli_kit::ErrorKindFor(code), s.message(), code));
  return code;
}

void PrintReasons(Io& io, size_t event, const std::vector<Status>& reasons) {
  if (reasons.size() < 2) return;  // the line's "error" says it all
  io.err << "ledger: event " << event << " is refused for " << reasons.size() << " reasons:\n";
  for (size_t i = 0; i < reasons.size(); ++i) {
    io.err << "  " << i + 1 << ". " << reasons[i].message() << " ["
           << CodeName(reasons[i].code()) << "]\n";
  }
}

std::function<void(uint64_t, uint64_t)> TerminalProgress() {
  if (!isatty(STDERR_FILENO)) return nullptr;
  // Shared: the ledger keeps (copies of) this callback as long as it is open.
  auto bar = std::make_shared<cli_kit::ProgressBar>(std::cerr, true, "projections: replayed ");
  return [bar](uint64_t done, uint64_t total) {
    bar->Update(done, total);
    if (done == total) bar->Keep();
  };
}

Result<std::unique_ptr<Ledger>> OpenLedger(const Args& args, bool read_only) {
  std::string dir = args.GetOr("dir", DefaultDir());
  LEDGER_ASSIGN_OR_RETURN(auto opts, projections::MakeCivilLedgerOptions(dir, read_only));
  opts.ledger.progress = TerminalProgress();
  LEDGER_ASSIGN_OR_RETURN(auto l, OpenLedgerAt(dir, std::move(opts.ledger)));
  if (!read_only && l->IsReplica()) return ReplicaRefusal(dir, *l);
  return l;
}

Result<std::unique_ptr<Ledger>> OpenLedgerAt(const std::string& dir, LedgerOptions options) {
  auto l = Ledger::Open(dir, std::move(options));
  if (l.ok()) return l;
  Status cause = l.status();
  if (cause.code() == Code::kNotFound) {
    cause = Status::NotFound(cause.message() + " (create one with 'ledger init')");
  }
  return cli_kit::CannotOpenLedger(cause, dir);
}

Status ReplicaRefusal(const std::string& dir, const Ledger& ledger) {
  return Status::FailedPrecondition(dir + " is a replica of " + ledger.origin() +
                                    " kept by `ledger mirror`: it takes no appends (append to the "
                                    "log itself; serve the replica with --read-only)");
}

StopSignalsBlocked::StopSignalsBlocked() {
  sigemptyset(&stop_);
  sigaddset(&stop_, SIGINT);
  sigaddset(&stop_, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop_, &old_);
}

StopSignalsBlocked::~StopSignalsBlocked() { pthread_sigmask(SIG_SETMASK, &old_, nullptr); }

void PrintJsonLine(Io& io, const json::value& v) { io.out << json::serialize(v) << "\n"; }

Result<SigningKey> LoadSigningKey(const std::string& path) {
  LEDGER_ASSIGN_OR_RETURN(std::string pem, ReadFile(path));
  auto key = SigningKey::FromPem(pem);
  if (!key.ok()) return key.status().WithContext(path);
  return key;
}

Result<PublicKey> LoadPublicKey(const std::string& path_or_base64) {
  std::error_code ec;
  if (std::filesystem::exists(path_or_base64, ec)) {
    LEDGER_ASSIGN_OR_RETURN(std::string pem, ReadFile(path_or_base64));
    if (pem.find("PRIVATE KEY") != std::string::npos) {
      LEDGER_ASSIGN_OR_RETURN(SigningKey k, LoadSigningKey(path_or_base64));
      return k.public_key();
    }
    auto pk = PublicKeyFromPem(pem);
    if (!pk.ok()) return pk.status().WithContext(path_or_base64);
    return pk;
  }
  auto raw = Base64DecodeHash(path_or_base64);
  if (!raw.ok()) {
    return Status::InvalidArgument("\"" + path_or_base64 +
                                   "\" is neither a key file nor base64 of a 32-byte key");
  }
  return *raw;
}

Status WriteNewFile(const std::string& path, const std::string& data, unsigned mode, bool force) {
  std::error_code ec;
  if (!force && std::filesystem::exists(path, ec)) {
    return Status::AlreadyExists(path + " exists (use --force to overwrite)");
  }
  const auto parent = std::filesystem::path(path).parent_path();
  if (!parent.empty()) {
    std::filesystem::create_directories(parent, ec);
    if (ec)
      return Status::FailedPrecondition("cannot create " + parent.string() + ": " + ec.message());
  }
  return WriteFileDurably(path, data, mode);
}

std::string RandomClientId() {
  uint8_t b[12];
  RandomBytes(b);
  return "cli-" + HexEncode(b);
}

}  // namespace ledger::cli
