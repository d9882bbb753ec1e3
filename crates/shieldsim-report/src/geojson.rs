//! GeoJSON (RFC 7946): positions [longitude, latitude] in WGS84 degrees, exterior rings
//! counter-clockwise.
//!
//! A GeoJSON file is one layer to GIS tools (GDAL, QGIS): every file here holds one geometry
//! type, and its properties are flat scalars with units in their names, so that `ogr2ogr` can
//! write a Shapefile and a GeoPackage from it. Times are seconds since the threat's launch
//! (property `time_zero` says so). Built with `serde_json` rather than the `geojson` crate:
//! the writer only emits, the structures are small, and the tests parse every file back with
//! the `geojson` crate and GDAL (docs/decisions/0004-outputs.md).

use crate::{r, route_rows};
use serde_json::{Map, Value, json};
use shieldsim_core::missile::MissileFlight;
use shieldsim_studies::{DeterrentRoute, DeterrentRow, EngageCase, FootprintCase};

/// What every time in these files counts from.
pub const TIME_ZERO: &str = "threat launch";

/// A flight's ground track as GeoJSON positions ([lon, lat], degrees).
fn track(flight: &MissileFlight) -> Vec<Value> {
    flight
        .samples()
        .iter()
        .map(|s| json!([r(s.position.lon_deg(), 5), r(s.position.lat_deg(), 5)]))
        .collect()
}

fn point(lon_deg: f64, lat_deg: f64) -> Value {
    json!({"type": "Point", "coordinates": [r(lon_deg, 5), r(lat_deg, 5)]})
}

fn feature(geometry: Value, properties: Value) -> Value {
    json!({"type": "Feature", "geometry": geometry, "properties": properties})
}

fn collection(features: Vec<Value>) -> Value {
    json!({"type": "FeatureCollection", "features": features})
}

/// Engagement trajectories: one LineString per case (its ground track) with the answer in flat
/// properties.
pub fn engage_tracks(cases: &[EngageCase]) -> Value {
    collection(
        cases
            .iter()
            .map(|c| {
                let engaging = c.engaging_sites();
                feature(
                    json!({"type": "LineString", "coordinates": track(&c.flight)}),
                    json!({"kind": "trajectory", "architecture": c.architecture, "threat": c.threat,
                        "missile": c.missile, "from": c.from.0, "to": c.to.0,
                        "sensing": c.engagement.sensing.name(),
                        "flight_time_s": r(c.flight.flight_time_s(), 2),
                        "apogee_km": r(c.flight.rv.apogee_alt_m / 1e3, 3),
                        "ground_range_km": r(c.flight.rv.ground_range_m / 1e3, 3),
                        "threat_burnout_s": r(c.engagement.burnout_s, 2),
                        "engageable": !engaging.is_empty(), "engaging_sites": engaging.join(";"),
                        "time_zero": TIME_ZERO}),
                )
            })
            .collect(),
    )
}

/// Engagement points: every site (once) and every engaging site's earliest intercept, as Points
/// told apart by `kind`.
pub fn engage_points(cases: &[EngageCase]) -> Value {
    let mut features = Vec::new();
    let mut seen: Vec<&str> = Vec::new();
    for c in cases {
        for (k, s) in c.engagement.sites.iter().enumerate() {
            if let (Some(info), false) = (c.sites.get(k), seen.contains(&s.site.as_str())) {
                seen.push(&s.site);
                let engages_any = cases.iter().any(|c| {
                    c.engagement
                        .sites
                        .iter()
                        .any(|x| x.site == s.site && x.outcome.is_ok())
                });
                features.push(feature(
                    point(info.position.lon_deg(), info.position.lat_deg()),
                    json!({"kind": "site", "architecture": c.architecture, "site": s.site,
                        "interceptor": info.interceptor, "engages_any": engages_any,
                        "time_zero": TIME_ZERO}),
                ));
            }
            if let Ok(o) = &s.outcome {
                features.push(feature(
                    point(o.intercept.lon_deg(), o.intercept.lat_deg()),
                    json!({"kind": "intercept", "architecture": c.architecture, "site": s.site,
                        "threat": c.threat, "from": c.from.0, "to": c.to.0,
                        "sensing": c.engagement.sensing.name(),
                        "earliest_launch_s": s.earliest_launch_s.map(|x| r(x, 2)),
                        "margin_s": s.margin_s.map(|x| r(x, 2)),
                        "launch_s": r(o.launch_s, 2), "intercept_s": r(o.intercept_s, 2),
                        "latest_intercept_s": r(o.latest_intercept_s, 2),
                        "intercept_alt_km": r(o.intercept.alt_km(), 3),
                        "closing_speed_km_s": r(o.closing_speed_m_s / 1e3, 3),
                        "time_zero": TIME_ZERO}),
                ));
            }
        }
    }
    collection(features)
}

/// The property name of a sensing assumption (`kinematic-bound` → `kinematic_bound`).
fn key(sensing: &str) -> String {
    sensing.replace('-', "_")
}

/// The deterrent routes: one LineString per route (ground track; crossing the antimeridian is
/// not expected on these routes). Per sensing assumption, flat properties: how many
/// architectures engage it, and which ("arch: site, site; …").
pub fn deterrent(routes: &[DeterrentRoute], rows: &[DeterrentRow]) -> Value {
    collection(
        routes
            .iter()
            .map(|route| {
                let mut p = Map::new();
                for (k, v) in [
                    ("kind", json!("icbm-route")),
                    ("base", json!(route.base.0)),
                    ("target", json!(route.target.0)),
                    ("missile", json!(route.missile)),
                    ("flight_time_s", json!(r(route.flight.flight_time_s(), 2))),
                    ("apogee_km", json!(r(route.flight.rv.apogee_alt_m / 1e3, 3))),
                    (
                        "ground_range_km",
                        json!(r(route.flight.rv.ground_range_m / 1e3, 3)),
                    ),
                    ("threat_burnout_s", json!(r(route.flight.burnout.t_s, 2))),
                    ("time_zero", json!(TIME_ZERO)),
                ] {
                    p.insert(k.into(), v);
                }
                let mut sensings: Vec<&str> = Vec::new();
                for x in route_rows(route, rows) {
                    if !sensings.contains(&x.sensing.as_str()) {
                        sensings.push(&x.sensing);
                    }
                }
                for s in sensings {
                    let engaging: Vec<String> = route_rows(route, rows)
                        .filter(|x| x.sensing == s && !x.sites.is_empty())
                        .map(|x| format!("{}: {}", x.architecture, x.sites.join(", ")))
                        .collect();
                    p.insert(
                        format!("architectures_engaging_{}", key(s)),
                        json!(engaging.len()),
                    );
                    p.insert(format!("engaging_{}", key(s)), json!(engaging.join("; ")));
                }
                feature(
                    json!({"type": "LineString", "coordinates": track(&route.flight)}),
                    Value::Object(p),
                )
            })
            .collect(),
    )
}

/// The defended area: one MultiPolygon feature, with the launch point and the aim-point counts
/// in its properties.
pub fn footprint(f: &FootprintCase) -> Value {
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
    let s = shieldsim_studies::summary::FootprintSummary::of(f);
    collection(vec![feature(
        json!({"type": "MultiPolygon", "coordinates": polys}),
        json!({"kind": "footprint", "architecture": f.architecture, "site": f.site,
            "threat": f.threat, "missile": f.missile, "launch_area": f.launch.0,
            "launch_lat_deg": r(f.launch.1.lat_deg(), 5), "launch_lon_deg": r(f.launch.1.lon_deg(), 5),
            "spacing_km": f.footprint.grid.spacing_km, "defended_nodes": s.defended_nodes,
            "undefended_nodes": s.undefended_nodes, "unreachable_nodes": s.unreachable_nodes}),
    )])
}
