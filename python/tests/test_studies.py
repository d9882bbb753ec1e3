"""Scenario runs from Python are `shieldsim run`'s report, byte for byte (issue 16)."""

import json

import pytest

import shieldsim


def read_dir(d):
    return {p.name: p.read_bytes() for p in sorted(d.iterdir()) if p.is_file()}


def test_run_equals_cli_report(cli, repo, tmp_path):
    scenario = repo / "scenarios" / "deveselu-footprint.toml"
    cli("run", str(scenario), "--out", str(tmp_path / "cli"))
    study = shieldsim.run(scenario, out=tmp_path / "py")
    want = read_dir(tmp_path / "cli")
    # The whole folder, as run --out writes it.
    assert read_dir(tmp_path / "py") == want
    # The data files held in memory.
    assert study.files == {n: b for n, b in want.items() if n.endswith((".json", ".geojson", ".csv"))}
    fp = study.geojson(study.footprints[0])
    assert fp["type"] == "FeatureCollection" and fp["features"]
    assert study.summary == json.loads(want["summary.json"])


def test_footprint_and_deterrent_equal_cli_run_of_their_scenario(cli, tmp_path):
    for name, study, text in [
        ("footprint",
         shieldsim.footprint("epaa-phase-2", "mrbm-2000", "tabriz", site="deveselu", spacing_km=150,
                             region=[38, 48, 18, 34]),
         shieldsim.scenario_text("epaa-phase-2",
                                 {"kind": "footprint", "threat": "threat", "site": "deveselu",
                                  "spacing_km": 150, "region": [38, 48, 18, 34]},
                                 threat={"missile": "mrbm-2000", "from": "tabriz", "to": "tabriz"},
                                 assumptions={})),
        ("deterrent",
         shieldsim.deterrent("epaa-phase-4", bases=["kozelsk"], targets=["washington", "chicago"],
                             sensing=["own", "kinematic-bound"]),
         shieldsim.scenario_text("epaa-phase-4",
                                 {"kind": "deterrent", "bases": ["kozelsk"],
                                  "targets": ["washington", "chicago"],
                                  "sensing": ["own", "kinematic-bound"], "sweep": False},
                                 assumptions={})),
    ]:
        f = tmp_path / f"{name}.toml"
        f.write_text(text)
        cli("run", str(f), "--out", str(tmp_path / name))
        want = read_dir(tmp_path / name)
        assert study.files == {n: b for n, b in want.items() if n in study.files}, name
        assert set(study.files) == {n for n in want if n.endswith((".json", ".geojson", ".csv"))}


def test_deterrent_tables(cli):
    pd = pytest.importorskip("pandas")
    d = shieldsim.deterrent("epaa-phase-4", bases=["kozelsk"], targets=["washington"],
                            sensing=["kinematic-bound"])
    df = d.to_pandas()
    assert isinstance(df, pd.DataFrame) and len(df) == 1
    rows = d.rows("deterrent")
    assert rows[0]["base"] == df["base"][0]
    routes = d.geojson("deterrent")
    assert routes["type"] == "FeatureCollection"
