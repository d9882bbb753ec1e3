"""The GIL is released while shieldsim computes (issue 16): another Python thread keeps running
during a long call. (A structural check, not a benchmark: with the GIL held, the other thread
could not run at all until the call returned.)"""

import threading
import time

import shieldsim


def test_other_threads_run_during_a_call():
    wakeups = []
    done = threading.Event()

    def ticker():
        while not done.is_set():
            wakeups.append(time.perf_counter())
            time.sleep(0.005)

    # Tables warm first, so that the call is the engagement work alone.
    shieldsim.engage("epaa-phase-4", "icbm-11000", "kozelsk", "washington", sensing="cued", samples=4)
    t = threading.Thread(target=ticker)
    t.start()
    time.sleep(0.02)
    start = time.perf_counter()
    shieldsim.engage("epaa-phase-4", "icbm-11000", "kozelsk", "washington", sensing="cued",
                     samples=400, seed=2)
    end = time.perf_counter()
    done.set()
    t.join()
    during = [w for w in wakeups if start < w < end]
    gaps = [b - a for a, b in zip([start, *during], [*during, end])]
    assert end - start > 0.05, "the call was too short to tell"
    # The ticker ran throughout: no gap near the call's whole length.
    assert len(during) >= 3 and max(gaps) < 0.5 * (end - start), (len(during), max(gaps), end - start)
