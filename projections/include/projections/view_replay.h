// ViewReplay: re-derives, from the records alone, what the civil-state
// projection says about them: each record's flags (CivilState::Check against
// the state before it) and the projection databases after records [0, N)
// (CivilState::Apply of each record, with the flags it should carry). The
// state lives in a scratch LMDB environment in a temporary directory that
// the replay deletes when it is destroyed, so memory stays bounded however
// many records go through. Used by the verifier and by `views-digest`.
// Not thread-safe.
#ifndef PROJECTIONS_VIEW_REPLAY_H_
#define PROJECTIONS_VIEW_REPLAY_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "ledger/lmdb.h"
#include "ledger/record.h"
#include "ledger/status.h"
#include "projections/view_digest.h"

namespace ledger::projections {

struct ReplayOptions {
  // Records per scratch write transaction: LMDB holds a transaction's dirty
  // pages in memory, so this bounds what the replay holds.
  uint64_t chunk = 256;
  // Where the scratch directory goes; empty: the system temporary directory.
  std::string scratch_parent;
  // Called after each chunk commits, with no transaction open on the
  // scratch environment, and every 4 records (the verifier drops its
  // mapped pages there: the map is read-only, so that is safe any time).
  std::function<void(MDB_env* scratch)> after_chunk;
};

// What the rules make of one record.
struct ReplayedRecord {
  uint64_t seq = 0;
  std::vector<std::string> flags;  // derived, "<rule>: <why>", in Check's order
  // Not OK when the rules reject the event (an event that cannot be true):
  // it is then not folded into the state.
  Status rejected;
};

class ViewReplay {
 public:
  // Creates the scratch directory and environment. The state starts empty;
  // the rules are those the replayed records set (rules.set), the defaults
  // until the first; no file of the audited ledger is read.
  static Result<std::unique_ptr<ViewReplay>> Start(ReplayOptions options = {});
  ~ViewReplay();
  ViewReplay(const ViewReplay&) = delete;
  ViewReplay& operator=(const ViewReplay&) = delete;

  // Folds the next record, whose seq must be size(). Its stored flags are
  // ignored: it is folded with the derived ones, as the store would have
  // recorded it. An error (bytes that do not decode, a fold that fails)
  // ends the replay: later calls fail.
  Result<ReplayedRecord> Add(const Record& record);
  Result<ReplayedRecord> AddBytes(ByteView record_bytes);
  // Commits what is pending; the state then reflects records [0, size()).
  Status Finish();

  uint64_t size() const { return size_; }
  // After Finish: a read transaction over the scratch state.
  Result<lmdb::Txn> Read() const;
  // After Finish: the digest of the replayed projection databases (`tick`
  // as DigestViews').
  Result<ViewsDigest> Digest(const std::function<void()>& tick = {}) const;
  const std::string& scratch_dir() const;

 private:
  struct State;
  explicit ViewReplay(std::unique_ptr<State> state);
  Status Commit();
  std::unique_ptr<State> s_;
  uint64_t size_ = 0;
};

}  // namespace ledger::projections

#endif  // PROJECTIONS_VIEW_REPLAY_H_
