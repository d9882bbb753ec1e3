"""shieldsim: open simulation of ballistic-missile-defence architectures, for notebooks.

Every function answers with what the command line's ``--json`` prints for the same inputs
(the same code computes it: the extension module runs the command line's own argument checks
and studies, then hands back the JSON document instead of printing it). Arguments are the
command line's flags with ``-`` written ``_`` (``from_`` for ``--from``, a keyword in Python);
``set={"sm3-iia.burnout_speed_km_s": 5.0}`` is ``--set sm3-iia.burnout_speed_km_s=5.0``.

Units are in the names, as in the JSON keys: ``_km``, ``_s``, ``_deg``, ``_km_s``, ``_m2``.
Times are seconds from the threat's launch unless named otherwise. A PLACE is a catalog name
(``"semnan"``) or ``"LAT,LON"`` in degrees.

Bad input raises :class:`InputError` (a ``ValueError``) whose message is the command line's
exit-2 line without its ``error:`` prefix; a defect raises :class:`InternalError`. Warnings the
command line prints on stderr (a value outside its sourced range) are Python warnings
(:class:`ShieldsimWarning`).

Fly-out tables (about 100 ms each to build) are built once per process and stored on disk in
``$SHIELDSIM_CACHE_DIR`` or ``~/.cache/shieldsim`` (:func:`set_cache_dir`); a stored table is
checked against everything that shapes it and read back bit for bit, so answers are the same
bytes with or without the cache.

The GIL is released while shieldsim computes, so threads (and Dask's threaded workers) run
studies in parallel.
"""

from __future__ import annotations

import csv as _csv
import io as _io
import json as _json
import os as _os
import warnings as _warnings
from pathlib import Path as _Path
from typing import Any, Dict, Iterable, List, Mapping, Optional, Sequence, Union

from . import _native

__version__: str = _native.__version__

__all__ = [
    "InputError",
    "InternalError",
    "ShieldsimError",
    "ShieldsimWarning",
    "Engagement",
    "Flight",
    "Study",
    "aim",
    "ballistic",
    "cache_dir",
    "cache_stats",
    "catalog",
    "clear_memory_cache",
    "coverage",
    "deterrent",
    "engage",
    "fly",
    "footprint",
    "run",
    "scenario_text",
    "set_cache_dir",
]

Settings = Union[Mapping[str, float], Sequence[str], None]


class ShieldsimError(Exception):
    """A shieldsim failure; see :class:`InputError` and :class:`InternalError`."""


class InputError(ShieldsimError, ValueError):
    """Bad input: what the command line exits 2 on, with the very same message."""


class InternalError(ShieldsimError, RuntimeError):
    """A defect in shieldsim (the command line's exit 1): please report it."""


class ShieldsimWarning(UserWarning):
    """What the command line prints as ``warning: …`` (e.g. a value outside its sourced range)."""


def _raise(e: Exception) -> None:
    code, message = e.args
    if code == 2:
        raise InputError(message) from None
    raise InternalError(message) from None


def _warn(lines: Iterable[str]) -> None:
    for w in lines:
        _warnings.warn(w, ShieldsimWarning, stacklevel=3)


# --- command lines -------------------------------------------------------------------------


def _number(x: float) -> str:
    if isinstance(x, bool):
        raise TypeError(f"expected a number, got {x!r}")
    if isinstance(x, int):
        return str(x)
    # repr is the shortest text that reads back to the same double, so the command line's
    # parser sees exactly this value.
    return repr(float(x))


def _settings(set: Settings) -> List[str]:
    if set is None:
        return []
    if isinstance(set, Mapping):
        return [a for k, v in set.items() for a in ("--set", f"{k}={_number(v)}")]
    if isinstance(set, str):
        raise TypeError('set: expected {"ID.KEY": value} or ["ID.KEY=VALUE", …], got a string')
    return [a for s in set for a in ("--set", str(s))]


def _args(command: str, positional: Sequence[str] = (), **flags: Any) -> List[str]:
    """A command line: ``name=value`` → ``--name VALUE``; lists repeat the flag; ``True`` is a
    bare flag; ``None`` and ``False`` are left out."""
    out = [command, *positional]
    for name, value in flags.items():
        if name == "set":
            out += _settings(value)
            continue
        flag = "--" + name.rstrip("_").replace("_", "-")
        if value is None or value is False:
            continue
        if value is True:
            out.append(flag)
        elif isinstance(value, (list, tuple)):
            for v in value:
                out += [flag, _text(v)]
        else:
            out += [flag, _text(value)]
    return out


def _text(v: Any) -> str:
    if isinstance(v, str):
        return v
    if isinstance(v, (int, float)) and not isinstance(v, bool):
        return _number(v)
    raise TypeError(f"expected a string or a number, got {v!r}")


def _capture(args: List[str]) -> Any:
    try:
        text, warnings = _native.capture(args)
    except _native.Failure as e:
        _raise(e)
    _warn(warnings)
    return _json.loads(text)


# --- results -------------------------------------------------------------------------------


def _pandas():
    try:
        import pandas
    except ImportError as e:  # pragma: no cover - depends on the environment
        raise ImportError("to_pandas() needs pandas: pip install pandas") from e
    return pandas


class Engagement(dict):
    """``engage --json``'s document (a dict; keys as DESIGN.md names them, units in the names):
    ``threat`` (``flight_time_s``, ``apogee_km``, ``ground_range_km``, ``burnout_s``),
    ``engageable``, ``opportunities`` (per site and shot: ``earliest_launch_s``,
    ``latest_launch_s``, ``margin_s``, ``binding_constraint``, ``intercept_windows_s``, …),
    ``sites``, ``sensors``, ``settings``; with ``samples`` also ``uncertainty``."""

    def to_pandas(self, table: str = "opportunities"):
        """One of the document's lists (``opportunities``, ``sites`` or ``sensors``) as a
        DataFrame, one row per item, columns as the JSON keys."""
        return _pandas().DataFrame(list(self.get(table) or []))


class Flight(dict):
    """``fly --json``'s document: ``flight_time_s``, ``apogee_km``, ``ground_range_km``,
    ``burnout``, ``impact``, ``samples`` (``t_s``, ``lat_deg``, ``lon_deg``, ``alt_km``,
    ``speed_km_s``, ``phase``)."""

    COLUMNS = ("t_s", "lat_deg", "lon_deg", "alt_km", "speed_km_s")

    def array(self):
        """The samples as a numpy array, one row per sample, columns :attr:`COLUMNS`
        (s, deg, deg, km, km/s)."""
        import numpy

        return numpy.array(
            [[s[c] for c in self.COLUMNS] for s in self.get("samples") or []], dtype=float
        ).reshape(-1, len(self.COLUMNS))

    def to_pandas(self):
        """The samples as a DataFrame (columns as the JSON keys)."""
        return _pandas().DataFrame(list(self.get("samples") or []))

    def geojson(self) -> Dict[str, Any]:
        """The ground track as a GeoJSON FeatureCollection (one LineString, lon/lat in degrees,
        properties ``missile``, ``flight_time_s``, ``apogee_km``), ready for
        ``geopandas.GeoDataFrame.from_features``."""
        coords = [[s["lon_deg"], s["lat_deg"]] for s in self.get("samples") or []]
        return {
            "type": "FeatureCollection",
            "features": [
                {
                    "type": "Feature",
                    "geometry": {"type": "LineString", "coordinates": coords},
                    "properties": {
                        "missile": self.get("missile"),
                        "flight_time_s": self.get("flight_time_s"),
                        "apogee_km": self.get("apogee_km"),
                    },
                }
            ],
        }


class Study:
    """A scenario's results: the files ``shieldsim run`` writes into its report folder (the
    same bytes), held in memory. ``summary`` is ``summary.json``; GeoJSON files (footprints,
    deterrent routes, engagement tracks) and CSV tables are read by name."""

    def __init__(self, files: Dict[str, bytes]):
        self.files: Dict[str, bytes] = files

    def __repr__(self) -> str:
        return f"Study(files={sorted(self.files)})"

    @property
    def summary(self) -> Dict[str, Any]:
        """``summary.json``: every answer of the run, units in the keys."""
        return _json.loads(self.files["summary.json"])

    def geojson(self, name: str) -> Dict[str, Any]:
        """A GeoJSON file of the report (``footprint-….geojson``, ``deterrent.geojson``,
        ``engage-ARCH.geojson``), ready for ``geopandas.GeoDataFrame.from_features``."""
        return _json.loads(self.files[_suffixed(name, ".geojson")])

    def rows(self, name: str) -> List[Dict[str, str]]:
        """A CSV file of the report as rows of text (``deterrent``, ``coverage``,
        ``engage-ARCH``, ``footprint-…``, ``sweep``)."""
        text = self.files[_suffixed(name, ".csv")].decode()
        return list(_csv.DictReader(_io.StringIO(text)))

    def to_pandas(self, name: Optional[str] = None):
        """A CSV table of the report as a DataFrame: by default the deterrent matrix if there is
        one, else the coverage rows, else the first engagement table."""
        if name is None:
            names = [n for n in ("deterrent.csv", "coverage.csv") if n in self.files]
            names += sorted(n for n in self.files if n.startswith("engage-") and n.endswith(".csv"))
            if not names:
                raise KeyError("the study has no table")
            name = names[0]
        return _pandas().read_csv(_io.BytesIO(self.files[_suffixed(name, ".csv")]))

    def summary_table(self, key: str = "deterrent"):
        """A list of ``summary.json`` (``deterrent``: one row per cell with ``margin_s``,
        ``engageable`` and, over the catalog's ranges, ``engageable_share``; ``engagements``,
        ``footprints``, ``deterrent_uncertainty``, ``sensitivity``, ``basing``) as a DataFrame."""
        rows = self.summary.get(key)
        if not isinstance(rows, list):
            raise KeyError(f"summary.json has no list {key!r}")
        return _pandas().DataFrame(rows)

    def geodataframe(self, name: str):
        """A GeoJSON file of the report as a geopandas GeoDataFrame (EPSG:4326)."""
        import geopandas

        return geopandas.GeoDataFrame.from_features(self.geojson(name)["features"], crs="EPSG:4326")

    @property
    def footprints(self) -> List[str]:
        """Names of the footprint GeoJSON files."""
        return sorted(n for n in self.files if n.startswith("footprint") and n.endswith(".geojson"))

    def write(self, out: Union[str, _os.PathLike]) -> None:
        """Write the held files into the folder ``out`` (created; files replaced). For the whole
        report folder as ``run --out`` writes it (index.html, KML, CZML, atomically), pass
        ``out=`` to :func:`run`."""
        d = _Path(out)
        d.mkdir(parents=True, exist_ok=True)
        for n, b in self.files.items():
            (d / n).write_bytes(b)


def _suffixed(name: str, suffix: str) -> str:
    return name if name.endswith(suffix) else name + suffix


# --- the commands --------------------------------------------------------------------------


def catalog(what: Optional[str] = None) -> Dict[str, Any]:
    """``shieldsim list --json``: missiles, places, interceptors, sensors, architectures,
    early-warning radars and assumptions, each ranged figure with ``value``, ``low``, ``high``
    and ``source``. ``what`` names one kind (``"missiles"``, ``"interceptors"``, ``"sensors"``,
    ``"places"``, ``"architectures"``, ``"assumptions"``)."""
    return _capture(_args("list", [what] if what else []))


def engage(
    architecture: str,
    threat: str,
    from_: str,
    to: str,
    *,
    sensing: str = "own",
    cued_radar: Optional[Sequence[str]] = None,
    set: Settings = None,
    rcs_m2: Optional[float] = None,
    decision_delay_s: Optional[float] = None,
    track_after_burnout_s: Optional[float] = None,
    kill_assessment_s: Optional[float] = None,
    pk: Optional[float] = None,
    shots_per_salvo: Optional[int] = None,
    raid_size: Optional[int] = None,
    trials: Optional[int] = None,
    samples: Optional[int] = None,
    distribution: Optional[str] = None,
    vary: Optional[Sequence[str]] = None,
    seed: Optional[int] = None,
    max_samples_sets: Optional[int] = None,
    max_trials: Optional[int] = None,
    max_raid_size: Optional[int] = None,
) -> Engagement:
    """``shieldsim engage --json``: the engagement opportunities of every site of
    ``architecture`` (a catalog id or an architecture file) against catalog missile
    ``threat`` flown minimum-energy from PLACE ``from_`` to PLACE ``to``.

    ``sensing``: ``"own"`` (the architecture's radars), ``"cued"`` (plus early-warning radars,
    ``cued_radar``) or ``"kinematic-bound"`` (a perfect track at burnout: an upper bound).
    ``rcs_m2`` (m²), ``decision_delay_s``, ``track_after_burnout_s``, ``kill_assessment_s`` (s)
    default to the catalog's assumptions. ``pk`` adds the leak probability of a raid
    (``shots_per_salvo``, ``raid_size``, Monte Carlo ``trials`` seeded by ``seed``). ``samples``
    adds the uncertainty study: that many parameter sets from the catalog's ranges (a scrambled
    Sobol design seeded by ``seed``, ``distribution`` ``"triangular"`` or ``"uniform"``, only the
    figures in ``vary`` if given), with the share in which some site engages, margin quantiles
    (s), what decides the answer and the break-even value."""
    return Engagement(
        _capture(
            _args(
                "engage",
                architecture=architecture,
                threat=threat,
                from_=from_,
                to=to,
                sensing=sensing,
                cued_radar=list(cued_radar) if cued_radar else None,
                set=set,
                rcs_m2=rcs_m2,
                decision_delay_s=decision_delay_s,
                track_after_burnout_s=track_after_burnout_s,
                kill_assessment_s=kill_assessment_s,
                pk=pk,
                shots_per_salvo=shots_per_salvo,
                raid_size=raid_size,
                trials=trials,
                samples=samples,
                distribution=distribution,
                vary=list(vary) if vary else None,
                seed=seed,
                max_samples_sets=max_samples_sets,
                max_trials=max_trials,
                max_raid_size=max_raid_size,
            )
        )
    )


def fly(
    missile: str,
    from_: str,
    to: str,
    *,
    trajectory: str = "min-energy",
    apogee_km: Optional[float] = None,
    set: Settings = None,
    earth: str = "wgs84",
    no_rotation: bool = False,
    sample_step_s: float = 10.0,
    max_samples: Optional[int] = None,
) -> Flight:
    """``shieldsim fly --json``: the full powered flight of catalog ``missile`` from PLACE
    ``from_`` to PLACE ``to`` (``trajectory`` ``"min-energy"``, ``"lofted"`` or ``"depressed"``,
    cut off to reach ``apogee_km`` if given), sampled every ``sample_step_s`` seconds.
    :meth:`Flight.array` gives the samples as numpy, :meth:`Flight.geojson` the ground track."""
    return Flight(
        _capture(
            _args(
                "fly",
                missile=missile,
                from_=from_,
                to=to,
                trajectory=trajectory,
                apogee_km=apogee_km,
                set=set,
                earth=earth,
                no_rotation=no_rotation,
                sample_step_s=sample_step_s,
                max_samples=max_samples,
            )
        )
    )


def ballistic(
    lat: float,
    lon: float,
    alt_km: float,
    speed_km_s: float,
    gamma_deg: float,
    azimuth_deg: float,
    *,
    earth: str = "wgs84",
    no_rotation: bool = False,
    sample_step_s: float = 10.0,
    max_samples: Optional[int] = None,
) -> Flight:
    """``shieldsim ballistic --json``: free flight in vacuum from a burnout state (latitude and
    longitude in degrees, altitude km, speed km/s relative to the rotating Earth, flight-path
    angle and azimuth in degrees) to impact."""
    return Flight(
        _capture(
            _args(
                "ballistic",
                lat=lat,
                lon=lon,
                alt_km=alt_km,
                speed_km_s=speed_km_s,
                gamma_deg=gamma_deg,
                azimuth_deg=azimuth_deg,
                earth=earth,
                no_rotation=no_rotation,
                sample_step_s=sample_step_s,
                max_samples=max_samples,
            )
        )
    )


def aim(
    from_: str,
    to: str,
    *,
    burnout_alt_km: Optional[float] = None,
    flight_time_s: Optional[float] = None,
    apogee_km: Optional[float] = None,
    earth: str = "wgs84",
    no_rotation: bool = False,
    sample_step_s: float = 10.0,
    max_samples: Optional[int] = None,
) -> Flight:
    """``shieldsim aim --json``: the burnout state straight above PLACE ``from_`` whose free
    flight lands on PLACE ``to`` (minimum energy, or with ``flight_time_s`` or ``apogee_km``)."""
    return Flight(
        _capture(
            _args(
                "aim",
                from_=from_,
                to=to,
                burnout_alt_km=burnout_alt_km,
                flight_time_s=flight_time_s,
                apogee_km=apogee_km,
                earth=earth,
                no_rotation=no_rotation,
                sample_step_s=sample_step_s,
                max_samples=max_samples,
            )
        )
    )


_BUDGET = ("max_aim_points", "max_flights", "max_sweep_tables", "max_output_mb", "max_evaluations")


def _check_args(label: str, set: Settings, budget: Mapping[str, Optional[int]]) -> List[str]:
    unknown = [k for k in budget if k not in _BUDGET]
    if unknown:
        raise TypeError(f"unknown caps {unknown} (known: {', '.join(_BUDGET)})")
    return _args("check", [label], set=set, **budget)


_REPORT_SUFFIXES = [".json", ".geojson", ".csv"]


def _run(label: str, text: Optional[str], set: Settings, out, force: bool, budget) -> Study:
    try:
        files, warnings = _native.run_scenario(
            _check_args(label, set, budget),
            text,
            None if out is None else _os.fspath(out),
            force,
            _REPORT_SUFFIXES,
        )
    except _native.Failure as e:
        _raise(e)
    _warn(warnings)
    return Study(dict(files))


def run(
    scenario: Union[str, _os.PathLike],
    *,
    set: Settings = None,
    out: Union[str, _os.PathLike, None] = None,
    force: bool = False,
    **caps: Optional[int],
) -> Study:
    """``shieldsim run FILE``: every analysis the scenario file declares. The answer holds the
    report's data files (``summary.json``, GeoJSON, CSV) byte for byte as ``run --out`` writes
    them; with ``out`` the whole report folder is written too, with ``run --out``'s checks
    (``force`` as ``--force``). Caps as ``run``'s flags: ``max_aim_points``, ``max_flights``,
    ``max_sweep_tables``, ``max_output_mb``, ``max_evaluations``."""
    return _run(_os.fspath(scenario), None, set, out, force, caps)


# --- scenario text for footprint, coverage and deterrent -----------------------------------


def _toml(v: Any) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, (int, float)):
        return _number(v)
    if isinstance(v, str):
        return _json.dumps(v, ensure_ascii=False)
    if isinstance(v, Mapping):
        return "{ " + ", ".join(f"{_json.dumps(str(k))} = {_toml(x)}" for k, x in v.items()) + " }"
    if isinstance(v, (list, tuple)):
        return "[" + ", ".join(_toml(x) for x in v) + "]"
    raise TypeError(f"cannot write {v!r} into a scenario")


def _table(name: str, entries: Mapping[str, Any], array: bool = False) -> str:
    head = f"[[{name}]]" if array else f"[{name}]"
    body = "".join(f"{k} = {_toml(v)}\n" for k, v in entries.items() if v is not None)
    return f"{head}\n{body}\n"


def scenario_text(
    architecture: str,
    analysis: Mapping[str, Any],
    *,
    threat: Optional[Mapping[str, Any]] = None,
    assumptions: Optional[Mapping[str, Any]] = None,
    uncertainty: Optional[Mapping[str, Any]] = None,
    title: str = "shieldsim (Python)",
) -> str:
    """The scenario file (TOML) that :func:`footprint`, :func:`coverage` and :func:`deterrent`
    run: one architecture, at most one threat (``id = "threat"``), one analysis. Pass it to
    :func:`run` (written to a file) or keep it with a notebook's results: it is the whole
    question."""
    arch = {"file": architecture} if architecture.endswith(".toml") else {"id": architecture}
    text = _table("scenario", {"title": title}) + _table("architecture", arch)
    if threat is not None:
        text += _table("threat", {"id": "threat", **threat}, array=True)
    if assumptions:
        text += _table("assumptions", assumptions)
    text += _table("analysis", analysis, array=True)
    if uncertainty:
        text += _table("uncertainty", uncertainty)
    return text


def _uncertainty(samples, seed, distribution, vary, coverage_samples=None) -> Optional[Dict[str, Any]]:
    if samples is None and coverage_samples is None:
        return None
    return {
        "samples": samples,
        "coverage_samples": coverage_samples,
        "seed": seed,
        "distribution": distribution,
        "vary": list(vary) if vary else None,
    }


def _assumptions(sensing, cued_radars=None, **more) -> Dict[str, Any]:
    a = {"sensing": sensing, "cued_radars": list(cued_radars) if cued_radars else None, **more}
    return {k: v for k, v in a.items() if v is not None}


def footprint(
    architecture: str,
    threat: str,
    from_: str,
    *,
    site: Optional[str] = None,
    spacing_km: Optional[float] = None,
    region: Optional[Sequence[float]] = None,
    sensing: Optional[str] = None,
    cued_radars: Optional[Sequence[str]] = None,
    set: Settings = None,
    **caps: Optional[int],
) -> Study:
    """The defended area of ``architecture`` (or of its ``site`` alone) against catalog missile
    ``threat`` launched from PLACE ``from_``: a scenario's ``kind = "footprint"`` analysis on a
    grid of aim points ``spacing_km`` apart over ``region`` = ``[lat_min_deg, lat_max_deg,
    lon_min_deg, lon_max_deg]``. ``Study.geojson(Study.footprints[0])`` is the defended area as
    a MultiPolygon feature (GeoDataFrame-ready); ``summary["footprints"]`` the counts."""
    text = scenario_text(
        architecture,
        {"kind": "footprint", "threat": "threat", "site": site, "spacing_km": spacing_km,
         "region": list(region) if region is not None else None},
        threat={"missile": threat, "from": from_, "to": from_},
        assumptions=_assumptions(sensing, cued_radars),
    )
    return _run("shieldsim.footprint", text, set, None, False, caps)


def coverage(
    architecture: str,
    threat: str,
    from_: str,
    *,
    site: Optional[str] = None,
    spacing_km: Optional[float] = None,
    sensing: Optional[str] = None,
    cued_radars: Optional[Sequence[str]] = None,
    coverage_samples: Optional[int] = None,
    seed: Optional[int] = None,
    distribution: Optional[str] = None,
    vary: Optional[Sequence[str]] = None,
    set: Settings = None,
    **caps: Optional[int],
) -> Study:
    """The share of NATO Europe's area and population ``architecture`` (or its ``site``)
    defends against ``threat`` from PLACE ``from_``: a ``kind = "coverage"`` analysis
    (``spacing_km`` grid). ``coverage_samples`` adds that many footprints over the catalog's
    ranges (the share's spread). ``Study.to_pandas("coverage")`` is the table."""
    text = scenario_text(
        architecture,
        {"kind": "coverage", "threat": "threat", "site": site, "spacing_km": spacing_km},
        threat={"missile": threat, "from": from_, "to": from_},
        assumptions=_assumptions(sensing, cued_radars),
        uncertainty=_uncertainty(None, seed, distribution, vary, coverage_samples),
    )
    return _run("shieldsim.coverage", text, set, None, False, caps)


def deterrent(
    architecture: str,
    *,
    missile: Optional[str] = None,
    bases: Optional[Sequence[str]] = None,
    targets: Optional[Sequence[str]] = None,
    sensing: Optional[Sequence[str]] = None,
    sweep: bool = False,
    samples: Optional[int] = None,
    seed: Optional[int] = None,
    distribution: Optional[str] = None,
    vary: Optional[Sequence[str]] = None,
    decision_delay_s: Optional[float] = None,
    track_after_burnout_s: Optional[float] = None,
    set: Settings = None,
    **caps: Optional[int],
) -> Study:
    """The deterrent question for one architecture: can any of its sites engage ICBMs
    (``missile``, default ``icbm-11000``) flown from each PLACE of ``bases`` to each of
    ``targets`` (defaults: the catalog's ICBM bases west of the Urals and seven North-American
    cities), under each ``sensing`` assumption (default all three)? ``samples`` answers every
    cell over that many parameter sets from the catalog's ranges (``seed``, ``distribution``,
    ``vary``). ``Study.to_pandas()`` is the matrix (``deterrent.csv``: ``margin_s``,
    ``binding_constraint``, the share of sets, …); ``Study.geojson("deterrent")`` the routes."""
    text = scenario_text(
        architecture,
        {"kind": "deterrent", "missile": missile,
         "bases": list(bases) if bases is not None else None,
         "targets": list(targets) if targets is not None else None,
         "sensing": list(sensing) if sensing is not None else None, "sweep": sweep},
        assumptions=_assumptions(None, decision_delay_s=decision_delay_s,
                                 track_after_burnout_s=track_after_burnout_s),
        uncertainty=_uncertainty(samples, seed, distribution, vary),
    )
    return _run("shieldsim.deterrent", text, set, None, False, caps)


# --- the fly-out table cache ---------------------------------------------------------------


def set_cache_dir(path: Union[str, _os.PathLike, None]) -> None:
    """Store fly-out tables in ``path`` (``None``: keep them in memory only)."""
    _native.set_cache_dir(None if path is None else _os.fspath(path))


def cache_dir() -> Optional[str]:
    """Where fly-out tables are stored, if anywhere."""
    d = _native.cache_dir()
    return None if d is None else str(d)


def cache_stats() -> Dict[str, int]:
    """How the fly-out tables asked for in this process were found: ``built``,
    ``memory_hits``, ``disk_hits``, ``disk_rejected`` (corrupt or stale entries, rebuilt),
    ``disk_write_errors``."""
    return dict(_native.cache_stats())


def clear_memory_cache() -> None:
    """Forget the fly-out tables held in memory (the disk cache stays)."""
    _native.clear_memory_cache()


def _default_cache_dir() -> Optional[str]:
    env = _os.environ.get("SHIELDSIM_CACHE_DIR")
    if env is not None:
        return env or None  # set but empty: no disk cache
    base = _os.environ.get("XDG_CACHE_HOME") or _os.path.join(_os.path.expanduser("~"), ".cache")
    return _os.path.join(base, "shieldsim")


set_cache_dir(_default_cache_dir())
