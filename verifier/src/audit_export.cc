// AuditExport: the same audit over `ledger export` files. Only the leaf bytes
// and the signed checkpoints are evidence; the readable part of each line
// (its "seq" and "record" object) must say exactly what its leaf holds, and
// the headers must agree with the log key and the records.
// Two passes: a quick one for headers and checkpoint lines (which follow the
// records), then the records through the worker pool, in line order.
#include <chrono>

#include "audit_core.h"
#include "export_order.h"
#include "ledger/export_format.h"
#include "views_check.h"
#include "work_pool.h"

namespace ledger::verify {
namespace {

constexpr size_t kWindow = 2048;

class ExportAudit {
 public:
  ExportAudit(const std::vector<std::string>& files, const AuditOptions& opts)
      : files_(files), opts_(opts), core_(opts), reader_(files), order_(files, [this](Problem p) {
          core_.Add(std::move(p));
        }) {}

  Result<AuditReport> Run() {
    LEDGER_RETURN_IF_ERROR(Prescan());
    LEDGER_RETURN_IF_ERROR(core_.Begin());
    std::unique_ptr<ViewsCheck> views;  // an export carries no views: the flags only
    if (opts_.views) {
      LEDGER_ASSIGN_OR_RETURN(views, ViewsCheck::Start(core_));
      core_.on_record = [&views](uint64_t seq, const WorkItem& w) { views->Record(seq, w); };
    }
    WorkerPool pool(opts_.threads);
    LEDGER_RETURN_IF_ERROR(CheckInWindows(
        pool, opts_.log_key, kWindow, [this](std::vector<WorkItem>& items) { return Fill(items); },
        [this](std::vector<WorkItem>& items, size_t n) {
          for (size_t i = 0; i < n; ++i) ConsumeLine(items[i]);
          if (opts_.progress) opts_.progress(core_.size(), total_);
        }));
    order_.Finish();
    CheckHeaderSizes();
    core_.Finish(/*log_checkpoint_required=*/true);
    if (views) LEDGER_RETURN_IF_ERROR(views->Finish());
    AuditReport report = core_.TakeReport();
    if (views) report.views = views->summary() + "; an export carries no views to compare";
    return report;
  }

 private:
  struct Header {
    uint64_t size;
    std::string where;
  };

  // Headers must name the log key the user trusts; checkpoint lines are
  // collected (they are few) so each is checked when its size is reached.
  Status Prescan() {
    ExportReader r(files_);
    ExportLine line;
    for (;;) {
      LEDGER_ASSIGN_OR_RETURN(bool more, r.Next(line, /*skip_records=*/true));
      if (!more) break;
      if (line.type == ExportLine::Type::kHeader) {
        headers_.push_back({line.size, r.Where()});
        total_ = std::max(total_, line.size);
        if (line.log_key != opts_.log_key.ToString()) {
          core_.Add({kNoSeq, "export-header",
                     r.Where() + ": the export names another log key than the one given",
                     opts_.log_key.ToString(), line.log_key});
        } else if (line.origin != opts_.log_key.name) {
          core_.Add({kNoSeq, "export-header",
                     r.Where() + ": the export names another origin than the log key's name",
                     opts_.log_key.name, line.origin});
        }
      } else if (line.type == ExportLine::Type::kCheckpoint) {
        core_.AddLogCheckpoint(
            line.size, note::OpenCheckpoint(line.note, opts_.log_key),
            "checkpoint line " + r.Where() + " for size " + std::to_string(line.size));
      }
    }
    counted_.assign(headers_.size(), 0);
    return Status::Ok();
  }

  Result<size_t> Fill(std::vector<WorkItem>& items) {
    size_t n = 0;
    ExportLine line;
    while (n < items.size()) {
      LEDGER_ASSIGN_OR_RETURN(bool more, reader_.Next(line));
      if (!more) break;
      if (line.type == ExportLine::Type::kHeader) ++files_begun_;
      if (line.type != ExportLine::Type::kRecord) continue;
      WorkItem& w = items[n++];
      w.key = line.seq;
      w.owned = std::move(line.leaf);
      w.bytes = w.owned;
      w.source_status =
          line.leaf_status.ok() ? Status::Ok() : line.leaf_status.WithContext(reader_.Where());
      w.checkpoint_note = {};
      w.check_readable = true;
      w.line_seq = line.seq;
      w.readable = std::move(line.record);
      w.file_index = static_cast<uint32_t>(files_begun_ - 1);
      w.line_no = reader_.line();
      w.place_reported = false;
    }
    return n;
  }

  // In line order: the leaf's own seq is the record's place (the line's
  // "seq" is readable text, checked with the rest of it).
  void ConsumeLine(WorkItem& w) {
    const LineRef at{w.file_index, w.line_no};
    if (w.decode.ok()) w.key = w.record.seq;
    const ExportOrder::Place place = order_.Take(w.key, w.record_hash, at);
    // A repeat is reported; the tree and the counts are as if it were not there.
    if (place != ExportOrder::Place::kRepeat) {
      w.place_reported = place == ExportOrder::Place::kMisplaced;
      ++counted_[w.file_index];
      core_.Consume(w);
    }
    // After the leaf's own findings: at the same seq, evidence comes first.
    if (w.readable_mismatch && place != ExportOrder::Place::kRepeat) {
      const ReadableMismatch& m = *w.readable_mismatch;
      core_.Add({w.key, "readable-mismatch",
                 order_.Where(at) + ": the line's readable " + m.field +
                     " is not what its leaf holds (the leaf is the evidence: the line was edited)",
                 m.expected, m.found});
    }
  }

  // Each file's header says where its records end.
  void CheckHeaderSizes() {
    uint64_t end = 0;
    for (size_t i = 0; i < headers_.size(); ++i) {
      end += counted_[i];
      const Header& h = headers_[i];
      if (end == h.size) continue;
      core_.Add({std::min(end, h.size), "export-header",
                 "the export header " + h.where + " says the records end at size " +
                     std::to_string(h.size) + ", but they end at size " + std::to_string(end),
                 std::to_string(h.size), std::to_string(end)});
    }
  }

  const std::vector<std::string>& files_;
  const AuditOptions& opts_;
  AuditCore core_;
  ExportReader reader_;
  ExportOrder order_;
  std::vector<Header> headers_;    // one per file
  std::vector<uint64_t> counted_;  // records taken from each file
  size_t files_begun_ = 0;
  uint64_t total_ = 0;
};

}  // namespace

Result<AuditReport> AuditExport(const std::vector<std::string>& files, const AuditOptions& opts) {
  if (files.empty()) return Status::InvalidArgument("no export file given");
  const auto start = std::chrono::steady_clock::now();
  ExportAudit audit(files, opts);
  LEDGER_ASSIGN_OR_RETURN(AuditReport report, audit.Run());
  report.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return report;
}

}  // namespace ledger::verify
