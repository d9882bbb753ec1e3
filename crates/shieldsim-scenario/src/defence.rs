//! The defence part of the bundled catalog: `catalog/interceptors.toml`, `catalog/sensors.toml`
//! and `catalog/architectures.toml`, and their translation into the core's engagement model.

use crate::catalog::{Catalog, Param, nearest};
use serde::Deserialize;
use shieldsim_core::earth::Geodetic;
use shieldsim_core::engagement::{ArchSensor, Site};
use shieldsim_core::format_number;
use shieldsim_core::interceptor::{Interceptor, InterceptorFigure, InterceptorStage};
use shieldsim_core::sector::{Polygon, PolygonSet, Sector};
use shieldsim_core::sensor::{Face, Radar, SensorKind, SpaceIr};
use std::sync::Arc;

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

impl InterceptorEntry {
    /// The catalog key of a figure the core names (`isp_s`, `stage.2.burn_s`), as settings
    /// and architecture files write it.
    pub fn key_of(figure: InterceptorFigure) -> String {
        use InterceptorFigure as F;
        match figure {
            F::Stages => "stage".into(),
            F::StageBurn(i) => format!("stage.{}.burn_s", i + 1),
            F::StageDvShare(i) => format!("stage.{}.dv_share", i + 1),
            F::BurnoutSpeed => "burnout_speed_km_s".into(),
            F::Isp => "isp_s".into(),
            F::BallisticCoefficient => "beta_kg_m2".into(),
            F::MinLaunchElevation => "min_launch_el_deg".into(),
            F::MinInterceptAlt => "min_intercept_alt_km".into(),
            F::MaxInterceptAlt => "max_intercept_alt_km".into(),
            F::MaxFlyout => "max_flyout_s".into(),
        }
    }

    /// Every figure of the model outside its physical bounds
    /// ([`Interceptor::problems`]), by catalog key.
    pub fn problems(&self) -> Vec<(String, String)> {
        // The model holds m and m/s; a figure so large that ×1000 overflows would come back
        // as "inf", a value the user never wrote, so quote the entry's own figure instead.
        let km_figures = [
            (
                "burnout_speed_km_s",
                "burnout speed",
                self.burnout_speed_km_s.value,
                " km/s",
            ),
            (
                "min_intercept_alt_km",
                "lowest intercept altitude",
                self.min_intercept_alt_km.value,
                " km",
            ),
            (
                "max_intercept_alt_km",
                "highest intercept altitude",
                self.max_intercept_alt_km.value,
                " km",
            ),
        ];
        self.model()
            .problems()
            .into_iter()
            .map(|(f, m)| {
                let key = InterceptorEntry::key_of(f);
                match km_figures.iter().find(|(k, ..)| *k == key) {
                    Some((_, what, v, unit)) if v.is_finite() && !(v * 1e3).is_finite() => {
                        let m = format!(
                            "{what} {}{unit} is not a plausible figure",
                            shieldsim_core::format_number(*v)
                        );
                        (key, m)
                    }
                    _ => (key, m),
                }
            })
            .collect()
    }
}

/// The sensor kinds.
pub const SENSOR_KINDS: [&str; 2] = ["radar", "space-ir"];
/// Most faces of a radar.
pub const MAX_FACES: usize = 16;
/// Bounds of a sensor's track or report delay (s), as the scenario's delays.
pub const SENSOR_DELAY_S: (f64, f64) = crate::catalogs::DELAY_S;
/// Bounds of a radar's reference detection range (km), as `radar_range_km` overrides.
pub const RADAR_RANGE_KM: (f64, f64) = (1.0, 50_000.0);
/// Bounds of a radar's reference RCS (m²), as a threat's RCS.
pub const RADAR_RCS_M2: (f64, f64) = (1e-6, 1e3);
/// Bounds of a face's azimuth offset from the deployed boresight (deg).
pub const FACE_OFFSET_AZ_DEG: (f64, f64) = (-360.0, 360.0);
/// Bounds of a face's half-width (deg): 180 is all round.
pub const FACE_HALF_WIDTH_DEG: (f64, f64) = (1.0, 180.0);
/// Bounds of a face's elevation limits (deg): a little below the horizontal (a radar on a
/// height) to the zenith.
pub const FACE_EL_DEG: (f64, f64) = (-10.0, 90.0);
/// Bounds of the altitude above which space IR sees a plume (km).
pub const SPACE_IR_MIN_ALT_KM: (f64, f64) = (0.0, 1000.0);

impl SensorEntry {
    /// Every figure outside its physical bounds, by catalog key (`delay_s`,
    /// `faces.2.half_width_az_deg`; empty for the entry as a whole), with a message quoting
    /// the value.
    pub fn problems(&self) -> Vec<(String, String)> {
        let mut out = Vec::new();
        let outside = |key: String, what: &str, v: f64, (lo, hi): (f64, f64), unit: &str| {
            (!(lo..=hi).contains(&v)).then(|| {
                (
                    key,
                    format!(
                        "{what} {}{unit} is outside {} … {}{unit}",
                        format_number(v),
                        format_number(lo),
                        format_number(hi)
                    ),
                )
            })
        };
        out.extend(outside(
            "delay_s".into(),
            "delay",
            self.delay_s.value,
            SENSOR_DELAY_S,
            " s",
        ));
        if let Some(p) = &self.ref_range_km {
            out.extend(outside(
                "ref_range_km".into(),
                "reference range",
                p.value,
                RADAR_RANGE_KM,
                " km",
            ));
        }
        if let Some(p) = &self.ref_rcs_m2 {
            out.extend(outside(
                "ref_rcs_m2".into(),
                "reference RCS",
                p.value,
                RADAR_RCS_M2,
                " m²",
            ));
        }
        if let Some(p) = &self.min_alt_km {
            out.extend(outside(
                "min_alt_km".into(),
                "plume altitude",
                p.value,
                SPACE_IR_MIN_ALT_KM,
                " km",
            ));
        }
        for (i, f) in self.faces.iter().enumerate() {
            let key = |k: &str| format!("faces.{}.{k}", i + 1);
            let what = |w: &str| format!("face {} {w}", i + 1);
            out.extend(outside(
                key("offset_az_deg"),
                &what("azimuth offset"),
                f.offset_az_deg,
                FACE_OFFSET_AZ_DEG,
                "°",
            ));
            out.extend(outside(
                key("half_width_az_deg"),
                &what("half-width"),
                f.half_width_az_deg.value,
                FACE_HALF_WIDTH_DEG,
                "°",
            ));
            out.extend(outside(
                key("el_min_deg"),
                &what("lowest elevation"),
                f.el_min_deg,
                FACE_EL_DEG,
                "°",
            ));
            out.extend(outside(
                key("el_max_deg"),
                &what("highest elevation"),
                f.el_max_deg,
                FACE_EL_DEG,
                "°",
            ));
            if f.el_min_deg >= f.el_max_deg {
                out.push((
                    key("el_max_deg"),
                    format!(
                        "face {} highest elevation {}° is not above the lowest, {}°",
                        i + 1,
                        format_number(f.el_max_deg),
                        format_number(f.el_min_deg)
                    ),
                ));
            }
        }
        if !SENSOR_KINDS.contains(&self.kind.as_str()) {
            out.push((
                "kind".into(),
                format!(
                    "sensor kind \"{}\" is unknown (expected {})",
                    self.kind,
                    SENSOR_KINDS.map(|k| format!("\"{k}\"")).join(" or ")
                ),
            ));
        } else if self.kind == "radar"
            && (self.ref_range_km.is_none()
                || self.ref_rcs_m2.is_none()
                || !(1..=MAX_FACES).contains(&self.faces.len()))
        {
            out.push((
                String::new(),
                format!("a radar needs ref_range_km, ref_rcs_m2 and 1 … {MAX_FACES} faces"),
            ));
        }
        out
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
    /// Who runs it (a country or alliance, as `catalog/alliances.toml` names them), when not
    /// the architecture's own command: a site of another side gets its track only after the
    /// cross-side delay (`assumptions.cross_side_delay_s`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub operator: Option<String>,
    /// Source.
    pub source: String,
}

/// An early-warning radar outside every architecture (`[[early_warning]]` in
/// `catalog/sensors.toml`): a radar deployment with who hosts and runs it, when it served, and
/// whether `cued` sensing links it unless a scenario chooses.
#[derive(Debug, Clone, PartialEq, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct EarlyWarningEntry {
    /// Deployment id.
    pub id: String,
    /// Sensor type id.
    pub sensor: String,
    /// Catalog place, or `lat_deg`/`lon_deg`.
    pub place: Option<String>,
    /// Latitude (deg) when no place is named.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lat_deg: Option<f64>,
    /// Longitude (deg) when no place is named.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lon_deg: Option<f64>,
    /// Antenna height (m).
    pub height_m: f64,
    /// Azimuth of the first face's boresight (deg).
    pub boresight_az_deg: f64,
    /// Which of the sensor type's faces this radar has (all when empty).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub faces: Vec<usize>,
    /// The country it stands in.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub host: Option<String>,
    /// Who runs it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub operator: Option<String>,
    /// First year on (at least experimental) duty, where known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub in_service_from: Option<u32>,
    /// Last year on duty, if it left service.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub in_service_to: Option<u32>,
    /// Whether `cued` sensing links it when a scenario does not choose (`cued_radars`).
    #[serde(default = "yes")]
    pub cued_by_default: bool,
    /// Source.
    pub source: String,
}

fn yes() -> bool {
    true
}

impl EarlyWarningEntry {
    /// The radar as an architecture would deploy it.
    pub fn deployment(&self) -> RadarDeployment {
        RadarDeployment {
            id: self.id.clone(),
            sensor: self.sensor.clone(),
            place: self.place.clone(),
            lat_deg: self.lat_deg,
            lon_deg: self.lon_deg,
            height_m: self.height_m,
            boresight_az_deg: self.boresight_az_deg,
            faces: self.faces.clone(),
            operator: self.operator.clone(),
            source: self.source.clone(),
        }
    }

    /// Whether it was on duty in `year` (unknown first or last years do not exclude it).
    pub fn in_service(&self, year: u32) -> bool {
        self.in_service_from.is_none_or(|f| f <= year)
            && self.in_service_to.is_none_or(|t| year <= t)
    }
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
    /// The countries whose consent to the site the scenario records (names or ISO codes), for
    /// the `basing` study's declared rules.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub consent: Vec<String>,
    /// Source.
    pub source: String,
}

/// A sector of responsibility (Russia's "sectoral" proposal, 2010): the sites commanded by
/// `alliance` (an alliance or country; its side, as [`crate::alliances::Alliances::side`]
/// reads it) intercept only over these countries' land; every other site of the architecture
/// only outside all of its sectors.
#[derive(Debug, Clone, PartialEq, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct SectorEntry {
    /// Whose sector it is.
    pub alliance: String,
    /// Its countries' land (ISO alpha-2 codes of the bundled outlines,
    /// [`crate::geo::country_polygons`]).
    pub countries: Vec<String>,
    /// Why this boundary.
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
    /// Sectors of responsibility (none: every site may intercept anywhere).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sectors: Vec<SectorEntry>,
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
    early_warning: Vec<EarlyWarningEntry>,
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
    pub early_warning: Vec<EarlyWarningEntry>,
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
            out.sensors.push(self.radar(
                places,
                &arch.entry.id,
                arch.entry.year,
                &r.deployment(),
            )?);
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
        year: u32,
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
            side: r.operator.as_deref().map(|o| side(o, year)).transpose()?,
        })
    }

    /// An early-warning radar (`[[early_warning]]`) by id, placed and turned.
    pub fn early_warning_radar(&self, places: &Catalog, id: &str) -> Result<ArchSensor, String> {
        let r = self
            .early_warning
            .iter()
            .find(|r| r.id == id.trim().to_lowercase())
            .ok_or_else(|| {
                let ids: Vec<&str> = self.early_warning.iter().map(|r| r.id.as_str()).collect();
                unknown("early-warning radar", id, &ids)
            })?;
        // Its side as of its last year on duty (or its first, or now).
        let year = r.in_service_to.or(r.in_service_from).unwrap_or(2026);
        self.radar(places, "early_warning", year, &r.deployment())
    }

    /// Ids of the early-warning radars `cued` sensing links when a scenario does not choose.
    pub fn cued_by_default(&self) -> Vec<String> {
        self.early_warning
            .iter()
            .filter(|r| r.cued_by_default)
            .map(|r| r.id.clone())
            .collect()
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
            side: None,
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
            sensors.push(self.radar(places, &entry.id, entry.year, r)?);
        }
        sensors.push(self.space_ir()?);
        let sectors = Sectors::of(&entry)?;
        let mut interceptors: Vec<(String, Interceptor)> = Vec::new();
        let mut sites = Vec::new();
        let radar_ids: std::collections::HashSet<&str> =
            entry.radars.iter().map(|r| r.id.as_str()).collect();
        for s in &entry.sites {
            let i = self.interceptor(&s.interceptor)?;
            let table = match interceptors.iter().position(|(id, _)| *id == i.id) {
                Some(k) => k,
                None => {
                    interceptors.push((i.id.clone(), i.model()));
                    interceptors.len() - 1
                }
            };
            let own: std::collections::HashSet<&str> =
                s.radars.iter().map(String::as_str).collect();
            let mut linked = Vec::new();
            for (k, r) in entry.radars.iter().enumerate() {
                if entry.engage_on_remote || own.contains(r.id.as_str()) {
                    linked.push(k);
                }
            }
            for own in &s.radars {
                if !radar_ids.contains(own.as_str()) {
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
                side: Some(side(&s.alliance, entry.year)?),
                sector: sectors.sector_of(&side(&s.alliance, entry.year)?),
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

/// The command chain (`Alliances::side`) of a commander or operator in `year`.
fn side(who: &str, year: u32) -> Result<String, String> {
    let alliances = crate::alliances::Alliances::bundled()?;
    Ok(alliances.side(who, i32::try_from(year).unwrap_or(i32::MAX)))
}

/// An architecture's sectors, resolved: each side's area and the union of all.
struct Sectors {
    /// (side, its sector).
    own: Vec<(String, Arc<Sector>)>,
    /// Where the other sides may intercept: outside every sector.
    rest: Option<Arc<Sector>>,
}

impl Sectors {
    fn of(entry: &ArchitectureEntry) -> Result<Sectors, String> {
        let mut own = Vec::new();
        let mut all: Vec<Polygon> = Vec::new();
        let mut names: Vec<String> = Vec::new();
        for s in &entry.sectors {
            let mut polygons: Vec<Polygon> = Vec::new();
            for c in &s.countries {
                let o = crate::geo::country_polygons(c).ok_or_else(|| {
                    let known = crate::geo::country_codes();
                    format!(
                        "architecture {}: sector of {} names country '{c}' without a bundled outline (known: {})",
                        entry.id,
                        s.alliance,
                        known.join(", ")
                    )
                })?;
                polygons.extend(o.iter().cloned());
            }
            let who = side(&s.alliance, entry.year)?;
            let over = s.countries.join(", ");
            names.push(format!("{who} over {over}"));
            all.extend(polygons.iter().cloned());
            own.push((
                who.clone(),
                Arc::new(Sector {
                    describe: format!("{who} intercepts only over {over} (sector rule)"),
                    area: PolygonSet::new(&polygons),
                    inside: true,
                }),
            ));
        }
        let rest = (!own.is_empty()).then(|| {
            Arc::new(Sector {
                describe: format!(
                    "intercepts only outside the sectors of others ({}; sector rule)",
                    names.join("; ")
                ),
                area: PolygonSet::new(&all),
                inside: false,
            })
        });
        Ok(Sectors { own, rest })
    }

    /// Where a site of `side` may intercept.
    fn sector_of(&self, side: &str) -> Option<Arc<Sector>> {
        self.own
            .iter()
            .find(|(s, _)| s == side)
            .map(|(_, x)| x.clone())
            .or_else(|| self.rest.clone())
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
            assert_eq!(i.problems(), vec![], "{}", i.id);
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
            assert_eq!(s.problems(), vec![], "{}", s.id);
        }
        let places = Catalog::bundled().expect("catalog");
        let alliances = crate::alliances::Alliances::bundled().expect("alliances");
        // Every early-warning radar is placed and turned; its host is a known country.
        for r in &d.early_warning {
            d.early_warning_radar(places, &r.id)
                .unwrap_or_else(|e| panic!("{}: {e}", r.id));
            if let Some(h) = &r.host {
                assert!(alliances.country(h).is_some(), "{}: host {h}", r.id);
            }
        }
        for a in &d.architectures {
            // Every site names its host (a known country, or international waters) and its
            // commanding alliance or country; recorded consent names known countries.
            for s in &a.sites {
                assert!(
                    s.host == "international waters" || alliances.country(&s.host).is_some(),
                    "{} {}: host {}",
                    a.id,
                    s.id,
                    s.host
                );
                assert!(
                    alliances.alliance(&s.alliance).is_some()
                        || alliances.country(&s.alliance).is_some(),
                    "{} {}: alliance {}",
                    a.id,
                    s.id,
                    s.alliance
                );
                for c in &s.consent {
                    assert!(alliances.country(c).is_some(), "{} {}: {c}", a.id, s.id);
                }
            }
            let r = d.architecture(places, &a.id).expect("resolves");
            assert!(!r.sites.is_empty() && !a.source.is_empty());
            // Their ids name report files (`engage-<architecture>`, `footprint-…-<site>`).
            for id in std::iter::once(&a.id).chain(a.sites.iter().map(|s| &s.id)) {
                assert_eq!(crate::scenario::file_name_id("id", id), Ok(()));
            }
        }
    }
}
