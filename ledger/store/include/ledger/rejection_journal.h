// The rejection journal: why appends were refused, kept beside the log in an
// LMDB environment of its own (<ledger dir>/rejections/), so that a submitter
// can ask afterwards ("why was mine refused"). It is not part of the log:
// nothing in it is signed, chained or audited, it is bounded (count and age),
// and losing it loses no fact of the ledger (docs/API.md, "Rejections").
#ifndef LEDGER_REJECTION_JOURNAL_H_
#define LEDGER_REJECTION_JOURNAL_H_

#include <boost/json/fwd.hpp>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "ledger/events.h"
#include "ledger/record.h"
#include "ledger/status.h"

namespace ledger {

// The journal's directory inside a ledger directory.
inline constexpr const char* kRejectionsDir = "rejections";

struct Rejection {
  int64_t time_us = 0;     // when it was refused (microseconds since the Unix epoch)
  std::string source;      // "api" or "cli"
  std::string client_id;   // as submitted ("" when the event had none)
  std::string signer;      // base64 of the signer's key as submitted ("" when none)
  std::string event_type;  // as submitted
  uint64_t event = 0;      // the event's number (from 1) in its request or file
  std::string kind;        // the error's code name: INVALID_ARGUMENT, NOT_FOUND, ...
  std::string message;     // the first error, as the submitter was told
  std::vector<std::string> more;  // every further error of the event, when known
};

struct RejectionRetention {
  uint64_t max_entries = 50'000;  // the oldest go first beyond this many
  uint64_t max_age_days = 90;     // 0: no age limit
};

struct RejectionQuery {
  std::optional<std::string> client_id;  // exact
  std::optional<std::string> signer;     // base64 of the key, exact
  uint64_t limit = 100;                  // the newest this many
};

// The entry for event number `event` of a request or file: a parsed
// submission refused with `errors` (at least one), or an event that did not
// parse (what it had of client_id, signer and type).
Rejection RejectionOf(const Submission& sub, uint64_t event, std::span<const Status> errors,
                      std::string source);
Rejection RejectionOf(const events::ParsedEvent& parsed, uint64_t event, std::string source);

// {"time", "source", "client_id", "signer", "type", "event",
//  "error": {"code", "message"}, "more_errors": [...]}: the CLI's and the API's form.
boost::json::object RejectionToJson(const Rejection& r);

class RejectionJournal {
 public:
  // Opens `ledger_dir`/rejections (creating it unless `read_only`). A
  // damaged file is kDamagedFile; a read-only open of a ledger without a
  // journal is NotFound.
  static Result<std::unique_ptr<RejectionJournal>> Open(const std::string& ledger_dir,
                                                        bool read_only,
                                                        RejectionRetention retention = {},
                                                        std::function<int64_t()> clock = {});
  // The open an appender makes: it never stops appends. A journal that cannot
  // be opened (damaged, unreadable) is moved aside as rejections.damaged-<time>
  // and started afresh; if even that fails the answer is null (no journal).
  // Each such step is told to `log`.
  static std::unique_ptr<RejectionJournal> OpenForAppends(
      const std::string& ledger_dir, RejectionRetention retention,
      const std::function<void(const std::string&)>& log, std::function<int64_t()> clock = {});
  ~RejectionJournal();
  RejectionJournal(const RejectionJournal&) = delete;
  RejectionJournal& operator=(const RejectionJournal&) = delete;

  // Records `entries` (time_us 0: now) in one transaction, then drops what
  // the retention no longer keeps. Not synced on commit: a crash may lose the
  // last entries, never the log's. Thread-safe.
  Status Record(std::span<const Rejection> entries);
  // Matching entries, newest first.
  Result<std::vector<Rejection>> Find(const RejectionQuery& query) const;
  uint64_t Count() const;

 private:
  struct Impl;
  explicit RejectionJournal(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace ledger

#endif  // LEDGER_REJECTION_JOURNAL_H_
