//! Country outlines by ISO code, for rules that name countries (an architecture's sectors).
//!
//! The outlines are the bundled Natural Earth 1:50m land polygons (`catalog/geo/`, derived by
//! `data/geo/derive.mjs`): the 30 European NATO members (Europe and Turkey) and the CSTO's
//! members since 2003. Natural Earth draws Crimea inside Russia's polygons (its de facto
//! convention, stated in `catalog/geo/csto.json`); a rule over Russia's territory includes it.
//! Russia's polygons east of the antimeridian are unwrapped to longitudes above 180°.

use shieldsim_core::sector::Polygon;
use std::sync::OnceLock;

const NATO_EUROPE_JSON: &str = include_str!("../../../catalog/geo/nato-europe.json");
const CSTO_JSON: &str = include_str!("../../../catalog/geo/csto.json");

#[derive(serde::Deserialize)]
struct File {
    countries: Vec<Outline>,
}

/// One country's outline.
#[derive(Debug, Clone, serde::Deserialize)]
pub struct Outline {
    /// ISO 3166-1 alpha-2 code.
    pub iso_a2: String,
    /// Natural Earth's name.
    pub name: String,
    /// Its polygons ([lon, lat] degrees).
    pub polygons: Vec<Polygon>,
}

/// Every bundled outline, NATO Europe's first (a country in both files would keep the first).
pub fn outlines() -> &'static [Outline] {
    static ALL: OnceLock<Vec<Outline>> = OnceLock::new();
    ALL.get_or_init(|| {
        let mut out: Vec<Outline> = Vec::new();
        for (text, file) in [(NATO_EUROPE_JSON, "nato-europe"), (CSTO_JSON, "csto")] {
            let f: File = serde_json::from_str(text)
                .unwrap_or_else(|e| panic!("bundled catalog/geo/{file}.json parses: {e}"));
            for c in f.countries {
                if !out.iter().any(|o| o.iso_a2 == c.iso_a2) {
                    out.push(c);
                }
            }
        }
        out
    })
}

/// A country's outline by ISO alpha-2 code (any case).
pub fn outline(iso_a2: &str) -> Option<&'static Outline> {
    outlines()
        .iter()
        .find(|o| o.iso_a2.eq_ignore_ascii_case(iso_a2.trim()))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Russia's outline holds Moscow, Kaliningrad and Chukotka (unwrapped) and not Minsk;
    /// Poland's holds Warsaw.
    #[test]
    fn outlines_hold_their_cities() {
        let inside = |iso: &str, lon: f64, lat: f64| {
            shieldsim_core::sector::PolygonSet::new(&outline(iso).expect(iso).polygons)
                .contains(lon, lat)
        };
        assert!(inside("RU", 37.62, 55.75));
        assert!(inside("ru", 20.51, 54.71));
        assert!(inside("RU", 360.0 - 173.0, 66.0) || inside("RU", 187.0, 66.0));
        assert!(!inside("RU", 27.56, 53.90));
        assert!(inside("BY", 27.56, 53.90));
        assert!(inside("PL", 21.01, 52.23));
        assert!(outline("XX").is_none());
    }
}
