//! CZML (Cesium): the first packet is the document with its clock; times are seconds after a
//! nominal epoch that stands for the threat's launch. Trajectories are coloured by outcome,
//! sites and launch points are labelled, and each engaging site's intercept window is an entity
//! that exists from its earliest to its latest intercept. Every file passes the `czml3` schema
//! (tested): for instance, a polygon without holes has no `holes` property at all.

use crate::r;
use serde_json::{Value, json};
use shieldsim_core::earth::Geodetic;
use shieldsim_core::missile::MissileFlight;
use shieldsim_studies::{DeterrentRoute, DeterrentRow, EngageCase, FootprintCase};

/// Nominal CZML epoch standing for every threat's launch.
pub const EPOCH: &str = "2026-01-01T00:00:00Z";

/// ISO 8601 time `t_s` seconds after [`EPOCH`] (whole seconds).
fn at(t_s: f64) -> String {
    let t = t_s.max(0.0).round() as u64;
    format!(
        "2026-01-01T{:02}:{:02}:{:02}Z",
        t / 3600,
        (t / 60) % 60,
        t % 60
    )
}

/// The interval from `t0_s` to `t1_s` seconds after the epoch.
fn interval(t0_s: f64, t1_s: f64) -> String {
    format!("{}/{}", at(t0_s), at(t1_s.max(t0_s)))
}

/// The document packet and the availability interval covering `end_s` seconds.
fn document(title: &str, description: &str, end_s: f64) -> (Value, String) {
    let whole = interval(0.0, end_s.ceil());
    (
        json!({
            "id": "document",
            "name": title,
            "description": description,
            "version": "1.0",
            "clock": {"interval": whole, "currentTime": EPOCH, "multiplier": 20}
        }),
        whole,
    )
}

const RED: [u8; 4] = [220, 40, 40, 255];
const GREEN: [u8; 4] = [46, 139, 87, 255];
const BLUE: [u8; 4] = [30, 90, 200, 255];

fn rgba(c: [u8; 4], alpha: u8) -> Value {
    json!({"rgba": [c[0], c[1], c[2], alpha]})
}

/// A time-tagged trajectory (seconds after the epoch, lon/lat degrees, metres).
fn track(
    id: String,
    name: String,
    description: String,
    whole: &str,
    flight: &MissileFlight,
    colour: [u8; 4],
) -> Value {
    let mut pos = Vec::new();
    // CZML sampled positions need strictly increasing times (czml3 rejects the packet
    // otherwise); a phase-boundary or impact sample can fall on a grid sample's time.
    let mut last_t_s = f64::NEG_INFINITY;
    for s in flight.samples() {
        let t_s = r(s.t_s, 2);
        if t_s <= last_t_s {
            continue;
        }
        last_t_s = t_s;
        pos.extend([
            json!(t_s),
            json!(r(s.position.lon_deg(), 5)),
            json!(r(s.position.lat_deg(), 5)),
            json!(r(s.position.alt_m.max(0.0), 0)),
        ]);
    }
    json!({
        "id": id,
        "name": name,
        "description": description,
        "availability": whole,
        "position": {"epoch": EPOCH, "cartographicDegrees": pos},
        "point": {"pixelSize": 6, "color": rgba(colour, 255)},
        "path": {"width": 2, "leadTime": 0, "trailTime": 100000, "material": {"solidColor": {"color": rgba(colour, 200)}}}
    })
}

/// A labelled point on the ground or in the air.
fn marker(id: String, name: &str, description: String, at_: Geodetic, colour: [u8; 4]) -> Value {
    json!({
        "id": id,
        "name": name,
        "description": description,
        "position": {"cartographicDegrees": [r(at_.lon_deg(), 5), r(at_.lat_deg(), 5), r(at_.alt_m.max(0.0), 0)]},
        "point": {"pixelSize": 8, "color": rgba(colour, 255)},
        "label": {"text": name, "font": "12pt sans-serif", "pixelOffset": {"cartesian2": [10, -10]},
            "fillColor": rgba(colour, 255)}
    })
}

/// One architecture's engagement cases: trajectories (green when some site engages, red when
/// none), its sites, launch points, and per engaging site an intercept entity that exists over
/// its intercept window.
pub fn engage(title: &str, cases: &[EngageCase]) -> Value {
    let end_s = cases
        .iter()
        .map(|c| c.flight.flight_time_s())
        .fold(0.0, f64::max);
    let arch = cases.first().map_or("", |c| c.architecture.as_str());
    let (doc, whole) = document(
        &format!("{title}: {arch} engagements"),
        "Threat trajectories (green: some site engages; red: none), sites, launch points and intercept windows. Time zero is the threat's launch.",
        end_s,
    );
    let mut packets = vec![doc];
    let mut launches: Vec<&str> = Vec::new();
    for (i, c) in cases.iter().enumerate() {
        let engaging = c.engaging_sites();
        packets.push(track(
            format!("threat-{i}"),
            format!("{} {} → {}", c.missile, c.from.0, c.to.0),
            format!(
                "{} ({}): {}; burnout {:.0} s",
                c.architecture,
                c.engagement.sensing.name(),
                c.verdict(),
                c.engagement.burnout_s
            ),
            &whole,
            &c.flight,
            if engaging.is_empty() { RED } else { GREEN },
        ));
        for (k, s) in c.engagement.sites.iter().enumerate() {
            if let Ok(o) = &s.outcome {
                let mut p = marker(
                    format!("intercept-{i}-{k}"),
                    &format!("{} intercept", s.site),
                    format!(
                        "{} can intercept {} {} → {} from {:.0} s to {:.0} s; launch {:.0} s; first intercept at {:.0} km",
                        s.site,
                        c.missile,
                        c.from.0,
                        c.to.0,
                        o.intercept_s,
                        o.latest_intercept_s,
                        o.launch_s,
                        o.intercept.alt_km()
                    ),
                    o.intercept,
                    GREEN,
                );
                p["availability"] = json!(interval(o.intercept_s, o.latest_intercept_s));
                packets.push(p);
            }
        }
        if !launches.contains(&c.from.0.as_str()) {
            launches.push(&c.from.0);
            packets.push(marker(
                format!("launch-{}", launches.len()),
                &c.from.0,
                format!("launch area of threat {}", c.threat),
                c.from.1,
                RED,
            ));
        }
    }
    if let Some(c) = cases.first() {
        for info in &c.sites {
            packets.push(marker(
                format!("site-{}", info.id),
                &info.id,
                format!("interceptor site with {}", info.interceptor),
                info.position,
                BLUE,
            ));
        }
    }
    Value::Array(packets)
}

/// The deterrent routes, green when some architecture engages the route under some sensing
/// assumption, red when none; the answers in each route's description.
pub fn deterrent(title: &str, routes: &[DeterrentRoute], rows: &[DeterrentRow]) -> Value {
    let end_s = routes
        .iter()
        .map(|x| x.flight.flight_time_s())
        .fold(0.0, f64::max);
    let (doc, whole) = document(
        title,
        "ICBM routes (green: some architecture engages under some sensing assumption; red: none). Time zero is the ICBM's launch.",
        end_s,
    );
    let mut packets = vec![doc];
    for (i, route) in routes.iter().enumerate() {
        let answers: Vec<String> = crate::route_rows(route, rows)
            .filter(|x| !x.sites.is_empty())
            .map(|x| format!("{} ({}): {}", x.architecture, x.sensing, x.sites.join(", ")))
            .collect();
        packets.push(track(
            format!("route-{i}"),
            format!("{} {} → {}", route.missile, route.base.0, route.target.0),
            if answers.is_empty() {
                "no architecture engages under any sensing assumption".into()
            } else {
                answers.join("; ")
            },
            &whole,
            &route.flight,
            if answers.is_empty() { RED } else { GREEN },
        ));
    }
    Value::Array(packets)
}

/// The defended area as polygons (holes only where there are any), with the launch point.
pub fn footprint(f: &FootprintCase) -> Value {
    let mut packets = vec![json!({
        "id": "document",
        "name": f.stem,
        "description": format!("Area defended against {} from {} (aim points every {} km).", f.missile, f.launch.0, f.footprint.grid.spacing_km),
        "version": "1.0"
    })];
    let flat = |ring: &Vec<[f64; 2]>| -> Vec<Value> {
        ring.iter()
            .flat_map(|q| [json!(r(q[0], 5)), json!(r(q[1], 5)), json!(0.0)])
            .collect()
    };
    for (i, p) in f.footprint.polygons().iter().enumerate() {
        let mut polygon = json!({
            "positions": {"cartographicDegrees": flat(&p[0])},
            "material": {"solidColor": {"color": rgba(BLUE, 110)}}
        });
        if p.len() > 1 {
            polygon["holes"] =
                json!({"cartographicDegrees": p[1..].iter().map(flat).collect::<Vec<_>>()});
        }
        packets
            .push(json!({"id": format!("defended-{i}"), "name": "defended", "polygon": polygon}));
    }
    packets.push(marker(
        "launch".into(),
        &f.launch.0,
        format!("launch area of {}", f.missile),
        f.launch.1,
        RED,
    ));
    Value::Array(packets)
}
