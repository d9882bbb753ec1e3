"""`shieldsim.engage(...)` equals `shieldsim engage --json` (issue 16), and the other
commands' documents equal theirs: same code, so the same values to the last bit."""

import json
import warnings

import pytest

import shieldsim

CASES = [
    # (architecture, threat, from, to, keyword arguments)
    ("epaa-phase-3", "irbm-4000", "semnan", "bucharest", {}),
    ("epaa-phase-3", "irbm-4000", "semnan", "warsaw", {"sensing": "cued"}),
    ("epaa-phase-4", "icbm-11000", "kozelsk", "washington", {"sensing": "kinematic-bound"}),
    ("epaa-phase-4", "icbm-11000", "teykovo", "new-york",
     {"sensing": "cued", "set": {"sm3-iib.burnout_speed_km_s": 5.2, "assumptions.track_after_burnout_s": 45}}),
    ("epaa-phase-3", "irbm-4000", "semnan", "berlin",
     {"decision_delay_s": 45.5, "pk": 0.7, "raid_size": 2, "trials": 2000, "seed": 5}),
    ("epaa-phase-3", "irbm-4000", "semnan", "bucharest", {"samples": 24, "seed": 3}),
    ("epaa-phase-4", "icbm-11000", "kozelsk", "washington",
     {"sensing": "cued", "samples": 16, "distribution": "uniform", "vary": ["sm3-iib.burnout_speed_km_s"]}),
    ("epaa-phase-3", "irbm-4000", "35.2,53.9", "44.4,26.1", {"set": ["sm3-iia.burnout_speed_km_s=4.25"]}),
]


def cli_args(architecture, threat, from_, to, kw):
    args = ["engage", "--architecture", architecture, "--threat", threat, "--from", from_, "--to", to]
    for k, v in kw.items():
        flag = "--" + k.replace("_", "-")
        if k == "set":
            items = v.items() if isinstance(v, dict) else [tuple(s.split("=")) for s in v]
            for key, value in items:
                args += ["--set", f"{key}={value}"]
        elif isinstance(v, list):
            for x in v:
                args += [flag, str(x)]
        else:
            args += [flag, str(v)]
    return args


@pytest.mark.parametrize("case", CASES, ids=lambda c: f"{c[0]}-{c[1]}-{c[3]}-{'-'.join(c[4])}")
def test_engage_equals_cli(case, cli_json):
    architecture, threat, from_, to, kw = case
    want = cli_json(*cli_args(architecture, threat, from_, to, kw))
    got = shieldsim.engage(architecture, threat, from_, to, **kw)
    assert isinstance(got, shieldsim.Engagement)
    assert got == want
    # The same serialisation: the same bytes.
    assert json.dumps(got, sort_keys=True) == json.dumps(want, sort_keys=True)
    if "samples" in kw:
        assert "uncertainty" in got


def test_engage_to_pandas(cli_json):
    e = shieldsim.engage("epaa-phase-3", "irbm-4000", "semnan", "bucharest")
    pd = pytest.importorskip("pandas")
    df = e.to_pandas()
    assert isinstance(df, pd.DataFrame)
    assert list(df["site"]) == [o["site"] for o in e["opportunities"]]
    assert list(df["margin_s"]) == [o["margin_s"] for o in e["opportunities"]]


def test_fly_equals_cli(cli_json):
    want = cli_json("fly", "--missile", "irbm-4000", "--from", "semnan", "--to", "bucharest",
                    "--trajectory", "lofted", "--apogee-km", "900", "--sample-step-s", "5")
    got = shieldsim.fly("irbm-4000", "semnan", "bucharest", trajectory="lofted", apogee_km=900,
                        sample_step_s=5)
    assert got == want
    a = got.array()
    assert a.shape == (len(want["samples"]), 5)
    assert a[-1, 0] == want["samples"][-1]["t_s"]
    track = got.geojson()["features"][0]["geometry"]
    assert track["type"] == "LineString" and len(track["coordinates"]) == len(want["samples"])


def test_ballistic_and_aim_equal_cli(cli_json):
    assert shieldsim.ballistic(52.0, 21.0, 100.0, 6.5, 30.0, 300.0) == cli_json(
        "ballistic", "--lat", "52", "--lon", "21", "--alt-km", "100", "--speed-km-s", "6.5",
        "--gamma-deg", "30", "--azimuth-deg", "300")
    assert shieldsim.aim("kozelsk", "washington", flight_time_s=1700) == cli_json(
        "aim", "--from", "kozelsk", "--to", "washington", "--flight-time-s", "1700")


def test_catalog_equals_list(cli_json):
    assert shieldsim.catalog() == cli_json("list")
    assert shieldsim.catalog("interceptors") == cli_json("list", "interceptors")


def test_warnings_are_python_warnings(cli):
    p = cli("engage", "--architecture", "epaa-phase-3", "--threat", "irbm-4000", "--from", "semnan",
            "--to", "bucharest", "--set", "sm3-iia.burnout_speed_km_s=5.6", "--json")
    want = [l.removeprefix("warning: ") for l in p.stderr.splitlines() if l.startswith("warning: ")]
    assert want, "the CLI warns about a value outside its sourced range"
    with warnings.catch_warnings(record=True) as w:
        warnings.simplefilter("always")
        got = shieldsim.engage("epaa-phase-3", "irbm-4000", "semnan", "bucharest",
                               set={"sm3-iia.burnout_speed_km_s": 5.6})
    assert [str(x.message) for x in w if issubclass(x.category, shieldsim.ShieldsimWarning)] == want
    assert got == json.loads(p.stdout)
