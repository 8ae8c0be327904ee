// Whole-file reads and durable whole-file writes with errors that name the
// path. Shared by the store, the verifier and the programs.
#ifndef LEDGER_FILE_IO_H_
#define LEDGER_FILE_IO_H_

#include <string>
#include <string_view>

#include "ledger/status.h"

namespace ledger {

// The whole file; NotFound (naming the path and the reason) when it cannot be read.
Result<std::string> ReadFile(const std::string& path);

// Writes `data` to PATH.tmp, fsyncs it, renames it over `path` and fsyncs
// the directory, so after an OK return a crash leaves either the old file
// or the new one, never a mix and never neither. Creates missing parent
// folders. ResourceExhausted when the disk is full.
Status WriteFileDurably(const std::string& path, std::string_view data, unsigned mode);

}  // namespace ledger

#endif  // LEDGER_FILE_IO_H_
