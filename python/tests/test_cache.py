"""The fly-out table cache (issue 16): answers are the same bytes with and without it, from
memory or from disk; a corrupt, truncated or foreign entry is rebuilt, never trusted."""

import json

import shieldsim

ARGS = ("epaa-phase-3", "irbm-4000", "semnan", "warsaw")


def answer():
    return json.dumps(shieldsim.engage(*ARGS, sensing="cued", samples=8), sort_keys=True)


def counts():
    return shieldsim.cache_stats()


def test_disk_cache_same_answers_and_rebuilt_when_corrupt(tmp_path):
    before = shieldsim.cache_dir()
    try:
        # No disk cache, nothing in memory: every table built.
        shieldsim.set_cache_dir(None)
        shieldsim.clear_memory_cache()
        c0 = counts()
        reference = answer()
        c1 = counts()
        assert c1["built"] > c0["built"]
        # From memory.
        assert answer() == reference
        c2 = counts()
        assert c2["built"] == c1["built"] and c2["memory_hits"] > c1["memory_hits"]

        # Written to disk, then read back (memory cleared): the same bytes.
        shieldsim.set_cache_dir(tmp_path)
        shieldsim.clear_memory_cache()
        assert answer() == reference
        files = sorted(tmp_path.glob("flyout-*.bin"))
        assert files, "tables were stored"
        assert not list(tmp_path.glob(".tmp-*")), "no temporary files left"
        shieldsim.clear_memory_cache()
        c3 = counts()
        assert answer() == reference
        c4 = counts()
        assert c4["disk_hits"] - c3["disk_hits"] == len(files)
        assert c4["built"] == c3["built"]

        # Corrupt every entry three ways: each is refused, rebuilt and replaced.
        for i, f in enumerate(files):
            b = bytearray(f.read_bytes())
            if i % 3 == 0:
                b[len(b) // 2] ^= 0x01  # one flipped bit
            elif i % 3 == 1:
                b = b[: len(b) // 3]  # cut short
            else:
                b = b"not a table"
            f.write_bytes(bytes(b))
        shieldsim.clear_memory_cache()
        c5 = counts()
        assert answer() == reference
        c6 = counts()
        assert c6["disk_rejected"] - c5["disk_rejected"] == len(files)
        assert c6["built"] - c5["built"] == len(files)
        # The replacements read back.
        shieldsim.clear_memory_cache()
        assert answer() == reference
        c7 = counts()
        assert c7["disk_hits"] - c6["disk_hits"] == len(files)
        assert c7["disk_rejected"] == c6["disk_rejected"]
    finally:
        shieldsim.set_cache_dir(before)


def test_default_cache_dir_is_set():
    d = shieldsim.cache_dir()
    assert d is None or "shieldsim" in d or d
