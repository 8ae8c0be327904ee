#!/usr/bin/env python3
# Memory under abuse, for bench/http_wrk.sh: against a running `ledger serve`
# (PORT, server PID), SLOW readers of /v1/export that read 4 KiB every 100 ms,
# plus JUNK senders that POST 8 MiB bodies of junk as fast as loopback takes
# them (reconnecting after each answer), for SECONDS. Samples the server's
# VmRSS every 50 ms and reads its VmHWM (peak resident set) before and after.
# Writes one JSON object to OUT.
import json, socket, sys, threading, time

port, pid, seconds, slow, junk, export_to, out = (int(sys.argv[1]), int(sys.argv[2]),
                                                  float(sys.argv[3]), int(sys.argv[4]),
                                                  int(sys.argv[5]), int(sys.argv[6]), sys.argv[7])
BODY = 8 << 20
stop = threading.Event()
lock = threading.Lock()
stats = {"export_bytes": 0, "export_opened": 0, "junk_sent_bytes": 0, "junk_answers": {},
         "junk_connect_errors": 0}


def status():
    out = {}
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            k, _, v = line.partition(":")
            if k in ("VmHWM", "VmRSS", "RssAnon", "RssFile"):
                out[k] = int(v.split()[0])
    return out


def reader():
    while not stop.is_set():
        try:
            s = socket.create_connection(("127.0.0.1", port), timeout=30)
            s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
            s.sendall(f"GET /v1/export?from=0&to={export_to} HTTP/1.1\r\nHost: bench\r\n\r\n".encode())
            with lock:
                stats["export_opened"] += 1
            while not stop.is_set():
                d = s.recv(4096)
                if not d:
                    break
                with lock:
                    stats["export_bytes"] += len(d)
                time.sleep(0.1)
            s.close()
        except OSError:
            time.sleep(0.1)


def sender():
    chunk = b"x" * (256 << 10)
    while not stop.is_set():
        try:
            s = socket.create_connection(("127.0.0.1", port), timeout=30)
        except OSError:
            with lock:
                stats["junk_connect_errors"] += 1
            time.sleep(0.05)
            continue
        try:
            s.sendall((f"POST /v1/events HTTP/1.1\r\nHost: bench\r\nContent-Type: application/json\r\n"
                       f"Content-Length: {BODY}\r\n\r\n").encode())
            sent = 0
            while sent < BODY and not stop.is_set():
                s.sendall(chunk)
                sent += len(chunk)
            with lock:
                stats["junk_sent_bytes"] += sent
            s.settimeout(10)
            head = s.recv(64).split(b" ")
            code = head[1].decode() if len(head) > 1 else "none"
        except OSError as e:
            code = type(e).__name__
        with lock:
            stats["junk_answers"][code] = stats["junk_answers"].get(code, 0) + 1
        s.close()


before = status()
threads = [threading.Thread(target=reader, daemon=True) for _ in range(slow)]
threads += [threading.Thread(target=sender, daemon=True) for _ in range(junk)]
for t in threads:
    t.start()
peak_rss, t0 = 0, time.monotonic()
while time.monotonic() - t0 < seconds:
    try:
        peak_rss = max(peak_rss, status()["VmRSS"])
    except OSError:
        break
    time.sleep(0.05)
stop.set()
after = status()
# A health check once the abuse stops: the server still answers.
try:
    s = socket.create_connection(("127.0.0.1", port), timeout=10)
    s.sendall(b"GET /v1/health HTTP/1.1\r\nHost: bench\r\nConnection: close\r\n\r\n")
    health = s.recv(64).split(b" ")[1].decode()
except (OSError, IndexError) as e:
    health = type(e).__name__
json.dump({"seconds": seconds, "slow_readers": slow, "junk_senders": junk,
           "hwm_before_kib": before["VmHWM"], "rss_before_kib": before["VmRSS"],
           "hwm_after_kib": after["VmHWM"], "rss_after_kib": after["VmRSS"],
           "anon_after_kib": after.get("RssAnon"), "peak_rss_sampled_kib": peak_rss,
           "health_after": health, **stats}, open(out, "w"))
