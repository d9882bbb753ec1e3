"""Shared fixtures: the command-line binary the answers are compared with.

`SHIELDSIM_BIN` names it (the Rust test crates/shieldsim/tests/python_package.rs sets it to the
binary cargo just built, from the same source as the installed wheel); otherwise `shieldsim` on
PATH. Tests that compare with it are skipped without it, unless `CI` is set."""

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]


def _binary():
    b = os.environ.get("SHIELDSIM_BIN") or shutil.which("shieldsim")
    return b


@pytest.fixture(scope="session")
def cli():
    b = _binary()
    if b is None:
        if os.environ.get("CI"):
            pytest.fail("SHIELDSIM_BIN is not set and no shieldsim on PATH")
        pytest.skip("no shieldsim binary (set SHIELDSIM_BIN)")

    def run(*args, ok=True):
        p = subprocess.run([b, *args], capture_output=True, text=True, cwd=REPO)
        if ok:
            assert p.returncode == 0, p.stderr
        return p

    return run


@pytest.fixture(scope="session")
def cli_json(cli):
    def run(*args):
        return json.loads(cli(*args, "--json").stdout)

    return run


@pytest.fixture(scope="session")
def repo():
    return REPO
