// ExportOrder (export_order.h): the expected seq, the gaps still open, and
// the last few thousand lines' record hashes to tell a repeat from a forgery.
#include "export_order.h"

namespace ledger::verify {
namespace {

std::string Seq(uint64_t s) { return "seq " + std::to_string(s); }

}  // namespace

std::string ExportOrder::Where(LineRef at) const {
  const std::string& file = at.file < files_.size() ? files_[at.file] : std::string("-");
  return file + ":" + std::to_string(at.line);
}

ExportOrder::Place ExportOrder::Take(uint64_t seq, const Hash& record_hash, LineRef at) {
  if (seq == next_) {
    next_ = seq + 1;
    Remember(seq, record_hash, at);
    return Place::kNext;
  }
  if (seq > next_) {
    // Lines skipped: missing, or coming later (out of order). Decided later.
    gaps_[next_] = Gap{seq, seq, at};
    if (gaps_.size() > kMaxGaps) {
      auto oldest = gaps_.begin();
      ReportMissing(oldest->first, oldest->second);
      gaps_.erase(oldest);
    }
    next_ = seq + 1;
    Remember(seq, record_hash, at);
    return Place::kMisplaced;
  }
  // Behind: a seq skipped earlier arriving late, a repeated line, or a second
  // record under a seq already seen.
  auto gap = gaps_.upper_bound(seq);
  if (gap != gaps_.begin() && seq < std::prev(gap)->second.end) {
    --gap;
    const uint64_t first = gap->first;
    Gap g = gap->second;
    if (!g.reported) {
      add_({first, "seq",
            Where(g.at) + " holds seq " + std::to_string(g.jumped_to) + " where seq " +
                std::to_string(first) + " was expected: lines out of order (seq " +
                std::to_string(seq) + " is at " + Where(at) + ")",
            Seq(first), Seq(g.jumped_to)});
      g.reported = true;
    }
    gaps_.erase(gap);
    if (first < seq) gaps_[first] = Gap{seq, g.jumped_to, g.at, true};
    if (seq + 1 < g.end) gaps_[seq + 1] = Gap{g.end, g.jumped_to, g.at, true};
    Remember(seq, record_hash, at);
    return Place::kMisplaced;
  }
  if (auto seen = recent_.find(seq); seen != recent_.end()) {
    if (seen->second.record_hash == record_hash) {
      add_({seq, "seq",
            Where(at) + " repeats the line for seq " + std::to_string(seq) + " (" +
                Where(seen->second.at) + "): a line was duplicated; the repeat is left out",
            "seq " + std::to_string(next_), Seq(seq)});
      return Place::kRepeat;
    }
    add_({seq, "seq",
          Where(at) + " holds a second, different record with seq " + std::to_string(seq) +
              " (the first is at " + Where(seen->second.at) + ")",
          Seq(next_), Seq(seq)});
    return Place::kMisplaced;
  }
  add_({seq, "seq",
        Where(at) + " holds seq " + std::to_string(seq) + " where seq " + std::to_string(next_) +
            " was expected: out of order or repeated",
        Seq(next_), Seq(seq)});
  return Place::kMisplaced;
}

void ExportOrder::Finish() {
  for (const auto& [first, g] : gaps_) ReportMissing(first, g);
  gaps_.clear();
}

void ExportOrder::ReportMissing(uint64_t first, const Gap& g) {
  const uint64_t last = g.end - 1;
  add_({first, "missing-record",
        (first == last ? "record " + std::to_string(first) + " is missing"
                       : "records " + std::to_string(first) + " to " + std::to_string(last) +
                             " are missing") +
            " (" + Where(g.at) + " holds seq " + std::to_string(g.jumped_to) + " where seq " +
            std::to_string(first) + " was expected)",
        Seq(first), Seq(g.jumped_to)});
}

void ExportOrder::Remember(uint64_t seq, const Hash& record_hash, LineRef at) {
  recent_[seq] = Seen{record_hash, at};
  if (recent_.size() > kRecentLines) recent_.erase(recent_.begin());
}

}  // namespace ledger::verify
