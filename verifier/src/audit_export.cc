// AuditExport: the same audit over `ledger export` files. Only the leaf bytes
// and the signed checkpoints count as evidence; the readable "record" objects
// and the header are checked for agreement but prove nothing by themselves.
// Two passes: a quick one for headers and checkpoint lines (which follow the
// records), then the records through the worker pool.
#include <chrono>

#include "audit_core.h"
#include "ledger/export_format.h"
#include "views_check.h"
#include "work_pool.h"

namespace ledger::verify {
namespace {

constexpr size_t kWindow = 2048;

class ExportAudit {
 public:
  ExportAudit(const std::vector<std::string>& files, const AuditOptions& opts)
      : files_(files), opts_(opts), core_(opts), reader_(files) {}

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
          for (size_t i = 0; i < n; ++i) core_.Consume(items[i]);
          if (opts_.progress) opts_.progress(core_.size(), total_);
        }));
    CloseFile();
    core_.Finish(/*log_checkpoint_required=*/true);
    if (views) LEDGER_RETURN_IF_ERROR(views->Finish());
    AuditReport report = core_.TakeReport();
    if (views) report.views = views->summary() + "; an export carries no views to compare";
    return report;
  }

 private:
  // Headers must name the log key the user trusts; checkpoint lines are
  // collected (they are few) so each is checked when its size is reached.
  Status Prescan() {
    ExportReader r(files_);
    ExportLine line;
    for (;;) {
      LEDGER_ASSIGN_OR_RETURN(bool more, r.Next(line, /*skip_records=*/true));
      if (!more) break;
      if (line.type == ExportLine::Type::kHeader) {
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
    return Status::Ok();
  }

  Result<size_t> Fill(std::vector<WorkItem>& items) {
    size_t n = 0;
    ExportLine line;
    while (n < items.size()) {
      LEDGER_ASSIGN_OR_RETURN(bool more, reader_.Next(line));
      if (!more) break;
      if (line.type == ExportLine::Type::kHeader) {
        CloseFile();
        file_end_ = line.size;
        file_where_ = reader_.Where();
        continue;
      }
      if (line.type != ExportLine::Type::kRecord) continue;
      WorkItem& w = items[n++];
      w.key = line.seq;
      w.owned = std::move(line.leaf);
      w.bytes = w.owned;
      w.source_status =
          line.leaf_status.ok() ? Status::Ok() : line.leaf_status.WithContext(reader_.Where());
      w.checkpoint_note = {};
      ++read_;
    }
    return n;
  }

  // Each file's header says where it ends; the records read must reach it.
  void CloseFile() {
    if (!file_end_) return;
    if (read_ != *file_end_) {
      core_.Add({read_ < *file_end_ ? read_ : *file_end_, "export-header",
                 "the export header " + file_where_ + " says the records end at size " +
                     std::to_string(*file_end_) + ", but they end at size " + std::to_string(read_),
                 std::to_string(*file_end_), std::to_string(read_)});
    }
    file_end_.reset();
  }

  const std::vector<std::string>& files_;
  const AuditOptions& opts_;
  AuditCore core_;
  ExportReader reader_;
  uint64_t total_ = 0, read_ = 0;
  std::optional<uint64_t> file_end_;
  std::string file_where_;
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
