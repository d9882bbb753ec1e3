//! The self-contained HTML report: the assumptions, the engagement tables with an
//! altitude-against-time plot, the deterrent tables, the speed-needed plots, the coverage table
//! and the footprint maps.
//!
//! Plots and maps are hand-written SVG rather than a plotting crate: each is a few dozen lines
//! of paths and text with a fixed projection, stays byte-for-byte deterministic, and keeps the
//! page free of scripts and external assets (docs/decisions/0004-outputs.md). The page is
//! `format!` text for the same reason; every user string passes through `xml_escape`.

use crate::{route_rows, xml_escape};
use shieldsim_studies::{
    CoverageRow, DeterrentRoute, DeterrentRow, EngageCase, FootprintCase, Sweep,
};
use std::fmt::Write as _;

/// A self-contained HTML page: what was assumed, and per case every site's answer, with an
/// altitude-against-time plot (inline SVG) of the trajectories and intercepts.
pub fn engage_html(
    title: &str,
    description: &str,
    assumptions_html: &str,
    cases: &[EngageCase],
    sections_html: &[String],
) -> String {
    let mut h = String::new();
    let _ = write!(
        h,
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>{t}</title>\n<style>body{{font-family:system-ui,sans-serif;max-width:1100px;margin:2em auto;padding:0 1em;color:#222}}table{{border-collapse:collapse;margin:1em 0;font-size:14px}}td,th{{border:1px solid #ccc;padding:3px 8px;text-align:left}}th{{background:#f3f3f3}}.no{{color:#a33}}.yes{{color:#262}}svg{{background:#fafafa;border:1px solid #ddd}}</style></head><body>\n<h1>{t}</h1>\n<p>{d}</p>\n<h2>Assumptions</h2>\n{a}\n",
        t = xml_escape(title),
        d = xml_escape(description),
        a = assumptions_html
    );
    // Altitude against time, all trajectories.
    let (w, hgt, pad) = (900.0, 320.0, 45.0);
    let t_max = cases
        .iter()
        .map(|c| c.flight.flight_time_s())
        .fold(1.0, f64::max);
    let alt_max = cases
        .iter()
        .map(|c| c.flight.rv.apogee_alt_m / 1e3)
        .fold(1.0, f64::max)
        * 1.1;
    let x = |t: f64| pad + t / t_max * (w - 2.0 * pad);
    let y = |a: f64| hgt - pad - a / alt_max * (hgt - 2.0 * pad);
    let _ = write!(
        h,
        "<h2>Trajectories</h2>\n<svg width=\"{w}\" height=\"{hgt}\" viewBox=\"0 0 {w} {hgt}\" role=\"img\" aria-label=\"altitude against time\">\n<line x1=\"{pad}\" y1=\"{b}\" x2=\"{e}\" y2=\"{b}\" stroke=\"#333\"/><line x1=\"{pad}\" y1=\"{pad}\" x2=\"{pad}\" y2=\"{b}\" stroke=\"#333\"/>\n<text x=\"{e}\" y=\"{tb}\" text-anchor=\"end\" font-size=\"12\">time since launch: {tm:.0} s</text><text x=\"5\" y=\"{ty}\" font-size=\"12\">altitude, km (max {am:.0})</text>\n",
        b = hgt - pad,
        e = w - pad,
        tb = hgt - 10.0,
        ty = pad - 10.0,
        tm = t_max,
        am = alt_max
    );
    for c in cases {
        let pts: Vec<String> = c
            .flight
            .samples()
            .iter()
            .map(|s| format!("{:.1},{:.1}", x(s.t_s), y(s.position.alt_km())))
            .collect();
        let _ = writeln!(
            h,
            "<polyline fill=\"none\" stroke=\"#c33\" stroke-width=\"1.5\" points=\"{}\"><title>{} {} → {}</title></polyline>",
            pts.join(" "),
            xml_escape(&c.missile),
            xml_escape(&c.from.0),
            xml_escape(&c.to.0)
        );
        for s in &c.engagement.sites {
            if let Ok(o) = &s.outcome {
                let _ = writeln!(
                    h,
                    "<circle cx=\"{:.1}\" cy=\"{:.1}\" r=\"4\" fill=\"#25c\"><title>{} earliest intercept {:.0} s, {:.0} km</title></circle>",
                    x(o.intercept_s),
                    y(o.intercept.alt_km()),
                    xml_escape(&s.site),
                    o.intercept_s,
                    o.intercept.alt_km()
                );
            }
        }
    }
    h.push_str("</svg>\n<p>Red: threat trajectories; blue: each engaging site's earliest intercept.</p>\n<h2>Engagements</h2>\n");
    for c in cases {
        let _ = write!(
            h,
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
                        h,
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
                        h,
                        "<tr><td>{}</td><td>{}</td><td class=\"no\">no</td><td colspan=\"9\">{}</td></tr>",
                        xml_escape(&s.site),
                        xml_escape(interceptor),
                        xml_escape(reason.reason())
                    );
                }
            }
        }
        h.push_str("</table>\n");
    }
    for section in sections_html {
        h.push_str(section);
    }
    h.push_str("<p>Made by shieldsim: open-literature parameters, kinematic interceptor reach only. Every catalog figure and its source: <code>shieldsim list --json</code>.</p>\n</body></html>\n");
    h
}

/// The deterrent question as an HTML section: first, per architecture and sensing assumption,
/// how many routes some site can engage; then one row per route (with the ICBM's burnout),
/// one column per architecture, a line per sensing assumption naming the engaging sites with
/// their earliest launch and margin, or none.
pub fn deterrent_html(
    assumption: &str,
    routes: &[DeterrentRoute],
    rows: &[DeterrentRow],
) -> String {
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
                "<td><span class=\"{class}\">{yes}</span> of {n} routes</td>"
            );
        }
        h.push_str("</tr>\n");
    }
    h.push_str("</table>\n<p>Routes on which some site of the architecture can engage, under each sensing assumption.</p>\n<table><tr><th>base → target</th><th>flight, min</th><th>apogee, km</th><th>ICBM burnout, s</th>");
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
            let margin =
                |x: &DeterrentRow| x.margin_s.map_or("—".to_string(), |m| format!("{m:+.0} s"));
            let lines: Vec<String> = route_rows(route, rows)
                .filter(|x| x.architecture == *a)
                .map(|x| match &x.launch_s {
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
                })
                .collect();
            let _ = write!(h, "<td>{}</td>", lines.join("<br>"));
        }
        h.push_str("</tr>\n");
    }
    h.push_str("</table>\n<p>Per sensing assumption: the sites that can engage, the earliest launch (s after the ICBM's launch) of the one with the best margin, and in brackets the margin — how much later than its earliest launch that site could still launch and intercept; negative, how much too late the best site's fire-control solution comes for every point its interceptor reaches; — where no site both tracks the flight and reaches its path.</p>\n");
    h
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
            let _ = write!(
                h,
                "<td>{}</td>",
                p.speed_needed_km_s
                    .map_or(format!("> {v_hi}"), |v| format!("{v:.2}"))
            );
        }
        h.push_str("</tr>\n");
    }
    h.push_str("</table>\n");
    h
}

/// The coverage table, and the country outlines every map below refers to (defined once).
pub fn coverage_html(rows: &[CoverageRow]) -> String {
    let region = shieldsim_scenario::geo::Region::bundled();
    let mut out = format!(
        "<h2>Coverage of NATO Europe</h2>\n<p>Share of the land area of the 30 European NATO members ({:.2} million km²) and of the population of their places of 10,000 inhabitants or more ({:.0} million, GeoNames) inside each architecture's (or one site's) defended footprint: the aim points of a grid of the spacing given that at least one site can engage, for a threat from the launch area named. \"Reachable\" is the share the missile can reach at all. Country outlines: Natural Earth 1:50m (public domain); populations: GeoNames (CC BY 4.0), via <code>data/geo/derive.mjs</code>.</p>\n<table><tr><th>architecture</th><th>threat</th><th>from</th><th>grid</th><th>area defended</th><th>population defended</th><th>area reachable</th><th>population reachable</th></tr>",
        region.area_km2() / 1e6,
        region.population() as f64 / 1e6
    );
    for c in rows {
        let _ = write!(
            out,
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{} km</td><td>{:.1} %</td><td>{:.1} %</td><td>{:.1} %</td><td>{:.1} %</td></tr>",
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
            100.0 * c.population_fraction,
            100.0 * c.threatened_area_fraction,
            100.0 * c.threatened_population_fraction
        );
    }
    out.push_str("</table>\n");
    // The outlines, simplified for drawing (vertices closer than 0.08° to the last kept one
    // dropped), as one group that the maps reuse.
    out.push_str("<svg width=\"0\" height=\"0\" style=\"position:absolute\"><defs><g id=\"nato-europe-outlines\">");
    for c in &region.countries {
        let mut d = String::new();
        for ring in c.polygons.iter().flatten() {
            let mut last: Option<[f64; 2]> = None;
            for (k, p) in ring.iter().enumerate() {
                if let Some(l) = last
                    && (p[0] - l[0]).abs() < 0.08
                    && (p[1] - l[1]).abs() < 0.08
                    && k + 1 != ring.len()
                {
                    continue;
                }
                let (x, y) = map_xy(p[0], p[1]);
                let _ = write!(d, "{}{x:.2},{y:.2}", if last.is_none() { "M" } else { "L" });
                last = Some(*p);
            }
            d.push('Z');
        }
        let _ = write!(
            out,
            "<path d=\"{d}\"><title>{}</title></path>",
            xml_escape(&c.name)
        );
    }
    out.push_str("</g></defs></svg>\n");
    out
}

/// SVG path data of lines ([lon, lat] degrees) on the footprint maps, each closed if `close`.
fn map_path<'a>(lines: impl IntoIterator<Item = &'a [[f64; 2]]>, close: bool) -> String {
    let mut d = String::new();
    for line in lines {
        for (k, p) in line.iter().enumerate() {
            let (x, y) = map_xy(p[0], p[1]);
            let _ = write!(d, "{}{x:.2},{y:.2}", if k == 0 { "M" } else { "L" });
        }
        if close {
            d.push('Z');
        }
    }
    d
}

/// Map projection of the footprint maps: equirectangular, scaled so that distances are true
/// along 53° N, in tenths of a degree of latitude (SVG user units).
fn map_xy(lon_deg: f64, lat_deg: f64) -> (f64, f64) {
    let k = 53f64.to_radians().cos();
    (10.0 * (lon_deg + 32.0) * k, 10.0 * (72.0 - lat_deg))
}

/// The footprint as an HTML section: the grid drawn as an equirectangular SVG.
pub fn footprint_html(f: &FootprintCase) -> String {
    let fp = &f.footprint;
    let (x0, y0) = map_xy(fp.grid.lon_min_deg, fp.grid.lat_max_deg);
    let (x1, y1) = map_xy(fp.grid.lon_max_deg, fp.grid.lat_min_deg);
    let (w, h) = (x1 - x0, y1 - y0);
    let mut out = format!(
        "<h3>{}: {} from {}</h3>\n<p>Blue: aim points ({:.0} km grid) where a threat can be engaged by {}; dashed red: the missile's reach from {} (red triangle); black dots: interceptor sites; green: radar fields of regard out to the detection range; thin red lines: the engagement cases' ground tracks. Equirectangular, true scale along 53° N.</p>\n<svg width=\"640\" viewBox=\"{x0:.1} {y0:.1} {w:.1} {h:.1}\" role=\"img\" style=\"background:#dfeaf3\">",
        xml_escape(&f.architecture),
        xml_escape(&f.missile),
        xml_escape(&f.launch.0),
        fp.grid.spacing_km,
        xml_escape(f.site.as_deref().unwrap_or("some site")),
        xml_escape(&f.launch.0)
    );
    out.push_str("<use href=\"#nato-europe-outlines\" fill=\"#f4f1ea\" stroke=\"#999\" stroke-width=\"0.4\"/>");
    let path_of =
        |polys: &[Vec<Vec<[f64; 2]>>]| map_path(polys.iter().flatten().map(Vec::as_slice), true);
    for fan in &f.marks.fans {
        let _ = write!(
            out,
            "<path d=\"{}\" fill=\"#2e8b57\" fill-opacity=\"0.08\" stroke=\"#2e8b57\" stroke-width=\"0.6\"/>",
            map_path([fan.as_slice()], true)
        );
    }
    let _ = write!(
        out,
        "<path d=\"{}\" fill=\"#3a7bd5\" fill-opacity=\"0.5\" fill-rule=\"evenodd\" stroke=\"#1f4e8c\" stroke-width=\"0.6\"/>",
        path_of(&fp.polygons())
    );
    let _ = write!(
        out,
        "<path d=\"{}\" fill=\"none\" stroke=\"#c0392b\" stroke-width=\"0.8\" stroke-dasharray=\"3,2\"/>",
        path_of(&fp.reachable_polygons())
    );
    for t in &f.marks.tracks {
        let _ = write!(
            out,
            "<path d=\"{}\" fill=\"none\" stroke=\"#c0392b\" stroke-width=\"0.7\"/>",
            map_path([t.as_slice()], false)
        );
    }
    for (id, p) in &f.marks.sites {
        let (x, y) = map_xy(p.lon_deg(), p.lat_deg());
        let _ = write!(
            out,
            "<circle cx=\"{x:.2}\" cy=\"{y:.2}\" r=\"3\" fill=\"#111\"><title>{}</title></circle>",
            xml_escape(id)
        );
    }
    let (x, y) = map_xy(f.launch.1.lon_deg(), f.launch.1.lat_deg());
    let _ = write!(
        out,
        "<path d=\"M{:.2},{:.2}L{:.2},{:.2}L{:.2},{:.2}Z\" fill=\"#c0392b\"><title>{}</title></path>",
        x,
        y - 5.0,
        x - 4.5,
        y + 3.5,
        x + 4.5,
        y + 3.5,
        xml_escape(&f.launch.0)
    );
    out.push_str("</svg>\n");
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
        "<ul><li>sensing for the engagement tables, footprints and coverage: {}</li><li>kill chain: detection → track (each radar's own delay) → fire-control solution, no earlier than threat burnout + {} s track-after-burnout → decision delay {} s → launch; space-based infrared warns but never gives fire control</li>{settings}<li>kill assessment between shots: {} s</li><li>single-shot kill probability: {} (scenario parameter)</li><li>shots per salvo: {}; raid size: {}</li><li>threats fly minimum-energy trajectories on the rotating WGS84 Earth; interceptors are kinematic fly-out models; sites fire on any linked radar's track. Every catalog figure, with source and uncertainty range: <code>shieldsim list --json</code>.</li></ul>",
        a.sensing.describe(),
        a.track_after_burnout_s,
        a.decision_delay_s,
        a.kill_assessment_s,
        a.pk,
        a.shots_per_salvo,
        a.raid_size
    )
}
