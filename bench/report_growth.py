# The growth curve of bench/RESULTS.md: appends onto ever larger cached
# ledgers, as a table and as a PNG drawn from the run's numbers.
import os

from report_lib import count, fmt_bytes, fmt_rate, ok, rate_of


def growth_points(d):
    """(events in the ledger, appends/s, bytes written per event) from 0 up."""
    pts = [(0, d.lib[1000])] + list(d.growth)
    return [(n, rate_of(b), b.get("written_bytes_per_event")) for n, b in pts if ok(b)]


def growth_section(d, chart):
    pts = growth_points(d)
    if len(pts) < 2:
        return ("No growth curve in this run (no cached ledger to append onto; see the"
                " fixtures in the details).")
    fresh = pts[0][1]
    lines = ["Durable appends, batch 1,000, onto a scratch copy of a cached ledger of each size"
             " (`BM_LedgerAppendOnto`; 0 is a fresh ledger, `BM_LedgerAppend`); bytes written are"
             " what the process passed to write calls (`/proc/self/io` wchar) per event.\n",
             "| Events in the ledger | Appends/s | vs fresh | Bytes written per event |",
             "|---|---|---|---|"]
    lines += [f"| {count(n) if n else '0 (fresh)'} | {fmt_rate(r)} | {r / fresh:.2f}× |"
              f" {fmt_bytes(w)} |" for n, r, w in pts]
    if chart:
        lines.append(f"\n![Append rate and bytes written per event by ledger size](growth.png)\n\n"
                     f"(`bench/growth.png`, drawn by `report.py` with {chart} from the numbers above.)")
    return "\n".join(lines)


def write_chart(d, path):
    """The growth curve as a PNG drawn from the run's numbers: append rate and KiB written per
    event by ledger size. With matplotlib when it is installed; else with gnuplot (Debian 12's
    python3-matplotlib cannot be installed beside libboost1.81-dev: its fonttools -> scipy ->
    pythran chain wants libboost-dev 1.74). Returns the tool's name, or None."""
    pts = growth_points(d)
    if len(pts) < 2:
        return None
    xs = [n / 1e6 for n, _, _ in pts]
    rates = [r / 1e3 for _, r, _ in pts]
    kib = [(w or 0) / 1024 for _, _, w in pts]
    title = f"Append cost by ledger size ({d.cores} cores, bench/run{' --quick' if d.mode == 'quick' else ''})"
    xlabel = "events already in the ledger (millions)"
    ylabel, y2label = "durable appends, batch 1,000 (thousands/s)", "KiB written per event (target 1.5, dotted)"
    try:
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        return gnuplot_chart(path, xs, rates, kib, title, xlabel, ylabel, y2label)
    fig, ax = plt.subplots(figsize=(7, 4), dpi=100)
    ax.plot(xs, rates, "o-", color="tab:blue")
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel, color="tab:blue")
    ax.set_ylim(bottom=0)
    ax2 = ax.twinx()
    ax2.plot(xs, kib, "s--", color="tab:red")
    ax2.axhline(1.5, color="tab:red", linewidth=0.8, linestyle=":")
    ax2.set_ylabel(y2label, color="tab:red")
    ax2.set_ylim(bottom=0)
    ax.set_title(title)
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)
    return "matplotlib"


def gnuplot_chart(path, xs, rates, kib, title, xlabel, ylabel, y2label):
    import shutil
    import subprocess
    if not shutil.which("gnuplot"):
        return None
    data = "\n".join(f"{x} {r} {k}" for x, r, k in zip(xs, rates, kib)) + "\ne\n"
    script = f"""
set terminal pngcairo size 700,400 font ",9"
set output "{path}"
set title "{title}"
set xlabel "{xlabel}"
set ylabel "{ylabel}" textcolor rgb "#1f77b4"
set y2label "{y2label}" textcolor rgb "#d62728"
set yrange [0:*]
set y2range [0:*]
set ytics nomirror
set y2tics
set key off
set grid
plot "-" using 1:2 axes x1y1 with linespoints pt 7 lc rgb "#1f77b4", \\
     "-" using 1:3 axes x1y2 with linespoints pt 5 dt 2 lc rgb "#d62728", \\
     1.5 axes x1y2 with lines dt 3 lc rgb "#d62728"
"""
    r = subprocess.run(["gnuplot"], input=script + data + data, text=True, capture_output=True)
    return "gnuplot" if r.returncode == 0 and os.path.exists(path) else None
