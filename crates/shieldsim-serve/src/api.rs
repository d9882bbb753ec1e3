//! The JSON API: requests as written (serde, unknown fields refused), checked into study
//! queries with messages that name the field, answered by `shieldsim-studies`.
//!
//! Every request names catalog ids, PLACEs (a catalog name or `LAT,LON`) and numbers; none names
//! a file. An `architecture` is looked up in the catalog only.

use serde::{Deserialize, Serialize};
use serde_json::Value;
use shieldsim_core::earth::Earth;
use shieldsim_core::engagement::Sensing;
use shieldsim_core::interceptor::FlyoutTable;
use shieldsim_scenario::analysis::{self, GridSpec};
use shieldsim_scenario::catalog::ResolvedPlace;
use shieldsim_scenario::catalogs::{Catalogs, Setting};
use shieldsim_scenario::defence::ResolvedArchitecture;
use shieldsim_scenario::scenario::{Deterrent, ScenarioAssumptions};
use shieldsim_studies::StudyError;
use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Condvar, Mutex};
use std::time::Instant;

use crate::Limits;

/// An answer that is not a success: an HTTP status and a one-line message, sent as
/// `{"error": message}`.
#[derive(Debug, Clone, PartialEq)]
pub struct ApiError {
    /// HTTP status.
    pub status: u16,
    /// One line naming the problem (and the field, for bad input).
    pub message: String,
}

impl ApiError {
    /// 400: bad input.
    pub fn bad(message: impl Into<String>) -> Self {
        ApiError {
            status: 400,
            message: message.into(),
        }
    }

    /// 500: a defect.
    pub fn internal(message: impl Into<String>) -> Self {
        ApiError {
            status: 500,
            message: message.into(),
        }
    }

    /// Bad input in `field`.
    fn field(field: &str, message: impl std::fmt::Display) -> Self {
        ApiError::bad(format!("{field}: {message}"))
    }

    /// A study's failure: bad input (400, prefixed by what was asked) or a defect (500).
    fn study(what: &str, e: StudyError) -> Self {
        match e {
            StudyError::Input(m) => ApiError::bad(format!("{what}: {m}")),
            StudyError::Internal(m) => ApiError::internal(format!("internal error: {m}")),
        }
    }
}

/// One study's progress, as `GET /api/progress` shows it.
#[derive(Debug, Clone, Serialize)]
pub struct ProgressJson {
    /// Request number.
    pub id: u64,
    /// What runs (`footprint epaa-phase-3 irbm-4000`).
    pub what: String,
    /// The stage (`aim points`, `routes`), once the study reports.
    pub stage: String,
    /// Done so far.
    pub done: usize,
    /// Of.
    pub total: usize,
    /// Since the study started (s).
    pub elapsed_s: f64,
    /// Waiting for a turn (not started yet).
    pub waiting: bool,
}

/// Fly-out tables kept warm across requests, keyed by the interceptor models' `Debug` form (so
/// a setting that changes a model gets tables of its own). At most [`TABLE_CACHE_ENTRIES`]
/// architectures' sets are kept (1–7 MB each table); the oldest goes first.
#[derive(Default)]
struct TableCache {
    entries: Mutex<Vec<(String, Arc<Vec<FlyoutTable>>)>>,
}

/// Sets of fly-out tables the server keeps.
pub const TABLE_CACHE_ENTRIES: usize = 24;

impl TableCache {
    fn get(&self, arch: &ResolvedArchitecture) -> Result<Arc<Vec<FlyoutTable>>, ApiError> {
        let key = format!("{:?}", arch.interceptors);
        if let Some((_, t)) = lock(&self.entries).iter().find(|(k, _)| *k == key) {
            return Ok(Arc::clone(t));
        }
        // Built outside the lock: two requests may build the same set once each, but no
        // request waits for another's tables.
        let tables = Arc::new(
            analysis::tables(arch)
                .map_err(|e| ApiError::internal(format!("fly-out table: {e}")))?,
        );
        let mut entries = lock(&self.entries);
        if !entries.iter().any(|(k, _)| *k == key) {
            if entries.len() >= TABLE_CACHE_ENTRIES {
                entries.remove(0);
            }
            entries.push((key, Arc::clone(&tables)));
        }
        Ok(tables)
    }
}

/// A mutex's guard, also after a panic elsewhere (the data are caches and counters, valid at
/// every step).
fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

/// Turns for studies: at most `max_studies` run, at most `max_waiting` wait.
struct Turns {
    state: Mutex<(usize, usize)>,
    freed: Condvar,
}

/// Shared state: limits, the bundled catalog, warm tables, studies in progress.
pub struct State {
    /// The limits.
    pub limits: Limits,
    /// The bound address (the `Host` header must name it).
    pub addr: std::net::SocketAddr,
    bundled: Arc<Catalogs>,
    catalog_json: Vec<u8>,
    tables: TableCache,
    turns: Turns,
    next_id: AtomicU64,
    progress: Mutex<HashMap<u64, (String, Arc<Stage>)>>,
}

/// What a running study reports.
#[derive(Default)]
struct Stage {
    name: Mutex<String>,
    done: AtomicUsize,
    total: AtomicUsize,
    started: Mutex<Option<Instant>>,
}

impl State {
    /// Parse the catalog and serialise `GET /api/catalog` once.
    pub fn new(limits: Limits, addr: std::net::SocketAddr) -> Result<State, String> {
        let bundled = Catalogs::bundled()?;
        let list = shieldsim_studies::list::ListJson::new(
            &bundled.catalog,
            Some(&bundled.defence),
            Some(&bundled.assumptions),
            None,
        );
        let catalog_json = serde_json::to_vec(&list).map_err(|e| e.to_string())?;
        Ok(State {
            limits,
            addr,
            bundled: Arc::new(bundled),
            catalog_json,
            tables: TableCache::default(),
            turns: Turns {
                state: Mutex::new((0, 0)),
                freed: Condvar::new(),
            },
            next_id: AtomicU64::new(1),
            progress: Mutex::new(HashMap::new()),
        })
    }

    /// `GET /api/catalog`: `list --json`, all kinds.
    pub fn catalog_json(&self) -> &[u8] {
        &self.catalog_json
    }

    /// `GET /api/progress`: the studies running or waiting.
    pub fn progress(&self) -> Value {
        let mut studies: Vec<ProgressJson> = lock(&self.progress)
            .iter()
            .map(|(id, (what, stage))| {
                let started = *lock(&stage.started);
                ProgressJson {
                    id: *id,
                    what: what.clone(),
                    stage: lock(&stage.name).clone(),
                    done: stage.done.load(Ordering::Relaxed),
                    total: stage.total.load(Ordering::Relaxed),
                    elapsed_s: started.map_or(0.0, |s| s.elapsed().as_secs_f64()),
                    waiting: started.is_none(),
                }
            })
            .collect();
        studies.sort_by_key(|s| s.id);
        serde_json::json!({ "studies": studies, "max_studies": self.limits.max_studies })
    }

    /// The catalog with `settings` applied (the bundled one, shared, when there are none).
    fn catalogs(&self, settings: &[(String, Setting)]) -> Result<Arc<Catalogs>, ApiError> {
        if settings.is_empty() {
            return Ok(Arc::clone(&self.bundled));
        }
        let list: Vec<Setting> = settings.iter().map(|(_, s)| s.clone()).collect();
        Catalogs::with(&list).map(Arc::new).map_err(|errors| {
            ApiError::bad(
                errors
                    .iter()
                    .map(|e| {
                        let name = settings.get(e.index).map_or("set", |(n, _)| n.as_str());
                        match &e.hint {
                            Some(h) => format!("{name}: {} ({h})", e.message),
                            None => format!("{name}: {}", e.message),
                        }
                    })
                    .collect::<Vec<_>>()
                    .join("; "),
            )
        })
    }

    /// Run `study` on a thread of its own when a turn is free, within the request's time limit
    /// (counted from `started`). `what` names it in `/api/progress`.
    fn run_study<T: Send + 'static>(
        self: &Arc<Self>,
        what: String,
        started: Instant,
        study: impl FnOnce(&(dyn Fn(&str, usize, usize) + Sync)) -> Result<T, ApiError> + Send + 'static,
    ) -> Result<T, ApiError> {
        let limit = self.limits.timeout;
        let id = self.next_id.fetch_add(1, Ordering::Relaxed);
        let stage = Arc::new(Stage::default());
        // Wait for a turn.
        {
            let mut t = lock(&self.turns.state);
            if t.0 >= self.limits.max_studies && t.1 >= self.limits.max_waiting {
                return Err(ApiError {
                    status: 503,
                    message: format!(
                        "server busy: {} studies running and {} waiting (the server's limits); try again shortly",
                        t.0, t.1
                    ),
                });
            }
            lock(&self.progress).insert(id, (what.clone(), Arc::clone(&stage)));
            t.1 += 1;
            while t.0 >= self.limits.max_studies {
                let left = limit.saturating_sub(started.elapsed());
                if left.is_zero() {
                    t.1 -= 1;
                    lock(&self.progress).remove(&id);
                    return Err(ApiError {
                        status: 503,
                        message: format!(
                            "server busy: no turn for this study within {} s (at most {} studies run at once); try again shortly",
                            limit.as_secs(),
                            self.limits.max_studies
                        ),
                    });
                }
                t = self
                    .turns
                    .freed
                    .wait_timeout(t, left)
                    .map(|(g, _)| g)
                    .unwrap_or_else(|e| e.into_inner().0);
            }
            t.1 -= 1;
            t.0 += 1;
        }
        *lock(&stage.started) = Some(Instant::now());
        let (tx, rx) = std::sync::mpsc::channel();
        let me = Arc::clone(self);
        let stage2 = Arc::clone(&stage);
        let spawned = std::thread::Builder::new()
            .name(format!("study-{id}"))
            .spawn(move || {
                let report = |name: &str, done: usize, total: usize| {
                    {
                        let mut n = lock(&stage2.name);
                        if *n != name {
                            *n = name.to_string();
                        }
                    }
                    stage2.done.store(done, Ordering::Relaxed);
                    stage2.total.store(total, Ordering::Relaxed);
                };
                let out = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| study(&report)))
                    .unwrap_or_else(|p| Err(ApiError::internal(panic_message(p.as_ref()))));
                // The turn is given back when the study ends, answered in time or not.
                {
                    let mut t = lock(&me.turns.state);
                    t.0 -= 1;
                }
                me.turns.freed.notify_one();
                lock(&me.progress).remove(&id);
                let _ = tx.send(out);
            });
        if let Err(e) = spawned {
            let mut t = lock(&self.turns.state);
            t.0 -= 1;
            drop(t);
            self.turns.freed.notify_one();
            lock(&self.progress).remove(&id);
            return Err(ApiError::internal(format!("cannot start the study: {e}")));
        }
        match rx.recv_timeout(limit.saturating_sub(started.elapsed())) {
            Ok(out) => out,
            Err(_) => Err(ApiError {
                status: 504,
                message: format!(
                    "{what}: the study took longer than {} s (the server's limit per request); ask for less (a coarser spacing_km, a smaller region, fewer samples or routes) or run it with the command line",
                    limit.as_secs()
                ),
            }),
        }
    }
}

/// A panic's message, on one line.
pub fn panic_message(p: &(dyn std::any::Any + Send)) -> String {
    let msg = p
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| p.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "a panic".into());
    format!(
        "internal error: {} (please report this)",
        msg.replace(['\n', '\r'], " ")
    )
}

/// Parse a JSON body into `T`; the message names the field (`samples: invalid type: …`).
pub fn parse<T: serde::de::DeserializeOwned>(body: &[u8]) -> Result<T, ApiError> {
    let value: Value = serde_json::from_slice(body)
        .map_err(|e| ApiError::bad(format!("the body is not JSON: {e}")))?;
    if !value.is_object() {
        return Err(ApiError::bad("the body must be a JSON object"));
    }
    serde_path_to_error::deserialize(value).map_err(|e| {
        let path = e.path().to_string();
        let inner = e.into_inner().to_string();
        if path == "." || path.is_empty() {
            ApiError::bad(inner)
        } else {
            ApiError::bad(format!("{path}: {inner}"))
        }
    })
}

/// `set`: `{"ID.KEY": value}` or `["ID.KEY=VALUE"]`; each setting with the name its errors use.
fn settings(set: &Option<Value>) -> Result<Vec<(String, Setting)>, ApiError> {
    const MAX_SETTINGS: usize = 200;
    let Some(set) = set else {
        return Ok(Vec::new());
    };
    let out: Vec<(String, Setting)> = match set {
        Value::Object(m) => m
            .iter()
            .map(|(k, v)| {
                let value = v.as_f64().filter(|x| x.is_finite()).ok_or_else(|| {
                    ApiError::field(&format!("set.{k}"), format!("expected a number, got {v}"))
                })?;
                Ok((
                    format!("set.{k}"),
                    Setting {
                        key: k.trim().to_string(),
                        value,
                    },
                ))
            })
            .collect::<Result<_, ApiError>>()?,
        Value::Array(a) => a
            .iter()
            .enumerate()
            .map(|(i, v)| {
                let name = format!("set[{i}]");
                let text = v
                    .as_str()
                    .ok_or_else(|| ApiError::field(&name, "expected \"ID.KEY=VALUE\""))?;
                let s = Setting::parse(text).map_err(|e| ApiError::field(&name, e))?;
                Ok((name, s))
            })
            .collect::<Result<_, ApiError>>()?,
        _ => {
            return Err(ApiError::field(
                "set",
                "expected an object {\"ID.KEY\": value} or a list [\"ID.KEY=VALUE\"]",
            ));
        }
    };
    if out.len() > MAX_SETTINGS {
        return Err(ApiError::field(
            "set",
            format!("{} settings is over the cap {MAX_SETTINGS}", out.len()),
        ));
    }
    Ok(out)
}

fn sensing(field: &str, name: Option<&str>, default: Sensing) -> Result<Sensing, ApiError> {
    match name {
        None => Ok(default),
        Some(n) => Sensing::from_name(n.trim()).ok_or_else(|| {
            ApiError::field(
                field,
                format!("unknown sensing '{n}' (known: own, cued, kinematic-bound)"),
            )
        }),
    }
}

fn place(c: &Catalogs, field: &str, text: &str) -> Result<ResolvedPlace, ApiError> {
    c.catalog
        .resolve_place(text)
        .map_err(|e| ApiError::field(field, e))
}

fn architecture(c: &Catalogs, field: &str, id: &str) -> Result<ResolvedArchitecture, ApiError> {
    c.defence
        .architecture(&c.catalog, id)
        .map_err(|e| ApiError::field(field, e))
}

fn threat(c: &Catalogs, field: &str, id: &str) -> Result<String, ApiError> {
    c.catalog
        .missile(id)
        .map(|m| m.id.clone())
        .map_err(|e| ApiError::field(field, e))
}

/// `POST /api/engage`: what `shieldsim engage --json` takes.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EngageRequest {
    /// Catalog architecture id (never a file).
    pub architecture: String,
    /// Catalog missile id.
    pub threat: String,
    /// Launch PLACE.
    pub from: String,
    /// Aim PLACE.
    pub to: String,
    /// `own` (default), `cued` or `kinematic-bound`.
    #[serde(default)]
    pub sensing: Option<String>,
    /// Settings: `{"ID.KEY": value}` or `["ID.KEY=VALUE"]`.
    #[serde(default)]
    pub set: Option<Value>,
    /// Parameter sets to sample from the catalog's ranges.
    #[serde(default)]
    pub samples: Option<u32>,
    /// Seed of the sampling (default 1, as the command line's).
    #[serde(default)]
    pub seed: Option<u64>,
}

/// `POST /api/engage`.
pub fn engage(state: &Arc<State>, body: &[u8], started: Instant) -> Result<Value, ApiError> {
    let r: EngageRequest = parse(body)?;
    let settings = settings(&r.set)?;
    let catalogs = state.catalogs(&settings)?;
    let arch = architecture(&catalogs, "architecture", &r.architecture)?;
    let threat_id = threat(&catalogs, "threat", &r.threat)?;
    let from = place(&catalogs, "from", &r.from)?;
    let to = place(&catalogs, "to", &r.to)?;
    let sensing = sensing("sensing", r.sensing.as_deref(), Sensing::Own)?;
    let uncertainty = match r.samples {
        None => None,
        Some(0) => return Err(ApiError::field("samples", "must be at least 1")),
        Some(n) if n > state.limits.max_samples => {
            return Err(ApiError::field(
                "samples",
                format!(
                    "{n} is over the server's cap {} (the command line takes more: engage --samples)",
                    state.limits.max_samples
                ),
            ));
        }
        Some(n) => {
            let seed = r.seed.unwrap_or(1);
            Some(shieldsim_studies::uncertainty::Design {
                samples: n,
                seed: u32::try_from(seed).map_err(|_| {
                    ApiError::field("seed", format!("{seed} must be below 2^32 with samples"))
                })?,
                distribution: shieldsim_studies::uncertainty::Distribution::Triangular,
                vary: Vec::new(),
                fix: Vec::new(),
                narrow: Vec::new(),
            })
        }
    };
    let what = format!("engage {} {}", arch.entry.id, threat_id);
    let me = Arc::clone(state);
    let json = state.run_study(what.clone(), started, move |_progress| {
        let tables = me.tables.get(&arch)?;
        shieldsim_studies::engage::engage_with_tables(
            &shieldsim_studies::engage::EngageQuery {
                catalogs: &catalogs,
                architecture: &arch,
                threat: &threat_id,
                from: &from,
                to: &to,
                sensing,
                cued_radars: None,
                effectiveness: None,
                uncertainty,
            },
            &tables,
        )
        .map_err(|e| ApiError::study(&what, e))
    })?;
    serde_json::to_value(&json).map_err(|e| ApiError::internal(e.to_string()))
}

/// `POST /api/fly`: what `shieldsim fly --json` takes (minimum-energy, lofted or depressed).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FlyRequest {
    /// Catalog missile id.
    pub missile: String,
    /// Launch PLACE.
    pub from: String,
    /// Aim PLACE.
    pub to: String,
    /// `min-energy` (default), `lofted` or `depressed`.
    #[serde(default)]
    pub trajectory: Option<String>,
    /// Apogee (km) of a lofted or depressed trajectory.
    #[serde(default)]
    pub apogee_km: Option<f64>,
    /// Sample step (s, default 10, as the command line's).
    #[serde(default)]
    pub sample_step_s: Option<f64>,
    /// Settings.
    #[serde(default)]
    pub set: Option<Value>,
}

/// Most samples of one `/api/fly` answer.
pub const MAX_FLY_SAMPLES: u64 = 20_000;

/// `POST /api/fly`.
pub fn fly(state: &Arc<State>, body: &[u8], started: Instant) -> Result<Value, ApiError> {
    use shieldsim_core::missile::Shape;
    let r: FlyRequest = parse(body)?;
    let settings = settings(&r.set)?;
    let catalogs = state.catalogs(&settings)?;
    let missile = threat(&catalogs, "missile", &r.missile)?;
    let from = place(&catalogs, "from", &r.from)?;
    let to = place(&catalogs, "to", &r.to)?;
    let shape = match r.trajectory.as_deref().map(str::trim) {
        None | Some("min-energy") => Shape::MinEnergy,
        Some("lofted") => Shape::Lofted,
        Some("depressed") => Shape::Depressed,
        Some(x) => {
            return Err(ApiError::field(
                "trajectory",
                format!("unknown trajectory '{x}' (known: min-energy, lofted, depressed)"),
            ));
        }
    };
    let step_s = r.sample_step_s.unwrap_or(10.0);
    if !(step_s.is_finite()
        && step_s > 0.0
        && shieldsim_studies::trajectory::MISSILE_FLIGHT_BOUND_S / step_s <= MAX_FLY_SAMPLES as f64)
    {
        return Err(ApiError::field(
            "sample_step_s",
            format!(
                "{step_s} must be at least {} s (at most {MAX_FLY_SAMPLES} samples over {} s)",
                shieldsim_studies::trajectory::MISSILE_FLIGHT_BOUND_S / MAX_FLY_SAMPLES as f64,
                shieldsim_studies::trajectory::MISSILE_FLIGHT_BOUND_S
            ),
        ));
    }
    let what = format!("fly {missile}");
    let json = state.run_study(what.clone(), started, move |_| {
        shieldsim_studies::trajectory::fly(
            &shieldsim_studies::trajectory::FlyQuery {
                earth: Earth::wgs84(),
                missile,
                from,
                to,
                shape,
                apogee_km: r.apogee_km,
                sampling: Some(shieldsim_studies::trajectory::Sampling {
                    step_s,
                    max_samples: MAX_FLY_SAMPLES,
                }),
            },
            &catalogs,
        )
        .map_err(|e| ApiError::study(&what, e))
    })?;
    serde_json::to_value(&json).map_err(|e| ApiError::internal(e.to_string()))
}

/// `GET /api/architecture/ID`: where an architecture's sites and radars are (for the map).
pub fn architecture_json(state: &State, id: &str) -> Result<Value, ApiError> {
    use shieldsim_core::sensor::SensorKind;
    let arch = architecture(&state.bundled, "architecture", id)?;
    let sites: Vec<Value> = arch
        .sites
        .iter()
        .map(|s| {
            serde_json::json!({
                "site": s.id, "interceptor": arch.interceptors[s.table].0,
                "inventory": s.inventory,
                "lat_deg": s.position.lat_deg(), "lon_deg": s.position.lon_deg(),
            })
        })
        .collect();
    let sensors: Vec<Value> = arch
        .sensors
        .iter()
        .map(|s| match &s.kind {
            SensorKind::Radar(r) => serde_json::json!({
                "sensor": s.id, "kind": "radar",
                "lat_deg": r.position.lat_deg(), "lon_deg": r.position.lon_deg(),
            }),
            _ => serde_json::json!({"sensor": s.id, "kind": "space-ir"}),
        })
        .collect();
    let interceptors: Vec<&str> = arch.interceptors.iter().map(|(i, _)| i.as_str()).collect();
    Ok(serde_json::json!({
        "architecture": arch.entry.id, "year": arch.entry.year, "command": arch.entry.command,
        "source": arch.entry.source, "interceptors": interceptors, "sites": sites, "sensors": sensors,
    }))
}

/// `POST /api/footprint`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FootprintRequest {
    /// Catalog architecture id.
    pub architecture: String,
    /// Catalog missile id.
    pub threat: String,
    /// Launch PLACE.
    pub from: String,
    /// Grid spacing (km, default 50; 10 … 500).
    #[serde(default)]
    pub spacing_km: Option<f64>,
    /// `[lat_min, lat_max, lon_min, lon_max]` (deg; default NATO Europe's box).
    #[serde(default)]
    pub region: Option<[f64; 4]>,
    /// One site of the architecture (default: all).
    #[serde(default)]
    pub site: Option<String>,
    /// Sensing (default `own`).
    #[serde(default)]
    pub sensing: Option<String>,
    /// Settings.
    #[serde(default)]
    pub set: Option<Value>,
}

/// `POST /api/footprint`.
pub fn footprint(state: &Arc<State>, body: &[u8], started: Instant) -> Result<Value, ApiError> {
    let r: FootprintRequest = parse(body)?;
    let settings = settings(&r.set)?;
    let catalogs = state.catalogs(&settings)?;
    let arch = architecture(&catalogs, "architecture", &r.architecture)?;
    let missile = threat(&catalogs, "threat", &r.threat)?;
    let from = place(&catalogs, "from", &r.from)?;
    let sensing = sensing("sensing", r.sensing.as_deref(), Sensing::Own)?;
    let spacing_km = r.spacing_km.unwrap_or(50.0);
    if !(10.0..=500.0).contains(&spacing_km) {
        return Err(ApiError::field(
            "spacing_km",
            format!("{spacing_km} is outside 10 … 500 km"),
        ));
    }
    let mut grid = shieldsim_scenario::geo::grid(spacing_km);
    if let Some([lat_min, lat_max, lon_min, lon_max]) = r.region {
        let ok = lat_min.is_finite()
            && lat_max.is_finite()
            && lon_min.is_finite()
            && lon_max.is_finite()
            && (-90.0..=90.0).contains(&lat_min)
            && (-90.0..=90.0).contains(&lat_max)
            && (-180.0..=180.0).contains(&lon_min)
            && (-180.0..=180.0).contains(&lon_max)
            && lat_min < lat_max
            && lon_min < lon_max
            && lat_max.abs().max(lat_min.abs()) <= 85.0;
        if !ok {
            return Err(ApiError::field(
                "region",
                "expected [lat_min, lat_max, lon_min, lon_max] in degrees, each min below its max, latitudes within ±85°, longitudes within ±180°",
            ));
        }
        grid = GridSpec {
            lat_min_deg: lat_min,
            lat_max_deg: lat_max,
            lon_min_deg: lon_min,
            lon_max_deg: lon_max,
            spacing_km,
        };
    }
    let (_, _, nx, ny) = grid.layout();
    let points = nx.saturating_mul(ny);
    if points > state.limits.max_aim_points {
        return Err(ApiError::field(
            "spacing_km",
            format!(
                "{points} aim points ({nx} × {ny}) is over the server's cap {}: widen spacing_km or shrink region (the command line takes more: run with --max-aim-points)",
                state.limits.max_aim_points
            ),
        ));
    }
    if let Some(site) = &r.site {
        analysis::engaging(&arch, Some(site)).map_err(|e| ApiError::field("site", e))?;
    }
    let site = r.site.clone();
    let what = format!("footprint {} {}", arch.entry.id, missile);
    let me = Arc::clone(state);
    state.run_study(what.clone(), started, move |progress| {
        let earth = Earth::wgs84();
        let tables = me.tables.get(&arch)?;
        let a = ScenarioAssumptions::defaults(&catalogs.assumptions, &catalogs.defence);
        let sensed = a
            .sensed(&catalogs, &arch, sensing)
            .map_err(|e| ApiError::field("sensing", e))?;
        let rcs_m2 = catalogs.assumptions.rcs_m2.value;
        let assumptions = a.engagement(rcs_m2, sensing);
        let t0 = Instant::now();
        let entry = catalogs
            .catalog
            .missile(&missile)
            .map_err(|e| ApiError::field("threat", e))?;
        progress("threat family", 0, 1);
        // Kept warm across requests (a footprint asked again with another architecture, site,
        // sensing or setting skips the family's exact solves, ~40 % of its time).
        let family = shieldsim_scenario::family_cache::family(
            &earth,
            &catalogs.catalog.vehicle(entry),
            from.surface(),
            &grid,
        )
        .map_err(|e| ApiError::study("threat family", StudyError::from(e)))?;
        // As `analysis::footprint` does, with the family from the cache.
        let (sensors, sites) =
            analysis::engaging(&sensed, site.as_deref()).map_err(|e| ApiError::field("site", e))?;
        let fp = analysis::footprint_with(
            &earth,
            &catalogs.catalog,
            &missile,
            from.surface(),
            grid,
            Some(&family),
            (&sensors, &sites),
            &tables,
            &assumptions,
            &|done, total| progress("aim points", done, total),
        )
        .map_err(|e| ApiError::bad(format!("{what}: {e}")))?;
        let compute_s = t0.elapsed().as_secs_f64();
        let case = shieldsim_studies::FootprintCase {
            stem: "footprint".into(),
            architecture: arch.entry.id.clone(),
            threat: missile.clone(),
            missile: missile.clone(),
            launch: from.clone().named(),
            site: site.clone(),
            region: None,
            footprint: fp,
            marks: shieldsim_studies::coverage::map_marks(
                &earth,
                &sensed,
                rcs_m2,
                std::iter::empty(),
            ),
        };
        let summary = shieldsim_studies::summary::FootprintSummary::of(&case);
        Ok(serde_json::json!({
            "architecture": case.architecture,
            "threat": case.missile,
            "from": from.name,
            "site": case.site,
            "sensing": sensing.name(),
            "spacing_km": spacing_km,
            "region": [grid.lat_min_deg, grid.lat_max_deg, grid.lon_min_deg, grid.lon_max_deg],
            "aim_points": case.footprint.cells.len(),
            "defended_nodes": summary.defended_nodes,
            "undefended_nodes": summary.undefended_nodes,
            "unreachable_nodes": summary.unreachable_nodes,
            "compute_s": compute_s,
            "settings": catalogs.applied,
            "geojson": shieldsim_report::geojson::footprint(&case),
        }))
    })
}

/// `POST /api/deterrent`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DeterrentRequest {
    /// Architecture ids (default: every catalog architecture).
    #[serde(default)]
    pub architectures: Option<Vec<String>>,
    /// Sensing assumptions (default all three).
    #[serde(default)]
    pub sensing: Option<Vec<String>>,
    /// Launch bases, PLACEs (default the catalog's ICBM bases west of the Urals).
    #[serde(default)]
    pub bases: Option<Vec<String>>,
    /// Targets, PLACEs (default seven North-American cities).
    #[serde(default)]
    pub targets: Option<Vec<String>>,
    /// Catalog missile id (default `icbm-11000`).
    #[serde(default)]
    pub missile: Option<String>,
    /// Settings.
    #[serde(default)]
    pub set: Option<Value>,
}

/// `POST /api/deterrent`.
pub fn deterrent(state: &Arc<State>, body: &[u8], started: Instant) -> Result<Value, ApiError> {
    let r: DeterrentRequest = parse(body)?;
    let settings = settings(&r.set)?;
    let catalogs = state.catalogs(&settings)?;
    let mut question = Deterrent::defaults(&catalogs.catalog).map_err(ApiError::internal)?;
    question.sweep = None;
    if let Some(m) = &r.missile {
        question.missile = threat(&catalogs, "missile", m)?;
    }
    let named = |field: &str,
                 list: &[String]|
     -> Result<Vec<(String, shieldsim_core::earth::Geodetic)>, ApiError> {
        if list.is_empty() {
            return Err(ApiError::field(field, "must not be empty"));
        }
        list.iter()
            .enumerate()
            .map(|(i, p)| place(&catalogs, &format!("{field}[{i}]"), p).map(|x| x.named()))
            .collect()
    };
    if let Some(b) = &r.bases {
        question.bases = named("bases", b)?;
    }
    if let Some(t) = &r.targets {
        question.targets = named("targets", t)?;
    }
    let routes = question.bases.len() * question.targets.len();
    if routes > state.limits.max_routes {
        return Err(ApiError::field(
            "bases",
            format!(
                "{routes} routes (bases × targets) is over the server's cap {}",
                state.limits.max_routes
            ),
        ));
    }
    if let Some(s) = &r.sensing {
        if s.is_empty() {
            return Err(ApiError::field("sensing", "must not be empty"));
        }
        question.sensing = s
            .iter()
            .enumerate()
            .map(|(i, n)| sensing(&format!("sensing[{i}]"), Some(n), Sensing::Own))
            .collect::<Result<_, _>>()?;
        question.sensing.dedup();
    }
    let ids: Vec<String> = match &r.architectures {
        Some(a) if a.is_empty() => {
            return Err(ApiError::field("architectures", "must not be empty"));
        }
        Some(a) => a.clone(),
        None => catalogs
            .defence
            .architectures
            .iter()
            .map(|a| a.id.clone())
            .collect(),
    };
    if ids.len() > state.limits.max_architectures {
        return Err(ApiError::field(
            "architectures",
            format!(
                "{} architectures is over the server's cap {}",
                ids.len(),
                state.limits.max_architectures
            ),
        ));
    }
    let archs: Vec<ResolvedArchitecture> = ids
        .iter()
        .enumerate()
        .map(|(i, id)| architecture(&catalogs, &format!("architectures[{i}]"), id))
        .collect::<Result<_, _>>()?;
    let me = Arc::clone(state);
    let what = format!("deterrent: {} architectures × {routes} routes", archs.len());
    state.run_study(what.clone(), started, move |progress| {
        let earth = Earth::wgs84();
        let tables = archs
            .iter()
            .map(|a| me.tables.get(a))
            .collect::<Result<Vec<_>, _>>()?;
        let pairs: Vec<(&ResolvedArchitecture, &[FlyoutTable])> = archs
            .iter()
            .zip(&tables)
            .map(|(a, t)| (a, t.as_slice()))
            .collect();
        let a = ScenarioAssumptions::defaults(&catalogs.assumptions, &catalogs.defence);
        let t0 = Instant::now();
        let study = shieldsim_studies::deterrent::deterrent_study(
            &earth,
            &catalogs,
            &pairs,
            &question,
            &a,
            None,
            &|done, total| progress("routes flown", done, total),
        )
        .map_err(|e| ApiError::study(&what, e))?;
        let compute_s = t0.elapsed().as_secs_f64();
        let assumption = shieldsim_studies::deterrent::deterrent_assumption(&question, &a);
        let rows: Vec<shieldsim_studies::summary::DeterrentSummary> = study
            .rows
            .iter()
            .map(shieldsim_studies::summary::DeterrentSummary::of)
            .collect();
        let routes: Vec<Value> = study
            .routes
            .iter()
            .map(|r| {
                serde_json::json!({
                    "base": r.report.base.0, "target": r.report.target.0,
                    "base_lat_deg": r.report.base.1.lat_deg(), "base_lon_deg": r.report.base.1.lon_deg(),
                    "target_lat_deg": r.report.target.1.lat_deg(), "target_lon_deg": r.report.target.1.lon_deg(),
                    "flight_time_s": r.report.flight.flight_time_s(),
                })
            })
            .collect();
        Ok(serde_json::json!({
            "missile": question.missile,
            "assumption": assumption,
            "sensing": question.sensing.iter().map(|s| s.name()).collect::<Vec<_>>(),
            "architectures": ids,
            "settings": catalogs.applied,
            "routes": routes,
            "rows": rows,
            "compute_s": compute_s,
        }))
    })
}
