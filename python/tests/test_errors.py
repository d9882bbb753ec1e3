"""Bad arguments raise `shieldsim.InputError` (a ValueError) with the command line's exit-2
message, the `error: ` prefix left off (issue 16)."""

import pytest

import shieldsim

BASE = ("epaa-phase-3", "irbm-4000", "semnan", "bucharest")

CASES = [
    # (Python arguments, CLI flags)
    (("nope", "irbm-4000", "semnan", "bucharest"), {}, ["--architecture", "nope", "--threat", "irbm-4000", "--from", "semnan", "--to", "bucharest"]),
    (("epaa-phase-3", "irbm-9", "semnan", "bucharest"), {}, ["--architecture", "epaa-phase-3", "--threat", "irbm-9", "--from", "semnan", "--to", "bucharest"]),
    (("epaa-phase-3", "irbm-4000", "atlantis", "bucharest"), {}, ["--architecture", "epaa-phase-3", "--threat", "irbm-4000", "--from", "atlantis", "--to", "bucharest"]),
    (BASE, {"sensing": "radar"}, ["--sensing", "radar"]),
    (BASE, {"set": {"sm3-iia.bogus": 3}}, ["--set", "sm3-iia.bogus=3"]),
    (BASE, {"set": {"sm3-iia.burnout_speed_km_s": 50.0}}, ["--set", "sm3-iia.burnout_speed_km_s=50.0"]),
    (BASE, {"set": ["no-equals-sign"]}, ["--set", "no-equals-sign"]),
    (BASE, {"samples": 0}, ["--samples", "0"]),
    (BASE, {"pk": 1.5}, ["--pk", "1.5"]),
    (BASE, {"cued_radar": ["fylingdales"]}, ["--cued-radar", "fylingdales"]),
    (BASE, {"vary": ["sm3-iia.nope"], "samples": 4}, ["--vary", "sm3-iia.nope", "--samples", "4"]),
    (BASE, {"distribution": "gaussian", "samples": 4}, ["--distribution", "gaussian", "--samples", "4"]),
]


@pytest.mark.parametrize("case", CASES, ids=lambda c: " ".join(c[2][:2]))
def test_bad_arguments_raise_the_cli_message(case, cli):
    args, kw, flags = case
    if args is BASE:
        flags = ["--architecture", BASE[0], "--threat", BASE[1], "--from", BASE[2], "--to", BASE[3], *flags]
    p = cli("engage", *flags, "--json", ok=False)
    assert p.returncode == 2, p.stderr
    lines = [l for l in p.stderr.splitlines() if not l.startswith("warning: ")]
    want = "\n".join(lines).removeprefix("error: ")
    with pytest.raises(shieldsim.InputError) as e:
        shieldsim.engage(*args, **kw)
    assert str(e.value) == want
    assert isinstance(e.value, ValueError)


def test_bad_scenario_raises_its_diagnostics(cli, tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text('[scenario]\ntitle = "x"\n[architecture]\nid = "epaa-phase-9"\n')
    p = cli("check", str(bad), ok=False)
    assert p.returncode == 2
    with pytest.raises(shieldsim.InputError) as e:
        shieldsim.run(bad)
    assert str(e.value) == p.stderr.strip().removeprefix("error: ")


def test_deterrent_bad_sensing_is_input_error():
    with pytest.raises(shieldsim.InputError) as e:
        shieldsim.deterrent("epaa-phase-4", bases=["kozelsk"], targets=["washington"], sensing=["psychic"])
    assert "psychic" in str(e.value)
