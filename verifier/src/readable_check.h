// The readable half of an export record line: its "seq" and "record" object
// must say exactly what decoding its "leaf" gives (events::RecordToJson), so
// that a person reading an export is not shown something the evidence does
// not hold. Internal to the export audit.
#ifndef VERIFIER_READABLE_CHECK_H_
#define VERIFIER_READABLE_CHECK_H_

#include <boost/json/value.hpp>
#include <cstdint>
#include <optional>
#include <string>

#include "ledger/encoding.h"
#include "ledger/record.h"

namespace ledger::verify {

// The first field where the line and the leaf disagree.
struct ReadableMismatch {
  std::string field;     // "seq", "record.event.body.name", "record.flags[0]", "record"
  std::string expected;  // from the leaf, as JSON ("absent" when the leaf has no such field)
  std::string found;     // on the line, as JSON ("absent" when the line has no such field)
};

// `line_seq` is the line's "seq"; `readable` its "record" (null when absent).
// Fields are compared in the order the writer puts them, record_hash last;
// integers compare by value (a parser may read 7 as signed or unsigned).
std::optional<ReadableMismatch> CompareReadable(uint64_t line_seq,
                                                const boost::json::value& readable,
                                                const Record& record, ByteView record_bytes);

}  // namespace ledger::verify

#endif  // VERIFIER_READABLE_CHECK_H_
