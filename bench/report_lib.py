# Reading bench/run's raw outputs (Google Benchmark JSON, openssl speed -mr,
# bench_fixture and ledger-verify measurements) and formatting figures.
import json
import os
import re

TEN_M = 10_000_000


def find(bms, prefix):
    """The benchmark named `prefix`, or `prefix/...` (so batch:1 is not batch:100)."""
    for b in bms:
        if b["name"] == prefix or b["name"].startswith(prefix + "/"):
            return b
    return None


def ok(b):
    return b is not None and not b.get("error_occurred")


def rate_of(b):
    return b.get("items_per_second") if ok(b) else None


def micros(b, key=None):
    """A time counter in µs (key None: the benchmark's real time per iteration)."""
    if not ok(b):
        return None
    if key is not None:
        return b.get(key)
    scale = {"ns": 1e-3, "us": 1.0, "ms": 1e3, "s": 1e6}[b.get("time_unit", "ns")]
    return b["real_time"] * scale


def fmt_rate(x):
    if x is None:
        return None
    if x >= 1e6:
        return f"{x / 1e6:.2f} M/s"
    if x >= 1e3:
        return f"{x / 1e3:.1f} k/s"
    return f"{x:.0f}/s"


def fmt_us(x):
    if x is None:
        return None
    if x >= 1_000:
        return f"{x / 1e3:.1f} ms"
    return f"{x:.1f} µs" if x < 100 else f"{x:.0f} µs"


def fmt_mib(x):
    return None if x is None else f"{x:.1f} MiB"


def fmt_bytes(x):
    if x is None:
        return None
    return f"{x / 1024:.1f} KiB" if x >= 10_240 else f"{x:,.0f} B"


def fmt_ratio(a, b):
    return f"{a / b:.2f}×" if a is not None and b else "—"


def count(n):
    return f"{n // 1_000_000}M" if n and n % 1_000_000 == 0 else f"{n:,}"


class Data:
    """Everything one bench/run produced, read from its output directory."""

    def __init__(self, out, mode, verify_bin):
        self.out, self.mode, self.verify_bin = out, mode, verify_bin
        self.core, self.append, self.pg, self.projections, self.http = (
            self.benchmarks(n) for n in ("core", "append", "pg", "projections", "http"))
        lines = []
        try:
            with open(os.path.join(out, "fixtures.jsonl")) as f:
                lines = [json.loads(line) for line in f if line.strip()]
        except (OSError, ValueError):
            pass
        bench = [fx for fx in lines if fx.get("kind", "bench") == "bench"]
        self.fixtures = [fx for fx in bench if fx.get("complete", True)]
        self.fixtures_stopped = [fx for fx in bench if not fx.get("complete", True)]
        self.civil = [fx for fx in lines if fx.get("kind") == "civil"]
        # Proofs and the bench-ledger audit run on --sizes; growth sizes are fixtures too.
        self.sizes = sorted(fx["size"] for fx in self.fixtures
                            if os.path.exists(os.path.join(out, f"proofs-{fx['size']}.json")))
        self.first = self.sizes[0] if self.sizes else 1_000_000
        self.machine = self.load_json("machine-start.json", {})
        self.machine_end = self.load_json("machine-end.json", {})
        self.cores = self.machine.get("cores") or os.cpu_count()
        self.samples = []  # (1-minute load, compiler processes), every 2 s
        try:
            with open(os.path.join(out, "load.txt")) as f:
                self.samples = [(float(a), int(b)) for a, b in (l.split() for l in f if l.strip())]
        except (OSError, ValueError):
            pass
        self.read_openssl()
        # bench/http_wrk.sh (wrk against `ledger serve`) and witness_bench.
        self.witness = self.benchmarks("witness")
        self.wrk = []
        try:
            with open(os.path.join(out, "wrk.jsonl")) as f:
                self.wrk = [json.loads(line) for line in f if line.strip()]
        except (OSError, ValueError):
            pass
        self.abuse = self.load_json("abuse.json")
        self.mirror = self.load_json("mirror.json")
        self.witness_cpu = self.load_json("witness-cpu.json")
        self.proof = {s: self.benchmarks(f"proofs-{s}") for s in self.sizes}
        self.verify_runs = {s: self.load_json(f"verify-{s}.json") for s in self.sizes}
        self.civil_runs = {c["records"]: {v: self.load_json(f"verify-civil-{c['records']}-{v}.json")
                                          for v in ("views", "no-views")}
                           for c in self.civil if c.get("records")}

        c = self.core
        self.enc, self.dec = find(c, "BM_EncodeRecord"), find(c, "BM_DecodeRecord")
        self.leaf, self.sign = find(c, "BM_LeafHash"), find(c, "BM_SignSubmission")
        self.vsub = find(c, "BM_VerifySubmission")
        self.rec_bytes = int(self.enc["record_bytes"]) if ok(self.enc) else self.ossl_bytes
        a = self.append
        self.lib = {n: find(a, f"BM_LedgerAppend/batch:{n}") for n in (1, 100, 1000)}
        self.raw = {n: find(a, f"BM_RawLmdbAppend/batch:{n}") for n in (1, 100, 1000)}
        # The growth curve: (ledger size, batch-1,000 appends onto a copy of it).
        self.growth = sorted((int(b["name"].split("/")[1].split(":")[1]), b) for b in a
                             if b["name"].startswith("BM_LedgerAppendOnto/"))
        self.onto_size, self.onto = next(
            ((n, b) for n, b in self.growth if n == 1_000_000), self.growth[0] if self.growth else (0, None))
        self.conc = [b for b in a if b["name"].startswith("BM_AppenderConcurrent/")]
        self.pg_best = {}
        for n in (1, 100, 1000):
            cands = [b for b in (find(self.pg, f"BM_PgPeerSql/batch:{n}"),
                                 find(self.pg, f"BM_PgPeerClient/batch:{n}")) if ok(b)]
            self.pg_best[n] = max(cands, key=rate_of) if cands else None
        # The honest peer: verifies every signature, chains, commits durably.
        self.pg_signed = {n: find(self.pg, f"BM_PgPeerSigned/batch:{n}") for n in (1, 100, 1000)}
        self.pg_signed_conc = find(self.pg, "BM_PgPeerSignedConcurrent/clients:64")
        self.conc64 = find(self.append, "BM_AppenderConcurrent/threads:64")
        # Per-event Ed25519 verify (µs of CPU) and the machine's verify ceiling.
        self.v_us = 1e6 / rate_of(self.vsub) if rate_of(self.vsub) else None
        self.ceiling = self.ossl_verify * self.cores if self.ossl_verify else None

    def load_json(self, name, default=None):
        try:
            with open(os.path.join(self.out, name)) as f:
                return json.load(f)
        except (OSError, ValueError):
            return default

    def benchmarks(self, name):
        return (self.load_json(name + ".json") or {}).get("benchmarks", [])

    def read_openssl(self):
        """The better of the runs at the start and the end of bench/run, per figure."""
        # -mr output: "+H:<bytes>", "+F:6:sha256:<bytes/s>", "+F6:0:253:Ed25519:<sign/s>:<verify/s>"
        self.ossl_bytes, self.ossl_sha_bps, self.ossl_sign, self.ossl_verify = 0, None, None, None
        best = lambda a, b: b if a is None else max(a, b)  # noqa: E731
        for name in ("openssl.txt", "openssl-end.txt"):
            try:
                text = open(os.path.join(self.out, name)).read()
            except OSError:
                continue
            m = re.search(r"^\+H:(\d+)", text, re.M)
            self.ossl_bytes = int(m.group(1)) if m else self.ossl_bytes
            m = re.search(r"^\+F:\d+:sha256:([\d.]+)", text, re.M)
            if m:
                self.ossl_sha_bps = best(self.ossl_sha_bps, float(m.group(1)))
            m = re.search(r"^\+F6:\d+:\d+:Ed25519:([\d.]+):([\d.]+)", text, re.M)
            if m:
                self.ossl_sign = best(self.ossl_sign, float(m.group(1)))
                self.ossl_verify = best(self.ossl_verify, float(m.group(2)))

    def wrk_sum(self, name, conns):
        """The wrk runs `name` at `conns` connections summed (several rounds):
        requests, created, durations and CPU added, latencies of the worst round."""
        runs = [w for w in self.wrk if w["name"] == name and w["conns"] == conns and "rps" in w]
        if not runs:
            return None
        out = dict(runs[0])
        for k in ("requests", "created", "replayed", "other", "duration_us", "server_cpu_s", "wrk_cpu_s"):
            out[k] = sum(r.get(k, 0) for r in runs)
        for k in ("p50_us", "p90_us", "p99_us", "max_us"):
            out[k] = max(r[k] for r in runs)
        out["rps"] = out["requests"] / (out["duration_us"] / 1e6)
        out["rounds"] = len(runs)
        return out

    def wrk_run(self, name, conns):
        """The wrk run `name` at `conns` connections (None if it did not run or failed)."""
        r = next((w for w in self.wrk if w["name"] == name and w["conns"] == conns), None)
        return r if r and "rps" in r else None

    @property
    def ossl_hash(self):
        """openssl speed sha256 at the record size, in hashes per second."""
        return self.ossl_sha_bps / self.ossl_bytes if self.ossl_sha_bps and self.ossl_bytes else None

    def text(self, name):
        try:
            return open(os.path.join(self.out, name)).read().strip()
        except OSError:
            return ""


def fmt_stopped(v, size):
    """What a ledger-verify run the time limit stopped had done (its last progress line)."""
    if v.get("progress_done"):
        total = v.get("progress_total") or size
        return (f"stopped after {v['seconds']:.0f} s at {v['progress_done']:,} of {total:,} records"
                f" ({v['progress_done'] / total:.0%}), {fmt_rate(v.get('progress_rate'))} so far")
    return f"stopped after {v['seconds']:.0f} s: < {fmt_rate(size / v['seconds'])}"
