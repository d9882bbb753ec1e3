#!/usr/bin/env python3
"""Benchmarks of `shieldsim serve` over HTTP (BENCHMARKS.md, "Web app").

Usage: scripts/bench_serve.py [path/to/shieldsim]   (default target/release/shieldsim)

Starts the server on a free loopback port and measures: engage latency with warm fly-out
tables (200 sequential requests over four cases; client-side wall time, so it includes HTTP and
JSON), a 50 km footprint over NATO Europe (three runs; the server's own compute time and the
wall time), and the load test of the test suite (1,000 requests from 16 clients, one in four an
engage, the rest the catalog). Standard library only.
"""
import http.client, json, subprocess, sys, threading, time

exe = sys.argv[1] if len(sys.argv) > 1 else "target/release/shieldsim"
proc = subprocess.Popen([exe, "serve", "--port", "0"], stdout=subprocess.PIPE, text=True)
line = proc.stdout.readline().strip()
host, port = line.removeprefix("serving http://").rstrip("/").split(":")
port = int(port)


def call(method, path, body=None):
    c = http.client.HTTPConnection(host, port, timeout=120)
    data = None if body is None else json.dumps(body)
    c.request(method, path, body=data, headers={"Content-Type": "application/json"})
    r = c.getresponse()
    out = r.read()
    c.close()
    if r.status != 200:
        raise RuntimeError(f"{path}: {r.status} {out[:200]!r}")
    return out


def cpu_s():
    # The server's CPU time (user + system), to tell its work from a busy machine's waiting.
    f = open(f"/proc/{proc.pid}/stat").read().rsplit(")", 1)[1].split()
    return (int(f[11]) + int(f[12])) / 100


def q(xs, p):
    xs = sorted(xs)
    return xs[round((len(xs) - 1) * p)]


try:
    cases = [
        {"architecture": "epaa-phase-3", "threat": "irbm-4000", "from": "semnan", "to": "bucharest"},
        {"architecture": "epaa-phase-3", "threat": "irbm-4000", "from": "semnan", "to": "warsaw"},
        {"architecture": "epaa-phase-1", "threat": "mrbm-2000", "from": "tabriz", "to": "kurecik", "sensing": "cued"},
        {"architecture": "epaa-phase-4", "threat": "icbm-11000", "from": "kozelsk", "to": "washington"},
    ]
    t = time.perf_counter()
    for c in cases:
        call("POST", "/api/engage", c)
    print(f"first engages (tables built): {time.perf_counter() - t:.2f} s for {len(cases)} cases")
    lat = []
    for k in range(200):
        t = time.perf_counter()
        call("POST", "/api/engage", cases[k % len(cases)])
        lat.append((time.perf_counter() - t) * 1e3)
    print(f"engage, warm tables, 200 sequential: p50 {q(lat, 0.5):.1f} ms, p95 {q(lat, 0.95):.1f} ms, max {max(lat):.1f} ms")
    for c in cases:
        ls = []
        for _ in range(20):
            t = time.perf_counter()
            call("POST", "/api/engage", c)
            ls.append((time.perf_counter() - t) * 1e3)
        print(f"  {c['architecture']} {c['threat']} {c['from']}→{c['to']}: p50 {q(ls, 0.5):.1f} ms, p95 {q(ls, 0.95):.1f} ms")
    for arch in ["epaa-phase-3", "epaa-phase-4"]:
        for site in [None, "deveselu"]:
            walls, cpus = [], []
            for _ in range(3):
                t, c = time.perf_counter(), cpu_s()
                body = {"architecture": arch, "threat": "irbm-4000", "from": "semnan", "spacing_km": 50}
                if site:
                    body["site"] = site
                f = json.loads(call("POST", "/api/footprint", body))
                walls.append(time.perf_counter() - t)
                cpus.append(cpu_s() - c)
            print(f"footprint {arch}{' ' + site if site else ''} irbm-4000 Semnan, 50 km ({f['aim_points']} aim points): wall first {walls[0]:.2f} s (family built), then {min(walls[1:]):.2f}–{max(walls[1:]):.2f} s; server CPU {cpus[0]:.2f} s, then {min(cpus[1:]):.2f}–{max(cpus[1:]):.2f} s")
    t = time.perf_counter()
    d = json.loads(call("POST", "/api/deterrent", {}))
    print(f"deterrent matrix ({len(d['architectures'])} architectures × {len(d['routes'])} routes × {len(d['sensing'])} sensing): wall {time.perf_counter() - t:.2f} s, compute {d['compute_s']:.2f} s")
    # Load test.
    lat, errors = [], []
    lock = threading.Lock()

    def client(c):
        for k in range(c, 1000, 16):
            t = time.perf_counter()
            try:
                if k % 4 == 0:
                    call("POST", "/api/engage", cases[0])
                else:
                    call("GET", "/api/catalog")
            except Exception as e:  # noqa: BLE001
                with lock:
                    errors.append(str(e))
            with lock:
                lat.append((time.perf_counter() - t) * 1e3)

    t = time.perf_counter()
    threads = [threading.Thread(target=client, args=(c,)) for c in range(16)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    wall = time.perf_counter() - t
    print(f"load: 1000 requests from 16 clients in {wall:.2f} s: {1000 / wall:.0f} requests/s, p50 {q(lat, 0.5):.1f} ms, p95 {q(lat, 0.95):.1f} ms, errors {len(errors)}")
    rss = [l for l in open(f"/proc/{proc.pid}/status") if l.startswith("VmRSS")]
    print(f"server {rss[0].strip() if rss else ''}")
finally:
    proc.kill()
