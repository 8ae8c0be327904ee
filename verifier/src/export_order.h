// Where each export record line stands: in order, out of order (lines
// swapped or moved), repeated, or after missing lines. Each disorder is
// reported once, at the first seq it concerns, naming the lines; what it
// breaks downstream (seq gaps, prev_hash links) is not reported again.
// Internal to the export audit.
#ifndef VERIFIER_EXPORT_ORDER_H_
#define VERIFIER_EXPORT_ORDER_H_

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "ledger/encoding.h"
#include "verifier/audit.h"

namespace ledger::verify {

// A line of the export files: which file (an index into the list) and its line number.
struct LineRef {
  uint32_t file = 0;
  uint64_t line = 0;
};

class ExportOrder {
 public:
  enum class Place {
    kNext,       // the seq expected next
    kMisplaced,  // ahead of or behind its place: reported here (now or at Finish)
    kRepeat,     // the same bytes as an earlier line for that seq: reported; leave it out
  };

  ExportOrder(const std::vector<std::string>& files, std::function<void(Problem)> add)
      : files_(files), add_(std::move(add)) {}

  // The next record line, in file order: its seq (from the leaf when it
  // decodes) and record hash.
  Place Take(uint64_t seq, const Hash& record_hash, LineRef at);
  // Seqs skipped and never found later are missing: reported now.
  void Finish();

  std::string Where(LineRef at) const;

 private:
  struct Gap {
    uint64_t end;           // one past the last seq missing
    uint64_t jumped_to;     // the seq on the line where the gap opened
    LineRef at;             // that line
    bool reported = false;  // a late line already showed these lines are out of order
  };
  void Remember(uint64_t seq, const Hash& record_hash, LineRef at);
  void ReportMissing(uint64_t first, const Gap& g);

  static constexpr size_t kRecentLines = 4096;  // repeats are recognised this far back
  static constexpr size_t kMaxGaps = 4096;      // older gaps are reported as missing

  const std::vector<std::string>& files_;
  std::function<void(Problem)> add_;
  uint64_t next_ = 0;
  std::map<uint64_t, Gap> gaps_;  // by first missing seq
  struct Seen {
    Hash record_hash;
    LineRef at;
  };
  std::map<uint64_t, Seen> recent_;
};

}  // namespace ledger::verify

#endif  // VERIFIER_EXPORT_ORDER_H_
