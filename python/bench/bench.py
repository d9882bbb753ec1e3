"""Benchmarks of the Python package (issue 16; figures in BENCHMARKS.md).

    python python/bench/bench.py [--quick]

1. Per-call overhead of the binding: `shieldsim.engage(...)` (warm tables) against the Rust
   calls timed by `cargo run --release --example engage_timing -p shieldsim` (run that too).
2. Engagements per second per core: a deterrent study over the catalog's ranges in one process
   with RAYON_NUM_THREADS=1 (engagements = cells × parameter sets).
3. Scaling from 1 to 2 local Dask workers (one thread each, RAYON_NUM_THREADS=1), wall time and
   parallel efficiency T1 / (2 · T2), for two studies: the same deterrent study, sharded by
   route, and a coverage grid over NATO Europe with intervals over the catalog's ranges, sharded
   by blocks of aim points.
"""

import os
import subprocess
import sys
import time

QUICK = "--quick" in sys.argv
SAMPLES = 128 if QUICK else 1024
# Routes on which EPAA phase 4's Polish site is near its limit, so that every cell is evaluated
# set by set (no corner shortcut): the engagement work dominates the routes' flights.
BASES = ["tatishchevo"]
TARGETS = ["washington", "new-york", "boston", "ottawa"]
SENSING = ["kinematic-bound"]


def overhead():
    import shieldsim

    args = ("epaa-phase-3", "irbm-4000", "semnan", "bucharest")
    shieldsim.engage(*args)  # warm tables
    n = 100 if QUICK else 300
    t = time.perf_counter()
    for _ in range(n):
        shieldsim.engage(*args)
    per_call_ms = (time.perf_counter() - t) * 1e3 / n
    print(f"python shieldsim.engage (warm tables): {per_call_ms:.3f} ms per call ({n} calls)")
    # The first call in a fresh process: tables from the disk cache, or built.
    for cache in ("disk", "none"):
        env = dict(os.environ)
        if cache == "none":
            env["SHIELDSIM_CACHE_DIR"] = ""
        code = ("import time, shieldsim; t = time.perf_counter(); "
                "shieldsim.engage('epaa-phase-3', 'irbm-4000', 'semnan', 'bucharest'); "
                "print((time.perf_counter() - t) * 1e3)")
        subprocess.run([sys.executable, "-c", code], env=env, capture_output=True)  # fill the disk cache
        ms = float(subprocess.run([sys.executable, "-c", code], env=env, capture_output=True,
                                  text=True, check=True).stdout)
        print(f"first engage in a new process, disk cache {cache}: {ms:.1f} ms")


def study_text():
    import shieldsim

    return shieldsim.scenario_text(
        "epaa-phase-4",
        {"kind": "deterrent", "bases": BASES, "targets": TARGETS, "sensing": SENSING, "sweep": False},
        uncertainty={"samples": SAMPLES, "seed": 1},
    )


def coverage_text():
    """EPAA phase 3 against the IRBM from Semnan over NATO Europe, aim points every 100 km, with
    intervals over the catalog's ranges (10 parameter sets per aim point on the same grid)."""
    import shieldsim

    return shieldsim.scenario_text(
        "epaa-phase-3",
        {"kind": "coverage", "threat": "threat", "spacing_km": 100},
        threat={"missile": "irbm-4000", "from": "semnan", "to": ["bucharest"]},
        uncertainty={"samples": 10, "coverage_samples": 4 if QUICK else 10, "seed": 1,
                     "coverage_spacing_km": 100},
    )


def per_core():
    import shieldsim.distributed as sd
    import shieldsim

    text = study_text()
    cells = len(BASES) * len(TARGETS) * len(SENSING)
    engagements = cells * SAMPLES
    units = sd.work_units(None, text=text)
    # Warm the tables (lattice) once, then time.
    shieldsim._run("bench", text, None, None, False, {})
    t, c = time.perf_counter(), time.process_time()
    study = shieldsim._run("bench", text, None, None, False, {})
    dt, cpu = time.perf_counter() - t, time.process_time() - c
    # Engagements evaluated one by one: cells without a corner shortcut × parameter sets.
    evaluated = SAMPLES * sum(1 for r in study.summary["deterrent"] if not r.get("uncertainty_shortcut"))
    print(f"single process, RAYON_NUM_THREADS={os.environ.get('RAYON_NUM_THREADS')}: "
          f"{cells} cells × {SAMPLES} sets = {engagements} engagements ({evaluated} evaluated one by "
          f"one; {units} units) in {dt:.2f} s wall, {cpu:.2f} s CPU: {evaluated / dt:.0f} per wall "
          f"second, {evaluated / cpu:.0f} per CPU second")


def timed_shard(i, n, text):
    """A shard, with its wall and CPU time in the worker."""
    import time as t_
    import shieldsim.distributed as sd

    w, c = t_.perf_counter(), t_.process_time()
    b = sd.shard(None, i, n, text=text)
    return len(b), t_.perf_counter() - w, t_.process_time() - c


def scaling(name, text):
    from dask.distributed import Client, LocalCluster
    import shieldsim.distributed as sd

    times = {}
    for workers in (1, 2):
        with LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                          dashboard_address=None) as cluster, Client(cluster) as client:
            client.wait_for_workers(workers)
            units = sd.work_units(None, text=text)
            sd.run_text(client, text, shards=units)  # warm each worker's tables
            t = time.perf_counter()
            out = client.gather(client.map(timed_shard, range(1, units + 1), [units] * units,
                                           [text] * units, pure=False))
            times[workers] = time.perf_counter() - t
            cpu = sum(o[2] for o in out)
            print(f"{name}: dask, {workers} worker(s) × 1 thread: {times[workers]:.2f} s wall ({units} shards; "
                  f"CPU in the shards {cpu:.2f} s, per shard {', '.join(f'{o[1]:.1f}/{o[2]:.1f}' for o in out)} s wall/CPU)")
    eff = times[1] / (2 * times[2])
    print(f"{name}: parallel efficiency 1 → 2 workers: {eff:.2f} (speed-up {times[1] / times[2]:.2f}); "
          f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")


if __name__ == "__main__":
    os.environ.setdefault("RAYON_NUM_THREADS", "1")
    overhead()
    per_core()
    scaling("deterrent routes", study_text())
    scaling("coverage blocks", coverage_text())
