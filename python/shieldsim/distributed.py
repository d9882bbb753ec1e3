"""Large studies on a Dask cluster: a scenario's run split into shards, run with
``client.map``, merged into exactly the single-process answer.

The split is the library's (``shieldsim_studies::shard``, the same as ``shieldsim run FILE
--shard I/N`` and ``shieldsim merge``): a scenario has *work units* (an aim point of an
``engage`` analysis, a block of 256 aim points of a footprint or coverage grid, a route of the
deterrent question with all its cells and parameter sets, its sweep); unit ``k`` belongs to
shard ``k mod N``. A unit's randomness depends on the study seed and the parameter-set index only, never on the shard, the
worker or the thread, so the merged answer is the single-process one, byte for byte, for any
number of shards and workers.

A shard travels as bytes (``Shard::to_bytes``, JSON with every number exact), so workers need
only the same ``shieldsim`` package version as the client (the merge refuses shards of another
version or another scenario).

Laptop::

    from dask.distributed import Client, LocalCluster
    import shieldsim, shieldsim.distributed as sd
    client = Client(LocalCluster(n_workers=4, threads_per_worker=1))
    study = sd.run(client, "scenarios/phase4-deterrent-ranges.toml")
    study.to_pandas()

Slurm (dask-jobqueue), Kubernetes (dask-kubernetes): docs/PYTHON.md.
"""

from __future__ import annotations

import os
from typing import Any, List, Optional, Sequence, Union

from . import Settings, Study, _check_args, _native, _raise, _warn, _REPORT_SUFFIXES, scenario_text

__all__ = ["run", "run_text", "shard", "merge", "work_units", "deterrent"]


def _args(label: str, set: Settings, caps) -> List[str]:
    return _check_args(label, set, caps)


def work_units(
    scenario: Union[str, os.PathLike, None] = None,
    *,
    text: Optional[str] = None,
    set: Settings = None,
    **caps: Optional[int],
) -> int:
    """How many work units the scenario file (or scenario ``text``) splits into: the most
    shards that all get work."""
    label = os.fspath(scenario) if scenario is not None else "scenario"
    try:
        return _native.work_units(_args(label, set, caps), text)
    except _native.Failure as e:
        _raise(e)
    raise AssertionError("unreachable")


def shard(
    scenario: Union[str, os.PathLike, None],
    index: int,
    count: int,
    *,
    text: Optional[str] = None,
    set: Settings = None,
    **caps: Optional[int],
) -> bytes:
    """Shard ``index`` of ``count`` (counted from 1) of the scenario file (or ``text``): its
    work units' results as bytes, for :func:`merge`. This is what a worker runs; the file must
    be readable where it runs (pass ``text`` to ship the scenario itself)."""
    label = os.fspath(scenario) if scenario is not None else "scenario"
    try:
        return _native.run_shard(_args(label, set, caps), text, index, count)
    except _native.Failure as e:
        _raise(e)
    raise AssertionError("unreachable")


def merge(
    shards: Sequence[bytes],
    *,
    out: Union[str, os.PathLike, None] = None,
    force: bool = False,
) -> Study:
    """Every shard of one study, merged: the :class:`~shieldsim.Study` that
    :func:`shieldsim.run` gives for the same scenario (the same bytes); with ``out``, the report
    folder as ``shieldsim merge … --out`` writes it. A missing, duplicate or foreign shard
    raises :class:`~shieldsim.InputError` naming it."""
    try:
        files, warnings = _native.merge_shards(
            list(shards), None if out is None else os.fspath(out), force, _REPORT_SUFFIXES
        )
    except _native.Failure as e:
        _raise(e)
    _warn(warnings)
    return Study(dict(files))


def _default_shards(units: int) -> int:
    # One shard per work unit: Dask then hands each unit to whichever worker is free, so uneven
    # units (a grid block against an aim point, a shortcut cell against a sampled one) balance
    # and the tail is one unit. A shard's own cost (parsing the scenario, the design rows) is
    # milliseconds once its worker process holds the fly-out tables and threat families (kept
    # per process: the first shard of a study on each worker builds them); the cap keeps the
    # scheduler's task count moderate.
    return max(1, min(units, MAX_DEFAULT_SHARDS))


MAX_DEFAULT_SHARDS = 20_000


def run_text(
    client: Any,
    text: str,
    *,
    label: str = "scenario",
    shards: Optional[int] = None,
    set: Settings = None,
    out: Union[str, os.PathLike, None] = None,
    force: bool = False,
    **caps: Optional[int],
) -> Study:
    """:func:`run` for scenario ``text`` (shipped to the workers, so they need no shared
    file system)."""
    units = work_units(label, text=text, set=set, **caps)
    n = shards or _default_shards(units)
    futures = client.map(
        shard,
        [label] * n,
        range(1, n + 1),
        [n] * n,
        text=text,
        set=set,
        pure=False,
        **caps,
    )
    return merge(client.gather(futures), out=out, force=force)


def run(
    client: Any,
    scenario: Union[str, os.PathLike],
    *,
    shards: Optional[int] = None,
    set: Settings = None,
    out: Union[str, os.PathLike, None] = None,
    force: bool = False,
    **caps: Optional[int],
) -> Study:
    """Run the scenario file on the Dask ``client``'s cluster: ``shards`` shards (default: one per
    work unit, at most 20,000) mapped onto the workers, gathered and merged
    here. The answer equals :func:`shieldsim.run`'s, byte for byte. The file is read here and
    its text shipped to the workers (an architecture file it names must be readable on the
    workers too)."""
    with open(scenario, encoding="utf-8") as f:
        text = f.read()
    return run_text(client, text, label=os.fspath(scenario), shards=shards, set=set, out=out,
                     force=force, **caps)


def deterrent(
    client: Any,
    architecture: str,
    *,
    shards: Optional[int] = None,
    missile: Optional[str] = None,
    bases: Optional[Sequence[str]] = None,
    targets: Optional[Sequence[str]] = None,
    sensing: Optional[Sequence[str]] = None,
    samples: Optional[int] = None,
    seed: Optional[int] = None,
    distribution: Optional[str] = None,
    vary: Optional[Sequence[str]] = None,
    set: Settings = None,
    **caps: Optional[int],
) -> Study:
    """:func:`shieldsim.deterrent` on the cluster: one work unit per route (base × target),
    each with every sensing assumption and parameter set."""
    from . import _uncertainty

    text = scenario_text(
        architecture,
        {"kind": "deterrent", "missile": missile,
         "bases": list(bases) if bases is not None else None,
         "targets": list(targets) if targets is not None else None,
         "sensing": list(sensing) if sensing is not None else None, "sweep": False},
        uncertainty=_uncertainty(samples, seed, distribution, vary),
    )
    return run_text(client, text, label="shieldsim.deterrent", shards=shards, set=set, **caps)
