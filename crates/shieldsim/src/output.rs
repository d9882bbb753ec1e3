//! JSON documents (the command-line contract of DESIGN.md: every quantity's key ends in its
//! unit) and the plain-text rendering of the same values.

use crate::failure::Failure;
use serde::Serialize;
use shieldsim_core::ballistic::{BurnoutState, FreeFlight, Sample};
use shieldsim_core::earth::Earth;
use shieldsim_core::missile::{MissileFlight, MissileSolution};
use shieldsim_scenario::catalog::{Catalog, MissileEntry, Param, Place, ResolvedPlace};
use std::io::Write;

/// A burnout state as printed.
#[derive(Debug, Serialize)]
pub struct BurnoutJson {
    pub lat_deg: f64,
    pub lon_deg: f64,
    pub alt_km: f64,
    pub speed_km_s: f64,
    pub gamma_deg: f64,
    pub azimuth_deg: f64,
}

impl BurnoutJson {
    pub fn from_state(s: &BurnoutState) -> Self {
        BurnoutJson {
            lat_deg: s.position.lat_deg(),
            lon_deg: s.position.lon_deg(),
            alt_km: s.position.alt_km(),
            speed_km_s: s.velocity.speed_m_s / 1e3,
            gamma_deg: s.velocity.gamma_rad.to_degrees(),
            azimuth_deg: s.velocity.azimuth_rad.to_degrees(),
        }
    }
}

/// The impact point and Earth-relative impact velocity.
#[derive(Debug, Serialize)]
pub struct ImpactJson {
    pub lat_deg: f64,
    pub lon_deg: f64,
    pub speed_km_s: f64,
    pub gamma_deg: f64,
    pub azimuth_deg: f64,
}

impl ImpactJson {
    pub fn from_flight(f: &FreeFlight) -> Self {
        ImpactJson {
            lat_deg: f.impact.lat_deg(),
            lon_deg: f.impact.lon_deg(),
            speed_km_s: f.impact_velocity.speed_m_s / 1e3,
            gamma_deg: f.impact_velocity.gamma_rad.to_degrees(),
            azimuth_deg: f.impact_velocity.azimuth_rad.to_degrees(),
        }
    }
}

/// One trajectory sample; `speed_km_s` is relative to the rotating Earth.
#[derive(Debug, Serialize)]
pub struct SampleJson {
    pub t_s: f64,
    pub lat_deg: f64,
    pub lon_deg: f64,
    pub alt_km: f64,
    pub speed_km_s: f64,
}

pub fn samples(samples: &[Sample]) -> Vec<SampleJson> {
    samples
        .iter()
        .map(|s| SampleJson {
            t_s: s.t_s,
            lat_deg: s.position.lat_deg(),
            lon_deg: s.position.lon_deg(),
            alt_km: s.position.alt_km(),
            speed_km_s: s.speed_m_s / 1e3,
        })
        .collect()
}

/// The flight block shared by `ballistic` and `aim` (flattened into both documents).
#[derive(Debug, Serialize)]
pub struct FlightJson {
    pub earth: &'static str,
    pub rotation: bool,
    pub method: &'static str,
    pub flight_time_s: f64,
    pub apogee_km: f64,
    pub apogee_time_s: f64,
    pub ground_range_km: f64,
    pub impact: ImpactJson,
    pub samples: Vec<SampleJson>,
}

impl FlightJson {
    pub fn new(earth: &Earth, flight: &FreeFlight, samples_of: &[Sample]) -> Self {
        FlightJson {
            earth: earth.model.name(),
            rotation: earth.rotates(),
            method: flight.method.name(),
            flight_time_s: flight.flight_time_s,
            apogee_km: flight.apogee_alt_m / 1e3,
            apogee_time_s: flight.apogee_time_s,
            ground_range_km: flight.ground_range_m / 1e3,
            impact: ImpactJson::from_flight(flight),
            samples: samples(samples_of),
        }
    }
}

/// `shieldsim ballistic --json`.
#[derive(Debug, Serialize)]
pub struct BallisticJson {
    pub command: &'static str,
    pub burnout: BurnoutJson,
    #[serde(flatten)]
    pub flight: FlightJson,
}

/// A named place.
#[derive(Debug, Serialize)]
pub struct PlaceJson {
    pub name: String,
    pub lat_deg: f64,
    pub lon_deg: f64,
}

/// `shieldsim aim --json`.
#[derive(Debug, Serialize)]
pub struct AimJson {
    pub command: &'static str,
    pub mode: &'static str,
    pub from: PlaceJson,
    pub to: PlaceJson,
    pub burnout: BurnoutJson,
    pub target_range_km: f64,
    pub miss_km: f64,
    #[serde(flatten)]
    pub flight: FlightJson,
}

/// Print a document as pretty JSON with a trailing newline.
pub fn print_json<T: Serialize>(doc: &T) -> Result<(), Failure> {
    let text = serde_json::to_string_pretty(doc).map_err(|e| Failure {
        code: 1,
        message: format!("JSON encoding failed: {e}"),
    })?;
    write_stdout(&format!("{text}\n"))
}

/// Print text to standard output.
pub fn write_text(text: &str) -> Result<(), Failure> {
    write_stdout(text)
}

fn write_stdout(text: &str) -> Result<(), Failure> {
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Ok(()) => Ok(()),
        // A closed pipe (`| head`) is the reader's choice, not an error.
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        Err(e) => Err(Failure {
            code: 1,
            message: format!("cannot write to standard output: {e}"),
        }),
    }
}

fn model_line(f: &FlightJson) -> String {
    let rotating = if f.rotation {
        "rotating"
    } else {
        "not rotating"
    };
    format!("{}, {rotating}", f.earth)
}

fn burnout_lines(b: &BurnoutJson) -> String {
    format!(
        "burnout        {:.5}°, {:.5}°, {:.3} km\n  speed        {:.6} km/s (Earth-relative)\n  gamma        {:.4}° above horizontal\n  azimuth      {:.4}° from north\n",
        b.lat_deg, b.lon_deg, b.alt_km, b.speed_km_s, b.gamma_deg, b.azimuth_deg
    )
}

fn flight_lines(f: &FlightJson) -> String {
    let i = &f.impact;
    format!(
        "flight time    {:.3} s ({:.2} min)\napogee         {:.3} km at {:.1} s\nground range   {:.3} km\nimpact         {:.5}°, {:.5}° at {:.4} km/s, {:.3}° below horizontal\n",
        f.flight_time_s,
        f.flight_time_s / 60.0,
        f.apogee_km,
        f.apogee_time_s,
        f.ground_range_km,
        i.lat_deg,
        i.lon_deg,
        i.speed_km_s,
        -i.gamma_deg
    )
}

pub fn print_ballistic_text(j: &BallisticJson) -> Result<(), Failure> {
    let text = format!(
        "free flight    {} ({})\n{}{}",
        model_line(&j.flight),
        j.flight.method,
        burnout_lines(&j.burnout),
        flight_lines(&j.flight)
    );
    write_stdout(&text)
}

pub fn print_aim_text(j: &AimJson) -> Result<(), Failure> {
    let text = format!(
        "aim            {} → {} ({:.3} km), {}\nearth          {}\n{}{}miss           {:.3} m\n",
        j.from.name,
        j.to.name,
        j.target_range_km,
        j.mode,
        model_line(&j.flight),
        burnout_lines(&j.burnout),
        flight_lines(&j.flight),
        j.miss_km * 1e3
    );
    write_stdout(&text)
}

/// Burnout of a powered flight.
#[derive(Debug, Serialize)]
pub struct FlyBurnoutJson {
    pub time_s: f64,
    pub speed_km_s: f64,
    pub gamma_deg: f64,
    pub azimuth_deg: f64,
    pub alt_km: f64,
    pub lat_deg: f64,
    pub lon_deg: f64,
}

/// The steering found for a powered flight.
#[derive(Debug, Serialize)]
pub struct SteeringJson {
    pub azimuth_deg: f64,
    pub kick_deg: f64,
    pub cutoff_s: f64,
}

/// One sample of a powered flight, with its phase (boost, coast, reentry).
#[derive(Debug, Serialize)]
pub struct FlySampleJson {
    pub t_s: f64,
    pub lat_deg: f64,
    pub lon_deg: f64,
    pub alt_km: f64,
    pub speed_km_s: f64,
    pub phase: &'static str,
}

/// `shieldsim fly --json`.
#[derive(Debug, Serialize)]
pub struct FlyJson {
    pub command: &'static str,
    pub missile: String,
    pub missile_name: String,
    pub earth: &'static str,
    pub rotation: bool,
    pub trajectory: String,
    pub from: PlaceJson,
    pub to: PlaceJson,
    pub steering: SteeringJson,
    pub burnout: FlyBurnoutJson,
    pub flight_time_s: f64,
    pub apogee_km: f64,
    pub ground_range_km: f64,
    pub target_range_km: f64,
    pub impact: ImpactJson,
    pub miss_km: f64,
    /// Catalog figures changed by `--set`, with their sourced ranges.
    pub settings: Vec<shieldsim_scenario::catalogs::Applied>,
    pub samples: Vec<FlySampleJson>,
}

impl FlyJson {
    pub fn new(
        earth: &Earth,
        entry: &MissileEntry,
        from: &ResolvedPlace,
        to: &ResolvedPlace,
        trajectory: String,
        solution: &MissileSolution,
        flight: &MissileFlight,
    ) -> Self {
        let b = &flight.burnout;
        let place = |p: &ResolvedPlace| PlaceJson {
            name: p.name.clone(),
            lat_deg: p.lat_deg,
            lon_deg: p.lon_deg,
        };
        FlyJson {
            command: "fly",
            missile: entry.id.clone(),
            missile_name: entry.name.clone(),
            earth: earth.model.name(),
            rotation: earth.rotates(),
            trajectory,
            from: place(from),
            to: place(to),
            steering: SteeringJson {
                azimuth_deg: solution.steering.azimuth_rad.to_degrees().rem_euclid(360.0),
                kick_deg: solution.steering.kick_rad.to_degrees(),
                cutoff_s: b.t_s,
            },
            burnout: FlyBurnoutJson {
                time_s: b.t_s,
                speed_km_s: b.velocity.speed_m_s / 1e3,
                gamma_deg: b.velocity.gamma_rad.to_degrees(),
                azimuth_deg: b.velocity.azimuth_rad.to_degrees(),
                alt_km: b.position.alt_km(),
                lat_deg: b.position.lat_deg(),
                lon_deg: b.position.lon_deg(),
            },
            flight_time_s: flight.flight_time_s(),
            apogee_km: flight.rv.apogee_alt_m.max(b.position.alt_m) / 1e3,
            ground_range_km: flight.rv.ground_range_m / 1e3,
            target_range_km: solution.target_range_m / 1e3,
            impact: ImpactJson::from_flight(&flight.rv),
            miss_km: solution.miss_m / 1e3,
            settings: Vec::new(),
            samples: flight
                .samples()
                .iter()
                .map(|s| FlySampleJson {
                    t_s: s.t_s,
                    lat_deg: s.position.lat_deg(),
                    lon_deg: s.position.lon_deg(),
                    alt_km: s.position.alt_km(),
                    speed_km_s: s.speed_m_s / 1e3,
                    phase: s.phase.name(),
                })
                .collect(),
        }
    }
}

pub fn print_fly_text(j: &FlyJson) -> Result<(), Failure> {
    let b = &j.burnout;
    let mut text = settings_lines(&j.settings);
    text += &format!(
        "fly            {} ({}), {} → {} ({:.1} km), {}\nearth          {}, {}\nsteering       azimuth {:.3}°, kick {:.3}°, cutoff {:.2} s\nburnout        {:.2} s at {:.1} km: {:.4} km/s, {:.3}° above horizontal\nflight time    {:.1} s ({:.2} min)\napogee         {:.1} km\nground range   {:.1} km\nimpact         {:.5}°, {:.5}° at {:.4} km/s\nmiss           {:.3} km\n",
        j.missile,
        j.missile_name,
        j.from.name,
        j.to.name,
        j.target_range_km,
        j.trajectory,
        j.earth,
        if j.rotation {
            "rotating"
        } else {
            "not rotating"
        },
        j.steering.azimuth_deg,
        j.steering.kick_deg,
        j.steering.cutoff_s,
        b.time_s,
        b.alt_km,
        b.speed_km_s,
        b.gamma_deg,
        j.flight_time_s,
        j.flight_time_s / 60.0,
        j.apogee_km,
        j.ground_range_km,
        j.impact.lat_deg,
        j.impact.lon_deg,
        j.impact.speed_km_s,
        j.miss_km
    );
    write_stdout(&text)
}

/// A catalogued missile as listed.
#[derive(Debug, Serialize)]
pub struct MissileListJson {
    pub id: String,
    pub name: String,
    pub represents: Vec<String>,
    pub stages: usize,
    pub launch_mass_kg: f64,
    pub payload_kg: f64,
    pub burn_s: f64,
    pub published_range_km: f64,
    pub range_source: String,
    /// The full entry: every parameter with value, low, high and source.
    pub parameters: serde_json::Value,
}

/// `shieldsim list --json`.
#[derive(Debug, Serialize)]
pub struct ListJson {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub missiles: Option<Vec<MissileListJson>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub places: Option<Vec<serde_json::Value>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub interceptors: Option<Vec<serde_json::Value>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sensors: Option<Vec<serde_json::Value>>,
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

pub fn print_list_text(j: &ListJson) -> Result<(), Failure> {
    let mut text = String::new();
    if let Some(ms) = &j.missiles {
        text.push_str("MISSILES (generic classes; every parameter sourced: `shieldsim list missiles --json`)\n");
        for m in ms {
            text.push_str(&format!(
                "  {:<11} {}\n              stands for: {}\n              {} stage(s), {:.0} kg at launch, {:.0} kg payload, {:.0} s boost; published range {:.0} km ({})\n",
                m.id,
                m.name,
                m.represents.join("; "),
                m.stages,
                m.launch_mass_kg,
                m.payload_kg,
                m.burn_s,
                m.published_range_km,
                m.range_source
            ));
        }
    }
    if let Some(ps) = &j.places {
        text.push_str("PLACES (WGS84 degrees; use as PLACE)\n");
        for p in ps {
            let aliases: Vec<&str> = p["aliases"]
                .as_array()
                .map(|a| a.iter().filter_map(|x| x.as_str()).collect())
                .unwrap_or_default();
            let alias_text = if aliases.is_empty() {
                String::new()
            } else {
                format!(" (also {})", aliases.join(", "))
            };
            text.push_str(&format!(
                "  {:<12} {:>9.4} {:>10.4}  ±{} km  {}{} [{}]\n",
                p["id"].as_str().unwrap_or(""),
                p["lat_deg"].as_f64().unwrap_or(f64::NAN),
                p["lon_deg"].as_f64().unwrap_or(f64::NAN),
                p["precision_km"],
                p["description"].as_str().unwrap_or(""),
                alias_text,
                p["source"].as_str().unwrap_or("")
            ));
        }
    }
    if let Some(list) = &j.interceptors {
        text.push_str("INTERCEPTORS (kinematic fly-out models; every figure sourced: `--json`)\n");
        for i in list {
            text.push_str(&format!(
                "  {:<11} {}\n              burnout {} km/s ({}), intercept altitude {}–{} km, fly-out ≤ {} s\n",
                i["id"].as_str().unwrap_or(""),
                i["name"].as_str().unwrap_or(""),
                i["burnout_speed_km_s"]["value"],
                i["burnout_speed_km_s"]["source"].as_str().unwrap_or(""),
                i["min_intercept_alt_km"]["value"],
                i["max_intercept_alt_km"]["value"],
                i["max_flyout_s"]["value"]
            ));
        }
    }
    if let Some(list) = &j.sensors {
        text.push_str("SENSORS\n");
        for x in list {
            let range = if x["ref_range_km"].is_null() {
                format!("report delay {} s", x["delay_s"]["value"])
            } else {
                format!(
                    "{} km against {} m² ({}), {} face(s)",
                    x["ref_range_km"]["value"],
                    x["ref_rcs_m2"]["value"],
                    x["ref_range_km"]["source"].as_str().unwrap_or(""),
                    x["faces"].as_array().map_or(0, |f| f.len())
                )
            };
            text.push_str(&format!(
                "  {:<11} {}\n              {range}\n",
                x["id"].as_str().unwrap_or(""),
                x["name"].as_str().unwrap_or("")
            ));
        }
    }
    if let Some(list) = &j.early_warning {
        text.push_str("EARLY-WARNING RADARS (linked to every site under --sensing cued)\n");
        for x in list {
            text.push_str(&format!(
                "  {:<11} {} at {}\n",
                x["id"].as_str().unwrap_or(""),
                x["sensor"].as_str().unwrap_or(""),
                x["place"].as_str().unwrap_or("")
            ));
        }
    }
    if let Some(a) = &j.assumptions {
        text.push_str("ASSUMPTIONS (--set assumptions.KEY=VALUE)\n");
        for (k, p) in [
            ("decision_delay_s", &a.decision_delay_s),
            ("track_after_burnout_s", &a.track_after_burnout_s),
            ("kill_assessment_s", &a.kill_assessment_s),
            ("rcs_m2", &a.rcs_m2),
        ] {
            text.push_str(&format!(
                "  {k:<22} {} ({} … {}) [{}]\n",
                p.value, p.low, p.high, p.source
            ));
        }
    }
    if let Some(list) = &j.architectures {
        text.push_str("ARCHITECTURES\n");
        for a in list {
            let sites: Vec<String> = a["sites"]
                .as_array()
                .map(|s| {
                    s.iter()
                        .map(|s| {
                            format!(
                                "{} ({} × {})",
                                s["id"].as_str().unwrap_or(""),
                                s["inventory"],
                                s["interceptor"].as_str().unwrap_or("")
                            )
                        })
                        .collect()
                })
                .unwrap_or_default();
            text.push_str(&format!(
                "  {:<22} {} — {}\n              sites: {}\n              [{}]\n",
                a["id"].as_str().unwrap_or(""),
                a["year"],
                a["name"].as_str().unwrap_or(""),
                sites.join(", "),
                a["source"].as_str().unwrap_or("")
            ));
        }
    }
    write_stdout(&text)
}

/// `engage` as text.
pub fn print_engage_text(j: &shieldsim_studies::engage::EngageJson) -> Result<(), Failure> {
    let mut t = format!(
        "engage         {} ({}) against {} {} → {}: {:.0} s flight, apogee {:.0} km, {:.0} km\n",
        j.architecture,
        j.year,
        j.threat.missile,
        j.threat.from,
        j.threat.to,
        j.threat.flight_time_s,
        j.threat.apogee_km,
        j.threat.ground_range_km
    );
    t += &format!(
        "timeline       burnout {:.0} s{}\n",
        j.threat.burnout_s,
        j.threat.warning_s.map_or(String::new(), |w| format!(
            ", space-IR warning {w:.0} s (warns, never fire control)"
        ))
    );
    if let Some(a) = &j.assumptions {
        t += &format!(
            "sensing        {}\nkill chain     track → fire control no earlier than burnout + {} s → decision {} s → launch\n",
            a.sensing_meaning, a.track_after_burnout_s, a.decision_delay_s
        );
    }
    t += &settings_lines(&j.settings);
    for s in &j.sensors {
        let w: Vec<String> = s
            .windows_s
            .iter()
            .map(|w| format!("{:.0}–{:.0} s", w[0], w[1]))
            .collect();
        let seen = if w.is_empty() {
            "never".to_string()
        } else {
            w.join(", ")
        };
        t += &format!("sensor         {:<16} tracks {seen}\n", s.sensor);
    }
    for s in &j.sites {
        match j.opportunities.iter().find(|o| o.site == s.site) {
            Some(o) => {
                t += &format!(
                    "site           {:<16} {}: track from {}{}, fire control {:.0} s, earliest launch {:.0} s ({}), latest {:.0} s (margin {:.0} s), launch {:.0} s, intercept {:.0}–{:.0} s, first at {:.0} km ({:.2}°, {:.2}°), closing {:.2} km/s, {} shot(s)\n",
                    s.site,
                    s.interceptor,
                    o.cue_sensor,
                    o.track_s.map_or(String::new(), |x| format!(" at {x:.0} s")),
                    o.fire_control_s,
                    o.earliest_launch_s,
                    o.binding_constraint,
                    o.latest_launch_s,
                    o.margin_s,
                    o.launch_s,
                    o.intercept_s,
                    o.latest_intercept_s,
                    o.intercept_alt_km,
                    o.intercept_lat_deg,
                    o.intercept_lon_deg,
                    o.closing_speed_km_s,
                    o.shots
                );
                if let Some(e) = &o.effectiveness {
                    t += &format!(
                        "               raid of {} at pk {}, {} per salvo, {} on hand: P(no leaker) {:.4} (Monte Carlo {:.4} ± {:.4}, {} trials, seed {})\n",
                        e.raid_size,
                        e.pk,
                        e.shots_per_salvo,
                        e.inventory,
                        e.p_no_leak,
                        e.monte_carlo_p_no_leak,
                        e.monte_carlo_standard_error,
                        e.trials,
                        e.seed
                    );
                }
            }
            None => {
                let late = s
                    .margin_s
                    .map_or(String::new(), |m| format!(" ({:.0} s too late)", -m));
                t += &format!(
                    "site           {:<16} {}: cannot engage — {}{late}\n",
                    s.site,
                    s.interceptor,
                    s.reason.as_deref().unwrap_or("")
                )
            }
        }
    }
    t += &format!(
        "engageable     {}\n",
        if j.engageable { "yes" } else { "no" }
    );
    write_stdout(&t)
}

/// One `set` line per catalog figure changed, with its sourced range.
fn settings_lines(settings: &[shieldsim_scenario::catalogs::Applied]) -> String {
    settings
        .iter()
        .map(|x| format!("set            {}\n", x.describe()))
        .collect()
}
