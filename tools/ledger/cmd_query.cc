// `ledger query <view>` (the views of projections/civil_queries.h as JSON
// lines, CSV or a text table) and `ledger rebuild` (replay the log into
// fresh projections).
#include <boost/json.hpp>
#include <chrono>
#include <iomanip>
#include <iostream>

#include "cli.h"
#include "projections/civil_ledger.h"
#include "projections/civil_queries.h"
#include "projections/view_io.h"

namespace ledger::cli {
namespace json = boost::json;
namespace {

// Display width of UTF-8 text: one column per code point (Cyrillic included).
size_t Width(const std::string& s) {
  size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

void PrintTable(const projections::Table& t, std::ostream& out) {
  constexpr size_t kMaxCell = 48;
  std::vector<std::vector<std::string>> cells;
  std::vector<size_t> width(t.columns.size());
  for (size_t c = 0; c < t.columns.size(); ++c) width[c] = Width(t.columns[c]);
  for (const auto& row : t.rows) {
    auto& line = cells.emplace_back();
    for (size_t c = 0; c < row.size(); ++c) {
      std::string s = projections::CellText(row[c]);
      if (Width(s) > kMaxCell) {
        size_t cut = 0, n = 0;
        while (cut < s.size() && n < kMaxCell - 1) n += (uint8_t(s[++cut]) & 0xC0) != 0x80;
        s = s.substr(0, cut) + "…";
      }
      width[c] = std::max(width[c], Width(s));
      line.push_back(std::move(s));
    }
  }
  auto print = [&](const std::vector<std::string>& line) {
    for (size_t c = 0; c < line.size(); ++c) {
      out << line[c]
          << (c + 1 < line.size() ? std::string(width[c] - Width(line[c]) + 2, ' ') : "");
    }
    out << "\n";
  };
  print(t.columns);
  for (const auto& line : cells) print(line);
}

// The numeric flags (--offset, --limit, --as-of-seq, --quota) are parsed by
// ParseQueryOptions, the one definition the HTTP API shares: its errors are
// usage errors that name the parameter, made the flag's name below.
Result<projections::QueryOptions> Options(const Args& a) {
  auto options = projections::ParseQueryOptions([&](std::string_view name) {
    std::string flag(name);
    return flag == "elections" && a.Has(flag) ? std::optional<std::string>("true") : a.Get(flag);
  });
  if (options.ok()) return options;
  // The message starts with the parameter's name: make it the flag's.
  return Status(options.status().code(), "--" + options.status().message());
}

int Query(const Args& a, Io& io) {
  if (a.positional().size() != 1) {
    return Fail(io,
                Status::InvalidArgument("name one view: holders, history, service, staffing, "
                                        "turnover, gender, breaches, tenure, findings, titles"));
  }
  const std::string format = a.GetOr("format", "json");
  if (format != "json" && format != "csv" && format != "table") {
    return Fail(io, Status::InvalidArgument("--format must be json, csv or table"));
  }
  auto opts = Options(a);
  if (!opts.ok()) return Fail(io, opts.status());
  const std::string dir = a.GetOr("dir", DefaultDir());
  auto civil = projections::MakeCivilLedgerOptions(dir, true);
  if (!civil.ok()) return Fail(io, civil.status());
  auto ledger = OpenLedgerAt(dir, civil->ledger);
  if (!ledger.ok()) return Fail(io, ledger.status());
  projections::CivilQueries queries(**ledger, *civil->state);
  auto table = queries.Run(a.positional()[0], *opts);
  if (!table.ok()) return Fail(io, table.status());
  if (format == "table") {
    PrintTable(*table, io.out);
  } else if (format == "csv") {
    io.out << projections::TableCsv(*table);
  } else {
    for (size_t r = 0; r < table->rows.size(); ++r) {
      PrintJsonLine(io, projections::RowObject(*table, r));
    }
  }
  io.err << "rows " << (table->rows.empty() ? 0 : opts->offset + 1) << "-"
         << opts->offset + table->rows.size() << " of " << table->total << "\n";
  return kExitOk;
}

int Rebuild(const Args& a, Io& io) {
  const std::string dir = a.GetOr("dir", DefaultDir());
  auto civil = projections::MakeCivilLedgerOptions(dir, false);
  if (!civil.ok()) return Fail(io, civil.status());
  civil->ledger.progress = TerminalProgress();
  auto ledger = OpenLedgerAt(dir, civil->ledger);
  if (!ledger.ok()) return Fail(io, ledger.status());
  const auto start = std::chrono::steady_clock::now();
  if (Status s = (*ledger)->RebuildHooks(); !s.ok()) return Fail(io, s);
  const double secs =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  io.err << "rebuilt the projections from " << (*ledger)->Size() << " records in " << std::fixed
         << std::setprecision(2) << secs << " s\n";
  return kExitOk;
}

}  // namespace

std::vector<Command> QueryCommands() {
  return {
      {"query",
       "query a view: holders, history, service, staffing, turnover, gender, breaches, tenure, "
       "findings, titles (docs/VIEWS.md)",
       "VIEW",
       {DirFlag(),
        {"org", true, "an organisation and everything below it"},
        {"post", true, "a post id (history, titles: required)"},
        {"person", true, "a person id (service: required)"},
        {"rule", true, "findings: one rule id"},
        {"article", true, "breaches: a law article"},
        {"status", true, "breaches: alleged, confirmed or dismissed"},
        {"from", true, "turnover: period start (YYYY-MM-DD)"},
        {"to", true, "turnover: period end (YYYY-MM-DD)"},
        {"elections", false, "turnover: windows before and after each national election"},
        {"as-of", true, "holders, gender: as of this effective date"},
        {"as-of-seq", true, "holders, gender, history, service, findings: as recorded up to seq"},
        {"quota", true, "gender: minimum share of either gender (default 0.4)"},
        {"offset", true, "skip this many rows"},
        {"limit", true, "at most this many rows (default 100)"},
        {"format", true, "json (default, one object per line), csv or table"}},
       Query},
      {"rebuild",
       "replay the whole log into fresh projections (progress on a terminal)",
       "",
       {DirFlag()},
       Rebuild},
  };
}

}  // namespace ledger::cli
