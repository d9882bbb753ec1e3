//! The defence part of the bundled catalog: `catalog/interceptors.toml`, `catalog/sensors.toml`
//! and `catalog/architectures.toml`, and their translation into the core's engagement model.

use crate::catalog::{Catalog, Param, nearest};
use serde::Deserialize;
use shieldsim_core::earth::Geodetic;
use shieldsim_core::engagement::{ArchSensor, Site};
use shieldsim_core::interceptor::{Interceptor, InterceptorStage};
use shieldsim_core::sensor::{Face, Radar, SensorKind, SpaceIr};

pub(crate) const INTERCEPTORS_TOML: &str = include_str!("../../../catalog/interceptors.toml");
pub(crate) const SENSORS_TOML: &str = include_str!("../../../catalog/sensors.toml");
pub(crate) const ARCHITECTURES_TOML: &str = include_str!("../../../catalog/architectures.toml");

/// One interceptor stage as catalogued.
#[derive(Debug, Clone, PartialEq, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct InterceptorStageEntry {
    /// Burn time (s).
    pub burn_s: Param,
    /// Share of the calibrated Δv (model shape, ASSUMED).
    pub dv_share: f64,
}

/// An interceptor as catalogued.
#[derive(Debug, Clone, PartialEq, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct InterceptorEntry {
    /// Catalog id.
    pub id: String,
    /// Description.
    pub name: String,
    /// Real systems it stands for.
    pub represents: Vec<String>,
    /// Burnout speed (km/s).
    pub burnout_speed_km_s: Param,
    /// Isp (s).
    pub isp_s: Param,
    /// Ballistic coefficient (kg/m²).
    pub beta_kg_m2: Param,
    /// Lowest launch elevation (deg).
    pub min_launch_el_deg: Param,
    /// Lowest intercept altitude (km).
    pub min_intercept_alt_km: Param,
    /// Highest intercept altitude (km).
    pub max_intercept_alt_km: Param,
    /// Longest fly-out (s).
    pub max_flyout_s: Param,
    /// Stages.
    pub stage: Vec<InterceptorStageEntry>,
}

impl InterceptorEntry {
    /// The core model (nominal values).
    pub fn model(&self) -> Interceptor {
        Interceptor {
            stages: self
                .stage
                .iter()
                .map(|s| InterceptorStage {
                    burn_s: s.burn_s.value,
                    dv_share: s.dv_share,
                })
                .collect(),
            burnout_speed_m_s: self.burnout_speed_km_s.value * 1e3,
            isp_s: self.isp_s.value,
            beta_kg_m2: self.beta_kg_m2.value,
            min_launch_el_deg: self.min_launch_el_deg.value,
            min_intercept_alt_m: self.min_intercept_alt_km.value * 1e3,
            max_intercept_alt_m: self.max_intercept_alt_km.value * 1e3,
            max_flyout_s: self.max_flyout_s.value,
        }
    }
}

/// A radar face relative to the deployed boresight.
#[derive(Debug, Clone, PartialEq, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct FaceEntry {
    /// Azimuth offset from the deployed boresight (deg).
    pub offset_az_deg: f64,
    /// Half-width of the face's azimuth sector (deg).
    pub half_width_az_deg: Param,
    /// Lowest elevation (deg).
    pub el_min_deg: f64,
    /// Highest elevation (deg).
    pub el_max_deg: f64,
}

/// A sensor type as catalogued.
#[derive(Debug, Clone, PartialEq, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct SensorEntry {
    /// Catalog id.
    pub id: String,
    /// Description.
    pub name: String,
    /// `radar` or `space-ir`.
    pub kind: String,
    /// Detection range against the reference RCS (km; radars).
    pub ref_range_km: Option<Param>,
    /// Reference RCS (m²; radars).
    pub ref_rcs_m2: Option<Param>,
    /// Track (radar) or report (space IR) delay (s).
    pub delay_s: Param,
    /// Faces (radars).
    #[serde(default)]
    pub faces: Vec<FaceEntry>,
    /// Plume visible above (km; space IR).
    pub min_alt_km: Option<Param>,
}

/// A radar deployed by an architecture.
#[derive(Debug, Clone, PartialEq, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct RadarDeployment {
    /// Deployment id.
    pub id: String,
    /// Sensor type id.
    pub sensor: String,
    /// Catalog place, or `lat_deg`/`lon_deg`.
    pub place: Option<String>,
    /// Latitude (deg) when no place is named.
    pub lat_deg: Option<f64>,
    /// Longitude (deg) when no place is named.
    pub lon_deg: Option<f64>,
    /// Antenna height (m).
    pub height_m: f64,
    /// Azimuth of the first face's boresight (deg).
    pub boresight_az_deg: f64,
    /// Which of the sensor type's faces this radar has (1 = the first; all when empty), e.g. a
    /// two-faced UEWR of a three-faced type: one type, so a setting of the type reaches both.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub faces: Vec<usize>,
    /// Source.
    pub source: String,
}

/// A site (or ship) of an architecture.
#[derive(Debug, Clone, PartialEq, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct SiteEntry {
    /// Site id.
    pub id: String,
    /// `ashore` or `ship`.
    pub kind: String,
    /// Catalog place, or `lat_deg`/`lon_deg`.
    pub place: Option<String>,
    /// Latitude (deg).
    pub lat_deg: Option<f64>,
    /// Longitude (deg).
    pub lon_deg: Option<f64>,
    /// Host nation.
    pub host: String,
    /// Commanding alliance.
    pub alliance: String,
    /// Interceptor id.
    pub interceptor: String,
    /// Loadout.
    pub inventory: u32,
    /// Its own radars (deployment ids).
    pub radars: Vec<String>,
    /// Source.
    pub source: String,
}

/// An architecture as catalogued.
#[derive(Debug, Clone, PartialEq, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct ArchitectureEntry {
    /// Catalog id.
    pub id: String,
    /// Description.
    pub name: String,
    /// Year.
    pub year: u32,
    /// Who commands it.
    pub command: String,
    /// Source.
    pub source: String,
    /// Whether sites may fire on every radar's track.
    pub engage_on_remote: bool,
    /// Radars.
    pub radars: Vec<RadarDeployment>,
    /// Sites.
    pub sites: Vec<SiteEntry>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct InterceptorFile {
    interceptor: Vec<InterceptorEntry>,
}
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct SensorFile {
    sensor: Vec<SensorEntry>,
    #[serde(default)]
    early_warning: Vec<RadarDeployment>,
}
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ArchitectureFile {
    architecture: Vec<ArchitectureEntry>,
}

/// The defence catalog.
#[derive(Debug, Clone)]
pub struct DefenceCatalog {
    /// Interceptors.
    pub interceptors: Vec<InterceptorEntry>,
    /// Sensor types.
    pub sensors: Vec<SensorEntry>,
    /// Architectures.
    pub architectures: Vec<ArchitectureEntry>,
    /// Early-warning radars outside every architecture (what `cued` sensing may link).
    pub early_warning: Vec<RadarDeployment>,
}

/// An architecture resolved into the core's engagement model.
#[derive(Debug, Clone)]
pub struct ResolvedArchitecture {
    /// The catalog entry.
    pub entry: ArchitectureEntry,
    /// Sensors (radars, then space IR).
    pub sensors: Vec<ArchSensor>,
    /// Sites; `Site::table` indexes `interceptors`.
    pub sites: Vec<Site>,
    /// Interceptor ids and models, one per fly-out table to build.
    pub interceptors: Vec<(String, Interceptor)>,
}

fn unknown(what: &str, id: &str, ids: &[&str]) -> String {
    format!(
        "unknown {what} '{id}' (did you mean '{}'? known: {})",
        nearest(&id.to_lowercase(), ids),
        ids.join(", ")
    )
}

impl DefenceCatalog {
    /// Parse the bundled files.
    pub fn bundled() -> Result<&'static DefenceCatalog, String> {
        static CATALOG: std::sync::OnceLock<Result<DefenceCatalog, String>> =
            std::sync::OnceLock::new();
        CATALOG
            .get_or_init(|| {
                let table = |text: &str, file: &str| {
                    toml::from_str::<toml::Table>(text)
                        .map_err(|e| format!("bundled catalog/{file}: {e}"))
                };
                DefenceCatalog::from_tables(
                    table(INTERCEPTORS_TOML, "interceptors.toml")?,
                    table(SENSORS_TOML, "sensors.toml")?,
                    table(ARCHITECTURES_TOML, "architectures.toml")?,
                )
            })
            .as_ref()
            .map_err(Clone::clone)
    }

    /// The defence catalog from the parsed `interceptors.toml`, `sensors.toml` and
    /// `architectures.toml` (the bundled files, or copies with a user's settings applied).
    pub(crate) fn from_tables(
        interceptors: toml::Table,
        sensors: toml::Table,
        architectures: toml::Table,
    ) -> Result<DefenceCatalog, String> {
        let i: InterceptorFile = interceptors
            .try_into()
            .map_err(|e| format!("catalog/interceptors.toml: {e}"))?;
        let s: SensorFile = sensors
            .try_into()
            .map_err(|e| format!("catalog/sensors.toml: {e}"))?;
        let a: ArchitectureFile = architectures
            .try_into()
            .map_err(|e| format!("catalog/architectures.toml: {e}"))?;
        Ok(DefenceCatalog {
            interceptors: i.interceptor,
            sensors: s.sensor,
            architectures: a.architecture,
            early_warning: s.early_warning,
        })
    }

    /// `arch` with early-warning radars outside it (ids of [`DefenceCatalog::early_warning`])
    /// added to its sensors and linked to every site: the `cued` sensing assumption.
    pub fn cued(
        &self,
        places: &Catalog,
        arch: &ResolvedArchitecture,
        radars: &[String],
    ) -> Result<ResolvedArchitecture, String> {
        let mut out = arch.clone();
        for id in radars {
            let r = self
                .early_warning
                .iter()
                .find(|r| r.id == *id)
                .ok_or_else(|| {
                    let ids: Vec<&str> = self.early_warning.iter().map(|r| r.id.as_str()).collect();
                    unknown("early-warning radar", id, &ids)
                })?;
            if out.sensors.iter().any(|s| s.id == r.id) {
                continue;
            }
            out.sensors.push(self.radar(places, &arch.entry.id, r)?);
            let k = out.sensors.len() - 1;
            for site in &mut out.sites {
                site.sensors.push(k);
            }
        }
        Ok(out)
    }

    /// A radar deployment placed and turned.
    fn radar(
        &self,
        places: &Catalog,
        arch_id: &str,
        r: &RadarDeployment,
    ) -> Result<ArchSensor, String> {
        let t = self.sensor(&r.sensor)?;
        let (Some(range), Some(rcs)) = (&t.ref_range_km, &t.ref_rcs_m2) else {
            return Err(format!("sensor {} is not a radar", t.id));
        };
        if let Some(k) = r.faces.iter().find(|&&k| k == 0 || k > t.faces.len()) {
            return Err(format!(
                "radar {}: face {k} does not exist (sensor {} has faces 1 … {})",
                r.id,
                t.id,
                t.faces.len()
            ));
        }
        Ok(ArchSensor {
            id: r.id.clone(),
            kind: SensorKind::Radar(Radar {
                position: locate(places, arch_id, &r.place, r.lat_deg, r.lon_deg, r.height_m)?,
                faces: t
                    .faces
                    .iter()
                    .enumerate()
                    .filter(|(i, _)| r.faces.is_empty() || r.faces.contains(&(i + 1)))
                    .map(|(_, f)| Face {
                        boresight_az_deg: (r.boresight_az_deg + f.offset_az_deg).rem_euclid(360.0),
                        half_width_az_deg: f.half_width_az_deg.value,
                        el_min_deg: f.el_min_deg,
                        el_max_deg: f.el_max_deg,
                    })
                    .collect(),
                ref_range_m: range.value * 1e3,
                ref_rcs_m2: rcs.value,
                refraction_k: 4.0 / 3.0,
            }),
            delay_s: t.delay_s.value,
        })
    }

    /// An interceptor by id.
    pub fn interceptor(&self, id: &str) -> Result<&InterceptorEntry, String> {
        let key = id.trim().to_lowercase();
        self.interceptors
            .iter()
            .find(|x| x.id == key)
            .ok_or_else(|| {
                let ids: Vec<&str> = self.interceptors.iter().map(|x| x.id.as_str()).collect();
                unknown("interceptor", id, &ids)
            })
    }

    /// A sensor type by id.
    pub fn sensor(&self, id: &str) -> Result<&SensorEntry, String> {
        let key = id.trim().to_lowercase();
        self.sensors.iter().find(|x| x.id == key).ok_or_else(|| {
            let ids: Vec<&str> = self.sensors.iter().map(|x| x.id.as_str()).collect();
            unknown("sensor", id, &ids)
        })
    }

    /// The space-based infrared launch warning every architecture shares (its report starts a
    /// track only when `Assumptions::space_track` says so).
    pub fn space_ir(&self) -> Result<ArchSensor, String> {
        let ir = self.sensor("space-ir")?;
        Ok(ArchSensor {
            id: "space-ir".into(),
            kind: SensorKind::SpaceIr(SpaceIr {
                min_alt_m: ir.min_alt_km.as_ref().map_or(10.0, |p| p.value) * 1e3,
            }),
            delay_s: ir.delay_s.value,
        })
    }

    /// An architecture by id, resolved: radars placed and turned, sites with their linked
    /// sensors, and one space-IR warning sensor.
    pub fn architecture(&self, places: &Catalog, id: &str) -> Result<ResolvedArchitecture, String> {
        let key = id.trim().to_lowercase();
        let entry = self
            .architectures
            .iter()
            .find(|x| x.id == key)
            .ok_or_else(|| {
                let ids: Vec<&str> = self.architectures.iter().map(|x| x.id.as_str()).collect();
                unknown("architecture", id, &ids)
            })?
            .clone();
        self.resolve(places, entry)
    }

    /// An architecture entry (the catalog's or a file's) resolved against this catalog's
    /// sensor and interceptor types and `places`.
    pub fn resolve(
        &self,
        places: &Catalog,
        entry: ArchitectureEntry,
    ) -> Result<ResolvedArchitecture, String> {
        let mut sensors = Vec::new();
        for r in &entry.radars {
            sensors.push(self.radar(places, &entry.id, r)?);
        }
        sensors.push(self.space_ir()?);
        let mut interceptors: Vec<(String, Interceptor)> = Vec::new();
        let mut sites = Vec::new();
        for s in &entry.sites {
            let i = self.interceptor(&s.interceptor)?;
            let table = match interceptors.iter().position(|(id, _)| *id == i.id) {
                Some(k) => k,
                None => {
                    interceptors.push((i.id.clone(), i.model()));
                    interceptors.len() - 1
                }
            };
            let mut linked = Vec::new();
            for (k, r) in entry.radars.iter().enumerate() {
                if entry.engage_on_remote || s.radars.contains(&r.id) {
                    linked.push(k);
                }
            }
            for own in &s.radars {
                if !entry.radars.iter().any(|r| &r.id == own) {
                    return Err(format!(
                        "architecture {}: site {} names unknown radar '{own}'",
                        entry.id, s.id
                    ));
                }
            }
            sites.push(Site {
                id: s.id.clone(),
                position: locate(places, &entry.id, &s.place, s.lat_deg, s.lon_deg, 0.0)?,
                table,
                inventory: s.inventory,
                sensors: linked,
            });
        }
        Ok(ResolvedArchitecture {
            entry,
            sensors,
            sites,
            interceptors,
        })
    }
}

/// A position from a catalog place or latitude/longitude, `height_m` above the ellipsoid.
fn locate(
    places: &Catalog,
    arch_id: &str,
    place: &Option<String>,
    lat: Option<f64>,
    lon: Option<f64>,
    height_m: f64,
) -> Result<Geodetic, String> {
    match (place, lat, lon) {
        (Some(p), _, _) => places
            .place(p)
            .map(|p| Geodetic::from_deg_km(p.lat_deg, p.lon_deg, height_m / 1e3))
            .ok_or_else(|| format!("architecture {arch_id}: unknown place '{p}'")),
        (None, Some(lat), Some(lon)) => Ok(Geodetic::from_deg_km(lat, lon, height_m / 1e3)),
        _ => Err(format!(
            "architecture {arch_id}: a position needs a place or lat/lon"
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(what: &str, p: &Param) {
        assert!(
            p.low <= p.value && p.value <= p.high && !p.source.trim().is_empty(),
            "{what}: {p:?}"
        );
    }

    /// Every figure has a value inside its range and a source; every interceptor validates;
    /// every architecture resolves (places, sensors, interceptors, own radars).
    #[test]
    fn bundled_defence_catalog_is_consistent() {
        let d = DefenceCatalog::bundled().expect("parses");
        for i in &d.interceptors {
            for (k, p) in [
                ("burnout_speed_km_s", &i.burnout_speed_km_s),
                ("isp_s", &i.isp_s),
                ("beta_kg_m2", &i.beta_kg_m2),
                ("min_launch_el_deg", &i.min_launch_el_deg),
                ("min_intercept_alt_km", &i.min_intercept_alt_km),
                ("max_intercept_alt_km", &i.max_intercept_alt_km),
                ("max_flyout_s", &i.max_flyout_s),
            ] {
                check(&format!("{} {k}", i.id), p);
            }
            for s in &i.stage {
                check(&format!("{} stage burn", i.id), &s.burn_s);
            }
            i.model().validate().expect("valid interceptor");
        }
        for s in &d.sensors {
            check(&format!("{} delay", s.id), &s.delay_s);
            for p in [&s.ref_range_km, &s.ref_rcs_m2, &s.min_alt_km]
                .into_iter()
                .flatten()
            {
                check(&s.id, p);
            }
            for f in &s.faces {
                check(&format!("{} face", s.id), &f.half_width_az_deg);
            }
        }
        let places = Catalog::bundled().expect("catalog");
        for a in &d.architectures {
            let r = d.architecture(places, &a.id).expect("resolves");
            assert!(!r.sites.is_empty() && !a.source.is_empty());
        }
    }
}
