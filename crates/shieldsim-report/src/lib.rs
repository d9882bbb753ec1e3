//! # shieldsim-report
//!
//! What a run writes: `summary.json`, and per analysis `.csv`, `.geojson` (RFC 7946), `.kml`
//! (OGC KML 2.2) and `.czml` (Cesium, time-tagged trajectories), plus a self-contained
//! `index.html`. Every file is built in memory and the whole directory is written atomically
//! ([`write_dir_atomically`]): a failed run leaves no half-written output, and the same inputs
//! give the same bytes. Only a report folder (one carrying [`MARKER`]) is replaced: see
//! [`out_dir`].

pub mod out_dir;

pub use out_dir::{
    MARKER, MARKER_CONTENT, OutError, check_out_dir, is_report, write_dir_atomically,
};

use serde_json::{Value, json};
use shieldsim_core::missile::MissileFlight;
use shieldsim_studies::{
    CoverageRow, DeterrentRoute, DeterrentRow, EngageCase, FootprintCase, StudyResults, Sweep,
    SweepPoint,
};
use std::fmt::Write as _;

/// One analysis's output files, by name.
pub type Files = Vec<(String, Vec<u8>)>;

/// Round to a fixed number of decimals for stable, readable output.
fn r(x: f64, decimals: i32) -> f64 {
    let k = 10f64.powi(decimals);
    (x * k).round() / k
}

/// A flight's ground track as GeoJSON positions ([lon, lat], degrees).
fn geojson_track(flight: &MissileFlight) -> Vec<Value> {
    flight
        .samples()
        .iter()
        .map(|s| json!([r(s.position.lon_deg(), 5), r(s.position.lat_deg(), 5)]))
        .collect()
}

/// A flight as KML `lon,lat,alt` coordinates (altitude in metres, clamped at the surface).
fn kml_track(flight: &MissileFlight) -> String {
    flight
        .samples()
        .iter()
        .map(|s| {
            format!(
                "{:.5},{:.5},{:.0}",
                s.position.lon_deg(),
                s.position.lat_deg(),
                s.position.alt_m.max(0.0)
            )
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// Nominal CZML epoch standing for every threat's launch.
const CZML_EPOCH: &str = "2026-01-01T00:00:00Z";

/// The CZML document packet and the availability interval covering `end_s` seconds.
fn czml_document(title: &str, end_s: f64) -> (Value, String) {
    let end_s = end_s.ceil() as u64;
    let interval = format!(
        "{CZML_EPOCH}/2026-01-01T{:02}:{:02}:{:02}Z",
        end_s / 3600,
        (end_s / 60) % 60,
        end_s % 60
    );
    (
        json!({
            "id": "document",
            "name": title,
            "version": "1.0",
            "clock": {"interval": interval, "currentTime": CZML_EPOCH, "multiplier": 20}
        }),
        interval,
    )
}

/// A time-tagged trajectory packet (seconds after the epoch, lon/lat degrees, metres).
fn czml_track(id: String, name: String, interval: &str, flight: &MissileFlight) -> Value {
    let mut pos = Vec::new();
    for s in flight.samples() {
        pos.extend([
            json!(r(s.t_s, 2)),
            json!(r(s.position.lon_deg(), 5)),
            json!(r(s.position.lat_deg(), 5)),
            json!(r(s.position.alt_m.max(0.0), 0)),
        ]);
    }
    json!({
        "id": id,
        "name": name,
        "availability": interval,
        "position": {"epoch": CZML_EPOCH, "cartographicDegrees": pos},
        "point": {"pixelSize": 6, "color": {"rgba": [220, 40, 40, 255]}},
        "path": {"width": 2, "leadTime": 0, "trailTime": 100000, "material": {"solidColor": {"color": {"rgba": [220, 40, 40, 200]}}}}
    })
}

/// Rows of the engagement CSV: one per (case, site).
pub fn engage_csv(cases: &[EngageCase]) -> String {
    let mut out = String::from(
        "architecture,threat,missile,from,to,site,interceptor,engageable,reason,first_detect_s,fire_control_s,launch_s,intercept_s,latest_intercept_s,intercept_alt_km,intercept_lat_deg,intercept_lon_deg,closing_speed_km_s,shots,sensing,threat_burnout_s,track_s,earliest_launch_s,latest_launch_s,margin_s,binding_constraint\n",
    );
    for c in cases {
        for (k, s) in c.engagement.sites.iter().enumerate() {
            let interceptor = c.sites.get(k).map_or("", |x| x.interceptor.as_str());
            let opt = |x: Option<f64>| x.map_or(String::new(), |v| format!("{v:.2}"));
            let (ok, reason, cols) = match &s.outcome {
                Ok(o) => (
                    "true",
                    String::new(),
                    format!(
                        "{:.2},{:.2},{:.2},{:.3},{:.4},{:.4},{:.3},{}",
                        o.launch_s,
                        o.intercept_s,
                        o.latest_intercept_s,
                        o.intercept.alt_km(),
                        o.intercept.lat_deg(),
                        o.intercept.lon_deg(),
                        o.closing_speed_m_s / 1e3,
                        o.shots
                    ),
                ),
                Err(r) => ("false", r.reason().to_string(), ",,,,,,,".to_string()),
            };
            let _ = writeln!(
                out,
                "{},{},{},{},{},{},{},{},\"{}\",{},{},{},{},{:.2},{},{},{},{},{}",
                c.architecture,
                c.threat,
                c.missile,
                c.from.0,
                c.to.0,
                s.site,
                interceptor,
                ok,
                reason,
                opt(s.first_detect_s),
                opt(s.fire_control_s),
                cols,
                c.engagement.sensing.name(),
                c.engagement.burnout_s,
                opt(s.track_s),
                opt(s.earliest_launch_s),
                opt(s.latest_launch_s),
                opt(s.margin_s),
                s.binding.map_or("", |b| b.name())
            );
        }
    }
    out
}

/// Ground track, sites and intercept points as an RFC 7946 FeatureCollection (positions are
/// [longitude, latitude], WGS84 degrees; counter-clockwise rings do not occur here).
pub fn engage_geojson(cases: &[EngageCase]) -> Value {
    let mut features = Vec::new();
    let mut sites_seen: Vec<String> = Vec::new();
    for c in cases {
        features.push(json!({
            "type": "Feature",
            "geometry": {"type": "LineString", "coordinates": geojson_track(&c.flight)},
            "properties": {"kind": "trajectory", "architecture": c.architecture, "threat": c.threat,
                "missile": c.missile, "from": c.from.0, "to": c.to.0,
                "flight_time_s": r(c.flight.flight_time_s(), 2), "apogee_km": r(c.flight.rv.apogee_alt_m / 1e3, 3)}
        }));
        for (k, s) in c.engagement.sites.iter().enumerate() {
            if let (Some(info), false) = (c.sites.get(k), sites_seen.contains(&s.site)) {
                sites_seen.push(s.site.clone());
                features.push(json!({
                    "type": "Feature",
                    "geometry": {"type": "Point", "coordinates": [r(info.position.lon_deg(), 5), r(info.position.lat_deg(), 5)]},
                    "properties": {"kind": "site", "site": s.site, "interceptor": info.interceptor}
                }));
            }
            if let Ok(o) = &s.outcome {
                features.push(json!({
                    "type": "Feature",
                    "geometry": {"type": "Point", "coordinates": [r(o.intercept.lon_deg(), 5), r(o.intercept.lat_deg(), 5)]},
                    "properties": {"kind": "intercept", "site": s.site, "threat": c.threat, "to": c.to.0,
                        "intercept_s": r(o.intercept_s, 2), "launch_s": r(o.launch_s, 2),
                        "intercept_alt_km": r(o.intercept.alt_km(), 3), "closing_speed_km_s": r(o.closing_speed_m_s / 1e3, 3)}
                }));
            }
        }
    }
    json!({"type": "FeatureCollection", "features": features})
}

fn xml_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// Trajectories (with altitude), sites and intercepts as KML 2.2.
pub fn engage_kml(title: &str, cases: &[EngageCase]) -> String {
    let mut k = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<kml xmlns=\"http://www.opengis.net/kml/2.2\">\n<Document>\n",
    );
    let _ = writeln!(k, "<name>{}</name>", xml_escape(title));
    for c in cases {
        let _ = writeln!(
            k,
            "<Placemark><name>{} {} → {}</name><LineString><altitudeMode>absolute</altitudeMode><coordinates>{}</coordinates></LineString></Placemark>",
            xml_escape(&c.missile),
            xml_escape(&c.from.0),
            xml_escape(&c.to.0),
            kml_track(&c.flight)
        );
        for s in &c.engagement.sites {
            if let Ok(o) = &s.outcome {
                let _ = writeln!(
                    k,
                    "<Placemark><name>{} intercept ({} → {}) at {:.0} s</name><Point><altitudeMode>absolute</altitudeMode><coordinates>{:.5},{:.5},{:.0}</coordinates></Point></Placemark>",
                    xml_escape(&s.site),
                    xml_escape(&c.from.0),
                    xml_escape(&c.to.0),
                    o.intercept_s,
                    o.intercept.lon_deg(),
                    o.intercept.lat_deg(),
                    o.intercept.alt_m
                );
            }
        }
    }
    if let Some(c) = cases.first() {
        for info in &c.sites {
            let _ = writeln!(
                k,
                "<Placemark><name>{} ({})</name><Point><coordinates>{:.5},{:.5},0</coordinates></Point></Placemark>",
                xml_escape(&info.id),
                xml_escape(&info.interceptor),
                info.position.lon_deg(),
                info.position.lat_deg()
            );
        }
    }
    k.push_str("</Document>\n</kml>\n");
    k
}

/// Time-tagged trajectories as CZML: the first packet is the document; times are seconds after
/// a nominal epoch standing for the threat's launch.
pub fn engage_czml(title: &str, cases: &[EngageCase]) -> Value {
    let end_s = cases
        .iter()
        .map(|c| c.flight.flight_time_s())
        .fold(0.0, f64::max);
    let (document, interval) = czml_document(title, end_s);
    let mut packets = vec![document];
    for (i, c) in cases.iter().enumerate() {
        packets.push(czml_track(
            format!("threat-{i}-{}-{}", c.threat, c.to.0),
            format!("{} {} → {}", c.missile, c.from.0, c.to.0),
            &interval,
            &c.flight,
        ));
    }
    if let Some(c) = cases.first() {
        for info in &c.sites {
            packets.push(json!({
                "id": format!("site-{}", info.id),
                "name": format!("{} ({})", info.id, info.interceptor),
                "position": {"cartographicDegrees": [r(info.position.lon_deg(), 5), r(info.position.lat_deg(), 5), 0.0]},
                "point": {"pixelSize": 8, "color": {"rgba": [30, 90, 200, 255]}}
            }));
        }
    }
    Value::Array(packets)
}

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


/// The rows of one route, in row order.
fn route_rows<'a>(
    route: &'a DeterrentRoute,
    rows: &'a [DeterrentRow],
) -> impl Iterator<Item = &'a DeterrentRow> {
    rows.iter()
        .filter(move |x| x.base == route.base.0 && x.target == route.target.0)
}

/// The deterrent question as CSV: one row per (architecture, route).
pub fn deterrent_csv(routes: &[DeterrentRoute], rows: &[DeterrentRow]) -> String {
    let mut out = String::from(
        "architecture,sensing,base,target,missile,flight_time_s,apogee_km,ground_range_km,threat_burnout_s,engageable,sites,launch_s,margin_s,binding_constraint\n",
    );
    for route in routes {
        for row in route_rows(route, rows) {
            let _ = writeln!(
                out,
                "{},{},{},{},{},{:.2},{:.3},{:.3},{:.1},{},{},{},{},{}",
                row.architecture,
                row.sensing,
                row.base,
                row.target,
                route.missile,
                route.flight.flight_time_s(),
                route.flight.rv.apogee_alt_m / 1e3,
                route.flight.rv.ground_range_m / 1e3,
                row.threat_burnout_s,
                !row.sites.is_empty(),
                row.sites.join(";"),
                row.launch_s.map_or(String::new(), |m| format!("{m:.1}")),
                row.margin_s.map_or(String::new(), |m| format!("{m:.1}")),
                row.binding_constraint.as_deref().unwrap_or("")
            );
        }
    }
    out
}

/// Per-architecture answers of a route as JSON.
fn route_results(route: &DeterrentRoute, rows: &[DeterrentRow]) -> Value {
    Value::Array(
        route_rows(route, rows)
            .map(|x| {
                json!({"architecture": x.architecture, "sensing": x.sensing,
                    "engageable": !x.sites.is_empty(), "sites": x.sites,
                    "launch_s": x.launch_s.map(|m| r(m, 1)), "margin_s": x.margin_s.map(|m| r(m, 1))})
            })
            .collect(),
    )
}

/// The deterrent routes as an RFC 7946 FeatureCollection: one LineString per route (ground
/// track; crossing the antimeridian is not expected on these routes), with every
/// architecture's answer in its properties.
pub fn deterrent_geojson(routes: &[DeterrentRoute], rows: &[DeterrentRow]) -> Value {
    let features: Vec<Value> = routes
        .iter()
        .map(|route| {
            json!({
                "type": "Feature",
                "geometry": {"type": "LineString", "coordinates": geojson_track(&route.flight)},
                "properties": {"kind": "icbm-route", "base": route.base.0, "target": route.target.0,
                    "missile": route.missile, "flight_time_s": r(route.flight.flight_time_s(), 2),
                    "apogee_km": r(route.flight.rv.apogee_alt_m / 1e3, 3),
                    "ground_range_km": r(route.flight.rv.ground_range_m / 1e3, 3),
                    "results": route_results(route, rows)}
            })
        })
        .collect();
    json!({"type": "FeatureCollection", "features": features})
}

/// The deterrent routes as KML 2.2 (trajectories with altitude; the answers in each
/// placemark's description).
pub fn deterrent_kml(title: &str, routes: &[DeterrentRoute], rows: &[DeterrentRow]) -> String {
    let mut k = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<kml xmlns=\"http://www.opengis.net/kml/2.2\">\n<Document>\n",
    );
    let _ = writeln!(k, "<name>{}</name>", xml_escape(title));
    for route in routes {
        let answers: Vec<String> = route_rows(route, rows)
            .map(|x| {
                format!(
                    "{} ({}): {}",
                    x.architecture,
                    x.sensing,
                    if x.sites.is_empty() {
                        "no site".to_string()
                    } else {
                        x.sites.join(", ")
                    }
                )
            })
            .collect();
        let _ = writeln!(
            k,
            "<Placemark><name>{} {} → {}</name><description>{}</description><LineString><altitudeMode>absolute</altitudeMode><coordinates>{}</coordinates></LineString></Placemark>",
            xml_escape(&route.missile),
            xml_escape(&route.base.0),
            xml_escape(&route.target.0),
            xml_escape(&answers.join("; ")),
            kml_track(&route.flight)
        );
    }
    k.push_str("</Document>\n</kml>\n");
    k
}

/// The deterrent routes as CZML (time-tagged; the first packet is the document).
pub fn deterrent_czml(title: &str, routes: &[DeterrentRoute]) -> Value {
    let end_s = routes
        .iter()
        .map(|x| x.flight.flight_time_s())
        .fold(0.0, f64::max);
    let (document, interval) = czml_document(title, end_s);
    let mut packets = vec![document];
    for (i, route) in routes.iter().enumerate() {
        packets.push(czml_track(
            format!("route-{i}-{}-{}", route.base.0, route.target.0),
            format!("{} {} → {}", route.missile, route.base.0, route.target.0),
            &interval,
            &route.flight,
        ));
    }
    Value::Array(packets)
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

fn status_name(c: shieldsim_scenario::analysis::Cell) -> &'static str {
    use shieldsim_scenario::analysis::Cell;
    match c {
        Cell::Defended => "defended",
        Cell::Undefended => "undefended",
        Cell::Unreachable => "unreachable",
    }
}

/// The footprint's grid nodes as CSV.
pub fn footprint_csv(f: &FootprintCase) -> String {
    let mut out = String::from("lat_deg,lon_deg,status\n");
    let fp = &f.footprint;
    for (k, c) in fp.cells.iter().enumerate() {
        let g = fp.grid.node(k % fp.nx, k / fp.nx);
        let _ = writeln!(
            out,
            "{:.4},{:.4},{}",
            g.lat_deg(),
            g.lon_deg(),
            status_name(*c)
        );
    }
    out
}

/// The defended area as an RFC 7946 MultiPolygon feature, with the launch point.
pub fn footprint_geojson(f: &FootprintCase) -> Value {
    let polys: Vec<Value> = f
        .footprint
        .polygons()
        .iter()
        .map(|p| {
            json!(
                p.iter()
                    .map(|ring| ring
                        .iter()
                        .map(|q| json!([r(q[0], 5), r(q[1], 5)]))
                        .collect::<Vec<_>>())
                    .collect::<Vec<_>>()
            )
        })
        .collect();
    let count = |s: &str| {
        f.footprint
            .cells
            .iter()
            .filter(|c| status_name(**c) == s)
            .count()
    };
    json!({"type": "FeatureCollection", "features": [
        {"type": "Feature", "geometry": {"type": "MultiPolygon", "coordinates": polys},
         "properties": {"kind": "footprint", "architecture": f.architecture, "site": f.site,
            "threat": f.threat, "missile": f.missile, "launch_area": f.launch.0,
            "spacing_km": f.footprint.grid.spacing_km, "defended_nodes": count("defended"),
            "undefended_nodes": count("undefended"), "unreachable_nodes": count("unreachable")}},
        {"type": "Feature", "geometry": {"type": "Point", "coordinates": [r(f.launch.1.lon_deg(), 5), r(f.launch.1.lat_deg(), 5)]},
         "properties": {"kind": "launch_area", "name": f.launch.0}}
    ]})
}

/// The defended area as KML polygons.
pub fn footprint_kml(f: &FootprintCase) -> String {
    let mut k = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<kml xmlns=\"http://www.opengis.net/kml/2.2\">\n<Document>\n",
    );
    let _ = writeln!(k, "<name>{}</name>", xml_escape(&f.stem));
    for p in f.footprint.polygons() {
        let ring = |r: &Vec<[f64; 2]>| {
            r.iter()
                .map(|q| format!("{:.5},{:.5},0", q[0], q[1]))
                .collect::<Vec<_>>()
                .join(" ")
        };
        let _ = write!(
            k,
            "<Placemark><name>defended</name><Polygon><outerBoundaryIs><LinearRing><coordinates>{}</coordinates></LinearRing></outerBoundaryIs>",
            ring(&p[0])
        );
        for hole in &p[1..] {
            let _ = write!(
                k,
                "<innerBoundaryIs><LinearRing><coordinates>{}</coordinates></LinearRing></innerBoundaryIs>",
                ring(hole)
            );
        }
        k.push_str("</Polygon></Placemark>\n");
    }
    k.push_str("</Document>\n</kml>\n");
    k
}

/// The defended area as CZML polygons (first packet: the document).
pub fn footprint_czml(f: &FootprintCase) -> Value {
    let mut packets = vec![json!({"id": "document", "name": f.stem, "version": "1.0"})];
    for (i, p) in f.footprint.polygons().iter().enumerate() {
        let flat = |ring: &Vec<[f64; 2]>| -> Vec<Value> {
            ring.iter()
                .flat_map(|q| [json!(r(q[0], 5)), json!(r(q[1], 5)), json!(0.0)])
                .collect()
        };
        packets.push(json!({
            "id": format!("defended-{i}"),
            "name": "defended",
            "polygon": {
                "positions": {"cartographicDegrees": flat(&p[0])},
                "holes": {"cartographicDegrees": p[1..].iter().map(flat).collect::<Vec<_>>()},
                "material": {"solidColor": {"color": {"rgba": [40, 110, 220, 110]}}}
            }
        }));
    }
    Value::Array(packets)
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
fn assumptions_html(
    a: &shieldsim_scenario::scenario::ScenarioAssumptions,
    applied: &[shieldsim_scenario::catalogs::Applied],
) -> String {
    let settings: String = applied
        .iter()
        .map(|x| {
            format!(
                "<li>set <code>{}</code> = {} (catalog {}; sourced range {} … {}){}</li>",
                x.key,
                x.value,
                x.catalog_value,
                x.low,
                x.high,
                if x.outside_range {
                    " — outside the sourced range"
                } else {
                    ""
                }
            )
        })
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

/// Every file of a report: per footprint, per architecture's engagement cases and for the
/// deterrent question its `.csv`, `.geojson`, `.kml` and `.czml`; `summary.json` (the serde
/// form of the results, [`shieldsim_studies::summary::Summary`]); `index.html`. Sorted by name.
pub fn report_files(results: &StudyResults) -> Result<Files, String> {
    let json_bytes = |v: &dyn erased::Json| -> Result<Vec<u8>, String> {
        v.pretty()
            .map(|mut b| {
                b.push(b'\n');
                b
            })
            .map_err(|e| format!("JSON encoding failed: {e}"))
    };
    let title = results.title.as_str();
    let mut files = Vec::new();
    for f in &results.footprints {
        files.push((format!("{}.csv", f.stem), footprint_csv(f).into_bytes()));
        files.push((
            format!("{}.geojson", f.stem),
            json_bytes(&footprint_geojson(f))?,
        ));
        files.push((format!("{}.kml", f.stem), footprint_kml(f).into_bytes()));
        files.push((format!("{}.czml", f.stem), json_bytes(&footprint_czml(f))?));
    }
    for arch in &results.architectures {
        let cases = &arch.cases;
        if cases.is_empty() {
            continue;
        }
        let stem = format!("engage-{}", arch.info.id);
        files.push((format!("{stem}.csv"), engage_csv(cases).into_bytes()));
        files.push((
            format!("{stem}.geojson"),
            json_bytes(&engage_geojson(cases))?,
        ));
        files.push((format!("{stem}.kml"), engage_kml(title, cases).into_bytes()));
        files.push((
            format!("{stem}.czml"),
            json_bytes(&engage_czml(title, cases))?,
        ));
    }
    if let Some(d) = &results.deterrent {
        files.push((
            "deterrent.csv".into(),
            deterrent_csv(&d.routes, &d.rows).into_bytes(),
        ));
        files.push((
            "deterrent.geojson".into(),
            json_bytes(&deterrent_geojson(&d.routes, &d.rows))?,
        ));
        files.push((
            "deterrent.kml".into(),
            deterrent_kml("The deterrent question", &d.routes, &d.rows).into_bytes(),
        ));
        files.push((
            "deterrent.czml".into(),
            json_bytes(&deterrent_czml("The deterrent question", &d.routes))?,
        ));
    }
    files.push((
        "summary.json".into(),
        json_bytes(&shieldsim_studies::summary::Summary::of(results))?,
    ));
    let all_cases: Vec<EngageCase> = results.cases().cloned().collect();
    files.push((
        "index.html".into(),
        engage_html(
            title,
            &results.description,
            &assumptions_html(&results.assumptions, &results.settings),
            &all_cases,
            &results
                .deterrent
                .iter()
                .map(|d| deterrent_html(&d.assumption, &d.routes, &d.rows))
                .chain(results.sweep.iter().map(sweep_html))
                .chain((!results.coverage.is_empty()).then(|| coverage_html(&results.coverage)))
                .chain(results.footprints.iter().map(footprint_html))
                .collect::<Vec<_>>(),
        )
        .into_bytes(),
    ));
    files.sort_by(|x, y| x.0.cmp(&y.0));
    Ok(files)
}

/// Pretty JSON of either a `serde_json::Value` or a serde struct, behind one closure.
mod erased {
    /// Something that serialises to pretty JSON.
    pub trait Json {
        /// Its pretty JSON bytes.
        fn pretty(&self) -> serde_json::Result<Vec<u8>>;
    }
    impl<T: serde::Serialize> Json for T {
        fn pretty(&self) -> serde_json::Result<Vec<u8>> {
            serde_json::to_vec_pretty(self)
        }
    }
}
