// Derives the web app's world base map (catalog/geo/world-110m.geojson) from two npm packages:
//
//   world-atlas 2.0.2     (ISC; Natural Earth 1:110m admin-0 countries, public domain)
//   topojson-client 3.1.0 (ISC)
//
// Run (Node ≥ 18), from this directory:
//   npm install --no-save world-atlas@2.0.2 topojson-client@3.1.0
//   node derive-world.mjs
// The output is deterministic (fixed rounding, the package's order), so a re-run on the same
// packages changes no byte. `shieldsim serve` embeds it and serves it at /geo/world.geojson.
import { createRequire } from "node:module";
import { writeFileSync } from "node:fs";
const require = createRequire(import.meta.url);
const topojson = require("topojson-client");
const world = require("world-atlas/countries-110m.json");

const round = (x) => Math.round(x * 100) / 100;
const roundRings = (rings) => rings.map((ring) => ring.map(([lon, lat]) => [round(lon), round(lat)]));
const features = topojson
  .feature(world, world.objects.countries)
  .features.filter((f) => f.geometry)
  .map((f) => ({
    type: "Feature",
    properties: { name: f.properties.name },
    geometry:
      f.geometry.type === "Polygon"
        ? { type: "Polygon", coordinates: roundRings(f.geometry.coordinates) }
        : { type: "MultiPolygon", coordinates: f.geometry.coordinates.map(roundRings) },
  }));
const doc = {
  type: "FeatureCollection",
  description:
    "Countries of the world, coordinates [lon, lat] in degrees rounded to 0.01°: the web app's base map",
  source:
    "Natural Earth 1:110m admin-0 countries (public domain), via the npm package world-atlas 2.0.2 (ISC licence, © Michael Bostock); derived by data/geo/derive-world.mjs",
  features,
};
writeFileSync(new URL("../../catalog/geo/world-110m.geojson", import.meta.url), JSON.stringify(doc) + "\n");
console.log(`${features.length} countries`);
