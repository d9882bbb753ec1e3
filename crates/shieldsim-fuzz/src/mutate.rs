//! Mutations of text inputs: byte flips, deletions, line operations, splices with other corpus
//! entries, and insertions from a dictionary of TOML keys, ids, hostile numbers and strings,
//! and deep nesting. Inputs are bytes; the targets see them as UTF-8, invalid sequences
//! replaced (as a user's editor might), so multi-byte characters are exercised too.

use crate::rng::Rng;

/// Values that have broken parsers before: special floats, integer limits, empty and huge
/// strings, control characters, paths, wrong types.
const HOSTILE_VALUES: &[&str] = &[
    "nan",
    "+nan",
    "-nan",
    "inf",
    "+inf",
    "-inf",
    "1e308",
    "-1e308",
    "1e309",
    "1e-320",
    "5e-324",
    "-0",
    "-0.0",
    "0",
    "0.0",
    "1",
    "-1",
    "2",
    "0.5",
    "1.0000000000000002",
    "1e-7",
    "4294967295",
    "4294967296",
    "-2147483649",
    "9223372036854775807",
    "-9223372036854775808",
    "9223372036854775808",
    "18446744073709551615",
    "0x7fffffffffffffff",
    "0xffffffffffffffff",
    "0o777",
    "0b1",
    "1_000",
    "1__0",
    "01",
    "1.",
    ".5",
    "1e",
    "true",
    "false",
    "\"\"",
    "\" \"",
    "\"nan\"",
    "\"inf\"",
    "\"1e308\"",
    "\"/\"",
    "\".\"",
    "\"..\"",
    "\"a/b\"",
    "\"\\u0000\"",
    "\"\\n\"",
    "\"\\t\"",
    "\"\\u202e\"",
    "\"é\"",
    "\"日本\"",
    "\"🚀\"",
    "\"\\uFFFD\"",
    "'literal'",
    "'''multi\nline'''",
    "\"\"\"multi\nline\"\"\"",
    "\"0,0\"",
    "\"90,180\"",
    "\"91,0\"",
    "\"-90,-180\"",
    "\"nan,nan\"",
    "\"inf,0\"",
    "\"1e308,1e308\"",
    "\"45\"",
    "\"45,\"",
    "\",\"",
    "\"45,10,3\"",
    "[]",
    "[[]]",
    "[1, 2]",
    "[\"a\", \"a\"]",
    "[\"\"]",
    "[1, \"a\"]",
    "{}",
    "{ a = 1 }",
    "{ value = 1, low = 0, high = 2 }",
    "1979-05-27T07:32:00Z",
    "1979-05-27",
    "07:32:00",
];

/// Keys and headers of the scenario format, and of the catalog entries an architecture file
/// may carry (more are taken from the corpus).
const TOML_WORDS: &[&str] = &[
    "[scenario]",
    "[architecture]",
    "[architecture.overrides]",
    "[[threat]]",
    "[overrides]",
    "[assumptions]",
    "[[analysis]]",
    "[[architecture]]",
    "[[architecture.sites]]",
    "[[architecture.radars]]",
    "[[interceptor]]",
    "[[interceptor.stage]]",
    "[[sensor]]",
    "[[sensor.faces]]",
    "title",
    "description",
    "id",
    "file",
    "missile",
    "from",
    "to",
    "rcs_m2",
    "kind",
    "threat",
    "spacing_km",
    "region",
    "site",
    "sites",
    "radars",
    "bases",
    "targets",
    "sensing",
    "cued_radars",
    "sweep",
    "decision_delay_s",
    "track_after_burnout_s",
    "kill_assessment_s",
    "burnout_speed_km_s",
    "inventory",
    "radar_range_km",
    "lat_deg",
    "lon_deg",
    "place",
    "year",
    "value",
    "low",
    "high",
    "source",
    "engage",
    "coverage",
    "footprint",
    "deterrent",
    "own",
    "cued",
    "kinematic-bound",
    "ashore",
    "ship",
    "radar",
    "sm3-iia",
    "sm3-iib",
    "icbm-11000",
    "irbm-4000",
    "epaa-phase-3",
    "space-ir",
    "assumptions",
];

/// Characters that change TOML's structure.
const STRUCTURE: &[u8] = b"[]{}=\",.'#\n\r\t \\-+_:0123456789eE";

/// Invisible or multi-byte sequences.
const ODD: &[&str] = &[
    "\u{feff}", "\r\n", "\r", "\0", "\t", "\u{2028}", "\u{200f}", "\u{202e}", "é", "€", "🚀",
    "\u{fffd}", "\x7f", "\x1b[31m",
];

/// The words mutations insert.
#[derive(Debug, Clone, Default)]
pub struct Dictionary {
    /// Keys, headers, ids, subcommands and flags.
    pub words: Vec<Vec<u8>>,
    /// Values (numbers, strings, arrays, tables).
    pub values: Vec<Vec<u8>>,
}

impl Dictionary {
    /// The built-in TOML dictionary plus every key, header and quoted string of `texts` (the
    /// seed corpus and the bundled catalog), sorted and without duplicates.
    pub fn toml(texts: &[Vec<u8>]) -> Dictionary {
        let mut d = Dictionary {
            words: TOML_WORDS.iter().map(|w| w.as_bytes().to_vec()).collect(),
            values: HOSTILE_VALUES
                .iter()
                .map(|w| w.as_bytes().to_vec())
                .collect(),
        };
        for text in texts {
            let text = String::from_utf8_lossy(text);
            for line in text.lines() {
                let t = line.trim();
                if t.starts_with('[') && t.len() < 80 {
                    d.words.push(t.as_bytes().to_vec());
                } else if let Some((k, v)) = t.split_once('=') {
                    let k = k.trim();
                    if !k.is_empty() && k.len() < 60 && !k.contains('#') {
                        d.words.push(k.as_bytes().to_vec());
                    }
                    let v = v.split('#').next().unwrap_or("").trim();
                    if !v.is_empty() && v.len() < 60 {
                        d.values.push(v.as_bytes().to_vec());
                    }
                }
                // Quoted strings anywhere on the line: ids and places.
                let mut parts = t.split('"');
                parts.next();
                while let (Some(s), _) = (parts.next(), parts.next()) {
                    if !s.is_empty() && s.len() < 60 {
                        d.words.push(s.as_bytes().to_vec());
                        d.values.push(format!("\"{s}\"").into_bytes());
                    }
                }
            }
        }
        d.finish()
    }

    /// The dictionary of the command-line target: `words` and `values` as given, plus the
    /// hostile values.
    pub fn args(words: &[&str], values: &[&str]) -> Dictionary {
        let mut d = Dictionary {
            words: words.iter().map(|w| w.as_bytes().to_vec()).collect(),
            values: values
                .iter()
                .chain(HOSTILE_VALUES)
                .map(|w| w.as_bytes().to_vec())
                .collect(),
        };
        d.words.extend(d.values.clone());
        d.finish()
    }

    fn finish(mut self) -> Dictionary {
        for list in [&mut self.words, &mut self.values] {
            list.sort();
            list.dedup();
        }
        self
    }
}

/// Applies stacked random mutations.
#[derive(Debug, Clone)]
pub struct Mutator {
    /// What insertions draw from.
    pub dict: Dictionary,
    /// Inputs are cut to this many bytes.
    pub max_len: usize,
}

/// Byte offsets of the starts of the lines of `s` (always at least `[0]`).
fn line_starts(s: &[u8]) -> Vec<usize> {
    let mut v = vec![0];
    v.extend(
        s.iter()
            .enumerate()
            .filter(|(_, b)| **b == b'\n')
            .map(|(i, _)| i + 1)
            .filter(|i| *i < s.len()),
    );
    v
}

/// The byte range of line `k` of `s`, its newline included.
fn line_range(s: &[u8], starts: &[usize], k: usize) -> std::ops::Range<usize> {
    let end = starts.get(k + 1).copied().unwrap_or(s.len());
    starts[k]..end
}

impl Mutator {
    /// Mutate `input` in place with 1, 2, 4 or 8 stacked mutations; `other` is a corpus entry
    /// to splice from.
    pub fn mutate(&self, rng: &mut Rng, input: &mut Vec<u8>, other: &[u8]) {
        let n = 1 << rng.below(4);
        for _ in 0..n {
            self.one(rng, input, other);
        }
        input.truncate(self.max_len);
    }

    fn word(&self, rng: &mut Rng) -> Vec<u8> {
        if self.dict.words.is_empty() {
            return b"x".to_vec();
        }
        rng.pick(&self.dict.words).clone()
    }

    fn value(&self, rng: &mut Rng) -> Vec<u8> {
        if self.dict.values.is_empty() {
            return b"0".to_vec();
        }
        rng.pick(&self.dict.values).clone()
    }

    fn one(&self, rng: &mut Rng, s: &mut Vec<u8>, other: &[u8]) {
        let len = s.len();
        let at = rng.below(len + 1);
        match rng.below(20) {
            // Flip one bit.
            0 if len > 0 => {
                let i = rng.below(len);
                s[i] ^= 1 << rng.below(8);
            }
            // Overwrite a byte with a structural character.
            1 if len > 0 => {
                let i = rng.below(len);
                s[i] = *rng.pick(STRUCTURE);
            }
            // Delete a short range.
            2 if len > 0 => {
                let n = 1 + rng.below(16.min(len - at.min(len - 1)));
                let at = at.min(len - 1);
                s.drain(at..(at + n).min(len));
            }
            // Delete a line.
            3 => {
                let starts = line_starts(s);
                let k = rng.below(starts.len());
                let r = line_range(s, &starts, k);
                s.drain(r);
            }
            // Duplicate a line: once, a few times, or a great many (many keys, many entries).
            4 => {
                let starts = line_starts(s);
                let k = rng.below(starts.len());
                let r = line_range(s, &starts, k);
                let mut line = s[r.clone()].to_vec();
                if line.last() != Some(&b'\n') {
                    line.push(b'\n');
                }
                let times = match rng.below(8) {
                    0 => 200,
                    1 => 20,
                    _ => 1,
                };
                let copies: Vec<u8> = line.repeat(times);
                s.splice(r.start..r.start, copies);
            }
            // Swap two lines.
            5 => {
                let starts = line_starts(s);
                let (a, b) = (rng.below(starts.len()), rng.below(starts.len()));
                let (a, b) = (a.min(b), a.max(b));
                if a != b {
                    let ra = line_range(s, &starts, a);
                    let rb = line_range(s, &starts, b);
                    let mut out = s[..ra.start].to_vec();
                    out.extend_from_slice(&s[rb.clone()]);
                    out.extend_from_slice(&s[ra.end..rb.start]);
                    out.extend_from_slice(&s[ra.clone()]);
                    out.extend_from_slice(&s[rb.end..]);
                    *s = out;
                }
            }
            // Insert a word anywhere.
            6 => {
                let w = self.word(rng);
                s.splice(at..at, w);
            }
            // Insert a whole `key = value` line at a line start.
            7 => {
                let starts = line_starts(s);
                let at = *rng.pick(&starts);
                let mut line = self.word(rng);
                line.extend_from_slice(b" = ");
                line.extend(self.value(rng));
                line.push(b'\n');
                s.splice(at..at, line);
            }
            // Replace the value after an `=` (to the end of its line, or to `,` / `}`).
            8 | 9 => {
                if let Some(eq) = find_from(s, at, b'=') {
                    let start = eq + 1;
                    let end = s[start..]
                        .iter()
                        .position(|b| matches!(b, b'\n' | b',' | b'}'))
                        .map_or(s.len(), |p| start + p);
                    let mut v = vec![b' '];
                    v.extend(self.value(rng));
                    s.splice(start..end, v);
                }
            }
            // Replace a number.
            10 => {
                if let Some(d) = (at..len).find(|&i| s[i].is_ascii_digit()) {
                    let start = (0..d)
                        .rev()
                        .take_while(|&i| is_number_byte(s[i]))
                        .last()
                        .unwrap_or(d);
                    let end = (d..len).find(|&i| !is_number_byte(s[i])).unwrap_or(len);
                    let v = self.value(rng);
                    s.splice(start..end, v);
                }
            }
            // Replace the contents of a quoted string.
            11 => {
                if let Some(q) = find_from(s, at, b'"') {
                    let start = q + 1;
                    if let Some(close) = find_from(s, start, b'"') {
                        let w = self.word(rng);
                        s.splice(start..close, w);
                    }
                }
            }
            // Splice in lines of another corpus entry.
            12 if !other.is_empty() => {
                let starts = line_starts(other);
                let a = rng.below(starts.len());
                let b = (a + 1 + rng.below(8)).min(starts.len());
                let chunk =
                    other[starts[a]..starts.get(b).copied().unwrap_or(other.len())].to_vec();
                let mine = line_starts(s);
                let at = *rng.pick(&mine);
                s.splice(at..at, chunk);
            }
            // Crossover: my first lines, then another entry's last lines.
            13 if !other.is_empty() => {
                let mine = line_starts(s);
                let theirs = line_starts(other);
                let cut = *rng.pick(&mine);
                let from = *rng.pick(&theirs);
                s.truncate(cut);
                s.extend_from_slice(&other[from..]);
            }
            // Deep nesting, in the shapes TOML allows.
            14 => {
                let depth = *rng.pick(&[2usize, 16, 128, 1000, 10_000]);
                let mut v = Vec::new();
                match rng.below(4) {
                    0 => {
                        v.extend(b"x = ");
                        v.extend(std::iter::repeat_n(b'[', depth));
                        v.extend(std::iter::repeat_n(b']', depth));
                    }
                    1 => {
                        v.extend(b"x = ");
                        v.extend(b"{ a = ".repeat(depth));
                        v.push(b'1');
                        v.extend(b" }".repeat(depth));
                    }
                    2 => {
                        v.push(b'[');
                        v.extend(b"a.".repeat(depth));
                        v.extend(b"b]");
                    }
                    _ => {
                        v.extend(b"a.".repeat(depth));
                        v.extend(b"b = 1");
                    }
                }
                v.push(b'\n');
                let starts = line_starts(s);
                let at = *rng.pick(&starts);
                s.splice(at..at, v);
            }
            // A huge string or number.
            15 => {
                let n = *rng.pick(&[300usize, 5000, 60_000]);
                let mut v = Vec::new();
                if rng.one_in(2) {
                    v.push(b'"');
                    v.extend(std::iter::repeat_n(b'A', n));
                    v.push(b'"');
                } else {
                    v.push(b'1');
                    v.extend(std::iter::repeat_n(b'0', n));
                }
                s.splice(at..at, v);
            }
            // An odd character or sequence.
            16 => {
                let o = rng.pick(ODD).as_bytes().to_vec();
                let at = if rng.one_in(4) { 0 } else { at };
                s.splice(at..at, o);
            }
            // Truncate.
            17 => s.truncate(at),
            // Replace a whole line by a word or a value (an argument, for the `args` target).
            18 => {
                let starts = line_starts(s);
                let k = rng.below(starts.len());
                let r = line_range(s, &starts, k);
                let end = if s[..r.end].ends_with(b"\n") {
                    r.end - 1
                } else {
                    r.end
                };
                let w = if rng.one_in(2) {
                    self.word(rng)
                } else {
                    self.value(rng)
                };
                s.splice(r.start..end, w);
            }
            // Change the case of a range.
            _ if len > 0 => {
                let at = at.min(len - 1);
                let end = (at + 1 + rng.below(16)).min(len);
                for b in &mut s[at..end] {
                    *b = if b.is_ascii_lowercase() {
                        b.to_ascii_uppercase()
                    } else {
                        b.to_ascii_lowercase()
                    };
                }
            }
            _ => {
                let w = self.value(rng);
                s.splice(at..at, w);
            }
        }
    }
}

fn find_from(s: &[u8], from: usize, b: u8) -> Option<usize> {
    s.get(from..)?
        .iter()
        .position(|x| *x == b)
        .map(|p| from + p)
}

fn is_number_byte(b: u8) -> bool {
    b.is_ascii_digit() || matches!(b, b'.' | b'_' | b'e' | b'E' | b'+' | b'-')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mutations_are_deterministic_and_bounded() {
        let m = Mutator {
            dict: Dictionary::toml(&[b"[scenario]\ntitle = \"t\"\n".to_vec()]),
            max_len: 4096,
        };
        let run = || {
            let mut rng = Rng::new(7, 0);
            let mut s = b"[scenario]\ntitle = \"x\"\nn = 12\n".to_vec();
            for _ in 0..500 {
                m.mutate(&mut rng, &mut s, b"a = 1\nb = 2\n");
                assert!(s.len() <= 4096);
            }
            s
        };
        assert_eq!(run(), run());
    }
}
