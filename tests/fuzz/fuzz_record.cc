// libFuzzer target: the record decoder (DecodeRecord) on arbitrary bytes.
// Decoding is strict, so a record it accepts must re-encode to exactly
// the bytes it came from.
#include <algorithm>
#include <cstddef>
#include <cstdint>

#include "ledger/record.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  auto record = ledger::DecodeRecord(ledger::ByteView(data, size));
  if (!record.ok()) return 0;
  const ledger::Bytes again = ledger::EncodeRecord(*record);
  if (again.size() != size || !std::equal(again.begin(), again.end(), data)) __builtin_trap();
  return 0;
}
