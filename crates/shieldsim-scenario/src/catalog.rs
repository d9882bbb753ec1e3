//! The bundled catalog: `catalog/missiles.toml` and `catalog/places.toml`.
//!
//! Every number carries its source and an uncertainty range ([`Param`]); the files are parsed
//! once, on first use, and checked by this crate's tests (a malformed bundled file is a build
//! defect, reported as an internal error, never a panic).

use serde::Deserialize;
use shieldsim_core::format_number;
use shieldsim_core::missile::{Stage, Vehicle};
use std::sync::OnceLock;

pub(crate) const MISSILES_TOML: &str = include_str!("../../../catalog/missiles.toml");
pub(crate) const PLACES_TOML: &str = include_str!("../../../catalog/places.toml");

/// A sourced parameter: nominal value, uncertainty range and where it comes from.
#[derive(Debug, Clone, PartialEq, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct Param {
    /// Nominal value, in the unit the key names.
    pub value: f64,
    /// Low end of the uncertainty range.
    pub low: f64,
    /// High end of the uncertainty range.
    pub high: f64,
    /// Source, or how the value was derived.
    pub source: String,
}

/// One stage as catalogued.
#[derive(Debug, Clone, PartialEq, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct StageEntry {
    /// Propellant mass (kg).
    pub propellant_kg: Param,
    /// Dry mass (kg).
    pub dry_kg: Param,
    /// Vacuum specific impulse (s).
    pub isp_vac_s: Param,
    /// Burn time (s).
    pub burn_s: Param,
    /// Nozzle exit area (m²).
    pub exit_area_m2: Param,
    /// Body diameter (m).
    pub diameter_m: Param,
}

/// One missile class as catalogued.
#[derive(Debug, Clone, PartialEq, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct MissileEntry {
    /// Catalog id.
    pub id: String,
    /// Descriptive name.
    pub name: String,
    /// The real systems this class stands for.
    pub represents: Vec<String>,
    /// Published maximum range (km) with its nominal payload.
    pub published_range_km: Param,
    /// Published boost duration (s).
    pub published_burn_s: Param,
    /// Payload (kg).
    pub payload_kg: Param,
    /// Re-entry vehicle ballistic coefficient (kg/m²).
    pub rv_beta_kg_m2: Param,
    /// Vertical rise (s).
    pub vertical_rise_s: Param,
    /// Pitch-over kick duration (s).
    pub kick_s: Param,
    /// Stages, first to last.
    pub stage: Vec<StageEntry>,
}

/// The shared drag table.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DragEntry {
    /// Mach numbers, increasing.
    pub mach: Vec<f64>,
    /// Drag coefficients.
    pub cd: Vec<f64>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct MissileFile {
    drag: DragEntry,
    missile: Vec<MissileEntry>,
}

/// A named reference point.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Place {
    /// Catalog id (lower case, hyphenated).
    pub id: String,
    /// Other accepted names.
    pub aliases: Vec<String>,
    /// site, base, launch-area or city.
    pub kind: String,
    /// What the point is.
    pub description: String,
    /// Geodetic latitude (deg).
    pub lat_deg: f64,
    /// Longitude (deg).
    pub lon_deg: f64,
    /// Stated precision of the coordinates (km).
    pub precision_km: f64,
    /// Source.
    pub source: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct PlaceFile {
    place: Vec<Place>,
}

/// The bundled catalog.
#[derive(Debug, Clone)]
pub struct Catalog {
    /// Shared drag table.
    pub drag: DragEntry,
    /// Missile classes.
    pub missiles: Vec<MissileEntry>,
    /// Places.
    pub places: Vec<Place>,
}

impl Catalog {
    /// The catalog bundled in the binary, parsed on first use.
    pub fn bundled() -> Result<&'static Catalog, String> {
        static CATALOG: OnceLock<Result<Catalog, String>> = OnceLock::new();
        CATALOG
            .get_or_init(Catalog::parse_bundled)
            .as_ref()
            .map_err(Clone::clone)
    }

    fn parse_bundled() -> Result<Catalog, String> {
        let table = |text: &str, file: &str| {
            toml::from_str::<toml::Table>(text).map_err(|e| format!("bundled catalog/{file}: {e}"))
        };
        Catalog::from_tables(
            table(MISSILES_TOML, "missiles.toml")?,
            table(PLACES_TOML, "places.toml")?,
        )
    }

    /// The catalog from the parsed `missiles.toml` and `places.toml` (the bundled files, or
    /// copies with a user's settings applied: [`crate::catalogs`]).
    pub(crate) fn from_tables(
        missiles: toml::Table,
        places: toml::Table,
    ) -> Result<Catalog, String> {
        let m: MissileFile = missiles
            .try_into()
            .map_err(|e| format!("catalog/missiles.toml: {e}"))?;
        let p: PlaceFile = places
            .try_into()
            .map_err(|e| format!("catalog/places.toml: {e}"))?;
        Ok(Catalog {
            drag: m.drag,
            missiles: m.missile,
            places: p.place,
        })
    }

    /// A missile by id (case-insensitive), or an error naming the nearest id.
    pub fn missile(&self, id: &str) -> Result<&MissileEntry, String> {
        let key = id.trim().to_lowercase();
        self.missiles.iter().find(|m| m.id == key).ok_or_else(|| {
            let ids: Vec<&str> = self.missiles.iter().map(|m| m.id.as_str()).collect();
            format!(
                "unknown missile '{id}' (did you mean '{}'? known: {})",
                nearest(&key, &ids),
                ids.join(", ")
            )
        })
    }

    /// The core vehicle model of a catalogued missile (nominal values).
    pub fn vehicle(&self, entry: &MissileEntry) -> Vehicle {
        Vehicle {
            stages: entry
                .stage
                .iter()
                .map(|s| Stage {
                    propellant_kg: s.propellant_kg.value,
                    dry_kg: s.dry_kg.value,
                    isp_vac_s: s.isp_vac_s.value,
                    burn_s: s.burn_s.value,
                    exit_area_m2: s.exit_area_m2.value,
                    diameter_m: s.diameter_m.value,
                })
                .collect(),
            payload_kg: entry.payload_kg.value,
            rv_beta_kg_m2: entry.rv_beta_kg_m2.value,
            cd_mach: self
                .drag
                .mach
                .iter()
                .copied()
                .zip(self.drag.cd.iter().copied())
                .collect(),
            vertical_rise_s: entry.vertical_rise_s.value,
            kick_s: entry.kick_s.value,
        }
    }

    /// A place by id or alias (case-insensitive).
    pub fn place(&self, name: &str) -> Option<&Place> {
        let key = name.trim().to_lowercase();
        self.places
            .iter()
            .find(|p| p.id == key || p.aliases.contains(&key))
    }

    /// Resolve a PLACE argument: a catalog name or `LAT,LON` in degrees.
    pub fn resolve_place(&self, text: &str) -> Result<ResolvedPlace, String> {
        if let Some(p) = self.place(text) {
            return Ok(ResolvedPlace {
                name: p.id.clone(),
                lat_deg: p.lat_deg,
                lon_deg: p.lon_deg,
            });
        }
        let key = text.trim().to_lowercase();
        if let Some((a, b)) = key.split_once(',') {
            let lat: f64 = a
                .trim()
                .parse()
                .map_err(|_| format!("place '{text}': latitude '{}' is not a number", a.trim()))?;
            let lon: f64 = b
                .trim()
                .parse()
                .map_err(|_| format!("place '{text}': longitude '{}' is not a number", b.trim()))?;
            if !(-90.0..=90.0).contains(&lat) {
                return Err(format!(
                    "place '{text}': latitude {} is out of range −90 … 90",
                    format_number(lat)
                ));
            }
            if !(-180.0..=360.0).contains(&lon) {
                return Err(format!(
                    "place '{text}': longitude {} is out of range −180 … 360",
                    format_number(lon)
                ));
            }
            return Ok(ResolvedPlace {
                // As written, shortest form (`35.1,53.5`); never the 300 digits `{}` gives
                // 1e-300.
                name: format!("{},{}", short(lat), short(lon)),
                lat_deg: lat,
                lon_deg: lon,
            });
        }
        let ids: Vec<&str> = self.places.iter().map(|p| p.id.as_str()).collect();
        // Quote a long text by its start: the message stays one readable line.
        let quoted = match text.char_indices().nth(80) {
            Some((i, _)) => format!("{}…", &text[..i]),
            None => text.to_string(),
        };
        Err(format!(
            "unknown place '{quoted}': not a catalog name (did you mean '{}'?) nor LAT,LON in degrees",
            nearest(&key, &ids)
        ))
    }
}

/// A resolved PLACE.
#[derive(Debug, Clone, PartialEq)]
pub struct ResolvedPlace {
    /// Catalog id, or the `LAT,LON` text.
    pub name: String,
    /// Latitude (deg).
    pub lat_deg: f64,
    /// Longitude (deg).
    pub lon_deg: f64,
}

impl ResolvedPlace {
    /// The place on the model surface (altitude 0).
    pub fn surface(&self) -> shieldsim_core::earth::Geodetic {
        shieldsim_core::earth::Geodetic::from_deg_km(self.lat_deg, self.lon_deg, 0.0)
    }

    /// Its name and surface position, as scenarios and analyses carry places.
    pub fn named(self) -> (String, shieldsim_core::earth::Geodetic) {
        let at = self.surface();
        (self.name, at)
    }
}

/// `x` in its shortest exact form (`35.1`), or [`format_number`] where that is long.
fn short(x: f64) -> String {
    let s = x.to_string();
    if s.len() <= 20 { s } else { format_number(x) }
}

/// The candidate closest to `key` by Damerau–Levenshtein distance (for "did you mean" hints).
pub fn nearest<'a>(key: &str, candidates: &[&'a str]) -> &'a str {
    // The distance is quadratic in the lengths; no id is longer than 64 characters, so a
    // longer key is compared by its start (a 60 kB argument took 1.3 s per hint when fuzzed).
    let key = &key[..key.char_indices().nth(64).map_or(key.len(), |(i, _)| i)];
    candidates
        .iter()
        .min_by_key(|c| strsim::damerau_levenshtein(key, c))
        .copied()
        .unwrap_or("")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cat() -> &'static Catalog {
        Catalog::bundled().expect("bundled catalog parses")
    }

    #[test]
    fn bundled_catalog_parses_and_is_consistent() {
        let c = cat();
        for id in [
            "srbm-300",
            "mrbm-1300",
            "mrbm-2000",
            "irbm-4000",
            "icbm-11000",
        ] {
            let m = c.missile(id).expect("listed");
            c.vehicle(m).validate().expect("physical");
            assert!(!m.represents.is_empty() && !m.stage.is_empty());
        }
        assert_eq!(c.drag.mach.len(), c.drag.cd.len());
        let mut all_params = Vec::new();
        for m in &c.missiles {
            all_params.extend([
                &m.published_range_km,
                &m.published_burn_s,
                &m.payload_kg,
                &m.rv_beta_kg_m2,
                &m.vertical_rise_s,
                &m.kick_s,
            ]);
            for s in &m.stage {
                all_params.extend([
                    &s.propellant_kg,
                    &s.dry_kg,
                    &s.isp_vac_s,
                    &s.burn_s,
                    &s.exit_area_m2,
                    &s.diameter_m,
                ]);
            }
        }
        for p in all_params {
            assert!(
                p.low <= p.value && p.value <= p.high,
                "{p:?}: value outside its range"
            );
            assert!(!p.source.trim().is_empty());
        }
    }

    #[test]
    fn places_listed_in_issue_3_resolve() {
        let c = cat();
        let ids = "deveselu redzikowo kurecik rota ramstein fylingdales pituffik thule vardo kozelsk tatishchevo teykovo yoshkar-ola vypolzovo novosibirsk irkutsk barnaul uzhur dombarovsky semnan shahrud tabriz kermanshah washington new-york london paris berlin rome madrid warsaw bucharest moscow";
        for id in ids.split_whitespace() {
            let p = c.place(id).unwrap_or_else(|| panic!("{id} missing"));
            assert!((-90.0..=90.0).contains(&p.lat_deg) && !p.source.is_empty());
        }
        assert_eq!(c.place("THULE").map(|p| p.id.as_str()), Some("pituffik"));
        let mut names: Vec<&str> = c
            .places
            .iter()
            .flat_map(|p| {
                std::iter::once(p.id.as_str()).chain(p.aliases.iter().map(String::as_str))
            })
            .collect();
        let n = names.len();
        names.sort_unstable();
        names.dedup();
        assert_eq!(n, names.len(), "duplicate place names");
    }

    #[test]
    fn bad_names_get_hints() {
        let c = cat();
        assert!(
            c.resolve_place("kozelks")
                .expect_err("rejected")
                .contains("did you mean 'kozelsk'")
        );
        assert!(
            c.resolve_place("95,10")
                .expect_err("rejected")
                .contains("latitude 95")
        );
        assert!(
            c.missile("icbm-1100")
                .expect_err("rejected")
                .contains("did you mean 'icbm-11000'")
        );
        let r = c.resolve_place("38.9, -77.0").expect("coordinates");
        assert_eq!((r.lat_deg, r.lon_deg), (38.9, -77.0));
    }
}
