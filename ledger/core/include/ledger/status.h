// Status and Result<T>: errors as values across component boundaries.
// Codes follow absl::StatusCode where they fit ledger failures (DataLoss for a
// broken chain, PermissionDenied for an unauthorised key, ...).
#ifndef LEDGER_STATUS_H_
#define LEDGER_STATUS_H_

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

namespace ledger {

enum class Code {
  kOk = 0,
  kInvalidArgument,    // malformed or impossible input; nothing was written
  kNotFound,           // a named thing does not exist
  kAlreadyExists,      // e.g. a client id reused for a different submission
  kFailedPrecondition, // the ledger is not in a state that allows this
  kPermissionDenied,   // unknown, revoked or out-of-scope signer
  kDataLoss,           // stored bytes are corrupt or history was altered
  kResourceExhausted,  // the disk is full, or the map cannot grow
  kUnavailable,        // transient: the writer is shutting down
  kInternal,           // a bug: an invariant did not hold
  // The LMDB map is full but can grow. The store grows it and retries the
  // transaction, so its callers never see this code.
  kMapFull,
  // data.mdb's bytes break LMDB's own file format (ledger/file_check.h): a
  // truncated file, a page overwritten. Reading it would crash LMDB, so it is
  // refused before; the message names the file, the page and the database.
  kDamagedFile,
};

std::string_view CodeName(Code code);

class [[nodiscard]] Status {
 public:
  Status() = default;
  Status(Code code, std::string message) : code_(code), message_(std::move(message)) {}

  static Status Ok() { return Status(); }
  static Status InvalidArgument(std::string m) { return {Code::kInvalidArgument, std::move(m)}; }
  static Status NotFound(std::string m) { return {Code::kNotFound, std::move(m)}; }
  static Status AlreadyExists(std::string m) { return {Code::kAlreadyExists, std::move(m)}; }
  static Status FailedPrecondition(std::string m) {
    return {Code::kFailedPrecondition, std::move(m)};
  }
  static Status PermissionDenied(std::string m) { return {Code::kPermissionDenied, std::move(m)}; }
  static Status DataLoss(std::string m) { return {Code::kDataLoss, std::move(m)}; }
  static Status ResourceExhausted(std::string m) {
    return {Code::kResourceExhausted, std::move(m)};
  }
  static Status Unavailable(std::string m) { return {Code::kUnavailable, std::move(m)}; }
  static Status Internal(std::string m) { return {Code::kInternal, std::move(m)}; }
  static Status MapFull(std::string m) { return {Code::kMapFull, std::move(m)}; }
  static Status DamagedFile(std::string m) { return {Code::kDamagedFile, std::move(m)}; }

  bool ok() const { return code_ == Code::kOk; }
  Code code() const { return code_; }
  const std::string& message() const { return message_; }
  // "INVALID_ARGUMENT: body.name: not valid UTF-8"
  std::string ToString() const;
  // Returns a copy whose message is "<prefix>: <message>".
  Status WithContext(std::string_view prefix) const;
  // Further reasons of the same refusal, after this one: a check that found
  // several (every rule an event breaks) keeps the first as the Status and
  // the others here. Empty for almost every Status.
  const std::vector<Status>& more() const { return more_; }
  // A copy with `more` added to the further reasons.
  Status WithMore(std::vector<Status> more) const;
  // This reason (without the further ones), then each further one.
  std::vector<Status> Each() const;

 private:
  Code code_ = Code::kOk;
  std::string message_;
  std::vector<Status> more_;
};

// Holds either a value or a non-OK Status.
template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : v_(std::move(value)) {}  // NOLINT: implicit by design
  Result(Status status) : v_(std::move(status)) {
    if (std::get<Status>(v_).ok()) v_ = Status::Internal("Result built from an OK status");
  }

  bool ok() const { return std::holds_alternative<T>(v_); }
  const Status& status() const {
    static const Status kOk;
    return ok() ? kOk : std::get<Status>(v_);
  }
  T& value() & { return std::get<T>(v_); }
  const T& value() const& { return std::get<T>(v_); }
  T&& value() && { return std::get<T>(std::move(v_)); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }

 private:
  std::variant<T, Status> v_;
};

}  // namespace ledger

#define LEDGER_CONCAT_INNER_(a, b) a##b
#define LEDGER_CONCAT_(a, b) LEDGER_CONCAT_INNER_(a, b)

// The variable is named per line so that a use inside a lambda passed to
// another use does not shadow the outer one.
#define LEDGER_RETURN_IF_ERROR(expr) \
  LEDGER_RETURN_IF_ERROR_IMPL_(LEDGER_CONCAT_(ledger_status_, __LINE__), expr)
#define LEDGER_RETURN_IF_ERROR_IMPL_(tmp, expr) \
  do {                                          \
    ::ledger::Status tmp = (expr);              \
    if (!tmp.ok()) return tmp;                  \
  } while (0)

#define LEDGER_ASSIGN_OR_RETURN_IMPL_(tmp, lhs, expr) \
  auto tmp = (expr);                                  \
  if (!tmp.ok()) return tmp.status();                 \
  lhs = std::move(tmp).value()

#define LEDGER_ASSIGN_OR_RETURN(lhs, expr) \
  LEDGER_ASSIGN_OR_RETURN_IMPL_(LEDGER_CONCAT_(ledger_result_, __LINE__), lhs, expr)

#endif  // LEDGER_STATUS_H_
