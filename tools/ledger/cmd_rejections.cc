// The rejection journal from the command line: `ledger rejections` answers
// "why was mine refused" from <dir>/rejections/ (ledger/rejection_journal.h),
// and the retention flags and recording shared by `append` and `serve`.
#include <boost/json.hpp>

#include "cli.h"
#include "ledger/encoding.h"
#include "ledger/layout.h"

namespace ledger::cli {
namespace json = boost::json;

std::vector<FlagSpec> RejectionFlags() {
  return {{"rejections-keep", true,
           "rejection journal: keep at most N entries, the oldest dropped first (default 50000)"},
          {"rejections-days", true,
           "rejection journal: drop entries older than D days (default 90; 0: no age limit)"}};
}

Result<RejectionRetention> ReadRetention(const Args& a) {
  RejectionRetention r;
  LEDGER_ASSIGN_OR_RETURN(auto keep, a.GetUInt("rejections-keep", 1));
  LEDGER_ASSIGN_OR_RETURN(auto days, a.GetUInt("rejections-days", 0, 100'000));
  if (keep) r.max_entries = *keep;
  if (days) r.max_age_days = *days;
  return r;
}

void JournalRejections(const std::string& dir, const RejectionRetention& retention, Io& io,
                       std::span<const Rejection> entries) {
  if (entries.empty() || !layout::RequireLedgerDir(dir).ok()) return;
  // The journal is a convenience beside the log: its trouble is a warning only.
  auto journal = RejectionJournal::OpenForAppends(
      dir, retention, [&](const std::string& m) { io.err << "ledger: warning: " << m << "\n"; });
  if (!journal) return;
  if (Status s = journal->Record(entries); !s.ok()) {
    io.err << "ledger: warning: the rejection journal was not written: " << s.message() << "\n";
  }
}

namespace {

int Rejections(const Args& a, Io& io) {
  RejectionQuery q;
  auto limit = a.GetUInt("limit", 1, 1'000'000);
  if (!limit.ok()) return Fail(io, limit.status());
  if (*limit) q.limit = **limit;
  if (auto id = a.Get("client-id")) q.client_id = *id;
  if (auto signer = a.Get("signer")) {
    auto key = LoadPublicKey(*signer);
    if (!key.ok()) return Fail(io, key.status().WithContext("--signer"));
    q.signer = Base64Encode(*key);
  }
  const std::string dir = a.GetOr("dir", DefaultDir());
  if (Status s = layout::RequireLedgerDir(dir); !s.ok()) {
    return Fail(io, Status::FailedPrecondition(s.message()));
  }
  auto journal = RejectionJournal::Open(dir, /*read_only=*/true);
  if (!journal.ok() && journal.status().code() == Code::kNotFound) {
    io.err << "ledger: no rejections recorded in " << dir << "\n";
    return kExitOk;
  }
  if (!journal.ok()) return Fail(io, journal.status());
  auto found = (*journal)->Find(q);
  if (!found.ok()) return Fail(io, found.status());
  for (const Rejection& r : *found) PrintJsonLine(io, RejectionToJson(r));
  io.err << found->size() << (found->size() == 1 ? " rejection" : " rejections")
         << " (newest first; the journal is outside the audited log)\n";
  return kExitOk;
}

}  // namespace

std::vector<Command> RejectionCommands() {
  return {
      {"rejections",
       "why submissions were refused: the rejection journal beside the log, newest first "
       "(not part of the audited log)",
       "",
       {DirFlag(),
        {"client-id", true, "only the submissions with this client_id"},
        {"signer", true, "only those signed by this key (PEM file or base64)"},
        {"limit", true, "at most N entries (default 100)"}},
       Rejections},
  };
}

}  // namespace ledger::cli
