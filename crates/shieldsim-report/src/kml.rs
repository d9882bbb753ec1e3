//! KML 2.2 (Google Earth): trajectories with altitude, sites, intercepts, launch points and
//! defended areas, each Placemark with a name, a description, a style by outcome and its
//! figures as `ExtendedData`; every document has its own name.
//!
//! Written as text rather than with the georust `kml` crate: the writer needs styles and
//! `ExtendedData` on every placemark, which are a few lines of escaped XML here, and the tests
//! read every file back with an XML parser (docs/decisions/0004-outputs.md).

use crate::{route_rows, xml_escape};
use shieldsim_core::missile::MissileFlight;
use shieldsim_studies::{DeterrentRoute, DeterrentRow, EngageCase, FootprintCase};
use std::fmt::Write as _;

/// The shared styles, by id: outcome colours (KML colours are aabbggrr).
const STYLES: &str = "<Style id=\"track-engaged\"><LineStyle><color>ff2e8b57</color><width>2</width></LineStyle></Style>\n\
<Style id=\"track-not-engaged\"><LineStyle><color>ff2828dc</color><width>2</width></LineStyle></Style>\n\
<Style id=\"site-ashore\"><IconStyle><color>ffc85a1e</color><Icon><href>http://maps.google.com/mapfiles/kml/shapes/square.png</href></Icon></IconStyle></Style>\n\
<Style id=\"site-ship\"><IconStyle><color>ffc85a1e</color><Icon><href>http://maps.google.com/mapfiles/kml/shapes/sailing.png</href></Icon></IconStyle></Style>\n\
<Style id=\"intercept\"><IconStyle><color>ff2e8b57</color><Icon><href>http://maps.google.com/mapfiles/kml/shapes/star.png</href></Icon></IconStyle></Style>\n\
<Style id=\"launch\"><IconStyle><color>ff2828dc</color><Icon><href>http://maps.google.com/mapfiles/kml/shapes/triangle.png</href></Icon></IconStyle></Style>\n\
<Style id=\"defended\"><LineStyle><color>ffdc6e28</color></LineStyle><PolyStyle><color>6edc6e28</color></PolyStyle></Style>\n";

/// The document's opening: XML declaration, name, description and the styles.
fn open(name: &str, description: &str) -> String {
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<kml xmlns=\"http://www.opengis.net/kml/2.2\">\n<Document>\n<name>{}</name>\n<description>{}</description>\n{STYLES}",
        xml_escape(name),
        xml_escape(description)
    )
}

const CLOSE: &str = "</Document>\n</kml>\n";

/// `ExtendedData` of name/value pairs.
fn data(pairs: &[(&str, String)]) -> String {
    let mut d = String::from("<ExtendedData>");
    for (k, v) in pairs {
        let _ = write!(
            d,
            "<Data name=\"{}\"><value>{}</value></Data>",
            xml_escape(k),
            xml_escape(v)
        );
    }
    d.push_str("</ExtendedData>");
    d
}

/// A placemark.
fn placemark(name: &str, style: &str, description: &str, extended: &str, geometry: &str) -> String {
    format!(
        "<Placemark><name>{}</name><description>{}</description><styleUrl>#{style}</styleUrl>{extended}{geometry}</Placemark>\n",
        xml_escape(name),
        xml_escape(description)
    )
}

/// A flight as KML `lon,lat,alt` coordinates (altitude in metres, clamped at the surface).
fn track(flight: &MissileFlight) -> String {
    let coords = flight
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
        .join(" ");
    format!(
        "<LineString><altitudeMode>absolute</altitudeMode><coordinates>{coords}</coordinates></LineString>"
    )
}

fn point(lon_deg: f64, lat_deg: f64, alt_m: f64) -> String {
    format!(
        "<Point><altitudeMode>absolute</altitudeMode><coordinates>{lon_deg:.5},{lat_deg:.5},{:.0}</coordinates></Point>",
        alt_m.max(0.0)
    )
}

fn opt(x: Option<f64>) -> String {
    x.map_or(String::new(), |v| format!("{v:.1}"))
}

/// One architecture's engagement cases: trajectories styled by outcome, its sites, each
/// engaging site's earliest intercept, and the launch points.
pub fn engage(title: &str, cases: &[EngageCase]) -> String {
    let arch = cases.first().map_or("", |c| c.architecture.as_str());
    let mut k = open(
        &format!("{title}: {arch} engagements"),
        "Threat trajectories (green: some site engages; red: none), the architecture's sites, each engaging site's earliest intercept, and the launch points. Times are seconds since the threat's launch.",
    );
    let mut launches: Vec<&str> = Vec::new();
    for c in cases {
        let engaging = c.engaging_sites();
        let name = format!("{} {} → {}", c.missile, c.from.0, c.to.0);
        k += &placemark(
            &name,
            if engaging.is_empty() {
                "track-not-engaged"
            } else {
                "track-engaged"
            },
            &format!(
                "{} ({}): {}; burnout {:.0} s, flight {:.0} s, apogee {:.0} km",
                c.architecture,
                c.engagement.sensing.name(),
                c.verdict(),
                c.engagement.burnout_s,
                c.flight.flight_time_s(),
                c.flight.rv.apogee_alt_m / 1e3
            ),
            &data(&[
                ("architecture", c.architecture.clone()),
                ("threat", c.threat.clone()),
                ("missile", c.missile.clone()),
                ("from", c.from.0.clone()),
                ("to", c.to.0.clone()),
                ("sensing", c.engagement.sensing.name().into()),
                ("threat_burnout_s", format!("{:.1}", c.engagement.burnout_s)),
                ("flight_time_s", format!("{:.1}", c.flight.flight_time_s())),
                (
                    "apogee_km",
                    format!("{:.1}", c.flight.rv.apogee_alt_m / 1e3),
                ),
                ("engaging_sites", engaging.join(";")),
            ]),
            &track(&c.flight),
        );
        for s in &c.engagement.sites {
            if let Ok(o) = &s.outcome {
                k += &placemark(
                    &format!("{} intercept ({} → {})", s.site, c.from.0, c.to.0),
                    "intercept",
                    &format!(
                        "earliest intercept at {:.0} s, {:.0} km up; launch {:.0} s (earliest {}, margin {} s); closing {:.2} km/s",
                        o.intercept_s,
                        o.intercept.alt_km(),
                        o.launch_s,
                        opt(s.earliest_launch_s),
                        opt(s.margin_s),
                        o.closing_speed_m_s / 1e3
                    ),
                    &data(&[
                        ("site", s.site.clone()),
                        ("threat", c.threat.clone()),
                        ("to", c.to.0.clone()),
                        ("launch_s", format!("{:.1}", o.launch_s)),
                        ("earliest_launch_s", opt(s.earliest_launch_s)),
                        ("margin_s", opt(s.margin_s)),
                        ("intercept_s", format!("{:.1}", o.intercept_s)),
                        ("latest_intercept_s", format!("{:.1}", o.latest_intercept_s)),
                        ("intercept_alt_km", format!("{:.1}", o.intercept.alt_km())),
                        (
                            "closing_speed_km_s",
                            format!("{:.3}", o.closing_speed_m_s / 1e3),
                        ),
                    ]),
                    &point(
                        o.intercept.lon_deg(),
                        o.intercept.lat_deg(),
                        o.intercept.alt_m,
                    ),
                );
            }
        }
        if !launches.contains(&c.from.0.as_str()) {
            launches.push(&c.from.0);
            k += &placemark(
                &format!("launch: {}", c.from.0),
                "launch",
                &format!("launch area of threat {}", c.threat),
                &data(&[("launch_area", c.from.0.clone())]),
                &point(c.from.1.lon_deg(), c.from.1.lat_deg(), 0.0),
            );
        }
    }
    if let Some(c) = cases.first() {
        for info in &c.sites {
            k += &placemark(
                &format!("{} ({})", info.id, info.interceptor),
                if info.ship {
                    "site-ship"
                } else {
                    "site-ashore"
                },
                &format!("interceptor site with {}", info.interceptor),
                &data(&[
                    ("site", info.id.clone()),
                    ("interceptor", info.interceptor.clone()),
                    ("kind", if info.ship { "ship" } else { "ashore" }.into()),
                ]),
                &point(info.position.lon_deg(), info.position.lat_deg(), 0.0),
            );
        }
    }
    k.push_str(CLOSE);
    k
}

/// The deterrent routes: trajectories with altitude, styled green when some architecture engages
/// the route under some sensing assumption; every answer in the description and `ExtendedData`.
pub fn deterrent(title: &str, routes: &[DeterrentRoute], rows: &[DeterrentRow]) -> String {
    let mut k = open(
        title,
        "ICBM routes from the launch bases to the targets. Green: some architecture engages the route under some sensing assumption; red: none. Times are seconds since the ICBM's launch.",
    );
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
        let engaged = route_rows(route, rows).any(|x| !x.sites.is_empty());
        let mut pairs = vec![
            ("base", route.base.0.clone()),
            ("target", route.target.0.clone()),
            ("missile", route.missile.clone()),
            (
                "flight_time_s",
                format!("{:.1}", route.flight.flight_time_s()),
            ),
            (
                "apogee_km",
                format!("{:.1}", route.flight.rv.apogee_alt_m / 1e3),
            ),
            (
                "threat_burnout_s",
                format!("{:.1}", route.flight.burnout.t_s),
            ),
        ];
        let keys: Vec<String> = route_rows(route, rows)
            .map(|x| format!("{} {}", x.architecture, x.sensing))
            .collect();
        for (x, key) in route_rows(route, rows).zip(&keys) {
            pairs.push((key.as_str(), x.sites.join(";")));
        }
        k += &placemark(
            &format!("{} {} → {}", route.missile, route.base.0, route.target.0),
            if engaged {
                "track-engaged"
            } else {
                "track-not-engaged"
            },
            &answers.join("; "),
            &data(&pairs),
            &track(&route.flight),
        );
    }
    let mut bases: Vec<&(String, shieldsim_core::earth::Geodetic)> = Vec::new();
    for route in routes {
        if !bases.iter().any(|b| b.0 == route.base.0) {
            bases.push(&route.base);
        }
    }
    for b in bases {
        k += &placemark(
            &format!("launch: {}", b.0),
            "launch",
            "ICBM base (nominal launch point)",
            &data(&[("base", b.0.clone())]),
            &point(b.1.lon_deg(), b.1.lat_deg(), 0.0),
        );
    }
    k.push_str(CLOSE);
    k
}

/// The defended area as polygons, with the launch point; the document is named after the file.
pub fn footprint(f: &FootprintCase) -> String {
    let s = shieldsim_studies::summary::FootprintSummary::of(f);
    let mut k = open(
        &format!(
            "{}: {} defended against {} from {}",
            f.stem,
            f.site.as_deref().unwrap_or(&f.architecture),
            f.missile,
            f.launch.0
        ),
        &format!(
            "Aim points every {} km; {} defended, {} reachable but undefended, {} out of the threat's reach.",
            f.footprint.grid.spacing_km, s.defended_nodes, s.undefended_nodes, s.unreachable_nodes
        ),
    );
    let ring = |r: &Vec<[f64; 2]>| {
        r.iter()
            .map(|q| format!("{:.5},{:.5},0", q[0], q[1]))
            .collect::<Vec<_>>()
            .join(" ")
    };
    let extended = data(&[
        ("architecture", f.architecture.clone()),
        ("site", f.site.clone().unwrap_or_default()),
        ("threat", f.threat.clone()),
        ("missile", f.missile.clone()),
        ("launch_area", f.launch.0.clone()),
        ("spacing_km", format!("{}", f.footprint.grid.spacing_km)),
    ]);
    for p in f.footprint.polygons() {
        let mut g = format!(
            "<Polygon><outerBoundaryIs><LinearRing><coordinates>{}</coordinates></LinearRing></outerBoundaryIs>",
            ring(&p[0])
        );
        for hole in &p[1..] {
            let _ = write!(
                g,
                "<innerBoundaryIs><LinearRing><coordinates>{}</coordinates></LinearRing></innerBoundaryIs>",
                ring(hole)
            );
        }
        g.push_str("</Polygon>");
        k += &placemark(
            "defended",
            "defended",
            "aim points some site defends",
            &extended,
            &g,
        );
    }
    k += &placemark(
        &format!("launch: {}", f.launch.0),
        "launch",
        &format!("launch area of {}", f.missile),
        &data(&[("launch_area", f.launch.0.clone())]),
        &point(f.launch.1.lon_deg(), f.launch.1.lat_deg(), 0.0),
    );
    k.push_str(CLOSE);
    k
}
