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
//! [overrides]                   # any ranged catalog figure, by its catalog key
//! "sm3-iia.burnout_speed_km_s" = 5.0
//! "icbm-11000.payload_kg" = 1100
//!
//! [assumptions]
//! decision_delay_s = 60
//! track_after_burnout_s = 30
//! sensing = "own"                # own | cued | kinematic-bound
//! cued_radars = ["fylingdales", "pituffik"]
//!
//! [[analysis]]
//! kind = "engage"                # every aim point of the threat
//! threat = "irbm"
//!
//! [[analysis]]
//! kind = "coverage"              # the share of NATO Europe defended (also "footprint")
//! threat = "irbm"
//! spacing_km = 50
//!
//! [[analysis]]
//! kind = "deterrent"             # ICBM bases → North America, and the speed-needed sweep
//! bases = ["kozelsk", "teykovo"]
//! sensing = ["own", "cued", "kinematic-bound"]   # the default: all three
//! targets = ["washington", "chicago"]
//! ```
//!
//! Instead of `id`, `[architecture] file = "path.toml"` names an architecture file (see
//! [`crate::architecture_file`]), relative to the scenario's folder.

use crate::catalog::{Catalog, nearest};
use crate::catalogs::{AssumptionCatalog, Catalogs, DELAY_S, RCS_M2, Setting};
use crate::defence::{DefenceCatalog, RADAR_RANGE_KM, ResolvedArchitecture};
use shieldsim_core::earth::Geodetic;
use shieldsim_core::engagement::Sensing;
use shieldsim_core::format_number;
use shieldsim_core::interceptor::BURNOUT_SPEED_KM_S as BURNOUT;
use shieldsim_core::sensor::SensorKind;
use std::ops::Range;
use toml::Spanned;
use toml::de::{DeTable, DeValue};

/// One problem in a scenario file (or in a file it names).
#[derive(Debug, Clone, PartialEq)]
pub struct Diagnostic {
    /// Byte range in the file.
    pub span: Range<usize>,
    /// What is wrong.
    pub message: String,
    /// How to fix it, if there is a suggestion.
    pub hint: Option<String>,
    /// The file the span points into, when it is not the scenario file itself (an
    /// architecture file).
    pub origin: Option<std::sync::Arc<Origin>>,
}

/// A file other than the scenario that a diagnostic points into.
#[derive(Debug, Clone, PartialEq)]
pub struct Origin {
    /// Its path as the user gave it (joined to the scenario's folder).
    pub path: String,
    /// Its text.
    pub text: std::sync::Arc<str>,
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

/// Timing, sensing and doctrine.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct ScenarioAssumptions {
    /// Fire-control solution to launch (s).
    pub decision_delay_s: f64,
    /// Threat burnout to the first fire-control (ballistic) solution (s).
    pub track_after_burnout_s: f64,
    /// Kill assessment between shoot-look-shoot shots (s).
    pub kill_assessment_s: f64,
    /// Where fire-control tracks come from (engage, footprint and coverage analyses; the
    /// deterrent question names its own list).
    pub sensing: Sensing,
    /// The early-warning radars outside the architecture that `cued` sensing links.
    pub cued_radars: Vec<String>,
    /// Single-shot kill probability.
    pub pk: f64,
    /// Interceptors per salvo.
    pub shots_per_salvo: u32,
    /// Threats per raid.
    pub raid_size: u32,
}

impl ScenarioAssumptions {
    /// What a scenario file assumes when it does not say, and what the bundled demo assumes:
    /// the catalog's assumptions (`catalog/assumptions.toml`, with any settings applied),
    /// `own` sensing, the early-warning radars linked by default for `cued` (the US/UK ones,
    /// `cued_by_default`), Pk 0.7, two shots per salvo, one threat.
    pub fn defaults(a: &AssumptionCatalog, defence: &DefenceCatalog) -> ScenarioAssumptions {
        ScenarioAssumptions {
            decision_delay_s: a.decision_delay_s.value,
            track_after_burnout_s: a.track_after_burnout_s.value,
            kill_assessment_s: a.kill_assessment_s.value,
            sensing: Sensing::Own,
            cued_radars: defence.cued_by_default(),
            pk: 0.7,
            shots_per_salvo: 2,
            raid_size: 1,
        }
    }

    /// The engagement model's assumptions against a threat of `rcs_m2` under `sensing`.
    pub fn engagement(
        &self,
        rcs_m2: f64,
        sensing: Sensing,
    ) -> shieldsim_core::engagement::Assumptions {
        shieldsim_core::engagement::Assumptions {
            decision_delay_s: self.decision_delay_s,
            kill_assessment_s: self.kill_assessment_s,
            rcs_m2,
            track_after_burnout_s: self.track_after_burnout_s,
            sensing,
        }
    }

    /// The architecture as `sensing` sees it: under `cued`, with [`Self::cued_radars`] linked to
    /// every site; otherwise as it is.
    pub fn sensed(
        &self,
        catalogs: &Catalogs,
        arch: &ResolvedArchitecture,
        sensing: Sensing,
    ) -> Result<ResolvedArchitecture, String> {
        match sensing {
            Sensing::Cued => catalogs
                .defence
                .cued(&catalogs.catalog, arch, &self.cued_radars),
            _ => Ok(arch.clone()),
        }
    }
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
    /// The share of NATO Europe's territory and population defended against a threat
    /// launched from its `from` (the footprint over [`crate::geo::BOUNDS`]).
    Coverage {
        /// Threat id (its launch area; its aim points are not used).
        threat: String,
        /// One site, or the whole architecture.
        site: Option<String>,
        /// Grid spacing (km).
        spacing_km: f64,
    },
    /// The deterrent question.
    Deterrent(Deterrent),
}

impl Analysis {
    /// What the analysis writes in a report: the stem of its own files
    /// (`footprint-<threat>[-<site>]`, `coverage-<threat>[-<site>]`, `deterrent`: `.csv`,
    /// `.geojson`, `.kml`, `.czml`), or for an engage analysis, which adds rows to the shared
    /// `engage-<architecture>` files, `engage-<threat>`. Two analyses of a scenario never
    /// share one (`parse` refuses the second).
    pub fn output(&self) -> String {
        let with_site = |kind: &str, threat: &str, site: &Option<String>| match site {
            Some(s) => format!("{kind}-{threat}-{s}"),
            None => format!("{kind}-{threat}"),
        };
        match self {
            Analysis::Engage { threat } => format!("engage-{threat}"),
            Analysis::Footprint { threat, site, .. } => with_site("footprint", threat, site),
            Analysis::Coverage { threat, site, .. } => with_site("coverage", threat, site),
            Analysis::Deterrent(_) => "deterrent".into(),
        }
    }
}

/// The deterrent question: ICBM flights from bases to targets, every site's answer, and
/// optionally the "speed needed to threaten" sweep.
#[derive(Debug, Clone, PartialEq)]
pub struct Deterrent {
    /// Catalog missile id.
    pub missile: String,
    /// Launch bases (name, position).
    pub bases: Vec<(String, Geodetic)>,
    /// Targets (name, position).
    pub targets: Vec<(String, Geodetic)>,
    /// The sensing assumptions to answer under, side by side.
    pub sensing: Vec<Sensing>,
    /// The sensitivity sweep, if wanted.
    pub sweep: Option<SweepSpec>,
}

/// What the "speed needed to threaten" sweep tries.
#[derive(Debug, Clone, PartialEq)]
pub struct SweepSpec {
    /// Burnout speeds (km/s), ascending.
    pub speeds_km_s: Vec<f64>,
    /// Interceptor launch delays after the threat's burnout (s), ascending.
    pub latencies_s: Vec<f64>,
}

/// The deterrent question's default missile: the catalog's ICBM class.
pub const DETERRENT_MISSILE: &str = "icbm-11000";
/// Default launch bases: the catalog's Russian ICBM bases west of the Urals (DATA.md §4.2), the
/// ones whose flights to North America pass nearest to Europe.
pub const DETERRENT_BASES: [&str; 5] = [
    "kozelsk",
    "tatishchevo",
    "teykovo",
    "yoshkar-ola",
    "vypolzovo",
];
/// Default targets: a spread of North-American cities from the east coast to the west.
/// All lie within the catalog ICBM's reach from every default base (its range on these
/// north-western azimuths is 10,100–10,850 km: `val_catalog_icbm_range_on_north_west_azimuths`).
pub const DETERRENT_TARGETS: [&str; 7] = [
    "washington",
    "new-york",
    "boston",
    "ottawa",
    "chicago",
    "denver",
    "seattle",
];
/// Default sweep: burnout speeds (lowest, highest, step; km/s).
pub const SWEEP_SPEEDS_KM_S: (f64, f64, f64) = (3.0, 7.0, 0.25);
/// Default sweep: interceptor launch delays after the threat's burnout (s).
pub const SWEEP_LATENCIES_S: [f64; 5] = [0.0, 30.0, 60.0, 90.0, 120.0];

impl SweepSpec {
    /// Speeds from `lo` to `hi` (inclusive, within rounding) in `step`s, and the latencies.
    pub fn new(lo_km_s: f64, hi_km_s: f64, step_km_s: f64, latencies_s: Vec<f64>) -> SweepSpec {
        let n = ((hi_km_s - lo_km_s) / step_km_s + 1e-9).floor() as usize;
        SweepSpec {
            speeds_km_s: (0..=n).map(|i| lo_km_s + step_km_s * i as f64).collect(),
            latencies_s,
        }
    }
}

impl Default for SweepSpec {
    fn default() -> SweepSpec {
        let (lo, hi, step) = SWEEP_SPEEDS_KM_S;
        SweepSpec::new(lo, hi, step, SWEEP_LATENCIES_S.to_vec())
    }
}

impl Deterrent {
    /// The default question: [`DETERRENT_MISSILE`] from [`DETERRENT_BASES`] to
    /// [`DETERRENT_TARGETS`], with the default sweep.
    pub fn defaults(catalog: &Catalog) -> Result<Deterrent, String> {
        let place = |name: &str| catalog.resolve_place(name).map(|p| p.named());
        Ok(Deterrent {
            missile: DETERRENT_MISSILE.into(),
            bases: DETERRENT_BASES
                .iter()
                .map(|b| place(b))
                .collect::<Result<_, _>>()?,
            targets: DETERRENT_TARGETS
                .iter()
                .map(|t| place(t))
                .collect::<Result<_, _>>()?,
            sensing: Sensing::ALL.to_vec(),
            sweep: Some(SweepSpec::default()),
        })
    }
}

/// A validated scenario.
#[derive(Debug, Clone)]
pub struct Scenario {
    /// Title.
    pub title: String,
    /// Description.
    pub description: String,
    /// The catalog with the file's `[overrides]` applied.
    pub catalogs: Catalogs,
    /// The architecture with overrides applied.
    pub architecture: ResolvedArchitecture,
    /// Threats.
    pub threats: Vec<Threat>,
    /// Assumptions.
    pub assumptions: ScenarioAssumptions,
    /// Analyses, in file order.
    pub analyses: Vec<Analysis>,
    /// `[uncertainty]`: every headline answer over the catalog's ranges, if asked.
    pub uncertainty: Option<UncertaintySpec>,
}

/// `[uncertainty]`: sample the ranged figures that bear on each answer (issue 12).
#[derive(Debug, Clone, PartialEq)]
pub struct UncertaintySpec {
    /// Parameter sets per engagement and deterrent cell.
    pub samples: u32,
    /// Parameter sets per footprint (coverage intervals; each is a footprint evaluation).
    pub coverage_samples: u32,
    /// Grid spacing of the coverage intervals (km), if coarser than the analysis's own.
    pub coverage_spacing_km: Option<f64>,
    /// Seed of the scrambled Sobol design.
    pub seed: u32,
    /// `triangular` (mode at the value in use) or `uniform`.
    pub distribution: String,
    /// Only these `ID.KEY` figures vary; empty: all that bear on the answer.
    pub vary: Vec<String>,
    /// These `ID.KEY` figures are held at a value.
    pub fix: Vec<(String, f64)>,
    /// These `ID.KEY` figures vary over a narrower range `[low, high]`.
    pub narrow: Vec<(String, f64, f64)>,
}

impl UncertaintySpec {
    /// The grid spacing of a coverage analysis's intervals (km): `coverage_spacing_km` when
    /// set, never finer than the analysis's own `spacing_km`.
    pub fn interval_spacing_km(&self, spacing_km: f64) -> f64 {
        self.coverage_spacing_km
            .unwrap_or(spacing_km)
            .max(spacing_km)
    }
}

/// The keys an interceptor type's ranged figures take in `[uncertainty]`.
pub const UNCERTAIN_INTERCEPTOR_KEYS: [&str; 4] = [
    "burnout_speed_km_s",
    "max_intercept_alt_km",
    "min_intercept_alt_km",
    "max_flyout_s",
];
/// The keys a sensor type's ranged figures take in `[uncertainty]`.
pub const UNCERTAIN_SENSOR_KEYS: [&str; 2] = ["delay_s", "ref_range_km"];
/// The keys of the assumptions that vary in `[uncertainty]`.
pub const UNCERTAIN_ASSUMPTION_KEYS: [&str; 3] =
    ["decision_delay_s", "track_after_burnout_s", "rcs_m2"];
/// Most parameter sets per answer.
pub const MAX_UNCERTAINTY_SAMPLES: u32 = 100_000;

/// A scenario file's problems, formatted `path:line:col: message (hint)`, in file order.
/// Problems in a named architecture file follow the scenario's own, in their file's order.
/// Linear in the size of the files and the number of problems: each file's line starts are
/// indexed once (issue 17: 100,000 problems took 36 s when each rescanned the text).
pub fn format_diagnostics(path: &str, text: &str, diagnostics: &[Diagnostic]) -> Vec<String> {
    let mut d: Vec<&Diagnostic> = diagnostics.iter().collect();
    fn origin(d: &Diagnostic) -> Option<&str> {
        d.origin.as_ref().map(|o| o.path.as_str())
    }
    d.sort_by(|a, b| {
        (origin(a), a.span.start, &a.message).cmp(&(origin(b), b.span.start, &b.message))
    });
    let mut out = Vec::with_capacity(d.len());
    // Diagnostics come grouped by file: one locator per file, built when its group starts.
    let mut locator = Locator::new(text);
    let mut located = None;
    for d in d {
        let (path, text) = match &d.origin {
            Some(o) => (o.path.as_str(), &*o.text),
            None => (path, text),
        };
        if located != Some(origin(d)) {
            locator = Locator::new(text);
            located = Some(origin(d));
        }
        let (line, col) = locator.line_col(text, d.span.start);
        out.push(printable(match &d.hint {
            Some(h) => format!("{path}:{line}:{col}: {} ({h})", d.message),
            None => format!("{path}:{line}:{col}: {}", d.message),
        }));
    }
    out
}

/// A line with its control characters escaped (`\u{1b}`, `\n`): what a file quotes back
/// (an unknown key, an id) can neither break the one-line-per-problem format nor send
/// escape sequences to the terminal.
fn printable(line: String) -> String {
    if !line.chars().any(char::is_control) {
        return line;
    }
    line.chars()
        .map(|c| {
            if c.is_control() {
                c.escape_default().to_string()
            } else {
                c.to_string()
            }
        })
        .collect()
}

/// 1-based line and column (in characters) of byte offsets into one text: line starts found
/// once and binary-searched; the column counted from the last offset asked on the same line
/// when offsets come in ascending order (so a single line of 100,000 problems is linear too).
struct Locator {
    /// Byte offset of every line's start.
    line_starts: Vec<usize>,
    /// The last answer: (byte offset, line index, column).
    last: Option<(usize, usize, usize)>,
}

impl Locator {
    fn new(text: &str) -> Locator {
        let line_starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        Locator {
            line_starts,
            last: None,
        }
    }

    fn line_col(&mut self, text: &str, offset: usize) -> (usize, usize) {
        let mut offset = offset.min(text.len());
        while !text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self.line_starts.partition_point(|&s| s <= offset) - 1;
        let (from, col_from) = match self.last {
            Some((o, l, c)) if l == line && o <= offset => (o, c),
            _ => (self.line_starts[line], 1),
        };
        let col = col_from + text[from..offset].chars().count();
        self.last = Some((offset, line, col));
        (line + 1, col)
    }
}

/// `did you mean "…"? known: …` for an unknown id: the known id nearest to `key`, then all.
pub(crate) fn known_hint(key: &str, ids: &[&str]) -> String {
    if ids.len() > MAX_HINT_CANDIDATES {
        return format!("{} are known; none is \"{key}\"", ids.len());
    }
    const LISTED: usize = 50;
    let more = match ids.len().saturating_sub(LISTED) {
        0 => String::new(),
        n => format!(" and {n} more"),
    };
    format!(
        "did you mean \"{}\"? known: {}{more}",
        nearest(key, ids),
        ids[..ids.len().min(LISTED)].join(", ")
    )
}

/// The most candidates a "did you mean" hint compares against: beyond it the hint would cost
/// more than the check (a file of many thousand ids, each referred to wrongly, is quadratic).
const MAX_HINT_CANDIDATES: usize = 1_000;

/// The longest id that becomes part of an output file name (characters).
pub const MAX_FILE_NAME_ID_CHARS: usize = 64;

/// Whether `id` can become part of an output file name (`footprint-<threat>-<site>.csv`,
/// `engage-<architecture>.csv`) on every common file system: 1 to
/// [`MAX_FILE_NAME_ID_CHARS`] ASCII letters, digits, `-`, `_` and `.`, not starting with `.`.
/// Otherwise the message (`what` names the id: "threat id") and a hint with the allowed
/// characters and a corrected id.
pub fn file_name_id(what: &str, id: &str) -> Result<(), (String, String)> {
    let allowed = |c: char| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.');
    let n = id.chars().count();
    let shown: String = if n > 24 {
        id.chars().take(20).chain("…".chars()).collect()
    } else {
        id.to_string()
    };
    let problem = if id.is_empty() {
        "is empty".to_string()
    } else if n > MAX_FILE_NAME_ID_CHARS {
        format!("is {n} characters long (at most {MAX_FILE_NAME_ID_CHARS})")
    } else if let Some(c) = id.chars().find(|c| !allowed(*c)) {
        format!("contains {c:?}")
    } else if id.starts_with('.') {
        "starts with \".\"".to_string()
    } else {
        return Ok(());
    };
    let mut fixed: String = id
        .chars()
        .map(|c| if allowed(c) { c } else { '-' })
        .collect::<String>()
        .trim_start_matches('.')
        .chars()
        .take(MAX_FILE_NAME_ID_CHARS)
        .collect();
    if fixed.is_empty() {
        fixed = "a".into();
    }
    Err((
        format!("{what} {shown:?} {problem}: it becomes part of output file names"),
        format!(
            "use 1–{MAX_FILE_NAME_ID_CHARS} ASCII letters, digits, `-`, `_` and `.`, not starting with `.`: e.g. {fixed:?}"
        ),
    ))
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
            origin: None,
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
        self.bounded(
            v,
            &format!("`{key}`"),
            &format!(" in {where_}"),
            (lo, hi),
            range_text,
        )
        .unwrap_or(default)
    }

    /// A number value in [lo, hi]; otherwise reported as "`name` = x`suffix` is impossible" or
    /// "`name``suffix` must be a number", with the accepted range as hint.
    fn bounded(
        &mut self,
        v: &Value,
        name: &str,
        suffix: &str,
        (lo, hi): (f64, f64),
        range_text: &str,
    ) -> Option<f64> {
        let message = match number(v.get_ref()) {
            Some(x) if x.is_finite() && (lo..=hi).contains(&x) => return Some(x),
            Some(x) => format!("{name} = {}{suffix} is impossible", format_number(x)),
            None => format!(
                "{name}{suffix} must be a number, not {}",
                type_name(v.get_ref())
            ),
        };
        self.error(v.span(), message, Some(format!("expected {range_text}")));
        None
    }

    /// A sensing assumption's name.
    fn sensing(&mut self, where_: &str, v: &Value) -> Option<Sensing> {
        let names: Vec<&str> = Sensing::ALL.iter().map(|s| s.name()).collect();
        match v.get_ref() {
            DeValue::String(x) => match Sensing::from_name(x) {
                Some(s) => Some(s),
                None => {
                    self.error(
                        v.span(),
                        format!("unknown sensing assumption \"{x}\" in {where_}"),
                        Some(known_hint(x, &names)),
                    );
                    None
                }
            },
            other => {
                self.error(
                    v.span(),
                    format!(
                        "`sensing` in {where_} must be one of {}, not {}",
                        names.join(", "),
                        type_name(other)
                    ),
                    None,
                );
                None
            }
        }
    }

    /// A list of ids from `known` (lower-cased).
    fn id_list(
        &mut self,
        where_: &str,
        v: &Value,
        key: &str,
        noun: &str,
        known: &[&str],
    ) -> Option<Vec<String>> {
        let DeValue::Array(list) = v.get_ref() else {
            self.error(
                v.span(),
                format!(
                    "`{key}` in {where_} must be a list of {noun} ids, not {}",
                    type_name(v.get_ref())
                ),
                Some(format!("known: {}", known.join(", "))),
            );
            return None;
        };
        let mut out = Vec::new();
        let mut ok = true;
        for item in list.iter() {
            match item.get_ref() {
                DeValue::String(x) if known.contains(&x.to_lowercase().as_str()) => {
                    out.push(x.to_lowercase())
                }
                DeValue::String(x) => {
                    self.error(
                        item.span(),
                        format!("unknown {noun} \"{x}\" in `{key}`"),
                        Some(known_hint(&x.to_lowercase(), known)),
                    );
                    ok = false;
                }
                other => {
                    self.error(
                        item.span(),
                        format!("`{key}` entries must be strings, not {}", type_name(other)),
                        None,
                    );
                    ok = false;
                }
            }
        }
        ok.then_some(out)
    }

    /// A catalog missile id; an unknown one gets the nearest id, or the class that stands for
    /// a real system's name.
    fn missile(&mut self, m: &str, span: Range<usize>) -> Option<String> {
        if let Ok(e) = self.catalog.missile(m) {
            return Some(e.id.clone());
        }
        let catalog = self.catalog;
        let ids: Vec<&str> = catalog.missiles.iter().map(|m| m.id.as_str()).collect();
        // A real system's name points to the class that stands for it.
        let squash = |x: &str| {
            x.to_lowercase()
                .chars()
                .filter(|c| c.is_alphanumeric())
                .collect::<String>()
        };
        let class = catalog
            .missiles
            .iter()
            .find(|e| e.represents.iter().any(|r| squash(r).contains(&squash(m))));
        let hint = match class {
            Some(e) => format!("the catalog models \"{m}\" by the class \"{}\"", e.id),
            None => known_hint(&m.to_lowercase(), &ids),
        };
        self.error(span, format!("unknown missile \"{m}\""), Some(hint));
        None
    }

    /// One PLACE or a non-empty list of them; `None` if any is wrong (each reported).
    fn place_list(
        &mut self,
        key: &str,
        noun: &str,
        value: &Value,
    ) -> Option<Vec<(String, Geodetic)>> {
        match value.get_ref() {
            DeValue::Array(a) if a.is_empty() => {
                self.error(value.span(), format!("`{key}` lists no {noun}"), None);
                None
            }
            DeValue::Array(a) => {
                let mut out = Vec::new();
                let mut ok = true;
                for p in a.iter() {
                    match self.place(p) {
                        Some(x) => out.push(x),
                        None => ok = false,
                    }
                }
                ok.then_some(out)
            }
            _ => self.place(value).map(|x| vec![x]),
        }
    }

    /// A list of numbers, each in [lo, hi], ascending; `None` if anything is wrong (reported).
    fn number_list(
        &mut self,
        where_: &str,
        value: &Value,
        key: &str,
        (lo, hi): (f64, f64),
        range_text: &str,
    ) -> Option<Vec<f64>> {
        let parsed: Option<Vec<f64>> = match value.get_ref() {
            DeValue::Array(a) if !a.is_empty() => a.iter().map(|x| number(x.get_ref())).collect(),
            _ => None,
        };
        match parsed {
            Some(v)
                if v.iter().all(|x| x.is_finite() && (lo..=hi).contains(x))
                    && v.windows(2).all(|w| w[0] < w[1]) =>
            {
                Some(v)
            }
            _ => {
                self.error(
                    value.span(),
                    format!(
                        "`{key}` in {where_} must be a list of ascending numbers, {range_text}"
                    ),
                    None,
                );
                None
            }
        }
    }

    fn place(&mut self, value: &Value) -> Option<(String, Geodetic)> {
        match value.get_ref() {
            DeValue::String(s) => match self.catalog.resolve_place(s) {
                Ok(p) => Some(p.named()),
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

/// Parse and validate a scenario file's text against the bundled catalog, an architecture
/// `file` taken relative to the current folder. On failure, every problem found.
pub fn parse(text: &str) -> Result<Scenario, Vec<Diagnostic>> {
    parse_in(text, std::path::Path::new("."))
}

/// As [`parse`], an architecture `file` taken relative to `dir` (the scenario file's folder).
pub fn parse_in(text: &str, dir: &std::path::Path) -> Result<Scenario, Vec<Diagnostic>> {
    parse_with(text, dir, &[])
}

/// As [`parse_in`], with command-line settings (`--set`) applied after the file's
/// `[overrides]` (a command-line setting of the same key wins).
pub fn parse_with(
    text: &str,
    dir: &std::path::Path,
    cli_settings: &[Setting],
) -> Result<Scenario, Vec<Diagnostic>> {
    let at_start = |message: String| {
        vec![Diagnostic {
            span: 0..0,
            message,
            hint: None,
            origin: None,
        }]
    };
    let doc = DeTable::parse(text).map_err(|e| {
        vec![Diagnostic {
            span: e.span().unwrap_or(0..0),
            message: format!(
                "not valid TOML: {}",
                crate::input::tidy_message(e.message())
            ),
            hint: None,
            origin: None,
        }]
    })?;
    let root = doc.get_ref();
    // [overrides] first: every other part is checked against the catalog they make.
    let mut out = Vec::new();
    let mut settings = file_settings(root, &mut out);
    let n_file = settings.len();
    settings.extend(cli_settings.iter().map(|s| (s.clone(), 0..0)));
    let plain: Vec<Setting> = settings.iter().map(|(s, _)| s.clone()).collect();
    let catalogs = match Catalogs::with(&plain) {
        Ok(c) => c,
        Err(errors) => {
            for e in errors {
                let message = if e.index >= n_file {
                    format!("--set {}: {}", plain[e.index].key, e.message)
                } else {
                    e.message
                };
                out.push(Diagnostic {
                    span: settings[e.index].1.clone(),
                    message,
                    hint: e.hint,
                    origin: None,
                });
            }
            // Check the rest against the bundled catalog, to report every problem at once.
            Catalogs::bundled().map_err(at_start)?
        }
    };
    let mut c = Checker {
        out,
        catalog: &catalogs.catalog,
    };
    let catalog = &catalogs.catalog;
    let defence = &catalogs.defence;
    let whole = 0..0;
    c.known_keys(
        "the file",
        root,
        &[
            "scenario",
            "architecture",
            "threat",
            "overrides",
            "assumptions",
            "analysis",
            "uncertainty",
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
            c.known_keys("[architecture]", t, &["id", "file", "overrides"]);
            let file = c.string("[architecture]", t, "file", &span, false);
            let id = c.string("[architecture]", t, "id", &span, file.is_none());
            if let (Some(_), Some((_, file_span))) = (&id, &file) {
                c.error(
                    file_span.clone(),
                    "[architecture] takes an `id` or a `file`, not both",
                    Some("drop one".into()),
                );
            } else if let Some((name, file_span)) = &file {
                let path = dir.join(name);
                match crate::architecture_file::load(catalog, defence, &path) {
                    Ok(a) => architecture = Some(a),
                    Err(ds) => {
                        for d in ds {
                            match d.origin {
                                Some(_) => c.out.push(d),
                                // Unreadable: say so at the `file` value.
                                None => c.error(file_span.clone(), d.message, d.hint),
                            }
                        }
                    }
                }
            }
            if let (Some((id, id_span)), None) = (id, &file) {
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
                            Some(known_hint(&id.to_lowercase(), &ids)),
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
            "the file needs an [architecture] table with an `id` or a `file`",
            None,
        ),
    }

    // [[threat]]
    let mut threats: Vec<Threat> = Vec::new();
    // In file order (for hints), and as a set (a file may hold many thousands).
    let mut threat_ids: Vec<String> = Vec::new();
    let mut threat_id_set: std::collections::HashSet<String> = std::collections::HashSet::new();
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
                    if let Err((message, hint)) = file_name_id("threat id", id) {
                        c.error(s.clone(), message, Some(hint));
                    }
                    // Known either way, so that analyses naming it add no second error.
                    if threat_id_set.insert(id.clone()) {
                        threat_ids.push(id.clone());
                    } else {
                        c.error(s.clone(), format!("threat id \"{id}\" is used twice"), None);
                    }
                }
                let missile = c
                    .string("[[threat]]", t, "missile", &span, true)
                    .and_then(|(m, s)| c.missile(&m, s));
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
                let to = match c.get(t, "to") {
                    Some(v) => c.place_list("to", "aim point", v),
                    None => {
                        c.error(
                            span.clone(),
                            "[[threat]] needs `to` (one aim PLACE or a list)",
                            None,
                        );
                        None
                    }
                };
                let rcs_m2 = c.number_in(
                    "[[threat]]",
                    t,
                    "rcs_m2",
                    RCS_M2.0,
                    RCS_M2.1,
                    catalogs.assumptions.rcs_m2.value,
                    "a radar cross-section in m², 1e-6 … 1000",
                );
                if let (Some((id, _)), Some(missile), Some(from), Some(to)) =
                    (id, missile, from, to)
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
        // A scenario may ask only the deterrent question; analyses that name a threat say
        // so when none is defined.
        None => {}
    }

    // [assumptions]
    let mut assumptions = ScenarioAssumptions::defaults(&catalogs.assumptions, defence);
    if let Some(v) = c.get(root, "assumptions") {
        match v.get_ref() {
            DeValue::Table(t) => {
                let w = "[assumptions]";
                c.known_keys(
                    w,
                    t,
                    &[
                        "decision_delay_s",
                        "track_after_burnout_s",
                        "kill_assessment_s",
                        "sensing",
                        "cued_radars",
                        "pk",
                        "shots_per_salvo",
                        "raid_size",
                    ],
                );
                let d = assumptions.clone();
                assumptions.track_after_burnout_s = c.number_in(
                    w,
                    t,
                    "track_after_burnout_s",
                    DELAY_S.0,
                    DELAY_S.1,
                    d.track_after_burnout_s,
                    "0 … 3600 s",
                );
                if let Some(v) = c.get(t, "sensing")
                    && let Some(x) = c.sensing(w, v)
                {
                    assumptions.sensing = x;
                }
                if let Some(v) = c.get(t, "cued_radars") {
                    let ids: Vec<&str> = defence
                        .early_warning
                        .iter()
                        .map(|r| r.id.as_str())
                        .collect();
                    if let Some(x) = c.id_list(w, v, "cued_radars", "early-warning radar", &ids) {
                        assumptions.cued_radars = x;
                    }
                }
                assumptions.decision_delay_s = c.number_in(
                    w,
                    t,
                    "decision_delay_s",
                    DELAY_S.0,
                    DELAY_S.1,
                    d.decision_delay_s,
                    "0 … 3600 s",
                );
                assumptions.kill_assessment_s = c.number_in(
                    w,
                    t,
                    "kill_assessment_s",
                    DELAY_S.0,
                    DELAY_S.1,
                    d.kill_assessment_s,
                    "0 … 3600 s",
                );
                assumptions.pk = c.number_in(w, t, "pk", 0.0, 1.0, d.pk, "a probability, 0 … 1");
                assumptions.shots_per_salvo = c
                    .number_in(
                        w,
                        t,
                        "shots_per_salvo",
                        1.0,
                        8.0,
                        f64::from(d.shots_per_salvo),
                        "1 … 8 interceptors",
                    )
                    .round() as u32;
                assumptions.raid_size = c
                    .number_in(
                        w,
                        t,
                        "raid_size",
                        1.0,
                        1000.0,
                        f64::from(d.raid_size),
                        "1 … 1000 threats",
                    )
                    .round() as u32;
            }
            other => c.error(
                v.span(),
                format!("`assumptions` must be a table, not {}", type_name(other)),
                None,
            ),
        }
    }

    // A figure set in two places would leave one silently unused: refuse it.
    let set_keys: Vec<String> = plain.iter().map(|x| x.key.trim().to_lowercase()).collect();
    let twice = |key: String| set_keys.contains(&key);
    if let Some(DeValue::Table(t)) = c.get(root, "assumptions").map(|v| v.get_ref()) {
        for (k, _) in t.iter() {
            let key = k.get_ref().to_string();
            if twice(format!("assumptions.{key}")) {
                c.error(
                    k.span(),
                    format!("`{key}` is also set as `assumptions.{key}` (by [overrides] or --set)"),
                    Some("set it in one place".into()),
                );
            }
        }
    }
    if let Some(DeValue::Table(a)) = c.get(root, "architecture").map(|v| v.get_ref())
        && let Some(DeValue::Table(o)) = c.get(a, "overrides").map(|v| v.get_ref())
        && let Some(DeValue::Table(speeds)) = c.get(o, "burnout_speed_km_s").map(|v| v.get_ref())
    {
        for (k, _) in speeds.iter() {
            let id = k.get_ref().to_lowercase();
            if twice(format!("{id}.burnout_speed_km_s")) {
                c.error(
                    k.span(),
                    format!(
                        "[architecture.overrides] burnout_speed_km_s.{id} is also set as `{id}.burnout_speed_km_s` (by [overrides] or --set)"
                    ),
                    Some("set it in one place".into()),
                );
            }
        }
    }

    // [[analysis]]
    let mut analyses = Vec::new();
    match c.get(root, "analysis").map(|v| (v.span(), v.get_ref())) {
        Some((_, DeValue::Array(list))) => {
            let mut deterrent_seen = false;
            // What each analysis writes, by its lower-cased name (file systems that ignore
            // case would merge two names that differ only in case): the analysis's number and
            // the name as written.
            let mut outputs: std::collections::HashMap<String, (usize, String)> =
                std::collections::HashMap::new();
            for (number, item) in (1..).zip(list.iter()) {
                let DeValue::Table(t) = item.get_ref() else {
                    c.error(item.span(), "each [[analysis]] must be a table", None);
                    continue;
                };
                let known = AnalysisKeys {
                    threat_ids: &threat_ids,
                    threat_id_set: &threat_id_set,
                    architecture: architecture.as_ref(),
                };
                let Some(a) = analysis(&mut c, t, item.span(), &known, &mut deterrent_seen) else {
                    continue;
                };
                // (A second deterrent analysis is refused above.)
                let output = a.output();
                if matches!(a, Analysis::Deterrent(_)) {
                    analyses.push(a);
                    continue;
                }
                match outputs.entry(output.to_lowercase()) {
                    std::collections::hash_map::Entry::Occupied(first) => {
                        let (number, first_output) = first.get();
                        let at = c.get(t, "kind").map_or(item.span(), |v| v.span());
                        let (message, hint) = match &a {
                            Analysis::Engage { threat } => (
                                format!(
                                    "threat \"{threat}\" is engaged twice (also by [[analysis]] number {number}): its rows would repeat in engage-<architecture>.csv"
                                ),
                                "drop one of the two".to_string(),
                            ),
                            _ if *first_output != output => (
                                format!(
                                    "this analysis would write {output}.csv, .geojson, .kml and .czml, and [[analysis]] number {number} {first_output}.*: names that differ only in case are one file on macOS and Windows"
                                ),
                                "make the threat ids or sites differ by more than case".to_string(),
                            ),
                            _ => (
                                format!(
                                    "this analysis would write {output}.csv, .geojson, .kml and .czml, as [[analysis]] number {number} does: one would overwrite the other"
                                ),
                                "drop one, or make them differ by `threat` or `site`".to_string(),
                            ),
                        };
                        c.error(at, message, Some(hint));
                    }
                    std::collections::hash_map::Entry::Vacant(v) => {
                        v.insert((number, output));
                        analyses.push(a);
                    }
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

    // [uncertainty]
    let mut uncertainty = None;
    if let Some(v) = c.get(root, "uncertainty") {
        match v.get_ref() {
            DeValue::Table(t) => {
                let w = "[uncertainty]";
                c.known_keys(
                    w,
                    t,
                    &[
                        "samples",
                        "coverage_samples",
                        "coverage_spacing_km",
                        "seed",
                        "distribution",
                        "vary",
                        "fix",
                        "narrow",
                    ],
                );
                let max = f64::from(MAX_UNCERTAINTY_SAMPLES);
                let samples = c.number_in(
                    w,
                    t,
                    "samples",
                    1.0,
                    max,
                    200.0,
                    "1 … 100000 parameter sets",
                );
                let coverage_samples = c.number_in(
                    w,
                    t,
                    "coverage_samples",
                    1.0,
                    1000.0,
                    20.0,
                    "1 … 1000 parameter sets",
                );
                let seed = c.number_in(
                    w,
                    t,
                    "seed",
                    0.0,
                    f64::from(u32::MAX),
                    1.0,
                    "0 … 4294967295",
                );
                let whole_numbers = [
                    ("samples", samples),
                    ("coverage_samples", coverage_samples),
                    ("seed", seed),
                ];
                for (key, x) in whole_numbers {
                    if x.fract() != 0.0
                        && let Some(v) = c.get(t, key)
                    {
                        c.error(
                            v.span(),
                            format!(
                                "`{key}` in {w} must be a whole number, not {}",
                                format_number(x)
                            ),
                            None,
                        );
                    }
                }
                let distribution = match c.string(w, t, "distribution", &v.span(), false) {
                    None => "triangular".to_string(),
                    Some((d, _)) if d == "triangular" || d == "uniform" => d,
                    Some((d, at)) => {
                        c.error(
                            at,
                            format!("`distribution` in {w} is \"{d}\""),
                            Some(
                                "expected \"triangular\" (mode at the value in use) or \"uniform\""
                                    .into(),
                            ),
                        );
                        "triangular".to_string()
                    }
                };
                // The `ID.KEY` figures that can vary: the architecture's interceptor and radar
                // types, the early-warning radars' types, and the assumptions.
                let mut known: Vec<String> = Vec::new();
                if let Some(arch) = &architecture {
                    for (id, _) in &arch.interceptors {
                        known.extend(
                            UNCERTAIN_INTERCEPTOR_KEYS
                                .iter()
                                .map(|k| format!("{id}.{k}")),
                        );
                    }
                    let radar_types = arch.entry.radars.iter().map(|r| r.sensor.as_str()).chain(
                        // The early-warning radars `cued` links in this scenario.
                        defence
                            .early_warning
                            .iter()
                            .filter(|r| assumptions.cued_radars.contains(&r.id))
                            .map(|r| r.sensor.as_str()),
                    );
                    for ty in radar_types {
                        for k in UNCERTAIN_SENSOR_KEYS {
                            let key = format!("{ty}.{k}");
                            if !known.contains(&key) {
                                known.push(key);
                            }
                        }
                    }
                }
                known.extend(
                    UNCERTAIN_ASSUMPTION_KEYS
                        .iter()
                        .map(|k| format!("assumptions.{k}")),
                );
                // The threats' own ranged figures (flown as variants).
                let mut missiles: Vec<&str> = threats.iter().map(|t| t.missile.as_str()).collect();
                missiles.extend(analyses.iter().filter_map(|a| match a {
                    Analysis::Deterrent(d) => Some(d.missile.as_str()),
                    _ => None,
                }));
                for id in missiles {
                    let Ok(m) = catalog.missile(id) else { continue };
                    let mut keys: Vec<String> = ["payload_kg", "rv_beta_kg_m2"]
                        .iter()
                        .map(|k| format!("{id}.{k}"))
                        .collect();
                    for n in 1..=m.stage.len() {
                        for k in ["propellant_kg", "dry_kg", "isp_vac_s", "burn_s"] {
                            keys.push(format!("{id}.stage.{n}.{k}"));
                        }
                    }
                    for key in keys {
                        if !known.contains(&key) {
                            known.push(key);
                        }
                    }
                }
                let check_key = |c: &mut Checker, key: &str, at: Range<usize>| -> bool {
                    if known.iter().any(|k| k == key) {
                        return true;
                    }
                    let candidates: Vec<&str> = known.iter().map(String::as_str).collect();
                    let hint = format!(
                        "did you mean `{}`? figures that can vary here: {}",
                        crate::catalog::nearest(key, &candidates),
                        known.join(", ")
                    );
                    c.error(
                        at,
                        format!("`{key}` in {w} is not a ranged figure of this scenario"),
                        Some(hint),
                    );
                    false
                };
                let mut vary = Vec::new();
                if let Some(v) = c.get(t, "vary") {
                    match v.get_ref() {
                        DeValue::Array(a) => {
                            for x in a.iter() {
                                match x.get_ref() {
                                    DeValue::String(k) if check_key(&mut c, k, x.span()) => {
                                        vary.push(k.to_string())
                                    }
                                    DeValue::String(_) => {}
                                    other => c.error(
                                        x.span(),
                                        format!(
                                            "`vary` in {w} lists ID.KEY strings, not {}",
                                            type_name(other)
                                        ),
                                        None,
                                    ),
                                }
                            }
                        }
                        other => c.error(
                            v.span(),
                            format!(
                                "`vary` in {w} must be a list of ID.KEY strings, not {}",
                                type_name(other)
                            ),
                            None,
                        ),
                    }
                }
                let mut fix = Vec::new();
                if let Some(v) = c.get(t, "fix") {
                    match v.get_ref() {
                        DeValue::Table(f) => {
                            for (k, x) in f.iter() {
                                let key = k.get_ref().to_string();
                                if !check_key(&mut c, &key, k.span()) {
                                    continue;
                                }
                                if vary.contains(&key) {
                                    c.error(
                                        k.span(),
                                        format!("`{key}` is both in `vary` and in `fix`"),
                                        Some("keep it in one".into()),
                                    );
                                    continue;
                                }
                                if let Some(n) = c.bounded(
                                    x,
                                    &format!("`{key}`"),
                                    &format!(" in {w}.fix"),
                                    (0.0, 1e6),
                                    "a non-negative number",
                                ) {
                                    fix.push((key, n));
                                }
                            }
                        }
                        other => c.error(
                            v.span(),
                            format!(
                                "`fix` in {w} must be a table of ID.KEY = value, not {}",
                                type_name(other)
                            ),
                            None,
                        ),
                    }
                }
                let coverage_spacing_km = c.get(t, "coverage_spacing_km").and_then(|v| {
                    c.bounded(
                        v,
                        "`coverage_spacing_km`",
                        &format!(" in {w}"),
                        (10.0, 500.0),
                        "10 … 500 km",
                    )
                });
                let mut narrow = Vec::new();
                if let Some(v) = c.get(t, "narrow") {
                    match v.get_ref() {
                        DeValue::Table(f) => {
                            for (k, x) in f.iter() {
                                let key = k.get_ref().to_string();
                                if !check_key(&mut c, &key, k.span()) {
                                    continue;
                                }
                                if fix.iter().any(|(f, _)| *f == key) {
                                    c.error(
                                        k.span(),
                                        format!("`{key}` is both in `fix` and in `narrow`"),
                                        Some("keep it in one".into()),
                                    );
                                    continue;
                                }
                                let pair: Option<Vec<f64>> = match x.get_ref() {
                                    DeValue::Array(a) if a.len() == 2 => {
                                        a.iter().map(|y| number(y.get_ref())).collect()
                                    }
                                    _ => None,
                                };
                                match pair {
                                    Some(p) if p[0].is_finite() && p[1].is_finite() && 0.0 <= p[0] && p[0] < p[1] => {
                                        narrow.push((key, p[0], p[1]))
                                    }
                                    _ => c.error(
                                        x.span(),
                                        format!("`{key}` in {w}.narrow must be [low, high] with 0 ≤ low < high"),
                                        Some("e.g. `\"sm3-iia.burnout_speed_km_s\" = [4.3, 4.7]`".into()),
                                    ),
                                }
                            }
                        }
                        other => c.error(
                            v.span(),
                            format!(
                                "`narrow` in {w} must be a table of ID.KEY = [low, high], not {}",
                                type_name(other)
                            ),
                            None,
                        ),
                    }
                }
                uncertainty = Some(UncertaintySpec {
                    samples: samples as u32,
                    coverage_samples: coverage_samples as u32,
                    coverage_spacing_km,
                    seed: seed as u32,
                    distribution,
                    vary,
                    fix,
                    narrow,
                });
            }
            other => c.error(
                v.span(),
                format!("`uncertainty` must be a table, not {}", type_name(other)),
                None,
            ),
        }
    }

    match (c.out.is_empty(), architecture) {
        (true, Some(architecture)) => Ok(Scenario {
            title,
            description,
            catalogs,
            architecture,
            threats,
            assumptions,
            analyses,
            uncertainty,
        }),
        _ => Err(c.out),
    }
}

/// The analysis kinds and the keys each accepts (besides `kind`).
const ANALYSIS_KINDS: [(&str, &[&str]); 4] = [
    ("engage", &["threat"]),
    ("footprint", &["threat", "site", "spacing_km", "region"]),
    ("coverage", &["threat", "site", "spacing_km"]),
    (
        "deterrent",
        &[
            "missile",
            "bases",
            "targets",
            "sensing",
            "sweep",
            "sweep_speeds_km_s",
            "sweep_step_km_s",
            "sweep_latencies_s",
        ],
    ),
];

/// What an analysis may refer to.
struct AnalysisKeys<'a> {
    threat_ids: &'a [String],
    threat_id_set: &'a std::collections::HashSet<String>,
    architecture: Option<&'a ResolvedArchitecture>,
}

/// One `[[analysis]]` table, validated.
fn analysis(
    c: &mut Checker,
    t: &Table,
    span: Range<usize>,
    known: &AnalysisKeys,
    deterrent_seen: &mut bool,
) -> Option<Analysis> {
    let w = "[[analysis]]";
    let mut all_keys = vec!["kind"];
    for (_, keys) in ANALYSIS_KINDS {
        for k in keys {
            if !all_keys.contains(k) {
                all_keys.push(k);
            }
        }
    }
    c.known_keys(w, t, &all_keys);
    let (kind, kind_span) = c.string(w, t, "kind", &span, true)?;
    let Some((kind, keys)) = ANALYSIS_KINDS.iter().find(|(k, _)| *k == kind) else {
        let kinds: Vec<&str> = ANALYSIS_KINDS.iter().map(|(k, _)| *k).collect();
        c.error(
            kind_span,
            format!("unknown analysis kind \"{kind}\""),
            Some(known_hint(&kind, &kinds)),
        );
        return None;
    };
    // Keys of other kinds are errors, not silently ignored.
    for (k, v) in t.iter() {
        let k = k.get_ref().as_ref();
        if k != "kind" && all_keys.contains(&k) && !keys.contains(&k) {
            let users: Vec<&str> = ANALYSIS_KINDS
                .iter()
                .filter(|(_, ks)| ks.contains(&k))
                .map(|(n, _)| *n)
                .collect();
            c.error(
                v.span(),
                format!("`{k}` does not apply to {kind} analyses"),
                Some(format!("it applies to: {}", users.join(", "))),
            );
        }
    }
    if *kind == "deterrent" {
        if std::mem::replace(deterrent_seen, true) {
            c.error(
                kind_span,
                "only one deterrent analysis per scenario",
                Some("list every base and target in one".into()),
            );
        }
        return deterrent(c, t, span);
    }
    let threat = match c.string(w, t, "threat", &span, true) {
        Some((id, _)) if known.threat_id_set.contains(&id) => Some(id),
        Some((id, s)) => {
            let ids: Vec<&str> = known.threat_ids.iter().map(String::as_str).collect();
            let hint = if ids.is_empty() {
                "no [[threat]] is defined".to_string()
            } else if ids.len() > MAX_HINT_CANDIDATES {
                format!("{} threats are defined; none has this id", ids.len())
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
    if *kind == "engage" {
        return threat.map(|threat| Analysis::Engage { threat });
    }
    let site = c.string(w, t, "site", &span, false);
    if let (Some((id, s)), Some(a)) = (&site, known.architecture)
        && !a.sites.iter().any(|x| &x.id == id)
    {
        let ids: Vec<&str> = a.sites.iter().map(|x| x.id.as_str()).collect();
        c.error(
            s.clone(),
            format!("architecture {} has no site \"{id}\"", a.entry.id),
            Some(known_hint(id, &ids)),
        );
    }
    let site = site.map(|x| x.0);
    if *kind == "coverage" {
        // Coverage is of the whole of NATO Europe, so only the spacing is free; 50 km by default,
        // as in the bundled study.
        let spacing_km = c.number_in(w, t, "spacing_km", 10.0, 500.0, 50.0, "10 … 500 km");
        return threat.map(|threat| Analysis::Coverage {
            threat,
            site,
            spacing_km,
        });
    }
    let spacing_km = c.number_in(w, t, "spacing_km", 10.0, 500.0, 100.0, "10 … 500 km");
    // Default region: Europe from the Azores meridian to the Urals' foot.
    let mut region = [34.0, 72.0, -12.0, 45.0];
    if let Some(v) = c.get(t, "region") {
        let parsed: Option<Vec<f64>> = match v.get_ref() {
            DeValue::Array(a) if a.len() == 4 => a.iter().map(|x| number(x.get_ref())).collect(),
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
    threat.map(|threat| Analysis::Footprint {
        threat,
        site,
        grid: crate::analysis::GridSpec {
            lat_min_deg: region[0],
            lat_max_deg: region[1],
            lon_min_deg: region[2],
            lon_max_deg: region[3],
            spacing_km,
        },
    })
}

/// A `kind = "deterrent"` analysis: defaults for whatever is not given.
fn deterrent(c: &mut Checker, t: &Table, span: Range<usize>) -> Option<Analysis> {
    let w = "[[analysis]]";
    let Ok(mut d) = Deterrent::defaults(c.catalog) else {
        c.error(
            0..0,
            "the bundled catalog lacks a deterrent default place",
            None,
        );
        return None;
    };
    let mut ok = true;
    if let Some(v) = c.get(t, "missile") {
        match v.get_ref() {
            DeValue::String(m) => match c.missile(m, v.span()) {
                Some(m) => d.missile = m,
                None => ok = false,
            },
            other => {
                c.error(
                    v.span(),
                    format!(
                        "`missile` in {w} must be a string, not {}",
                        type_name(other)
                    ),
                    None,
                );
                ok = false;
            }
        }
    }
    for (key, noun, list) in [
        ("bases", "base", &mut d.bases),
        ("targets", "target", &mut d.targets),
    ] {
        if let Some(v) = c.get(t, key) {
            match c.place_list(key, noun, v) {
                Some(x) => *list = x,
                None => ok = false,
            }
        }
    }
    if let Some(v) = c.get(t, "sensing") {
        let list: Vec<Value> = match v.get_ref() {
            DeValue::Array(a) => a.iter().cloned().collect(),
            _ => vec![v.clone()],
        };
        let mut sensing = Vec::new();
        for item in &list {
            match c.sensing(w, item) {
                Some(x) if !sensing.contains(&x) => sensing.push(x),
                Some(_) => {}
                None => ok = false,
            }
        }
        if sensing.is_empty() && ok {
            c.error(v.span(), "`sensing` needs at least one assumption", None);
            ok = false;
        }
        sensing.sort();
        d.sensing = sensing;
    }
    let sweep = match c.get(t, "sweep") {
        None => true,
        Some(v) => match v.get_ref() {
            DeValue::Boolean(b) => *b,
            other => {
                c.error(
                    v.span(),
                    format!(
                        "`sweep` in {w} must be true or false, not {}",
                        type_name(other)
                    ),
                    None,
                );
                ok = false;
                true
            }
        },
    };
    let (mut lo, mut hi, _) = SWEEP_SPEEDS_KM_S;
    if let Some(v) = c.get(t, "sweep_speeds_km_s") {
        match c.number_list(
            w,
            v,
            "sweep_speeds_km_s",
            BURNOUT,
            "[lowest, highest] in 0.3 … 11 km/s",
        ) {
            Some(x) if x.len() == 2 => (lo, hi) = (x[0], x[1]),
            Some(_) => {
                c.error(
                    v.span(),
                    "`sweep_speeds_km_s` must be [lowest, highest] km/s",
                    None,
                );
                ok = false;
            }
            None => ok = false,
        }
    }
    let step = c.number_in(
        w,
        t,
        "sweep_step_km_s",
        0.01,
        2.0,
        SWEEP_SPEEDS_KM_S.2,
        "0.01 … 2 km/s",
    );
    if (hi - lo) / step > 400.0 {
        c.error(
            c.get(t, "sweep_step_km_s").map_or(span, |v| v.span()),
            format!(
                "a sweep of {}–{} km/s in {} km/s steps tries over 400 speeds",
                format_number(lo),
                format_number(hi),
                format_number(step)
            ),
            Some("use a coarser `sweep_step_km_s`".into()),
        );
        ok = false;
    }
    let mut latencies = SWEEP_LATENCIES_S.to_vec();
    if let Some(v) = c.get(t, "sweep_latencies_s") {
        match c.number_list(w, v, "sweep_latencies_s", (0.0, 3600.0), "0 … 3600 s") {
            Some(x) => latencies = x,
            None => ok = false,
        }
    }
    d.sweep = sweep.then(|| SweepSpec::new(lo, hi, step, latencies));
    ok.then_some(Analysis::Deterrent(d))
}

/// The file's `[overrides]`: `"ID.KEY" = number`, or nested tables (`[overrides.sm3-iia]`,
/// dotted keys) that flatten to the same `ID.KEY`; each with the span of its value.
fn file_settings(root: &Table, out: &mut Vec<Diagnostic>) -> Vec<(Setting, Range<usize>)> {
    fn walk(
        prefix: &str,
        t: &Table,
        out: &mut Vec<Diagnostic>,
        settings: &mut Vec<(Setting, Range<usize>)>,
    ) {
        for (k, v) in t.iter() {
            let key = if prefix.is_empty() {
                k.get_ref().to_string()
            } else {
                format!("{prefix}.{}", k.get_ref())
            };
            match v.get_ref() {
                DeValue::Table(sub) => walk(&key, sub, out, settings),
                other => match number(other) {
                    Some(value) => settings.push((Setting { key, value }, v.span())),
                    None => out.push(Diagnostic {
                        span: v.span(),
                        message: format!(
                            "`{key}` in [overrides] must be a number, not {}",
                            type_name(other)
                        ),
                        hint: Some("a ranged catalog figure's new value, in its key's unit".into()),
                        origin: None,
                    }),
                },
            }
        }
    }
    let mut settings = Vec::new();
    if let Some((_, v)) = root
        .iter()
        .find(|(k, _)| k.get_ref().as_ref() == "overrides")
    {
        match v.get_ref() {
            DeValue::Table(t) => walk("", t, out, &mut settings),
            other => out.push(Diagnostic {
                span: v.span(),
                message: format!("`overrides` must be a table, not {}", type_name(other)),
                hint: None,
                origin: None,
            }),
        }
    }
    settings
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
                "burnout_speed_km_s" => (BURNOUT.0, BURNOUT.1, "0.3 … 11 km/s"),
                "inventory" => (0.0, 10_000.0, "0 … 10000 interceptors"),
                "radar_range_km" => (RADAR_RANGE_KM.0, RADAR_RANGE_KM.1, "1 … 50000 km"),
                _ => continue,
            };
            let Some(x) = c.bounded(v, &format!("`{key}.{id}`"), "", (lo, hi), range_text) else {
                continue;
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
                    Some(known_hint(&id, &refs)),
                );
            }
        }
    }
}
