// ViewReplay: the civil-state projection rebuilt from records alone in a
// scratch environment, one record at a time through Check then Apply, as
// the store does on append (a record's flags depend on the state before it,
// so the state must be written before the next Check reads it; the store's
// chunked BeginReplay folds without checking and is equivalent, which
// tests/projections/view_replay_test.cc checks).
#include "projections/view_replay.h"

#include <stdlib.h>

#include <filesystem>
#include <optional>
#include <system_error>

#include "ledger/events.h"
#include "ledger/layout.h"
#include "projections/civil_state.h"

namespace ledger::projections {
namespace {

// Virtual only: without MDB_WRITEMAP the file grows as pages are written.
constexpr size_t kScratchMapBytes = size_t{1} << 38;
// Records between calls of after_chunk: each record's rules and fold read
// rows at random, and one random read maps about 100 KiB of the scratch map
// (fault-around over large page-cache folios), so the map is checked often.
constexpr uint64_t kReleaseEvery = 4;

// A fresh directory, removed with everything in it on destruction.
class ScratchDir {
 public:
  static Result<ScratchDir> Make(const std::string& parent) {
    std::error_code ec;
    std::filesystem::path base =
        parent.empty() ? std::filesystem::temp_directory_path(ec) : std::filesystem::path(parent);
    if (ec) return Status::Internal("no temporary directory: " + ec.message());
    std::string templ = (base / "ledger-replay-XXXXXX").string();
    if (!mkdtemp(templ.data())) {
      return Status::Internal("cannot create a scratch directory under " + base.string());
    }
    return ScratchDir(templ);
  }
  ScratchDir(ScratchDir&& o) noexcept : path_(std::exchange(o.path_, {})) {}
  ScratchDir& operator=(ScratchDir&&) = delete;
  ~ScratchDir() {
    if (path_.empty()) return;
    std::error_code ec;  // best effort: nothing to do about a failure here
    std::filesystem::remove_all(path_, ec);
  }
  const std::string& path() const { return path_; }

 private:
  explicit ScratchDir(std::string path) : path_(std::move(path)) {}
  std::string path_;
};

}  // namespace

// Destroyed in reverse: the transaction, then the environment, then the files.
struct ViewReplay::State {
  ScratchDir dir;
  lmdb::Env env;
  ReplayOptions options;
  CivilState civil;  // the default rules: never the audited ledger's rules.json
  MDB_dbi records = 0;
  std::optional<lmdb::Txn> txn;
  uint64_t pending = 0;
  Status failed;
};

ViewReplay::ViewReplay(std::unique_ptr<State> state) : s_(std::move(state)) {}
ViewReplay::~ViewReplay() = default;

const std::string& ViewReplay::scratch_dir() const { return s_->dir.path(); }

Result<std::unique_ptr<ViewReplay>> ViewReplay::Start(ReplayOptions options) {
  LEDGER_ASSIGN_OR_RETURN(ScratchDir dir, ScratchDir::Make(options.scratch_parent));
  LEDGER_ASSIGN_OR_RETURN(lmdb::Env env, lmdb::Env::Open(dir.path(), false, kScratchMapBytes));
  // Scratch state: a crash loses nothing worth keeping, so no syncs.
  LEDGER_RETURN_IF_ERROR(
      lmdb::FromMdb(mdb_env_set_flags(env.get(), MDB_NOSYNC | MDB_NOMETASYNC, 1), "set flags"));
  auto state = std::unique_ptr<State>(
      new State{std::move(dir), std::move(env), std::move(options), CivilState(), 0, {}, 0, {}});
  LEDGER_ASSIGN_OR_RETURN(lmdb::Txn txn, lmdb::Txn::Begin(state->env, false));
  LEDGER_ASSIGN_OR_RETURN(state->records, txn.OpenDb(layout::kRecordsDb, true));
  LEDGER_RETURN_IF_ERROR(state->civil.Open(txn, /*create=*/true));
  LEDGER_RETURN_IF_ERROR(state->civil.Reset(txn));  // the version mark, the cursor at 0
  LEDGER_RETURN_IF_ERROR(txn.Commit());
  return std::unique_ptr<ViewReplay>(new ViewReplay(std::move(state)));
}

Result<ReplayedRecord> ViewReplay::AddBytes(ByteView record_bytes) {
  if (!s_->failed.ok()) return s_->failed;
  Result<Record> record = DecodeRecord(record_bytes);
  if (!record.ok()) {
    s_->failed = record.status().WithContext("record " + std::to_string(size_));
    return s_->failed;
  }
  return Add(*record);
}

Result<ReplayedRecord> ViewReplay::Add(const Record& stored) {
  if (!s_->failed.ok()) return s_->failed;
  if (stored.seq != size_) {
    s_->failed = Status::InvalidArgument("the replay expects record " + std::to_string(size_) +
                                         ", not " + std::to_string(stored.seq));
    return s_->failed;
  }
  auto step = [&]() -> Result<ReplayedRecord> {
    if (!s_->txn) {
      LEDGER_ASSIGN_OR_RETURN(lmdb::Txn txn, lmdb::Txn::Begin(s_->env, false));
      s_->txn.emplace(std::move(txn));
    }
    lmdb::Txn& txn = *s_->txn;
    ReplayedRecord out{stored.seq, {}, Status::Ok()};
    Record record = stored;
    record.flags.clear();  // the draft the store checked had none yet
    Result<events::Body> body = events::DecodeLatestBody(record.submission);
    if (body.ok()) {
      // Any error of Check is the rules' verdict on this record, not the replay's failure.
      Result<std::vector<std::string>> flags = s_->civil.Check(txn, record, *body);
      if (flags.ok()) {
        out.flags = std::move(*flags);
      } else {
        out.rejected = flags.status();
      }
    } else {
      out.rejected = body.status();
    }
    record.flags = out.flags;
    LEDGER_RETURN_IF_ERROR(
        txn.Put(s_->records, lmdb::BigEndian(record.seq), EncodeRecord(record), MDB_APPEND));
    if (out.rejected.ok()) LEDGER_RETURN_IF_ERROR(s_->civil.Apply(txn, record, *body));
    return out;
  };
  Result<ReplayedRecord> out = step();
  if (!out.ok()) {
    s_->failed = out.status().WithContext("replaying record " + std::to_string(size_));
    return s_->failed;
  }
  ++size_;
  if (++s_->pending >= std::max<uint64_t>(s_->options.chunk, 1)) {
    if (Status c = Commit(); !c.ok()) {
      s_->failed = c;
      return c;
    }
  } else if (size_ % kReleaseEvery == 0 && s_->options.after_chunk) {
    s_->options.after_chunk(s_->env.get());
  }
  return out;
}

Status ViewReplay::Commit() {
  if (!s_->txn) return Status::Ok();
  Status s = s_->txn->Commit();
  s_->txn.reset();
  s_->pending = 0;
  if (!s.ok()) return s.WithContext("committing the replay's scratch state");
  if (s_->options.after_chunk) s_->options.after_chunk(s_->env.get());
  return Status::Ok();
}

Status ViewReplay::Finish() {
  if (!s_->failed.ok()) return s_->failed;
  return Commit();
}

Result<lmdb::Txn> ViewReplay::Read() const {
  if (s_->txn) return Status::FailedPrecondition("the replay is not finished");
  return lmdb::Txn::Begin(s_->env, /*read_only=*/true);
}

Result<ViewsDigest> ViewReplay::Digest(const std::function<void()>& tick) const {
  LEDGER_ASSIGN_OR_RETURN(lmdb::Txn txn, Read());
  return DigestViews(txn, tick);
}

}  // namespace ledger::projections
