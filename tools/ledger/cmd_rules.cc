// The flagging rules in the log: `rules show` (the rules in force and the
// record that set them) and `rules set` (sign and append a rules.set).
#include <boost/json.hpp>

#include "cli.h"
#include "ledger/event_types.h"
#include "ledger/events.h"
#include "ledger/file_io.h"
#include "projections/civil_ledger.h"

namespace ledger::cli {
namespace json = boost::json;
namespace F = events::field;

namespace {

// The ledger directory: the positional DIR, else --dir, else the default.
Result<std::string> RulesDir(const Args& a) {
  if (a.positional().size() > 1) {
    return Status::InvalidArgument("expected at most one ledger directory");
  }
  if (!a.positional().empty()) return a.positional()[0];
  return a.GetOr("dir", DefaultDir());
}

Result<std::unique_ptr<Ledger>> OpenCivil(const std::string& dir, bool read_only,
                                          std::shared_ptr<projections::CivilState>& state) {
  LEDGER_ASSIGN_OR_RETURN(auto opts, projections::MakeCivilLedgerOptions(dir, read_only));
  opts.ledger.progress = TerminalProgress();
  state = opts.state;
  auto l = Ledger::Open(dir, opts.ledger);
  if (!l.ok() && l.status().code() == Code::kNotFound) {
    return Status::NotFound(l.status().message() + " (create one with 'ledger init')");
  }
  return l;
}

Result<projections::RulesInForce> InForce(const Ledger& ledger,
                                          const projections::CivilState& state) {
  projections::RulesInForce out;
  LEDGER_RETURN_IF_ERROR(ledger.WithRead([&](const lmdb::Txn& txn) -> Status {
    LEDGER_ASSIGN_OR_RETURN(out, state.Rules(txn));
    return Status::Ok();
  }));
  return out;
}

int Show(const Args& a, Io& io) {
  auto dir = RulesDir(a);
  if (!dir.ok()) return Fail(io, dir.status());
  std::shared_ptr<projections::CivilState> state;
  auto ledger = OpenCivil(*dir, true, state);
  if (!ledger.ok()) return Fail(io, ledger.status());
  json::object o;
  Status s = (*ledger)->WithRead([&](const lmdb::Txn& txn) -> Status {
    LEDGER_ASSIGN_OR_RETURN(o, projections::RulesInForceJson(*state, txn));
    return Status::Ok();
  });
  if (!s.ok()) return Fail(io, s);
  PrintJsonLine(io, o);
  return kExitOk;
}

// The rules to set: those in force, then --from-json, then each flag.
Result<projections::RuleConfig> NewRules(const Args& a, projections::RuleConfig rules) {
  if (auto file = a.Get("from-json")) {
    LEDGER_ASSIGN_OR_RETURN(std::string text, ReadFile(*file));
    auto parsed = projections::RuleConfig::FromJson(text);
    if (!parsed.ok()) return parsed.status().WithContext(*file);
    rules = *parsed;
  }
  const uint64_t max = uint64_t(projections::RuleConfig::kMaxDays);
  LEDGER_ASSIGN_OR_RETURN(auto backdate, a.GetUInt("backdate-days", 0, max));
  LEDGER_ASSIGN_OR_RETURN(auto window, a.GetUInt("post-election-days", 0, max));
  if (backdate) rules.backdate_days = int32_t(*backdate);
  if (window) rules.post_election_days = int32_t(*window);
  if (a.Has("election")) {
    // The flags name the whole calendar: sorted, each date once.
    json::array dates;
    for (const auto& d : a.GetAll("election")) dates.emplace_back(d);
    auto parsed = projections::RuleConfig::FromJson(
        json::serialize(json::object{{F::kElections, std::move(dates)}}));
    if (!parsed.ok()) return parsed.status().WithContext("--election");
    rules.election_days = parsed->election_days;
  }
  return rules;
}

int Set(const Args& a, Io& io) {
  auto dir = RulesDir(a);
  auto key_path = a.Require("key");
  auto reason = a.Require("reason");
  for (const auto* r : {&dir, &key_path, &reason}) {
    if (!r->ok()) return Fail(io, r->status());
  }
  auto key = LoadSigningKey(*key_path);
  if (!key.ok()) return Fail(io, key.status());
  std::shared_ptr<projections::CivilState> state;
  auto ledger = OpenCivil(*dir, false, state);
  if (!ledger.ok()) return Fail(io, ledger.status());
  auto in_force = InForce(**ledger, *state);
  if (!in_force.ok()) return Fail(io, in_force.status());
  auto rules = NewRules(a, in_force->rules);
  if (!rules.ok()) return Fail(io, rules.status());
  json::object body = projections::RuleConfigJson(*rules);
  body[F::kReason] = *reason;
  const events::EventSchema* schema = events::LatestSchema(events::kRulesSet);
  auto parsed = events::BodyFromJson(*schema, body);
  if (!parsed.ok()) return Fail(io, parsed.status());
  Submission s{std::string(events::kRulesSet), schema->version, events::EncodeBody(*parsed),
               a.GetOr("client-id", RandomClientId())};
  SignSubmission(s, *key);
  AppendOutcome o = (*ledger)->AppendBatch(std::span(&s, 1))[0];
  if (!o.status.ok()) return Fail(io, o.status);
  json::object res = projections::RuleConfigJson(*rules);
  res["seq"] = o.seq;
  res["duplicate"] = o.duplicate;
  PrintJsonLine(io, res);
  return kExitOk;
}

}  // namespace

std::vector<Command> RulesCommands() {
  return {
      {"rules show",
       "print the flagging rules in force (JSON) and the rules.set record that set them, "
       "or \"defaults\"",
       "[DIR]",
       {DirFlag()},
       Show},
      {"rules set",
       "sign and append a rules.set with a root or admin key; values not given keep the "
       "ones in force",
       "[DIR]",
       {DirFlag(),
        {"key", true, "PEM private key of the root or an admin key that signs"},
        {"backdate-days", true, "back-dated: effective this many days before recording"},
        {"post-election-days", true, "window after an election for post-election-appointment"},
        {"election", true, "a national election date YYYY-MM-DD (repeatable; the whole list)"},
        {"from-json", true, "start from a rules file {backdate_days, post_election_days, elections}"},
        {"reason", true, "why the rules change (recorded in the log)"},
        {"client-id", true, "idempotency id (default: random)"}},
       Set},
  };
}

}  // namespace ledger::cli
