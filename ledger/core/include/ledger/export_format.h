// The export file format (`ledger export`): JSON Lines, one object per line.
//   {"type":"header","format":"civil-service-ledger-export/1","origin":...,"log_key":...,"size":N}
//   {"type":"record","seq":N,"leaf":"<base64 record bytes>","record":{...}}  (seq ascending)
//   {"type":"checkpoint","size":N,"note":"<signed checkpoint note>"}
// The "record" object is for people; the audit checks that it says exactly
// what decoding "leaf" gives. Writers and a streaming reader live here so both
// sides share one definition.
#ifndef LEDGER_EXPORT_FORMAT_H_
#define LEDGER_EXPORT_FORMAT_H_

#include <boost/json/value.hpp>
#include <cstdint>
#include <fstream>
#include <string>
#include <string_view>
#include <vector>

#include "ledger/encoding.h"
#include "ledger/note.h"
#include "ledger/status.h"

namespace ledger {

inline constexpr std::string_view kExportFormat = "civil-service-ledger-export/1";

// Each returns one line without the trailing newline.
std::string ExportHeaderLine(const note::VerifierKey& log_key, uint64_t size);
// Adds the human-readable "record" object when the bytes decode as a record.
std::string ExportRecordLine(uint64_t seq, ByteView record_bytes);
std::string ExportCheckpointLine(uint64_t size, std::string_view signed_note);

struct ExportLine {
  enum class Type { kHeader, kRecord, kCheckpoint } type = Type::kRecord;
  std::string format, origin, log_key;  // header
  uint64_t size = 0;                    // header, checkpoint
  uint64_t seq = 0;                     // record
  Bytes leaf;                           // record: decoded "leaf"
  Status leaf_status;                   // record: "leaf" is not valid base64
  boost::json::value record;            // record: the readable "record" object (null if absent)
  std::string note;                     // checkpoint
};

// InvalidArgument when the line is not an export object (bad JSON, missing
// or mistyped keys). A record whose leaf is not base64 parses, with
// leaf_status set, so the audit can name its seq.
Result<ExportLine> ParseExportLine(std::string_view line);

// Reads export files in order, line by line. Every file must begin with a
// header line; an empty file is an InvalidArgument error naming it.
class ExportReader {
 public:
  explicit ExportReader(std::vector<std::string> files) : files_(std::move(files)) {}
  // Next line: false at the end of the last file. Errors name FILE:LINE.
  // `skip_records`: record lines written as the ledger writes them (starting
  // {"type":"record") are passed over unparsed: a quick first pass.
  Result<bool> Next(ExportLine& out, bool skip_records = false);
  // "FILE:LINE" of the line last returned.
  std::string Where() const;
  const std::string& file() const { return files_[file_index_ - 1]; }
  uint64_t line() const { return line_no_; }
  // Whether the line last returned was the first of its file.
  bool first_of_file() const { return line_no_ == first_line_; }

 private:
  std::vector<std::string> files_;
  size_t file_index_ = 0;  // files opened so far
  std::ifstream in_;
  std::string buf_;
  uint64_t line_no_ = 0, first_line_ = 0;
};

}  // namespace ledger

#endif  // LEDGER_EXPORT_FORMAT_H_
