// `ledger query <view>` (the views of projections/civil_queries.h as JSON
// lines, CSV or a text table), `ledger find` (records by hash, client_id or
// decision number; persons by name) and `ledger rebuild` (replay the log
// into fresh projections).
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

std::string ViewNames() {
  std::string out;
  for (const auto& v : projections::CivilQueries::Views()) out += (out.empty() ? "" : ", ") + v;
  return out;
}

// A read-only ledger with its civil-state projection, for the read commands.
struct OpenCivil {
  projections::CivilLedgerOptions civil;
  std::unique_ptr<Ledger> ledger;
};
Result<OpenCivil> OpenForReading(const Args& a) {
  const std::string dir = a.GetOr("dir", DefaultDir());
  LEDGER_ASSIGN_OR_RETURN(auto civil, projections::MakeCivilLedgerOptions(dir, true));
  LEDGER_ASSIGN_OR_RETURN(auto ledger, OpenLedgerAt(dir, civil.ledger));
  return OpenCivil{std::move(civil), std::move(ledger)};
}

Result<std::string> Format(const Args& a) {
  std::string format = a.GetOr("format", "json");
  if (format != "json" && format != "csv" && format != "table") {
    return Status::InvalidArgument("--format must be json, csv or table");
  }
  return format;
}

void PrintRows(const projections::Table& table, const std::string& format, Io& io) {
  if (format == "table") {
    PrintTable(table, io.out);
  } else if (format == "csv") {
    io.out << projections::TableCsv(table);
  } else {
    for (size_t r = 0; r < table.rows.size(); ++r) {
      PrintJsonLine(io, projections::RowObject(table, r));
    }
  }
}

int Query(const Args& a, Io& io) {
  if (a.positional().size() != 1) {
    return Fail(io, Status::InvalidArgument("name one view: " + ViewNames()));
  }
  auto format = Format(a);
  if (!format.ok()) return Fail(io, format.status());
  auto opts = Options(a);
  if (!opts.ok()) return Fail(io, opts.status());
  auto open = OpenForReading(a);
  if (!open.ok()) return Fail(io, open.status());
  projections::CivilQueries queries(*open->ledger, *open->civil.state);
  auto table = queries.Run(a.positional()[0], *opts);
  if (!table.ok()) {
    // The message starts with the parameter's name: make it the flag's.
    const std::string& m = table.status().message();
    for (const auto& [name, value] : opts->given) {
      if (m.starts_with(name + ":")) {
        return Fail(io, Status(table.status().code(), "--" + m));
      }
    }
    return Fail(io, table.status());
  }
  PrintRows(*table, *format, io);
  if (table->total == 0) {
    io.err << "no rows match " << projections::FilterText(*table) << "\n";
  } else {
    io.err << "rows " << (table->rows.empty() ? 0 : opts->offset + 1) << "-"
           << opts->offset + table->rows.size() << " of " << table->total << "\n";
  }
  return kExitOk;
}

// Exactly one of --hash, --client-id, --decision, --name.
int Find(const Args& a, Io& io) {
  auto format = Format(a);
  if (!format.ok()) return Fail(io, format.status());
  std::vector<std::string> given;
  for (const char* f : {"hash", "client-id", "decision", "name"}) {
    if (a.Has(f)) given.push_back(f);
  }
  if (given.size() != 1 || !a.positional().empty()) {
    return Fail(io, Status::InvalidArgument(
                        "give one of --hash, --client-id, --decision or --name"));
  }
  for (const char* f : {"whole-words", "limit"}) {
    if (a.Has(f) && given[0] != "name") {
      return Fail(io, Status::InvalidArgument("--" + std::string(f) + ": only with --name"));
    }
  }
  auto limit = a.GetUInt("limit", 1, 10'000);
  if (!limit.ok()) return Fail(io, limit.status());
  auto open = OpenForReading(a);
  if (!open.ok()) return Fail(io, open.status());
  projections::CivilQueries queries(*open->ledger, *open->civil.state);
  const std::string value = *a.Get(given[0]);
  Result<projections::Table> table = Status::Internal("no search");
  using projections::RecordKey;
  if (given[0] == "hash") {
    // A record hash, else a leaf hash: both are 64 hex digits.
    table = queries.FindRecords(RecordKey::kRecordHash, value);
    if (table.ok() && table->rows.empty()) table = queries.FindRecords(RecordKey::kLeafHash, value);
  } else if (given[0] == "client-id") {
    table = queries.FindRecords(RecordKey::kClientId, value);
  } else if (given[0] == "decision") {
    table = queries.FindRecords(RecordKey::kDecision, value);
  } else {
    table = queries.FindPersons(value, a.Has("whole-words"), limit->value_or(100));
  }
  if (!table.ok()) {
    return Fail(io, table.status().code() == Code::kInvalidArgument
                        ? Status::InvalidArgument("--" + given[0] + ": " + table.status().message())
                        : table.status());
  }
  PrintRows(*table, *format, io);
  if (table->rows.empty()) {
    io.err << "nothing matches " << given[0] << "=" << value << "\n";
  } else {
    io.err << table->rows.size() << (table->rows.size() == 1 ? " match\n" : " matches\n");
  }
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
       "query a view: holders, history, service, staffing, staffing-history, turnover, gender, "
       "breaches, tenure, findings, rollup, titles (docs/VIEWS.md)",
       "VIEW",
       {DirFlag(),
        {"org", true, "an organisation and everything below it"},
        {"post", true, "a post id (history, titles: required)"},
        {"person", true, "a person id (service: required)"},
        {"rule", true, "findings: one rule id"},
        {"basis", true, "findings: a selection basis or dismissal ground"},
        {"corrected", true, "findings: true (corrected records only) or false"},
        {"recorded-from", true, "findings: recorded on or after (YYYY-MM-DD, UTC)"},
        {"recorded-to", true, "findings: recorded on or before (YYYY-MM-DD, UTC)"},
        {"election", true, "findings: the year of a national election (window from its day)"},
        {"days", true, "findings: the election window's length (default: the rules')"},
        {"columns", true, "only these columns, comma-separated, in this order"},
        {"by", true,
         "rollup: org (default, with subtree totals), level or election (the window after each "
         "election); gender: org or level, with subtree totals"},
        {"over-time", true, "gender: year (the holders at the end of each year)"},
        {"article", true, "breaches: a law article"},
        {"status", true, "breaches: alleged, confirmed or dismissed"},
        {"from", true, "turnover, findings, staffing-history, rollup: from this effective date"},
        {"to", true, "turnover, findings, staffing-history, rollup: to this effective date"},
        {"elections", false, "turnover: windows before and after each national election"},
        {"as-of", true,
         "holders, history, service, staffing, turnover, gender, tenure: as of this effective "
         "date"},
        {"as-of-seq", true, "as recorded before this seq (not tenure, turnover, staffing-history)"},
        {"quota", true, "gender: minimum share of either gender (default 0.4)"},
        {"offset", true, "skip this many rows"},
        {"limit", true, "at most this many rows (default 100)"},
        {"format", true, "json (default, one object per line), csv or table"}},
       Query},
      {"find",
       "find records by record or leaf hash, client_id or decision number, or persons by name "
       "(Cyrillic or Latin, prefix of each word)",
       "",
       {DirFlag(),
        {"hash", true, "a record hash or leaf hash (64 hex digits)"},
        {"client-id", true, "the client_id a record was submitted with"},
        {"decision", true, "a decision number (case and spaces ignored)"},
        {"name", true, "words of a person's name, e.g. Ганбаатар or ganbaa"},
        {"whole-words", false, "--name: whole words only, not prefixes"},
        {"limit", true, "--name: at most this many persons (default 100)"},
        {"format", true, "json (default, one object per line), csv or table"}},
       Find},
      {"rebuild",
       "replay the whole log into fresh projections (progress on a terminal)",
       "",
       {DirFlag()},
       Rebuild},
  };
}

}  // namespace ledger::cli
