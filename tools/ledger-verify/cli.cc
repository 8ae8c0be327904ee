// ledger-verify: mode dispatch, --help texts, argument parsing and the
// helpers the modes share (key loading, progress bar, exit codes).
#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

#include "cli_internal.h"

namespace ledger::verify {
namespace cli {

std::optional<std::string> ParsedArgs::Get(const std::string& name) const {
  auto it = values.find(name);
  if (it == values.end() || it->second.empty()) return std::nullopt;
  return it->second.back();
}

std::vector<std::string> ParsedArgs::GetAll(const std::string& name) const {
  auto it = values.find(name);
  return it == values.end() ? std::vector<std::string>{} : it->second;
}

Flag LogKeyFlag() {
  return {"log-key", true,
          "the log's verifier key (name+id+key), or a file holding it; get it from a source you "
          "trust, not from the copy you check"};
}
Flag JsonFlag() { return {"json", false, "print the result as one JSON document"}; }
Flag CheckpointFlag(const std::string& help) { return {"checkpoint", true, help}; }

int Fail(CliIo& io, const std::string& message, int code) {
  io.err << "ledger-verify: " << message << "\n";
  return code;
}

int ExitFor(const Status& s) {
  return s.code() == Code::kDataLoss || s.code() == Code::kPermissionDenied ? kExitProblems
                                                                            : kExitUsage;
}

Result<std::string> ReadFileText(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::NotFound("cannot read " + path + ": " + std::strerror(errno));
  std::ostringstream ss;
  ss << in.rdbuf();
  if (in.bad()) return Status::NotFound("cannot read " + path);
  return ss.str();
}

Result<note::VerifierKey> LoadLogKey(const std::string& key_or_path) {
  auto direct = note::VerifierKey::Parse(key_or_path);
  if (direct.ok()) return direct;
  auto text = ReadFileText(key_or_path);
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

Result<note::VerifierKey> RequiredLogKey(const ParsedArgs& a) {
  auto k = a.Get("log-key");
  if (!k) return Status::InvalidArgument("--log-key is required");
  return LoadLogKey(*k);
}

namespace {

std::string Grouped(uint64_t v) {
  std::string d = std::to_string(v), out;
  for (size_t i = 0; i < d.size(); ++i) {
    if (i > 0 && (d.size() - i) % 3 == 0) out += ',';
    out += d[i];
  }
  return out;
}

}  // namespace

void ProgressBar::Update(uint64_t done, uint64_t total) {
  if (!enabled_ || total == 0) return;
  auto now = std::chrono::steady_clock::now();
  if (drawn_ && now - last_ < std::chrono::milliseconds(100) && done < total) return;
  last_ = now;
  drawn_ = true;
  const double elapsed = std::chrono::duration<double>(now - start_).count();
  const double rate = elapsed > 0 ? double(done) / elapsed : 0;
  const double frac = std::min(1.0, double(done) / double(total));
  constexpr int kWidth = 24;
  const int filled = static_cast<int>(frac * kWidth);
  std::string bar =
      "[" + std::string(size_t(filled), '#') + std::string(size_t(kWidth - filled), '-') + "]";
  char eta[32] = "--:--";
  if (rate > 0) {
    auto left = static_cast<uint64_t>(double(total - std::min(done, total)) / rate);
    std::snprintf(eta, sizeof eta, "%llu:%02llu", static_cast<unsigned long long>(left / 60),
                  static_cast<unsigned long long>(left % 60));
  }
  char pct[8];
  std::snprintf(pct, sizeof pct, "%3d%%", static_cast<int>(frac * 100));
  err_ << "\r" << bar << " " << pct << "  " << Grouped(done) << "/" << Grouped(total)
       << " records  " << Grouped(static_cast<uint64_t>(rate)) << "/s  ETA " << eta << "\033[K"
       << std::flush;
}

void ProgressBar::Done() {
  if (drawn_) err_ << "\r\033[K" << std::flush;
  drawn_ = false;
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
  std::vector<std::pair<std::string, std::string>> rows;
  for (const Flag& f : m.flags)
    rows.push_back({"--" + f.name + (f.takes_value ? " VALUE" : ""), f.help});
  rows.push_back({"--help", "this text"});
  size_t width = 0;
  for (const auto& r : rows) width = std::max(width, r.first.size());
  for (const auto& [head, help] : rows) {
    out << "  " << head << std::string(width + 2 - head.size(), ' ') << help << "\n";
  }
  out << kExitHelp;
}

Result<ParsedArgs> Parse(const std::vector<std::string>& args, const Mode& m) {
  ParsedArgs out;
  for (size_t i = 1; i < args.size(); ++i) {
    const std::string& a = args[i];
    if (a == "--") {
      out.positional.insert(out.positional.end(), args.begin() + long(i) + 1, args.end());
      break;
    }
    if (!a.starts_with("--")) {
      out.positional.push_back(a);
      continue;
    }
    std::string name = a.substr(2), value;
    bool inline_value = false;
    if (size_t eq = name.find('='); eq != std::string::npos) {
      value = name.substr(eq + 1);
      name.resize(eq);
      inline_value = true;
    }
    auto flag =
        std::find_if(m.flags.begin(), m.flags.end(), [&](const Flag& f) { return f.name == name; });
    if (flag == m.flags.end()) {
      return Status::InvalidArgument("unknown flag --" + name + " for " + m.name);
    }
    if (flag->takes_value && !inline_value) {
      if (i + 1 >= args.size()) return Status::InvalidArgument("--" + name + " needs a value");
      value = args[++i];
    } else if (!flag->takes_value && inline_value) {
      return Status::InvalidArgument("--" + name + " takes no value");
    }
    out.values[name].push_back(value);
  }
  return out;
}

}  // namespace
}  // namespace cli

int RunVerifyCli(const std::vector<std::string>& args, CliIo io) {
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
    auto parsed = Parse(args, m);
    if (!parsed.ok()) {
      return Fail(io, parsed.status().message() + " (see ledger-verify " + m.name + " --help)");
    }
    return m.run(*parsed, io);
  }
  return Fail(io, "unknown mode \"" + args[0] + "\" (see ledger-verify --help)");
}

}  // namespace ledger::verify
