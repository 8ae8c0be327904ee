// AuditReport as text for people and as one JSON document for programs.
// Both carry the same facts: the summary, then the first problems with their
// evidence and the checkpoint each contradicts, then the total count.
#include <boost/json.hpp>
#include <cstdio>
#include <sstream>

#include "audit_core.h"
#include "ledger/encoding.h"

namespace ledger::verify {
namespace json = boost::json;

namespace {

std::string Count(uint64_t n, const std::string& noun) {
  return FormatThousands(n) + " " + noun + (n == 1 ? "" : "s");
}

std::string Seconds(double s) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.2f s", s);
  return buf;
}

std::string Subject(const Problem& p) {
  if (p.seq != kNoSeq) return "record " + std::to_string(p.seq);
  return p.kind.starts_with("checkpoint") ? "checkpoint" : "ledger";
}

void PrintProblem(std::ostringstream& out, const Problem& p, const char* indent) {
  out << indent << Subject(p) << " [" << p.kind << "]: " << p.what << "\n";
  if (!p.expected.empty() || !p.found.empty()) {
    out << indent << "  expected: " << p.expected << "\n";
    out << indent << "  found:    " << p.found << "\n";
  }
  if (!p.checkpoint.empty()) out << indent << "  contradicts: " << p.checkpoint << "\n";
}

}  // namespace

json::object AuditReport::ToJson() const {
  json::object o;
  o["ok"] = ok();
  o["origin"] = origin;
  o["records"] = records;
  o["signers"] = signers;
  o["checkpoints_checked"] = checkpoints_checked;
  o["kept_checkpoints_checked"] = kept_checkpoints_checked;
  o["checkpoints_failed"] = checkpoints_failed;
  o["root"] = B64(root);
  o["seconds"] = seconds;
  o["records_per_second"] = seconds > 0 ? double(records) / seconds : 0.0;
  o["views"] = views;
  o["problem_count"] = problem_count;
  json::array list;
  for (const Problem& p : problems) {
    json::object j;
    if (p.seq == kNoSeq) {
      j["seq"] = nullptr;
    } else {
      j["seq"] = p.seq;
    }
    j["kind"] = p.kind;
    j["what"] = p.what;
    j["expected"] = p.expected;
    j["found"] = p.found;
    j["checkpoint"] = p.checkpoint;
    list.push_back(std::move(j));
  }
  o["problems"] = std::move(list);
  return o;
}

std::string AuditReport::ToText() const {
  std::ostringstream out;
  const std::string rate =
      seconds > 0 ? FormatThousands(static_cast<uint64_t>(double(records) / seconds)) + " records/s"
                  : "";
  const std::string facts = Count(records, "record") + ", " + Count(signers, "signer") + ", " +
                            Count(checkpoints_checked, "checkpoint") + " checked (" +
                            std::to_string(kept_checkpoints_checked) + " kept by you), " +
                            Seconds(seconds) + (rate.empty() ? "" : " (" + rate + ")");
  if (ok()) {
    out << "VERIFIED " << (origin.empty() ? std::string("ledger") : origin) << ": " << facts
        << "\n";
    out << "root at size " << records << ": " << B64(root) << "\n";
    out << "flags and views: " << views << "\n";
    return out.str();
  }
  out << "FAILED " << (origin.empty() ? std::string("ledger") : origin) << ": " << facts << "\n";
  if (!problems.empty()) {
    out << "first problem:\n";
    PrintProblem(out, problems.front(), "  ");
  }
  if (problems.size() > 1) {
    out << "next problems:\n";
    for (size_t i = 1; i < problems.size(); ++i) PrintProblem(out, problems[i], "  ");
  }
  if (problem_count > problems.size()) {
    out << "(" << FormatThousands(problem_count - problems.size()) << " more not listed)\n";
  }
  if (checkpoints_failed > 0) {
    out << FormatThousands(checkpoints_failed) << " of " << FormatThousands(checkpoints_checked)
        << " checkpoints do not hold for these records\n";
  }
  out << "flags and views: " << views << "\n";
  out << FormatThousands(problem_count) << (problem_count == 1 ? " problem" : " problems")
      << " in total\n";
  return out.str();
}

}  // namespace ledger::verify
