#!/usr/bin/env python3
# Turns the raw outputs of bench/run (one directory) into bench/RESULTS.md:
# the machine, one table (figure, value, baseline, ratio), targets and details.
import argparse
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from report_lib import Data, count, find, fmt_bytes, fmt_mib, fmt_rate, fmt_ratio, fmt_us  # noqa
from report_lib import fmt_stopped, micros, ok, rate_of  # noqa
from report_targets import targets  # noqa
from report_growth import growth_points, growth_section, write_chart  # noqa
from report_http import witness_rows, wrk_details, wrk_rows  # noqa


def audit_rows(d, row, label, rss_label, v, size):
    """Two rows for one ledger-verify run: its rate against the ceiling, its peak RSS."""
    ceiling = f"{fmt_rate(d.ceiling)} (openssl verify × {d.cores} cores)" if d.ceiling else "n/a"
    good = v is not None and v["rc"] == 0
    late = v is not None and v.get("timed_out")
    why = ("pending (ledger-verify not built yet)" if not d.verify_bin else
           fmt_stopped(v, size) if late else f"failed (exit {v['rc']})" if v else "n/a")
    value = size / v["seconds"] if good else None
    so_far = v.get("progress_rate") if late else None
    row(label, fmt_rate(value), ceiling,
        fmt_ratio(value, d.ceiling) if good else
        f"{fmt_ratio(so_far, d.ceiling)} so far" if so_far else
        f"< {fmt_ratio(size / v['seconds'], d.ceiling)}" if late else "—", why)
    rss = v["max_rss_kib"] / 1024 if good or late else None
    row(rss_label + (" (until stopped)" if late else ""),
        f"{rss:.1f} MiB (anonymous {v['max_anon_kib'] / 1024:.1f} MiB)" if rss else None,
        "64 MiB (target)", fmt_ratio(rss, 64.0), why)


def civil_rows(d, row):
    """The civil (demo-generator) ledgers, each audited with views and with --no-views."""
    for c in d.civil:
        if not c.get("records"):
            row(f"Full audit with views, civil ledger of {c['people']:,} people", None,
                missing="not built: the fixture build budget was spent before it")
            continue
        n, runs = c["records"], d.civil_runs.get(c["records"], {})
        audit_rows(d, row, f"Full audit with views (ledger-verify ledger, civil ledger of {n:,}"
                   f" records, {c['people']:,} people: views replayed and compared)",
                   f"Verifier peak RSS, full audit with views, {n:,} records", runs.get("views"), n)
        audit_rows(d, row, f"Audit --no-views, the same civil ledger ({n:,} records)",
                   f"Verifier peak RSS, --no-views, {n:,} records", runs.get("no-views"), n)


def table_rows(d):
    rows = []

    def row(figure, value, baseline="—", ratio="—", missing="n/a"):
        rows.append((figure, value if value is not None else missing, baseline, ratio))

    # ---- Per-event CPU, one core, against openssl speed ----
    row("Canonical encode of a record, 1 core", fmt_rate(rate_of(d.enc)))
    row("Canonical decode (strict) of a record, 1 core", fmt_rate(rate_of(d.dec)))
    row(f"SHA-256 leaf hash of a {d.rec_bytes}-byte record, 1 core", fmt_rate(rate_of(d.leaf)),
        f"{fmt_rate(d.ossl_hash)} (openssl speed sha256, {d.ossl_bytes} B)" if d.ossl_hash else "n/a",
        fmt_ratio(rate_of(d.leaf), d.ossl_hash))
    for label, b, base in (("sign", d.sign, d.ossl_sign), ("verify", d.vsub, d.ossl_verify)):
        row(f"Ed25519 {label} per event (signing input + {label}), 1 core", fmt_rate(rate_of(b)),
            f"{fmt_rate(base)} (openssl speed ed25519)" if base else "n/a",
            fmt_ratio(rate_of(b), base))

    # ---- Durable appends ----
    for n in (1, 100, 1000):
        row(f"Durable append through the library, batch {n:,}", fmt_rate(rate_of(d.lib[n])),
            f"{fmt_rate(rate_of(d.raw[n]))} (raw LMDB, same size and sync)" if ok(d.raw[n]) else "n/a",
            fmt_ratio(rate_of(d.lib[n]), rate_of(d.raw[n])))
    for size, b in d.growth:
        row(f"Durable append, batch 1,000, onto the {count(size)}-event ledger",
            fmt_rate(rate_of(b)),
            f"{fmt_rate(rate_of(d.lib[1000]))} (fresh ledger)" if ok(d.lib[1000]) else "n/a",
            fmt_ratio(rate_of(b), rate_of(d.lib[1000])), (b or {}).get("error_message", "n/a"))
    pg_missing = "n/a (PostgreSQL peer did not run)"
    if d.pg and not any(ok(b) for b in d.pg):
        pg_missing = "n/a (" + (d.pg[0].get("error_message") or "error") + ")"
    # The honest peer does the ledger's job: verifies each signature, chains, durable commit.
    for n in (1, 100, 1000):
        b = d.pg_signed[n]
        row(f"Durable signed append vs the honest PostgreSQL peer (verifies every signature,"
            f" chains, durable), batch {n:,} (ours / theirs)", fmt_rate(rate_of(d.lib[n])),
            f"{fmt_rate(rate_of(b))} (PostgreSQL 15 + Ed25519 on {d.cores} client threads)"
            if ok(b) else (b or {}).get("error_message") or pg_missing,
            fmt_ratio(rate_of(d.lib[n]), rate_of(b)))
    b = d.pg_signed_conc
    row("64 concurrent submitters vs the honest PostgreSQL peer, 64 clients (ours / theirs)",
        fmt_rate(rate_of(d.conc64)),
        f"{fmt_rate(rate_of(b))} (64 connections, each verifies its own event; p99"
        f" {fmt_us(b.get('p99_us'))})" if ok(b) else (b or {}).get("error_message") or pg_missing,
        fmt_ratio(rate_of(d.conc64), rate_of(b)))
    for n in (1, 100, 1000):
        b = d.pg_best[n]
        base = (f"{fmt_rate(rate_of(b))} (PostgreSQL 15, {b['name'].split('/')[0][9:].lower()},"
                " no signature checks)" if b else pg_missing)
        row(f"Durable append vs the PostgreSQL peer WITHOUT signature checks (not the same job),"
            f" batch {n:,} (ours / theirs)", fmt_rate(rate_of(d.lib[n])), base,
            fmt_ratio(rate_of(d.lib[n]), rate_of(b)))
    for b in d.conc:
        row(f"{int(b.get('threads', 0))} concurrent submitters (group commit)", fmt_rate(rate_of(b)),
            f"{fmt_rate(rate_of(d.lib[1]))} (one submitter, batch 1)" if ok(d.lib[1]) else "n/a",
            fmt_ratio(rate_of(b), rate_of(d.lib[1])))
    for p in ("p50", "p99"):
        ours, raw = micros(d.lib[1], p + "_us"), micros(d.raw[1], p + "_us")
        row(f"Single-event latency {p} (one submitter, batch 1, durable)", fmt_us(ours),
            f"{fmt_us(raw)} (raw LMDB commit)" if raw else "n/a", fmt_ratio(ours, raw))
    if d.conc and ok(d.conc[-1]):
        b = d.conc[-1]
        row(f"Per-event latency p50 / p99 with {int(b['threads'])} submitters",
            f"{fmt_us(b['p50_us'])} / {fmt_us(b['p99_us'])}")

    # ---- Audits ----
    for s in d.sizes or [d.first]:
        audit_rows(d, row, f"Audit without views (ledger-verify --no-views, {count(s)}-event"
                   " benchmark ledger: signatures, chain, tree, indexes)",
                   f"Verifier peak RSS, {count(s)}-event benchmark ledger",
                   d.verify_runs.get(s), s)
    civil_rows(d, row)

    # ---- Proofs ----
    for s in d.sizes:
        warm = find(d.proof[s], f"BM_InclusionProof/events:{s}")
        cold = find(d.proof[s], f"BM_InclusionProofFirstTouch/events:{s}")
        row(f"Inclusion proof (Ledger::ProveInclusion) at {count(s)} events, warm",
            fmt_us(micros(warm)), "20 µs (target at 10M)", fmt_ratio(micros(warm), 20.0))
        row(f"Inclusion proof at {count(s)} events, first touch of each page",
            fmt_us(micros(cold)), "20 µs (target at 10M)", fmt_ratio(micros(cold), 20.0))
    for s in d.sizes:
        b = find(d.proof[s], f"BM_ConsistencyProof/events:{s}")
        row(f"Consistency proof (Ledger::ProveConsistency) at {count(s)} events, warm",
            fmt_us(micros(b)))
    for s in d.sizes:
        b = find(d.proof[s], f"BM_InclusionProofFirstTouch/events:{s}")
        row(f"Library process RSS serving proofs from the {count(s)}-event ledger",
            f"{b['rss_anon_mib']:.1f} MiB anonymous + {b['rss_file_mib']:.0f} MiB mapped ledger"
            f" after {b['iterations']:,} proofs" if ok(b) and "rss_anon_mib" in b else None)

    # ---- Projections (bench/projection_bench.cc, when it builds) ----
    rebuilds = [b for b in d.projections if b["name"].startswith("BM_ProjectionRebuild")]
    reads = [b for b in d.projections if b["name"].startswith("BM_ViewRead")]
    for b in rebuilds:
        row(f"Projection rebuild ({count(int(b.get('events', 0)))} demo events)",
            fmt_rate(rate_of(b)), "—", "—", b.get("error_message", "n/a"))
    for b in reads:
        row(f"View read p50 / p99 ({b.get('label', b['name'])})",
            f"{fmt_us(b.get('p50_us'))} / {fmt_us(b.get('p99_us'))}" if ok(b) else None,
            "—", "—", b.get("error_message", "n/a"))
    # Point views, subtree views and roll-ups, name search against issue 14's targets.
    for b in (b for b in d.projections if b["name"].startswith("BM_ViewLatency")):
        target = b.get("target_us")
        row(f"View latency p50 / p99 ({b.get('label', b['name'])},"
            f" {count(int(b.get('events', 0)))} records)",
            f"{fmt_us(b.get('p50_us'))} / {fmt_us(b.get('p99_us'))}" if ok(b) else None,
            f"target ≤ {fmt_us(target)} (issue 14)" if target else "—",
            ("met (p99)" if b.get("p99_us", 0) <= target else "missed (p99)")
            if ok(b) and target else "—",
            b.get("error_message", "n/a"))
    if not rebuilds:
        row("Projection rebuild", None, missing="pending (projections issue)")
    if not reads:
        row("Projection view reads", None, missing="pending (projections issue)")
    # ---- HTTP (bench/http_bench.cc): the server vs the same requests in-process ----
    for what, label in (("Read", "GET views, records, proofs, checkpoint"),
                        ("Append", "POST /v1/events, one event per request")):
        for conns in (1, 16, 64):
            ours = find(d.http, f"BM_Http{what}/conns:{conns}")
            base = find(d.http, f"BM_InProcess{what}/conns:{conns}")
            row(f"HTTP {label}, {conns} connection{'s' if conns > 1 else ''}",
                fmt_rate(rate_of(ours)),
                f"{fmt_rate(rate_of(base))} (Router::Handle in-process, {conns} thread"
                f"{'s' if conns > 1 else ''})" if ok(base) else "n/a",
                fmt_ratio(rate_of(ours), rate_of(base)),
                (ours or {}).get("error_message", "n/a (http_bench did not run)"))

    # ---- wrk against `ledger serve` (bench/http_wrk.sh) ----
    wrk_rows(d, row)
    # ---- Witness, mirror (bench/witness_bench.cc, bench/http_wrk.sh) ----
    witness_rows(d, row)

    # ---- Disk ----
    raw_bpe = d.raw[1000].get("bytes_per_event") if ok(d.raw[1000]) else None
    for fx in d.fixtures:
        bpe = fx["data_bytes"] / fx["size"]
        row(f"Disk bytes per event ({count(fx['size'])}-event ledger, data.mdb)", fmt_bytes(bpe),
            f"{fmt_bytes(raw_bpe)} (raw LMDB, records only)" if raw_bpe else "n/a",
            fmt_ratio(bpe, raw_bpe))
    raw_w = d.raw[1000].get("written_bytes_per_event") if ok(d.raw[1000]) else None
    for label, b in [("fresh ledger", d.lib[1000])] + [(f"onto {count(n)}", b) for n, b in d.growth]:
        if ok(b) and "written_bytes_per_event" in b:
            w = b["written_bytes_per_event"]
            row(f"Bytes written per event, batch 1,000, {label}", fmt_bytes(w),
                f"{fmt_bytes(raw_w)} (raw LMDB)" if raw_w else "n/a", fmt_ratio(w, raw_w))
    return rows


def http_section(d, elapsed):
    """The HTTP-under-wrk section alone (bench/run --http-only), spliced into RESULTS.md."""
    rows = []

    def row(figure, value, baseline="—", ratio="—", missing="n/a"):
        rows.append((figure, value if value is not None else missing, baseline, ratio))

    wrk_rows(d, row)
    witness_rows(d, row)
    from report_targets import wrk_read_target, witness_append_target
    tg = [wrk_read_target(d, "point", "point reads", 30_000, "BM_InProcessPoint"),
          wrk_read_target(d, "views", "view reads (view cache on; the uncached rate is in the table)", 20_000, "BM_InProcessView"),
          witness_append_target(d)]
    return "\n".join([
        HTTP_BEGIN, "## HTTP under wrk, witnesses and mirrors\n",
        f"Written by `bench/run --http-only{' --quick' if d.mode == 'quick' else ''}` in {elapsed} s"
        " (a separate run from the table above; its figures and baselines are from this run"
        " only). Machine during this run:\n", machine_section(d), "", table(rows),
        "\n### Targets\n", "\n".join(f"- {t}" for t in tg), "\n### Details\n",
        "\n".join(wrk_details(d)), HTTP_END])


def civil_section(d, elapsed):
    """The civil ledgers' audits alone (bench/run --civil-only), spliced into RESULTS.md."""
    rows = []

    def row(figure, value, baseline="—", ratio="—", missing="n/a"):
        rows.append((figure, value if value is not None else missing, baseline, ratio))

    civil_rows(d, row)
    from report_targets_scale import civil_audit_target
    return "\n".join([
        CIVIL_BEGIN, "## Audits of civil ledgers at scale\n",
        f"Written by `bench/run --civil-only{' --quick' if d.mode == 'quick' else ''}` in {elapsed} s"
        " (a separate run from the table above; its ceiling is `openssl speed` in this run). The"
        " ledgers are the demo generator's, cached under `build-bench/bench-cache`. Machine during"
        " this run:\n", machine_section(d), "", table(rows),
        "\n### Target\n", f"- {civil_audit_target(d)}", CIVIL_END])


HTTP_BEGIN, HTTP_END = "<!-- bench/run --http-only: begin -->", "<!-- bench/run --http-only: end -->"
CIVIL_BEGIN, CIVIL_END = ("<!-- bench/run --civil-only: begin -->",
                          "<!-- bench/run --civil-only: end -->")


def splice_section(path, section, begin, end):
    """Replaces the section between begin and end in RESULTS.md (or adds it before the footer)."""
    try:
        old = open(path).read()
    except OSError:
        old = "# Benchmark results\n"
    if begin in old and end in old:
        old = old[:old.index(begin)] + old[old.index(end) + len(end):].lstrip("\n")
    marker = "\nGoogle Benchmark warns"
    at = old.find(marker)
    new = (old[:at].rstrip("\n") + "\n\n" + section + "\n" + old[at:] if at >= 0
           else old.rstrip("\n") + "\n\n" + section + "\n")
    open(path, "w").write(new)


def table(rows):
    lines = ["| Figure | Value | Baseline | Ratio |", "|---|---|---|---|"]
    return "\n".join(lines + [f"| {a} | {b} | {c} | {e} |" for a, b, c, e in rows])


def machine_section(d):
    m, end = d.machine, d.machine_end
    load = lambda x: ", ".join(f"{v:.2f}" for v in x.get("load", [])) or "n/a"  # noqa: E731
    pg_version = d.text("pg-version.txt") or "PostgreSQL: n/a"
    busy = [c for _, c in d.samples if c > 0]
    peak = max((l for l, _ in d.samples), default=0.0)
    out = [f"- Cores: {d.cores}; CPU: {m.get('cpu', 'n/a')}; memory: {m.get('mem_gib', '?')} GiB",
           f"- Kernel: {m.get('kernel', 'n/a')} ({m.get('system', '')})",
           f"- Scratch file system (ledgers, PostgreSQL data): {m.get('scratch_fs', 'n/a')}",
           f"- {m.get('openssl', 'OpenSSL: n/a')}; {pg_version}",
           f"- Load average at start: {load(m)}; at end: {load(end)}; 1-minute peak during the"
           f" run: {peak:.2f}." + (
               f" **Other builds were running concurrently**: compiler processes in {len(busy)} of"
               f" {len(d.samples)} samples (up to {max(busy)} at once), so CPU-bound figures are"
               " lower than on an idle machine." if busy else
               " **The machine was already busy when the run started** (other work on this"
               " shared machine), so CPU-bound figures are lower than on an idle machine."
               if (m.get("load") or [0])[0] >= 1.0 else "")]
    return "\n".join(out)


def details(d):
    out = []
    for fx in d.fixtures + d.fixtures_stopped:
        if fx.get("reached", 0) > fx.get("started_at", 0):
            done = fx["reached"] - fx["started_at"]
            out.append(f"- Building the {count(fx['size'])}-event ledger"
                       f" ({'finished' if fx.get('complete', True) else 'stopped by the build budget'}"
                       f" in this run): {done:,} records appended from {fx['started_at']:,} to"
                       f" {fx['reached']:,} in {fx['seconds']:.0f} s ({fmt_rate(done / fx['seconds'])});"
                       f" {fx['append_s']:.0f} s inside AppendBatch (batches of 25,000), {fx['sign_wait_s']:.0f} s"
                       f" waiting for signed events, {fmt_bytes(fx['written_bytes'] / done)} written per"
                       " event." + ("" if fx.get("complete", True) else
                                    " The partial ledger is kept and the next run resumes it."))
        elif not fx.get("complete", True):
            out.append(f"- The {count(fx['size'])}-event ledger was not built: the fixture build"
                       " budget was spent on smaller ones first.")
    for c in d.civil:
        if c.get("records"):
            out.append(f"- Civil ledger of {c['people']:,} people (the demo generator): {c['records']:,}"
                       f" records, {c['data_bytes'] / 2**20:,.0f} MiB, "
                       + (f"built in {c['build_seconds']:.0f} s in this run"
                          f" ({fmt_rate(c['records'] / c['build_seconds'])})." if c.get("built_now")
                          else f"cached (built in {c['build_seconds']:.0f} s)."))
    for fx in d.fixtures:
        psz, n = fx.get("page_size", 4096), fx["size"]
        per_db = ", ".join(f"{k} {v['pages'] * psz / n:.0f}" for k, v in sorted(fx.get("dbs", {}).items())
                           if v["pages"] * psz / n >= 1)
        built = (f"built in {fx['build_seconds']:.0f} s"
                 + (f" from the {count(fx['built_from'])} one" if fx.get("built_from") else "")
                 if fx.get("build_seconds") else "cached")
        out.append(f"- {count(n)}-event ledger ({built}; cached in the build tree): bytes per event"
                   f" by LMDB database: {per_db}; free pages {fx.get('free_pages', 0) * psz / n:.0f};"
                   f" file {fx['data_bytes'] / n:.0f}. The benchmark event is a key.register, so"
                   " every event also adds a key-registry entry.")
    for n in (1, 100, 1000):
        if ok(d.lib[n]):
            out.append(f"- Library batch {n:,}: p50 {fmt_us(d.lib[n]['p50_us'])}, p99"
                       f" {fmt_us(d.lib[n]['p99_us'])} per batch commit; raw LMDB batch {n:,}:"
                       f" p50 {fmt_us(micros(d.raw[n], 'p50_us'))}.")
        b = d.pg_signed[n]
        if ok(b):
            out.append(f"- Honest PostgreSQL peer batch {n:,}: {fmt_rate(rate_of(b))}, p50"
                       f" {fmt_us(b.get('p50_us'))}, p99 {fmt_us(b.get('p99_us'))} per batch; per"
                       f" event {b.get('verify_us_per_event', 0):.1f} µs verifying (on all cores from batch 64) +"
                       f" {b.get('db_us_per_event', 0):.1f} µs chaining, inserting and committing.")
        for b in (find(d.pg, f"BM_PgPeerSql/batch:{n}"), find(d.pg, f"BM_PgPeerClient/batch:{n}")):
            if ok(b):
                out.append(f"- PostgreSQL peer without signature checks {b['name'].split('/')[0]} batch {n:,}:"
                           f" {fmt_rate(rate_of(b))}, p50 {fmt_us(b.get('p50_us'))}, p99"
                           f" {fmt_us(b.get('p99_us'))}, table bytes per row"
                           f" {b.get('bytes_per_event', 0):.0f} (WAL not counted).")
    for b in d.http:
        if ok(b):
            out.append(f"- {b['name'].split('/iterations')[0]}: {fmt_rate(rate_of(b))}, per request"
                       f" p50 {fmt_us(b.get('p50_us'))}, p99 {fmt_us(b.get('p99_us'))}.")
    if d.http:
        out.append("- HTTP figures: the clients run in the benchmark process on the same 2 cores as"
                   " the server, so the HTTP rows count the client's work too. Appends at one"
                   " connection wait for one fsync each, as the library's batch-1 figure does.")
    out += wrk_details(d)
    for b in d.core + d.append + d.pg + d.projections + d.http + d.witness + sum(d.proof.values(), []):
        if b.get("error_occurred"):
            out.append(f"- Error in {b['name']}: {b.get('error_message')}")
    for name, title in (("perf-dso.txt", "by shared object"),
                        ("perf-sym.txt", "top symbols outside libcrypto")):
        text = d.text(name)
        if text:
            out.append(f"\nperf profile of the batch-1,000 append (timed region only, all threads),"
                       f" {title} (libcrypto is stripped: its samples are Ed25519 and SHA-256):\n")
            out.append("```\n" + text + "\n```")
    return "\n".join(out)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("out")
    ap.add_argument("--mode", default="full")
    ap.add_argument("--verify", default="")
    ap.add_argument("--table-only", action="store_true")
    ap.add_argument("--chart", help="write the growth curve here (PNG); RESULTS.md links growth.png")
    ap.add_argument("--invocation", default="", help="bench/run's arguments, for the header")
    ap.add_argument("--keep-http", metavar="RESULTS_MD",
                    help="carry over the --civil-only section of RESULTS_MD, and its HTTP section"
                    " when this run has no wrk figures")
    ap.add_argument("--http-section", metavar="RESULTS_MD",
                    help="write only the HTTP/wrk section into RESULTS_MD (replacing an older one)")
    ap.add_argument("--civil-section", metavar="RESULTS_MD",
                    help="write only the civil ledgers' audit section into RESULTS_MD")
    args = ap.parse_args()
    d = Data(args.out, args.mode, args.verify)
    for path, make, begin, end in ((args.http_section, http_section, HTTP_BEGIN, HTTP_END),
                                   (args.civil_section, civil_section, CIVIL_BEGIN, CIVIL_END)):
        if path:
            section = make(d, (d.text("elapsed.txt") or "?").split()[0])
            splice_section(path, section, begin, end)
            print(section)
            return
    rows = table_rows(d)
    if args.table_only:
        print(table(rows))
        return
    elapsed = (d.text("elapsed.txt") or "? ?").split() + ["?", "?"]
    invocation = args.invocation or (" --quick" if args.mode == "quick" else "")
    print(f"# Benchmark results\n\nWritten by `bench/run{invocation}`"
          f" in {elapsed[0]} s (after {elapsed[1]} s of compiling and {elapsed[2]} s building or"
          " checking the cached ledgers). How to run it and what each figure means:"
          " bench/README.md.\n")
    print("## Machine\n\n" + machine_section(d) + "\n\n## Results\n")
    print("Ratio = value ÷ baseline: for rates higher is better, for times and sizes lower is"
          " better. Rates are events (or operations) per second.\n")
    print(table(rows))
    chart = write_chart(d, args.chart) if args.chart else False
    print("\n## Growth: appends onto larger ledgers\n")
    print(growth_section(d, chart))
    if args.chart and not chart and len(growth_points(d)) >= 2:
        print("\n(No chart: neither matplotlib nor gnuplot is installed; bench/run installs them.)")
    print("\n## Targets\n")
    print("\n".join(f"- {t}" for t in targets(d)))
    print("\n## Details\n\n" + details(d))
    # The separate runs' sections (--http-only, --civil-only) are kept: always the civil
    # one (this table's civil rows are smaller ledgers), the HTTP one unless this run has wrk.
    try:
        old = open(args.keep_http).read() if args.keep_http else ""
    except OSError:
        old = ""
    for begin, end, keep in ((HTTP_BEGIN, HTTP_END, not d.wrk), (CIVIL_BEGIN, CIVIL_END, True)):
        if keep and begin in old and end in old:
            print("\n" + old[old.index(begin):old.index(end) + len(end)])
    print("\nGoogle Benchmark warns that its Debian library was built as DEBUG: that concerns the"
          " harness only; the code measured is built Release (-O3). Raw outputs of this run are"
          " in `build-bench/bench-results/`.")


if __name__ == "__main__":
    main()
