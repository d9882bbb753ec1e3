//! Argument definitions (one clap definition drives parsing and `--help`) and the commands.

use crate::failure::Failure;
use crate::output::{self, Captured};
use clap::{ArgGroup, Args, Parser, Subcommand, ValueEnum};
use shieldsim_core::earth::{Earth, EarthModel};
use shieldsim_core::missile::Shape;
use shieldsim_report::text;
use shieldsim_scenario::catalog::{Catalog, ResolvedPlace};
use shieldsim_scenario::catalogs::{Catalogs, Setting};
use shieldsim_studies::trajectory::{self, AimQuery, BallisticQuery, FlyQuery, Sampling};
use std::path::Path;

fn catalog() -> Result<&'static Catalog, Failure> {
    Catalog::bundled().map_err(Failure::internal)
}

/// `--set ID.KEY=VALUE` settings, repeatable: every ranged catalog figure by its catalog key.
#[derive(Debug, Args)]
struct SetArgs {
    /// Set a ranged catalog figure by its catalog key, e.g. `sm3-iia.burnout_speed_km_s=5.0`,
    /// `icbm-11000.payload_kg=600`, `space-ir.delay_s=30`,
    /// `assumptions.track_after_burnout_s=45` (repeatable; `shieldsim list --json` shows every
    /// key with its source and range).
    #[arg(long = "set", value_name = "ID.KEY=VALUE")]
    set: Vec<String>,
}

impl SetArgs {
    /// The settings, parsed.
    fn settings(&self) -> Result<Vec<Setting>, Failure> {
        self.set
            .iter()
            .map(|t| Setting::parse(t).map_err(Failure::input))
            .collect()
    }

    /// The catalog with the settings (and `extra` ones, each named by the flag that gave it)
    /// applied; warnings for values outside their sourced ranges go to stderr.
    fn catalogs(&self, extra: &[(&str, Setting)]) -> Result<Catalogs, Failure> {
        let mut settings = self.settings()?;
        let mut names: Vec<String> = settings
            .iter()
            .map(|s| format!("--set {}", s.key))
            .collect();
        for (flag, s) in extra {
            settings.push(s.clone());
            names.push(format!("{flag} {}", s.value));
        }
        let c = Catalogs::with(&settings).map_err(|errors| {
            Failure::input(
                errors
                    .iter()
                    .map(|e| match &e.hint {
                        Some(h) => format!("{}: {} ({h})", names[e.index], e.message),
                        None => format!("{}: {}", names[e.index], e.message),
                    })
                    .collect::<Vec<_>>()
                    .join("\nerror: "),
            )
        })?;
        warn(&c.warnings());
        Ok(c)
    }
}

/// Warnings on stderr, one line each (or to the caller of [`capture`]).
pub(crate) fn warn(lines: &[String]) {
    for w in lines {
        if !output::captured_warning(w) {
            eprintln!("warning: {w}");
        }
    }
}

fn resolve_place(text: &str) -> Result<ResolvedPlace, Failure> {
    catalog()?.resolve_place(text).map_err(Failure::input)
}

/// shieldsim — open, validated simulation of ballistic-missile-defence architectures.
///
/// Every number is in the unit its flag names. Angles are geodetic degrees, north and east
/// positive; speeds, flight-path angles and azimuths are relative to the rotating Earth in the
/// local east-north-up frame.
#[derive(Debug, Parser)]
#[command(name = "shieldsim", version, about, long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Free flight in vacuum from a burnout state, to impact.
    #[command(allow_negative_numbers = true)]
    Ballistic(BallisticArgs),
    /// The burnout state (straight above the launch point) whose free flight lands on the target.
    #[command(allow_negative_numbers = true)]
    Aim(AimArgs),
    /// Full powered flight of a catalog missile from launch to re-entry-vehicle impact.
    #[command(allow_negative_numbers = true)]
    Fly(FlyArgs),
    /// Engagement opportunities of every site of an architecture against a catalog threat.
    #[command(allow_negative_numbers = true)]
    Engage(EngageArgs),
    /// Validate a scenario file: every problem at once, each at file:line:col with a hint.
    Check(CheckArgs),
    /// Run every analysis a scenario file declares; write the report directory (with --shard,
    /// one shard of the run, for `merge`).
    Run(RunArgs),
    /// Merge the shards of `run FILE --shard I/N` into the report `run FILE --out DIR` writes.
    Merge(MergeArgs),
    /// The bundled EPAA study, phase by phase.
    Demo(DemoArgs),
    /// The bundled catalog, with sources.
    List(ListArgs),
    /// The web app on this machine: an interactive map, timeline, footprints and the deterrent
    /// matrix, over a JSON API that mirrors these commands (docs/API.md).
    Serve(ServeArgs),
}

#[derive(Debug, Args)]
struct ServeArgs {
    /// Port (0: any free port; the URL is printed).
    #[arg(long, value_name = "P", default_value_t = 8080)]
    port: u16,
    /// Address to listen on. The default is loopback only; any other address lets other
    /// machines run studies on this one (docs/SECURITY.md).
    #[arg(long, value_name = "ADDR", default_value = "127.0.0.1")]
    host: std::net::IpAddr,
}

#[derive(Debug, Args)]
struct RunArgs {
    /// Scenario file (TOML).
    #[arg(value_name = "FILE")]
    file: std::path::PathBuf,
    /// Output directory (replaced atomically; an existing folder must be an earlier report or
    /// empty, unless --force).
    #[arg(long, value_name = "DIR")]
    out: std::path::PathBuf,
    /// Replace --out even if it is a folder that is not a shieldsim report (never a file).
    #[arg(long)]
    force: bool,
    /// Compute only shard I of N of the run's work units (counted from 1, as batch systems
    /// number array tasks) and write it to DIR/shard-I-of-N.json, for `merge`; DIR is created
    /// if missing and other files in it are left alone.
    #[arg(long, value_name = "I/N")]
    shard: Option<shieldsim_studies::ShardSpec>,
    #[command(flatten)]
    set: SetArgs,
    #[command(flatten)]
    budget: BudgetArgs,
}

#[derive(Debug, Args)]
struct MergeArgs {
    /// Folders holding shard files (shard-I-of-N.json), or shard files.
    #[arg(value_name = "DIR", required = true)]
    shards: Vec<std::path::PathBuf>,
    /// Output directory (replaced atomically; an existing folder must be an earlier report or
    /// empty, unless --force).
    #[arg(long, value_name = "DIR")]
    out: std::path::PathBuf,
    /// Replace --out even if it is a folder that is not a shieldsim report (never a file).
    #[arg(long)]
    force: bool,
}

/// Caps on the work a scenario asks for, checked before it starts (`shieldsim_studies::budget`).
#[derive(Debug, Args)]
struct BudgetArgs {
    /// Most aim points of footprint and coverage analyses.
    #[arg(long, value_name = "N", default_value_t = shieldsim_studies::budget::Caps::default().aim_points)]
    max_aim_points: usize,
    /// Most full flights (engage aim points and deterrent routes).
    #[arg(long, value_name = "N", default_value_t = shieldsim_studies::budget::Caps::default().flights)]
    max_flights: usize,
    /// Most fly-out tables of the speed sweeps.
    #[arg(long, value_name = "N", default_value_t = shieldsim_studies::budget::Caps::default().sweep_tables)]
    max_sweep_tables: usize,
    /// Most megabytes of report, estimated from the work before it starts.
    #[arg(long, value_name = "MB", default_value_t = shieldsim_studies::budget::Caps::default().output_mb)]
    max_output_mb: usize,
    /// Most engagements over the catalog's ranges ([uncertainty] sets × answers).
    #[arg(long, value_name = "N", default_value_t = shieldsim_studies::budget::Caps::default().evaluations)]
    max_evaluations: usize,
}

impl BudgetArgs {
    /// The work `s` asks for, refused (exit 2) beyond a cap.
    fn check(
        &self,
        s: &shieldsim_scenario::scenario::Scenario,
    ) -> Result<shieldsim_studies::budget::Work, Failure> {
        use shieldsim_studies::budget::{Caps, estimate, over};
        let w = estimate(s);
        let caps = Caps {
            aim_points: self.max_aim_points,
            flights: self.max_flights,
            sweep_tables: self.max_sweep_tables,
            output_mb: self.max_output_mb,
            evaluations: self.max_evaluations,
        };
        let o = over(&w, &caps);
        if o.is_empty() {
            Ok(w)
        } else {
            Err(Failure::input(
                o.iter()
                    .map(|x| x.to_string())
                    .collect::<Vec<_>>()
                    .join("\nerror: "),
            ))
        }
    }
}

#[derive(Debug, Args)]
struct DemoArgs {
    /// Output directory (replaced atomically; an existing folder must be an earlier report or
    /// empty, unless --force).
    #[arg(long, value_name = "DIR", default_value = "shieldsim-report")]
    out: std::path::PathBuf,
    /// Replace --out even if it is a folder that is not a shieldsim report (never a file).
    #[arg(long)]
    force: bool,
    /// Parameter sets per deterrent cell over the catalog's ranges (0: the point answers
    /// alone).
    #[arg(long, value_name = "N", default_value_t = shieldsim_studies::run::DEMO_SAMPLES, value_parser = clap::value_parser!(u32).range(0..=100_000))]
    samples: u32,
    /// Seed of the scrambled Sobol design.
    #[arg(long, value_name = "S", default_value_t = 1)]
    seed: u32,
    /// Parameter sets per coverage footprint (each a footprint evaluation; 0: none).
    #[arg(long, value_name = "N", default_value_t = shieldsim_studies::run::DEMO_COVERAGE_SAMPLES, value_parser = clap::value_parser!(u32).range(0..=1_000))]
    coverage_samples: u32,
}

#[derive(Debug, Args)]
struct CheckArgs {
    /// Scenario file (TOML).
    #[arg(value_name = "FILE")]
    file: std::path::PathBuf,
    #[command(flatten)]
    set: SetArgs,
    #[command(flatten)]
    budget: BudgetArgs,
}

#[derive(Debug, Args)]
struct EngageArgs {
    /// Catalog architecture id (see `shieldsim list architectures`), or an architecture file
    /// (one `[[architecture]]` in the format of `catalog/architectures.toml`).
    #[arg(long, value_name = "ID")]
    architecture: String,
    /// Catalog missile id of the threat.
    #[arg(long, value_name = "ID")]
    threat: String,
    /// Launch PLACE.
    #[arg(long, value_name = "PLACE", allow_hyphen_values = true)]
    from: String,
    /// Aim-point PLACE.
    #[arg(long, value_name = "PLACE", allow_hyphen_values = true)]
    to: String,
    /// Threat radar cross-section (m²; default: the catalog's `assumptions.rcs_m2`).
    #[arg(long, value_name = "M2")]
    rcs_m2: Option<f64>,
    /// From fire-control solution to launch (s; default: `assumptions.decision_delay_s`).
    #[arg(long, value_name = "S")]
    decision_delay_s: Option<f64>,
    /// From the threat's burnout to the first fire-control (ballistic) solution (s; default:
    /// `assumptions.track_after_burnout_s`).
    #[arg(long, value_name = "S")]
    track_after_burnout_s: Option<f64>,
    /// Kill assessment between shoot-look-shoot shots (s; default:
    /// `assumptions.kill_assessment_s`).
    #[arg(long, value_name = "S")]
    kill_assessment_s: Option<f64>,
    /// Where fire-control tracks come from: the architecture's own radars; those plus the
    /// early-warning radars outside it (`--cued-radar`); or a perfect track at burnout plus the
    /// track-after-burnout time (an upper bound on capability).
    #[arg(long, value_enum, default_value = "own")]
    sensing: SensingArg,
    /// Early-warning radar that `--sensing cued` links to every site (repeatable; any of the
    /// catalog's; default: those linked by default, Fylingdales and Pituffik — the Russian
    /// radars only when named).
    #[arg(long = "cued-radar", value_name = "ID")]
    cued_radars: Vec<String>,
    /// Deprecated: the same as `--sensing kinematic-bound` (it used to assume a track at the
    /// space-IR report, before the threat's burnout, which no sensor can give).
    #[arg(long, hide = true)]
    space_track: bool,
    #[command(flatten)]
    set: SetArgs,
    /// Single-shot kill probability: adds, per engaging site, the probability that no threat
    /// of a raid leaks (exact and Monte Carlo), with its shoot-look-shoot opportunities.
    #[arg(long, value_name = "P")]
    pk: Option<f64>,
    /// Interceptors per salvo (with --pk).
    #[arg(long, value_name = "N", default_value_t = 2)]
    shots_per_salvo: u32,
    /// Threats in the raid, all flying this trajectory (with --pk).
    #[arg(long, value_name = "N", default_value_t = 1)]
    raid_size: u32,
    /// Monte Carlo trials (with --pk).
    #[arg(long, value_name = "N", default_value_t = 100_000)]
    trials: u64,
    /// Parameter sets to sample from the catalog's ranges: adds the share of them in which some
    /// site engages, margin quantiles, what decides the answer and the break-even value.
    #[arg(long, value_name = "N")]
    samples: Option<u32>,
    /// Spread of each ranged figure (with --samples).
    #[arg(long, value_enum, default_value = "triangular")]
    distribution: DistributionArg,
    /// Vary only this figure (catalog key, repeatable; with --samples).
    #[arg(long = "vary", value_name = "ID.KEY")]
    vary: Vec<String>,
    /// Most parameter sets (with --samples).
    #[arg(long, value_name = "N", default_value_t = 100_000)]
    max_samples_sets: u32,
    /// Most Monte Carlo trials (with --pk).
    #[arg(long, value_name = "N", default_value_t = 10_000_000)]
    max_trials: u64,
    /// Largest raid (with --pk).
    #[arg(long, value_name = "N", default_value_t = 10_000)]
    max_raid_size: u64,
    /// Monte Carlo seed (with --pk): the same seed gives the same bytes on any thread count.
    #[arg(long, value_name = "S", default_value_t = 1)]
    seed: u64,
    /// Print JSON instead of text.
    #[arg(long)]
    json: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, ValueEnum)]
enum DistributionArg {
    /// Triangular over low–value–high, mode at the catalog value.
    Triangular,
    /// Uniform over low–high.
    Uniform,
}

#[derive(Debug, Clone, Copy, PartialEq, ValueEnum)]
enum SensingArg {
    /// The architecture's own linked radars.
    Own,
    /// Own radars plus early-warning radars outside the architecture.
    Cued,
    /// A perfect track at burnout + track-after-burnout: an upper bound on capability.
    KinematicBound,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum TrajectoryArg {
    /// Least energy: thrust terminated as early as possible.
    MinEnergy,
    /// Steeper than minimum energy (full burn, or cut off to reach --apogee-km).
    Lofted,
    /// Flatter than minimum energy (full burn, or cut off to reach --apogee-km).
    Depressed,
}

#[derive(Debug, Args)]
struct FlyArgs {
    /// Catalog missile id (see `shieldsim list missiles`).
    #[arg(long, value_name = "ID")]
    missile: String,
    /// Launch PLACE: a catalog name or LAT,LON in degrees.
    #[arg(long, value_name = "PLACE", allow_hyphen_values = true)]
    from: String,
    /// Aim-point PLACE: a catalog name or LAT,LON in degrees.
    #[arg(long, value_name = "PLACE", allow_hyphen_values = true)]
    to: String,
    /// Trajectory shape.
    #[arg(long, value_enum, default_value = "min-energy")]
    trajectory: TrajectoryArg,
    /// Apogee of a lofted or depressed trajectory (km); thrust is cut off to reach it.
    #[arg(long, value_name = "A")]
    apogee_km: Option<f64>,
    #[command(flatten)]
    set: SetArgs,
    #[command(flatten)]
    earth: EarthArgs,
    #[command(flatten)]
    output: OutputArgs,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum ListWhat {
    /// Missile classes.
    Missiles,
    /// Interceptors (arrive with the engagement model).
    Interceptors,
    /// Sensors (arrive with the engagement model).
    Sensors,
    /// Named places usable as PLACE.
    Places,
    /// Defence architectures (arrive with the engagement model).
    Architectures,
    /// Scenario-level assumptions: the kill chain's delays and the threat's RCS.
    Assumptions,
}

#[derive(Debug, Args)]
struct ListArgs {
    /// What to list (everything when omitted).
    #[arg(value_enum)]
    what: Option<ListWhat>,
    /// Print JSON instead of text.
    #[arg(long)]
    json: bool,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum EarthArg {
    /// WGS84 ellipsoid, point-mass + J2 gravity.
    Wgs84,
    /// Sphere of radius 6371 km, point-mass gravity.
    Sphere,
}

#[derive(Debug, Args)]
struct EarthArgs {
    /// Earth model.
    #[arg(long, value_enum, default_value = "wgs84")]
    earth: EarthArg,
    /// Do not rotate the Earth (ECEF is inertial).
    #[arg(long)]
    no_rotation: bool,
}

impl EarthArgs {
    fn earth(&self) -> Earth {
        let model = match self.earth {
            EarthArg::Wgs84 => EarthModel::Wgs84,
            EarthArg::Sphere => EarthModel::Sphere,
        };
        let e = Earth::from_model(model);
        if self.no_rotation {
            e.without_rotation()
        } else {
            e
        }
    }
}

#[derive(Debug, Args)]
struct OutputArgs {
    /// Print JSON (keys end in their unit) instead of text.
    #[arg(long)]
    json: bool,
    /// Spacing of the trajectory samples in the JSON output (s).
    #[arg(long, value_name = "S", default_value_t = 10.0)]
    sample_step_s: f64,
    /// Most trajectory samples the JSON output may hold (checked before flying, against an
    /// upper bound of the flight time).
    #[arg(long, value_name = "N", default_value_t = MAX_SAMPLES)]
    max_samples: u64,
}

/// Most interceptors in one salvo.
const MAX_SHOTS_PER_SALVO: u64 = 16;

/// Default cap on trajectory samples (about 100 MB of JSON).
const MAX_SAMPLES: u64 = 1_000_000;

#[derive(Debug, Args)]
struct BallisticArgs {
    /// Burnout latitude (deg, geodetic).
    #[arg(long, value_name = "DEG")]
    lat: f64,
    /// Burnout longitude (deg).
    #[arg(long, value_name = "DEG")]
    lon: f64,
    /// Burnout altitude above the model surface (km).
    #[arg(long, value_name = "KM")]
    alt_km: f64,
    /// Burnout speed relative to the rotating Earth (km/s).
    #[arg(long, value_name = "V")]
    speed_km_s: f64,
    /// Flight-path angle above the local horizontal (deg).
    #[arg(long, value_name = "G")]
    gamma_deg: f64,
    /// Azimuth of the velocity, from north clockwise (deg).
    #[arg(long, value_name = "A")]
    azimuth_deg: f64,
    #[command(flatten)]
    earth: EarthArgs,
    #[command(flatten)]
    output: OutputArgs,
}

#[derive(Debug, Args)]
#[command(group(ArgGroup::new("mode").args(["min_energy", "flight_time_s", "apogee_km"])))]
struct AimArgs {
    /// Launch PLACE: a catalog name (e.g. kozelsk) or LAT,LON in degrees.
    #[arg(long, value_name = "PLACE", allow_hyphen_values = true)]
    from: String,
    /// Target PLACE: a catalog name (e.g. washington) or LAT,LON in degrees.
    #[arg(long, value_name = "PLACE", allow_hyphen_values = true)]
    to: String,
    /// Burnout altitude above the launch point (km).
    #[arg(long, value_name = "KM", default_value_t = 0.0)]
    burnout_alt_km: f64,
    /// Minimum-energy trajectory: least Earth-relative burnout speed (the default).
    #[arg(long)]
    min_energy: bool,
    /// Trajectory with this free-flight time from burnout to impact (s).
    #[arg(long, value_name = "T")]
    flight_time_s: Option<f64>,
    /// Trajectory with this apogee above the model surface (km): lofted above the
    /// minimum-energy apogee, depressed below it.
    #[arg(long, value_name = "A")]
    apogee_km: Option<f64>,
    #[command(flatten)]
    earth: EarthArgs,
    #[command(flatten)]
    output: OutputArgs,
}

/// Parse arguments (without the program name) and check what can be checked without
/// computing: flags and values, `--set` settings, places, sampling. `Ok` means the command
/// would start its work. This is the argument layer the fuzzer drives; it prints nothing.
pub fn parse_args(args: &[String]) -> Result<(), String> {
    let argv = std::iter::once("shieldsim".to_string()).chain(args.iter().cloned());
    let cli = match Cli::try_parse_from(argv) {
        Ok(cli) => cli,
        Err(e) => {
            use clap::error::ErrorKind;
            if matches!(e.kind(), ErrorKind::DisplayHelp | ErrorKind::DisplayVersion) {
                return Ok(());
            }
            return Err(one_line_clap_error(&e.to_string()));
        }
    };
    cli.command.preflight().map_err(|f| f.message)
}

impl Command {
    /// The checks a command makes before it computes anything.
    fn preflight(&self) -> Result<(), Failure> {
        let places = |from: &str, to: &str| -> Result<(), Failure> {
            resolve_place(from)?;
            resolve_place(to).map(|_| ())
        };
        match self {
            Command::Ballistic(a) => a.output.sampling().map_or(Ok(()), |s| Ok(s.check_step()?)),
            Command::Aim(a) => {
                if let Some(s) = a.output.sampling() {
                    s.check_step()?;
                }
                places(&a.from, &a.to)
            }
            Command::Fly(a) => {
                if let Some(s) = a.output.sampling() {
                    s.check_step()?;
                    s.check_count(trajectory::MISSILE_FLIGHT_BOUND_S)?;
                }
                a.set.settings()?;
                places(&a.from, &a.to)
            }
            Command::Engage(a) => {
                a.set.settings()?;
                places(&a.from, &a.to)
            }
            Command::Check(a) => a.set.settings().map(|_| ()),
            Command::Run(a) => a.set.settings().map(|_| ()),
            Command::Demo(_) | Command::List(_) | Command::Serve(_) | Command::Merge(_) => Ok(()),
        }
    }
}

/// Parse the command line and run the command.
pub fn run() -> Result<(), Failure> {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            use clap::error::ErrorKind;
            if matches!(e.kind(), ErrorKind::DisplayHelp | ErrorKind::DisplayVersion) {
                let _ = e.print();
                return Ok(());
            }
            return Err(Failure::input(one_line_clap_error(&e.to_string())));
        }
    };
    execute(cli.command)
}

/// Parse a command line (without the program name) into its command; clap's messages on one
/// line, as [`run`] gives them.
fn parse_command(args: &[String]) -> Result<Command, Failure> {
    let argv = std::iter::once("shieldsim".to_string()).chain(args.iter().cloned());
    Cli::try_parse_from(argv)
        .map(|c| c.command)
        .map_err(|e| Failure::input(one_line_clap_error(&e.to_string())))
}

/// Run a `ballistic`, `aim`, `fly`, `engage` or `list` command line (without the program name;
/// `--json` is implied) through the very code [`run`] uses, and return the JSON document it
/// would print and its warnings instead of printing them. This is the Python package's way in:
/// its answers and its messages are the command line's by construction. Other commands are
/// refused (they write files or serve).
pub fn capture(args: &[String]) -> Result<Captured, Failure> {
    let mut args = args.to_vec();
    if !args.iter().any(|a| a == "--json") {
        args.push("--json".into());
    }
    let command = parse_command(&args)?;
    if !matches!(
        command,
        Command::Ballistic(_)
            | Command::Aim(_)
            | Command::Fly(_)
            | Command::Engage(_)
            | Command::List(_)
    ) {
        return Err(Failure::internal(
            "capture runs ballistic, aim, fly, engage and list only",
        ));
    }
    output::capturing(|| execute(command)).map(|((), c)| c)
}

/// The validated scenario of a `check FILE [--set ID.KEY=VALUE]… [--max-… N]` command line,
/// its work within the caps, exactly as `run` starts it; with `text`, FILE is not read and
/// only names the text in messages (relative paths in it are from the current folder). The
/// warnings `run` prints go to the second value.
pub fn scenario(
    args: &[String],
    text: Option<&str>,
) -> Result<(shieldsim_scenario::scenario::Scenario, Vec<String>), Failure> {
    let Command::Check(a) = parse_command(args)? else {
        return Err(Failure::internal("scenario takes a check command line"));
    };
    let (s, c) = output::capturing(|| {
        let settings = a.set.settings()?;
        let s = match text {
            None => load_scenario(&a.file, &settings)?,
            Some(t) => scenario_text(&a.file.display().to_string(), t, Path::new("."), &settings)?,
        };
        a.budget.check(&s)?;
        Ok(s)
    })?;
    Ok((s, c.warnings))
}

fn execute(command: Command) -> Result<(), Failure> {
    match command {
        Command::Ballistic(args) => ballistic_cmd(&args),
        Command::Aim(args) => aim_cmd(&args),
        Command::Fly(args) => fly_cmd(&args),
        Command::Engage(args) => engage_cmd(&args),
        Command::Check(args) => check_cmd(&args),
        Command::Run(args) => {
            let s = load_scenario(&args.file, &args.set.settings()?)?;
            args.budget.check(&s)?;
            if let Some(spec) = args.shard {
                let (path, done, units) = crate::run::run_shard(&s, spec, &args.out, args.force)?;
                return output::write_text(&format!(
                    "{}: shard {spec}: {done} of {units} work unit(s) written to {} (merge every shard with `shieldsim merge`)\n",
                    args.file.display(),
                    path.display()
                ));
            }
            crate::run::check_out(&args.out, args.force)?;
            let n = crate::run::run_scenario(&s, &args.out, args.force)?;
            output::write_text(&format!(
                "{}: {n} result(s) (engagements, footprints, deterrent routes) written to {}\n",
                args.file.display(),
                args.out.display()
            ))
        }
        Command::Demo(args) => {
            crate::run::check_out(&args.out, args.force)?;
            let options = shieldsim_studies::run::DemoOptions {
                uncertainty: (args.samples > 0).then(|| shieldsim_studies::uncertainty::Design {
                    samples: args.samples,
                    seed: args.seed,
                    distribution: shieldsim_studies::uncertainty::Distribution::Triangular,
                    vary: Vec::new(),
                    fix: Vec::new(),
                    narrow: Vec::new(),
                }),
                coverage_samples: args.coverage_samples,
            };
            let what = crate::run::demo(&args.out, args.force, &options)?;
            output::write_text(&format!(
                "demo: {what} of nine architectures (EPAA/NATO, the Russian and joint proposals, the hypothetical Nordic site) written to {} (open index.html)\n",
                args.out.display()
            ))
        }
        Command::Merge(args) => {
            crate::run::check_out(&args.out, args.force)?;
            let (shards, n) = crate::run::merge(&args.shards, &args.out, args.force)?;
            output::write_text(&format!(
                "merge: {shards} shard(s), {n} result(s) (engagements, footprints, deterrent routes) written to {}\n",
                args.out.display()
            ))
        }
        Command::List(args) => list_cmd(&args),
        Command::Serve(args) => serve_cmd(&args),
    }
}

/// Clap's messages span several lines (reason, usage, hint); keep the reason on one line.
fn one_line_clap_error(text: &str) -> String {
    let reason: Vec<&str> = text
        .lines()
        .take_while(|l| !l.starts_with("Usage:") && !l.starts_with("For more information"))
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    reason.join(" ").trim_start_matches("error: ").to_string()
}

impl OutputArgs {
    /// The samples the JSON output asks for (none for text).
    fn sampling(&self) -> Option<Sampling> {
        self.json.then_some(Sampling {
            step_s: self.sample_step_s,
            max_samples: self.max_samples,
        })
    }

    /// Print a document as JSON or as text.
    fn print<T: serde::Serialize>(
        &self,
        doc: &T,
        text: impl FnOnce(&T) -> String,
    ) -> Result<(), Failure> {
        if self.json {
            output::print_json(doc)
        } else {
            output::write_text(&text(doc))
        }
    }
}

fn ballistic_cmd(args: &BallisticArgs) -> Result<(), Failure> {
    let json = trajectory::ballistic(&BallisticQuery {
        earth: args.earth.earth(),
        lat_deg: args.lat,
        lon_deg: args.lon,
        alt_km: args.alt_km,
        speed_km_s: args.speed_km_s,
        gamma_deg: args.gamma_deg,
        azimuth_deg: args.azimuth_deg,
        sampling: args.output.sampling(),
    })?;
    args.output.print(&json, text::ballistic_text)
}

fn aim_cmd(args: &AimArgs) -> Result<(), Failure> {
    if let Some(s) = args.output.sampling() {
        s.check_step()?;
    }
    let json = trajectory::aim(&AimQuery {
        earth: args.earth.earth(),
        from: resolve_place(&args.from)?,
        to: resolve_place(&args.to)?,
        burnout_alt_km: args.burnout_alt_km,
        flight_time_s: args.flight_time_s,
        apogee_km: args.apogee_km,
        sampling: args.output.sampling(),
    })?;
    args.output.print(&json, text::aim_text)
}

fn fly_cmd(args: &FlyArgs) -> Result<(), Failure> {
    if let Some(s) = args.output.sampling() {
        s.check_step()?;
        s.check_count(trajectory::MISSILE_FLIGHT_BOUND_S)?;
    }
    let catalogs = args.set.catalogs(&[])?;
    let shape = match args.trajectory {
        TrajectoryArg::MinEnergy => Shape::MinEnergy,
        TrajectoryArg::Lofted => Shape::Lofted,
        TrajectoryArg::Depressed => Shape::Depressed,
    };
    let json = trajectory::fly(
        &FlyQuery {
            earth: args.earth.earth(),
            missile: args.missile.clone(),
            from: resolve_place(&args.from)?,
            to: resolve_place(&args.to)?,
            shape,
            apogee_km: args.apogee_km,
            sampling: args.output.sampling(),
        },
        &catalogs,
    )?;
    args.output.print(&json, text::fly_text)
}

fn engage_cmd(args: &EngageArgs) -> Result<(), Failure> {
    use shieldsim_core::engagement::Sensing;
    use shieldsim_scenario::catalogs::ASSUMPTIONS_ID;
    if let Some(pk) = args.pk
        && !(0.0..=1.0).contains(&pk)
    {
        return Err(Failure::input(format!(
            "--pk {pk} must lie between 0 and 1"
        )));
    }
    if args.shots_per_salvo == 0 || args.raid_size == 0 || args.trials == 0 {
        return Err(Failure::input(
            "--shots-per-salvo, --raid-size and --trials must be at least 1",
        ));
    }
    // Monte Carlo work grows as trials × raid × shots; the exact recursion as raid × inventory.
    for (flag, value, cap, raise) in [
        ("--trials", args.trials, args.max_trials, "--max-trials"),
        (
            "--raid-size",
            u64::from(args.raid_size),
            args.max_raid_size,
            "--max-raid-size",
        ),
        (
            "--shots-per-salvo",
            u64::from(args.shots_per_salvo),
            MAX_SHOTS_PER_SALVO,
            "no flag: a salvo of more interceptors is not a doctrine",
        ),
    ] {
        if value > cap {
            return Err(Failure::input(format!(
                "{flag} {value} is over the cap {cap} ({raise})"
            )));
        }
    }
    // The assumption flags are settings of `assumptions.KEY`, checked the same way.
    let flags: Vec<(&str, Setting)> = [
        ("--rcs-m2", "rcs_m2", args.rcs_m2),
        (
            "--decision-delay-s",
            "decision_delay_s",
            args.decision_delay_s,
        ),
        (
            "--track-after-burnout-s",
            "track_after_burnout_s",
            args.track_after_burnout_s,
        ),
        (
            "--kill-assessment-s",
            "kill_assessment_s",
            args.kill_assessment_s,
        ),
    ]
    .into_iter()
    .filter_map(|(flag, k, v)| {
        Some((
            flag,
            Setting {
                key: format!("{ASSUMPTIONS_ID}.{k}"),
                value: v?,
            },
        ))
    })
    .collect();
    let catalogs = args.set.catalogs(&flags)?;
    if !args.cued_radars.is_empty() && (args.space_track || args.sensing != SensingArg::Cued) {
        return Err(Failure::input(
            "--cued-radar links early-warning radars only with --sensing cued",
        ));
    }
    let sensing = if args.space_track {
        warn(&["--space-track is deprecated: it now means --sensing kinematic-bound (a perfect track at the threat's burnout plus the track-after-burnout time, an upper bound); it used to assume a track at the space-IR report, before burnout, which no sensor can give".into()]);
        Sensing::KinematicBound
    } else {
        match args.sensing {
            SensingArg::Own => Sensing::Own,
            SensingArg::Cued => Sensing::Cued,
            SensingArg::KinematicBound => Sensing::KinematicBound,
        }
    };
    let (catalog, defence) = (&catalogs.catalog, &catalogs.defence);
    let base = architecture_arg(catalog, defence, &args.architecture)?;
    let (from, to) = (resolve_place(&args.from)?, resolve_place(&args.to)?);
    let json = shieldsim_studies::engage::engage(&shieldsim_studies::engage::EngageQuery {
        catalogs: &catalogs,
        architecture: &base,
        threat: &args.threat,
        from: &from,
        to: &to,
        sensing,
        cued_radars: (!args.cued_radars.is_empty()).then(|| args.cued_radars.clone()),
        uncertainty: match args.samples {
            None => None,
            Some(0) => return Err(Failure::input("--samples must be at least 1")),
            Some(n) if n > args.max_samples_sets => {
                return Err(Failure::input(format!(
                    "--samples {n} is over the cap {} (--max-samples-sets)",
                    args.max_samples_sets
                )));
            }
            Some(n) => Some(shieldsim_studies::uncertainty::Design {
                samples: n,
                seed: u32::try_from(args.seed).map_err(|_| {
                    Failure::input(format!(
                        "--seed {} must be below 2^32 with --samples",
                        args.seed
                    ))
                })?,
                distribution: match args.distribution {
                    DistributionArg::Triangular => {
                        shieldsim_studies::uncertainty::Distribution::Triangular
                    }
                    DistributionArg::Uniform => {
                        shieldsim_studies::uncertainty::Distribution::Uniform
                    }
                },
                vary: args.vary.clone(),
                fix: Vec::new(),
                narrow: Vec::new(),
            }),
        },
        effectiveness: args
            .pk
            .map(|pk| shieldsim_studies::engage::EffectivenessQuery {
                pk,
                shots_per_salvo: args.shots_per_salvo,
                raid_size: args.raid_size,
                trials: args.trials,
                seed: args.seed,
            }),
    })?;
    if args.json {
        output::print_json(&json)
    } else {
        output::write_text(&text::engage_text(&json))
    }
}

/// `--architecture ID|FILE`: a catalog id, or an architecture file (a `.toml` path or any
/// existing file) checked with every problem listed, one line each.
fn architecture_arg(
    catalog: &shieldsim_scenario::catalog::Catalog,
    defence: &shieldsim_scenario::defence::DefenceCatalog,
    arg: &str,
) -> Result<shieldsim_scenario::defence::ResolvedArchitecture, Failure> {
    let path = std::path::Path::new(arg);
    if !(arg.ends_with(".toml") || path.is_file()) {
        return defence.architecture(catalog, arg).map_err(Failure::input);
    }
    shieldsim_scenario::architecture_file::load(catalog, defence, path).map_err(|d| {
        let text = d
            .first()
            .and_then(|x| x.origin.as_ref())
            .map(|o| o.text.to_string())
            .unwrap_or_default();
        Failure::input(
            shieldsim_scenario::scenario::format_diagnostics(arg, &text, &d).join("\nerror: "),
        )
    })
}

/// Read and validate a scenario file; bad input lists every problem, one line each.
fn load_scenario(
    path: &std::path::Path,
    settings: &[Setting],
) -> Result<shieldsim_scenario::scenario::Scenario, Failure> {
    let shown = path.display().to_string();
    let text = shieldsim_scenario::input::max_input_bytes()
        .and_then(|limit| shieldsim_scenario::input::read_bounded(path, limit))
        .map_err(|e| Failure::input(format!("{shown}: cannot read the scenario file: {e}")))?;
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(std::path::Path::new("."));
    scenario_text(&shown, &text, dir, settings)
}

/// Validate scenario `text` (named `shown` in messages; paths in it relative to `dir`).
fn scenario_text(
    shown: &str,
    text: &str,
    dir: &std::path::Path,
    settings: &[Setting],
) -> Result<shieldsim_scenario::scenario::Scenario, Failure> {
    let s = shieldsim_scenario::scenario::parse_with(text, dir, settings).map_err(|d| {
        Failure::input(
            shieldsim_scenario::scenario::format_diagnostics(shown, text, &d).join("\nerror: "),
        )
    })?;
    warn(&s.catalogs.warnings());
    Ok(s)
}

fn check_cmd(args: &CheckArgs) -> Result<(), Failure> {
    let s = load_scenario(&args.file, &args.set.settings()?)?;
    let w = args.budget.check(&s)?;
    output::write_text(&format!(
        "{}: ok — \"{}\": architecture {} ({}), {} threat(s), {} analysis(es); work: {} aim points, {} full flights, {} sweep fly-out tables, about {} MB of report{}; {} work unit(s) for run --shard\n",
        args.file.display(),
        s.title,
        s.architecture.entry.id,
        s.architecture.entry.year,
        s.threats.len(),
        s.analyses.len(),
        w.aim_points,
        w.flights,
        w.sweep_tables,
        w.output_mb,
        match &s.uncertainty {
            Some(u) => format!(
                "; over the catalog's ranges: {} parameter sets per answer ({} per coverage), at most {} engagements",
                u.samples, u.coverage_samples, w.evaluations
            ),
            None => String::new(),
        },
        shieldsim_studies::shard::work_units(&s)
    ))
}

fn serve_cmd(args: &ServeArgs) -> Result<(), Failure> {
    let server = shieldsim_serve::Server::bind(&shieldsim_serve::Options {
        host: args.host,
        port: args.port,
        limits: shieldsim_serve::Limits::default(),
    })
    .map_err(Failure::input)?;
    if !args.host.is_loopback() {
        warn(&[format!(
            "serving on {}, which other machines may reach: anyone who can connect can run studies here",
            args.host
        )]);
    }
    // A panic in a request is answered with 500 (the server catches it); the command line's
    // hook, which ends the process, must not run. One line on stderr instead.
    std::panic::set_hook(Box::new(|info| {
        let at = info
            .location()
            .map(|l| format!(" at {}:{}", l.file(), l.line()))
            .unwrap_or_default();
        eprintln!("error: internal error in a request{at} (answered with 500; please report this)");
    }));
    output::write_text(&format!("serving {}\n", server.url()))?;
    server.run();
    Ok(())
}

fn list_cmd(args: &ListArgs) -> Result<(), Failure> {
    let catalogs = Catalogs::bundled().map_err(Failure::internal)?;
    let doc = shieldsim_studies::list::ListJson::new(
        &catalogs.catalog,
        Some(&catalogs.defence),
        Some(&catalogs.assumptions),
        args.what
            .map(|w| {
                w.to_possible_value()
                    .map(|v| v.get_name().to_string())
                    .unwrap_or_default()
            })
            .as_deref(),
    );
    if args.json {
        output::print_json(&doc)
    } else {
        output::write_text(&text::list_text(&doc))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn cli_definition_is_consistent() {
        Cli::command().debug_assert();
    }

    #[test]
    fn clap_errors_become_one_line() {
        let text = "error: the following required arguments were not provided:\n  --lat <DEG>\n\nUsage: shieldsim ballistic --lat <DEG>\n\nFor more information, try '--help'.\n";
        assert_eq!(
            one_line_clap_error(text),
            "the following required arguments were not provided: --lat <DEG>"
        );
    }
}
