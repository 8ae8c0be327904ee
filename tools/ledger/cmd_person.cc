// `ledger person-commitment`: the salted commitment to a civil register
// number that person.registered carries as register_commitment, computed
// where the department keeps its salt (docs/PRIVACY.md): base64 of
// SHA-256(salt bytes ‖ register number, normalised). Neither the number nor
// the salt ever enters the log.
#include <boost/json.hpp>

#include "cli.h"
#include "ledger/crypto.h"
#include "ledger/encoding.h"
#include "ledger/file_io.h"

namespace ledger::cli {
namespace json = boost::json;

namespace {

// A salt shorter than this could be guessed along with the number.
constexpr size_t kMinSaltBytes = 16;
constexpr size_t kNewSaltBytes = 32;

// Register numbers are written with upper-case letters ("УБ82010203"): the
// lower-case Cyrillic letters (а..я, ё, ө, ү) and Latin a..z are raised,
// surrounding whitespace dropped, so one number has one commitment however
// it was typed. Whitespace or control characters inside are an error.
Result<std::string> NormaliseRegisterNumber(std::string_view text) {
  const size_t first = text.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos) {
    return Status::InvalidArgument("--register-number: must not be empty");
  }
  text = text.substr(first, text.find_last_not_of(" \t\r\n") - first + 1);
  if (!IsValidUtf8(text)) return Status::InvalidArgument("--register-number: not valid UTF-8");
  std::string out;
  for (size_t i = 0; i < text.size(); ++i) {
    const unsigned char c = text[i];
    if (c < 0x20 || c == ' ' || c == 0x7f) {
      return Status::InvalidArgument("--register-number: no spaces or control characters inside");
    }
    if (c >= 'a' && c <= 'z') {
      out += char(c - 'a' + 'A');
      continue;
    }
    if ((c == 0xD0 || c == 0xD1 || c == 0xD2 || c == 0xD3) && i + 1 < text.size()) {
      // Two-byte UTF-8: code point U+0400..U+04FF.
      uint32_t cp = ((c & 0x1Fu) << 6) | (uint8_t(text[i + 1]) & 0x3Fu);
      if (cp >= 0x430 && cp <= 0x44F) {
        cp -= 0x20;  // а..я -> А..Я
      } else if (cp == 0x451) {
        cp = 0x401;  // ё
      } else if (cp == 0x4E9 || cp == 0x4AF) {
        cp -= 1;  // ө -> Ө, ү -> Ү
      }
      out += char(0xC0 | (cp >> 6));
      out += char(0x80 | (cp & 0x3F));
      ++i;
      continue;
    }
    out += char(c);
  }
  return out;
}

int PersonCommitment(const Args& a, Io& io) {
  if (auto path = a.Get("new-salt-file")) {
    Bytes salt(kNewSaltBytes);
    RandomBytes(salt);
    Status s = WriteNewFile(*path, std::string(salt.begin(), salt.end()), 0600, false);
    if (!s.ok()) return Fail(io, s);
    io.err << "wrote a new " << kNewSaltBytes << "-byte salt to " << *path
           << " (mode 0600): keep it with the register, never with the log\n";
    return kExitOk;
  }
  auto number = a.Require("register-number");
  auto salt_path = a.Require("salt-file");
  if (!number.ok()) return Fail(io, number.status());
  if (!salt_path.ok()) return Fail(io, salt_path.status());
  auto normalised = NormaliseRegisterNumber(*number);
  if (!normalised.ok()) return Fail(io, normalised.status());
  auto salt = ReadFile(*salt_path);
  if (!salt.ok()) return Fail(io, salt.status().WithContext("--salt-file"));
  if (salt->size() < kMinSaltBytes) {
    return Fail(io, Status::InvalidArgument("--salt-file: the salt is " +
                                            std::to_string(salt->size()) + " bytes; at least " +
                                            std::to_string(kMinSaltBytes) + " are needed"));
  }
  Sha256Hasher h;
  h.Update(AsBytes(*salt));
  h.Update(AsBytes(*normalised));
  const std::string commitment = Base64Encode(h.Finish());
  if (a.Has("json")) {
    PrintJsonLine(io, json::object{{"register_commitment", commitment}});
  } else {
    io.out << commitment << "\n";
  }
  return kExitOk;
}

}  // namespace

std::vector<Command> PersonCommands() {
  return {
      {"person-commitment",
       "the salted register_commitment of person.registered for a civil register number "
       "(base64 of SHA-256(salt || number))",
       "",
       {{"register-number", true, "the civil register number, e.g. УБ82010203 (case-insensitive)"},
        {"salt-file", true, "the department's salt file (kept with the register, not the log)"},
        {"new-salt-file", true, "instead: create a new random 32-byte salt file (mode 0600)"},
        {"json", false, "print {\"register_commitment\": ...}"}},
       PersonCommitment},
  };
}

}  // namespace ledger::cli
