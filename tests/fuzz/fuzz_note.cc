// libFuzzer target: the signed-note parser (note::Parse), the checkpoint
// body parser and a verification against a fixed key.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "ledger/note.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const ledger::note::VerifierKey kKey = ledger::note::VerifierKey::ForKey(
      "ledger.example.mn/fuzz", ledger::SigningKey::Generate().public_key());
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto parsed = ledger::note::Parse(text);
  if (parsed.ok()) (void)ledger::note::Checkpoint::ParseBody(parsed->text);
  (void)ledger::note::Checkpoint::ParseBody(text);
  (void)ledger::note::OpenCheckpoint(text, kKey);
  (void)ledger::note::VerifierKey::Parse(text);
  return 0;
}
