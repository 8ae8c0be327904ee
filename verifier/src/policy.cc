// tlog-policy parsing and quorum evaluation, read as the C2SP spec, Sigsum's
// policy package and Tessera read it: names before use, one quorum line,
// groups of k-of-n over witnesses and earlier groups, duplicates refused.
#include "verifier/policy.h"

#include <algorithm>
#include <map>

#include "ledger/record.h"

namespace ledger::verify {
namespace {

constexpr size_t kMaxEntries = 256;  // the spec asks for at least 32 of each

std::vector<std::string_view> Fields(std::string_view line) {
  std::vector<std::string_view> out;
  size_t i = 0;
  while (i < line.size()) {
    while (i < line.size() && (line[i] == ' ' || line[i] == '\t')) ++i;
    size_t start = i;
    while (i < line.size() && line[i] != ' ' && line[i] != '\t') ++i;
    if (i > start) out.push_back(line.substr(start, i - start));
  }
  return out;
}

Status LineError(size_t n, const std::string& why) {
  return Status::InvalidArgument("policy line " + std::to_string(n) + ": " + why);
}

}  // namespace

Result<Policy> Policy::Parse(std::string_view text) {
  Policy p;
  // Every defined name (witness or group), and whether it is a group.
  std::map<std::string, bool, std::less<>> names;
  bool have_quorum = false;
  size_t n = 0;
  for (size_t start = 0; start < text.size();) {
    size_t nl = text.find('\n', start);
    std::string_view line = text.substr(start, nl == std::string_view::npos ? nl : nl - start);
    start = nl == std::string_view::npos ? text.size() : nl + 1;
    ++n;
    for (char c : line) {
      const auto b = static_cast<uint8_t>(c);
      if (b < 0x20 && c != '\t') return LineError(n, "control character");
      if (b == 0x7F) return LineError(n, "control character");
    }
    auto f = Fields(line);
    if (f.empty() || f[0].front() == '#') continue;
    if (p.logs.size() + p.witnesses.size() + p.groups.size() > kMaxEntries) {
      return LineError(n, "more than " + std::to_string(kMaxEntries) + " entries");
    }
    const std::string_view kw = f[0];
    if (kw == "log") {
      if (f.size() < 2 || f.size() > 3) return LineError(n, "want: log <vkey> [<url>]");
      auto key = note::VerifierKey::Parse(f[1]);
      if (!key.ok()) return LineError(n, key.status().message());
      for (const Log& l : p.logs) {
        if (l.key.key == key->key) return LineError(n, "duplicate log key");
      }
      p.logs.push_back({*key, f.size() == 3 ? std::string(f[2]) : ""});
    } else if (kw == "witness") {
      if (f.size() < 3 || f.size() > 4) {
        return LineError(n, "want: witness <name> <vkey> [<url>]");
      }
      if (f[1] == "none" || names.contains(f[1])) {
        return LineError(n, "name \"" + std::string(f[1]) + "\" is already defined");
      }
      auto key = cosig::CosignerKey::Parse(f[2]);
      if (!key.ok()) return LineError(n, key.status().message());
      for (const Witness& w : p.witnesses) {
        if (w.key.key == key->key) return LineError(n, "duplicate witness key");
      }
      names.emplace(std::string(f[1]), false);
      p.witnesses.push_back({std::string(f[1]), *key, f.size() == 4 ? std::string(f[3]) : ""});
    } else if (kw == "group") {
      if (f.size() < 4) return LineError(n, "want: group <name> all|any|<k> <name>...");
      if (f[1] == "none" || names.contains(f[1])) {
        return LineError(n, "name \"" + std::string(f[1]) + "\" is already defined");
      }
      Group g{std::string(f[1]), 0, {}};
      std::set<std::string_view> seen;
      for (size_t i = 3; i < f.size(); ++i) {
        if (!names.contains(f[i])) {
          return LineError(n, "\"" + std::string(f[i]) + "\" is not defined on an earlier line");
        }
        if (!seen.insert(f[i]).second) {
          return LineError(n, "\"" + std::string(f[i]) + "\" is listed twice");
        }
        g.members.emplace_back(f[i]);
      }
      if (f[2] == "all") {
        g.threshold = g.members.size();
      } else if (f[2] == "any") {
        g.threshold = 1;
      } else {
        auto k = ParseUInt(f[2], "group threshold");
        if (!k.ok() || (f[2].size() > 1 && f[2][0] == '0')) {
          return LineError(n, "threshold is not all, any or a decimal number");
        }
        if (*k < 1 || *k > g.members.size()) {
          return LineError(n, "threshold " + std::to_string(*k) + " is not between 1 and " +
                                  std::to_string(g.members.size()));
        }
        g.threshold = *k;
      }
      names.emplace(g.name, true);
      p.groups.push_back(std::move(g));
    } else if (kw == "quorum") {
      if (f.size() != 2) return LineError(n, "want: quorum <name>");
      if (have_quorum) return LineError(n, "a second quorum line");
      if (f[1] != "none" && !names.contains(f[1])) {
        return LineError(n, "\"" + std::string(f[1]) + "\" is not defined on an earlier line");
      }
      p.quorum = std::string(f[1]);
      have_quorum = true;
    } else {
      return LineError(n, "unknown keyword \"" + std::string(kw) + "\"");
    }
  }
  if (!have_quorum) return Status::InvalidArgument("policy has no quorum line");
  return p;
}

bool Policy::QuorumMet(const std::set<std::string>& witnessed) const {
  if (quorum == "none") return true;
  // Groups only refer to earlier names, so one pass in order settles them all.
  std::set<std::string> satisfied;
  for (const Witness& w : witnesses) {
    if (witnessed.contains(w.name)) satisfied.insert(w.name);
  }
  for (const Group& g : groups) {
    size_t k = 0;
    for (const std::string& m : g.members) k += satisfied.contains(m) ? 1 : 0;
    if (k >= g.threshold) satisfied.insert(g.name);
  }
  return satisfied.contains(quorum);
}

std::string WitnessedCheckpoint::Summary() const {
  size_t counted = 0;
  for (const Cosigner& c : cosigners) counted += c.counted ? 1 : 0;
  std::string s = "witnessed by " + std::to_string(counted) + " of " + std::to_string(witnesses);
  if (newest) s += ", newest " + FormatTime(*newest);
  return s;
}

Result<WitnessedCheckpoint> CheckWithPolicy(const Policy& policy, std::string_view signed_note,
                                            const PolicyCheck& check) {
  LEDGER_ASSIGN_OR_RETURN(note::SignedNote parsed, note::Parse(signed_note));
  WitnessedCheckpoint out;
  bool signed_by_log = false;
  for (const Policy::Log& log : policy.logs) {
    auto cp = note::OpenCheckpoint(signed_note, log.key);
    if (cp.ok()) {
      out.checkpoint = *cp;
      out.log_key = log.key.ToString();
      signed_by_log = true;
      break;
    }
    if (cp.status().code() == Code::kDataLoss) return cp.status();
  }
  if (!signed_by_log) {
    return Status::PermissionDenied("the checkpoint is not signed by any log of the policy");
  }
  out.witnesses = policy.witnesses.size();
  std::set<std::string> counted;
  for (const Policy::Witness& w : policy.witnesses) {
    auto v = cosig::Verify(parsed, w.key);
    if (!v.ok()) {
      if (v.status().code() == Code::kNotFound) continue;
      return v.status().WithContext("witness " + w.name);
    }
    WitnessedCheckpoint::Cosigner c{w.name, v->timestamp, true};
    const auto now = static_cast<uint64_t>(std::max<int64_t>(check.now, 0));
    if (c.timestamp > now + check.future_skew) c.counted = false;
    if (check.max_age && c.timestamp + *check.max_age < now) c.counted = false;
    if (c.counted) {
      counted.insert(w.name);
      if (!out.newest || c.timestamp > *out.newest) out.newest = c.timestamp;
    }
    out.cosigners.push_back(c);
  }
  out.quorum_met = policy.QuorumMet(counted);
  return out;
}

Result<uint64_t> ParseDuration(std::string_view text) {
  if (text.empty()) return Status::InvalidArgument("empty duration");
  uint64_t total = 0;
  size_t i = 0;
  while (i < text.size()) {
    size_t start = i;
    while (i < text.size() && text[i] >= '0' && text[i] <= '9') ++i;
    if (i == start || i == text.size() || i - start > 12) {
      return Status::InvalidArgument("duration \"" + std::string(text) +
                                     "\": want e.g. 90s, 15m, 36h, 7d or 1h30m");
    }
    uint64_t v = std::stoull(std::string(text.substr(start, i - start)));
    switch (text[i++]) {
      case 's': total += v; break;
      case 'm': total += v * 60; break;
      case 'h': total += v * 3600; break;
      case 'd': total += v * 86400; break;
      default:
        return Status::InvalidArgument("duration \"" + std::string(text) +
                                       "\": units are s, m, h and d");
    }
  }
  return total;
}

std::string FormatTime(uint64_t posix_seconds) {
  return FormatUtcSeconds(static_cast<int64_t>(posix_seconds));
}

}  // namespace ledger::verify
