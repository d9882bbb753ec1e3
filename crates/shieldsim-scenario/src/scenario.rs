//! Scenario files: TOML that names an architecture (a catalog id, optionally with overrides),
//! the threats, the assumptions and the analyses to run — validated against the bundled
//! catalog with every problem reported at once, each at its `file:line:col`, with the
//! offending value and a hint (the nearest valid id or the accepted range).
//!
//! The file is parsed into toml's spanned document tree and walked by hand rather than by
//! serde, because serde stops at the first error while users need every error of a file in
//! one pass.
//!
//! ```toml
//! [scenario]
//! title = "EPAA phase 3 against an Iranian IRBM"
//!
//! [architecture]
//! id = "epaa-phase-3"
//! [architecture.overrides]
//! burnout_speed_km_s = { sm3-iia = 5.0 }   # per interceptor id
//! inventory = { redzikowo = 48 }            # per site id
//! radar_range_km = { kurecik-tpy2 = 1000 }  # per radar id, against its reference RCS
//!
//! [[threat]]
//! id = "irbm"
//! missile = "irbm-4000"
//! from = "semnan"
//! to = ["bucharest", "warsaw"]             # one PLACE or several
//!
//! [assumptions]
//! decision_delay_s = 60
//!
//! [[analysis]]
//! kind = "engage"
//! threat = "irbm"
//! ```

use crate::catalog::{Catalog, nearest};
use crate::defence::{DefenceCatalog, ResolvedArchitecture};
use shieldsim_core::earth::Geodetic;
use shieldsim_core::sensor::SensorKind;
use std::ops::Range;
use toml::Spanned;
use toml::de::{DeTable, DeValue};

/// One problem in a scenario file.
#[derive(Debug, Clone, PartialEq)]
pub struct Diagnostic {
    /// Byte range in the file.
    pub span: Range<usize>,
    /// What is wrong.
    pub message: String,
    /// How to fix it, if there is a suggestion.
    pub hint: Option<String>,
}

/// A validated threat.
#[derive(Debug, Clone, PartialEq)]
pub struct Threat {
    /// Id, unique in the file.
    pub id: String,
    /// Catalog missile id.
    pub missile: String,
    /// Launch place (name, position).
    pub from: (String, Geodetic),
    /// Aim points (name, position).
    pub to: Vec<(String, Geodetic)>,
    /// Radar cross-section (m²).
    pub rcs_m2: f64,
}

/// Timing and doctrine.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ScenarioAssumptions {
    /// Fire-control track to launch (s).
    pub decision_delay_s: f64,
    /// Kill assessment between shoot-look-shoot shots (s).
    pub kill_assessment_s: f64,
    /// Single-shot kill probability.
    pub pk: f64,
    /// Interceptors per salvo.
    pub shots_per_salvo: u32,
    /// Threats per raid.
    pub raid_size: u32,
}

/// An analysis to run.
#[derive(Debug, Clone, PartialEq)]
pub enum Analysis {
    /// Engagement of every aim point of one threat by every site.
    Engage {
        /// Threat id.
        threat: String,
    },
    /// The defended footprint against a threat launched from its `from`: aim points on a grid.
    Footprint {
        /// Threat id (its launch area; its aim points are not used).
        threat: String,
        /// One site, or the whole architecture.
        site: Option<String>,
        /// The aim-point grid.
        grid: crate::analysis::GridSpec,
    },
}

/// A validated scenario.
#[derive(Debug, Clone)]
pub struct Scenario {
    /// Title.
    pub title: String,
    /// Description.
    pub description: String,
    /// The architecture with overrides applied.
    pub architecture: ResolvedArchitecture,
    /// Threats.
    pub threats: Vec<Threat>,
    /// Assumptions.
    pub assumptions: ScenarioAssumptions,
    /// Analyses, in file order.
    pub analyses: Vec<Analysis>,
}

/// A scenario file's problems, formatted `path:line:col: message (hint)`, in file order.
pub fn format_diagnostics(path: &str, text: &str, diagnostics: &[Diagnostic]) -> Vec<String> {
    let mut d: Vec<&Diagnostic> = diagnostics.iter().collect();
    d.sort_by_key(|d| (d.span.start, d.message.clone()));
    d.iter()
        .map(|d| {
            let (line, col) = line_col(text, d.span.start);
            match &d.hint {
                Some(h) => format!("{path}:{line}:{col}: {} ({h})", d.message),
                None => format!("{path}:{line}:{col}: {}", d.message),
            }
        })
        .collect()
}

/// 1-based line and column (in characters) of a byte offset.
fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(text.len());
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, col)
}

/// Collects problems while walking the document.
struct Checker<'a> {
    out: Vec<Diagnostic>,
    catalog: &'a Catalog,
}

type Table<'i> = DeTable<'i>;
type Value<'i> = Spanned<DeValue<'i>>;

fn type_name(v: &DeValue) -> &'static str {
    match v {
        DeValue::String(_) => "a string",
        DeValue::Integer(_) => "an integer",
        DeValue::Float(_) => "a float",
        DeValue::Boolean(_) => "a boolean",
        DeValue::Datetime(_) => "a date",
        DeValue::Array(_) => "an array",
        DeValue::Table(_) => "a table",
    }
}

fn number(v: &DeValue) -> Option<f64> {
    match v {
        DeValue::Integer(i) => i64::from_str_radix(&i.as_str().replace('_', ""), i.radix())
            .ok()
            .map(|x| x as f64),
        DeValue::Float(f) => f.as_str().replace('_', "").parse().ok(),
        _ => None,
    }
}

impl<'a> Checker<'a> {
    fn error(&mut self, span: Range<usize>, message: impl Into<String>, hint: Option<String>) {
        self.out.push(Diagnostic {
            span,
            message: message.into(),
            hint,
        });
    }

    /// Unknown keys of a table, with the nearest known key as hint.
    fn known_keys(&mut self, where_: &str, table: &Table, keys: &[&str]) {
        for (k, _) in table.iter() {
            if !keys.contains(&k.get_ref().as_ref()) {
                self.error(
                    k.span(),
                    format!("unknown key `{}` in {where_}", k.get_ref()),
                    Some(format!("did you mean `{}`?", nearest(k.get_ref(), keys))),
                );
            }
        }
    }

    fn get<'t, 'i>(&self, table: &'t Table<'i>, key: &str) -> Option<&'t Value<'i>> {
        table
            .iter()
            .find(|(k, _)| k.get_ref().as_ref() == key)
            .map(|(_, v)| v)
    }

    fn string(
        &mut self,
        where_: &str,
        table: &Table,
        key: &str,
        span: &Range<usize>,
        required: bool,
    ) -> Option<(String, Range<usize>)> {
        match self.get(table, key) {
            Some(v) => match v.get_ref() {
                DeValue::String(s) => Some((s.to_string(), v.span())),
                other => {
                    self.error(
                        v.span(),
                        format!(
                            "`{key}` in {where_} must be a string, not {}",
                            type_name(other)
                        ),
                        None,
                    );
                    None
                }
            },
            None => {
                if required {
                    self.error(span.clone(), format!("{where_} needs `{key}`"), None);
                }
                None
            }
        }
    }

    /// A number in [lo, hi] (or its default when absent).
    #[allow(clippy::too_many_arguments)]
    fn number_in(
        &mut self,
        where_: &str,
        table: &Table,
        key: &str,
        lo: f64,
        hi: f64,
        default: f64,
        range_text: &str,
    ) -> f64 {
        let Some(v) = self.get(table, key) else {
            return default;
        };
        match number(v.get_ref()) {
            Some(x) if x.is_finite() && (lo..=hi).contains(&x) => x,
            Some(x) => {
                self.error(
                    v.span(),
                    format!("`{key}` = {x} in {where_} is impossible"),
                    Some(format!("expected {range_text}")),
                );
                default
            }
            None => {
                self.error(
                    v.span(),
                    format!(
                        "`{key}` in {where_} must be a number, not {}",
                        type_name(v.get_ref())
                    ),
                    Some(format!("expected {range_text}")),
                );
                default
            }
        }
    }

    fn place(&mut self, value: &Value) -> Option<(String, Geodetic)> {
        match value.get_ref() {
            DeValue::String(s) => match self.catalog.resolve_place(s) {
                Ok(p) => Some((p.name, Geodetic::from_deg_km(p.lat_deg, p.lon_deg, 0.0))),
                Err(e) => {
                    self.error(value.span(), e, None);
                    None
                }
            },
            other => {
                self.error(
                    value.span(),
                    format!(
                        "a PLACE must be a string (a catalog name or \"LAT,LON\"), not {}",
                        type_name(other)
                    ),
                    None,
                );
                None
            }
        }
    }
}

/// Parse and validate a scenario file's text against the bundled catalog. On failure, every
/// problem found.
pub fn parse(text: &str) -> Result<Scenario, Vec<Diagnostic>> {
    let catalog = Catalog::bundled().map_err(|e| {
        vec![Diagnostic {
            span: 0..0,
            message: e,
            hint: None,
        }]
    })?;
    let defence = DefenceCatalog::bundled().map_err(|e| {
        vec![Diagnostic {
            span: 0..0,
            message: e,
            hint: None,
        }]
    })?;
    let doc = DeTable::parse(text).map_err(|e| {
        vec![Diagnostic {
            span: e.span().unwrap_or(0..0),
            message: format!("not valid TOML: {}", e.message()),
            hint: None,
        }]
    })?;
    let mut c = Checker {
        out: Vec::new(),
        catalog,
    };
    let root = doc.get_ref();
    let whole = 0..0;
    c.known_keys(
        "the file",
        root,
        &[
            "scenario",
            "architecture",
            "threat",
            "assumptions",
            "analysis",
        ],
    );

    // [scenario]
    let (mut title, mut description) = (String::new(), String::new());
    match c.get(root, "scenario").map(|v| (v.span(), v.get_ref())) {
        Some((span, DeValue::Table(t))) => {
            c.known_keys("[scenario]", t, &["title", "description"]);
            title = c
                .string("[scenario]", t, "title", &span, true)
                .map(|x| x.0)
                .unwrap_or_default();
            description = c
                .string("[scenario]", t, "description", &span, false)
                .map(|x| x.0)
                .unwrap_or_default();
        }
        Some((span, other)) => c.error(
            span,
            format!("`scenario` must be a table, not {}", type_name(other)),
            None,
        ),
        None => c.error(
            whole.clone(),
            "the file needs a [scenario] table with a `title`",
            None,
        ),
    }

    // [architecture]
    let mut architecture: Option<ResolvedArchitecture> = None;
    match c.get(root, "architecture").map(|v| (v.span(), v.get_ref())) {
        Some((span, DeValue::Table(t))) => {
            c.known_keys("[architecture]", t, &["id", "overrides"]);
            if let Some((id, id_span)) = c.string("[architecture]", t, "id", &span, true) {
                match defence.architecture(catalog, &id) {
                    Ok(a) => architecture = Some(a),
                    Err(_) => {
                        let ids: Vec<&str> = defence
                            .architectures
                            .iter()
                            .map(|a| a.id.as_str())
                            .collect();
                        c.error(
                            id_span,
                            format!("unknown architecture \"{id}\""),
                            Some(format!(
                                "did you mean \"{}\"? known: {}",
                                nearest(&id.to_lowercase(), &ids),
                                ids.join(", ")
                            )),
                        );
                    }
                }
            }
            if let Some(o) = c.get(t, "overrides") {
                match o.get_ref() {
                    DeValue::Table(ot) => overrides(&mut c, ot, architecture.as_mut()),
                    other => c.error(
                        o.span(),
                        format!("`overrides` must be a table, not {}", type_name(other)),
                        None,
                    ),
                }
            }
        }
        Some((span, other)) => c.error(
            span,
            format!("`architecture` must be a table, not {}", type_name(other)),
            None,
        ),
        None => c.error(
            whole.clone(),
            "the file needs an [architecture] table with an `id`",
            None,
        ),
    }

    // [[threat]]
    let mut threats: Vec<Threat> = Vec::new();
    let mut threat_ids: Vec<(String, Range<usize>)> = Vec::new();
    match c.get(root, "threat").map(|v| (v.span(), v.get_ref())) {
        Some((_, DeValue::Array(list))) => {
            for item in list.iter() {
                let DeValue::Table(t) = item.get_ref() else {
                    c.error(item.span(), "each [[threat]] must be a table", None);
                    continue;
                };
                let span = item.span();
                c.known_keys("[[threat]]", t, &["id", "missile", "from", "to", "rcs_m2"]);
                let id = c.string("[[threat]]", t, "id", &span, true);
                if let Some((id, s)) = &id {
                    if threat_ids.iter().any(|(x, _)| x == id) {
                        c.error(s.clone(), format!("threat id \"{id}\" is used twice"), None);
                    }
                    threat_ids.push((id.clone(), s.clone()));
                }
                let missile =
                    c.string("[[threat]]", t, "missile", &span, true)
                        .and_then(|(m, s)| {
                            match catalog.missile(&m) {
                                Ok(e) => Some(e.id.clone()),
                                Err(_) => {
                                    let ids: Vec<&str> =
                                        catalog.missiles.iter().map(|m| m.id.as_str()).collect();
                                    // A real system's name points to the class that stands for it.
                                    let squash = |x: &str| {
                                        x.to_lowercase()
                                            .chars()
                                            .filter(|c| c.is_alphanumeric())
                                            .collect::<String>()
                                    };
                                    let class = catalog.missiles.iter().find(|e| {
                                        e.represents.iter().any(|r| squash(r).contains(&squash(&m)))
                                    });
                                    let hint = match class {
                                        Some(e) => format!(
                                            "the catalog models \"{m}\" by the class \"{}\"",
                                            e.id
                                        ),
                                        None => format!(
                                            "did you mean \"{}\"? known: {}",
                                            nearest(&m.to_lowercase(), &ids),
                                            ids.join(", ")
                                        ),
                                    };
                                    c.error(s, format!("unknown missile \"{m}\""), Some(hint));
                                    None
                                }
                            }
                        });
                let from = match c.get(t, "from") {
                    Some(v) => c.place(v),
                    None => {
                        c.error(
                            span.clone(),
                            "[[threat]] needs `from` (the launch PLACE)",
                            None,
                        );
                        None
                    }
                };
                let mut to = Vec::new();
                let mut to_ok = true;
                match c.get(t, "to") {
                    Some(v) => match v.get_ref() {
                        DeValue::Array(a) if a.is_empty() => {
                            c.error(v.span(), "`to` lists no aim point", None);
                            to_ok = false;
                        }
                        DeValue::Array(a) => {
                            for p in a.iter() {
                                match c.place(p) {
                                    Some(x) => to.push(x),
                                    None => to_ok = false,
                                }
                            }
                        }
                        _ => match c.place(v) {
                            Some(x) => to.push(x),
                            None => to_ok = false,
                        },
                    },
                    None => {
                        c.error(
                            span.clone(),
                            "[[threat]] needs `to` (one aim PLACE or a list)",
                            None,
                        );
                        to_ok = false;
                    }
                }
                let rcs_m2 = c.number_in(
                    "[[threat]]",
                    t,
                    "rcs_m2",
                    1e-6,
                    1e3,
                    0.1,
                    "a radar cross-section in m², 1e-6 … 1000",
                );
                if let (Some((id, _)), Some(missile), Some(from), true) = (id, missile, from, to_ok)
                {
                    threats.push(Threat {
                        id,
                        missile,
                        from,
                        to,
                        rcs_m2,
                    });
                }
            }
        }
        Some((span, other)) => c.error(
            span,
            format!(
                "`threat` must be an array of tables ([[threat]]), not {}",
                type_name(other)
            ),
            None,
        ),
        None => c.error(
            whole.clone(),
            "the file needs at least one [[threat]]",
            None,
        ),
    }

    // [assumptions]
    let mut assumptions = ScenarioAssumptions {
        decision_delay_s: 60.0,
        kill_assessment_s: 60.0,
        pk: 0.7,
        shots_per_salvo: 2,
        raid_size: 1,
    };
    if let Some(v) = c.get(root, "assumptions") {
        match v.get_ref() {
            DeValue::Table(t) => {
                let w = "[assumptions]";
                c.known_keys(
                    w,
                    t,
                    &[
                        "decision_delay_s",
                        "kill_assessment_s",
                        "pk",
                        "shots_per_salvo",
                        "raid_size",
                    ],
                );
                assumptions.decision_delay_s =
                    c.number_in(w, t, "decision_delay_s", 0.0, 3600.0, 60.0, "0 … 3600 s");
                assumptions.kill_assessment_s =
                    c.number_in(w, t, "kill_assessment_s", 0.0, 3600.0, 60.0, "0 … 3600 s");
                assumptions.pk = c.number_in(w, t, "pk", 0.0, 1.0, 0.7, "a probability, 0 … 1");
                assumptions.shots_per_salvo = c
                    .number_in(w, t, "shots_per_salvo", 1.0, 8.0, 2.0, "1 … 8 interceptors")
                    .round() as u32;
                assumptions.raid_size = c
                    .number_in(w, t, "raid_size", 1.0, 1000.0, 1.0, "1 … 1000 threats")
                    .round() as u32;
            }
            other => c.error(
                v.span(),
                format!("`assumptions` must be a table, not {}", type_name(other)),
                None,
            ),
        }
    }

    // [[analysis]]
    let mut analyses = Vec::new();
    match c.get(root, "analysis").map(|v| (v.span(), v.get_ref())) {
        Some((_, DeValue::Array(list))) => {
            for item in list.iter() {
                let DeValue::Table(t) = item.get_ref() else {
                    c.error(item.span(), "each [[analysis]] must be a table", None);
                    continue;
                };
                let span = item.span();
                c.known_keys(
                    "[[analysis]]",
                    t,
                    &["kind", "threat", "site", "spacing_km", "region"],
                );
                let kind = c.string("[[analysis]]", t, "kind", &span, true);
                match kind.as_ref().map(|(k, s)| (k.as_str(), s.clone())) {
                    Some((kind @ ("engage" | "footprint"), _)) => {
                        let threat = match c.string("[[analysis]]", t, "threat", &span, true) {
                            Some((id, _)) if threat_ids.iter().any(|(x, _)| *x == id) => Some(id),
                            Some((id, s)) => {
                                let ids: Vec<&str> =
                                    threat_ids.iter().map(|(x, _)| x.as_str()).collect();
                                let hint = if ids.is_empty() {
                                    "no [[threat]] is defined".to_string()
                                } else {
                                    format!("did you mean \"{}\"?", nearest(&id, &ids))
                                };
                                c.error(
                                    s,
                                    format!("analysis names unknown threat \"{id}\""),
                                    Some(hint),
                                );
                                None
                            }
                            None => None,
                        };
                        if kind == "engage" {
                            for key in ["site", "spacing_km", "region"] {
                                if let Some(v) = c.get(t, key) {
                                    c.error(
                                        v.span(),
                                        format!(
                                            "`{key}` applies to footprint analyses, not engage"
                                        ),
                                        None,
                                    );
                                }
                            }
                            if let Some(threat) = threat {
                                analyses.push(Analysis::Engage { threat });
                            }
                            continue;
                        }
                        let site = c.string("[[analysis]]", t, "site", &span, false);
                        if let (Some((id, s)), Some(a)) = (&site, &architecture)
                            && !a.sites.iter().any(|x| &x.id == id)
                        {
                            let ids: Vec<&str> = a.sites.iter().map(|x| x.id.as_str()).collect();
                            c.error(
                                s.clone(),
                                format!("architecture {} has no site \"{id}\"", a.entry.id),
                                Some(format!(
                                    "did you mean \"{}\"? known: {}",
                                    nearest(id, &ids),
                                    ids.join(", ")
                                )),
                            );
                        }
                        let spacing_km = c.number_in(
                            "[[analysis]]",
                            t,
                            "spacing_km",
                            10.0,
                            500.0,
                            100.0,
                            "10 … 500 km",
                        );
                        // Default region: Europe from the Azores meridian to the Urals' foot.
                        let mut region = [34.0, 72.0, -12.0, 45.0];
                        if let Some(v) = c.get(t, "region") {
                            let parsed: Option<Vec<f64>> = match v.get_ref() {
                                DeValue::Array(a) if a.len() == 4 => {
                                    a.iter().map(|x| number(x.get_ref())).collect()
                                }
                                _ => None,
                            };
                            match parsed {
                                Some(r)
                                    if (-90.0..=90.0).contains(&r[0])
                                        && (-90.0..=90.0).contains(&r[1])
                                        && r[0] < r[1]
                                        && (-180.0..=180.0).contains(&r[2])
                                        && (-180.0..=180.0).contains(&r[3])
                                        && r[2] < r[3] =>
                                {
                                    region = [r[0], r[1], r[2], r[3]];
                                }
                                _ => c.error(
                                    v.span(),
                                    "`region` must be [lat_min, lat_max, lon_min, lon_max] in degrees, south < north and west < east",
                                    None,
                                ),
                            }
                        }
                        if let Some(threat) = threat {
                            analyses.push(Analysis::Footprint {
                                threat,
                                site: site.map(|x| x.0),
                                grid: crate::analysis::GridSpec {
                                    lat_min_deg: region[0],
                                    lat_max_deg: region[1],
                                    lon_min_deg: region[2],
                                    lon_max_deg: region[3],
                                    spacing_km,
                                },
                            });
                        }
                    }
                    Some((k @ ("coverage" | "deterrent"), s)) => c.error(
                        s,
                        format!("analysis kind \"{k}\" is not available yet"),
                        Some("available: engage, footprint".into()),
                    ),
                    Some((k, s)) => c.error(
                        s,
                        format!("unknown analysis kind \"{k}\""),
                        Some(format!(
                            "did you mean \"{}\"?",
                            nearest(k, &["engage", "footprint", "coverage", "deterrent"])
                        )),
                    ),
                    None => {}
                }
            }
        }
        Some((span, other)) => c.error(
            span,
            format!(
                "`analysis` must be an array of tables ([[analysis]]), not {}",
                type_name(other)
            ),
            None,
        ),
        None => c.error(whole, "the file needs at least one [[analysis]]", None),
    }

    match (c.out.is_empty(), architecture) {
        (true, Some(architecture)) => Ok(Scenario {
            title,
            description,
            architecture,
            threats,
            assumptions,
            analyses,
        }),
        _ => Err(c.out),
    }
}

/// `[architecture.overrides]`: per-id numbers applied to the resolved architecture.
fn overrides(c: &mut Checker, t: &Table, mut arch: Option<&mut ResolvedArchitecture>) {
    c.known_keys(
        "[architecture.overrides]",
        t,
        &["burnout_speed_km_s", "inventory", "radar_range_km"],
    );
    for (key, value) in t.iter() {
        let key = key.get_ref().as_ref();
        let DeValue::Table(entries) = value.get_ref() else {
            if ["burnout_speed_km_s", "inventory", "radar_range_km"].contains(&key) {
                c.error(
                    value.span(),
                    format!("`{key}` must be a table of id = number"),
                    None,
                );
            }
            continue;
        };
        for (id_s, v) in entries.iter() {
            let id = id_s.get_ref().to_string();
            let (lo, hi, range_text) = match key {
                "burnout_speed_km_s" => (0.3, 11.0, "0.3 … 11 km/s"),
                "inventory" => (0.0, 10_000.0, "0 … 10000 interceptors"),
                "radar_range_km" => (1.0, 50_000.0, "1 … 50000 km"),
                _ => continue,
            };
            let x = match number(v.get_ref()) {
                Some(x) if x.is_finite() && (lo..=hi).contains(&x) => x,
                Some(x) => {
                    c.error(
                        v.span(),
                        format!("`{key}.{id}` = {x} is impossible"),
                        Some(format!("expected {range_text}")),
                    );
                    continue;
                }
                None => {
                    c.error(
                        v.span(),
                        format!(
                            "`{key}.{id}` must be a number, not {}",
                            type_name(v.get_ref())
                        ),
                        Some(format!("expected {range_text}")),
                    );
                    continue;
                }
            };
            let Some(a) = arch.as_deref_mut() else {
                continue;
            };
            let found = match key {
                "burnout_speed_km_s" => a
                    .interceptors
                    .iter_mut()
                    .find(|(i, _)| *i == id)
                    .map(|(_, m)| m.burnout_speed_m_s = x * 1e3),
                "inventory" => a
                    .sites
                    .iter_mut()
                    .find(|s| s.id == id)
                    .map(|s| s.inventory = x.round() as u32),
                _ => a
                    .sensors
                    .iter_mut()
                    .find(|s| s.id == id)
                    .and_then(|s| match &mut s.kind {
                        SensorKind::Radar(r) => {
                            r.ref_range_m = x * 1e3;
                            Some(())
                        }
                        SensorKind::SpaceIr(_) => None,
                    }),
            };
            if found.is_none() {
                let ids: Vec<String> = match key {
                    "burnout_speed_km_s" => a.interceptors.iter().map(|(i, _)| i.clone()).collect(),
                    "inventory" => a.sites.iter().map(|s| s.id.clone()).collect(),
                    _ => a
                        .sensors
                        .iter()
                        .filter(|s| matches!(s.kind, SensorKind::Radar(_)))
                        .map(|s| s.id.clone())
                        .collect(),
                };
                let refs: Vec<&str> = ids.iter().map(String::as_str).collect();
                let what = match key {
                    "burnout_speed_km_s" => "interceptor",
                    "inventory" => "site",
                    _ => "radar",
                };
                c.error(
                    id_s.span(),
                    format!("architecture {} has no {what} \"{id}\"", a.entry.id),
                    Some(format!(
                        "did you mean \"{}\"? known: {}",
                        nearest(&id, &refs),
                        ids.join(", ")
                    )),
                );
            }
        }
    }
}
