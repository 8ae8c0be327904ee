# The HTTP rows and details of bench/RESULTS.md: bench/http_wrk.sh (wrk
# against `ledger serve`), witness_bench and the mirror.
from report_lib import find, fmt_rate, fmt_ratio, fmt_us, micros, ok, rate_of


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
        if conns == 64 and d.wrk_run("views-uncached", 64):
            r, cached = d.wrk_run("views-uncached", 64), d.wrk_run("views", 64)
            row("wrk GET views with the view cache off (--view-cache 0: each request reads the"
                " projection), 64 connections", wrk_value(r) and wrk_value(r)
                + f"; server CPU {r['server_cpu_s'] * 1e6 / r['requests']:.0f} µs/request",
                f"{fmt_rate(cached['rps'])} (the same views, cache on)" if cached else "n/a",
                fmt_ratio(r and r["rps"], cached and cached["rps"]))
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
