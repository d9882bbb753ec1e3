//! The self-contained HTML report: the assumptions, the engagement tables with an
//! altitude-against-time plot, the deterrent tables, the speed-needed plots, the coverage table
//! and the footprint maps.
//!
//! Plots and maps are hand-written SVG rather than a plotting crate or a web-map library: the
//! report is a static page that must open offline with no script and no asset from a CDN, and
//! the same study must give the same bytes (every coordinate is printed with fixed decimals);
//! each plot is a few dozen lines of paths and text (docs/decisions/0004-outputs.md). Map
//! projections, graticules, scale bars, labels and legends live in [`crate::map`]. The page is
//! `format!` text for the same reason; every user string passes through `xml_escape`.

use crate::map::{
    Equirect, Extent, Labeller, PolarAzimuthal, Symbol, lat_label, legend, lon_label, nice_step,
    path_d, scale_bar, triangle,
};
use crate::{route_rows, xml_escape};
use shieldsim_studies::{CoverageRow, DeterrentReport, EngageCase, FootprintCase, Sweep};
use std::fmt::Write as _;

/// The self-contained HTML page, answers first: the findings, a table of contents, the data
/// files written beside it, the assumptions, then `sections_html` (coverage and its maps, the
/// deterrent question, the sweep), the trajectory plot and per case every site's answer.
pub struct Page<'a> {
    /// Title.
    pub title: &'a str,
    /// Description.
    pub description: &'a str,
    /// The findings ([`shieldsim_studies::summary::findings`]).
    pub findings: &'a [shieldsim_studies::summary::Finding],
    /// Names of the data files beside `index.html`, linked from the page.
    pub data_files: &'a [String],
    /// The assumptions list.
    pub assumptions_html: &'a str,
    /// The engagement cases.
    pub cases: &'a [EngageCase],
    /// The other sections, in order.
    pub sections_html: &'a [String],
}

/// A heading's anchor: lower-case letters and digits, other runs as one `-`.
fn slug(text: &str) -> String {
    let mut out = String::new();
    for ch in text.chars() {
        if ch.is_ascii_alphanumeric() {
            out.push(ch.to_ascii_lowercase());
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    out.trim_end_matches('-').to_string()
}

/// `body` with an id on every `<h2>` (its slug) and the table of contents linking them.
fn with_anchors(body: &str) -> (String, String) {
    let (mut out, mut toc) = (String::new(), String::new());
    let mut rest = body;
    while let Some(a) = rest.find("<h2>") {
        let Some(len) = rest[a..].find("</h2>") else {
            break;
        };
        let title = &rest[a + 4..a + len];
        let id = slug(title);
        out.push_str(&rest[..a]);
        let _ = write!(out, "<h2 id=\"{id}\">{title}</h2>");
        let _ = write!(toc, "<li><a href=\"#{id}\">{title}</a></li>");
        rest = &rest[a + len + 5..];
    }
    out.push_str(rest);
    (out, toc)
}

/// The page of [`Page`].
pub fn page_html(p: &Page) -> String {
    let (title, description, cases) = (p.title, p.description, p.cases);
    let mut h = String::new();
    let _ = write!(
        h,
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>{t}</title>\n<style>body{{font-family:system-ui,sans-serif;max-width:1100px;margin:2em auto;padding:0 1em;color:#222}}table{{border-collapse:collapse;margin:1em 0;font-size:14px}}td,th{{border:1px solid #ccc;padding:3px 8px;text-align:left}}th{{background:#f3f3f3}}.no{{color:#a33}}.yes{{color:#262}}svg{{background:#fafafa;border:1px solid #ddd}}svg.map,svg.plot{{width:100%;height:auto;border:none;background:none}}.maps{{display:grid;grid-template-columns:repeat(2,minmax(0,1fr));gap:14px 18px}}.maps figure,figure.wide{{margin:0}}figcaption{{font-size:13px;color:#333;margin:2px 0 0}}.findings li{{margin:0.25em 0}}.files{{columns:3;font-size:13px}}</style></head><body>\n<h1>{t}</h1>\n<p>{d}</p>\n",
        t = xml_escape(title),
        d = xml_escape(description)
    );
    // Everything after the findings and the contents: anchored, and listed in the contents.
    let mut body = format!("<h2>Assumptions</h2>\n{}\n", p.assumptions_html);
    for section in p.sections_html {
        body.push_str(section);
    }
    if !cases.is_empty() {
        body.push_str(&trajectory_html(cases));
    }
    let mut h_findings = String::new();
    for (analysis, heading, section) in [
        (
            "coverage",
            "Coverage (NATO Europe, and the CSTO members where the study covers them)",
            "Coverage of NATO Europe",
        ),
        (
            "deterrent",
            "The deterrent question",
            "The deterrent question",
        ),
        (
            "debate",
            "The other side's questions: Russian radar data, the regions side by side, the sectoral, joint and Nordic architectures",
            "The deterrent question",
        ),
        ("basing", "Basing and consent", "Basing and consent"),
        ("engage", "Engagement cases", "Engagements"),
    ] {
        let items: Vec<String> = p
            .findings
            .iter()
            .filter(|f| f.analysis == analysis)
            .map(|f| format!("<li>{}</li>", xml_escape(&f.text)))
            .collect();
        if !items.is_empty() {
            let _ = write!(
                h_findings,
                "<h3>{heading} <small>(<a href=\"#{}\">details</a>)</small></h3>\n<ul class=\"findings\">{}</ul>\n",
                slug(section),
                items.concat()
            );
        }
    }
    h.push_str("<h2 id=\"findings\">Findings</h2>\n");
    h.push_str(&h_findings);
    body.push_str("<h2>Engagements</h2>\n");
    for c in cases {
        let _ = write!(
            body,
            "<h3>{} {} → {} against {} ({})</h3>\n<p>{:.0} s flight, apogee {:.0} km, {:.0} km ground range; burnout at {:.0} s; sensing: {}.</p>\n<table><tr><th>site</th><th>interceptor</th><th>engage?</th><th>track from</th><th>fire control, s</th><th>earliest launch, s</th><th>waiting for</th><th>launch, s</th><th>intercepts, s</th><th>first at, km</th><th>closing, km/s</th><th>shots</th></tr>\n",
            xml_escape(&c.missile),
            xml_escape(&c.from.0),
            xml_escape(&c.to.0),
            xml_escape(&c.architecture),
            c.year,
            c.flight.flight_time_s(),
            c.flight.rv.apogee_alt_m / 1e3,
            c.flight.rv.ground_range_m / 1e3,
            c.engagement.burnout_s,
            c.engagement.sensing.name()
        );
        for (k, s) in c.engagement.sites.iter().enumerate() {
            let interceptor = c.sites.get(k).map_or("", |i| i.interceptor.as_str());
            match &s.outcome {
                Ok(o) => {
                    let windows: Vec<String> = o
                        .windows
                        .iter()
                        .map(|w| format!("{:.0}–{:.0}", w.0, w.1))
                        .collect();
                    let _ = writeln!(
                        body,
                        "<tr><td>{}</td><td>{}</td><td class=\"yes\">yes</td><td>{}</td><td>{:.0}</td><td>{:.0}</td><td>{}</td><td>{:.0}</td><td>{}</td><td>{:.0}</td><td>{:.2}</td><td>{}</td></tr>",
                        xml_escape(&s.site),
                        xml_escape(interceptor),
                        xml_escape(s.cue_sensor.as_deref().unwrap_or("")),
                        s.fire_control_s.unwrap_or(f64::NAN),
                        s.earliest_launch_s.unwrap_or(f64::NAN),
                        s.binding
                            .map_or("", |b| b.name().trim_start_matches("waiting for ")),
                        o.launch_s,
                        windows.join(", "),
                        o.intercept.alt_km(),
                        o.closing_speed_m_s / 1e3,
                        o.shots
                    );
                }
                Err(reason) => {
                    let _ = writeln!(
                        body,
                        "<tr><td>{}</td><td>{}</td><td class=\"no\">no</td><td colspan=\"9\">{}</td></tr>",
                        xml_escape(&s.site),
                        xml_escape(interceptor),
                        xml_escape(reason.reason())
                    );
                }
            }
        }
        body.push_str("</table>\n");
    }
    if !p.data_files.is_empty() {
        body.push_str("<h2>Data files</h2>\n<p>Beside this page, for GIS tools (GeoJSON, KML), Cesium (CZML), spreadsheets (CSV) and scripts (<code>summary.json</code>):</p>\n<ul class=\"files\">");
        for f in p.data_files {
            let _ = write!(body, "<li><a href=\"{n}\">{n}</a></li>", n = xml_escape(f));
        }
        body.push_str("</ul>\n");
    }
    let (body, toc) = with_anchors(&body);
    let _ = write!(
        h,
        "<h2 id=\"contents\">Contents</h2>\n<ol>{toc}</ol>\n{body}"
    );
    h.push_str("<p>Made by shieldsim: open-literature parameters, kinematic interceptor reach only. Every catalog figure and its source: <code>shieldsim list --json</code>.</p>\n</body></html>\n");
    h
}

/// The altitude-against-time plot of every distinct trajectory of `cases` (one curve per missile,
/// launch point and aim point, whatever the architecture), with numbered axes, a legend naming
/// each curve, and each engaging site's earliest intercept.
pub(crate) fn trajectory_html(cases: &[EngageCase]) -> String {
    let curves: Vec<&EngageCase> = {
        let mut seen: Vec<(&str, &str, &str)> = Vec::new();
        let mut out = Vec::new();
        for c in cases {
            let key = (c.missile.as_str(), c.from.0.as_str(), c.to.0.as_str());
            if !seen.contains(&key) {
                seen.push(key);
                out.push(c);
            }
        }
        out
    };
    let (w, pad_l, pad_r, pad_t, plot_h) = (900.0, 62.0, 18.0, 14.0, 300.0);
    let t_max = cases
        .iter()
        .map(|c| c.flight.flight_time_s())
        .fold(1.0, f64::max);
    let alt_max = cases
        .iter()
        .map(|c| c.flight.rv.apogee_alt_m / 1e3)
        .fold(1.0, f64::max);
    let t_step = nice_step(t_max, 10.0);
    let a_step = nice_step(alt_max * 1.05, 6.0);
    let t_top = (t_max / t_step).ceil() * t_step;
    let a_top = (alt_max * 1.05 / a_step).ceil() * a_step;
    let (x0, x1, y0, y1) = (pad_l, w - pad_r, pad_t, pad_t + plot_h);
    let x = |t: f64| x0 + t / t_top * (x1 - x0);
    let y = |a: f64| y1 - a / a_top * (y1 - y0);
    let names: Vec<String> = curves
        .iter()
        .map(|c| format!("{} {} → {}", c.missile, c.from.0, c.to.0))
        .collect();
    let mut items: Vec<(Symbol, &str)> = names
        .iter()
        .enumerate()
        .map(|(k, n)| (Symbol::Line(ROUTE_COLOURS[k % 10], 2.0, ""), n.as_str()))
        .collect();
    items.push((
        Symbol::Dot("#fff", "#222"),
        "earliest intercept by an engaging site (any architecture)",
    ));
    let (legend_svg, legend_h) = legend(&items, x0, y1 + 52.0, x1 - x0);
    let hgt = y1 + 52.0 + legend_h;
    let mut h = format!(
        "<h2>Trajectories</h2>\n<svg class=\"plot\" width=\"{w}\" height=\"{hgt:.0}\" viewBox=\"0 0 {w} {hgt:.0}\" role=\"img\" aria-label=\"altitude against time of every threat trajectory\"><g font-size=\"11\" fill=\"#222\">"
    );
    let mut t = 0.0;
    while t <= t_top + 1e-9 {
        let _ = write!(
            h,
            "<line x1=\"{xx:.1}\" y1=\"{y0:.1}\" x2=\"{xx:.1}\" y2=\"{y1:.1}\" stroke=\"#e4e4e4\"/><line x1=\"{xx:.1}\" y1=\"{y1:.1}\" x2=\"{xx:.1}\" y2=\"{yt:.1}\" stroke=\"#333\"/><text x=\"{xx:.1}\" y=\"{yl:.1}\" text-anchor=\"middle\">{t:.0}</text>",
            xx = x(t),
            yt = y1 + 4.0,
            yl = y1 + 16.0
        );
        t += t_step;
    }
    let mut a = 0.0;
    while a <= a_top + 1e-9 {
        let _ = write!(
            h,
            "<line x1=\"{x0:.1}\" y1=\"{yy:.1}\" x2=\"{x1:.1}\" y2=\"{yy:.1}\" stroke=\"#e4e4e4\"/><line x1=\"{xt:.1}\" y1=\"{yy:.1}\" x2=\"{x0:.1}\" y2=\"{yy:.1}\" stroke=\"#333\"/><text x=\"{xl:.1}\" y=\"{yb:.1}\" text-anchor=\"end\">{a:.0}</text>",
            yy = y(a),
            xt = x0 - 4.0,
            xl = x0 - 7.0,
            yb = y(a) + 4.0
        );
        a += a_step;
    }
    let _ = write!(
        h,
        "<line x1=\"{x0:.1}\" y1=\"{y1:.1}\" x2=\"{x1:.1}\" y2=\"{y1:.1}\" stroke=\"#333\"/><line x1=\"{x0:.1}\" y1=\"{y0:.1}\" x2=\"{x0:.1}\" y2=\"{y1:.1}\" stroke=\"#333\"/><text x=\"{xm:.1}\" y=\"{yt:.1}\" text-anchor=\"middle\" font-size=\"12\">time since the threat's launch (s)</text><text transform=\"translate(16 {ym:.1}) rotate(-90)\" text-anchor=\"middle\" font-size=\"12\">altitude (km)</text></g>",
        xm = 0.5 * (x0 + x1),
        yt = y1 + 34.0,
        ym = 0.5 * (y0 + y1)
    );
    for (k, c) in curves.iter().enumerate() {
        let d = path_d(
            c.flight
                .samples()
                .iter()
                .map(|s| (x(s.t_s), y(s.position.alt_km()))),
            1.0,
            false,
        );
        let _ = write!(
            h,
            "<path d=\"{d}\" fill=\"none\" stroke=\"{}\" stroke-width=\"2\"><title>{}</title></path>",
            ROUTE_COLOURS[k % 10],
            xml_escape(&names[k])
        );
    }
    for c in cases {
        for s in &c.engagement.sites {
            if let Ok(o) = &s.outcome {
                let _ = write!(
                    h,
                    "<circle cx=\"{:.1}\" cy=\"{:.1}\" r=\"3.5\" fill=\"#fff\" stroke=\"#222\" stroke-width=\"1\"><title>{} ({}) against {} {} → {}: earliest intercept {:.0} s, {:.0} km</title></circle>",
                    x(o.intercept_s),
                    y(o.intercept.alt_km()),
                    xml_escape(&s.site),
                    xml_escape(&c.architecture),
                    xml_escape(&c.missile),
                    xml_escape(&c.from.0),
                    xml_escape(&c.to.0),
                    o.intercept_s,
                    o.intercept.alt_km()
                );
            }
        }
    }
    h.push_str(&legend_svg);
    h.push_str("</svg>\n<p>Altitude above the ellipsoid against time since launch, one curve per threat trajectory (minimum energy, rotating WGS84 Earth); open circles: each engaging site's earliest intercept, in every architecture.</p>\n");
    h
}

/// The deterrent question as an HTML section: first, per architecture and sensing assumption,
/// how many routes some site can engage; then one row per route (with the ICBM's burnout),
/// one column per architecture, a line per sensing assumption naming the engaging sites with
/// their earliest launch and margin, or none.
pub fn deterrent_html(d: &DeterrentReport) -> String {
    let (assumption, routes, rows) = (d.assumption.as_str(), &d.routes, &d.rows);
    let archs = distinct(rows.iter().map(|x| x.architecture.as_str()));
    let sensings = distinct(rows.iter().map(|x| x.sensing.as_str()));
    let mut h = format!(
        "<h2>The deterrent question</h2>\n<p>{}</p>\n<table><tr><th>architecture</th>",
        xml_escape(assumption)
    );
    for s in &sensings {
        let _ = write!(h, "<th>{}</th>", xml_escape(s));
    }
    h.push_str("</tr>\n");
    for a in &archs {
        let _ = write!(h, "<tr><td>{}</td>", xml_escape(a));
        for s in &sensings {
            let of = rows
                .iter()
                .filter(|x| x.architecture == *a && x.sensing == *s);
            let (n, yes) = of.fold((0, 0), |(n, y), x| {
                (n + 1, y + usize::from(!x.sites.is_empty()))
            });
            let class = if yes > 0 { "yes" } else { "no" };
            let _ = write!(
                h,
                "<td><span class=\"{class}\">{yes}</span> of {n} routes{}</td>",
                range_note(
                    rows.iter()
                        .filter(|x| x.architecture == *a && x.sensing == *s)
                )
            );
        }
        h.push_str("</tr>\n");
    }
    h.push_str("</table>\n<p>Routes on which some site of the architecture can engage at the catalog values, under each sensing assumption");
    if let Some(u) = rows.iter().find_map(|x| x.uncertainty.as_ref()) {
        let _ = write!(
            h,
            "; below each, over the catalog's ranges ({} parameter sets per cell, {:?} spread, seed {}): the routes engageable in some parameter sets and the largest share. A share is of plausible parameter sets, not a probability of the world. How the threat varied, and what was held: {}",
            u.samples,
            u.distribution,
            u.seed,
            xml_escape(&u.held_fixed)
        );
    }
    h.push_str(".</p>\n");
    h.push_str(&polar_map_html(d));
    h.push_str("<table><tr><th>base → target</th><th>flight, min</th><th>apogee, km</th><th>ICBM burnout, s</th>");
    for a in &archs {
        let _ = write!(h, "<th>{}</th>", xml_escape(a));
    }
    h.push_str("</tr>\n");
    for route in routes {
        let first = route_rows(route, rows).next();
        let _ = write!(
            h,
            "<tr><td>{} → {}</td><td>{:.1}</td><td>{:.0}</td><td>{:.0}</td>",
            xml_escape(&route.base.0),
            xml_escape(&route.target.0),
            route.flight.flight_time_s() / 60.0,
            route.flight.rv.apogee_alt_m / 1e3,
            first.map_or(f64::NAN, |x| x.threat_burnout_s)
        );
        for a in &archs {
            let margin = |x: &shieldsim_studies::DeterrentRow| {
                x.margin_s.map_or("—".to_string(), |m| format!("{m:+.0} s"))
            };
            let lines: Vec<String> = route_rows(route, rows)
                .filter(|x| x.architecture == *a)
                .map(|x| {
                    let point = match &x.launch_s {
                        None => format!(
                            "{}: <span class=\"no\">none</span> ({})",
                            xml_escape(&x.sensing),
                            margin(x)
                        ),
                        Some(l) => format!(
                            "{}: <span class=\"yes\">{}</span> launch {l:.0} s ({})",
                            xml_escape(&x.sensing),
                            xml_escape(&x.sites.join(", ")),
                            margin(x)
                        ),
                    };
                    format!("{point}{}", row_range(x))
                })
                .collect();
            let _ = write!(h, "<td>{}</td>", lines.join("<br>"));
        }
        h.push_str("</tr>\n");
    }
    h.push_str("</table>\n<p>Per sensing assumption: the sites that can engage, the earliest launch (s after the ICBM's launch) of the one with the best margin, and in brackets the margin — how much later than its earliest launch that site could still launch and intercept; negative, how much too late the best site's fire-control solution comes for every point its interceptor reaches; — where no site both tracks the flight and reaches its path. With the catalog's ranges sampled: the share of parameter sets in which some site engages, and the best margin's 5th–95th percentiles.</p>\n");
    h.push_str(&tornadoes_html(rows));
    h
}

/// Over the ranges, for a cell of the architecture × sensing table: routes engageable in some
/// parameter sets and the largest share (empty without sampling).
fn range_note<'a>(rows: impl Iterator<Item = &'a shieldsim_studies::DeterrentRow>) -> String {
    let shares: Option<Vec<f64>> = rows
        .map(|x| x.uncertainty.as_ref().map(|u| u.engageable_share))
        .collect();
    match shares {
        Some(v) if !v.is_empty() => {
            let some = v.iter().filter(|&&x| x > 0.0).count();
            let most = v.iter().copied().fold(0.0, f64::max);
            if some == 0 {
                "<br><small>over the ranges: none in any parameter set</small>".to_string()
            } else {
                format!(
                    "<br><small>over the ranges: {some} in some parameter sets (up to {:.0} %)</small>",
                    100.0 * most
                )
            }
        }
        _ => String::new(),
    }
}

/// A deterrent row's range, after its point answer (empty without sampling).
fn row_range(x: &shieldsim_studies::DeterrentRow) -> String {
    let Some(u) = &x.uncertainty else {
        return String::new();
    };
    let q = u
        .margin_s_quantiles
        .map(|q| format!(", margin {:+.0} … {:+.0} s (p05–p95)", q.p05, q.p95))
        .unwrap_or_default();
    format!(
        " <small>[{:.0} % of sets{q}]</small>",
        100.0 * u.engageable_share
    )
}

/// One tornado chart per verdict that flips inside the ranges (some but not all parameter sets
/// engage): the five largest one-at-a-time swings of the best margin, and the break-even
/// sentence.
fn tornadoes_html(rows: &[shieldsim_studies::DeterrentRow]) -> String {
    let flipping: Vec<&shieldsim_studies::DeterrentRow> = rows
        .iter()
        .filter(|x| {
            x.uncertainty
                .as_ref()
                .is_some_and(|u| u.engageable_share > 0.0 && u.engageable_share < 1.0)
        })
        .collect();
    if flipping.is_empty() {
        return String::new();
    }
    let mut h = format!(
        "<h3 id=\"what-decides\">What decides the verdicts that flip</h3>\n<p>{} verdicts flip inside the catalog's ranges: some parameter sets engage, others do not. Per verdict, the five figures that move the best margin most when each alone goes from its low to its high end (the others at their values; green end: some site engages, red: none; the line at 0 s is the break-even margin), and where one figure decides, its break-even value.</p>\n<div style=\"display:flex;flex-wrap:wrap;gap:8px\">",
        flipping.len()
    );
    for x in flipping {
        let Some(u) = &x.uncertainty else { continue };
        let swings = &u.sensitivity[..u.sensitivity.len().min(5)];
        let charted = swings
            .iter()
            .any(|s| s.answer_at_low.margin_s.is_some() || s.answer_at_high.margin_s.is_some());
        if !charted {
            // At every one-at-a-time end no site tracks the flight (the sets that engage need
            // several figures at once): no margin to draw, so say so instead of an empty chart.
            let _ = write!(
                h,
                "<p style=\"max-width:430px;font-size:12px;margin:0\"><b>{} {} → {} ({}): {:.0} % of sets.</b> No single figure moved to an end of its range gives a site a track; only sets that move several at once engage.</p>",
                xml_escape(&x.architecture),
                xml_escape(&x.base),
                xml_escape(&x.target),
                xml_escape(&x.sensing),
                100.0 * u.engageable_share
            );
            continue;
        }
        h.push_str(&tornado_svg(
            &format!(
                "{} {} → {} ({}): {:.0} % of sets",
                x.architecture,
                x.base,
                x.target,
                x.sensing,
                100.0 * u.engageable_share
            ),
            swings,
            u.break_even.as_ref().map(|b| b.sentence.as_str()),
        ));
    }
    h.push_str("</div>\n");
    h
}

/// A tornado chart: one bar per swing, from the margin at the figure's low end to its high end.
fn tornado_svg(
    title: &str,
    swings: &[shieldsim_studies::uncertainty::Swing],
    sentence: Option<&str>,
) -> String {
    let (w, label_w, bar_h) = (430.0, 200.0, 16.0);
    let margins: Vec<f64> = swings
        .iter()
        .flat_map(|s| [s.answer_at_low.margin_s, s.answer_at_high.margin_s])
        .flatten()
        .chain([0.0])
        .collect();
    let lo = margins.iter().copied().fold(f64::INFINITY, f64::min);
    let hi = margins.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let span = (hi - lo).max(1.0);
    let x = |m: f64| label_w + 10.0 + (m - lo) / span * (w - label_w - 20.0);
    let height = 24.0 + bar_h * swings.len() as f64 + 18.0;
    let mut h = format!(
        "<figure style=\"margin:0\"><svg width=\"{w:.0}\" height=\"{height:.0}\" viewBox=\"0 0 {w:.0} {height:.0}\" role=\"img\" aria-label=\"tornado chart: {t}\"><text x=\"4\" y=\"14\" font-size=\"10\" font-weight=\"bold\" textLength=\"{tl:.0}\" lengthAdjust=\"spacingAndGlyphs\">{t}</text>",
        t = xml_escape(title),
        // Long titles are squeezed into the chart's width rather than cut off.
        tl = (title.chars().count() as f64 * 5.6).min(w - 8.0)
    );
    let x0 = x(0.0);
    let _ = write!(
        h,
        "<line x1=\"{x0:.1}\" y1=\"20\" x2=\"{x0:.1}\" y2=\"{:.1}\" stroke=\"#333\" stroke-dasharray=\"3 2\"/>",
        height - 16.0
    );
    for (k, s) in swings.iter().enumerate() {
        let y = 24.0 + bar_h * k as f64;
        let _ = write!(
            h,
            "<text x=\"{:.1}\" y=\"{:.1}\" font-size=\"10\" text-anchor=\"end\">{}</text>",
            label_w,
            y + 11.0,
            xml_escape(&s.parameter)
        );
        let ends = [
            (s.answer_at_low.margin_s, s.answer_at_low.engageable),
            (s.answer_at_high.margin_s, s.answer_at_high.engageable),
        ];
        if let (Some(a), Some(b)) = (ends[0].0, ends[1].0) {
            let (xa, xb) = (x(a), x(b));
            let _ = write!(
                h,
                "<line x1=\"{xa:.1}\" y1=\"{:.1}\" x2=\"{xb:.1}\" y2=\"{:.1}\" stroke=\"#888\" stroke-width=\"6\"/>",
                y + 7.0,
                y + 7.0
            );
        }
        for (m, engageable) in ends {
            if let Some(m) = m {
                let colour = if engageable { "#262" } else { "#a33" };
                let _ = write!(
                    h,
                    "<circle cx=\"{:.1}\" cy=\"{:.1}\" r=\"4\" fill=\"{colour}\"/>",
                    x(m),
                    y + 7.0
                );
            }
        }
    }
    let _ = write!(
        h,
        "<text x=\"{:.1}\" y=\"{:.1}\" font-size=\"10\">{lo:+.0} s</text><text x=\"{:.1}\" y=\"{:.1}\" font-size=\"10\" text-anchor=\"end\">{hi:+.0} s best margin</text></svg>",
        label_w + 10.0,
        height - 4.0,
        w - 4.0,
        height - 4.0
    );
    if let Some(t) = sentence {
        let _ = write!(
            h,
            "<figcaption style=\"max-width:{w:.0}px;font-size:12px\">{}</figcaption>",
            xml_escape(t)
        );
    }
    h.push_str("</figure>");
    h
}

/// Colours of the deterrent map's classes: engaged under the first, second, third sensing
/// assumption (in the rows' order: own, cued, kinematic-bound), and never.
const SENSING_COLOURS: [&str; 4] = ["#d62728", "#ff7f0e", "#8e44ad", "#7f8c8d"];

/// The deterrent question on a north-polar azimuthal-equidistant map: every route's ground
/// track (from the flown trajectory), the bases and targets, and every interceptor site
/// coloured by the least demanding sensing assumption under which it engages some route in
/// some architecture; a legend and a site-by-assumption matrix beside it.
pub(crate) fn polar_map_html(d: &DeterrentReport) -> String {
    let sensings = distinct(d.rows.iter().map(|x| x.sensing.as_str()));
    let class_of = |engages: &dyn Fn(&str) -> bool| -> usize {
        sensings
            .iter()
            .position(|s| engages(s))
            .map_or(SENSING_COLOURS.len() - 1, |k| {
                k.min(SENSING_COLOURS.len() - 2)
            })
    };
    let ll = |g: &shieldsim_core::earth::Geodetic| [g.lon_deg(), g.lat_deg()];
    // Each route's ground track from its flown trajectory; a flight without samples is drawn
    // as the great circle between base and target instead (and the caption says so).
    let mut arcs = 0;
    let tracks: Vec<Vec<[f64; 2]>> = d
        .routes
        .iter()
        .map(|r| {
            let track: Vec<[f64; 2]> = r
                .flight
                .samples()
                .iter()
                .map(|p| [p.position.lon_deg(), p.position.lat_deg()])
                .collect();
            if track.len() >= 2 {
                track
            } else {
                arcs += 1;
                crate::map::great_circle_arc(ll(&r.base.1), ll(&r.target.1), 90)
            }
        })
        .collect();
    // Sites by id (a site in several architectures is drawn once), with the architectures that
    // field it and, per sensing assumption, those in which it engages some route.
    let site_ids = distinct(d.sites.iter().map(|s| s.site.as_str()));
    let site_pos: Vec<[f64; 2]> = site_ids
        .iter()
        .map(|id| {
            d.sites
                .iter()
                .find(|s| s.site == *id)
                .map_or([f64::NAN, f64::NAN], |s| ll(&s.position))
        })
        .collect();
    let engages_in = |site: &str, sensing: &str| -> Vec<&str> {
        distinct(
            d.rows
                .iter()
                .filter(|r| r.sensing == sensing && r.sites.iter().any(|x| x == site))
                .map(|r| r.architecture.as_str()),
        )
    };
    let site_class: Vec<usize> = site_ids
        .iter()
        .map(|id| class_of(&|s| !engages_in(id, s).is_empty()))
        .collect();
    let route_class: Vec<usize> = d
        .routes
        .iter()
        .map(|route| {
            class_of(&|s| route_rows(route, &d.rows).any(|r| r.sensing == s && !r.sites.is_empty()))
        })
        .collect();
    let places = |which: fn(
        &shieldsim_studies::DeterrentRoute,
    ) -> &(String, shieldsim_core::earth::Geodetic)| {
        let mut out: Vec<(&str, [f64; 2])> = Vec::new();
        for r in &d.routes {
            let (name, g) = which(r);
            if !out.iter().any(|x| x.0 == name) {
                out.push((name.as_str(), ll(g)));
            }
        }
        out
    };
    let bases = places(|r| &r.base);
    let targets = places(|r| &r.target);
    // Turn the map so that the routes run across the page, right to left, over the pole above
    // them: the meridian halfway (circular mean) between the bases and the targets' antipodal
    // meridians points right (for Russia to North America, the Atlantic points down).
    let (sx, sy) = bases
        .iter()
        .map(|b| b.1[0])
        .chain(targets.iter().map(|t| t.1[0] + 180.0))
        .fold((0.0, 0.0), |(sx, sy), lon: f64| {
            (sx + lon.to_radians().cos(), sy + lon.to_radians().sin())
        });
    let lon_down = if sx == 0.0 && sy == 0.0 {
        0.0
    } else {
        sy.atan2(sx).to_degrees().round() - 90.0
    };
    let (map_w, panel_w) = (740.0, 310.0);
    let proj = PolarAzimuthal::fit(
        tracks
            .iter()
            .flatten()
            .copied()
            .chain(site_pos.iter().copied())
            .chain(bases.iter().map(|b| b.1))
            .chain(targets.iter().map(|t| t.1)),
        lon_down,
        map_w,
        44.0,
    );
    let map_h = proj.height_px.max(420.0);
    let mut out = format!(
        "<h3>The routes over the pole</h3>\n<figure class=\"wide\"><svg class=\"map\" width=\"{tw:.0}\" height=\"@SVG_H@\" viewBox=\"0 0 {tw:.0} @SVG_H@\" role=\"img\" aria-label=\"north-polar map of the ICBM routes and the interceptor sites\"><defs><clipPath id=\"polar-clip\"><rect width=\"{map_w:.0}\" height=\"{map_h:.0}\"/></clipPath></defs><rect width=\"{map_w:.0}\" height=\"{map_h:.0}\" fill=\"#eef1f4\"/><g clip-path=\"url(#polar-clip)\">",
        tw = map_w + panel_w
    );
    // Land: only the bundled outlines (NATO Europe).
    out.push_str("<g fill=\"#f4f1ea\" stroke=\"#999\" stroke-width=\"0.5\">");
    for c in &shieldsim_scenario::geo::Region::bundled().countries {
        let d: String = c
            .polygons
            .iter()
            .flatten()
            .map(|ring| path_d(ring.iter().map(|p| proj.xy(*p)), 0.8, true))
            .collect();
        let _ = write!(
            out,
            "<path d=\"{d}\"><title>{}</title></path>",
            xml_escape(&c.name)
        );
    }
    out.push_str("</g>");
    // Graticule: parallels and meridians every 10°.
    let lowest = proj.lonlat(0.0, 0.0)[1]
        .min(proj.lonlat(map_w, 0.0)[1])
        .min(proj.lonlat(0.0, map_h)[1])
        .min(proj.lonlat(map_w, map_h)[1]);
    let low = ((lowest / 10.0).floor() * 10.0).max(-80.0);
    out.push_str("<g fill=\"none\" stroke=\"#9aa5b1\" stroke-width=\"0.5\">");
    let mut lat = 80.0;
    while lat >= low {
        let r = (90.0 - lat) * crate::map::km_per_deg() * proj.px_per_km;
        let _ = write!(
            out,
            "<circle cx=\"{:.1}\" cy=\"{:.1}\" r=\"{r:.1}\"/>",
            proj.cx, proj.cy
        );
        lat -= 10.0;
    }
    for k in 0..36 {
        let lon = -180.0 + 10.0 * k as f64;
        let (xa, ya) = proj.xy([lon, 80.0 + if k % 9 == 0 { 10.0 } else { 0.0 }]);
        let (xb, yb) = proj.xy([lon, low]);
        let _ = write!(
            out,
            "<line x1=\"{xa:.1}\" y1=\"{ya:.1}\" x2=\"{xb:.1}\" y2=\"{yb:.1}\"/>"
        );
    }
    out.push_str("</g>");
    // Routes: those no site engages first, thin, then the engaged ones by class.
    for pass in [true, false] {
        for (k, track) in tracks.iter().enumerate() {
            let never = route_class[k] == SENSING_COLOURS.len() - 1;
            if never != pass {
                continue;
            }
            let route = &d.routes[k];
            let _ = write!(
                out,
                "<path d=\"{}\" fill=\"none\" stroke=\"{}\" stroke-width=\"{}\" stroke-opacity=\"{}\"><title>{} → {}</title></path>",
                path_d(track.iter().map(|p| proj.xy(*p)), 1.5, false),
                if never {
                    "#5d7a99"
                } else {
                    SENSING_COLOURS[route_class[k]]
                },
                if never { "1" } else { "2.2" },
                if never { "0.55" } else { "0.95" },
                xml_escape(&route.base.0),
                xml_escape(&route.target.0)
            );
        }
    }
    out.push_str("</g>");
    // Graticule labels: parallels along the meridian pointing right, meridians every 30° where
    // they leave the map.
    let mut labels = Labeller::new(map_w, map_h);
    let mut marks = String::new();
    for (name, p) in &bases {
        let (x, y) = proj.xy(*p);
        labels.avoid(x, y, 6.0);
        marks.push_str(&triangle(x, y, "#c0392b"));
        let _ = name;
    }
    for (_, p) in &targets {
        let (x, y) = proj.xy(*p);
        labels.avoid(x, y, 5.0);
        let _ = write!(
            marks,
            "<rect x=\"{:.1}\" y=\"{:.1}\" width=\"7\" height=\"7\" fill=\"#fff\" stroke=\"#222\" stroke-width=\"1.2\"/>",
            x - 3.5,
            y - 3.5
        );
    }
    for (k, id) in site_ids.iter().enumerate() {
        let (x, y) = proj.xy(site_pos[k]);
        labels.avoid(x, y, 6.0);
        let _ = write!(
            marks,
            "<circle cx=\"{x:.1}\" cy=\"{y:.1}\" r=\"5\" fill=\"{}\" stroke=\"#fff\" stroke-width=\"1.2\"><title>{}</title></circle>",
            SENSING_COLOURS[site_class[k]],
            xml_escape(id)
        );
    }
    let mut grat = String::from(
        "<g font-size=\"10\" fill=\"#5b6670\" stroke=\"#eef1f4\" stroke-width=\"3\" paint-order=\"stroke\">",
    );
    let mut lat = 80.0;
    while lat >= low {
        let (x, y) = proj.xy([lon_down + 90.0, lat]);
        if (4.0..map_w - 30.0).contains(&x) && (12.0..map_h - 4.0).contains(&y) {
            let _ = write!(
                grat,
                "<text x=\"{:.1}\" y=\"{:.1}\">{}</text>",
                x + 2.0,
                y - 3.0,
                lat_label(lat)
            );
            labels.avoid_rect(x, y - 12.0, x + 30.0, y);
        }
        lat -= 10.0;
    }
    for k in 0..12 {
        let lon = -180.0 + 30.0 * k as f64;
        // Walk out from the pole until the meridian leaves the map.
        let mut last = None;
        let mut la = 89.0;
        while la >= low {
            let (x, y) = proj.xy([lon, la]);
            if !(14.0..map_w - 14.0).contains(&x) || !(10.0..map_h - 6.0).contains(&y) {
                break;
            }
            last = Some((x, y));
            la -= 0.5;
        }
        if let Some((x, y)) = last {
            let _ = write!(
                grat,
                "<text x=\"{x:.1}\" y=\"{:.1}\" text-anchor=\"middle\">{}</text>",
                y + 3.0,
                lon_label(lon)
            );
            labels.avoid_rect(x - 16.0, y - 8.0, x + 16.0, y + 4.0);
        }
    }
    grat.push_str("</g>");
    let bar_x = map_w - 300.0;
    let bar_y = map_h - 14.0;
    labels.avoid_rect(bar_x - 8.0, bar_y - 16.0, map_w, map_h);
    for (name, p) in &bases {
        let (x, y) = proj.xy(*p);
        labels.place(x, y, name, 11.0, 7.0, "bold");
    }
    for (name, p) in &targets {
        let (x, y) = proj.xy(*p);
        labels.place(x, y, name, 11.0, 6.0, "normal");
    }
    for (k, id) in site_ids.iter().enumerate() {
        let (x, y) = proj.xy(site_pos[k]);
        labels.place(x, y, id, 11.0, 7.0, "normal");
    }
    out.push_str(&grat);
    out.push_str(&marks);
    out.push_str(&labels.into_svg());
    out.push_str(&scale_bar(
        proj.px_per_km,
        bar_x,
        bar_y,
        160.0,
        "true along meridians",
    ));
    let _ = write!(
        out,
        "<rect width=\"{map_w:.0}\" height=\"{map_h:.0}\" fill=\"none\" stroke=\"#888\"/>"
    );
    // The panel beside the map: the legend, then which site engages under which assumption.
    let px = map_w + 18.0;
    // Class k in words: engaged under the k-th sensing assumption and not under the one before.
    let shown = sensings.len().min(SENSING_COLOURS.len() - 1);
    let class_text = |k: usize| match k {
        0 => format!("under {}", sensings[0]),
        k if k + 1 == sensings.len() => format!("only under {}", sensings[k]),
        k => format!("under {}, not {}", sensings[k], sensings[k - 1]),
    };
    let mut groups: Vec<(&str, Vec<(Symbol, String)>)> = Vec::new();
    let mut route_items: Vec<(Symbol, String)> = (0..shown)
        .map(|k| {
            (
                Symbol::Line(SENSING_COLOURS[k], 2.2, ""),
                format!("engaged {}", class_text(k)),
            )
        })
        .collect();
    route_items.push((
        Symbol::Line("#5d7a99", 1.0, ""),
        "no site engages it".into(),
    ));
    groups.push(("ICBM routes (ground tracks)", route_items));
    let mut site_items: Vec<(Symbol, String)> = (0..shown)
        .map(|k| {
            (
                Symbol::Dot(SENSING_COLOURS[k], "#fff"),
                format!("engages a route {}", class_text(k)),
            )
        })
        .collect();
    site_items.push((
        Symbol::Dot(SENSING_COLOURS[SENSING_COLOURS.len() - 1], "#fff"),
        "engages no route".into(),
    ));
    groups.push(("interceptor sites", site_items));
    groups.push((
        "places",
        vec![
            (Symbol::Triangle("#c0392b"), "ICBM base".into()),
            (Symbol::Square("#fff", "#222"), "target".into()),
            (
                Symbol::Area("#f4f1ea", 1.0, "#999"),
                "NATO Europe (bundled outlines)".into(),
            ),
        ],
    ));
    let mut y = 16.0;
    for (title, items) in &groups {
        let _ = write!(
            out,
            "<text x=\"{px:.1}\" y=\"{y:.1}\" font-size=\"11\" font-weight=\"bold\" fill=\"#222\">{}</text>",
            xml_escape(title)
        );
        y += 15.0;
        for (sym, text) in items {
            let (svg, hh) = legend(&[(*sym, text.as_str())], px, y, panel_w - 24.0);
            out.push_str(&svg);
            y += hh;
        }
        y += 6.0;
    }
    y += 14.0;
    let _ = write!(
        out,
        "<g font-size=\"11\" fill=\"#222\"><text x=\"{px:.1}\" y=\"{y:.1}\" font-weight=\"bold\">site engages some route?</text>"
    );
    y += 16.0;
    let col = |k: usize| px + 120.0 + 64.0 * k as f64;
    for (k, s) in sensings.iter().enumerate() {
        let _ = write!(
            out,
            "<text x=\"{:.1}\" y=\"{y:.1}\" text-anchor=\"middle\" font-size=\"10\">{}</text>",
            col(k),
            xml_escape(s)
        );
    }
    for id in &site_ids {
        y += 15.0;
        let _ = write!(
            out,
            "<text x=\"{px:.1}\" y=\"{y:.1}\">{}</text>",
            xml_escape(id)
        );
        for (k, s) in sensings.iter().enumerate() {
            let archs = engages_in(id, s);
            let _ = write!(
                out,
                "<text x=\"{:.1}\" y=\"{y:.1}\" text-anchor=\"middle\" fill=\"{}\">{}<title>{}</title></text>",
                col(k),
                if archs.is_empty() { "#888" } else { "#222" },
                if archs.is_empty() { "no" } else { "yes" },
                xml_escape(&if archs.is_empty() {
                    format!("{id}: no route under {s} in any architecture")
                } else {
                    format!("{id} under {s}: {}", archs.join(", "))
                })
            );
        }
    }
    out.push_str("</g></svg>");
    // The panel may be taller than the map.
    let out = out.replace("@SVG_H@", &format!("{:.0}", map_h.max(y + 12.0)));
    let mut out = out;
    let _ = writeln!(
        out,
        "<figcaption>North-polar azimuthal-equidistant projection on the sphere (distances from the pole true; meridian {} points down). Lines: the ground tracks of the flown {} trajectories (minimum energy, rotating WGS84 Earth){}, coloured by the least demanding sensing assumption under which some site of some architecture engages the route. Sites are coloured the same way over all the architectures that field them (which ones: the tables below). Land outlines: only NATO Europe's, the one region bundled (Natural Earth 1:50m subset, <code>catalog/geo/</code>); Russia, Greenland and North America are not outlined.</figcaption></figure>",
        lon_label(lon_down),
        xml_escape(d.routes.first().map_or("", |r| r.missile.as_str())),
        if arcs > 0 {
            format!(
                "; {arcs} route(s) without samples drawn as the great circle from base to target, computed on the sphere"
            )
        } else {
            String::new()
        }
    );
    out
}

/// Ten colours that stay apart for most colour vision (Tableau 10); routes beyond ten repeat
/// them with a dash pattern.
const ROUTE_COLOURS: [&str; 10] = [
    "#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1", "#ff9da7",
    "#9c755f", "#bab0ac",
];

/// Stroke attributes of the k-th route.
fn route_stroke(k: usize) -> String {
    let dash = ["", " stroke-dasharray=\"6 3\"", " stroke-dasharray=\"2 2\""][(k / 10) % 3];
    format!("stroke=\"{}\"{dash}", ROUTE_COLOURS[k % 10])
}

/// Distinct values in first-seen order.
fn distinct<T: PartialEq + Copy>(items: impl Iterator<Item = T>) -> Vec<T> {
    let mut out: Vec<T> = Vec::new();
    for x in items {
        if !out.contains(&x) {
            out.push(x);
        }
    }
    out
}

/// The sweep as an HTML section: per site, speed needed against latency, one line per route,
/// with one colour legend for all the sites' plots.
pub fn sweep_html(sweep: &Sweep) -> String {
    let points = &sweep.points;
    let (v_lo, v_hi) = match (sweep.speeds_km_s.first(), sweep.speeds_km_s.last()) {
        (Some(&lo), Some(&hi)) if hi > lo => (lo, hi),
        (Some(&lo), _) => (lo, lo + 1.0),
        _ => (0.0, 1.0),
    };
    let (l_lo, l_hi) = match (sweep.latencies_s.first(), sweep.latencies_s.last()) {
        (Some(&lo), Some(&hi)) if hi > lo => (lo, hi),
        (Some(&lo), _) => (lo, lo + 1.0),
        _ => (0.0, 1.0),
    };
    let step = sweep
        .speeds_km_s
        .windows(2)
        .map(|w| w[1] - w[0])
        .next()
        .unwrap_or(0.0);
    let mut h = format!(
        "<h2>Speed needed to threaten</h2>\n<p>For each site, the least burnout speed at which it could engage an ICBM on each route ({}; {v_lo}–{v_hi} km/s in {step} km/s steps), against the interceptor's launch delay after the ICBM's burnout. Points drawn above the plot: not even at {v_hi} km/s. Published burnout speeds: SM-3 IA/IB ≈ 3, IIA ≈ 4.5, IIB (cancelled) ≈ 5.5 km/s. Routes that need the same speed draw on top of one another; the table below lists every value.</p>\n",
        xml_escape(&sweep.interceptor_text)
    );
    let routes: Vec<(&str, &str)> =
        distinct(points.iter().map(|p| (p.base.as_str(), p.target.as_str())));
    // The legend, shared by every site's plot: a route keeps its colour in all of them.
    h.push_str("<p class=\"legend\" style=\"font-size:0.9em\">");
    for (k, (base, target)) in routes.iter().enumerate() {
        let _ = write!(
            h,
            "<span style=\"display:inline-block;margin-right:1.2em;white-space:nowrap\"><svg width=\"28\" height=\"10\" aria-hidden=\"true\"><line x1=\"0\" y1=\"5\" x2=\"28\" y2=\"5\" stroke-width=\"2.5\" {}/></svg> {} → {}</span>",
            route_stroke(k),
            xml_escape(base),
            xml_escape(target)
        );
    }
    h.push_str("</p>\n");
    let (w, hgt, pad_l, pad_r, pad_t, pad_b) = (440.0, 280.0, 46.0, 36.0, 24.0, 40.0);
    let x = |l: f64| pad_l + (l - l_lo) / (l_hi - l_lo) * (w - pad_l - pad_r);
    let y = |v: f64| hgt - pad_b - (v - v_lo) / (v_hi - v_lo) * (hgt - pad_t - pad_b);
    let above = v_hi + 0.08 * (v_hi - v_lo);
    for site in distinct(points.iter().map(|p| p.site.as_str())) {
        let (b, e) = (hgt - pad_b, w - pad_r);
        let _ = write!(
            h,
            "<figure style=\"display:inline-block;margin:0 1em 1em 0\"><svg width=\"{w}\" height=\"{hgt}\" viewBox=\"0 0 {w} {hgt}\" role=\"img\" aria-label=\"speed needed, {s}\"><line x1=\"{pad_l}\" y1=\"{b}\" x2=\"{e}\" y2=\"{b}\" stroke=\"#333\"/><line x1=\"{pad_l}\" y1=\"{pad_t}\" x2=\"{pad_l}\" y2=\"{b}\" stroke=\"#333\"/><text x=\"{e}\" y=\"{tb}\" text-anchor=\"end\" font-size=\"11\">launch delay after threat burnout (s)</text><text x=\"4\" y=\"{ty}\" font-size=\"11\">burnout speed needed (km/s)</text>",
            s = xml_escape(site),
            tb = hgt - 4.0,
            ty = pad_t - 10.0
        );
        for &l in &sweep.latencies_s {
            let _ = write!(
                h,
                "<text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\" font-size=\"10\">{l}</text>",
                x(l),
                b + 13.0
            );
        }
        let mut v = v_lo.ceil();
        while v <= v_hi + 1e-9 {
            let _ = write!(
                h,
                "<text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"end\" font-size=\"10\">{v}</text><line x1=\"{:.1}\" y1=\"{yy:.1}\" x2=\"{pad_l}\" y2=\"{yy:.1}\" stroke=\"#333\"/>",
                pad_l - 6.0,
                y(v) + 3.5,
                pad_l - 3.0,
                yy = y(v)
            );
            v += 1.0;
        }
        for (speed, label) in [(4.5, "IIA"), (5.5, "IIB")] {
            if !(v_lo..=v_hi).contains(&speed) {
                continue;
            }
            let _ = write!(
                h,
                "<line x1=\"{pad_l}\" y1=\"{yy:.1}\" x2=\"{e}\" y2=\"{yy:.1}\" stroke=\"#999\" stroke-dasharray=\"4 3\"/><text x=\"{e}\" y=\"{ty:.1}\" text-anchor=\"end\" font-size=\"10\" fill=\"#777\">{label}</text>",
                yy = y(speed),
                ty = y(speed) - 2.0
            );
        }
        for (k, (base, target)) in routes.iter().enumerate() {
            let pts: Vec<String> = points
                .iter()
                .filter(|p| p.site == site && p.base == *base && p.target == *target)
                .map(|p| {
                    format!(
                        "{:.1},{:.1}",
                        x(p.latency_s),
                        y(p.speed_needed_km_s.unwrap_or(above))
                    )
                })
                .collect();
            if pts.is_empty() {
                continue;
            }
            // The band over the catalog's ranges (favourable to unfavourable corner), shaded.
            let of_route: Vec<&shieldsim_studies::SweepPoint> = points
                .iter()
                .filter(|p| p.site == site && p.base == *base && p.target == *target)
                .collect();
            if of_route.iter().all(|p| p.speed_needed_band_km_s.is_some()) {
                let edge = |i: usize| -> Vec<String> {
                    of_route
                        .iter()
                        .map(|p| {
                            let v = p.speed_needed_band_km_s.and_then(|b| b[i]);
                            format!("{:.1},{:.1}", x(p.latency_s), y(v.unwrap_or(above)))
                        })
                        .collect()
                };
                let mut ring = edge(0);
                ring.extend(edge(1).into_iter().rev());
                let _ = write!(
                    h,
                    "<polygon fill=\"#888\" fill-opacity=\"0.12\" stroke=\"none\" points=\"{}\"/>",
                    ring.join(" ")
                );
            }
            let _ = write!(
                h,
                "<polyline fill=\"none\" stroke-width=\"1.8\" {} points=\"{}\"><title>{} → {}</title></polyline>",
                route_stroke(k),
                pts.join(" "),
                xml_escape(base),
                xml_escape(target)
            );
        }
        let _ = writeln!(
            h,
            "</svg><figcaption>{}</figcaption></figure>",
            xml_escape(site)
        );
    }
    h.push_str("<table><tr><th>site</th><th>base → target</th>");
    for l in &sweep.latencies_s {
        let _ = write!(h, "<th>{l} s</th>");
    }
    h.push_str("</tr>\n");
    let rows: Vec<(&str, &str, &str)> = distinct(
        points
            .iter()
            .map(|p| (p.site.as_str(), p.base.as_str(), p.target.as_str())),
    );
    for (site, base, target) in rows {
        let _ = write!(
            h,
            "<tr><td>{}</td><td>{} → {}</td>",
            xml_escape(site),
            xml_escape(base),
            xml_escape(target)
        );
        for p in points
            .iter()
            .filter(|p| p.site == site && p.base == base && p.target == target)
        {
            let show = |v: Option<f64>| v.map_or(format!("> {v_hi}"), |v| format!("{v:.2}"));
            let band = p.speed_needed_band_km_s.map_or(String::new(), |[lo, hi]| {
                format!("<br><small>[{} … {}]</small>", show(lo), show(hi))
            });
            let _ = write!(h, "<td>{}{band}</td>", show(p.speed_needed_km_s));
        }
        h.push_str("</tr>\n");
    }
    h.push_str("</table>\n");
    if points.iter().any(|p| p.speed_needed_band_km_s.is_some()) {
        h.push_str("<p>Shaded, and in brackets: the band of the speed needed over the catalog's ranges of the interceptor's other figures — with its lowest intercept altitude and longest fly-out at their favourable ends, and at their unfavourable ends. Reach only grows toward the favourable ends, so every parameter set's answer lies inside the band.</p>\n");
    }
    h
}

/// The coverage tables: one per region the rows cover (NATO Europe first, then the CSTO
/// members), in the rows' order within each.
pub fn coverage_html(rows: &[CoverageRow]) -> String {
    use shieldsim_scenario::geo::RegionId;
    let mut out = String::new();
    for id in distinct(rows.iter().map(|c| c.region)) {
        let of: Vec<&CoverageRow> = rows.iter().filter(|c| c.region == id).collect();
        out.push_str(&match id {
            RegionId::NatoEurope => nato_europe_coverage_html(&of),
            RegionId::Csto(year) => csto_coverage_html(year, &of),
        });
    }
    out
}

/// The table of NATO Europe's coverage.
fn nato_europe_coverage_html(rows: &[&CoverageRow]) -> String {
    let region = shieldsim_scenario::geo::Region::nato_europe();
    let mut out = format!(
        "<h2>Coverage of NATO Europe</h2>\n<p>Share of the land area of the 30 European NATO members ({:.2} million km²) and of the population of their places of 10,000 inhabitants or more ({:.0} million, GeoNames) inside each architecture's (or one site's) defended footprint: the aim points of a grid of the spacing given that at least one site can engage, for a threat from the launch area named. \"Reachable\" is the share the missile can reach at all. Country outlines: Natural Earth 1:50m (public domain); populations: GeoNames (CC BY 4.0), via <code>data/geo/derive.mjs</code>.</p>\n<table><tr><th>architecture</th><th>threat</th><th>from</th><th>grid</th><th>area defended</th><th>population defended</th><th>area reachable</th><th>population reachable</th></tr>",
        region.area_km2() / 1e6,
        region.population() as f64 / 1e6
    );
    coverage_rows_html(&mut out, rows);
    out
}

/// The table of the CSTO members' coverage in `year`, with the membership and the Crimea
/// convention the numbers use.
fn csto_coverage_html(year: i32, rows: &[&CoverageRow]) -> String {
    let Ok(region) = shieldsim_scenario::geo::Region::csto(year) else {
        return String::new();
    };
    let alliances = shieldsim_scenario::alliances::Alliances::bundled().ok();
    let frozen = alliances.map_or_else(Vec::new, |a| a.frozen("CSTO", year));
    let members: Vec<String> = region
        .countries
        .iter()
        .map(|c| {
            let name = xml_escape(&c.name);
            if frozen.contains(&c.iso_a2) {
                format!("{name} (participation frozen, still a member)")
            } else {
                name
            }
        })
        .collect();
    let mut out = format!(
        "<h2>Coverage of the CSTO members ({year})</h2>\n<p>Share of the land area of the CSTO members in {year} ({}; membership from <code>catalog/alliances.toml</code>, a member on any day of the year counts) — {:.2} million km² — and of the population of their places of 10,000 inhabitants or more ({:.0} million, GeoNames) inside each architecture's defended footprint against the same Iranian threats, on the same kind of grid, clipped to the part of the members' box the missile can reach (Kaliningrad to the Pacific is beyond an Iranian missile's reach). Russia's land east of the antimeridian is counted. <b>{}</b></p>\n<table><tr><th>architecture</th><th>threat</th><th>from</th><th>grid</th><th>area defended</th><th>population defended</th><th>area reachable</th><th>population reachable</th></tr>",
        members.join(", "),
        region.area_km2() / 1e6,
        region.population() as f64 / 1e6,
        xml_escape(shieldsim_scenario::geo::CRIMEA_CONVENTION)
    );
    coverage_rows_html(&mut out, rows);
    out
}

/// A coverage table's rows, its closing tag and the note on its intervals.
fn coverage_rows_html(out: &mut String, rows: &[&CoverageRow]) {
    for c in rows {
        let _ = write!(
            out,
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{} km</td><td>{:.1} %{}</td><td>{:.1} %{}</td><td>{:.1} %</td><td>{:.1} %</td></tr>",
            match &c.site {
                Some(site) => format!(
                    "{} ({} only)",
                    xml_escape(&c.architecture),
                    xml_escape(site)
                ),
                None => xml_escape(&c.architecture),
            },
            xml_escape(&c.threat),
            xml_escape(&c.launch_area),
            c.spacing_km,
            100.0 * c.area_fraction,
            interval(c.area_fraction_quantiles, c.interval_grid_area_fraction),
            100.0 * c.population_fraction,
            interval(
                c.population_fraction_quantiles,
                c.interval_grid_population_fraction
            ),
            100.0 * c.threatened_area_fraction,
            100.0 * c.threatened_population_fraction
        );
    }
    out.push_str("</table>\n");
    if let Some(c) = rows.iter().find(|c| c.uncertainty_samples.is_some()) {
        let _ = writeln!(
            out,
            "<p>Under each share, in brackets: its 5th–95th percentiles over {} parameter sets drawn from the catalog's ranges (interceptor speeds, intercept bands and fly-out times, radar delays and ranges, decision and track-after-burnout delays, RCS; the threat at its catalog figures, since its trajectories over the grid are one interpolated family), computed on a {} km grid, and that grid's own share at the catalog values. A range of plausible parameter sets, not a probability.</p>",
            c.uncertainty_samples.unwrap_or(0),
            c.interval_spacing_km.unwrap_or(c.spacing_km)
        );
    }
}

/// A coverage share's interval for the table: p05–p95 and the intervals' grid's own value.
fn interval(
    q: Option<shieldsim_studies::uncertainty::Quantiles>,
    at_values: Option<f64>,
) -> String {
    match q {
        Some(q) => format!(
            "<br><small>[{:.1}–{:.1} %; {:.1} % on its grid]</small>",
            100.0 * q.p05,
            100.0 * q.p95,
            100.0 * at_values.unwrap_or(f64::NAN)
        ),
        None => String::new(),
    }
}

/// Margin around what a footprint map must show (deg).
pub const MAP_MARGIN_DEG: f64 = 2.0;

/// Width of a footprint map in SVG pixels (two to a row on the page).
const FOOTPRINT_MAP_W: f64 = 540.0;

/// Every point a footprint map must show ([lon, lat] degrees): NATO Europe's outlines (the
/// coverage region), every launch point, every interceptor site and every target of the
/// engagement cases drawn on the maps.
pub fn footprint_map_points(footprints: &[FootprintCase], cases: &[EngageCase]) -> Vec<[f64; 2]> {
    let fps: Vec<&FootprintCase> = footprints.iter().collect();
    region_map_points(shieldsim_scenario::geo::Region::nato_europe(), &fps, cases)
}

/// Every point a map of `region`'s footprints must show: the region's outlines, every launch
/// point, site and target.
fn region_map_points(
    region: &shieldsim_scenario::geo::Region,
    footprints: &[&FootprintCase],
    cases: &[EngageCase],
) -> Vec<[f64; 2]> {
    let ll = |g: &shieldsim_core::earth::Geodetic| [g.lon_deg(), g.lat_deg()];
    let mut pts: Vec<[f64; 2]> = region
        .countries
        .iter()
        .flat_map(|c| c.polygons.iter().flatten().flatten().copied())
        .collect();
    for &f in footprints {
        pts.push(ll(&f.launch.1));
        pts.extend(f.marks.sites.iter().map(|s| ll(&s.1)));
        for c in map_cases(f, cases) {
            pts.push(ll(&c.from.1));
            pts.push(ll(&c.to.1));
        }
    }
    pts
}

/// The engagement cases whose ground tracks a footprint map draws: the same architecture and
/// missile.
fn map_cases<'a>(
    f: &'a FootprintCase,
    cases: &'a [EngageCase],
) -> impl Iterator<Item = &'a EngageCase> {
    cases
        .iter()
        .filter(move |c| c.architecture == f.architecture && c.missile == f.missile)
}

/// The footprint maps as an HTML section: one map per footprint, grouped by threat and launch
/// area as small multiples (the architectures, phase by phase, side by side), all on one
/// equirectangular projection whose extent holds every launch point, site and target and the
/// coverage region, with a margin. Each map has a 10° graticule with degree labels, a scale bar,
/// labelled sites, launch point and targets, and a legend.
///
/// The footprints of a CSTO coverage study get a section of their own after NATO Europe's, on
/// a projection that holds the CSTO members' outlines.
pub fn footprint_maps_html(
    footprints: &[FootprintCase],
    coverage: &[CoverageRow],
    cases: &[EngageCase],
) -> String {
    use shieldsim_scenario::geo::{Region, RegionId};
    let mut out = String::new();
    let nato: Vec<&FootprintCase> = footprints
        .iter()
        .filter(|f| !matches!(f.region, Some(RegionId::Csto(_))))
        .collect();
    if !nato.is_empty() {
        out.push_str(&region_maps_html(
            ("fp", "Footprint maps"),
            Region::nato_europe(),
            &nato,
            coverage,
            cases,
        ));
    }
    for id in distinct(footprints.iter().filter_map(|f| f.region)) {
        let RegionId::Csto(year) = id else { continue };
        let Ok(region) = Region::csto(year) else {
            continue;
        };
        let of: Vec<&FootprintCase> = footprints.iter().filter(|f| f.region == Some(id)).collect();
        out.push_str(&region_maps_html(
            (
                &format!("fp-csto-{year}"),
                &format!("Footprint maps: the CSTO members ({year})"),
            ),
            region,
            &of,
            coverage,
            cases,
        ));
    }
    out
}

/// One region's footprint maps (`prefix` names its shared SVG definitions).
fn region_maps_html(
    (prefix, heading): (&str, &str),
    region: &shieldsim_scenario::geo::Region,
    footprints: &[&FootprintCase],
    coverage: &[CoverageRow],
    cases: &[EngageCase],
) -> String {
    let p = prefix;
    let Some(extent) = Extent::around(region_map_points(region, footprints, cases), MAP_MARGIN_DEG)
    else {
        return String::new();
    };
    let proj = Equirect::fit(extent, FOOTPRINT_MAP_W);
    let (w, h) = (proj.width_px(), proj.height_px());
    let legend_items: [(Symbol, &str); 7] = [
        (
            Symbol::Area("#3a7bd5", 0.5, "#1f4e8c"),
            "defended aim points",
        ),
        (Symbol::Line("#c0392b", 1.2, "3 2"), "missile's reach"),
        (Symbol::Line("#c0392b", 0.9, ""), "ground track"),
        (
            Symbol::Area("#2e8b57", 0.12, "#2e8b57"),
            "radar field of regard",
        ),
        (Symbol::Dot("#111", "#fff"), "interceptor site"),
        (Symbol::Triangle("#c0392b"), "launch point"),
        (Symbol::Square("#fff", "#222"), "target"),
    ];
    let (legend_svg, legend_h) = legend(&legend_items, 10.0, h + 16.0, w - 20.0);
    let total_h = h + legend_h + 12.0;
    let bar = (14.0, h - 14.0);
    let mut out = format!("<h2>{heading}</h2>\n");
    // What every map shares, defined once and drawn with <use>: the land, the graticule and its
    // labels, the frame's clip and the legend.
    let _ = write!(
        out,
        "<svg width=\"0\" height=\"0\" style=\"position:absolute\" aria-hidden=\"true\"><defs><clipPath id=\"{p}-clip\"><rect width=\"{w:.1}\" height=\"{h:.1}\"/></clipPath><g id=\"{p}-land\">"
    );
    for c in &region.countries {
        let d: String = c
            .polygons
            .iter()
            .flatten()
            .map(|ring| path_d(ring.iter().map(|p| proj.xy(*p)), 0.7, true))
            .collect();
        let _ = write!(
            out,
            "<path d=\"{d}\"><title>{}</title></path>",
            xml_escape(&c.name)
        );
    }
    let _ = write!(
        out,
        "</g><g id=\"{p}-graticule\" fill=\"none\" stroke=\"#9aa5b1\" stroke-width=\"0.5\">",
    );
    let first = |lo: f64| (lo / 10.0).ceil() * 10.0;
    let mut lon = first(extent.lon_min_deg);
    while lon <= extent.lon_max_deg {
        let (x, _) = proj.xy([lon, 0.0]);
        let _ = write!(
            out,
            "<line x1=\"{x:.1}\" y1=\"0\" x2=\"{x:.1}\" y2=\"{h:.1}\"/>"
        );
        lon += 10.0;
    }
    let mut lat = first(extent.lat_min_deg);
    while lat <= extent.lat_max_deg {
        let (_, y) = proj.xy([0.0, lat]);
        let _ = write!(
            out,
            "<line x1=\"0\" y1=\"{y:.1}\" x2=\"{w:.1}\" y2=\"{y:.1}\"/>"
        );
        lat += 10.0;
    }
    let _ = write!(
        out,
        "</g><g id=\"{p}-graticule-labels\" font-size=\"10\" fill=\"#5b6670\" stroke=\"#eef1f4\" stroke-width=\"3\" paint-order=\"stroke\">"
    );
    // Longitudes along the top edge, latitudes along the left edge (open sea on these maps).
    let mut grat_boxes = Vec::new();
    let mut lon = first(extent.lon_min_deg);
    while lon <= extent.lon_max_deg {
        let (x, _) = proj.xy([lon, 0.0]);
        if x > 24.0 && x < w - 16.0 {
            let _ = write!(
                out,
                "<text x=\"{x:.1}\" y=\"12\" text-anchor=\"middle\">{}</text>",
                lon_label(lon)
            );
            grat_boxes.push((x - 16.0, 0.0, x + 16.0, 15.0));
        }
        lon += 10.0;
    }
    let mut lat = first(extent.lat_min_deg);
    while lat <= extent.lat_max_deg {
        let (_, y) = proj.xy([0.0, lat]);
        if y > 20.0 && y < h - 40.0 {
            let _ = write!(
                out,
                "<text x=\"4\" y=\"{:.1}\">{}</text>",
                y - 3.0,
                lat_label(lat)
            );
            grat_boxes.push((0.0, y - 14.0, 34.0, y));
        }
        lat += 10.0;
    }
    let _ = writeln!(
        out,
        "</g><g id=\"{p}-scale\">{}</g><g id=\"{p}-legend\">{legend_svg}</g></defs></svg>",
        scale_bar(
            proj.px_per_km(),
            bar.0,
            bar.1,
            110.0,
            &format!("true at {}", lat_label(extent.central_lat_deg().round()))
        )
    );
    let _ = writeln!(
        out,
        "<p>Blue: the aim points ({} grid) where some site (or the one named) can engage the threat; dashed red: where the missile can reach from its launch point; thin red: the engagement cases' ground tracks; green: radar fields of regard out to the detection range against the threat. Shaded land: {}, the coverage region (Natural Earth 1:50m); other land and the sea are not told apart, as only that region's outlines are bundled. Equirectangular projection, true to scale along {} and along every meridian; the extent is computed to hold every launch point, site and target with a {MAP_MARGIN_DEG:.0}° margin.</p>",
        distinct(footprints.iter().map(|f| f.footprint.grid.spacing_km))
            .iter()
            .map(|s| format!("{s:.0} km"))
            .collect::<Vec<_>>()
            .join(", "),
        xml_escape(&region.name),
        lat_label(extent.central_lat_deg().round())
    );
    if region.id != shieldsim_scenario::geo::RegionId::NatoEurope {
        let _ = writeln!(
            out,
            "<p>The grid covers the part of the members' box the missile can reach, and only its aim points at a corner of a grid cell holding the members' land or places are engaged (the shares are those of every aim point: a cell's polygon is drawn from its four corners), so no blue is drawn over other countries or the sea. <b>{}</b></p>",
            xml_escape(shieldsim_scenario::geo::CRIMEA_CONVENTION)
        );
    }
    let groups = distinct(
        footprints
            .iter()
            .map(|f| (f.missile.as_str(), f.launch.0.as_str())),
    );
    for (missile, launch) in groups {
        let _ = write!(
            out,
            "<h3>{} from {}: what each architecture defends</h3>\n<div class=\"maps\">\n",
            xml_escape(missile),
            xml_escape(launch)
        );
        for f in footprints
            .iter()
            .filter(|f| f.missile == missile && f.launch.0 == launch)
        {
            out.push_str(&footprint_map(
                p,
                f,
                &proj,
                total_h,
                &grat_boxes,
                cases,
                coverage,
                bar,
            ));
        }
        out.push_str("</div>\n");
    }
    out
}

/// One footprint map (a `<figure>`) on the shared projection (`p`: its definitions' prefix).
#[allow(clippy::too_many_arguments)]
fn footprint_map(
    p: &str,
    f: &FootprintCase,
    proj: &Equirect,
    total_h: f64,
    grat_boxes: &[(f64, f64, f64, f64)],
    cases: &[EngageCase],
    coverage: &[CoverageRow],
    bar: (f64, f64),
) -> String {
    let (w, h) = (proj.width_px(), proj.height_px());
    let fp = &f.footprint;
    let xy = |p: &[f64; 2]| proj.xy(*p);
    let ll = |g: &shieldsim_core::earth::Geodetic| [g.lon_deg(), g.lat_deg()];
    let polys = |polys: &[Vec<Vec<[f64; 2]>>]| -> String {
        polys
            .iter()
            .flatten()
            .map(|ring| path_d(ring.iter().map(xy), 0.5, true))
            .collect()
    };
    let mut out = format!(
        "<figure><svg class=\"map\" width=\"{w:.0}\" height=\"{total_h:.0}\" viewBox=\"0 0 {w:.1} {total_h:.1}\" role=\"img\" aria-label=\"footprint of {a} against {m} from {l}\"><rect width=\"{w:.1}\" height=\"{h:.1}\" fill=\"#eef1f4\"/><g clip-path=\"url(#{p}-clip)\"><use href=\"#{p}-land\" fill=\"#f4f1ea\" stroke=\"#999\" stroke-width=\"0.4\"/><use href=\"#{p}-graticule\"/>",
        a = xml_escape(&f.architecture),
        m = xml_escape(&f.missile),
        l = xml_escape(&f.launch.0)
    );
    for fan in &f.marks.fans {
        let _ = write!(
            out,
            "<path d=\"{}\" fill=\"#2e8b57\" fill-opacity=\"0.08\" stroke=\"#2e8b57\" stroke-width=\"0.6\"/>",
            path_d(fan.iter().map(xy), 0.5, true)
        );
    }
    let _ = write!(
        out,
        "<path d=\"{}\" fill=\"#3a7bd5\" fill-opacity=\"0.5\" fill-rule=\"evenodd\" stroke=\"#1f4e8c\" stroke-width=\"0.6\"/><path d=\"{}\" fill=\"none\" stroke=\"#c0392b\" stroke-width=\"1.2\" stroke-dasharray=\"3,2\"/>",
        polys(&fp.polygons()),
        polys(&fp.reachable_polygons())
    );
    for t in &f.marks.tracks {
        let _ = write!(
            out,
            "<path d=\"{}\" fill=\"none\" stroke=\"#c0392b\" stroke-width=\"0.9\"/>",
            path_d(t.iter().map(xy), 1.0, false)
        );
    }
    let _ = write!(out, "</g><use href=\"#{p}-graticule-labels\"/>");
    // Marks, then their labels placed around them.
    let mut labels = Labeller::new(w, h);
    for b in grat_boxes {
        labels.avoid_rect(b.0, b.1, b.2, b.3);
    }
    labels.avoid_rect(bar.0 - 8.0, bar.1 - 16.0, bar.0 + 230.0, bar.1 + 12.0);
    let launch = proj.xy(ll(&f.launch.1));
    let mut targets: Vec<(&str, (f64, f64))> = Vec::new();
    for c in map_cases(f, cases) {
        if c.to.0 != f.launch.0 && !targets.iter().any(|t| t.0 == c.to.0) {
            targets.push((c.to.0.as_str(), proj.xy(ll(&c.to.1))));
        }
    }
    let sites: Vec<(&str, (f64, f64))> = f
        .marks
        .sites
        .iter()
        .map(|(id, g)| (id.as_str(), proj.xy(ll(g))))
        .collect();
    labels.avoid(launch.0, launch.1, 6.0);
    for (_, (x, y)) in targets.iter().chain(&sites) {
        labels.avoid(*x, *y, 5.0);
    }
    for (name, (x, y)) in &targets {
        let _ = write!(
            out,
            "<rect x=\"{:.1}\" y=\"{:.1}\" width=\"7\" height=\"7\" fill=\"#fff\" stroke=\"#222\" stroke-width=\"1.2\"><title>{}</title></rect>",
            x - 3.5,
            y - 3.5,
            xml_escape(name)
        );
    }
    for (id, (x, y)) in &sites {
        let _ = write!(
            out,
            "<circle cx=\"{x:.1}\" cy=\"{y:.1}\" r=\"4\" fill=\"#111\" stroke=\"#fff\" stroke-width=\"1\"><title>{}</title></circle>",
            xml_escape(id)
        );
    }
    out.push_str(&triangle(launch.0, launch.1, "#c0392b"));
    labels.place(launch.0, launch.1, &f.launch.0, 12.0, 7.0, "bold");
    for (id, (x, y)) in &sites {
        labels.place(*x, *y, id, 11.0, 6.0, "normal");
    }
    for (name, (x, y)) in &targets {
        labels.place(*x, *y, name, 11.0, 6.0, "normal");
    }
    out.push_str(&labels.into_svg());
    let _ = write!(
        out,
        "<use href=\"#{p}-scale\"/><rect width=\"{w:.1}\" height=\"{h:.1}\" fill=\"none\" stroke=\"#888\"/><use href=\"#{p}-legend\"/></svg>"
    );
    let region = f
        .region
        .unwrap_or(shieldsim_scenario::geo::RegionId::NatoEurope);
    let row = coverage.iter().find(|c| {
        c.region == region
            && c.architecture == f.architecture
            && c.site == f.site
            && c.threat == f.missile
            && c.launch_area == f.launch.0
    });
    let _ = writeln!(
        out,
        "<figcaption><b>{}</b>{}{}</figcaption></figure>",
        xml_escape(&f.architecture),
        f.site
            .as_ref()
            .map_or(String::new(), |s| format!(" ({} only)", xml_escape(s))),
        row.map_or(String::new(), |c| {
            let shares = match c.region {
                shieldsim_scenario::geo::RegionId::NatoEurope => format!(
                    "{:.1} % of NATO Europe's area and {:.1} % of its population",
                    100.0 * c.area_fraction,
                    100.0 * c.population_fraction
                ),
                _ => format!(
                    "{:.1} % of the area and {:.1} % of the population of the {}",
                    100.0 * c.area_fraction,
                    100.0 * c.population_fraction,
                    xml_escape(&c.region_name)
                ),
            };
            format!(
                ": defends {shares}; the missile reaches {:.1} % and {:.1} %.",
                100.0 * c.threatened_area_fraction,
                100.0 * c.threatened_population_fraction
            )
        })
    );
    out
}

/// The assumptions list at the top of the report.
pub(crate) fn assumptions_html(
    a: &shieldsim_scenario::scenario::ScenarioAssumptions,
    applied: &[shieldsim_scenario::catalogs::Applied],
) -> String {
    let settings: String = applied
        .iter()
        .map(|x| format!("<li>set {}</li>", xml_escape(&x.describe())))
        .collect();
    format!(
        "<ul><li>sensing for the engagement tables, footprints and coverage: {}</li><li>kill chain: detection → track (each radar's own delay) → fire-control solution, no earlier than threat burnout + {} s track-after-burnout → decision delay {} s → launch; space-based infrared warns but never gives fire control</li>{settings}<li>a radar of another side than the site's (another command chain: a joint NATO–Russia system, or cued radars of the other side) passes its track on {} s later (cross-side delay, ASSUMED)</li><li>kill assessment between shots: {} s</li><li>single-shot kill probability: {} (scenario parameter)</li><li>shots per salvo: {}; raid size: {}</li><li>threats fly minimum-energy trajectories on the rotating WGS84 Earth; interceptors are kinematic fly-out models; sites fire on any linked radar's track. Every catalog figure, with source and uncertainty range: <code>shieldsim list --json</code>.</li></ul>",
        a.sensing.describe(),
        a.track_after_burnout_s,
        a.decision_delay_s,
        a.cross_side_delay_s,
        a.kill_assessment_s,
        a.pk,
        a.shots_per_salvo,
        a.raid_size
    )
}

/// The basing section: every site against the declared basing rules (`summary.json`
/// `basing[]`), flagged rows first in red, with the rule quoted and the disclaimer.
pub fn basing_html(results: &shieldsim_studies::StudyResults) -> String {
    use shieldsim_studies::basing;
    let rows = &results.basing;
    let alliances = shieldsim_scenario::alliances::Alliances::bundled().ok();
    let flagged = rows.iter().filter(|r| r.flagged()).count();
    let mut out = String::new();
    let _ = write!(
        out,
        "<h2>Basing and consent</h2>\n<p>Every site with its host, its commanding alliance and the host's alliances in the architecture's year, checked against the declared basing rules.{} {} of {} site rows are flagged (consent not recorded). {}</p>\n<table><tr><th>architecture</th><th>site</th><th>host</th><th>commanded by</th><th>host's alliances</th><th>rule</th><th>consent needed from</th><th>consent recorded</th><th>status</th></tr>\n",
        alliances
            .iter()
            .flat_map(|a| a.rules.iter())
            .map(|r| format!(
                " {} (rule <code>{}</code>; {}).",
                xml_escape(&r.statement),
                xml_escape(&r.id),
                xml_escape(&r.source)
            ))
            .collect::<String>(),
        flagged,
        rows.len(),
        xml_escape(basing::DISCLAIMER)
    );
    let year = |arch: &str| {
        results
            .architectures
            .iter()
            .find(|a| a.info.id == arch)
            .map(|a| a.info.year)
    };
    let mut ordered: Vec<&shieldsim_studies::BasingRow> =
        rows.iter().filter(|r| r.flagged()).collect();
    ordered.extend(rows.iter().filter(|r| !r.flagged()));
    for r in ordered {
        let note = alliances
            .zip(year(&r.architecture))
            .and_then(|(a, y)| basing::frozen_note(r, y, a))
            .map_or(String::new(), |n| format!(" ({})", xml_escape(&n)));
        let status = if r.flagged() {
            format!(
                "<td class=\"no\">{}: missing {}</td>",
                xml_escape(&r.status),
                xml_escape(&r.missing().join(", "))
            )
        } else {
            format!("<td>{}</td>", xml_escape(&r.status))
        };
        let list = |v: &[String]| {
            if v.is_empty() {
                "—".to_string()
            } else {
                xml_escape(&v.join(", "))
            }
        };
        let _ = writeln!(
            out,
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}{note}</td><td>{}</td>{status}</tr>",
            xml_escape(&r.architecture),
            xml_escape(&r.site),
            xml_escape(&r.host),
            xml_escape(&r.alliance),
            list(&r.host_alliances),
            r.rule.as_deref().map_or("—".to_string(), xml_escape),
            list(&r.consent_required_from),
            list(&r.consent_given),
        );
    }
    out.push_str("</table>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::map::great_circle_km;
    use shieldsim_core::earth::{Earth, Geodetic};
    use shieldsim_scenario::analysis::{Cell, Footprint};
    use shieldsim_scenario::catalogs::Catalogs;
    use shieldsim_studies::deterrent::DeterrentSite;
    use shieldsim_studies::{DeterrentRoute, DeterrentRow, MapMarks};

    #[test]
    fn headings_get_anchors_and_contents() {
        let (body, toc) =
            with_anchors("<h2>Coverage of NATO Europe</h2><p>x</p><h2>The deterrent question</h2>");
        assert_eq!(
            body,
            "<h2 id=\"coverage-of-nato-europe\">Coverage of NATO Europe</h2><p>x</p><h2 id=\"the-deterrent-question\">The deterrent question</h2>"
        );
        assert_eq!(
            toc,
            "<li><a href=\"#coverage-of-nato-europe\">Coverage of NATO Europe</a></li><li><a href=\"#the-deterrent-question\">The deterrent question</a></li>"
        );
        assert_eq!(slug("Speed needed to threaten"), "speed-needed-to-threaten");
    }

    /// Every `<svg>…</svg>` of a page, each parsed as XML (the SVG must be well-formed).
    fn svgs(html: &str) -> Vec<String> {
        let mut out = Vec::new();
        let mut rest = html;
        while let Some(a) = rest.find("<svg") {
            let b = rest[a..].find("</svg>").expect("a closed <svg>") + a + "</svg>".len();
            let svg = &rest[a..b];
            if let Err(e) = roxmltree::Document::parse(svg) {
                panic!("SVG not well-formed: {e}\n{}", &svg[..svg.len().min(400)]);
            }
            out.push(svg.to_string());
            rest = &rest[b..];
        }
        out
    }

    fn catalogs() -> Catalogs {
        Catalogs::bundled().expect("bundled catalog")
    }

    fn place(c: &Catalogs, name: &str) -> (String, Geodetic) {
        c.catalog.resolve_place(name).expect("place").named()
    }

    /// A footprint per bundled architecture and launch area (Semnan, Tabriz) with the
    /// architecture's real sites; the cells are a 2 × 2 toy grid.
    fn footprints(c: &Catalogs) -> Vec<FootprintCase> {
        let mut out = Vec::new();
        for launch in ["semnan", "tabriz"] {
            for entry in &c.defence.architectures {
                let arch = c
                    .defence
                    .architecture(&c.catalog, &entry.id)
                    .expect("architecture");
                let grid = shieldsim_scenario::geo::grid(2000.0);
                let (_, _, nx, ny) = grid.layout();
                let cells = (0..nx * ny)
                    .map(|k| {
                        if k % 3 == 0 {
                            Cell::Defended
                        } else {
                            Cell::Undefended
                        }
                    })
                    .collect();
                out.push(FootprintCase {
                    stem: format!("footprint-{}-{launch}", entry.id),
                    architecture: entry.id.clone(),
                    threat: "irbm".into(),
                    missile: "irbm-4000".into(),
                    launch: place(c, launch),
                    site: None,
                    region: None,
                    footprint: Footprint::of_cells(grid, cells),
                    marks: MapMarks {
                        sites: arch
                            .sites
                            .iter()
                            .map(|s| (s.id.clone(), s.position))
                            .collect(),
                        ..MapMarks::default()
                    },
                });
            }
        }
        out
    }

    /// Issue 14: the footprint maps' extent holds every launch area (Semnan, Tabriz) and every
    /// site of every bundled architecture (the Mediterranean ship too) with the margin, and each
    /// is drawn inside its map's frame.
    #[test]
    fn regress_issue_14_map_extent_holds_every_site_and_launch_point() {
        let c = catalogs();
        let fps = footprints(&c);
        let e = Extent::around(footprint_map_points(&fps, &[]), MAP_MARGIN_DEG).expect("extent");
        let proj = Equirect::fit(e, FOOTPRINT_MAP_W);
        let mut checked = 0;
        for f in &fps {
            let pts = f
                .marks
                .sites
                .iter()
                .map(|s| (s.0.as_str(), s.1))
                .chain([(f.launch.0.as_str(), f.launch.1)]);
            for (name, g) in pts {
                let p = [g.lon_deg(), g.lat_deg()];
                let m = MAP_MARGIN_DEG - 1e-9;
                assert!(
                    e.contains([p[0] - m, p[1] - m]) && e.contains([p[0] + m, p[1] + m]),
                    "{name} {p:?} not inside {e:?} with the margin"
                );
                let (x, y) = proj.xy(p);
                assert!(
                    (5.0..proj.width_px() - 5.0).contains(&x)
                        && (5.0..proj.height_px() - 5.0).contains(&y),
                    "{name} drawn at {x}, {y}"
                );
                checked += 1;
            }
        }
        assert!(checked > 20);
        // The launch areas east of 45° E that the old fixed frame cut off.
        assert!(e.lon_max_deg > 53.0 + MAP_MARGIN_DEG - 0.5);
        assert!(e.lat_min_deg <= 34.5 - MAP_MARGIN_DEG);
    }

    /// The footprint section is well-formed SVG, deterministic, with labelled sites and launch
    /// points, graticule labels, a scale bar and a legend in every map; its scale bar matches
    /// the great-circle distance on the ground within 1 %.
    #[test]
    fn snap_footprint_maps_are_labelled_and_well_formed() {
        let c = catalogs();
        let fps = footprints(&c);
        let html = footprint_maps_html(&fps, &[], &[]);
        assert_eq!(
            html,
            footprint_maps_html(&fps, &[], &[]),
            "not deterministic"
        );
        let svgs = svgs(&html);
        // The shared definitions, then one map per footprint.
        assert_eq!(svgs.len(), 1 + fps.len());
        for label in ["semnan", "tabriz", "med-ship", "deveselu", "redzikowo"] {
            assert!(
                html.contains(&format!(">{label}</text>")),
                "no label {label}"
            );
        }
        for f in &fps {
            let svg = svgs
                .iter()
                .find(|s| {
                    s.contains(&format!(
                        "aria-label=\"footprint of {} against irbm-4000 from {}\"",
                        f.architecture, f.launch.0
                    ))
                })
                .expect("the footprint's map");
            for (id, _) in &f.marks.sites {
                assert!(svg.contains(&format!(">{id}</text>")), "{id} unlabelled");
            }
            for part in [
                "#fp-graticule\"",
                "#fp-graticule-labels",
                "#fp-scale",
                "#fp-legend",
            ] {
                assert!(svg.contains(part), "{part} missing");
            }
        }
        for label in [
            "50°N",
            "70°N",
            "0°",
            "20°E",
            "10°W",
            " km</text>",
            "launch point",
        ] {
            assert!(html.contains(label), "no {label}");
        }
        // The scale bar as drawn: its km against the ground distance between its ends.
        let e = Extent::around(footprint_map_points(&fps, &[]), MAP_MARGIN_DEG).expect("extent");
        let proj = Equirect::fit(e, FOOTPRINT_MAP_W);
        let km = crate::map::scale_bar_km(proj.px_per_km(), 110.0);
        assert!(html.contains(&format!(">{km:.0} km</text>")));
        let y = proj.xy([0.0, e.central_lat_deg()]).1;
        let ground = great_circle_km(
            proj.lonlat(14.0, y),
            proj.lonlat(14.0 + km * proj.px_per_km(), y),
        );
        assert!((ground / km - 1.0).abs() < 0.01, "{ground} km vs {km}");
    }

    /// The polar map: real ICBM flights (Kozelsk → Washington, Teykovo → Seattle) drawn as
    /// ground tracks inside the frame, bases and targets labelled, each site coloured by the
    /// least demanding sensing assumption under which it engages a route, well-formed SVG.
    #[test]
    fn snap_polar_deterrent_map() {
        let c = catalogs();
        let earth = Earth::wgs84();
        let routes: Vec<DeterrentRoute> = [("kozelsk", "washington"), ("teykovo", "seattle")]
            .iter()
            .map(|(b, t)| {
                let (base, target) = (place(&c, b), place(&c, t));
                let (flight, _) = shieldsim_scenario::analysis::threat_path(
                    &earth,
                    &c.catalog,
                    "icbm-11000",
                    (base.1, target.1),
                )
                .expect("flight");
                DeterrentRoute {
                    base,
                    target,
                    missile: "icbm-11000".into(),
                    flight,
                }
            })
            .collect();
        let sites: Vec<DeterrentSite> = [
            ("p4", "redzikowo", 54.48, 17.1),
            ("ns", "north-sea-ship", 56.0, 3.0),
            ("p4", "deveselu", 44.08, 24.35),
        ]
        .iter()
        .map(|&(a, s, lat, lon)| DeterrentSite {
            architecture: a.into(),
            site: s.into(),
            position: Geodetic::from_deg_km(lat, lon, 0.0),
        })
        .collect();
        let row = |arch: &str, r: &DeterrentRoute, sensing: &str, engaging: &[&str]| DeterrentRow {
            architecture: arch.into(),
            base: r.base.0.clone(),
            target: r.target.0.clone(),
            sensing: sensing.into(),
            threat_burnout_s: 175.0,
            sites: engaging.iter().map(|s| s.to_string()).collect(),
            margin_s: None,
            launch_s: None,
            binding_constraint: None,
            uncertainty: None,
        };
        let mut rows = Vec::new();
        for (arch, engaging) in [("p4", "redzikowo"), ("ns", "north-sea-ship")] {
            for sensing in ["own", "cued", "kinematic-bound"] {
                for (k, r) in routes.iter().enumerate() {
                    let yes = k == 0
                        && (sensing == "kinematic-bound" || (sensing == "cued" && arch == "ns"));
                    let engaging: &[&str] = if yes { &[engaging] } else { &[] };
                    rows.push(row(arch, r, sensing, engaging));
                }
            }
        }
        let d = DeterrentReport {
            assumption: String::new(),
            routes,
            sites,
            rows,
        };
        let html = polar_map_html(&d);
        let svgs = svgs(&html);
        assert_eq!(svgs.len(), 1);
        for label in [
            "kozelsk",
            "teykovo",
            "washington",
            "seattle",
            "redzikowo",
            "north-sea-ship",
            "deveselu",
        ] {
            assert!(
                html.contains(&format!(">{label}</text>")),
                "no label {label}"
            );
        }
        let circle = |site: &str| {
            let at = html
                .find(&format!("<title>{site}</title></circle>"))
                .expect("site mark");
            let start = html[..at].rfind("<circle").expect("circle");
            html[start..at].to_string()
        };
        assert!(
            circle("north-sea-ship").contains(SENSING_COLOURS[1]),
            "cued"
        );
        assert!(
            circle("redzikowo").contains(SENSING_COLOURS[2]),
            "kinematic-bound only"
        );
        assert!(circle("deveselu").contains(SENSING_COLOURS[3]), "never");
        // The engaged route is drawn in the cued colour, the other in the "never" style.
        assert!(html.contains(&format!(
            "stroke=\"{}\" stroke-width=\"2.2\"",
            SENSING_COLOURS[1]
        )));
        assert!(html.contains("stroke=\"#5d7a99\""));
        // Every ground-track vertex lies inside the map frame.
        let doc = roxmltree::Document::parse(&svgs[0]).expect("xml");
        let frame_w = 740.0;
        for node in doc.descendants().filter(|n| n.has_tag_name("path")) {
            if node
                .children()
                .any(|c| c.text().is_some_and(|t| t.contains(" → ")))
            {
                let d = node.attribute("d").expect("d");
                for xy in d.split(['M', 'L']).filter(|s| !s.is_empty()) {
                    let (x, y) = xy.split_once(',').expect("x,y");
                    let (x, y): (f64, f64) = (x.parse().expect("x"), y.parse().expect("y"));
                    assert!((0.0..=frame_w).contains(&x) && y >= 0.0, "{x}, {y}");
                }
            }
        }
        assert!(html.contains("points down"));
    }
}
