// libFuzzer target: the proof parsers (inclusion and consistency JSON,
// C2SP tlog-proof text).
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "ledger/proof_formats.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  (void)ledger::ParseInclusionJson(text);
  (void)ledger::ParseConsistencyJson(text);
  (void)ledger::ParseTlogProof(text);
  return 0;
}
