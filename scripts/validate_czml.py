#!/usr/bin/env python3
"""Validate CZML files against the czml3 schema (pydantic models of the CZML packet spec).

Usage: validate_czml.py FILE.czml [...]. Exits 1 naming every file and packet that fails;
prints one `ok FILE (N packets)` line per valid file. Used by the CLI tests (`cargo test`),
with the Python that `.ci/run` sets up (`.ci/venv`, `pip install czml3`).
"""
import json
import sys

from czml3 import Packet


def main(paths):
    failed = 0
    for path in paths:
        with open(path, encoding="utf-8") as f:
            packets = json.load(f)
        if not isinstance(packets, list) or not packets or packets[0].get("id") != "document":
            print(f"FAIL {path}: not a CZML array starting with the document packet")
            failed += 1
            continue
        for i, p in enumerate(packets):
            try:
                Packet(**p)
            except Exception as e:  # pydantic's ValidationError and friends
                print(f"FAIL {path} packet {i} ({p.get('id')}): {e}")
                failed += 1
                break
        else:
            print(f"ok {path} ({len(packets)} packets)")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
