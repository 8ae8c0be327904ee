// `ledger export-open --format popolo|ftm`: who holds which post as open
// data (projections/open_data.h), the same bytes as GET /v1/export/popolo
// and /v1/export/ftm, written a piece at a time.
#include <fstream>

#include "cli.h"
#include "projections/civil_ledger.h"
#include "projections/open_data.h"

namespace ledger::cli {
namespace {

int ExportOpen(const Args& a, Io& io) {
  auto format = a.Require("format");
  if (!format.ok()) return Fail(io, format.status());
  auto f = projections::ParseOpenFormat(*format);
  if (!f.ok()) return Fail(io, Status::InvalidArgument("--" + f.status().message()));
  const std::string dir = a.GetOr("dir", DefaultDir());
  auto civil = projections::MakeCivilLedgerOptions(dir, true);
  if (!civil.ok()) return Fail(io, civil.status());
  auto ledger = OpenLedgerAt(dir, civil->ledger);
  if (!ledger.ok()) return Fail(io, ledger.status());
  auto writer = projections::OpenDataWriter::Start(**ledger, *civil->state, *f);
  if (!writer.ok()) return Fail(io, writer.status());
  std::ofstream file;
  std::ostream* out = &io.out;
  if (auto path = a.Get("out")) {
    file.open(*path, std::ios::binary | std::ios::trunc);
    if (!file) return Fail(io, Status::FailedPrecondition("cannot write " + *path));
    out = &file;
  }
  for (std::string piece; (*writer)->Next(piece); piece.clear()) *out << piece;
  out->flush();
  if (!*out) return Fail(io, Status::Internal("the export could not be written"));
  io.err << "exported the holdings of the first " << (*writer)->size() << " records as "
         << *format << "\n";
  return kExitOk;
}

}  // namespace

std::vector<Command> OpenDataCommands() {
  return {
      {"export-open",
       "who holds which post as open data: Popolo JSON or FollowTheMoney entities "
       "(JSON lines), each naming its records (docs/VIEWS.md, \"Open data\")",
       "",
       {DirFlag(),
        {"format", true, "popolo (one JSON document) or ftm (JSON lines)"},
        {"out", true, "write to FILE instead of stdout"}},
       ExportOpen},
  };
}

}  // namespace ledger::cli
