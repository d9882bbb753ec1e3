#!/usr/bin/env python3
"""Validate a report's files with the clients' own schemas: every CZML against czml3 (pydantic
models of the CZML packet spec) and every KML against the OGC KML 2.2 XML Schema that pykml
ships.

Usage: validate_outputs.py FILE.czml|FILE.kml [...]. Exits 1 naming every file (and packet)
that fails; prints one `ok FILE` line per valid file. Used by the CLI tests (`cargo test`),
with the Python that `.ci/run` sets up (`.ci/venv`: `pip install czml3 pykml`).
"""
import json
import sys

from czml3 import Packet
from pykml.parser import Schema, parse


def check_czml(path):
    with open(path, encoding="utf-8") as f:
        packets = json.load(f)
    if not isinstance(packets, list) or not packets or packets[0].get("id") != "document":
        return "not a CZML array starting with the document packet"
    for i, p in enumerate(packets):
        try:
            Packet(**p)
        except Exception as e:  # pydantic's ValidationError and friends
            return f"packet {i} ({p.get('id')}): {e}"
    return None


KML_SCHEMA = Schema("ogckml22.xsd")


def check_kml(path):
    with open(path, "rb") as f:
        doc = parse(f)
    if KML_SCHEMA.validate(doc):
        return None
    return str(KML_SCHEMA.schema.error_log.last_error)


def main(paths):
    failed = 0
    for path in paths:
        check = check_czml if path.endswith(".czml") else check_kml
        problem = check(path)
        if problem:
            print(f"FAIL {path}: {problem}")
            failed += 1
        else:
            print(f"ok {path}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
