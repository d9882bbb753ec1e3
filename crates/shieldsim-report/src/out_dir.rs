//! Writing a report folder safely ([`write_dir_atomically`]).
//!
//! A report folder carries a marker file ([`MARKER`]); only a folder with the marker (or an
//! empty one, or none at all) is replaced without `force`, and nothing that is not a folder is
//! ever touched. Beside the output, in its parent folder, a run uses:
//!
//! - `.NAME.lock`: an advisory lock (held while the run writes; the file holds its process id
//!   and is removed when the run ends). The operating system releases the lock when a process
//!   dies, so a lock file left by a killed run is not held and is simply taken over.
//! - `.NAME.tmp-PID`: the new report, written whole before it replaces `NAME`.
//! - `.NAME.old-PID`: the previous `NAME`, between the two renames that replace it.
//!
//! A run that was killed can leave the last two behind; the next run (holding the lock)
//! restores or removes them, with a note, but only when they carry the marker (or are empty).

use std::fs;
use std::io::{self, Read as _, Seek as _, Write as _};
use std::path::{Path, PathBuf};

/// The name of the marker file that makes a folder a shieldsim report.
pub const MARKER: &str = ".shieldsim-report";

/// The marker's bytes: one line, the same for every run of one version (no time stamp, so the
/// same inputs keep giving the same bytes).
pub const MARKER_CONTENT: &str = concat!(
    "shieldsim ",
    env!("CARGO_PKG_VERSION"),
    " report: a run with --out naming this folder replaces it\n"
);

/// Why a report folder was not written. Every variant except [`OutError::Io`] is a refusal
/// that left the path untouched.
#[derive(Debug, thiserror::Error)]
pub enum OutError {
    /// The path names no folder of its own (`.`, `..`, a root).
    #[error("{}: name the report folder itself (not `.`, `..` or a root)", .0.display())]
    BadName(PathBuf),
    /// An existing, non-empty folder without the marker: not a report, so not replaced
    /// without `force`.
    #[error(
        "{}: an existing folder that is not a shieldsim report (no {MARKER} marker{}); it was left untouched",
        path.display(),
        if *earlier_report { "; its index.html and summary.json look like a report of a shieldsim from before the marker" } else { "" }
    )]
    NotAReport {
        /// The output path.
        path: PathBuf,
        /// It holds `index.html` and `summary.json`: probably a report written before reports
        /// carried the marker.
        earlier_report: bool,
    },
    /// Something that is not a folder (a file, a symbolic link, a device): never replaced.
    #[error("{}: exists and is {kind}, not a folder; it was left untouched", path.display())]
    NotADirectory {
        /// The output path.
        path: PathBuf,
        /// What it is ("a file", "a symbolic link", …).
        kind: &'static str,
    },
    /// Another run holds the lock.
    #[error(
        "{}: another shieldsim run is writing this report (lock {} held{}); wait for it to finish",
        out.display(),
        lock.display(),
        pid.map(|p| format!(" by process {p}")).unwrap_or_default()
    )]
    Locked {
        /// The output path.
        out: PathBuf,
        /// The lock file.
        lock: PathBuf,
        /// The process id written in the lock file, when it could be read.
        pid: Option<u32>,
    },
    /// The lock file's path holds something that is not a shieldsim lock.
    #[error(
        "{}: the lock file {} exists and is not a shieldsim lock; it was left untouched",
        out.display(),
        lock.display()
    )]
    ForeignLock {
        /// The output path.
        out: PathBuf,
        /// The lock file's path.
        lock: PathBuf,
    },
    /// Building a file's bytes failed (a defect, not the folder's fault); nothing was
    /// replaced.
    #[error("{file}: {message}")]
    Build {
        /// The file being built.
        file: String,
        /// Why.
        message: String,
    },
    /// Reading or writing failed (`path` is the file or folder concerned).
    #[error("{}: {source}", path.display())]
    Io {
        /// The file or folder concerned.
        path: PathBuf,
        /// The error.
        source: io::Error,
    },
}

/// Attach `path` to an I/O error.
fn at(path: &Path) -> impl FnOnce(io::Error) -> OutError + '_ {
    move |source| OutError::Io {
        path: path.to_path_buf(),
        source,
    }
}

/// Write `files` into the report folder `out` atomically, refusing to destroy anything that is
/// not a report:
///
/// - `out` missing, an empty folder, or a report folder (it carries [`MARKER`]): replaced.
/// - `out` a non-empty folder without the marker: [`OutError::NotAReport`] unless `force`.
/// - `out` anything but a folder (a file, a symbolic link, …): [`OutError::NotADirectory`],
///   even with `force`.
/// - another run writing `out`: [`OutError::Locked`].
///
/// Everything goes into a sibling temporary folder (with the marker), which then replaces
/// `out` by rename. If anything fails, `out` is as it was and the temporary folder is removed.
/// Leftovers of a killed run (see the module documentation) are restored or removed first, and
/// each is reported to `note` in one sentence.
pub fn write_dir_atomically(
    out: &Path,
    files: &[(String, Vec<u8>)],
    force: bool,
    note: &mut dyn FnMut(String),
) -> Result<(), OutError> {
    let makers: Vec<(String, crate::Maker<'_>)> = files
        .iter()
        .map(|(name, bytes)| {
            let make: crate::Maker<'_> = Box::new(|| Ok(bytes.clone()));
            (name.clone(), make)
        })
        .collect();
    write_dir_streaming(out, &makers, force, note)
}

/// [`write_dir_atomically`], with each file's bytes built only when it is written and dropped
/// right after: the report's memory is the largest file's, not the sum of all of them.
pub fn write_dir_streaming<F: Fn() -> Result<Vec<u8>, String>>(
    out: &Path,
    files: &[(String, F)],
    force: bool,
    note: &mut dyn FnMut(String),
) -> Result<(), OutError> {
    let (name, parent, target) = locate(out)?;
    if let Some((file, _)) = files.iter().find(|(f, _)| f == MARKER) {
        return Err(OutError::Io {
            path: target.join(file),
            source: io::Error::new(io::ErrorKind::InvalidInput, "a reserved file name"),
        });
    }
    fs::create_dir_all(&parent).map_err(at(&parent))?;
    let _lock = Lock::acquire(&parent.join(format!(".{name}.lock")), out, note)?;
    recover(&parent, &name, &target, note)?;
    refuse(&target, out, force)?;
    let pid = std::process::id();
    let tmp = parent.join(format!(".{name}.tmp-{pid}"));
    let old = parent.join(format!(".{name}.old-{pid}"));
    let mut created = false;
    let mut moved = false;
    let result = (|| {
        fs::create_dir(&tmp).map_err(at(&tmp))?;
        created = true;
        fs::write(tmp.join(MARKER), MARKER_CONTENT).map_err(at(&tmp.join(MARKER)))?;
        for (file, make) in files {
            let bytes = make().map_err(|message| OutError::Build {
                file: file.clone(),
                message,
            })?;
            fs::write(tmp.join(file), bytes).map_err(at(&tmp.join(file)))?;
        }
        if fs::symlink_metadata(&target).is_ok() {
            fs::rename(&target, &old).map_err(at(&target))?;
            moved = true;
        }
        fs::rename(&tmp, &target).map_err(at(&target))?;
        created = false;
        Ok(())
    })();
    if result.is_err() {
        if created {
            let _ = fs::remove_dir_all(&tmp);
        }
        if moved && fs::symlink_metadata(&target).is_err() {
            let _ = fs::rename(&old, &target);
        }
        return result;
    }
    if moved && let Err(e) = fs::remove_dir_all(&old) {
        note(format!(
            "could not remove {} (the previous {}): {e}",
            old.display(),
            target.display()
        ));
    }
    Ok(())
}

/// What [`write_dir_atomically`] would refuse (a bad name, something that is not a folder, a
/// folder that is not a report without `force`, a lock held by another run), checked now
/// without changing anything, so that a long run can be refused before it starts. The write
/// checks again, under the lock.
pub fn check_out_dir(out: &Path, force: bool) -> Result<(), OutError> {
    let (name, parent, target) = locate(out)?;
    let lock = parent.join(format!(".{name}.lock"));
    if fs::symlink_metadata(&lock).is_ok_and(|m| m.file_type().is_file())
        && let Ok(file) = fs::File::open(&lock)
        && let Err(fs::TryLockError::WouldBlock) = file.try_lock_shared()
    {
        return Err(OutError::Locked {
            out: out.to_path_buf(),
            pid: lock_pid(&lock),
            lock,
        });
    }
    refuse(&target, out, force)
}

/// The folder's name, its parent folder and its path as parent/name (`out` as given may end in
/// `/` or `/.`: the folder is renamed by its own name).
fn locate(out: &Path) -> Result<(String, PathBuf, PathBuf), OutError> {
    let Some(name) = out.file_name().map(|n| n.to_string_lossy().to_string()) else {
        return Err(OutError::BadName(out.to_path_buf()));
    };
    let parent = match out.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let target = parent.join(&name);
    Ok((name, parent, target))
}

/// Refuse what stands at `target` (named `out` by the user) if it is not a folder, or a folder
/// that is not a report and not empty, unless `force`.
fn refuse(target: &Path, out: &Path, force: bool) -> Result<(), OutError> {
    match classify(target).map_err(at(target))? {
        Existing::NotADirectory(kind) => Err(OutError::NotADirectory {
            path: out.to_path_buf(),
            kind,
        }),
        Existing::OtherFolder if !force => Err(OutError::NotAReport {
            path: out.to_path_buf(),
            earlier_report: ["index.html", "summary.json"]
                .iter()
                .all(|f| fs::symlink_metadata(target.join(f)).is_ok_and(|m| m.is_file())),
        }),
        _ => Ok(()),
    }
}

/// The process id written in a lock file, if it can be read.
fn lock_pid(lock: &Path) -> Option<u32> {
    fs::read_to_string(lock)
        .ok()
        .and_then(|s| s.trim().parse().ok())
}

/// What stands at the output path.
enum Existing {
    Missing,
    Report,
    EmptyFolder,
    OtherFolder,
    NotADirectory(&'static str),
}

fn classify(path: &Path) -> io::Result<Existing> {
    let meta = match fs::symlink_metadata(path) {
        Ok(m) => m,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(Existing::Missing),
        Err(e) => return Err(e),
    };
    let kind = meta.file_type();
    Ok(if kind.is_symlink() {
        Existing::NotADirectory("a symbolic link")
    } else if kind.is_file() {
        Existing::NotADirectory("a file")
    } else if !kind.is_dir() {
        Existing::NotADirectory("neither a file nor a folder")
    } else if is_report(path) {
        Existing::Report
    } else if fs::read_dir(path)?.next().is_none() {
        Existing::EmptyFolder
    } else {
        Existing::OtherFolder
    })
}

/// A real folder (not a link to one) holding the marker file.
pub fn is_report(path: &Path) -> bool {
    let is_dir = fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_dir());
    let marker = path.join(MARKER);
    let is_file = fs::symlink_metadata(&marker).is_ok_and(|m| m.file_type().is_file());
    if !is_dir || !is_file {
        return false;
    }
    let mut head = [0u8; 10];
    fs::File::open(&marker)
        .and_then(|mut f| f.read_exact(&mut head))
        .is_ok_and(|()| &head == b"shieldsim ")
}

/// Restore or remove what a killed run left beside `target`: `.NAME.tmp-PID` folders (an
/// unfinished report: removed) and `.NAME.old-PID` folders (the previous report between the
/// two renames: restored when `target` is missing, removed when `target` is a complete report).
/// Only folders carrying the marker (or empty ones) are removed; anything else is left, with a
/// note. Called with the lock held, so no live run owns them.
fn recover(
    parent: &Path,
    name: &str,
    target: &Path,
    note: &mut dyn FnMut(String),
) -> Result<(), OutError> {
    let tmp_prefix = format!(".{name}.tmp-");
    let old_prefix = format!(".{name}.old-");
    let ours = |file: &str, prefix: &str| {
        file.strip_prefix(prefix)
            .is_some_and(|pid| !pid.is_empty() && pid.bytes().all(|b| b.is_ascii_digit()))
    };
    let mut stale = Vec::new();
    for entry in fs::read_dir(parent).map_err(at(parent))? {
        let entry = entry.map_err(at(parent))?;
        let file = entry.file_name().to_string_lossy().to_string();
        let is_old = ours(&file, &old_prefix);
        if is_old || ours(&file, &tmp_prefix) {
            stale.push((is_old, entry.path()));
        }
    }
    stale.sort();
    let mut olds = Vec::new();
    for (is_old, path) in stale {
        if !is_report(&path) {
            let empty = fs::symlink_metadata(&path).is_ok_and(|m| m.file_type().is_dir())
                && fs::remove_dir(&path).is_ok();
            if empty {
                note(format!(
                    "removed {}, an empty folder left by an interrupted run",
                    path.display()
                ));
            } else {
                note(format!(
                    "left {} alone: it is not a shieldsim report (no {MARKER} marker)",
                    path.display()
                ));
            }
        } else if is_old {
            olds.push(path);
        } else {
            fs::remove_dir_all(&path).map_err(at(&path))?;
            note(format!(
                "removed {}, the unfinished report of an interrupted run",
                path.display()
            ));
        }
    }
    if olds.is_empty() {
        return Ok(());
    }
    match classify(target).map_err(at(target))? {
        Existing::Missing => {
            // The run was killed between its two renames: the newest previous report is the
            // one that stood at `target`.
            olds.sort_by_key(|p| fs::metadata(p).and_then(|m| m.modified()).ok());
            let newest = olds.pop().expect("olds is not empty");
            fs::rename(&newest, target).map_err(at(&newest))?;
            note(format!(
                "restored the previous report {} from {} (a run was interrupted while replacing it)",
                target.display(),
                newest.display()
            ));
        }
        Existing::Report => {}
        _ => {
            for path in olds {
                note(format!(
                    "left {} alone: {} is not a shieldsim report, so it is kept for you to recover or remove",
                    path.display(),
                    target.display()
                ));
            }
            return Ok(());
        }
    }
    for path in olds {
        fs::remove_dir_all(&path).map_err(at(&path))?;
        note(format!(
            "removed {}, a previous report left by an interrupted run",
            path.display()
        ));
    }
    Ok(())
}

/// The advisory lock on `.NAME.lock`, held until dropped (which removes the file).
struct Lock {
    path: PathBuf,
    /// Holds the lock while open; closing it releases the lock.
    _file: fs::File,
}

impl Lock {
    fn acquire(path: &Path, out: &Path, note: &mut dyn FnMut(String)) -> Result<Lock, OutError> {
        // The holder removes the file before it unlocks; a run that opened the old file just
        // before that can then lock a file no longer at `path`, so check and try again.
        for _ in 0..16 {
            if fs::symlink_metadata(path).is_ok_and(|m| !m.file_type().is_file()) {
                return Err(OutError::ForeignLock {
                    out: out.to_path_buf(),
                    lock: path.to_path_buf(),
                });
            }
            let mut file = fs::OpenOptions::new()
                .read(true)
                .write(true)
                .create(true)
                .truncate(false)
                .open(path)
                .map_err(at(path))?;
            match file.try_lock() {
                Ok(()) => {}
                Err(fs::TryLockError::WouldBlock) => {
                    return Err(OutError::Locked {
                        out: out.to_path_buf(),
                        lock: path.to_path_buf(),
                        pid: lock_pid(path),
                    });
                }
                Err(fs::TryLockError::Error(e)) if e.kind() == io::ErrorKind::Unsupported => {
                    note(format!(
                        "{}: this file system cannot lock files, so a concurrent run into {} would not be detected",
                        path.display(),
                        out.display()
                    ));
                }
                Err(fs::TryLockError::Error(e)) => return Err(at(path)(e)),
            }
            if !still_at(&file, path) {
                continue;
            }
            // A lock file holds a process id (or nothing, if its run was killed before
            // writing it); anything else is not ours.
            let mut text = String::new();
            let foreign = file.read_to_string(&mut text).is_err()
                || !text.trim().bytes().all(|b| b.is_ascii_digit());
            if foreign {
                return Err(OutError::ForeignLock {
                    out: out.to_path_buf(),
                    lock: path.to_path_buf(),
                });
            }
            file.set_len(0)
                .and_then(|()| file.rewind())
                .and_then(|()| writeln!(file, "{}", std::process::id()))
                .map_err(at(path))?;
            return Ok(Lock {
                path: path.to_path_buf(),
                _file: file,
            });
        }
        Err(OutError::Locked {
            out: out.to_path_buf(),
            lock: path.to_path_buf(),
            pid: None,
        })
    }
}

impl Drop for Lock {
    fn drop(&mut self) {
        // Removed while still locked; the lock is released when `_file` closes just after.
        let _ = fs::remove_file(&self.path);
    }
}

/// Whether `path` still names the open `file`.
#[cfg(unix)]
fn still_at(file: &fs::File, path: &Path) -> bool {
    use std::os::unix::fs::MetadataExt as _;
    match (file.metadata(), fs::symlink_metadata(path)) {
        (Ok(a), Ok(b)) => a.dev() == b.dev() && a.ino() == b.ino(),
        _ => false,
    }
}

#[cfg(not(unix))]
fn still_at(_file: &fs::File, path: &Path) -> bool {
    path.exists()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(
        out: &Path,
        files: &[(&str, &str)],
        force: bool,
    ) -> (Result<(), OutError>, Vec<String>) {
        let files: Vec<(String, Vec<u8>)> = files
            .iter()
            .map(|(n, b)| (n.to_string(), b.as_bytes().to_vec()))
            .collect();
        let mut notes = Vec::new();
        let r = write_dir_atomically(out, &files, force, &mut |n| notes.push(n));
        (r, notes)
    }

    /// The names in `dir`, sorted.
    fn names(dir: &Path) -> Vec<String> {
        let mut v: Vec<String> = fs::read_dir(dir)
            .expect("dir")
            .map(|e| e.expect("entry").file_name().to_string_lossy().to_string())
            .collect();
        v.sort();
        v
    }

    /// A folder of the user's own files.
    fn user_folder(dir: &Path) {
        fs::create_dir_all(dir.join("sub")).expect("mkdir");
        fs::write(dir.join("thesis.tex"), "mine").expect("write");
        fs::write(dir.join("sub/data.csv"), "1,2").expect("write");
    }

    fn assert_user_folder_intact(dir: &Path) {
        assert_eq!(names(dir), ["sub", "thesis.tex"]);
        assert_eq!(
            fs::read_to_string(dir.join("thesis.tex")).expect("read"),
            "mine"
        );
        assert_eq!(
            fs::read_to_string(dir.join("sub/data.csv")).expect("read"),
            "1,2"
        );
    }

    #[test]
    fn atomic_write_replaces_and_leaves_nothing_behind() {
        let dir = tempfile::tempdir().expect("tempdir");
        let out = dir.path().join("report");
        write(&out, &[("a.txt", "one")], false).0.expect("first");
        assert_eq!(names(&out), [MARKER, "a.txt"]);
        assert_eq!(
            fs::read_to_string(out.join(MARKER)).expect("marker"),
            MARKER_CONTENT
        );
        // Rerun over a previous report: no force needed.
        let (r, notes) = write(&out, &[("b.txt", "two")], false);
        r.expect("second");
        assert!(notes.is_empty(), "{notes:?}");
        assert_eq!(names(&out), [MARKER, "b.txt"]);
        assert_eq!(fs::read(out.join("b.txt")).expect("b"), b"two");
        assert_eq!(names(dir.path()), ["report"]);
        // A file name that cannot be written fails and leaves the old output intact.
        let err = write(&out, &[("no/such/dir.txt", "x")], false).0;
        assert!(matches!(err, Err(OutError::Io { .. })), "{err:?}");
        assert_eq!(fs::read(out.join("b.txt")).expect("b"), b"two");
        assert_eq!(names(dir.path()), ["report"]);
        // The marker's name is reserved.
        assert!(write(&out, &[(MARKER, "x")], false).0.is_err());
        assert_eq!(names(&out), [MARKER, "b.txt"]);
    }

    #[test]
    fn same_files_same_bytes() {
        let dir = tempfile::tempdir().expect("tempdir");
        let (a, b) = (dir.path().join("a"), dir.path().join("b"));
        write(&a, &[("x.json", "{}")], false).0.expect("a");
        write(&b, &[("x.json", "{}")], false).0.expect("b");
        for name in names(&a) {
            assert_eq!(fs::read(a.join(&name)).ok(), fs::read(b.join(&name)).ok());
        }
    }

    #[test]
    fn user_folder_refused_untouched_unless_forced() {
        let dir = tempfile::tempdir().expect("tempdir");
        let out = dir.path().join("mine");
        user_folder(&out);
        let err = write(&out, &[("a.txt", "one")], false).0;
        assert!(matches!(err, Err(OutError::NotAReport { .. })), "{err:?}");
        let msg = err.expect_err("refused").to_string();
        assert!(msg.contains(&*out.to_string_lossy()) && msg.contains("not a shieldsim report"));
        assert_user_folder_intact(&out);
        assert_eq!(names(dir.path()), ["mine"]);
        // --force replaces it.
        write(&out, &[("a.txt", "one")], true).0.expect("forced");
        assert_eq!(names(&out), [MARKER, "a.txt"]);
        assert_eq!(names(dir.path()), ["mine"]);
    }

    #[test]
    fn unmarked_earlier_report_refused_with_a_hint() {
        let dir = tempfile::tempdir().expect("tempdir");
        let out = dir.path().join("shieldsim-report");
        fs::create_dir(&out).expect("mkdir");
        for f in ["index.html", "summary.json", "engage-x.csv"] {
            fs::write(out.join(f), "old").expect("write");
        }
        let err = write(&out, &[("a.txt", "one")], false).0;
        assert!(
            matches!(
                err,
                Err(OutError::NotAReport {
                    earlier_report: true,
                    ..
                })
            ),
            "{err:?}"
        );
        assert!(
            err.expect_err("refused")
                .to_string()
                .contains("before the marker")
        );
        assert_eq!(names(&out), ["engage-x.csv", "index.html", "summary.json"]);
        write(&out, &[("a.txt", "one")], true)
            .0
            .expect("forced once");
        write(&out, &[("a.txt", "two")], false)
            .0
            .expect("then marked");
    }

    #[test]
    fn empty_folder_accepted_without_force() {
        let dir = tempfile::tempdir().expect("tempdir");
        let out = dir.path().join("empty");
        fs::create_dir(&out).expect("mkdir");
        write(&out, &[("a.txt", "one")], false)
            .0
            .expect("empty folder");
        assert_eq!(names(&out), [MARKER, "a.txt"]);
    }

    #[test]
    fn trailing_slash_and_dot_name_the_folder() {
        let dir = tempfile::tempdir().expect("tempdir");
        let out = dir.path().join("r");
        let slash = PathBuf::from(format!("{}/", out.display()));
        write(&slash, &[("a.txt", "one")], false).0.expect("slash");
        let dot = out.join(".");
        write(&dot, &[("b.txt", "two")], false).0.expect("dot");
        assert_eq!(names(&out), [MARKER, "b.txt"]);
        assert_eq!(names(dir.path()), ["r"]);
        let err = write(&dir.path().join(".."), &[("a.txt", "one")], true).0;
        assert!(matches!(err, Err(OutError::BadName(_))), "{err:?}");
    }

    #[test]
    fn file_and_symlink_never_touched_even_forced() {
        let dir = tempfile::tempdir().expect("tempdir");
        let file = dir.path().join("notes.txt");
        fs::write(&file, "precious").expect("write");
        for force in [false, true] {
            let err = write(&file, &[("a.txt", "one")], force).0;
            assert!(
                matches!(err, Err(OutError::NotADirectory { kind: "a file", .. })),
                "{err:?}"
            );
            assert_eq!(fs::read_to_string(&file).expect("read"), "precious");
        }
        #[cfg(unix)]
        {
            let report = dir.path().join("report");
            write(&report, &[("a.txt", "one")], false)
                .0
                .expect("report");
            for (link, to) in [("to-file", &file), ("to-report", &report)] {
                let link = dir.path().join(link);
                std::os::unix::fs::symlink(to, &link).expect("symlink");
                for force in [false, true] {
                    let err = write(&link, &[("b.txt", "two")], force).0;
                    assert!(
                        matches!(
                            err,
                            Err(OutError::NotADirectory {
                                kind: "a symbolic link",
                                ..
                            })
                        ),
                        "{err:?}"
                    );
                    assert_eq!(fs::read_link(&link).expect("still a link"), *to);
                }
            }
            assert_eq!(names(&report), [MARKER, "a.txt"]);
        }
        assert_eq!(fs::read_to_string(&file).expect("read"), "precious");
        assert_eq!(
            names(dir.path()),
            ["notes.txt", "report", "to-file", "to-report"]
        );
    }

    #[test]
    fn lock_held_refuses_a_second_writer() {
        let dir = tempfile::tempdir().expect("tempdir");
        let out = dir.path().join("report");
        write(&out, &[("a.txt", "one")], false).0.expect("first");
        let lock_path = dir.path().join(".report.lock");
        let held = fs::File::create(&lock_path).expect("lock file");
        held.try_lock().expect("lock");
        fs::write(&lock_path, "4242\n").expect("pid");
        let err = write(&out, &[("b.txt", "two")], false).0;
        assert!(
            matches!(
                err,
                Err(OutError::Locked {
                    pid: Some(4242),
                    ..
                })
            ),
            "{err:?}"
        );
        assert!(
            err.expect_err("locked")
                .to_string()
                .contains(".report.lock")
        );
        assert_eq!(names(&out), [MARKER, "a.txt"]);
        // Released (its run ended or was killed): the next run takes it over and removes it.
        drop(held);
        write(&out, &[("b.txt", "two")], false)
            .0
            .expect("after release");
        assert_eq!(names(&out), [MARKER, "b.txt"]);
        assert_eq!(names(dir.path()), ["report"]);
    }

    #[test]
    fn foreign_lock_file_left_alone() {
        let dir = tempfile::tempdir().expect("tempdir");
        let out = dir.path().join("report");
        let lock_path = dir.path().join(".report.lock");
        fs::write(&lock_path, "my own notes").expect("write");
        let err = write(&out, &[("a.txt", "one")], false).0;
        assert!(matches!(err, Err(OutError::ForeignLock { .. })), "{err:?}");
        assert_eq!(
            fs::read_to_string(&lock_path).expect("read"),
            "my own notes"
        );
        assert!(!out.exists());
    }

    #[test]
    fn concurrent_writers_never_leave_hidden_folders() {
        let dir = tempfile::tempdir().expect("tempdir");
        let out = dir.path().join("report");
        let results: Vec<Result<(), OutError>> = std::thread::scope(|s| {
            let handles: Vec<_> = (0..8)
                .map(|i| {
                    let out = &out;
                    s.spawn(move || {
                        let body = format!("{i}").repeat(100_000);
                        write(out, &[("a.txt", &body)], false).0
                    })
                })
                .collect();
            handles
                .into_iter()
                .map(|h| h.join().expect("thread"))
                .collect()
        });
        assert!(results.iter().any(Result::is_ok));
        for r in &results {
            assert!(matches!(r, Ok(()) | Err(OutError::Locked { .. })), "{r:?}");
        }
        assert_eq!(names(dir.path()), ["report"]);
        assert_eq!(names(&out), [MARKER, "a.txt"]);
        let text = fs::read_to_string(out.join("a.txt")).expect("read");
        assert_eq!(text.len(), 100_000);
    }

    #[test]
    fn check_before_the_run_refuses_the_same_and_changes_nothing() {
        let dir = tempfile::tempdir().expect("tempdir");
        let (file, mine, empty, report) = (
            dir.path().join("file"),
            dir.path().join("mine"),
            dir.path().join("empty"),
            dir.path().join("report"),
        );
        fs::write(&file, "precious").expect("write");
        user_folder(&mine);
        fs::create_dir(&empty).expect("mkdir");
        write(&report, &[("a.txt", "one")], false)
            .0
            .expect("report");
        let before = names(dir.path());
        for force in [false, true] {
            let err = check_out_dir(&file, force);
            assert!(
                matches!(err, Err(OutError::NotADirectory { .. })),
                "{err:?}"
            );
            let err = check_out_dir(&dir.path().join(".."), force);
            assert!(matches!(err, Err(OutError::BadName(_))), "{err:?}");
            for ok in [&empty, &report, &dir.path().join("new/deeper")] {
                check_out_dir(ok, force).expect("accepted");
            }
        }
        let err = check_out_dir(&mine, false);
        assert!(matches!(err, Err(OutError::NotAReport { .. })), "{err:?}");
        check_out_dir(&mine, true).expect("forced");
        let lock_path = dir.path().join(".report.lock");
        let held = fs::File::create(&lock_path).expect("lock file");
        held.try_lock().expect("lock");
        let err = check_out_dir(&report, true);
        assert!(
            matches!(err, Err(OutError::Locked { pid: None, .. })),
            "{err:?}"
        );
        drop(held);
        check_out_dir(&report, false).expect("released");
        fs::remove_file(&lock_path).expect("remove");
        assert_eq!(names(dir.path()), before);
        assert_user_folder_intact(&mine);
    }

    /// A report folder as a killed run leaves it, at `path`.
    fn stale_report(path: &Path, body: &str) {
        fs::create_dir(path).expect("mkdir");
        fs::write(path.join(MARKER), MARKER_CONTENT).expect("marker");
        fs::write(path.join("a.txt"), body).expect("write");
    }

    #[test]
    fn killed_between_renames_old_report_restored() {
        let dir = tempfile::tempdir().expect("tempdir");
        let out = dir.path().join("report");
        // Killed after renaming the previous report away, before the new one took its place.
        stale_report(&dir.path().join(".report.old-999999"), "previous");
        stale_report(&dir.path().join(".report.tmp-999999"), "unfinished");
        // The new run fails: the previous report is back where it was.
        let (r, notes) = write(&out, &[("no/such/dir.txt", "x")], false);
        assert!(r.is_err());
        assert_eq!(notes.len(), 2, "{notes:?}");
        assert!(notes[0].starts_with("removed ") && notes[0].contains(".report.tmp-999999"));
        assert!(
            notes[1].starts_with("restored the previous report")
                && notes[1].contains(".report.old-999999")
        );
        assert_eq!(
            fs::read_to_string(out.join("a.txt")).expect("read"),
            "previous"
        );
        assert_eq!(names(dir.path()), ["report"]);
        // And a successful one replaces it, with nothing left to note.
        let (r, notes) = write(&out, &[("a.txt", "new")], false);
        r.expect("write");
        assert!(notes.is_empty(), "{notes:?}");
        assert_eq!(fs::read_to_string(out.join("a.txt")).expect("read"), "new");
    }

    #[test]
    fn killed_after_renames_old_report_removed() {
        let dir = tempfile::tempdir().expect("tempdir");
        let out = dir.path().join("report");
        write(&out, &[("a.txt", "current")], false)
            .0
            .expect("first");
        stale_report(&dir.path().join(".report.old-999999"), "previous");
        fs::create_dir(dir.path().join(".report.tmp-999998")).expect("empty tmp");
        let (r, notes) = write(&out, &[("a.txt", "new")], false);
        r.expect("write");
        assert_eq!(notes.len(), 2, "{notes:?}");
        assert!(
            notes
                .iter()
                .any(|n| n.contains(".report.old-999999") && n.starts_with("removed"))
        );
        assert!(
            notes
                .iter()
                .any(|n| n.contains(".report.tmp-999998") && n.starts_with("removed"))
        );
        assert_eq!(names(dir.path()), ["report"]);
        assert_eq!(fs::read_to_string(out.join("a.txt")).expect("read"), "new");
    }

    #[test]
    fn unmarked_leftovers_never_removed() {
        let dir = tempfile::tempdir().expect("tempdir");
        let out = dir.path().join("report");
        // Named like leftovers, but without the marker: somebody's own files.
        for name in [".report.old-123", ".report.tmp-456"] {
            user_folder(&dir.path().join(name));
        }
        // Not leftovers of `report` at all (another output's, or no pid).
        user_folder(&dir.path().join(".report.tmp-1.tmp-7"));
        stale_report(&dir.path().join(".report.old-x"), "other");
        let (r, notes) = write(&out, &[("a.txt", "new")], false);
        r.expect("write");
        assert_eq!(notes.len(), 2, "{notes:?}");
        assert!(notes.iter().all(|n| n.starts_with("left ")));
        for name in [".report.old-123", ".report.tmp-456", ".report.tmp-1.tmp-7"] {
            assert_user_folder_intact(&dir.path().join(name));
        }
        assert!(dir.path().join(".report.old-x/a.txt").exists());
    }

    #[test]
    fn old_report_kept_when_out_is_a_user_folder() {
        let dir = tempfile::tempdir().expect("tempdir");
        let out = dir.path().join("report");
        user_folder(&out);
        stale_report(&dir.path().join(".report.old-999999"), "previous");
        let (r, notes) = write(&out, &[("a.txt", "new")], false);
        assert!(matches!(r, Err(OutError::NotAReport { .. })), "{r:?}");
        assert_eq!(notes.len(), 1, "{notes:?}");
        assert!(notes[0].starts_with("left "));
        assert_user_folder_intact(&out);
        assert!(dir.path().join(".report.old-999999/a.txt").exists());
    }
}
