"""An uncertainty study on a local Dask cluster of two workers equals the single-process run
for the same seed, byte for byte (issue 16); shards merge in any number; a missing or foreign
shard is refused."""

from pathlib import Path

import pytest

import shieldsim

sd = pytest.importorskip("shieldsim.distributed")
dd = pytest.importorskip("dask.distributed")

SCENARIO = Path(__file__).parent / "data" / "small-ranges.toml"


@pytest.fixture(scope="module")
def client():
    # Processes, not threads: each worker has its own shieldsim, as on a cluster.
    with dd.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                         dashboard_address=None) as cluster, dd.Client(cluster) as c:
        c.wait_for_workers(2)
        yield c


@pytest.fixture(scope="module")
def single():
    return shieldsim.run(SCENARIO)


def test_two_workers_equal_single_process(client, single):
    units = sd.work_units(SCENARIO)
    assert units >= 3
    text = SCENARIO.read_text()
    futures = client.map(sd.shard, [str(SCENARIO)] * units, range(1, units + 1), [units] * units,
                         text=text, pure=False)
    shards = client.gather(futures)
    workers = {w for f in futures for w in client.who_has([f])[f.key]}
    assert len(workers) == 2, f"the shards ran on {workers}"
    merged = sd.merge(shards)
    assert merged.files == single.files
    # Shards in another order merge the same.
    assert sd.merge(list(reversed(shards))).files == single.files
    # The summary holds the uncertainty study (shares of the parameter sets per cell) and the
    # coverage grid's intervals, assembled from blocks computed on both workers.
    assert "deterrent" in merged.summary
    (row,) = merged.summary["architectures"][0]["coverage"]
    q = row["area_fraction_quantiles"]
    assert q["p05"] <= q["p50"] <= q["p95"] and row["uncertainty_samples"] == 4


@pytest.mark.parametrize("n", [1, 2, 7])
def test_any_shard_count_equals_single_process(client, single, n):
    study = sd.run(client, SCENARIO, shards=n)
    assert study.files == single.files


def test_missing_duplicate_and_foreign_shards_are_refused(client):
    text = SCENARIO.read_text()
    a = [sd.shard(None, i, 3, text=text) for i in (1, 2, 3)]
    with pytest.raises(shieldsim.InputError):
        sd.merge(a[:2])
    with pytest.raises(shieldsim.InputError):
        sd.merge([a[0], a[0], a[1], a[2]])
    other = sd.shard(None, 3, 3, text=text.replace("seed = 7", "seed = 8"))
    with pytest.raises(shieldsim.InputError):
        sd.merge([a[0], a[1], other])
