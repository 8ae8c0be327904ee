// Status formatting.
#include "ledger/status.h"

namespace ledger {

std::string_view CodeName(Code code) {
  switch (code) {
    case Code::kOk: return "OK";
    case Code::kInvalidArgument: return "INVALID_ARGUMENT";
    case Code::kNotFound: return "NOT_FOUND";
    case Code::kAlreadyExists: return "ALREADY_EXISTS";
    case Code::kFailedPrecondition: return "FAILED_PRECONDITION";
    case Code::kPermissionDenied: return "PERMISSION_DENIED";
    case Code::kDataLoss: return "DATA_LOSS";
    case Code::kResourceExhausted: return "RESOURCE_EXHAUSTED";
    case Code::kUnavailable: return "UNAVAILABLE";
    case Code::kInternal: return "INTERNAL";
    case Code::kMapFull: return "MAP_FULL";
    case Code::kDamagedFile: return "DAMAGED_FILE";
  }
  return "UNKNOWN";
}

std::string Status::ToString() const {
  if (ok()) return "OK";
  std::string out(CodeName(code_));
  out += ": ";
  out += message_;
  return out;
}

Status Status::WithContext(std::string_view prefix) const {
  if (ok()) return *this;
  std::string m(prefix);
  m += ": ";
  m += message_;
  Status out(code_, std::move(m));
  out.more_ = more_;
  return out;
}

Status Status::WithMore(std::vector<Status> more) const {
  Status out = *this;
  for (Status& s : more) {
    std::vector<Status> each = s.Each();
    out.more_.insert(out.more_.end(), each.begin(), each.end());
  }
  return out;
}

std::vector<Status> Status::Each() const {
  std::vector<Status> out{Status(code_, message_)};
  out.insert(out.end(), more_.begin(), more_.end());
  return out;
}

}  // namespace ledger
