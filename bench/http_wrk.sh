#!/usr/bin/env bash
# The real `ledger serve` under load from wrk, on 127.0.0.1 at a free port
# (bench/README.md, "HTTP under wrk"). Writes into OUT_DIR:
#   wrk.jsonl      one line a wrk run: {"name", "conns", "threads", "seconds",
#                  "requests", "p50_us", "p99_us", errors, POST: "created",
#                  "replayed", "other"}: GET /v1/health (the HTTP floor),
#                  point reads, views and tiles at 16 and 64 connections on a
#                  copy of the demo ledger; POST one event and 100 events per
#                  request on copies of a fresh ledger; POST one event with 0
#                  and with 3 witnesses (`ledger witness serve`, loopback)
#   abuse.json     the server's peak RSS under slow /v1/export readers and
#                  8 MiB junk POST senders (bench/abuse.py)
#   mirror.json    `ledger mirror` of the served demo ledger, and the local
#                  `ledger-verify ledger` audit of the same ledger
#   wrk-steps.log  what ran
# usage: bench/http_wrk.sh [--quick] BIN_DIR BENCH_BIN_DIR OUT_DIR
#   BIN_DIR holds ledger and ledger-verify; BENCH_BIN_DIR bench_http_bodies.
set -euo pipefail

QUICK=0
if [[ ${1:-} == --quick ]]; then QUICK=1; shift; fi
(($# == 3)) || { sed -n '2,18p' "$0" >&2; exit 2; }
BIN=$1 BENCH_BIN=$2 OUT=$3
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
LEDGER=$BIN/ledger VERIFY=$BIN/ledger-verify
command -v wrk >/dev/null || { echo "http_wrk.sh: wrk is not installed" >&2; exit 1; }
[[ -x $LEDGER ]] || { echo "http_wrk.sh: no $LEDGER" >&2; exit 1; }
mkdir -p "$OUT"
WORK=$(mktemp -d "${TMPDIR:-/tmp}/ledger-wrk.XXXXXX")
# Quick: 5 s per wrk run, the 5,000-person demo (as http_bench --ledger_quick).
if ((QUICK)); then
  DUR=5 PEOPLE=5000 SINGLE=40000 BATCHES=1200 ABUSE_S=8
else
  DUR=15 PEOPLE=20000 SINGLE=120000 BATCHES=3500 ABUSE_S=20
fi
THREADS=2  # wrk threads: the machine's 2 cores are shared with the server
PIDS=()
START_S=$SECONDS

log() { printf 'http_wrk [%3d s]: %s\n' "$((SECONDS - START_S))" "$*" | tee -a "$OUT/wrk-steps.log" >&2; }
cleanup() {
  local p
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${PIDS[@]}"; do wait "$p" 2>/dev/null || true; done
  rm -rf "$WORK"
}
trap cleanup EXIT

# wait_port LOGFILE REGEX: the port a program printed (sed group 1), within 60 s.
wait_port() {
  local i port
  for ((i = 0; i < 600; i++)); do
    port=$(sed -nE "s#$2#\\1#p" "$1" 2>/dev/null | head -1)
    if [[ -n $port ]]; then echo "$port"; return 0; fi
    sleep 0.1
  done
  echo "http_wrk.sh: no port in $1:" >&2
  cat "$1" >&2
  return 1
}

# serve DIR NAME [flags...]: starts `ledger serve` on a free port; sets SERVE_PID, PORT.
serve() {
  local dir=$1 name=$2
  shift 2
  rm -f "$WORK/$name.out"  # not a port printed by an earlier server of that name
  "$LEDGER" serve --dir "$dir" --listen 127.0.0.1:0 --quiet "$@" >"$WORK/$name.out" 2>"$WORK/$name.err" &
  SERVE_PID=$!
  PIDS+=("$SERVE_PID")
  PORT=$(wait_port "$WORK/$name.out" '.* on http://127\.0\.0\.1:([0-9]+)/v1$')
}
stop_serve() {
  kill -TERM "$SERVE_PID" 2>/dev/null || true
  wait "$SERVE_PID" 2>/dev/null || true
}

# run_wrk NAME CONNS SCRIPT [script args...]: one wrk run against $PORT, with the
# CPU time the server (/proc/PID/stat) and wrk (rusage) spent during it.
run_wrk() {
  local name=$1 conns=$2 script=$3
  shift 3
  log "wrk $name, $conns connections, ${DUR} s"
  python3 - "$name" "$conns" "$THREADS" "$SERVE_PID" "$WORK/wrk-$name-$conns.txt" \
    wrk -t "$THREADS" -c "$conns" -d "${DUR}s" --timeout 30s -s "$HERE/wrk/$script" \
    "http://127.0.0.1:$PORT" -- "$@" >>"$OUT/wrk.jsonl" <<'EOF'
import json, os, resource, subprocess, sys
name, conns, threads, pid, path = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4], sys.argv[5]
tick = os.sysconf("SC_CLK_TCK")
def cpu():  # the server's user + system CPU seconds
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / tick
def hwm():
    with open(f"/proc/{pid}/status") as f:
        return next(int(l.split()[1]) for l in f if l.startswith("VmHWM:"))
c0 = cpu()
with open(path, "w") as f:
    subprocess.run(sys.argv[6:], stdout=f, stderr=subprocess.STDOUT)
server_cpu = cpu() - c0
ru = resource.getrusage(resource.RUSAGE_CHILDREN)
text = open(path).read()
line = next((l for l in text.splitlines() if l.startswith("WRKJSON ")), None)
d = json.loads(line[8:]) if line else {"error": text.strip()[-300:] or "no output"}
if "duration_us" in d:
    d["rps"] = d["requests"] / (d["duration_us"] / 1e6)
d.update(server_cpu_s=server_cpu, wrk_cpu_s=ru.ru_utime + ru.ru_stime, server_hwm_kib=hwm(),
         loadavg=os.getloadavg()[0])
print(json.dumps({"name": name, "conns": conns, "threads": threads, **d}))
EOF
}

# ---- The demo ledger (as http_bench's), served from a copy --------------------------
log "demo ledger, $PEOPLE people"
"$LEDGER" demo --dir "$WORK/demo" --people "$PEOPLE" >"$WORK/demo.log" 2>&1 ||
  { tail -20 "$WORK/demo.log" >&2; log "ledger demo failed"; exit 1; }
cp -a "$WORK/demo/ledger" "$WORK/served"
"$LEDGER" vkey --dir "$WORK/demo/ledger" >"$WORK/demo.vkey" 2>/dev/null || cp "$WORK/demo/ledger/log.vkey" "$WORK/demo.vkey"
serve "$WORK/served" demo
SIZE=$(curl -fsS "http://127.0.0.1:$PORT/v1/health" | python3 -c 'import json,sys; print(json.load(sys.stdin)["size"])')
log "serving the demo copy ($SIZE records) on port $PORT"
python3 - "$SIZE" "$WORK" <<'EOF'
import random, sys
size, work = int(sys.argv[1]), sys.argv[2]
rng = random.Random(7)
def tile_index(n):  # c2sp.org/tlog-tiles: 3-digit groups, all but the last prefixed x
    parts = []
    while True:
        parts.append(f"{n % 1000:03d}")
        n //= 1000
        if n == 0: break
    return "/".join(["x" + p for p in reversed(parts[1:])] + [parts[0]])
with open(f"{work}/health.txt", "w") as f:
    f.write("/v1/health\n")
with open(f"{work}/point.txt", "w") as f:  # as PointTarget in http_bench.cc
    for _ in range(20000):
        f.write("/v1/checkpoint\n" if rng.random() < 0.25 else f"/v1/events/{rng.randrange(size)}\n")
with open(f"{work}/views.txt", "w") as f:  # as ViewTarget in http_bench.cc
    for k in range(1, 25):
        f.write(f"/v1/views/holders?org=mn.ub.bayanzurkh.khoroo-{k:02d}\n")
full = size // 256  # full tiles only: they are what a mirror or monitor fetches
with open(f"{work}/tiles.txt", "w") as f:
    for n in range(full):
        f.write(f"/tile/0/{tile_index(n)}\n")
with open(f"{work}/entries.txt", "w") as f:
    for n in range(full):
        f.write(f"/tile/entries/{tile_index(n)}\n")
EOF
for list in point views tiles entries; do  # every path must answer 200 before it is timed
  p=$(head -1 "$WORK/$list.txt")
  code=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$PORT$p")
  [[ $code == 200 ]] || log "warning: $p answered $code"
done
for conns in 16 64; do
  run_wrk health "$conns" get.lua "$WORK/health.txt"
  run_wrk point "$conns" get.lua "$WORK/point.txt"
  run_wrk views "$conns" get.lua "$WORK/views.txt"
  run_wrk tile "$conns" get.lua "$WORK/tiles.txt"
  run_wrk entries "$conns" get.lua "$WORK/entries.txt"
done
# The same views with the view cache off: every request reads the projection.
stop_serve
serve "$WORK/served" demo-uncached --view-cache 0
run_wrk views-uncached 64 get.lua "$WORK/views.txt"
stop_serve
serve "$WORK/served" demo

# ---- Mirror catch-up over loopback vs the local audit --------------------------------
log "ledger mirror of $SIZE records over loopback"
python3 - "$OUT/mirror.json" "$SIZE" "$LEDGER" "$VERIFY" "$PORT" "$WORK" <<'EOF'
import json, os, subprocess, sys, time
out, size, ledger, verify, port, work = sys.argv[1], int(sys.argv[2]), *sys.argv[3:]
def timed(cmd):
    t0 = time.monotonic()
    p = subprocess.run(cmd, capture_output=True, text=True)
    return time.monotonic() - t0, p.returncode, (p.stdout + p.stderr).strip()[-300:]
r = {"records": size}
r["mirror_s"], r["mirror_rc"], r["mirror_out"] = timed(
    [ledger, "mirror", f"http://127.0.0.1:{port}", "--dir", f"{work}/mirror", "--log-key", f"{work}/demo.vkey"])
if os.access(verify, os.X_OK):
    r["verify_s"], r["verify_rc"], r["verify_out"] = timed(
        [verify, "ledger", f"{work}/demo/ledger", "--log-key", f"{work}/demo.vkey", "--json"])
json.dump(r, open(out, "w"))
EOF

# ---- Memory under abuse --------------------------------------------------------------
log "abuse: 16 slow /v1/export readers + 16 junk 8 MiB POST senders, $ABUSE_S s"
python3 "$HERE/abuse.py" "$PORT" "$SERVE_PID" "$ABUSE_S" 16 16 "$SIZE" "$OUT/abuse.json" ||
  log "abuse.py failed"
stop_serve

# ---- POST: one event, and 100 events, per request ------------------------------------
log "signing $SINGLE single-event bodies and $BATCHES bodies of 100 events"
"$BENCH_BIN/bench_http_bodies" "$WORK/bodies" "$SINGLE" "$BATCHES" >"$WORK/bodies.log" 2>&1 ||
  { cat "$WORK/bodies.log" >&2; log "bench_http_bodies failed"; exit 1; }
post_run() {  # post_run NAME CONNS BODIES [serve flags...]: on a fresh copy of the ledger
  local name=$1 conns=$2 bodies=$3
  shift 3
  rm -rf "$WORK/post-ledger"
  cp -a "$WORK/bodies/ledger" "$WORK/post-ledger"
  serve "$WORK/post-ledger" "$name-$conns" "$@"
  run_wrk "$name" "$conns" post.lua "$bodies" "$THREADS"
  stop_serve
}
for conns in 16 64; do
  post_run post1 "$conns" "$WORK/bodies/single.jsonl"
  post_run post100 "$conns" "$WORK/bodies/batch.jsonl"
done

# ---- Appends with 3 witnesses (ledger witness serve, loopback) -----------------------
"$LEDGER" vkey --dir "$WORK/bodies/ledger" >"$WORK/bench.vkey" 2>/dev/null || cp "$WORK/bodies/ledger/log.vkey" "$WORK/bench.vkey"
cpu_s() {  # user + system CPU seconds of the given processes, summed
  local p t=0
  for p in "$@"; do
    t=$(awk -v t="$t" -v hz="$(getconf CLK_TCK)" '{ sub(/.*\) /, ""); print t + ($12 + $13) / hz }' "/proc/$p/stat")
  done
  echo "$t"
}
for w in 1 2 3; do
  "$LEDGER" witness keygen --out "$WORK/w$w" --name "witness.bench.example/w$w" >/dev/null
  printf 'name witness.bench.example/w%s\nlog %s\n' "$w" "$(head -1 "$WORK/bench.vkey")" >"$WORK/w$w.conf"
done
# Three witnesses with empty state (each round's log starts again from genesis).
start_witnesses() {
  local w wport
  WITNESS_FLAGS=() WPIDS=()
  for w in 1 2 3; do
    rm -rf "$WORK/w$w-state" "$WORK/w$w.out"
    "$LEDGER" witness serve --config "$WORK/w$w.conf" --key "$WORK/w$w.pem" --state "$WORK/w$w-state" \
      --listen 127.0.0.1:0 >"$WORK/w$w.out" 2>"$WORK/w$w.err" &
    PIDS+=("$!")
    WPIDS+=("$!")
    wport=$(wait_port "$WORK/w$w.out" '.*POST http://127\.0\.0\.1:([0-9]+)/add-checkpoint')
    WITNESS_FLAGS+=(--witness "$(head -1 "$WORK/w$w.vkey")@http://127.0.0.1:$wport")
  done
}
stop_witnesses() {
  local p
  for p in "${WPIDS[@]}"; do kill -TERM "$p" 2>/dev/null || true; done
  for p in "${WPIDS[@]}"; do wait "$p" 2>/dev/null || true; done
}
# Alternately, so both see the same load on a shared machine: none, three,
# none, three (the report sums the rounds of each). Only the witnesses' CPU
# during the three-witness runs is counted.
W_CPU=0 COSIGNED=0
for round in 1 2; do
  post_run witness0 16 "$WORK/bodies/single.jsonl"
  start_witnesses
  W_CPU0=$(cpu_s "${WPIDS[@]}")
  post_run witness3 16 "$WORK/bodies/single.jsonl" "${WITNESS_FLAGS[@]}"
  W_CPU=$(python3 -c "print($W_CPU + $(cpu_s "${WPIDS[@]}") - $W_CPU0)")
  # The cosignature lines on the last checkpoint the log kept (checkpoint.cosigned).
  # The fewest over the rounds: every round's witnesses must have cosigned.
  lines=$(grep -c '^— witness\.bench\.example/' "$WORK/post-ledger/checkpoint.cosigned" 2>/dev/null || true)
  if [[ $round == 1 ]] || ((${lines:-0} < COSIGNED)); then COSIGNED=${lines:-0}; fi
  cp "$WORK/witness3-16.err" "$OUT/witness3-serve-$round.err" 2>/dev/null || true
  stop_witnesses
done
printf '{"witness_cpu_s": %s, "witnesses": 3, "rounds": 2, "cosignature_lines": %d}\n' \
  "$(python3 -c "print(round($W_CPU, 3))")" "$COSIGNED" >"$OUT/witness-cpu.json"
log "done"
