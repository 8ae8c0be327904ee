// libFuzzer target: the submission JSON parser POST /v1/events uses
// (events::SubmissionsFromText), with and without required signatures.
#include <cstddef>
#include <cstdint>
#include <boost/json.hpp>
#include <string_view>

#include "ledger/events.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  for (bool require_signature : {true, false}) {
    auto subs = ledger::events::SubmissionsFromText(text, require_signature);
    if (!subs.ok()) continue;
    for (const auto& s : *subs) (void)ledger::events::SubmissionToJson(s);
  }
  return 0;
}
