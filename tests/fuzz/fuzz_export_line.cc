// libFuzzer target: one line of an export (ParseExportLine), each line of
// the input in turn as a reader of a whole export would.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "ledger/export_format.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  (void)ledger::ParseExportLine(text);
  while (!text.empty()) {
    const size_t end = text.find('\n');
    (void)ledger::ParseExportLine(text.substr(0, end));
    if (end == std::string_view::npos) break;
    text.remove_prefix(end + 1);
  }
  return 0;
}
