#!/usr/bin/env python3
# Turns the raw outputs of bench/run (one directory) into bench/RESULTS.md:
# the machine, one table (figure, value, baseline, ratio), targets and details.
import argparse
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from report_lib import Data, count, find, fmt_bytes, fmt_mib, fmt_rate, fmt_ratio, fmt_us  # noqa
from report_lib import micros, ok, rate_of  # noqa
from report_targets import targets  # noqa


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
    if d.onto is not None:
        row(f"Durable append, batch 1,000, onto the {count(d.onto_size)}-event ledger",
            fmt_rate(rate_of(d.onto)),
            f"{fmt_rate(rate_of(d.lib[1000]))} (fresh ledger)" if ok(d.lib[1000]) else "n/a",
            fmt_ratio(rate_of(d.onto), rate_of(d.lib[1000])))
    pg_missing = "n/a (PostgreSQL peer did not run)"
    if d.pg and not any(ok(b) for b in d.pg):
        pg_missing = "n/a (" + (d.pg[0].get("error_message") or "error") + ")"
    for n in (1, 100, 1000):
        b = d.pg_best[n]
        base = (f"{fmt_rate(rate_of(b))} (PostgreSQL 15, {b['name'].split('/')[0][9:].lower()})"
                if b else pg_missing)
        row(f"Durable append vs PostgreSQL peer, batch {n:,} (ours / theirs)",
            fmt_rate(rate_of(d.lib[n])), base, fmt_ratio(rate_of(d.lib[n]), rate_of(b)))
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

    # ---- Full audit ----
    ceiling = f"{fmt_rate(d.ceiling)} (openssl verify × {d.cores} cores)" if d.ceiling else "n/a"
    for s in d.sizes or [d.first]:
        v = d.verify_runs.get(s)
        good = v is not None and v["rc"] == 0
        late = v is not None and v.get("timed_out")
        why = ("pending (ledger-verify not built yet)" if not d.verify_bin else
               f"stopped after {v['seconds']:.0f} s: < {fmt_rate(s / v['seconds'])}" if late else
               f"failed (exit {v['rc']})" if v else "n/a")
        value = s / v["seconds"] if good else None
        row(f"Full verification (ledger-verify, {count(s)} events)", fmt_rate(value), ceiling,
            fmt_ratio(value, d.ceiling) if good else
            f"< {fmt_ratio(s / v['seconds'], d.ceiling)}" if late else "—", why)
        rss = v["max_rss_kib"] / 1024 if good or late else None
        row(f"Verifier peak RSS at {count(s)} events" + (" (until stopped)" if late else ""),
            f"{rss:.1f} MiB (anonymous {v['max_anon_kib'] / 1024:.1f} MiB)" if rss else None,
            "64 MiB (target)", fmt_ratio(rss, 64.0), why)

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
    for label, b in (("fresh ledger", d.lib[1000]), (f"onto {count(d.onto_size)}", d.onto)):
        if ok(b) and "written_bytes_per_event" in b:
            w = b["written_bytes_per_event"]
            row(f"Bytes written per event, batch 1,000, {label}", fmt_bytes(w),
                f"{fmt_bytes(raw_w)} (raw LMDB)" if raw_w else "n/a", fmt_ratio(w, raw_w))
    return rows


def wrk_value(r, rate=None, unit=""):
    """A wrk run's rate (or `rate`) with its latency percentiles."""
    if r is None:
        return None
    rate = r["rps"] if rate is None else rate
    return f"{fmt_rate(rate)}{unit} (p50 {fmt_us(r['p50_us'])}, p99 {fmt_us(r['p99_us'])})"


def post_rate(r, per_request=1):
    """Events appended per second by a wrk POST run: 201s only, replays apart."""
    return r["created"] * per_request / (r["duration_us"] / 1e6) if r else None


def wrk_rows(d, row):
    if not d.wrk:
        row("HTTP under wrk (bench/http_wrk.sh)", None, missing="n/a (http_wrk.sh did not run)")
        return
    for conns in (16, 64):
        health = d.wrk_run("health", conns)
        row(f"wrk GET /v1/health (the HTTP floor), {conns} connections", wrk_value(health))
        for name, label, bench in (("point", "point reads (/v1/events/{seq}, /v1/checkpoint)",
                                    "BM_InProcessPoint"),
                                   ("views", "views (/v1/views/holders?org=)", "BM_InProcessView")):
            r, base = d.wrk_run(name, conns), find(d.http, f"{bench}/conns:{conns}")
            row(f"wrk GET {label}, {conns} connections", wrk_value(r) and wrk_value(r)
                + f"; server CPU {r['server_cpu_s'] * 1e6 / r['requests']:.0f} µs/request",
                f"{fmt_rate(rate_of(base))} (Router::Handle in-process, {conns} threads; CPU"
                f" {base.get('cpu_us', 0):.0f} µs/request)" if ok(base) else "n/a",
                fmt_ratio(r and r["rps"], rate_of(base)))
        for name, label in (("tile", "/tile/0/N (256 leaf hashes)"),
                            ("entries", "/tile/entries/N (256 records)")):
            r = d.wrk_run(name, conns)
            row(f"wrk GET {label}, {conns} connections", wrk_value(r),
                f"{fmt_rate(health['rps'])} (wrk GET /v1/health)" if health else "n/a",
                fmt_ratio(r and r["rps"], health and health["rps"]))
    for conns in (16, 64):
        r, base = d.wrk_run("post1", conns), find(d.http, f"BM_InProcessAppend/conns:{conns}")
        row(f"wrk POST /v1/events, one event per request, {conns} connections",
            wrk_value(r, post_rate(r)) and wrk_value(r, post_rate(r)) + server_cpu(r, 1) + replays(r),
            f"{fmt_rate(rate_of(base))} (Router::Handle in-process, {conns} threads; CPU"
            f" {base.get('cpu_us', 0):.0f} µs/event)" if ok(base) else "n/a",
            fmt_ratio(post_rate(r), rate_of(base)))
    for conns in (16, 64):
        r = d.wrk_run("post100", conns)
        base = find(d.http, f"BM_InProcessAppend100/conns:{conns}")
        brate = rate_of(base) * 100 if ok(base) else None
        row(f"wrk POST /v1/events, 100 events per request, {conns} connections (events/s)",
            wrk_value(r, post_rate(r, 100)) and wrk_value(r, post_rate(r, 100)) + server_cpu(r, 100)
            + replays(r),
            f"{fmt_rate(brate)} (Router::Handle in-process, {conns} threads, 100 events a request;"
            f" CPU {base.get('cpu_us', 0) / 100:.0f} µs/event)"
            if brate else f"{fmt_rate(rate_of(d.lib[100]))} (library AppendBatch of 100)"
            if ok(d.lib[100]) else "n/a",
            fmt_ratio(post_rate(r, 100), brate or rate_of(d.lib[100])))
    w0, w3 = d.wrk_sum("witness0", 16), d.wrk_sum("witness3", 16)
    rounds = f", {w3['rounds']} runs each, alternating" if w3 and w3["rounds"] > 1 else ""
    row(f"Appends with 3 witnesses (wrk POST one event, 16 connections{rounds})",
        wrk_value(w3, post_rate(w3)),
        f"{fmt_rate(post_rate(w0))} (no witnesses)" if w0 else "n/a",
        fmt_ratio(post_rate(w3), post_rate(w0)))
    a = d.abuse
    if a:
        row(f"Server peak RSS under abuse ({a['slow_readers']} slow /v1/export readers +"
            f" {a['junk_senders']} junk 8 MiB POST senders, {a['seconds']:.0f} s)",
            f"{a['hwm_after_kib'] / 1024:.1f} MiB (VmHWM)",
            f"{a['hwm_before_kib'] / 1024:.1f} MiB (VmHWM before the abuse)",
            fmt_ratio(a["hwm_after_kib"], a["hwm_before_kib"]))
    else:
        row("Server peak RSS under abuse", None, missing="n/a (abuse.py did not run)")


def server_cpu(r, per_request):
    return f"; server CPU {r['server_cpu_s'] * 1e6 / max(r['created'] * per_request, 1):.0f} µs/event"


def replays(r):
    extra = []
    if r.get("replayed"):
        extra.append(f"{r['replayed']:,} replays answered 200, not counted")
    if r.get("other"):
        extra.append(f"{r['other']:,} other answers")
    return f"; {'; '.join(extra)}" if extra else ""


def witness_rows(d, row):
    lo = find(d.witness, "BM_WitnessAddCheckpoint/loopback")
    inp = find(d.witness, "BM_WitnessAddCheckpoint/in_process")
    cpu = lambda b: f"; CPU {b['cpu_us']:.0f} µs/request" if "cpu_us" in b else ""  # noqa: E731
    row("Witness add-checkpoint latency p50 / p99, loopback HTTP (verify, synced commit, cosign)",
        f"{fmt_us(lo['p50_us'])} / {fmt_us(lo['p99_us'])}{cpu(lo)}" if ok(lo) else None,
        f"{fmt_us(inp['p50_us'])} / {fmt_us(inp['p99_us'])} (Witness::AddCheckpoint in-process"
        f"{cpu(inp)})" if ok(inp) else "n/a", fmt_ratio(micros(lo, "p50_us"), micros(inp, "p50_us")),
        (lo or {}).get("error_message", "n/a (witness_bench did not run)"))
    m = d.mirror
    if m and m.get("mirror_rc") == 0:
        rate = m["records"] / m["mirror_s"]
        base = m["records"] / m["verify_s"] if m.get("verify_rc") == 0 else None
        row(f"Mirror catch-up over loopback (ledger mirror, {m['records']:,} records)",
            fmt_rate(rate), f"{fmt_rate(base)} (ledger-verify ledger, same ledger)" if base else "n/a",
            fmt_ratio(rate, base))
    else:
        row("Mirror catch-up over loopback", None,
            missing=f"failed: {m.get('mirror_out', '')[:200]}" if m else "n/a (did not run)")


def wrk_details(d):
    out = []
    for r in d.wrk:
        if "rps" not in r:
            out.append(f"- wrk {r['name']} at {r['conns']} connections failed: {r.get('error', '?')}")
            continue
        n = r["requests"]
        errs = {k[4:]: r[k] for k in ("err_connect", "err_read", "err_write", "err_status",
                                      "err_timeout") if r.get(k)}
        out.append(f"- wrk {r['name']}, {r['conns']} connections, {r['threads']} threads,"
                   f" {r['duration_us'] / 1e6:.0f} s: {n:,} requests ({fmt_rate(r['rps'])}), p50"
                   f" {fmt_us(r['p50_us'])}, p90 {fmt_us(r['p90_us'])}, p99 {fmt_us(r['p99_us'])},"
                   f" max {fmt_us(r['max_us'])}; CPU per request: server"
                   f" {r['server_cpu_s'] * 1e6 / max(n, 1):.0f} µs, wrk"
                   f" {r['wrk_cpu_s'] * 1e6 / max(n, 1):.0f} µs; server VmHWM"
                   f" {r['server_hwm_kib'] / 1024:.0f} MiB; load {r['loadavg']:.1f}"
                   + (f"; created {r['created']:,}, replayed {r['replayed']:,}, other {r['other']:,}"
                      if "created" in r else "")
                   + (f"; errors {errs}" if errs else "")
                   + (f"; first error: {r['first_error']}" if r.get("first_error") else "") + ".")
    a = d.abuse
    if a:
        out.append(f"- Abuse: {a['slow_readers']} readers of /v1/export reading 4 KiB every 100 ms"
                   f" (opened {a['export_opened']} exports, read {a['export_bytes'] / 2**20:.1f} MiB),"
                   f" {a['junk_senders']} senders of 8 MiB junk POST bodies (sent"
                   f" {a['junk_sent_bytes'] / 2**20:,.0f} MiB; answers {a['junk_answers']}; connect"
                   f" errors {a['junk_connect_errors']}) for {a['seconds']:.0f} s. Server RSS"
                   f" {a['rss_before_kib'] / 1024:.1f} MiB before, peak sampled"
                   f" {a['peak_rss_sampled_kib'] / 1024:.1f} MiB, VmHWM {a['hwm_before_kib'] / 1024:.1f}"
                   f" → {a['hwm_after_kib'] / 1024:.1f} MiB (the memory budget is 256 MiB by"
                   f" default); /v1/health afterwards: {a['health_after']}.")
    m = d.mirror
    if m:
        out.append(f"- Mirror: {m['records']:,} records in {m['mirror_s']:.2f} s (exit"
                   f" {m['mirror_rc']}: {m.get('mirror_out', '')[:160]}); ledger-verify in"
                   f" {m.get('verify_s', 0):.2f} s (exit {m.get('verify_rc')}). The mirror imports"
                   f" into a replica through the append path's checks (every signature, the key"
                   f" registry, the domain rules and their flags, the tree and checkpoints;"
                   f" docs/WITNESS.md) and writes the projections, so it does what the audit does"
                   f" and more, over HTTP.")
    for b in d.witness:
        if ok(b):
            out.append(f"- {b['name'].split('/iterations')[0]}: {fmt_rate(rate_of(b))}"
                       f" sequential, p50 {fmt_us(b.get('p50_us'))}, p99 {fmt_us(b.get('p99_us'))}.")
    if d.wrk:
        out.append("- wrk figures: wrk (2 threads), the server and, for the witness run, the three"
                   " witnesses all run on the same 2 cores, so the rates count the client's work too;"
                   " the in-process baselines have no socket and no client.")
    return out


def http_section(d, elapsed):
    """The HTTP-under-wrk section alone (bench/run --http-only), spliced into RESULTS.md."""
    rows = []

    def row(figure, value, baseline="—", ratio="—", missing="n/a"):
        rows.append((figure, value if value is not None else missing, baseline, ratio))

    wrk_rows(d, row)
    witness_rows(d, row)
    from report_targets import wrk_read_target, witness_append_target
    tg = [wrk_read_target(d, "point", "point reads", 30_000, "BM_InProcessPoint"),
          wrk_read_target(d, "views", "view reads", 20_000, "BM_InProcessView"),
          witness_append_target(d)]
    return "\n".join([
        HTTP_BEGIN, "## HTTP under wrk, witnesses and mirrors\n",
        f"Written by `bench/run --http-only{' --quick' if d.mode == 'quick' else ''}` in {elapsed} s"
        " (a separate run from the table above; its figures and baselines are from this run"
        " only). Machine during this run:\n", machine_section(d), "", table(rows),
        "\n### Targets\n", "\n".join(f"- {t}" for t in tg), "\n### Details\n",
        "\n".join(wrk_details(d)), HTTP_END])


HTTP_BEGIN, HTTP_END = "<!-- bench/run --http-only: begin -->", "<!-- bench/run --http-only: end -->"


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
        for b in (find(d.pg, f"BM_PgPeerSql/batch:{n}"), find(d.pg, f"BM_PgPeerClient/batch:{n}")):
            if ok(b):
                out.append(f"- PostgreSQL peer {b['name'].split('/')[0]} batch {n:,}:"
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
    ap.add_argument("--http-section", metavar="RESULTS_MD",
                    help="write only the HTTP/wrk section into RESULTS_MD (replacing an older one)")
    args = ap.parse_args()
    d = Data(args.out, args.mode, args.verify)
    if args.http_section:
        elapsed = (d.text("elapsed.txt") or "?").split()[0]
        section = http_section(d, elapsed)
        try:
            old = open(args.http_section).read()
        except OSError:
            old = "# Benchmark results\n"
        if HTTP_BEGIN in old and HTTP_END in old:
            old = old[:old.index(HTTP_BEGIN)] + old[old.index(HTTP_END) + len(HTTP_END):].lstrip("\n")
        marker = "\nGoogle Benchmark warns"
        at = old.find(marker)
        new = (old[:at].rstrip("\n") + "\n\n" + section + "\n" + old[at:] if at >= 0
               else old.rstrip("\n") + "\n\n" + section + "\n")
        open(args.http_section, "w").write(new)
        print(section)
        return
    rows = table_rows(d)
    if args.table_only:
        print(table(rows))
        return
    elapsed = (d.text("elapsed.txt") or "? ?").split() + ["?"]
    print(f"# Benchmark results\n\nWritten by `bench/run{' --quick' if args.mode == 'quick' else ''}`"
          f" in {elapsed[0]} s (after {elapsed[1]} s of compiling). How to run it and what each"
          " figure means: bench/README.md.\n")
    print("## Machine\n\n" + machine_section(d) + "\n\n## Results\n")
    print("Ratio = value ÷ baseline: for rates higher is better, for times and sizes lower is"
          " better. Rates are events (or operations) per second.\n")
    print(table(rows))
    print("\n## Targets\n")
    print("\n".join(f"- {t}" for t in targets(d)))
    print("\n## Details\n\n" + details(d))
    print("\nGoogle Benchmark warns that its Debian library was built as DEBUG: that concerns the"
          " harness only; the code measured is built Release (-O3). Raw outputs of this run are"
          " in `build-bench/bench-results/`.")


if __name__ == "__main__":
    main()
