// Log commands: init, append, show, export, checkpoint, vkey.
#include <boost/json.hpp>

#include "cli.h"
#include "cli_kit/input.h"
#include "ledger/events.h"
#include "ledger/export_format.h"
#include "ledger/wire.h"
#include "projections/civil_ledger.h"

namespace ledger::cli {
namespace json = boost::json;

namespace {

// Events per write transaction when appending a large file.
constexpr size_t kAppendChunk = 1000;

int Init(const Args& a, Io& io) {
  auto origin = a.Require("origin");
  auto root_path = a.Require("root-key");
  if (!origin.ok()) return Fail(io, origin.status());
  if (!root_path.ok()) return Fail(io, root_path.status());
  auto root = LoadSigningKey(*root_path);
  if (!root.ok()) return Fail(io, root.status());
  std::string dir = a.GetOr("dir", DefaultDir());
  auto opts = projections::MakeCivilLedgerOptions(dir, false);
  if (!opts.ok()) return Fail(io, opts.status());
  auto ledger = Ledger::Create(dir, *origin, *root, a.GetOr("root-name", "root"), opts->ledger);
  if (!ledger.ok()) return Fail(io, ledger.status());
  json::object o;
  o["dir"] = dir;
  o["origin"] = (*ledger)->origin();
  o["log_key"] = (*ledger)->log_key().ToString();
  o["checkpoint"] = (*ledger)->Checkpoint().value();
  PrintJsonLine(io, o);
  return kExitOk;
}

int Append(const Args& a, Io& io) {
  std::string input = a.positional().empty() ? "-" : a.positional()[0];
  auto text = cli_kit::ReadInput(input, io.in);
  if (!text.ok()) return Fail(io, text.status());
  auto retention = ReadRetention(a);
  if (!retention.ok()) return Fail(io, retention.status());
  if (a.Has("dry-run")) return AppendDryRun(a, io, *text);
  const std::string dir = a.GetOr("dir", DefaultDir());
  // Every event must parse before any is appended: malformed input changes nothing.
  auto parsed = events::SubmissionsFromText(*text, /*require_signature=*/true);
  if (!parsed.ok()) {
    // The journal gets each malformed event with every error it has.
    std::vector<Rejection> refused;
    if (auto each = events::ParseEventsEach(*text, true); each.ok()) {
      for (size_t i = 0; i < each->size(); ++i) {
        if (!(*each)[i].errors.empty()) refused.push_back(RejectionOf((*each)[i], i + 1, "cli"));
      }
    }
    JournalRejections(dir, *retention, io, refused);
    return Fail(io, parsed.status());
  }
  const std::vector<Submission>& subs = *parsed;
  auto ledger = OpenLedger(a, false);
  if (!ledger.ok()) return Fail(io, ledger.status());
  std::vector<Rejection> refused;
  // Written on every way out, a failed transaction included.
  struct Journal {
    const std::string& dir;
    const RejectionRetention& retention;
    Io& io;
    std::vector<Rejection>& refused;
    ~Journal() { JournalRejections(dir, retention, io, refused); }
  } journal{dir, *retention, io, refused};
  size_t appended = 0, duplicates = 0, rejected = 0;
  for (size_t start = 0; start < subs.size(); start += kAppendChunk) {
    std::span<const Submission> chunk(subs.data() + start,
                                      std::min(kAppendChunk, subs.size() - start));
    std::vector<AppendOutcome> outcomes = (*ledger)->AppendBatch(chunk);
    for (size_t i = 0; i < outcomes.size(); ++i) {
      const AppendOutcome& o = outcomes[i];
      json::object line = AppendOutcomeJson(start + i + 1, o);
      if (o.status.ok()) {
        ++(o.duplicate ? duplicates : appended);
      } else {
        ++rejected;
        const std::vector<Status> reasons = o.status.Each();
        refused.push_back(RejectionOf(chunk[i], start + i + 1, reasons, "cli"));
        PrintReasons(io, start + i + 1, reasons);
        if (o.status.code() == Code::kResourceExhausted || o.status.code() == Code::kInternal ||
            o.status.code() == Code::kDataLoss) {
          // The transaction failed as a whole (disk full, corruption): stop here.
          PrintJsonLine(io, line);
          io.err << "ledger: append stopped: " << o.status.ToString() << "\n";
          return kExitFailure;
        }
      }
      PrintJsonLine(io, line);
    }
  }
  io.err << "appended " << appended << ", duplicates " << duplicates << ", rejected " << rejected
         << "; ledger size " << (*ledger)->Size() << "\n";
  return rejected ? kExitRejected : kExitOk;
}

// --from and --to, read before the ledger is opened: a typo is a usage error
// whether or not there is a ledger.
struct SeqFlags {
  std::optional<uint64_t> from, to;
};

Result<SeqFlags> ReadSeqFlags(const Args& a) {
  SeqFlags f;
  LEDGER_ASSIGN_OR_RETURN(f.from, a.GetUInt("from"));
  LEDGER_ASSIGN_OR_RETURN(f.to, a.GetUInt("to"));
  return f;
}

Result<std::pair<uint64_t, uint64_t>> SeqRange(const SeqFlags& flags, uint64_t size) {
  uint64_t f = flags.from.value_or(0), t = std::min(flags.to.value_or(size), size);
  if (f > t) return Status::InvalidArgument("--from is after --to");
  return std::pair{f, t};
}

int Show(const Args& a, Io& io) {
  auto flags = ReadSeqFlags(a);
  if (!flags.ok()) return Fail(io, flags.status());
  std::vector<std::pair<uint64_t, uint64_t>> ranges;
  for (const auto& p : a.positional()) {
    auto seq = ParseUInt(p, "SEQ");
    if (!seq.ok()) return Fail(io, seq.status());
    ranges.push_back({*seq, *seq + 1});
  }
  auto ledger = OpenLedger(a, true);
  if (!ledger.ok()) return Fail(io, ledger.status());
  if (ranges.empty()) {
    auto r = SeqRange(*flags, (*ledger)->Size());
    if (!r.ok()) return Fail(io, r.status());
    ranges.push_back(*r);
  }
  for (auto [from, to] : ranges) {
    if (from >= (*ledger)->Size()) {
      return Fail(io, Status::NotFound("no record at seq " + std::to_string(from)));
    }
    Status s = (*ledger)->ForEachRecord(from, to, [&](uint64_t, ByteView bytes) -> Status {
      LEDGER_ASSIGN_OR_RETURN(Record r, DecodeRecord(bytes));
      PrintJsonLine(io, events::RecordToJson(r, bytes));
      return Status::Ok();
    });
    if (!s.ok()) return Fail(io, s);
  }
  return kExitOk;
}

int Export(const Args& a, Io& io) {
  auto flags = ReadSeqFlags(a);
  if (!flags.ok()) return Fail(io, flags.status());
  auto ledger = OpenLedger(a, true);
  if (!ledger.ok()) return Fail(io, ledger.status());
  const uint64_t size = (*ledger)->Size();
  auto range = SeqRange(*flags, size);
  if (!range.ok()) return Fail(io, range.status());
  // The same line writers ledger-verify's reader is built on.
  io.out << ExportHeaderLine((*ledger)->log_key(), range->second) << "\n";
  Status s = (*ledger)->ForEachRecord(range->first, range->second,
                                      [&](uint64_t seq, ByteView bytes) -> Status {
                                        io.out << ExportRecordLine(seq, bytes) << "\n";
                                        return Status::Ok();
                                      });
  if (!s.ok()) return Fail(io, s);
  auto cp = (*ledger)->Checkpoint(range->second);
  if (!cp.ok()) return Fail(io, cp.status());
  io.out << ExportCheckpointLine(range->second, *cp) << "\n";
  return kExitOk;
}

int CheckpointCmd(const Args& a, Io& io) {
  auto size = a.GetUInt("size");
  if (!size.ok()) return Fail(io, size.status());
  auto ledger = OpenLedger(a, true);
  if (!ledger.ok()) return Fail(io, ledger.status());
  auto cp = (*ledger)->Checkpoint(*size);
  if (!cp.ok()) return Fail(io, cp.status());
  io.out << *cp;
  return kExitOk;
}

int Vkey(const Args& a, Io& io) {
  auto ledger = OpenLedger(a, true);
  if (!ledger.ok()) return Fail(io, ledger.status());
  io.out << (*ledger)->log_key().ToString() << "\n";
  return kExitOk;
}

}  // namespace

std::vector<Command> LogCommands() {
  FlagSpec from{"from", true, "first seq (default 0)"}, to{"to", true, "end seq, exclusive"};
  return {
      {"init",
       "create a ledger: log key, genesis record signed by the root key",
       "",
       {DirFlag(),
        {"origin", true, "log identity, e.g. ledger.csc.gov.mn/appointments"},
        {"root-key", true, "PEM private key of the root authority"},
        {"root-name", true, "name of the root key (default root)"}},
       Init},
      {"append",
       "append signed events (object, array or JSON lines); one JSON line per event",
       "[FILE|-]",
       {DirFlag(), RejectionFlags()[0], RejectionFlags()[1],
        {"dry-run", false,
         "run every check and rule, write nothing: the seq each event would get and its "
         "flags, or every error of the event"}},
       Append},
      {"show", "print records as JSON lines", "[SEQ ...]", {DirFlag(), from, to}, Show},
      {"export",
       "export records and the checkpoint as JSON lines (for ledger-verify export)",
       "",
       {DirFlag(), from, to},
       Export},
      {"checkpoint",
       "print the latest signed checkpoint, or the one for --size",
       "",
       {DirFlag(), {"size", true, "tree size"}},
       CheckpointCmd},
      {"vkey", "print the log's note verifier key (what checkers need)", "", {DirFlag()}, Vkey},
  };
}

}  // namespace ledger::cli
