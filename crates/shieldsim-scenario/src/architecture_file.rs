//! Architecture files: one `[[architecture]]` in the format of `catalog/architectures.toml`
//! (copy a block from there and change it), optionally with its own `[[interceptor]]` and
//! `[[sensor]]` types in the formats of `catalog/interceptors.toml` and `catalog/sensors.toml`.
//! Used by `[architecture] file = "…"` in scenario files and by `engage --architecture FILE`.
//!
//! Every problem is reported at once, each at its `line:col`: each site, radar, interceptor and
//! sensor entry is checked on its own (serde, `deny_unknown_fields`), then the references
//! between them and the catalog (sensor and interceptor types, places, radar ids) and the
//! ranges of the numbers.

use crate::catalog::{Catalog, nearest};
use crate::defence::{
    ArchitectureEntry, DefenceCatalog, InterceptorEntry, RadarDeployment, ResolvedArchitecture,
    SensorEntry, SiteEntry,
};
use crate::scenario::{Diagnostic, file_name_id, known_hint};
use serde::de::DeserializeOwned;
use shieldsim_core::format_number;
use std::ops::Range;
use toml::Spanned;
use toml::de::{DeTable, DeValue};

/// One step of a path into the document.
#[derive(Debug, Clone, Copy)]
enum Seg<'a> {
    Key(&'a str),
    Index(usize),
}

/// The span of the value at `path` (or of the deepest part of it that exists).
fn span_at(root: &Spanned<DeTable>, path: &[Seg]) -> Range<usize> {
    let mut span = root.span();
    let mut here: Option<&DeValue> = None;
    let mut table: Option<&DeTable> = Some(root.get_ref());
    for seg in path {
        let next: Option<&Spanned<DeValue>> = match (seg, table, here) {
            (Seg::Key(k), Some(t), _) => t
                .iter()
                .find(|(key, _)| key.get_ref().as_ref() == *k)
                .map(|(_, v)| v),
            (Seg::Index(i), _, Some(DeValue::Array(a))) => a.get(*i),
            _ => None,
        };
        let Some(v) = next else { break };
        span = v.span();
        here = Some(v.get_ref());
        table = match v.get_ref() {
            DeValue::Table(t) => Some(t),
            _ => None,
        };
    }
    span
}

/// Most interceptor types, and most sensor types, an architecture file may define.
pub const MAX_OWN_TYPES: usize = 100;
/// Most radars, and most sites, of an architecture file's architecture (and most radars a
/// site may name): the bundled architectures have at most a dozen. Every site is linked to
/// every radar it may fire on, so the resolved architecture grows as their product.
pub const MAX_DEPLOYMENTS: usize = 1_000;

/// A list longer than `max` entries, reported at the list; `true` if it is within.
fn within(
    list: &[toml::Value],
    max: usize,
    what: &str,
    root: &Spanned<DeTable>,
    path: &[Seg],
    out: &mut Vec<Diagnostic>,
) -> bool {
    if list.len() <= max {
        return true;
    }
    out.push(diag(
        span_at(root, path),
        format!(
            "{} {what} are more than an architecture file may hold ({max})",
            list.len()
        ),
        Some("split the study, or see docs/SECURITY.md".into()),
    ));
    false
}

/// The file's own types, checked one entry at a time: those that parse, with their indices
/// in the file.
fn entries<T: DeserializeOwned>(
    doc: &toml::Table,
    root: &Spanned<DeTable>,
    key: &'static str,
    out: &mut Vec<Diagnostic>,
) -> Vec<(usize, T)> {
    let Some(v) = doc.get(key) else {
        return Vec::new();
    };
    let Some(list) = v.as_array() else {
        out.push(diag(
            span_at(root, &[Seg::Key(key)]),
            format!("`{key}` must be an array of tables ([[{key}]])"),
            None,
        ));
        return Vec::new();
    };
    let types = format!("[[{key}]] types");
    if !within(list, MAX_OWN_TYPES, &types, root, &[Seg::Key(key)], out) {
        return Vec::new();
    }
    each(
        list,
        root,
        &[Seg::Key(key)],
        &format!("[[{key}]] number"),
        out,
    )
}

/// The path of a catalog key (`isp_s`, `stage.2.burn_s`, `faces.1.el_min_deg`) inside an
/// entry at `entry`, ending at a ranged figure's `value` where it has one (the span falls back
/// to the figure itself for plain numbers).
fn key_path<'a>(entry: &[Seg<'a>], key: &'a str) -> Vec<Seg<'a>> {
    let mut path = entry.to_vec();
    for part in key.split('.').filter(|p| !p.is_empty()) {
        match part.parse::<usize>() {
            Ok(n) => path.push(Seg::Index(n.saturating_sub(1))),
            Err(_) => path.push(Seg::Key(part)),
        }
    }
    if !key.is_empty() {
        path.push(Seg::Key("value"));
    }
    path
}

/// Ranged figures (`{value, low, high, source}`) of an entry whose range is not two finite
/// numbers, low ≤ high (its value is checked against physical bounds by the model).
fn check_ranges<'a>(
    v: &'a toml::Value,
    root: &Spanned<DeTable>,
    path: &mut Vec<Seg<'a>>,
    out: &mut Vec<Diagnostic>,
) {
    match v {
        toml::Value::Table(t) if t.contains_key("value") && t.contains_key("low") => {
            let num = |k: &str| {
                t.get(k)
                    .and_then(|x| x.as_float().or(x.as_integer().map(|i| i as f64)))
                    .unwrap_or(f64::NAN)
            };
            let (low, high) = (num("low"), num("high"));
            if !(low.is_finite() && high.is_finite() && low <= high) {
                let figure = match path.last() {
                    Some(Seg::Key(k)) => format!("`{k}`"),
                    _ => "a figure".into(),
                };
                path.push(Seg::Key("low"));
                out.push(diag(
                    span_at(root, path),
                    format!(
                        "the range of {figure}, {} … {}, is not two finite numbers with low ≤ high",
                        format_number(low),
                        format_number(high)
                    ),
                    Some("`low` and `high` bound the uncertainty of `value`".into()),
                ));
                path.pop();
            }
        }
        toml::Value::Table(t) => {
            for (k, x) in t {
                path.push(Seg::Key(k.as_str()));
                check_ranges(x, root, path, out);
                path.pop();
            }
        }
        toml::Value::Array(a) => {
            for (i, x) in a.iter().enumerate() {
                path.push(Seg::Index(i));
                check_ranges(x, root, path, out);
                path.pop();
            }
        }
        _ => {}
    }
}

/// Each entry of `list` (at `path`) deserialised on its own, every failure reported at the
/// entry as "`label` N: …"; the entries that parse, with their indices in the file.
fn each<T: DeserializeOwned>(
    list: &[toml::Value],
    root: &Spanned<DeTable>,
    path: &[Seg],
    label: &str,
    out: &mut Vec<Diagnostic>,
) -> Vec<(usize, T)> {
    let mut got = Vec::new();
    for (i, item) in list.iter().enumerate() {
        match item.clone().try_into::<T>() {
            Ok(x) => got.push((i, x)),
            Err(e) => {
                let mut at = path.to_vec();
                at.push(Seg::Index(i));
                out.push(diag(
                    span_at(root, &at),
                    format!(
                        "{label} {}: {}",
                        i + 1,
                        crate::input::tidy_message(e.message().trim())
                    ),
                    None,
                ));
            }
        }
    }
    got
}

fn diag(span: Range<usize>, message: impl Into<String>, hint: Option<String>) -> Diagnostic {
    Diagnostic {
        span,
        message: message.into(),
        hint,
        origin: None,
    }
}

/// Parse and check an architecture file's text against the bundled catalog; spans point into
/// `text` (the caller sets each diagnostic's origin).
pub fn parse(
    places: &Catalog,
    bundled: &DefenceCatalog,
    text: &str,
) -> Result<ResolvedArchitecture, Vec<Diagnostic>> {
    let root = DeTable::parse(text).map_err(|e| {
        vec![diag(
            e.span().unwrap_or(0..0),
            format!(
                "not valid TOML: {}",
                crate::input::tidy_message(e.message())
            ),
            None,
        )]
    })?;
    let doc: toml::Table = toml::from_str(text).map_err(|e| {
        vec![diag(
            e.span().unwrap_or(0..0),
            format!(
                "not valid TOML: {}",
                crate::input::tidy_message(e.message())
            ),
            None,
        )]
    })?;
    let mut out = Vec::new();
    let top = ["architecture", "interceptor", "sensor"];
    for (k, _) in root.get_ref().iter() {
        let k_str: &str = k.get_ref().as_ref();
        if !top.contains(&k_str) {
            out.push(diag(
                k.span(),
                format!("unknown key `{k_str}` in the architecture file"),
                Some(format!("did you mean `{}`?", nearest(k_str, &top))),
            ));
        }
    }

    // The file's own interceptor and sensor types: new ids only, so that a catalog id always
    // means the catalog's figures.
    let interceptors: Vec<(usize, InterceptorEntry)> =
        entries(&doc, &root, "interceptor", &mut out);
    let sensors: Vec<(usize, SensorEntry)> = entries(&doc, &root, "sensor", &mut out);
    let taken_hint = "give the file's own type a new id (catalog ids keep the catalog's figures)";
    let mut seen = std::collections::HashSet::new();
    for (i, x) in &interceptors {
        let entry = [Seg::Key("interceptor"), Seg::Index(*i)];
        if bundled.interceptor(&x.id).is_ok() || !seen.insert(x.id.as_str()) {
            out.push(diag(
                span_at(&root, &[entry[0], entry[1], Seg::Key("id")]),
                format!("interceptor id \"{}\" is already taken", x.id),
                Some(taken_hint.into()),
            ));
        }
        // The model's own bounds, each at its figure (what `run` would refuse later).
        for (key, message) in x.problems() {
            out.push(diag(
                span_at(&root, &key_path(&entry, &key)),
                format!("interceptor \"{}\": {message}", x.id),
                None,
            ));
        }
    }
    let mut seen = std::collections::HashSet::new();
    for (i, x) in &sensors {
        let entry = [Seg::Key("sensor"), Seg::Index(*i)];
        if bundled.sensor(&x.id).is_ok() || !seen.insert(x.id.as_str()) {
            out.push(diag(
                span_at(&root, &[entry[0], entry[1], Seg::Key("id")]),
                format!("sensor id \"{}\" is already taken", x.id),
                Some(taken_hint.into()),
            ));
        }
        for (key, message) in x.problems() {
            out.push(diag(
                span_at(&root, &key_path(&entry, &key)),
                format!("sensor \"{}\": {message}", x.id),
                None,
            ));
        }
    }
    // The ranges of the file's own figures (NaN, inf, low > high).
    for key in ["interceptor", "sensor"] {
        if let Some(v @ toml::Value::Array(_)) = doc.get(key) {
            check_ranges(v, &root, &mut vec![Seg::Key(key)], &mut out);
        }
    }
    let interceptors: Vec<InterceptorEntry> = interceptors.into_iter().map(|x| x.1).collect();
    let sensors: Vec<SensorEntry> = sensors.into_iter().map(|x| x.1).collect();
    let mut defence = bundled.clone();
    defence.interceptors.extend(interceptors);
    defence.sensors.extend(sensors);

    // The architecture: exactly one; its radars and sites checked entry by entry first.
    let arch_path = [Seg::Key("architecture"), Seg::Index(0)];
    let arch_value = match doc.get("architecture").and_then(|v| v.as_array()) {
        Some(list) if list.len() == 1 => Some(&list[0]),
        Some(list) => {
            out.push(diag(
                span_at(&root, &[Seg::Key("architecture")]),
                format!(
                    "an architecture file holds one [[architecture]], not {}",
                    list.len()
                ),
                None,
            ));
            None
        }
        None => {
            out.push(diag(
                0..0,
                "the architecture file needs one [[architecture]] (the format of catalog/architectures.toml)",
                None,
            ));
            None
        }
    };
    // The entry with only the radars and sites that parsed, so that the references of those
    // are checked too; `kept` maps their indices back to the file's.
    let mut entry: Option<(ArchitectureEntry, Kept)> = None;
    if let Some(a) = arch_value {
        let radars =
            check_list::<RadarDeployment>(a.get("radars"), &root, &arch_path, "radars", &mut out);
        let sites = check_list::<SiteEntry>(a.get("sites"), &root, &arch_path, "sites", &mut out);
        // Lists beyond the limit are reported and not checked further.
        let (Some(radars), Some(sites)) = (radars, sites) else {
            return Err(out);
        };
        let mut trimmed = a.clone();
        if let Some(t) = trimmed.as_table_mut() {
            for (key, kept) in [("radars", &radars), ("sites", &sites)] {
                if let Some(list) = t.get(key).and_then(|v| v.as_array()).cloned() {
                    let keep: Vec<toml::Value> = kept.iter().map(|&i| list[i].clone()).collect();
                    t.insert(key.into(), toml::Value::Array(keep));
                }
            }
        }
        match trimmed.try_into::<ArchitectureEntry>() {
            Ok(e) => entry = Some((e, Kept { radars, sites })),
            Err(e) => out.push(diag(
                span_at(&root, &arch_path),
                format!(
                    "[[architecture]]: {}",
                    crate::input::tidy_message(e.message().trim())
                ),
                None,
            )),
        }
    }
    if let Some((e, kept)) = &entry {
        check_references(e, kept, &defence, places, &root, &arch_path, &mut out);
    }
    let entry = entry.map(|(e, _)| e);
    match entry {
        Some(e) if out.is_empty() => defence
            .resolve(places, e)
            .map_err(|m| vec![diag(span_at(&root, &arch_path), m, None)]),
        _ => Err(out),
    }
}

/// File indices of the radars and sites that parsed.
struct Kept {
    radars: Vec<usize>,
    sites: Vec<usize>,
}

/// Each entry of `architecture.<key>` on its own (each problem reported); the indices of those
/// that parse, or `None` if the list is longer than [`MAX_DEPLOYMENTS`] (reported).
fn check_list<T: DeserializeOwned>(
    list: Option<&toml::Value>,
    root: &Spanned<DeTable>,
    arch_path: &[Seg],
    key: &'static str,
    out: &mut Vec<Diagnostic>,
) -> Option<Vec<usize>> {
    let Some(list) = list.and_then(|v| v.as_array()) else {
        return Some(Vec::new()); // the whole-entry check reports a missing or mistyped list
    };
    let mut path = arch_path.to_vec();
    path.push(Seg::Key(key));
    if !within(list, MAX_DEPLOYMENTS, key, root, &path, out) {
        return None;
    }
    Some(
        each::<T>(list, root, &path, &format!("{key} entry"), out)
            .into_iter()
            .map(|(i, _)| i)
            .collect(),
    )
}

/// References and ranges: sensor and interceptor types, places or coordinates, radar ids,
/// duplicate ids, site kinds, loadouts and angles.
fn check_references(
    e: &ArchitectureEntry,
    kept: &Kept,
    defence: &DefenceCatalog,
    places: &Catalog,
    root: &Spanned<DeTable>,
    arch_path: &[Seg],
    out: &mut Vec<Diagnostic>,
) {
    // Index `i` of the parsed entries → the file's index.
    let file_index = |key: &str, i: usize| match key {
        "radars" => kept.radars.get(i).copied().unwrap_or(i),
        _ => kept.sites.get(i).copied().unwrap_or(i),
    };
    let at = |key: &'static str, i: usize, field: &'static str| {
        let mut path = arch_path.to_vec();
        path.extend([
            Seg::Key(key),
            Seg::Index(file_index(key, i)),
            Seg::Key(field),
        ]);
        span_at(root, &path)
    };
    let sensor_ids: Vec<&str> = defence.sensors.iter().map(|s| s.id.as_str()).collect();
    let interceptor_ids: Vec<&str> = defence.interceptors.iter().map(|s| s.id.as_str()).collect();
    let radar_ids: Vec<&str> = e.radars.iter().map(|r| r.id.as_str()).collect();
    let radar_set: std::collections::HashSet<&str> = radar_ids.iter().copied().collect();
    // The architecture's and its sites' ids become part of output file names
    // (`engage-<architecture>.csv`, `footprint-<threat>-<site>.csv`).
    if let Err((message, hint)) = file_name_id("architecture id", &e.id) {
        let mut path = arch_path.to_vec();
        path.push(Seg::Key("id"));
        out.push(diag(span_at(root, &path), message, Some(hint)));
    }
    if !(1950..=2100).contains(&e.year) {
        let mut path = arch_path.to_vec();
        path.push(Seg::Key("year"));
        out.push(diag(
            span_at(root, &path),
            format!("year {} is impossible", e.year),
            Some("expected 1950 … 2100".into()),
        ));
    }
    if e.sites.is_empty() {
        out.push(diag(
            span_at(root, arch_path),
            "the architecture has no site",
            None,
        ));
    }
    // A position: a catalog place, or latitude and longitude in range.
    let position = |key: &'static str,
                    i: usize,
                    place: &Option<String>,
                    lat: Option<f64>,
                    lon: Option<f64>,
                    out: &mut Vec<Diagnostic>| {
        match (place, lat, lon) {
            (Some(p), _, _) => {
                if places.place(p).is_none() {
                    let ids: Vec<&str> = places.places.iter().map(|x| x.id.as_str()).collect();
                    out.push(diag(
                        at(key, i, "place"),
                        format!("unknown place \"{p}\""),
                        Some(format!(
                            "did you mean \"{}\"? or give lat_deg and lon_deg",
                            nearest(&p.to_lowercase(), &ids)
                        )),
                    ));
                }
            }
            (None, Some(lat), Some(lon)) => {
                if !(-90.0..=90.0).contains(&lat) {
                    out.push(diag(
                        at(key, i, "lat_deg"),
                        format!("latitude {}° is impossible", format_number(lat)),
                        Some("expected −90 … 90".into()),
                    ));
                }
                if !(-180.0..=180.0).contains(&lon) {
                    out.push(diag(
                        at(key, i, "lon_deg"),
                        format!("longitude {}° is impossible", format_number(lon)),
                        Some("expected −180 … 180".into()),
                    ));
                }
            }
            _ => {
                let mut path = arch_path.to_vec();
                path.extend([Seg::Key(key), Seg::Index(file_index(key, i))]);
                out.push(diag(
                    span_at(root, &path),
                    format!(
                        "{key} entry {} needs a `place` or `lat_deg` and `lon_deg`",
                        file_index(key, i) + 1
                    ),
                    None,
                ));
            }
        }
    };
    let mut seen = std::collections::HashSet::new();
    for (i, r) in e.radars.iter().enumerate() {
        if !seen.insert(r.id.as_str()) {
            out.push(diag(
                at("radars", i, "id"),
                format!("radar id \"{}\" is used twice", r.id),
                None,
            ));
        }
        match defence.sensor(&r.sensor) {
            Ok(t) if t.kind != "radar" => out.push(diag(
                at("radars", i, "sensor"),
                format!("sensor \"{}\" is not a radar", r.sensor),
                None,
            )),
            Ok(_) => {}
            Err(_) => out.push(diag(
                at("radars", i, "sensor"),
                format!("unknown sensor \"{}\"", r.sensor),
                Some(known_hint(&r.sensor.to_lowercase(), &sensor_ids)),
            )),
        }
        position("radars", i, &r.place, r.lat_deg, r.lon_deg, out);
        if !(-500.0..=9000.0).contains(&r.height_m) {
            out.push(diag(
                at("radars", i, "height_m"),
                format!(
                    "antenna height {} m is impossible",
                    format_number(r.height_m)
                ),
                Some("expected −500 … 9000 m".into()),
            ));
        }
        if !(0.0..360.0).contains(&r.boresight_az_deg) {
            out.push(diag(
                at("radars", i, "boresight_az_deg"),
                format!(
                    "boresight azimuth {}° is impossible",
                    format_number(r.boresight_az_deg)
                ),
                Some("expected 0 ≤ azimuth < 360".into()),
            ));
        }
    }
    let mut seen = std::collections::HashSet::new();
    for (i, s) in e.sites.iter().enumerate() {
        if let Err((message, hint)) = file_name_id("site id", &s.id) {
            out.push(diag(at("sites", i, "id"), message, Some(hint)));
        } else if !seen.insert(s.id.as_str()) {
            out.push(diag(
                at("sites", i, "id"),
                format!("site id \"{}\" is used twice", s.id),
                None,
            ));
        }
        if s.radars.len() > MAX_DEPLOYMENTS {
            out.push(diag(
                at("sites", i, "radars"),
                format!(
                    "site \"{}\" names {} radars, more than an architecture may hold ({MAX_DEPLOYMENTS})",
                    s.id,
                    s.radars.len()
                ),
                None,
            ));
            continue;
        }
        if !["ashore", "ship"].contains(&s.kind.as_str()) {
            out.push(diag(
                at("sites", i, "kind"),
                format!("site kind \"{}\" is unknown", s.kind),
                Some("expected \"ashore\" or \"ship\"".into()),
            ));
        }
        if defence.interceptor(&s.interceptor).is_err() {
            out.push(diag(
                at("sites", i, "interceptor"),
                format!("unknown interceptor \"{}\"", s.interceptor),
                Some(known_hint(&s.interceptor.to_lowercase(), &interceptor_ids)),
            ));
        }
        if s.inventory > 10_000 {
            out.push(diag(
                at("sites", i, "inventory"),
                format!("inventory {} is impossible", s.inventory),
                Some("expected 0 … 10000 interceptors".into()),
            ));
        }
        position("sites", i, &s.place, s.lat_deg, s.lon_deg, out);
        for (k, own) in s.radars.iter().enumerate() {
            if !radar_set.contains(own.as_str()) {
                let mut path = arch_path.to_vec();
                path.extend([
                    Seg::Key("sites"),
                    Seg::Index(file_index("sites", i)),
                    Seg::Key("radars"),
                    Seg::Index(k),
                ]);
                out.push(diag(
                    span_at(root, &path),
                    format!("site \"{}\" names unknown radar \"{own}\"", s.id),
                    if radar_ids.is_empty() {
                        Some("the architecture lists no radars".into())
                    } else {
                        let mut ids = radar_ids.clone();
                        ids.dedup();
                        Some(known_hint(&own.to_lowercase(), &ids))
                    },
                ));
            }
        }
        // Consent is recorded by country, for the basing study's declared rules.
        if let Ok(alliances) = crate::alliances::Alliances::bundled() {
            for (k, who) in s.consent.iter().enumerate() {
                if alliances.country(who).is_none() {
                    let mut path = arch_path.to_vec();
                    path.extend([
                        Seg::Key("sites"),
                        Seg::Index(file_index("sites", i)),
                        Seg::Key("consent"),
                        Seg::Index(k),
                    ]);
                    let names: Vec<&str> = alliances
                        .countries
                        .iter()
                        .map(|c| c.name.as_str())
                        .collect();
                    out.push(diag(
                        span_at(root, &path),
                        format!("site \"{}\": consent names unknown country \"{who}\"", s.id),
                        Some(known_hint(who, &names)),
                    ));
                }
            }
        }
    }
    // Who runs a radar and whose sector a sector is: a country or alliance of
    // catalog/alliances.toml, since the cross-side delay and the sector rule compare sides.
    if let Ok(alliances) = crate::alliances::Alliances::bundled() {
        let mut names: Vec<&str> = alliances.alliances.iter().map(|a| a.id.as_str()).collect();
        names.extend(alliances.countries.iter().map(|c| c.name.as_str()));
        let known =
            |who: &str| alliances.alliance(who).is_some() || alliances.country(who).is_some();
        for (i, r) in e.radars.iter().enumerate() {
            if let Some(who) = &r.operator
                && !known(who)
            {
                out.push(diag(
                    at("radars", i, "operator"),
                    format!(
                        "radar \"{}\": operator \"{who}\" is not a known country or alliance",
                        r.id
                    ),
                    Some(known_hint(who, &names)),
                ));
            }
        }
        let outlines = crate::geo::country_codes();
        for (k, sector) in e.sectors.iter().enumerate() {
            let mut path = arch_path.to_vec();
            path.extend([Seg::Key("sectors"), Seg::Index(k)]);
            if !known(&sector.alliance) {
                let mut p = path.clone();
                p.push(Seg::Key("alliance"));
                out.push(diag(
                    span_at(root, &p),
                    format!(
                        "sector {}: \"{}\" is not a known country or alliance",
                        k + 1,
                        sector.alliance
                    ),
                    Some(known_hint(&sector.alliance, &names)),
                ));
            }
            if sector.countries.is_empty() {
                out.push(diag(
                    span_at(root, &path),
                    format!("sector {} names no country", k + 1),
                    Some("expected countries = [\"RU\", …] (ISO alpha-2 codes)".into()),
                ));
            }
            for (j, c) in sector.countries.iter().enumerate() {
                if crate::geo::country_polygons(c).is_none() {
                    let mut p = path.clone();
                    p.extend([Seg::Key("countries"), Seg::Index(j)]);
                    out.push(diag(
                        span_at(root, &p),
                        format!("sector {}: no bundled outline for country \"{c}\"", k + 1),
                        Some(format!(
                            "the outlines are NATO Europe's and the CSTO members' (ISO alpha-2): {}",
                            outlines.join(", ")
                        )),
                    ));
                }
            }
        }
    }
}

/// Read and check an architecture file; diagnostics carry the file's path and text.
pub fn load(
    places: &Catalog,
    bundled: &DefenceCatalog,
    path: &std::path::Path,
) -> Result<ResolvedArchitecture, Vec<Diagnostic>> {
    let shown = path.display().to_string();
    let text = crate::input::max_input_bytes()
        .and_then(|limit| crate::input::read_bounded(path, limit))
        .map_err(|e| {
            vec![diag(
                0..0,
                format!("cannot read the architecture file {shown}: {e}"),
                None,
            )]
        })?;
    let origin = std::sync::Arc::new(crate::scenario::Origin {
        path: shown,
        text: text.clone().into(),
    });
    parse(places, bundled, &text).map_err(|ds| {
        ds.into_iter()
            .map(|d| Diagnostic {
                origin: Some(origin.clone()),
                ..d
            })
            .collect()
    })
}
