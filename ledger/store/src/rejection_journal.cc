// The rejection journal (ledger/rejection_journal.h): an LMDB environment in
// <ledger dir>/rejections/ with three databases. "entries": id (u64 BE,
// increasing) -> the entry as JSON; "by_client" and "by_signer": u32 BE
// length, the text, id -> nothing, so one prefix seek finds a submitter's.
#include "ledger/rejection_journal.h"

#include <boost/json.hpp>
#include <chrono>
#include <filesystem>
#include <mutex>

#include "ledger/encoding.h"
#include "ledger/lmdb.h"

namespace ledger {
namespace json = boost::json;

namespace {

// Sparse: the file holds what the retention keeps (about a kilobyte an entry).
constexpr size_t kMapBytes = size_t{256} << 20;
constexpr int64_t kMicrosPerDay = int64_t{86'400} * 1'000'000;

std::string IndexPrefix(std::string_view text) {
  std::string k(4, '\0');
  const uint32_t n = uint32_t(text.size());
  for (int i = 0; i < 4; ++i) k[i] = char(n >> (24 - 8 * i));
  k.append(text);
  return k;
}

Bytes IndexKey(std::string_view text, uint64_t id) {
  std::string k = IndexPrefix(text);
  const lmdb::U64Key be = lmdb::BigEndian(id);
  k.append(reinterpret_cast<const char*>(be.data()), be.size());
  return Bytes(k.begin(), k.end());
}

std::string EncodeEntry(const Rejection& r) {
  json::array more;
  for (const auto& m : r.more) more.emplace_back(m);
  return json::serialize(json::object{{"time_us", r.time_us},
                                      {"source", r.source},
                                      {"client_id", r.client_id},
                                      {"signer", r.signer},
                                      {"type", r.event_type},
                                      {"event", r.event},
                                      {"kind", r.kind},
                                      {"message", r.message},
                                      {"more", std::move(more)}});
}

Result<Rejection> DecodeEntry(ByteView bytes) {
  boost::system::error_code ec;
  json::value v = json::parse(
      std::string_view(reinterpret_cast<const char*>(bytes.data()), bytes.size()), ec);
  if (ec || !v.is_object()) return Status::DataLoss("a rejection journal entry is not JSON");
  const json::object& o = v.as_object();
  auto text = [&](std::string_view k) -> std::string {
    const json::value* m = o.if_contains(k);
    return m && m->is_string() ? std::string(m->as_string()) : std::string();
  };
  auto number = [&](std::string_view k) -> int64_t {
    const json::value* m = o.if_contains(k);
    return m && m->is_number() ? m->to_number<int64_t>() : 0;
  };
  Rejection r{number("time_us"), text("source"), text("client_id"), text("signer"),
              text("type"),      uint64_t(number("event")), text("kind"), text("message"), {}};
  if (const json::value* m = o.if_contains("more"); m && m->is_array()) {
    for (const auto& x : m->as_array()) {
      if (x.is_string()) r.more.emplace_back(x.as_string());
    }
  }
  return r;
}

Rejection FromErrors(std::span<const Status> errors, uint64_t event, std::string source) {
  Rejection r;
  r.source = std::move(source);
  r.event = event;
  if (!errors.empty()) {
    r.kind = CodeName(errors.front().code());
    r.message = errors.front().message();
    for (size_t i = 1; i < errors.size(); ++i) r.more.push_back(errors[i].message());
  }
  return r;
}

}  // namespace

Rejection RejectionOf(const Submission& sub, uint64_t event, std::span<const Status> errors,
                      std::string source) {
  Rejection r = FromErrors(errors, event, std::move(source));
  r.client_id = sub.client_id;
  r.signer = Base64Encode(sub.signer);
  r.event_type = sub.event_type;
  return r;
}

Rejection RejectionOf(const events::ParsedEvent& parsed, uint64_t event, std::string source) {
  Rejection r = FromErrors(parsed.errors, event, std::move(source));
  r.client_id = parsed.client_id;
  r.signer = parsed.signer;
  r.event_type = parsed.type;
  return r;
}

json::object RejectionToJson(const Rejection& r) {
  json::array more;
  for (const auto& m : r.more) more.emplace_back(m);
  return json::object{{"time", FormatTimestamp(r.time_us)},
                      {"source", r.source},
                      {"client_id", r.client_id},
                      {"signer", r.signer},
                      {"type", r.event_type},
                      {"event", r.event},
                      {"error", json::object{{"code", r.kind}, {"message", r.message}}},
                      {"more_errors", std::move(more)}};
}

struct RejectionJournal::Impl {
  lmdb::Env env;
  MDB_dbi entries = 0, by_client = 0, by_signer = 0;
  RejectionRetention retention;
  std::function<int64_t()> clock;
  std::mutex write_mutex;  // one writer; LMDB would serialize, this keeps ids simple

  int64_t Now() const {
    if (clock) return clock();
    return std::chrono::duration_cast<std::chrono::microseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
  }

  Status Put(lmdb::Txn& txn, uint64_t id, const Rejection& r) {
    const std::string value = EncodeEntry(r);
    LEDGER_RETURN_IF_ERROR(txn.Put(entries, lmdb::BigEndian(id), AsBytes(value)));
    LEDGER_RETURN_IF_ERROR(txn.Put(by_client, IndexKey(r.client_id, id), {}));
    return txn.Put(by_signer, IndexKey(r.signer, id), {});
  }

  // Drops the oldest entries past the count, and those past the age.
  Status Prune(lmdb::Txn& txn, int64_t now) {
    LEDGER_ASSIGN_OR_RETURN(uint64_t count, txn.Count(entries));
    for (;;) {
      LEDGER_ASSIGN_OR_RETURN(lmdb::Cursor cur, lmdb::Cursor::Open(txn, entries));
      LEDGER_ASSIGN_OR_RETURN(bool any, cur.Seek({}));
      if (!any) return Status::Ok();
      const uint64_t id = lmdb::ReadBigEndian(cur.key());
      auto r = DecodeEntry(cur.value());
      const bool too_many = count > retention.max_entries;
      const bool too_old = retention.max_age_days != 0 && r.ok() &&
                           r->time_us < now - int64_t(retention.max_age_days) * kMicrosPerDay;
      if (!too_many && !too_old && r.ok()) return Status::Ok();
      if (r.ok()) {
        LEDGER_RETURN_IF_ERROR(txn.Delete(by_client, IndexKey(r->client_id, id)));
        LEDGER_RETURN_IF_ERROR(txn.Delete(by_signer, IndexKey(r->signer, id)));
      }
      LEDGER_RETURN_IF_ERROR(txn.Delete(entries, lmdb::BigEndian(id)));
      --count;
    }
  }

  // The ids filed under `text` in `index`, oldest first.
  Result<std::vector<uint64_t>> IdsUnder(const lmdb::Txn& txn, MDB_dbi index,
                                         std::string_view text) const {
    const std::string prefix = IndexPrefix(text);
    std::vector<uint64_t> ids;
    LEDGER_ASSIGN_OR_RETURN(lmdb::Cursor cur, lmdb::Cursor::Open(txn, index));
    LEDGER_ASSIGN_OR_RETURN(bool more, cur.Seek(AsBytes(prefix)));
    for (; more; more = *cur.Next()) {
      ByteView k = cur.key();
      if (k.size() != prefix.size() + 8 ||
          !std::equal(prefix.begin(), prefix.end(), reinterpret_cast<const char*>(k.data()))) {
        break;
      }
      ids.push_back(lmdb::ReadBigEndian(k.subspan(prefix.size())));
    }
    return ids;
  }
};

RejectionJournal::RejectionJournal(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
RejectionJournal::~RejectionJournal() = default;

Result<std::unique_ptr<RejectionJournal>> RejectionJournal::Open(const std::string& ledger_dir,
                                                                 bool read_only,
                                                                 RejectionRetention retention,
                                                                 std::function<int64_t()> clock) {
  const std::string dir = ledger_dir + "/" + kRejectionsDir;
  std::error_code ec;
  if (read_only && !std::filesystem::exists(dir + "/data.mdb", ec)) {
    return Status::NotFound(ledger_dir + " has no rejection journal (nothing was refused here, "
                                         "or appends were made by an older version)");
  }
  if (!read_only) {
    std::filesystem::create_directories(dir, ec);
    if (ec) return Status::FailedPrecondition("cannot create " + dir + ": " + ec.message());
  }
  // The whole file is walked before LMDB maps it: it is small, and a damaged
  // one must be a named error, never a fault (ledger/file_check.h).
  auto env = lmdb::Env::Open(dir, read_only, read_only ? 0 : kMapBytes, lmdb::FileCheckDepth::kFull);
  if (!env.ok()) return env.status().WithContext("rejection journal " + dir);
  if (!read_only) {
    // Unaudited and rebuildable from nothing: a commit need not wait for the disk.
    LEDGER_RETURN_IF_ERROR(lmdb::FromMdb(mdb_env_set_flags(env->get(), MDB_NOSYNC, 1), "nosync"));
  }
  std::unique_ptr<Impl> impl(new Impl{std::move(*env), 0, 0, 0, retention, std::move(clock), {}});
  LEDGER_ASSIGN_OR_RETURN(lmdb::Txn txn, lmdb::Txn::Begin(impl->env, read_only));
  LEDGER_ASSIGN_OR_RETURN(impl->entries, txn.OpenDb("entries", !read_only));
  LEDGER_ASSIGN_OR_RETURN(impl->by_client, txn.OpenDb("by_client", !read_only));
  LEDGER_ASSIGN_OR_RETURN(impl->by_signer, txn.OpenDb("by_signer", !read_only));
  // Committed even when read-only: LMDB closes the handles of an aborted one.
  LEDGER_RETURN_IF_ERROR(txn.Commit());
  return std::unique_ptr<RejectionJournal>(new RejectionJournal(std::move(impl)));
}

std::unique_ptr<RejectionJournal> RejectionJournal::OpenForAppends(
    const std::string& ledger_dir, RejectionRetention retention,
    const std::function<void(const std::string&)>& log, std::function<int64_t()> clock) {
  auto j = Open(ledger_dir, false, retention, clock);
  if (j.ok()) return std::move(*j);
  const std::string dir = ledger_dir + "/" + kRejectionsDir;
  const std::string aside =
      dir + ".damaged-" +
      std::to_string(std::chrono::duration_cast<std::chrono::seconds>(
                         std::chrono::system_clock::now().time_since_epoch())
                         .count());
  std::error_code ec;
  std::filesystem::rename(dir, aside, ec);
  if (ec) {
    log("rejection journal disabled: " + j.status().message() + "; and it cannot be moved aside: " +
        ec.message());
    return nullptr;
  }
  log("rejection journal moved aside to " + aside + " (" + j.status().message() +
      "); starting a new one");
  j = Open(ledger_dir, false, retention, clock);
  if (j.ok()) return std::move(*j);
  log("rejection journal disabled: " + j.status().message());
  return nullptr;
}

Status RejectionJournal::Record(std::span<const Rejection> entries) {
  if (entries.empty()) return Status::Ok();
  std::lock_guard lock(impl_->write_mutex);
  const int64_t now = impl_->Now();
  auto attempt = [&]() -> Status {
    LEDGER_ASSIGN_OR_RETURN(lmdb::Txn txn, lmdb::Txn::Begin(impl_->env, false));
    uint64_t next = 1;
    {
      LEDGER_ASSIGN_OR_RETURN(lmdb::Cursor cur, lmdb::Cursor::Open(txn, impl_->entries));
      LEDGER_ASSIGN_OR_RETURN(bool any, cur.Last());
      if (any) next = lmdb::ReadBigEndian(cur.key()) + 1;
    }
    for (const Rejection& r : entries) {
      Rejection e = r;
      if (e.time_us == 0) e.time_us = now;
      LEDGER_RETURN_IF_ERROR(impl_->Put(txn, next++, e));
    }
    LEDGER_RETURN_IF_ERROR(impl_->Prune(txn, now));
    return txn.Commit();
  };
  Status s = attempt();
  if (s.code() == Code::kMapFull) {
    // Full: keep half as many and try once more.
    RejectionRetention kept = impl_->retention;
    impl_->retention.max_entries = std::max<uint64_t>(1, kept.max_entries / 2);
    s = attempt();
    impl_->retention = kept;
  }
  return s;
}

Result<std::vector<Rejection>> RejectionJournal::Find(const RejectionQuery& q) const {
  LEDGER_ASSIGN_OR_RETURN(lmdb::Txn txn, lmdb::Txn::Begin(impl_->env, true));
  std::vector<uint64_t> ids;
  if (q.client_id) {
    LEDGER_ASSIGN_OR_RETURN(ids, impl_->IdsUnder(txn, impl_->by_client, *q.client_id));
  } else if (q.signer) {
    LEDGER_ASSIGN_OR_RETURN(ids, impl_->IdsUnder(txn, impl_->by_signer, *q.signer));
  } else {
    LEDGER_ASSIGN_OR_RETURN(lmdb::Cursor cur, lmdb::Cursor::Open(txn, impl_->entries));
    LEDGER_ASSIGN_OR_RETURN(bool more, cur.Seek({}));
    for (; more; more = *cur.Next()) ids.push_back(lmdb::ReadBigEndian(cur.key()));
  }
  std::vector<Rejection> out;
  for (auto it = ids.rbegin(); it != ids.rend() && out.size() < q.limit; ++it) {
    LEDGER_ASSIGN_OR_RETURN(std::optional<ByteView> v,
                            txn.Get(impl_->entries, lmdb::BigEndian(*it)));
    if (!v) continue;  // pruned between the index and the entry: not possible in one snapshot
    LEDGER_ASSIGN_OR_RETURN(Rejection r, DecodeEntry(*v));
    if (q.signer && r.signer != *q.signer) continue;
    out.push_back(std::move(r));
  }
  return out;
}

uint64_t RejectionJournal::Count() const {
  auto txn = lmdb::Txn::Begin(impl_->env, true);
  if (!txn.ok()) return 0;
  auto n = txn->Count(impl_->entries);
  return n.ok() ? *n : 0;
}

}  // namespace ledger
