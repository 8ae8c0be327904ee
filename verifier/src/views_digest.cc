// ReplayViewsDigest: records [0, size) of a ledger directory replayed into a
// scratch state, and its projection databases digested.
#include "verifier/views_digest.h"

#include <sstream>

#include "ledger/layout.h"
#include "ledger/lmdb.h"
#include "mapped_pages.h"
#include "projections/view_replay.h"

namespace ledger::verify {

Result<projections::ViewsDigest> ReplayViewsDigest(
    const std::string& dir, std::optional<uint64_t> size,
    const std::function<void(uint64_t done, uint64_t total)>& progress) {
  LEDGER_RETURN_IF_ERROR(layout::RequireLedgerDir(dir));
  LEDGER_ASSIGN_OR_RETURN(lmdb::Env env, lmdb::Env::Open(dir, /*read_only=*/true, 0));
  LEDGER_ASSIGN_OR_RETURN(lmdb::Txn txn, lmdb::Txn::Begin(env, /*read_only=*/true));
  auto dbs = layout::OpenDatabases(txn, /*create=*/false);
  if (!dbs.ok()) return dbs.status().WithContext(dir);
  LEDGER_ASSIGN_OR_RETURN(uint64_t records, txn.Count(dbs->records));
  const uint64_t n = size.value_or(records);
  if (n > records) {
    return Status::InvalidArgument("--size " + std::to_string(n) + " is beyond the ledger's size " +
                                   std::to_string(records));
  }
  MappedPages pages(env.get());  // and the scratch map, one budget for both
  bool scratch_tracked = false;
  projections::ReplayOptions options;
  options.after_chunk = [&](MDB_env* scratch) {
    if (!scratch_tracked) pages.Track(scratch);
    scratch_tracked = true;
    pages.ReleaseIfOver();
  };
  LEDGER_ASSIGN_OR_RETURN(std::unique_ptr<projections::ViewReplay> replay,
                          projections::ViewReplay::Start(std::move(options)));
  LEDGER_ASSIGN_OR_RETURN(lmdb::Cursor cur, lmdb::Cursor::Open(txn, dbs->records));
  LEDGER_ASSIGN_OR_RETURN(bool more, cur.Seek({}));
  for (uint64_t seq = 0; seq < n; ++seq) {
    if (!more || cur.key().size() != 8 || lmdb::ReadBigEndian(cur.key()) != seq) {
      return Status::DataLoss("record " + std::to_string(seq) + " is missing");
    }
    auto r = replay->AddBytes(cur.value());
    if (!r.ok()) return Status::DataLoss(r.status().message());
    LEDGER_ASSIGN_OR_RETURN(more, cur.Next());
    if (progress && (seq + 1) % 1024 == 0) progress(seq + 1, n);
  }
  LEDGER_RETURN_IF_ERROR(replay->Finish());
  if (progress) progress(n, n);
  LEDGER_ASSIGN_OR_RETURN(projections::ViewsDigest d,
                          replay->Digest([&] { pages.ReleaseIfOver(); }));
  d.size = n;  // what the replay reflects, even when its last record was rejected
  return d;
}

std::string ViewsDigestText(const projections::ViewsDigest& d) {
  std::ostringstream out;
  out << "views at size " << d.size;
  if (d.size > 0) out << " (as of seq " << d.size - 1 << ")";
  out << ": " << HexEncode(d.overall) << "\n";
  for (const projections::ViewDigest& v : d.views) {
    out << "  " << v.db << " " << HexEncode(v.digest) << " (" << FormatThousands(v.entries)
        << (v.entries == 1 ? " entry)\n" : " entries)\n");
  }
  return out.str();
}

}  // namespace ledger::verify
