// POST /v1/events: signed events through the group-commit writer, and
// POST /v1/events?dry_run=true: one event tried in a transaction that is aborted.
#include <sys/statvfs.h>

#include <boost/beast/http.hpp>
#include <boost/json.hpp>
#include <future>
#include <optional>

#include "http_util.h"
#include "ledger/events.h"
#include "ledger/submission_budget.h"
#include "ledger/wire.h"

namespace ledger::api {
namespace http = boost::beast::http;
namespace json = boost::json;

namespace {

// Below this much free space a failed commit is taken for a full disk.
constexpr uint64_t kNearlyFullBytes = uint64_t{4} << 20;

// LMDB reports a short write on a full disk as EIO ("Input/output error"),
// not ENOSPC: look at the disk before calling it an I/O error. Either way
// the detail says it is the disk.
Status NameAFullDisk(const Status& s, const std::string& data_dir) {
  if (s.code() == Code::kResourceExhausted) {
    return Status::ResourceExhausted("the disk holding the ledger is full: " + s.message());
  }
  if (s.code() != Code::kInternal || data_dir.empty()) return s;
  struct statvfs fs {};
  if (::statvfs(data_dir.c_str(), &fs) != 0) return s;
  const uint64_t free_bytes = uint64_t{fs.f_bavail} * fs.f_frsize;
  if (free_bytes >= kNearlyFullBytes) return s;
  return Status::ResourceExhausted("the disk holding " + data_dir + " is full (" +
                                   std::to_string(free_bytes) + " bytes free): " + s.message());
}

// "event 2: body.post: required field is missing" -> 2 and the rest.
std::pair<size_t, std::string_view> EventOf(std::string_view message) {
  constexpr std::string_view kEvent = "event ";
  if (!message.starts_with(kEvent)) return {0, message};
  size_t colon = message.find(": ");
  auto n = ParseUInt(message.substr(kEvent.size(), colon - kEvent.size()), "event");
  if (!n.ok() || colon == std::string_view::npos) return {0, message};
  return {*n, message.substr(colon + 2)};
}

// The problem for a request whose first rejected event is `first_event`,
// carrying every event's result line: the same for real and dry runs.
Response RejectionProblem(const Context& c, const Status& first_error, size_t first_event,
                          json::array results) {
  json::object extra{{"event", first_event},
                     {"results", std::move(results)},
                     {"size", c.ledger.Size()},
                     {"errors", ErrorsJson(first_error.Each())}};
  if (std::string field = FieldOf(first_error.message()); !field.empty()) extra["field"] = field;
  return ProblemResponse(c.request, HttpStatus(first_error.code()), CodeName(first_error.code()),
                         "event " + std::to_string(first_event) + ": " + first_error.message(),
                         std::move(extra));
}

// The answer when parsing a body took more CPU than --parse-cpu-budget:
// nothing was appended, and smaller requests would each fit.
Response ParseBudgetProblem(const Context& c, const Status& stopped) {
  const auto budget_ms =
      std::chrono::duration_cast<std::chrono::milliseconds>(c.options.parse_cpu_budget).count();
  return ProblemResponse(
      c.request, http::status::payload_too_large, "PARSE_BUDGET",
      stopped.message() +
          ". Nothing was appended: the server spends at most that much CPU parsing one request "
          "body (ledger serve --parse-cpu-budget). Split the events over several smaller "
          "requests and send them one after another.",
      json::object{{"budget_ms", budget_ms}, {"bytes", c.request.body().size()}});
}

// Parses the body as a submission does: all or nothing, the first bad
// event named, within the CPU budget. The error is the problem to answer.
std::optional<CpuBudget> ParseBudget(const Context& c) {
  std::optional<CpuBudget> budget;
  if (c.options.parse_cpu_budget.count() > 0) budget.emplace(c.options.parse_cpu_budget);
  return budget;
}

Result<std::vector<Submission>> ParseSubmissions(const Context& c, Response& problem) {
  std::optional<CpuBudget> budget = ParseBudget(c);
  auto subs = events::SubmissionsFromText(c.request.body(), /*require_signature=*/true,
                                          budget ? &*budget : nullptr);
  if (!subs.ok() && subs.status().code() == Code::kResourceExhausted && budget) {
    problem = ParseBudgetProblem(c, subs.status());
    return subs;
  }
  // An empty array and an empty body are the same mistake.
  if (subs.ok() && subs->empty()) subs = Status::InvalidArgument("the input has no events");
  if (!subs.ok()) {
    auto [event, rest] = EventOf(subs.status().message());
    json::object extra;
    if (event) extra["event"] = event;
    if (std::string field = FieldOf(rest); !field.empty()) extra["field"] = field;
    problem = ProblemResponse(c.request, HttpStatus(subs.status().code()),
                              CodeName(subs.status().code()), subs.status().message(),
                              std::move(extra));
  }
  return subs;
}

// A body that did not parse: its events read one by one, each malformed one
// journalled with every error it has (and the client_id it names, if any).
void JournalMalformed(const Context& c) {
  if (!c.options.rejections) return;
  // A fresh budget: a body that spent one is answered, not journalled.
  std::optional<CpuBudget> budget = ParseBudget(c);
  auto each = events::ParseEventsEach(c.request.body(), /*require_signature=*/true,
                                      budget ? &*budget : nullptr);
  if (!each.ok()) return;  // not JSON, or too dear: nothing to file it under
  std::vector<Rejection> refused;
  for (size_t i = 0; i < each->size(); ++i) {
    if (!(*each)[i].errors.empty()) refused.push_back(RejectionOf((*each)[i], i + 1, "api"));
  }
  JournalRejections(c, refused);
}

Response ReadOnly(const Context& c) {
  auto res = ProblemResponse(c.request, http::status::method_not_allowed, "METHOD_NOT_ALLOWED",
                             "this server is read-only");
  res.set(http::field::allow, "GET, HEAD, OPTIONS");
  return res;
}

}  // namespace

// Answers only after the commit: an acknowledged event is on disk. All or
// nothing at parse time: one malformed event rejects the request and appends
// none; after that each event succeeds or fails alone.
Response PostEvents(const Context& c) {
  if (!c.appender) return ReadOnly(c);
  Response problem;
  auto subs = ParseSubmissions(c, problem);
  if (!subs.ok()) {
    // A body over the parse budget is not read a second time to journal it.
    if (subs.status().code() != Code::kResourceExhausted) JournalMalformed(c);
    return problem;
  }
  const auto submitted = std::chrono::steady_clock::now();
  std::vector<std::future<AppendOutcome>> pending;
  pending.reserve(subs->size());
  // What a refusal is filed under in the journal, kept before the move.
  std::vector<Submission> about;
  if (c.options.rejections) about.reserve(subs->size());
  for (auto& s : *subs) {
    if (c.options.rejections) about.push_back(Submission{s.event_type, s.schema_version, {}, s.client_id, s.signer, {}});
    pending.push_back(c.appender->Submit(std::move(s)));
  }
  json::array results;
  size_t appended = 0;
  std::optional<Status> first_error;
  size_t first_event = 0;
  std::vector<Rejection> refused;
  for (size_t i = 0; i < pending.size(); ++i) {
    AppendOutcome o = pending[i].get();
    o.status = NameAFullDisk(o.status, c.options.data_dir);
    json::object line = AppendOutcomeJson(i + 1, o);
    if (o.status.ok()) {
      appended += !o.duplicate;
    } else {
      if (c.options.rejections) {
        const std::vector<Status> reasons = o.status.Each();
        refused.push_back(RejectionOf(about[i], i + 1, reasons, "api"));
      }
      if (!first_error) {
        first_error = o.status;
        first_event = i + 1;
      }
    }
    results.push_back(std::move(line));
  }
  JournalRejections(c, refused);
  c.metrics.ObserveAppend(pending.size(), std::chrono::steady_clock::now() - submitted);
  // One status for the whole request: the first rejection's, else 201 when
  // something new was appended, else 200 (every event was a replay).
  if (!first_error) {
    json::object body{{"results", std::move(results)}, {"size", c.ledger.Size()}};
    return JsonResponse(c.request, appended ? http::status::created : http::status::ok, body);
  }
  // Not 2xx: a problem naming the first rejected event, with every event's line.
  return RejectionProblem(c, *first_error, first_event, std::move(results));
}

// Every check of a real submission, nothing written. One event a request:
// a form asks about the one it is about to send.
Response PostEventsDryRun(const Context& c) {
  if (!c.appender) return ReadOnly(c);
  // Read alone, so that a malformed event is answered with every error it has.
  std::optional<CpuBudget> budget = ParseBudget(c);
  auto each = events::ParseEventsEach(c.request.body(), /*require_signature=*/true,
                                      budget ? &*budget : nullptr);
  if (!each.ok() && each.status().code() == Code::kResourceExhausted && budget) {
    return ParseBudgetProblem(c, each.status());
  }
  if (each.ok() && each->empty()) each = Status::InvalidArgument("the input has no events");
  if (!each.ok()) return ErrorResponse(c.request, each.status());
  if (each->size() != 1) {
    return ErrorResponse(c.request, Status::InvalidArgument(
                                        "a dry run takes one event; this body holds " +
                                        std::to_string(each->size())));
  }
  const events::ParsedEvent& event = each->front();
  if (!event.submission) {
    const Status& first = event.errors.front();
    json::object extra{{"event", 1}, {"dry_run", true}, {"errors", ErrorsJson(event.errors)}};
    if (std::string field = FieldOf(first.message()); !field.empty()) extra["field"] = field;
    return ProblemResponse(c.request, HttpStatus(first.code()), CodeName(first.code()),
                           "event 1: " + first.message(), std::move(extra));
  }
  auto tried = c.ledger.DryRunBatch(std::span(&*event.submission, 1));
  if (!tried.ok()) {
    return ErrorResponse(c.request, NameAFullDisk(tried.status(), c.options.data_dir));
  }
  Ledger::DryRunOutcome& d = tried->front();
  AppendOutcome& o = d.outcome;
  o.status = NameAFullDisk(o.status, c.options.data_dir);
  json::object line = AppendOutcomeJson(1, o);
  if (!o.status.ok()) {
    json::array results;
    results.push_back(std::move(line));
    Response res = RejectionProblem(c, o.status, 1, std::move(results));
    // Every error found, not only the first a real submission stops at.
    json::value body = json::parse(res.body());
    body.as_object()["errors"] = ErrorsJson(d.errors);
    res.body() = json::serialize(body);
    res.prepare_payload();
    return res;
  }
  json::object body{{"dry_run", true}, {"duplicate", o.duplicate}, {"flags", line["flags"]},
                    {"size", c.ledger.Size()}};
  // A replay would be answered with the seq it already has.
  body[o.duplicate ? "seq" : "would_be_seq"] = o.seq;
  return JsonResponse(c.request, http::status::ok, body);
}

}  // namespace ledger::api
