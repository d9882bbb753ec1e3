//! Fly-out tables built once per process and, when a cache directory is set, once per machine.
//!
//! A fly-out table takes ~100 ms to build and ~3 ms of engagement work uses it, so a scripted
//! sweep or a notebook would spend nearly all its time rebuilding the same tables. Every front
//! end gets its tables from [`table`]:
//!
//! - **In memory**: keyed by [`FlyoutTable::cache_key`] (program version, a fingerprint of the
//!   code that builds tables, the table resolution and the whole interceptor model), at most
//!   [`MEMORY_BYTES`] of grids; the oldest goes first. A copy shares the grid, so holding it
//!   here costs no second grid while a study uses it; what the cache adds is the tables kept
//!   between studies (bounded, for the web app and long notebook sessions).
//! - **On disk**, only when a directory is set ([`set_disk_dir`], or `SHIELDSIM_CACHE_DIR` in
//!   the environment): one file per key, `flyout-<FNV-1a of the key>.bin`, holding the whole
//!   key and a checksum ([`FlyoutTable::to_bytes`]). An entry is trusted only if it reads back
//!   whole and its key is this table's key; a corrupt, partial, stale (other code or version)
//!   or foreign entry is rebuilt and replaced. Writes go to a temporary file in the same
//!   directory, renamed into place, so a reader never sees half a table and concurrent
//!   processes (array jobs, Dask workers) at worst build the same table twice.
//!
//! A table read back is the built table bit for bit (the f64s are stored as their bits), so an
//! answer is the same bytes with or without either cache (tested in `shieldsim-core` and by the
//! Python package's tests). The command line uses the disk only when `SHIELDSIM_CACHE_DIR` is
//! set: it writes nowhere its user did not name (batch jobs, read-only homes); the Python
//! package sets `~/.cache/shieldsim` by default (docs/PYTHON.md).

use shieldsim_core::interceptor::{FNV_OFFSET, FlyoutTable, Interceptor, fnv1a};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Mutex, OnceLock};

/// Grid bytes kept in memory between studies (a table's grid is 1–9 MB; an uncertainty
/// study's speed lattice holds a few dozen tables, which the study itself holds while it runs).
pub const MEMORY_BYTES: usize = 256 << 20;

/// Environment variable naming the disk cache's directory.
pub const CACHE_DIR_ENV: &str = "SHIELDSIM_CACHE_DIR";

struct Cache {
    memory: HashMap<String, FlyoutTable>,
    /// Keys, oldest first.
    order: Vec<String>,
    /// Grid bytes held.
    bytes: usize,
    dir: Option<PathBuf>,
}

fn cache() -> &'static Mutex<Cache> {
    static CACHE: OnceLock<Mutex<Cache>> = OnceLock::new();
    CACHE.get_or_init(|| {
        Mutex::new(Cache {
            memory: HashMap::new(),
            order: Vec::new(),
            bytes: 0,
            dir: std::env::var_os(CACHE_DIR_ENV)
                .filter(|d| !d.is_empty())
                .map(PathBuf::from),
        })
    })
}

fn lock() -> std::sync::MutexGuard<'static, Cache> {
    // The cache is valid at every step; a panic elsewhere leaves it usable.
    cache().lock().unwrap_or_else(|e| e.into_inner())
}

/// How the tables asked for so far were found.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Stats {
    /// Built (found in neither cache).
    pub built: u64,
    /// Found in memory.
    pub memory_hits: u64,
    /// Read from disk.
    pub disk_hits: u64,
    /// Disk entries refused (corrupt, partial, stale or foreign) and rebuilt.
    pub disk_rejected: u64,
    /// Disk writes that failed (the table is still used; only the next process rebuilds it).
    pub disk_write_errors: u64,
}

static BUILT: AtomicU64 = AtomicU64::new(0);
static MEMORY_HITS: AtomicU64 = AtomicU64::new(0);
static DISK_HITS: AtomicU64 = AtomicU64::new(0);
static DISK_REJECTED: AtomicU64 = AtomicU64::new(0);
static DISK_WRITE_ERRORS: AtomicU64 = AtomicU64::new(0);

/// The counts since the process started.
pub fn stats() -> Stats {
    Stats {
        built: BUILT.load(Ordering::Relaxed),
        memory_hits: MEMORY_HITS.load(Ordering::Relaxed),
        disk_hits: DISK_HITS.load(Ordering::Relaxed),
        disk_rejected: DISK_REJECTED.load(Ordering::Relaxed),
        disk_write_errors: DISK_WRITE_ERRORS.load(Ordering::Relaxed),
    }
}

/// Use `dir` for the disk cache (created when first written), or no disk cache (`None`).
pub fn set_disk_dir(dir: Option<PathBuf>) {
    lock().dir = dir;
}

/// The disk cache's directory, if any.
pub fn disk_dir() -> Option<PathBuf> {
    lock().dir.clone()
}

/// Forget the tables held in memory (the next request reads the disk or builds).
pub fn clear_memory() {
    let mut c = lock();
    c.memory.clear();
    c.order.clear();
    c.bytes = 0;
}

/// The file that holds `key`'s table in `dir`.
pub fn disk_path(dir: &Path, key: &str) -> PathBuf {
    dir.join(format!(
        "flyout-{:016x}.bin",
        fnv1a(FNV_OFFSET, key.as_bytes())
    ))
}

/// The fly-out table of `model`: from memory, from disk, or built (then kept in both).
pub fn table(model: &Interceptor) -> Result<FlyoutTable, String> {
    let key = FlyoutTable::cache_key(model);
    let dir = {
        let c = lock();
        if let Some(t) = c.memory.get(&key) {
            MEMORY_HITS.fetch_add(1, Ordering::Relaxed);
            return Ok(t.clone());
        }
        c.dir.clone()
    };
    // Read or built outside the lock: no caller waits for another's table.
    let from_disk = dir.as_deref().and_then(|d| {
        let bytes = std::fs::read(disk_path(d, &key)).ok()?;
        match FlyoutTable::from_bytes(model, &bytes) {
            Ok(t) => Some(t),
            Err(_) => {
                DISK_REJECTED.fetch_add(1, Ordering::Relaxed);
                None
            }
        }
    });
    let t = match from_disk {
        Some(t) => {
            DISK_HITS.fetch_add(1, Ordering::Relaxed);
            t
        }
        None => {
            let t = FlyoutTable::build(model)?;
            BUILT.fetch_add(1, Ordering::Relaxed);
            if let (Some(d), Some(bytes)) = (dir.as_deref(), t.to_bytes())
                && write_atomically(&disk_path(d, &key), &bytes).is_err()
            {
                DISK_WRITE_ERRORS.fetch_add(1, Ordering::Relaxed);
            }
            t
        }
    };
    let mut c = lock();
    if !c.memory.contains_key(&key) {
        let size = t.size_bytes();
        while !c.order.is_empty() && c.bytes + size > MEMORY_BYTES {
            let oldest = c.order.remove(0);
            if let Some(old) = c.memory.remove(&oldest) {
                c.bytes -= old.size_bytes();
            }
        }
        c.bytes += size;
        c.order.push(key.clone());
        c.memory.insert(key, t.clone());
    }
    Ok(t)
}

/// Write `bytes` to `path` through a temporary file in the same directory, renamed into place.
fn write_atomically(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    use std::io::Write;
    static NEXT: AtomicU64 = AtomicU64::new(0);
    let dir = path.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir)?;
    let tmp = dir.join(format!(
        ".tmp-{}-{}-{}",
        std::process::id(),
        NEXT.fetch_add(1, Ordering::Relaxed),
        path.file_name().and_then(|n| n.to_str()).unwrap_or("table")
    ));
    let written = (|| {
        let mut f = std::fs::File::create(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        std::fs::rename(&tmp, path)
    })();
    if written.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    written
}
