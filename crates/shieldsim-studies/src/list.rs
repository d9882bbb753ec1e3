//! The catalog as listed (`list --json`, `GET /api/catalog`): every figure with its value,
//! range and source.

use serde::Serialize;
use shieldsim_scenario::catalog::{Catalog, MissileEntry, Param, Place};

/// A catalogued missile as listed.
#[derive(Debug, Serialize)]
pub struct MissileListJson {
    /// Catalog id.
    pub id: String,
    /// Name (catalog id or `LAT,LON`).
    pub name: String,
    /// Real missiles the class stands for.
    pub represents: Vec<String>,
    /// Number of stages.
    pub stages: usize,
    /// Launch mass (kg).
    pub launch_mass_kg: f64,
    /// Payload (kg).
    pub payload_kg: f64,
    /// Total burn time (s).
    pub burn_s: f64,
    /// Published range (km).
    pub published_range_km: f64,
    /// Source of the published range.
    pub range_source: String,
    /// The full entry: every parameter with value, low, high and source.
    pub parameters: serde_json::Value,
}

/// `shieldsim list --json`.
#[derive(Debug, Serialize)]
pub struct ListJson {
    /// Missile classes.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub missiles: Option<Vec<MissileListJson>>,
    /// Named places.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub places: Option<Vec<serde_json::Value>>,
    /// Interceptor types.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub interceptors: Option<Vec<serde_json::Value>>,
    /// Sensor types.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sensors: Option<Vec<serde_json::Value>>,
    /// Architectures.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub architectures: Option<Vec<serde_json::Value>>,
    /// Early-warning radars outside every architecture (what `--sensing cued` links).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub early_warning: Option<Vec<serde_json::Value>>,
    /// The scenario-level assumptions (`--set assumptions.KEY=VALUE`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub assumptions: Option<shieldsim_scenario::catalogs::AssumptionCatalog>,
}

impl ListJson {
    /// The catalog as listed; `what` picks one kind (missiles, places, interceptors, sensors,
    /// architectures, assumptions), `None` lists all.
    pub fn new(
        catalog: &Catalog,
        defence: Option<&shieldsim_scenario::defence::DefenceCatalog>,
        assumptions: Option<&shieldsim_scenario::catalogs::AssumptionCatalog>,
        what: Option<&str>,
    ) -> Self {
        let want = |w: &str| what.is_none_or(|x| x == w);
        let missiles = want("missiles").then(|| {
            catalog
                .missiles
                .iter()
                .map(|m| {
                    let v = catalog.vehicle(m);
                    MissileListJson {
                        id: m.id.clone(),
                        name: m.name.clone(),
                        represents: m.represents.clone(),
                        stages: m.stage.len(),
                        launch_mass_kg: v.launch_mass_kg(),
                        payload_kg: v.payload_kg,
                        burn_s: v.total_burn_s(),
                        published_range_km: m.published_range_km.value,
                        range_source: m.published_range_km.source.clone(),
                        parameters: serde_json::to_value(ParamsView(m))
                            .unwrap_or(serde_json::Value::Null),
                    }
                })
                .collect()
        });
        let places = want("places").then(|| {
            catalog
                .places
                .iter()
                .map(|p| serde_json::to_value(PlaceView(p)).unwrap_or(serde_json::Value::Null))
                .collect()
        });
        ListJson {
            missiles,
            places,
            interceptors: want("interceptors").then(|| to_values(defence.map(|d| &d.interceptors))),
            sensors: want("sensors").then(|| to_values(defence.map(|d| &d.sensors))),
            architectures: want("architectures")
                .then(|| to_values(defence.map(|d| &d.architectures))),
            early_warning: want("sensors").then(|| to_values(defence.map(|d| &d.early_warning))),
            assumptions: want("assumptions").then(|| assumptions.cloned()).flatten(),
        }
    }
}

fn to_values<T: Serialize>(list: Option<&Vec<T>>) -> Vec<serde_json::Value> {
    list.map(|l| {
        l.iter()
            .map(|x| serde_json::to_value(x).unwrap_or(serde_json::Value::Null))
            .collect()
    })
    .unwrap_or_default()
}

/// Serialises a catalog missile entry with every parameter's value, range and source.
struct ParamsView<'a>(&'a MissileEntry);

impl Serialize for ParamsView<'_> {
    fn serialize<S: serde::Serializer>(&self, ser: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let m = self.0;
        let mut map = ser.serialize_map(None)?;
        for (k, p) in [
            ("published_range_km", &m.published_range_km),
            ("published_burn_s", &m.published_burn_s),
            ("payload_kg", &m.payload_kg),
            ("rv_beta_kg_m2", &m.rv_beta_kg_m2),
            ("vertical_rise_s", &m.vertical_rise_s),
            ("kick_s", &m.kick_s),
        ] {
            map.serialize_entry(k, &ParamView(p))?;
        }
        let stages: Vec<serde_json::Value> = m
            .stage
            .iter()
            .map(|s| {
                serde_json::json!({
                    "propellant_kg": ParamView(&s.propellant_kg), "dry_kg": ParamView(&s.dry_kg),
                    "isp_vac_s": ParamView(&s.isp_vac_s), "burn_s": ParamView(&s.burn_s),
                    "exit_area_m2": ParamView(&s.exit_area_m2), "diameter_m": ParamView(&s.diameter_m),
                })
            })
            .collect();
        map.serialize_entry("stages", &stages)?;
        map.end()
    }
}

struct ParamView<'a>(&'a Param);

impl Serialize for ParamView<'_> {
    fn serialize<S: serde::Serializer>(&self, ser: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut map = ser.serialize_map(Some(4))?;
        map.serialize_entry("value", &self.0.value)?;
        map.serialize_entry("low", &self.0.low)?;
        map.serialize_entry("high", &self.0.high)?;
        map.serialize_entry("source", &self.0.source)?;
        map.end()
    }
}

struct PlaceView<'a>(&'a Place);

impl Serialize for PlaceView<'_> {
    fn serialize<S: serde::Serializer>(&self, ser: S) -> Result<S::Ok, S::Error> {
        let p = self.0;
        serde_json::json!({
            "id": p.id, "aliases": p.aliases, "kind": p.kind, "description": p.description,
            "lat_deg": p.lat_deg, "lon_deg": p.lon_deg, "precision_km": p.precision_km, "source": p.source,
        })
        .serialize(ser)
    }
}
