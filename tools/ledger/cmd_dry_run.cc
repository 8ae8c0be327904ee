// `ledger append --dry-run`: every event of a file through every check and
// rule of a real append, in one transaction that is aborted (Ledger::
// DryRunBatch, the engine behind POST /v1/events?dry_run=true). Each event
// gets the seq it would get and its flags, or every error found in it.
#include <boost/json.hpp>

#include "cli.h"
#include "ledger/events.h"
#include "ledger/wire.h"

namespace ledger::cli {
namespace json = boost::json;

namespace {

// The line of an event that parsed: as a real append's, with "would_be_seq"
// for a new record and every error for a refused one.
json::object DryRunLine(size_t event, const Ledger::DryRunOutcome& o) {
  json::object line = AppendOutcomeJson(event, o.outcome);
  line["dry_run"] = true;
  if (!o.errors.empty()) {
    line["errors"] = ErrorsJson(o.errors);
  } else if (!o.outcome.duplicate) {
    line["would_be_seq"] = line["seq"];
    line.erase("seq");
  }
  return line;
}

}  // namespace

int AppendDryRun(const Args& a, Io& io, std::string_view text) {
  // Unlike a real append, a malformed event does not stop the others: each
  // is read alone so that every error of every event is reported.
  auto parsed = events::ParseEventsEach(text, /*require_signature=*/true);
  if (!parsed.ok()) return Fail(io, parsed.status());
  if (parsed->empty()) return Fail(io, Status::InvalidArgument("the input has no events"));
  std::vector<Submission> subs;
  for (auto& e : *parsed) {
    if (e.submission) subs.push_back(*e.submission);
  }
  auto ledger = OpenLedger(a, false);
  if (!ledger.ok()) return Fail(io, ledger.status());
  auto tried = (*ledger)->DryRunBatch(subs);
  if (!tried.ok()) return Fail(io, tried.status());
  size_t next = 0, would_append = 0, duplicates = 0, refused = 0, malformed = 0;
  for (size_t i = 0; i < parsed->size(); ++i) {
    const events::ParsedEvent& e = (*parsed)[i];
    if (!e.submission) {
      ++malformed;
      json::object line{{"event", i + 1}, {"dry_run", true}};
      line["error"] = ErrorsJson({e.errors.front()}).front();
      line["errors"] = ErrorsJson(e.errors);
      PrintJsonLine(io, line);
      continue;
    }
    const Ledger::DryRunOutcome& o = (*tried)[next++];
    if (!o.errors.empty()) {
      ++refused;
      PrintReasons(io, i + 1, o.errors);
    } else {
      ++(o.outcome.duplicate ? duplicates : would_append);
    }
    PrintJsonLine(io, DryRunLine(i + 1, o));
  }
  io.err << "dry run: would append " << would_append << ", duplicates " << duplicates
         << ", refused " << refused << ", malformed " << malformed << "; ledger size "
         << (*ledger)->Size() << " (nothing was written)\n";
  // As the real append would answer: malformed input first, then a refusal.
  if (malformed) return kExitUsage;
  return refused ? kExitRejected : kExitOk;
}

}  // namespace ledger::cli
