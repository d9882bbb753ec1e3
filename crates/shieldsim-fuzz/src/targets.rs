//! The targets: each takes the input text, calls the code under test, checks what must hold of
//! its answer, and returns the features (the shapes of its diagnostics) that steer the corpus.

use crate::rng::fnv;
use shieldsim_scenario::architecture_file;
use shieldsim_scenario::catalog::Catalog;
use shieldsim_scenario::catalogs::Setting;
use shieldsim_scenario::defence::DefenceCatalog;
use shieldsim_scenario::scenario::{Diagnostic, Origin, format_diagnostics, parse_in, parse_with};
use std::path::Path;

/// The command-line layer under test: the arguments after the program's name; `Ok` when they
/// parse (and pass whatever checks the binary makes before doing any work), else the message
/// the user would see. It must not run the command.
pub type ArgsParser = fn(&[String]) -> Result<(), String>;

/// What to fuzz.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    /// `scenario::parse_in` / `parse_with`, then `format_diagnostics`.
    Scenario,
    /// `architecture_file::parse`, then `format_diagnostics`.
    Architecture,
    /// An [`ArgsParser`].
    Args,
}

impl Target {
    /// Every target, in the order `--target all` runs them.
    pub const ALL: [Target; 3] = [Target::Scenario, Target::Architecture, Target::Args];

    /// The name on the command line and of the corpus folder.
    pub fn name(self) -> &'static str {
        match self {
            Target::Scenario => "scenario",
            Target::Architecture => "architecture",
            Target::Args => "args",
        }
    }

    /// The target of a name.
    pub fn from_name(name: &str) -> Option<Target> {
        Target::ALL.into_iter().find(|t| t.name() == name)
    }
}

/// What one execution showed.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Outcome {
    /// Hashes of the shapes of the answer (the error messages with values blanked).
    pub features: Vec<u64>,
    /// Broken promises other than a panic: an error without a diagnostic, a diagnostic that
    /// does not format, a span outside its text.
    pub problems: Vec<String>,
    /// Messages that mislead without breaking anything: a figure the user never wrote, printed
    /// in full (`1e308` as 309 digits). Reported, and fail a run only with `--strict`.
    pub messages: Vec<String>,
}

impl Outcome {
    fn feature(&mut self, tag: &str, text: &str) {
        let mut h = fnv(tag.as_bytes());
        h ^= fnv(shape(text).as_bytes()).rotate_left(1);
        self.features.push(h);
    }
}

/// A message with its quoted values, numbers, paths and other user-given words blanked, so that
/// "unknown place \"x\"" and "unknown place \"y\"" are one shape.
pub fn shape(message: &str) -> String {
    // A command-line setting's key comes first, unquoted: `--set KEY: …`.
    let message = match message.strip_prefix("--set ") {
        Some(rest) => rest.split_once(": ").map_or("", |(_, m)| m),
        None => message,
    };
    quotes_blanked(message)
        .split(' ')
        .take(16)
        .map(|w| {
            if w.chars()
                .any(|c| matches!(c, '/' | '_' | '.' | '=') || !c.is_ascii())
            {
                "~"
            } else {
                w
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

fn quotes_blanked(message: &str) -> String {
    let mut out = String::with_capacity(message.len().min(200));
    let mut quote: Option<char> = None;
    let mut last_digit = false;
    for c in message.chars().take(400) {
        if let Some(q) = quote {
            if c == q {
                quote = None;
                out.push(c);
            }
            continue;
        }
        match c {
            '"' | '`' | '\'' => {
                quote = Some(c);
                out.push(c);
                last_digit = false;
            }
            c if c.is_ascii_digit() => {
                if !last_digit {
                    out.push('0');
                }
                last_digit = true;
            }
            '.' | 'e' | '-' | '+' if last_digit => {}
            c => {
                out.push(c);
                last_digit = false;
            }
        }
    }
    out
}

/// The length of the first run of more than 20 digits in `message` that none of `inputs` holds:
/// a figure the user never wrote, printed in full (1e300 as 301 digits).
fn unheard_number(message: &str, inputs: &[&str]) -> Option<usize> {
    message
        .split(|c: char| !c.is_ascii_digit())
        .find(|run| run.len() > 20 && !inputs.iter().any(|t| t.contains(run)))
        .map(str::len)
}

/// Formats `diagnostics` and checks what must hold of them.
fn check_diagnostics(path: &str, text: &str, diagnostics: &[Diagnostic], out: &mut Outcome) {
    if diagnostics.is_empty() {
        out.problems.push("an error with no diagnostic".to_string());
        return;
    }
    let lines = format_diagnostics(path, text, diagnostics);
    if lines.len() != diagnostics.len() {
        out.problems.push(format!(
            "{} diagnostics formatted as {} lines",
            diagnostics.len(),
            lines.len()
        ));
    }
    let own_text = text;
    for d in diagnostics {
        let (file, text) = match &d.origin {
            Some(o) => (o.path.as_str(), &*o.text),
            None => (path, text),
        };
        if d.message.trim().is_empty() {
            out.problems
                .push("a diagnostic with an empty message".into());
        }
        if d.span.start > d.span.end || d.span.end > text.len() {
            out.problems.push(format!(
                "span {}..{} outside the {} bytes of {file} (message: {})",
                d.span.start,
                d.span.end,
                text.len(),
                d.message
            ));
        }
        for said in [Some(&d.message), d.hint.as_ref()].into_iter().flatten() {
            if let Some(n) = unheard_number(said, &[text, own_text]) {
                let shown: String = said.chars().take(120).collect();
                out.messages.push(format!(
                    "a message prints a {n}-digit number the input does not hold: {shown}…"
                ));
            }
        }
        out.feature(
            if d.origin.is_some() { "origin" } else { "own" },
            &d.message,
        );
    }
    for l in &lines {
        if !l.contains(": ") {
            out.problems
                .push(format!("a diagnostic formatted without a message: {l}"));
        }
    }
}

/// A broken promise if `value`'s debug form holds a NaN or an infinity outside its strings:
/// what the checks accept reaches the models, and a non-finite figure there is a value the
/// checks should have refused at its line and column.
fn non_finite(what: &str, value: &dyn std::fmt::Debug, out: &mut Outcome) {
    let text = format!("{value:?}");
    let mut chars = text.char_indices().peekable();
    let mut word_start: Option<usize> = None;
    let mut found: Option<(usize, usize)> = None;
    while let Some((i, c)) = chars.next() {
        if c == '"' {
            // Skip a string, escapes included.
            while let Some((_, c)) = chars.next() {
                match c {
                    '\\' => {
                        chars.next();
                    }
                    '"' => break,
                    _ => {}
                }
            }
            word_start = None;
            continue;
        }
        if c.is_alphanumeric() || c == '_' {
            word_start.get_or_insert(i);
            let end = i + c.len_utf8();
            let at_end = chars
                .peek()
                .is_none_or(|(_, n)| !(n.is_alphanumeric() || *n == '_'));
            if at_end {
                let start = word_start.take().unwrap_or(i);
                if matches!(&text[start..end], "NaN" | "inf") {
                    found = Some((start, end));
                    break;
                }
            }
        } else {
            word_start = None;
        }
    }
    if let Some((start, end)) = found {
        // The field: the last name before the value (`el_min_deg: NaN`), `_` spelt as spaces
        // so that the defect's shape keeps it.
        let (head, sign) = match text[..start].strip_suffix('-') {
            Some(h) => (h, "-"),
            None => (&text[..start], ""),
        };
        let field = head
            .trim_end_matches([':', ' ', '(', '['])
            .rsplit(|c: char| !(c.is_alphanumeric() || c == '_'))
            .next()
            .unwrap_or("")
            .replace('_', " ");
        out.problems.push(format!(
            "{what} holds a non-finite figure: {field} = {sign}{}",
            &text[start..end]
        ));
    }
}

/// Target `scenario`: the text as a scenario file in `dir` (an architecture `file` is taken
/// relative to it). Leading `#set ID.KEY=VALUE` lines (TOML comments) are also command-line
/// settings: each is parsed as `--set` would be, and those that parse go to `parse_with`.
pub fn scenario(text: &str, dir: &Path) -> Outcome {
    let mut out = Outcome::default();
    let mut settings = Vec::new();
    for line in text.lines().take_while(|l| l.starts_with("#set ")) {
        match Setting::parse(&line["#set ".len()..]) {
            Ok(s) => settings.push(s),
            Err(m) => {
                if m.trim().is_empty() {
                    out.problems
                        .push("--set refused with an empty message".into());
                }
                // The message quotes the setting, unquoted, before its last `: `.
                out.feature("set", m.rsplit(": ").next().unwrap_or(""));
            }
        }
    }
    let result = if settings.is_empty() {
        parse_in(text, dir)
    } else {
        parse_with(text, dir, &settings)
    };
    match result {
        Ok(s) => {
            out.feature("ok", &format!("{} analyses", s.analyses.len()));
            // What reaches the models (the catalog tables themselves are the bundled ones, with
            // the settings in `applied`).
            let reaching = (
                &s.architecture,
                &s.threats,
                &s.assumptions,
                &s.analyses,
                &s.catalogs.applied,
            );
            non_finite("an accepted scenario", &reaching, &mut out);
            for w in s.catalogs.warnings() {
                out.feature("warning", &w);
            }
        }
        Err(ds) => check_diagnostics("scenario.toml", text, &ds, &mut out),
    }
    out
}

/// Target `architecture`: the text as an architecture file, checked against the bundled
/// catalog; its diagnostics carry the file as `architecture_file::load` makes them.
pub fn architecture(text: &str) -> Outcome {
    let mut out = Outcome::default();
    let (places, defence) = match (Catalog::bundled(), DefenceCatalog::bundled()) {
        (Ok(p), Ok(d)) => (p, d),
        (Err(e), _) | (_, Err(e)) => {
            out.problems.push(format!("the bundled catalog: {e}"));
            return out;
        }
    };
    match architecture_file::parse(places, defence, text) {
        Ok(a) => {
            out.feature("ok", &format!("{} sites", a.sites.len()));
            non_finite("an accepted architecture file", &a, &mut out);
        }
        Err(ds) => {
            let origin = std::sync::Arc::new(Origin {
                path: "architecture.toml".into(),
                text: text.into(),
            });
            let ds: Vec<Diagnostic> = ds
                .into_iter()
                .map(|d| Diagnostic {
                    origin: Some(origin.clone()),
                    ..d
                })
                .collect();
            check_diagnostics("scenario.toml", "", &ds, &mut out);
        }
    }
    out
}

/// The arguments of an `args` input: one per line (none for an empty input).
pub fn split_args(text: &str) -> Vec<String> {
    if text.is_empty() {
        Vec::new()
    } else {
        text.split('\n').map(str::to_string).collect()
    }
}

/// Target `args`: the text as arguments, one per line, given to `parse`.
pub fn args(parse: ArgsParser, text: &str) -> Outcome {
    let mut out = Outcome::default();
    match parse(&split_args(text)) {
        Ok(()) => out.feature("ok", ""),
        Err(m) => {
            if m.trim().is_empty() {
                out.problems
                    .push("arguments refused with an empty message".into());
            }
            out.feature("err", m.lines().next().unwrap_or(""));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shapes_blank_values() {
        assert_eq!(
            shape("unknown place \"x y\" at 12.5e3"),
            shape("unknown place \"zz\" at 7")
        );
        assert_ne!(shape("unknown place \"x\""), shape("unknown site \"x\""));
    }

    #[test]
    fn non_finite_figures_are_found_outside_strings() {
        let mut out = Outcome::default();
        non_finite("x", &("inf", "info NaN", 1.0, vec![2.5]), &mut out);
        assert!(out.problems.is_empty(), "{:?}", out.problems);
        non_finite("x", &("a", f64::NAN), &mut out);
        non_finite("x", &[f64::NEG_INFINITY], &mut out);
        assert_eq!(out.problems.len(), 2, "{:?}", out.problems);
    }
}
