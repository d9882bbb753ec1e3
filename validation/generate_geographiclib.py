#!/usr/bin/env python3
"""Regenerate validation/data/geographiclib/*.csv from independent GeographicLib tools.

* geodesic_inverse.csv — GeographicLib 2.x for Python (Karney's own implementation):
  inverse geodesics on WGS84 and on the 6371 km sphere.
* cartconvert.csv — GeographicLib's `CartConvert` (Debian package geographiclib-tools):
  geodetic (lat, lon, h) → geocentric (X, Y, Z) on WGS84.

Run: pip install geographiclib==2.1; apt-get install geographiclib-tools; python3 generate_geographiclib.py
Deterministic: a fixed seed.
"""
import csv, random, subprocess, pathlib
from geographiclib.geodesic import Geodesic

out = pathlib.Path(__file__).parent / "data" / "geographiclib"
rng = random.Random(20261123)

models = {"wgs84": Geodesic.WGS84, "sphere": Geodesic(6371000.0, 0.0)}
with open(out / "geodesic_inverse.csv", "w", newline="") as f:
    w = csv.writer(f, lineterminator="\n")
    w.writerow(["model", "lat1_deg", "lon1_deg", "lat2_deg", "lon2_deg", "s12_m", "azi1_deg", "azi2_deg"])
    for model, g in models.items():
        for i in range(150):
            lat1 = round(rng.uniform(-85, 85), 6)
            lon1 = round(rng.uniform(-180, 180), 6)
            # Mostly missile-like ranges (50–15,000 km), some near-antipodal stress cases.
            if i % 15 == 0:
                lat2, lon2 = round(-lat1 + rng.uniform(-0.5, 0.5), 6), round(lon1 + 180 + rng.uniform(-0.5, 0.5), 6)
            else:
                d = g.Direct(lat1, lon1, rng.uniform(0, 360), rng.uniform(5e4, 1.5e7))
                lat2, lon2 = round(d["lat2"], 6), round(d["lon2"], 6)
            r = g.Inverse(lat1, lon1, lat2, lon2)
            w.writerow([model, lat1, lon1, lat2, lon2, repr(r["s12"]), repr(r["azi1"]), repr(r["azi2"])])

points = []
for i in range(300):
    lat = round(rng.uniform(-90, 90), 9) if i % 25 else rng.choice([-90.0, 0.0, 90.0])
    lon = round(rng.uniform(-180, 180), 9)
    h = round(rng.choice([0.0, rng.uniform(-1e3, 1e4), rng.uniform(1e4, 2e6), rng.uniform(2e6, 4e7)]), 6)
    points.append((lat, lon, h))
text = "".join(f"{lat} {lon} {h}\n" for lat, lon, h in points)
res = subprocess.run(["CartConvert", "-p", "9"], input=text, capture_output=True, text=True, check=True)
with open(out / "cartconvert.csv", "w", newline="") as f:
    w = csv.writer(f, lineterminator="\n")
    w.writerow(["lat_deg", "lon_deg", "h_m", "x_m", "y_m", "z_m"])
    for (lat, lon, h), line in zip(points, res.stdout.splitlines()):
        x, y, z = line.split()
        w.writerow([lat, lon, h, x, y, z])
