// Byte types and the text encodings the ledger's wire formats use:
// standard padded base64 (RFC 4648 section 4), lower-case hex, UTF-8 checks,
// and decimal numbers as people type and read them.
#ifndef LEDGER_ENCODING_H_
#define LEDGER_ENCODING_H_

#include <array>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "ledger/status.h"

namespace ledger {

using Bytes = std::vector<uint8_t>;
using ByteView = std::span<const uint8_t>;
using Hash = std::array<uint8_t, 32>;  // a SHA-256 digest

inline ByteView AsBytes(std::string_view s) {
  return {reinterpret_cast<const uint8_t*>(s.data()), s.size()};
}
inline std::string_view AsChars(ByteView b) {
  return {reinterpret_cast<const char*>(b.data()), b.size()};
}

std::string Base64Encode(ByteView data);
// Strict: standard alphabet, padding required, no whitespace, canonical
// trailing bits (so every value has exactly one accepted text form).
Result<Bytes> Base64Decode(std::string_view text);
// Base64Decode, and the result must be exactly 32 bytes (a SHA-256 hash or an
// Ed25519 public key).
Result<Hash> Base64DecodeHash(std::string_view text);

std::string HexEncode(ByteView data);
Result<Bytes> HexDecode(std::string_view text);  // upper or lower case

// True when `s` is well-formed UTF-8 (no overlongs, no surrogates, <= U+10FFFF).
bool IsValidUtf8(std::string_view s);
// The code point that starts at `s[i]`, advancing `i` past it. Meant for text
// already checked with IsValidUtf8; on other bytes it returns some value and
// still never reads past the end of `s`.
char32_t DecodeUtf8(std::string_view s, size_t& i);

// A decimal u64 and nothing else; the error names `what` (a flag, a parameter).
Result<uint64_t> ParseUInt(std::string_view text, std::string_view what);
// "1,234,567": the digits of `n` in groups of three, for reports people read.
std::string FormatThousands(uint64_t n);

}  // namespace ledger

#endif  // LEDGER_ENCODING_H_
