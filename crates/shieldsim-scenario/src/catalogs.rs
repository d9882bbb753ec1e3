//! The whole bundled catalog — missiles, places, interceptors, sensors, architectures and the
//! scenario-level assumptions — with a user's settings applied: `--set ID.KEY=VALUE` on the
//! command line and `[overrides]` in scenario files.
//!
//! Every ranged figure (`{value, low, high, source}`) is a knob, addressed by its catalog key:
//! `ID` is a missile, interceptor or sensor id, or `assumptions`; `KEY` is the figure's key in
//! that entry, with `stage.N.` (N from 1, first stage first) or `faces.N.` before the keys of a
//! stage or radar face: `sm3-iia.burnout_speed_km_s`, `icbm-11000.payload_kg`,
//! `icbm-11000.stage.1.isp_vac_s`, `space-ir.delay_s`, `assumptions.track_after_burnout_s`.
//!
//! A setting replaces the figure's nominal value in the parsed TOML before the catalog is built
//! from it, so every model downstream sees it. An unknown id or key, a value that is not a
//! finite number, a negative value, or zero where the catalog's own range excludes zero is an
//! error; a value outside the sourced low–high range is accepted with a warning. After all
//! settings, every changed interceptor and missile must still be a physical model.

use crate::catalog::{Catalog, MISSILES_TOML, PLACES_TOML, Param, nearest};
use crate::defence::{ARCHITECTURES_TOML, DefenceCatalog, INTERCEPTORS_TOML, SENSORS_TOML};
use serde::Deserialize;
use shieldsim_core::format_number as fmt;

const ASSUMPTIONS_TOML: &str = include_str!("../../../catalog/assumptions.toml");

/// The id under which the scenario-level assumptions are set.
pub const ASSUMPTIONS_ID: &str = "assumptions";

/// The scenario-level assumptions as catalogued (`catalog/assumptions.toml`).
#[derive(Debug, Clone, PartialEq, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct AssumptionCatalog {
    /// From fire-control solution to launch (s).
    pub decision_delay_s: Param,
    /// From threat burnout to the first fire-control (ballistic) solution (s).
    pub track_after_burnout_s: Param,
    /// Kill assessment between shoot-look-shoot shots (s).
    pub kill_assessment_s: Param,
    /// Threat radar cross-section (m²).
    pub rcs_m2: Param,
}

/// Bounds of the scenario's delays (s): decision, track after burnout, kill assessment (the
/// same in `[assumptions]`, settings and sensor types).
pub const DELAY_S: (f64, f64) = (0.0, 3600.0);
/// Bounds of a threat's radar cross-section (m²).
pub const RCS_M2: (f64, f64) = (1e-6, 1e3);

impl AssumptionCatalog {
    /// Every figure outside its bounds, by key, with a message quoting the value.
    pub fn problems(&self) -> Vec<(String, String)> {
        [
            (
                "decision_delay_s",
                self.decision_delay_s.value,
                DELAY_S,
                " s",
            ),
            (
                "track_after_burnout_s",
                self.track_after_burnout_s.value,
                DELAY_S,
                " s",
            ),
            (
                "kill_assessment_s",
                self.kill_assessment_s.value,
                DELAY_S,
                " s",
            ),
            ("rcs_m2", self.rcs_m2.value, RCS_M2, " m²"),
        ]
        .into_iter()
        .filter(|(_, v, (lo, hi), _)| !(lo..=hi).contains(&v))
        .map(|(key, v, (lo, hi), unit)| {
            (
                key.to_string(),
                format!(
                    "{key} = {}{unit} is outside {} … {}{unit}",
                    fmt(v),
                    fmt(lo),
                    fmt(hi)
                ),
            )
        })
        .collect()
    }
}

/// One setting: `ID.KEY` and the new value.
#[derive(Debug, Clone, PartialEq)]
pub struct Setting {
    /// `ID.KEY`, as the user wrote it.
    pub key: String,
    /// The new nominal value, in the key's unit.
    pub value: f64,
}

impl Setting {
    /// A command-line `ID.KEY=VALUE`.
    pub fn parse(text: &str) -> Result<Setting, String> {
        let (key, value) = text
            .split_once('=')
            .ok_or_else(|| format!("--set {text}: expected ID.KEY=VALUE"))?;
        let (key, value) = (key.trim(), value.trim());
        let value: f64 = value
            .parse()
            .map_err(|_| format!("--set {text}: value '{value}' is not a number"))?;
        Ok(Setting {
            key: key.to_string(),
            value,
        })
    }
}

/// A setting as applied: what it changed, and whether it leaves the sourced range.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Applied {
    /// `ID.KEY` (the id in the catalog's spelling).
    pub key: String,
    /// The value set.
    pub value: f64,
    /// The catalog's nominal value.
    pub catalog_value: f64,
    /// The catalog's sourced range.
    pub low: f64,
    /// The catalog's sourced range.
    pub high: f64,
    /// Whether the value lies outside `low … high`.
    pub outside_range: bool,
}

impl Applied {
    /// The setting in words: key, value, the catalog's value and sourced range, and whether the
    /// value leaves that range.
    pub fn describe(&self) -> String {
        format!(
            "{} = {} (catalog {}, sourced range {} … {}){}",
            self.key,
            fmt(self.value),
            fmt(self.catalog_value),
            fmt(self.low),
            fmt(self.high),
            if self.outside_range {
                " — outside the sourced range"
            } else {
                ""
            }
        )
    }

    /// The warning for a value outside the sourced range, if it is.
    pub fn warning(&self) -> Option<String> {
        self.outside_range.then(|| {
            format!(
                "{} = {} lies outside the catalog's sourced range {} … {} (nominal {}): the answer rests on a figure no source gives",
                self.key,
                fmt(self.value),
                fmt(self.low),
                fmt(self.high),
                fmt(self.catalog_value)
            )
        })
    }
}

/// Why a setting was refused.
#[derive(Debug, Clone, PartialEq)]
pub struct SetError {
    /// Index of the setting in the list given.
    pub index: usize,
    /// What is wrong.
    pub message: String,
    /// How to fix it.
    pub hint: Option<String>,
}

/// The catalog with settings applied.
#[derive(Debug, Clone)]
pub struct Catalogs {
    /// Missiles and places.
    pub catalog: Catalog,
    /// Interceptors, sensors, architectures, early-warning radars.
    pub defence: DefenceCatalog,
    /// Scenario-level assumptions.
    pub assumptions: AssumptionCatalog,
    /// The settings applied, in the order given.
    pub applied: Vec<Applied>,
}

/// The parsed bundled files, in the order settings look for ids.
#[derive(Clone)]
struct Tables {
    missiles: toml::Table,
    places: toml::Table,
    interceptors: toml::Table,
    sensors: toml::Table,
    architectures: toml::Table,
    assumptions: toml::Table,
}

fn parse(text: &str, file: &str) -> Result<toml::Table, String> {
    toml::from_str(text).map_err(|e| format!("bundled catalog/{file}: {e}"))
}

impl Tables {
    /// The bundled files, parsed once per process (every scenario check and every `--set`
    /// starts from a copy).
    fn bundled() -> Result<Tables, String> {
        static TABLES: std::sync::OnceLock<Result<Tables, String>> = std::sync::OnceLock::new();
        TABLES.get_or_init(Tables::parse_bundled).clone()
    }

    fn parse_bundled() -> Result<Tables, String> {
        Ok(Tables {
            missiles: parse(MISSILES_TOML, "missiles.toml")?,
            places: parse(PLACES_TOML, "places.toml")?,
            interceptors: parse(INTERCEPTORS_TOML, "interceptors.toml")?,
            sensors: parse(SENSORS_TOML, "sensors.toml")?,
            architectures: parse(ARCHITECTURES_TOML, "architectures.toml")?,
            assumptions: parse(ASSUMPTIONS_TOML, "assumptions.toml")?,
        })
    }

    /// The entries settings may address: (kind, id, table), in catalog order.
    fn entries_mut(&mut self) -> Vec<(&'static str, String, &mut toml::Table)> {
        let mut out = vec![(
            "assumptions",
            ASSUMPTIONS_ID.to_string(),
            &mut self.assumptions,
        )];
        for (kind, file, array) in [
            ("missile", &mut self.missiles, "missile"),
            ("interceptor", &mut self.interceptors, "interceptor"),
            ("sensor", &mut self.sensors, "sensor"),
        ] {
            if let Some(toml::Value::Array(list)) = file.get_mut(array) {
                for item in list.iter_mut() {
                    if let toml::Value::Table(t) = item {
                        let id = t
                            .get("id")
                            .and_then(|v| v.as_str())
                            .unwrap_or_default()
                            .to_string();
                        out.push((kind, id, t));
                    }
                }
            }
        }
        out
    }
}

/// Whether a TOML value is a ranged figure `{value, low, high, source}`.
fn is_param(v: &toml::Value) -> bool {
    v.as_table().is_some_and(|t| {
        ["value", "low", "high"].iter().all(|k| {
            t.get(*k)
                .is_some_and(|x| x.as_float().or(x.as_integer().map(|i| i as f64)).is_some())
        })
    })
}

fn float(v: Option<&toml::Value>) -> f64 {
    v.and_then(|x| x.as_float().or(x.as_integer().map(|i| i as f64)))
        .unwrap_or(f64::NAN)
}

/// Figures for which zero is a physical value even where the sourced range starts above it:
/// delays and waits (an instant decision is a bound worth asking about), the lowest launch
/// elevation, the floor of the intercept band, the plume-visibility altitude.
fn zero_allowed(key: &str) -> bool {
    let last = key.rsplit('.').next().unwrap_or(key);
    last.ends_with("delay_s")
        || matches!(
            last,
            "track_after_burnout_s"
                | "kill_assessment_s"
                | "min_launch_el_deg"
                | "min_intercept_alt_km"
                | "min_alt_km"
                | "vertical_rise_s"
        )
}

/// Published reference figures (a missile's published range and boost time): what the model
/// is checked against, not an input to it, so not settable.
fn is_reference(key: &str) -> bool {
    key.starts_with("published_")
}

/// Every settable ranged figure's key in an entry (`stage.N.` and `faces.N.` prefixes from 1).
fn param_keys(t: &toml::Table, prefix: &str, out: &mut Vec<String>) {
    for (k, v) in t {
        if is_reference(k) {
            continue;
        }
        if is_param(v) {
            out.push(format!("{prefix}{k}"));
        } else if let toml::Value::Array(list) = v {
            for (i, item) in list.iter().enumerate() {
                if let toml::Value::Table(sub) = item {
                    param_keys(sub, &format!("{prefix}{k}.{}.", i + 1), out);
                }
            }
        }
    }
}

/// The ranged figure at `key` in an entry.
fn param_mut<'t>(t: &'t mut toml::Table, key: &str) -> Option<&'t mut toml::Table> {
    let mut parts = key.split('.');
    let mut table = t;
    loop {
        let k = parts.next()?;
        match table.get_mut(k)? {
            v @ toml::Value::Table(_) => {
                return if parts.next().is_none() && is_param(v) {
                    v.as_table_mut()
                } else {
                    None
                };
            }
            toml::Value::Array(list) => {
                let n: usize = parts.next()?.parse().ok()?;
                table = list.get_mut(n.checked_sub(1)?)?.as_table_mut()?;
            }
            _ => return None,
        }
    }
}

impl Catalogs {
    /// The bundled catalog, nothing set.
    pub fn bundled() -> Result<Catalogs, String> {
        Catalogs::with(&[]).map_err(|e| {
            e.into_iter()
                .map(|e| e.message)
                .collect::<Vec<_>>()
                .join("; ")
        })
    }

    /// The bundled catalog with `settings` applied, or every setting's problem.
    pub fn with(settings: &[Setting]) -> Result<Catalogs, Vec<SetError>> {
        let internal = |message: String| {
            vec![SetError {
                index: 0,
                message,
                hint: None,
            }]
        };
        let mut tables = Tables::bundled().map_err(internal)?;
        if settings.is_empty() {
            // Nothing to change: the catalogs already parsed from the same files.
            let assumptions: AssumptionCatalog = tables
                .assumptions
                .try_into()
                .map_err(|e| internal(format!("catalog/assumptions.toml: {e}")))?;
            return Ok(Catalogs {
                catalog: Catalog::bundled().map_err(internal)?.clone(),
                defence: DefenceCatalog::bundled().map_err(internal)?.clone(),
                assumptions,
                applied: Vec::new(),
            });
        }
        let mut errors = Vec::new();
        let mut applied = Vec::new();
        // Entries changed, by (kind, id), with the indices of the settings that changed them.
        let mut touched: Vec<(&'static str, String, Vec<usize>)> = Vec::new();
        {
            let mut entries = tables.entries_mut();
            let ids: Vec<String> = entries.iter().map(|e| e.1.clone()).collect();
            for (index, s) in settings.iter().enumerate() {
                let mut error = |message: String, hint: Option<String>| {
                    errors.push(SetError {
                        index,
                        message,
                        hint,
                    })
                };
                let key_text = s.key.trim();
                let Some((id, key)) = key_text.split_once('.') else {
                    error(
                        format!(
                            "setting `{key_text}`: expected ID.KEY (e.g. sm3-iia.burnout_speed_km_s)"
                        ),
                        None,
                    );
                    continue;
                };
                let id = id.trim().to_lowercase();
                let Some(k) = ids.iter().position(|x| *x == id) else {
                    let known: Vec<&str> = ids.iter().map(String::as_str).collect();
                    error(
                        format!("setting `{key_text}`: unknown catalog id `{id}`"),
                        Some(format!(
                            "did you mean `{}`? ids: {}",
                            nearest(&id, &known),
                            known.join(", ")
                        )),
                    );
                    continue;
                };
                let (kind, _, entry) = &mut entries[k];
                if is_reference(key) {
                    error(
                        format!(
                            "setting `{key_text}`: `{key}` is a published reference figure that the model is checked against, not an input to it"
                        ),
                        Some(format!(
                            "change the model's own figures instead (e.g. `{id}.payload_kg`, `{id}.stage.1.isp_vac_s`)"
                        )),
                    );
                    continue;
                }
                let mut keys = Vec::new();
                param_keys(entry, "", &mut keys);
                let Some(param) = param_mut(entry, key) else {
                    let known: Vec<&str> = keys.iter().map(String::as_str).collect();
                    error(
                        format!(
                            "setting `{key_text}`: `{key}` is not a ranged figure of {kind} {id}"
                        ),
                        Some(format!(
                            "did you mean `{id}.{}`? keys: {}",
                            nearest(key, &known),
                            known.join(", ")
                        )),
                    );
                    continue;
                };
                let (value, low, high) = (
                    float(param.get("value")),
                    float(param.get("low")),
                    float(param.get("high")),
                );
                let range = format!("sourced range {} … {}", fmt(low), fmt(high));
                if !s.value.is_finite() {
                    error(
                        format!("setting `{key_text}`: {} is not a finite number", s.value),
                        Some(range),
                    );
                    continue;
                }
                if s.value < 0.0 || (s.value == 0.0 && low > 0.0 && !zero_allowed(key)) {
                    error(
                        format!(
                            "setting `{key_text}` = {}: a {} value is not physical for this figure",
                            fmt(s.value),
                            if s.value < 0.0 { "negative" } else { "zero" }
                        ),
                        Some(range),
                    );
                    continue;
                }
                param.insert("value".into(), toml::Value::Float(s.value));
                applied.push(Applied {
                    key: format!("{id}.{key}"),
                    value: s.value,
                    catalog_value: value,
                    low,
                    high,
                    outside_range: s.value < low || s.value > high,
                });
                match touched.iter_mut().find(|t| t.0 == *kind && t.1 == id) {
                    Some(t) => t.2.push(index),
                    None => touched.push((kind, id.clone(), vec![index])),
                }
            }
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        let Tables {
            missiles,
            places,
            interceptors,
            sensors,
            architectures,
            assumptions,
        } = tables;
        let catalog = Catalog::from_tables(missiles, places).map_err(internal)?;
        let defence =
            DefenceCatalog::from_tables(interceptors, sensors, architectures).map_err(internal)?;
        let assumptions: AssumptionCatalog = assumptions
            .try_into()
            .map_err(|e| internal(format!("catalog/assumptions.toml: {e}")))?;
        // The changed models must still be physical, within the same bounds as a scenario's
        // own figures and an architecture file's own types.
        let first = |problems: Vec<(String, String)>| problems.into_iter().next().map(|p| p.1);
        for (kind, id, indices) in &touched {
            let problem = match *kind {
                "missile" => catalog
                    .missile(id)
                    .and_then(|m| catalog.vehicle(m).validate())
                    .err(),
                "interceptor" => defence
                    .interceptor(id)
                    .map(|i| first(i.problems()))
                    .unwrap_or_else(Some),
                "sensor" => defence
                    .sensor(id)
                    .map(|s| first(s.problems()))
                    .unwrap_or_else(Some),
                "assumptions" => first(assumptions.problems()),
                _ => None,
            };
            if let Some(p) = problem {
                let keys: Vec<String> = indices
                    .iter()
                    .map(|&i| format!("`{}`", settings[i].key.trim()))
                    .collect();
                let (settings_text, verb) = match keys.len() {
                    1 => (format!("setting {}", keys[0]), "makes"),
                    _ => (format!("settings {}", keys.join(", ")), "make"),
                };
                let model = match *kind {
                    "assumptions" => "the assumptions".to_string(),
                    _ => format!("{kind} {id}"),
                };
                errors.push(SetError {
                    index: indices[0],
                    message: format!("{settings_text} {verb} {model} unphysical: {p}"),
                    hint: None,
                });
            }
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        Ok(Catalogs {
            catalog,
            defence,
            assumptions,
            applied,
        })
    }

    /// Warnings for settings outside their sourced ranges.
    pub fn warnings(&self) -> Vec<String> {
        self.applied.iter().filter_map(Applied::warning).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn set(key: &str, value: f64) -> Setting {
        Setting {
            key: key.into(),
            value,
        }
    }

    #[test]
    fn bundled_ids_are_unique_across_kinds() {
        let mut t = Tables::bundled().expect("bundled");
        let mut ids: Vec<String> = t.entries_mut().into_iter().map(|e| e.1).collect();
        let n = ids.len();
        ids.sort();
        ids.dedup();
        assert_eq!(n, ids.len(), "an id names two catalog entries");
    }

    #[test]
    fn settings_reach_the_models() {
        let c = Catalogs::with(&[
            set("sm3-iia.burnout_speed_km_s", 5.0),
            set("ICBM-11000.payload_kg", 600.0),
            set("icbm-11000.stage.1.isp_vac_s", 280.0),
            set("space-ir.delay_s", 30.0),
            set("uewr.ref_range_km", 4800.0),
            set("assumptions.track_after_burnout_s", 45.0),
        ])
        .expect("valid settings");
        let d = &c.defence;
        assert_eq!(
            d.interceptor("sm3-iia")
                .expect("iia")
                .model()
                .burnout_speed_m_s,
            5000.0
        );
        let m = c.catalog.missile("icbm-11000").expect("icbm");
        assert_eq!(c.catalog.vehicle(m).payload_kg, 600.0);
        assert_eq!(m.stage[0].isp_vac_s.value, 280.0);
        assert_eq!(d.sensor("space-ir").expect("ir").delay_s.value, 30.0);
        assert_eq!(d.space_ir().expect("ir").delay_s, 30.0);
        assert_eq!(
            d.sensor("uewr")
                .expect("uewr")
                .ref_range_km
                .as_ref()
                .map(|p| p.value),
            Some(4800.0)
        );
        assert_eq!(c.assumptions.track_after_burnout_s.value, 45.0);
        // In range: no warning; the payload's 600 kg lies below the sourced 1,000 kg.
        let w = c.warnings();
        assert_eq!(w.len(), 1, "{w:?}");
        assert!(w[0].contains("icbm-11000.payload_kg = 600") && w[0].contains("1000 … 1200"));
        // Nothing set: the bundled values.
        let b = Catalogs::bundled().expect("bundled");
        assert_eq!(
            b.defence
                .interceptor("sm3-iia")
                .expect("iia")
                .burnout_speed_km_s
                .value,
            4.5
        );
        assert!(b.applied.is_empty());
    }

    #[test]
    fn bad_settings_name_the_key_and_the_accepted_ones() {
        let e = Catalogs::with(&[
            set("sm3-iia.burnout_speed_kms", 5.0),
            set("sm3-iix.burnout_speed_km_s", 5.0),
            set("sm3-iia.burnout_speed_km_s", -1.0),
            set("sm3-iia.name", 1.0),
            set("icbm-11000.stage.9.isp_vac_s", 1.0),
            set("noid", 1.0),
            set("sm3-iia.max_flyout_s", f64::NAN),
            set("icbm-11000.published_range_km", 12000.0),
        ])
        .expect_err("all bad");
        assert_eq!(e.len(), 8);
        assert!(e[7].message.contains("published reference figure"));
        assert!(
            e[0].message
                .contains("`burnout_speed_kms` is not a ranged figure of interceptor sm3-iia")
        );
        assert!(
            e[0].hint
                .as_deref()
                .unwrap_or("")
                .contains("did you mean `sm3-iia.burnout_speed_km_s`")
        );
        assert!(e[1].message.contains("unknown catalog id `sm3-iix`"));
        assert!(
            e[1].hint
                .as_deref()
                .unwrap_or("")
                .contains("did you mean `sm3-iia`")
        );
        assert!(
            e[2].message.contains("negative")
                && e[2].hint.as_deref() == Some("sourced range 4 … 5")
        );
        assert!(e[3].message.contains("`name` is not a ranged figure"));
        assert!(
            e[4].hint
                .as_deref()
                .unwrap_or("")
                .contains("stage.1.isp_vac_s")
        );
        assert!(e[5].message.contains("expected ID.KEY"));
        assert!(e[6].message.contains("not a finite number"));
        assert_eq!(
            e.iter().map(|x| x.index).collect::<Vec<_>>(),
            (0..8).collect::<Vec<_>>()
        );
    }

    #[test]
    fn zero_delays_are_allowed() {
        let c = Catalogs::with(&[
            set("assumptions.decision_delay_s", 0.0),
            set("assumptions.kill_assessment_s", 0.0),
            set("assumptions.track_after_burnout_s", 0.0),
            set("space-ir.delay_s", 0.0),
            set("sm3-iia.min_launch_el_deg", 0.0),
        ])
        .expect("zero delays are physical");
        assert_eq!(c.assumptions.decision_delay_s.value, 0.0);
    }

    #[test]
    fn unphysical_models_are_refused() {
        // Zero is refused where the sourced range excludes it.
        let e = Catalogs::with(&[set("sm3-iia.isp_s", 0.0)]).expect_err("zero Isp");
        assert!(e[0].message.contains("zero"), "{e:?}");
    }

    #[test]
    fn command_line_settings_parse() {
        assert_eq!(
            Setting::parse("sm3-iia.burnout_speed_km_s=5.0"),
            Ok(set("sm3-iia.burnout_speed_km_s", 5.0))
        );
        assert!(Setting::parse("sm3-iia.burnout_speed_km_s").is_err());
        assert!(
            Setting::parse("a.b=fast")
                .expect_err("nan")
                .contains("'fast' is not a number")
        );
    }
}
