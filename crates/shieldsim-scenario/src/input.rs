//! Reading input files with a bound: scenario files and architecture files are untrusted
//! (docs/SECURITY.md), so a file is read only if it is a regular file, and never more than a
//! limit — `/dev/zero`, a FIFO or a multi-gigabyte file is refused with a message instead of
//! being read until memory runs out.

use std::io::Read;
use std::path::Path;

/// The default size limit of a scenario or architecture file (bytes): 4 MiB, about a thousand
/// times the largest shipped scenario, and enough for 100,000 short lines.
pub const MAX_INPUT_BYTES: u64 = 4 * 1024 * 1024;

/// The environment variable that raises (or lowers) [`MAX_INPUT_BYTES`]: a number of bytes.
pub const MAX_INPUT_BYTES_ENV: &str = "SHIELDSIM_MAX_INPUT_BYTES";

/// The size limit of input files in force: `SHIELDSIM_MAX_INPUT_BYTES` if it is set to a
/// whole number of bytes, otherwise [`MAX_INPUT_BYTES`]; an unreadable setting is an error
/// naming it.
pub fn max_input_bytes() -> Result<u64, String> {
    limit_from(std::env::var(MAX_INPUT_BYTES_ENV))
}

fn limit_from(setting: Result<String, std::env::VarError>) -> Result<u64, String> {
    let bad = |v: &dyn std::fmt::Debug| {
        format!("{MAX_INPUT_BYTES_ENV}={v:?} is not a whole number of bytes (e.g. 16777216)")
    };
    match setting {
        Err(std::env::VarError::NotPresent) => Ok(MAX_INPUT_BYTES),
        Ok(v) => v.trim().parse::<u64>().map_err(|_| bad(&v)),
        Err(std::env::VarError::NotUnicode(v)) => Err(bad(&v)),
    }
}

/// `n` bytes as users read them (`4 MiB`, `1.5 KiB`, `300 bytes`).
pub fn format_bytes(n: u64) -> String {
    const UNITS: [(&str, u64); 3] = [("GiB", 1 << 30), ("MiB", 1 << 20), ("KiB", 1 << 10)];
    for (unit, size) in UNITS {
        if n >= size {
            let x = n as f64 / size as f64;
            let s = format!("{x:.1}");
            return format!("{} {unit}", s.trim_end_matches(".0"));
        }
    }
    format!("{n} bytes")
}

/// The text of the regular file at `path`, read through [`Read::take`] so that at most
/// `limit + 1` bytes are ever read. Refused, with a message that does not repeat the path
/// (callers put it in front): a path that is not a regular file (a folder, a device such as
/// `/dev/zero`, a FIFO or a socket), a file larger than `limit` (checked on its size first,
/// then on what is read, for files whose size the system does not know), and text that is not
/// UTF-8.
pub fn read_bounded(path: &Path, limit: u64) -> Result<String, String> {
    // Look before opening: opening a FIFO for reading blocks until someone writes to it.
    let meta = std::fs::metadata(path).map_err(|e| e.to_string())?;
    check_regular(&meta)?;
    let file = std::fs::File::open(path).map_err(|e| e.to_string())?;
    // The path may have been replaced between the two looks: check what was opened.
    let meta = file.metadata().map_err(|e| e.to_string())?;
    check_regular(&meta)?;
    let too_large = || {
        format!(
            "it is larger than the {} limit for input files (set {MAX_INPUT_BYTES_ENV} to a number of bytes to raise it)",
            format_bytes(limit)
        )
    };
    if meta.len() > limit {
        return Err(too_large());
    }
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    file.take(limit.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(|e| e.to_string())?;
    if bytes.len() as u64 > limit {
        return Err(too_large());
    }
    String::from_utf8(bytes).map_err(|e| {
        format!(
            "it is not UTF-8 text (invalid byte at offset {}); save it as UTF-8",
            e.utf8_error().valid_up_to()
        )
    })
}

fn check_regular(meta: &std::fs::Metadata) -> Result<(), String> {
    let t = meta.file_type();
    if t.is_file() {
        return Ok(());
    }
    let what = if t.is_dir() {
        "a folder"
    } else {
        special_kind(&t)
    };
    Err(format!("it is {what}, not a regular file"))
}

#[cfg(unix)]
fn special_kind(t: &std::fs::FileType) -> &'static str {
    use std::os::unix::fs::FileTypeExt;
    if t.is_char_device() || t.is_block_device() {
        "a device"
    } else if t.is_fifo() {
        "a FIFO (named pipe)"
    } else if t.is_socket() {
        "a socket"
    } else {
        "not a file"
    }
}

#[cfg(not(unix))]
fn special_kind(_: &std::fs::FileType) -> &'static str {
    "a special file"
}

#[cfg(test)]
mod tests {
    use super::*;

    fn temp_dir(name: &str) -> std::path::PathBuf {
        let d = std::env::temp_dir().join(format!("shieldsim-input-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&d);
        std::fs::create_dir_all(&d).expect("temp dir");
        d
    }

    #[test]
    fn reads_a_file_up_to_the_limit_and_refuses_one_byte_more() {
        let d = temp_dir("limit");
        let f = d.join("s.toml");
        std::fs::write(&f, "x = 1\n").expect("write");
        assert_eq!(read_bounded(&f, 6).as_deref(), Ok("x = 1\n"));
        let e = read_bounded(&f, 5).expect_err("one byte over");
        assert!(
            e.contains("larger than the 5 bytes limit") && e.contains(MAX_INPUT_BYTES_ENV),
            "{e}"
        );
        std::fs::write(&f, [b'a', 0xff, b'b']).expect("write");
        let e = read_bounded(&f, 100).expect_err("not UTF-8");
        assert!(e.contains("not UTF-8") && e.contains("offset 1"), "{e}");
        let e = read_bounded(&d.join("missing.toml"), 100).expect_err("missing");
        assert!(e.contains("No such file"), "{e}");
        let e = read_bounded(&d, 100).expect_err("folder");
        assert_eq!(e, "it is a folder, not a regular file");
        let _ = std::fs::remove_dir_all(&d);
    }

    /// Issue 17: `[architecture] file = "/dev/zero"` read until memory ran out.
    #[cfg(unix)]
    #[test]
    fn regress_issue_17_devices_and_fifos_are_refused_without_reading() {
        let e = read_bounded(Path::new("/dev/zero"), MAX_INPUT_BYTES).expect_err("device");
        assert_eq!(e, "it is a device, not a regular file");
        // A FIFO with no writer: opening it would block for ever; it must be refused first.
        let d = temp_dir("fifo");
        let fifo = d.join("pipe.toml");
        let made = std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .is_ok_and(|s| s.success());
        if made {
            let e = read_bounded(&fifo, MAX_INPUT_BYTES).expect_err("fifo");
            assert_eq!(e, "it is a FIFO (named pipe), not a regular file");
        }
        let _ = std::fs::remove_dir_all(&d);
    }

    /// A file whose size the system reports as 0 but which yields more (as files in /proc do)
    /// is still cut at the limit.
    #[cfg(target_os = "linux")]
    #[test]
    fn files_of_unknown_size_are_cut_at_the_limit() {
        let p = Path::new("/proc/self/status");
        if std::fs::metadata(p).is_ok_and(|m| m.len() == 0) {
            let e = read_bounded(p, 16).expect_err("longer than 16 bytes");
            assert!(e.contains("larger than the 16 bytes limit"), "{e}");
        }
    }

    #[test]
    fn the_limit_is_raised_by_its_environment_variable() {
        use std::env::VarError;
        assert_eq!(limit_from(Err(VarError::NotPresent)), Ok(MAX_INPUT_BYTES));
        assert_eq!(limit_from(Ok(" 16777216 ".into())), Ok(16 << 20));
        let e = limit_from(Ok("16M".into())).expect_err("not bytes");
        assert!(e.contains("SHIELDSIM_MAX_INPUT_BYTES=\"16M\""), "{e}");
    }

    #[test]
    fn sizes_read_as_people_write_them() {
        assert_eq!(format_bytes(MAX_INPUT_BYTES), "4 MiB");
        assert_eq!(format_bytes(1536), "1.5 KiB");
        assert_eq!(format_bytes(300), "300 bytes");
    }
}

/// A parser's message with every long number in backticks written short: serde prints a
/// float such as `5e-324` in full (`0.000…005`, over 300 digits), which quotes the user's value
/// in a form they never wrote and buries the message. Numbers of up to 24 characters, and
/// everything else, are left as they are.
pub fn tidy_message(message: &str) -> String {
    let mut out = String::with_capacity(message.len().min(512));
    let mut rest = message;
    while let Some(open) = rest.find('`') {
        out.push_str(&rest[..=open]);
        rest = &rest[open + 1..];
        let Some(close) = rest.find('`') else { break };
        let quoted = &rest[..close];
        match quoted.parse::<f64>() {
            Ok(x) if quoted.len() > 24 => out.push_str(&format!("{x:e}")),
            _ => out.push_str(quoted),
        }
        out.push('`');
        rest = &rest[close + 1..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tidy_tests {
    use super::tidy_message;

    #[test]
    fn long_numbers_are_written_short() {
        let tiny = format!(
            "invalid type: floating point `0.{}5`, expected a string",
            "0".repeat(323)
        );
        assert_eq!(
            tidy_message(&tiny),
            "invalid type: floating point `5e-324`, expected a string"
        );
        let huge = format!("floating point `1{}.0`", "0".repeat(308));
        assert_eq!(tidy_message(&huge), "floating point `1e308`");
        for kept in [
            "floating point `0.5`, expected a string",
            "unknown field `ref_range_km`, expected one of `a`, `b`",
            "an odd ` quote",
        ] {
            assert_eq!(tidy_message(kept), kept);
        }
    }
}
