// The witness's wire forms: the add-checkpoint request body, the HTTP
// handler around the state machine, and the witness configuration file.
#include <boost/beast/http.hpp>

#include "api/witness.h"

namespace ledger::api {
namespace http = boost::beast::http;

namespace {

constexpr size_t kMaxProofLines = 63;

// Canonical decimal: no sign, no leading zero (except "0" itself).
Result<uint64_t> CanonicalSize(std::string_view text) {
  if (text.size() > 1 && text[0] == '0') return Status::InvalidArgument("leading zero");
  return ParseUInt(text, "old size");
}

}  // namespace

Result<AddCheckpointRequest> ParseAddCheckpoint(std::string_view body) {
  AddCheckpointRequest r;
  size_t nl = body.find('\n');
  if (nl == std::string_view::npos || body.substr(0, 4) != "old ") {
    return Status::InvalidArgument("the body does not start with an \"old <size>\" line");
  }
  LEDGER_ASSIGN_OR_RETURN(r.old_size, CanonicalSize(body.substr(4, nl - 4)));
  size_t pos = nl + 1;
  for (;;) {
    nl = body.find('\n', pos);
    if (nl == std::string_view::npos) {
      return Status::InvalidArgument("no empty line before the checkpoint");
    }
    std::string_view line = body.substr(pos, nl - pos);
    pos = nl + 1;
    if (line.empty()) break;
    if (r.proof.size() == kMaxProofLines) {
      return Status::InvalidArgument("more than 63 consistency proof lines");
    }
    auto h = Base64DecodeHash(line);
    if (!h.ok()) return h.status().WithContext("consistency proof line");
    r.proof.push_back(*h);
  }
  r.checkpoint = std::string(body.substr(pos));
  if (r.checkpoint.empty()) return Status::InvalidArgument("no checkpoint after the empty line");
  return r;
}

std::string AddCheckpointBody(const AddCheckpointRequest& r) {
  std::string out = "old " + std::to_string(r.old_size) + "\n";
  for (const Hash& h : r.proof) out += Base64Encode(h) + "\n";
  return out + "\n" + r.checkpoint;
}

Response Witness::Handle(const Request& request) {
  Response res;
  res.version(request.version());
  res.keep_alive(request.keep_alive());
  res.set(http::field::cache_control, "no-store");
  std::string_view target(request.target().data(), request.target().size());
  target = target.substr(0, target.find('?'));
  constexpr std::string_view kEndpoint = "/add-checkpoint";
  const bool is_add = target.size() >= kEndpoint.size() &&
                      target.substr(target.size() - kEndpoint.size()) == kEndpoint;
  WitnessAnswer a;
  if (!is_add) {
    a = {404, "text/plain; charset=utf-8", "not found: POST <prefix>/add-checkpoint\n"};
  } else if (request.method() != http::verb::post) {
    a = {405, "text/plain; charset=utf-8", "use POST\n"};
    res.set(http::field::allow, "POST");
  } else {
    a = AddCheckpoint(request.body());
  }
  res.result(static_cast<http::status>(a.status));
  res.set(http::field::content_type, a.content_type);
  res.body() = std::move(a.body);
  res.prepare_payload();
  return res;
}

Result<Witness::Options> ParseWitnessConfig(std::string_view text) {
  Witness::Options o;
  size_t n = 0;
  for (size_t start = 0; start < text.size();) {
    size_t nl = text.find('\n', start);
    std::string_view line = text.substr(start, nl == std::string_view::npos ? nl : nl - start);
    start = nl == std::string_view::npos ? text.size() : nl + 1;
    ++n;
    while (!line.empty() && (line.back() == ' ' || line.back() == '\t' || line.back() == '\r')) {
      line.remove_suffix(1);
    }
    while (!line.empty() && (line.front() == ' ' || line.front() == '\t')) line.remove_prefix(1);
    if (line.empty() || line.front() == '#') continue;
    const std::string where = "witness config line " + std::to_string(n);
    size_t sp = line.find_first_of(" \t");
    std::string_view kw = line.substr(0, sp), arg;
    if (sp != std::string_view::npos) {
      arg = line.substr(sp + 1);
      while (!arg.empty() && (arg.front() == ' ' || arg.front() == '\t')) arg.remove_prefix(1);
    }
    if (arg.empty() || arg.find_first_of(" \t") != std::string_view::npos) {
      return Status::InvalidArgument(where + ": want \"name <key name>\" or \"log <vkey>\"");
    }
    if (kw == "name") {
      LEDGER_RETURN_IF_ERROR(note::ValidateKeyName(arg).WithContext(where));
      o.name = std::string(arg);
    } else if (kw == "log") {
      auto key = note::VerifierKey::Parse(arg);
      if (!key.ok()) return key.status().WithContext(where);
      o.logs.push_back(*key);
    } else {
      return Status::InvalidArgument(where + ": unknown keyword \"" + std::string(kw) + "\"");
    }
  }
  if (o.logs.empty()) return Status::InvalidArgument("the witness config lists no log");
  return o;
}

}  // namespace ledger::api
