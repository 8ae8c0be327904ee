// The policy part of ledger-verify's offline verdicts: who cosigned, whether
// that makes a quorum, and whether the newest view is recent enough.
#include "verifier/policy_verdict.h"

#include <boost/json.hpp>
#include <ctime>
#include <fstream>
#include <sstream>

namespace ledger::verify {

Result<std::optional<PolicyOption>> LoadPolicyOption(const std::optional<std::string>& path,
                                                     const std::optional<std::string>& max_age,
                                                     std::optional<int64_t> now) {
  if (!path) {
    if (max_age) return Status::InvalidArgument("--max-age needs --policy");
    return std::optional<PolicyOption>();
  }
  std::ifstream in(*path, std::ios::binary);
  if (!in) return Status::InvalidArgument("cannot read policy file " + *path);
  std::ostringstream ss;
  ss << in.rdbuf();
  PolicyOption p;
  p.name = *path;
  auto policy = Policy::Parse(ss.str());
  if (!policy.ok()) return policy.status().WithContext(*path);
  p.policy = std::move(policy).value();
  p.check.now = now.value_or(static_cast<int64_t>(std::time(nullptr)));
  if (max_age) {
    auto secs = ParseDuration(*max_age);
    if (!secs.ok()) return secs.status().WithContext("--max-age");
    p.check.max_age = *secs;
  }
  return std::optional<PolicyOption>(std::move(p));
}

Result<note::VerifierKey> PolicyLogKey(const PolicyOption& p, std::string_view signed_checkpoint) {
  LEDGER_ASSIGN_OR_RETURN(note::SignedNote parsed, note::Parse(signed_checkpoint));
  LEDGER_ASSIGN_OR_RETURN(note::Checkpoint cp, note::Checkpoint::ParseBody(parsed.text));
  for (const Policy::Log& l : p.policy.logs) {
    if (l.key.name == cp.origin) return l.key;
  }
  return Status::PermissionDenied(p.name + " lists no log with origin \"" + cp.origin + "\"");
}

void ApplyPolicy(Verdict& v, std::string_view signed_checkpoint,
                 const std::optional<PolicyOption>& p) {
  if (!p) return;
  auto w = CheckWithPolicy(p->policy, signed_checkpoint, p->check);
  if (!w.ok()) {
    v.Reject("policy " + p->name + ": " + w.status().message());
    return;
  }
  boost::json::array cosigners;
  for (const auto& c : w->cosigners) {
    v.facts.push_back("cosigned by witness " + c.name + " at " + FormatTime(c.timestamp) +
                      (c.counted ? "" : " (not counted: older than --max-age or in the future)"));
    cosigners.emplace_back(boost::json::object{
        {"witness", c.name}, {"time", FormatTime(c.timestamp)}, {"counted", c.counted}});
  }
  v.facts.push_back(w->Summary());
  boost::json::object o;
  o["policy"] = p->name;
  o["cosigners"] = std::move(cosigners);
  o["witnesses"] = w->witnesses;
  o["quorum"] = p->policy.quorum;
  o["quorum_met"] = w->quorum_met;
  if (w->newest) o["newest"] = FormatTime(*w->newest);
  if (p->check.max_age) o["max_age_seconds"] = *p->check.max_age;
  v.json["witnessed"] = std::move(o);
  if (!w->quorum_met) {
    std::string why = "the witness quorum \"" + p->policy.quorum + "\" of " + p->name +
                      " is not met (" + w->Summary() + ")";
    if (p->check.max_age) {
      why += "; only cosignatures from the last " + std::to_string(*p->check.max_age) +
             " s count, so the checkpoint may be stale";
    }
    v.Reject(why);
  }
}

}  // namespace ledger::verify
