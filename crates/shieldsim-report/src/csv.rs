//! CSV tables, written with the `csv` crate (RFC 4180 quoting, so an id with a comma or a quote
//! reads back whole). Every quantity's header names its unit; times are seconds since the
//! threat's launch.

use crate::{route_rows, status_name};
use shieldsim_studies::{
    CoverageRow, DeterrentRoute, DeterrentRow, EngageCase, FootprintCase, Sweep,
};

/// A finished table's bytes.
fn finish(w: ::csv::Writer<Vec<u8>>) -> Result<Vec<u8>, String> {
    w.into_inner().map_err(|e| format!("CSV: {e}"))
}

fn writer(header: &[&str]) -> Result<::csv::Writer<Vec<u8>>, String> {
    let mut w = ::csv::Writer::from_writer(Vec::new());
    w.write_record(header).map_err(|e| format!("CSV: {e}"))?;
    Ok(w)
}

fn put(w: &mut ::csv::Writer<Vec<u8>>, row: &[String]) -> Result<(), String> {
    w.write_record(row).map_err(|e| format!("CSV: {e}"))
}

fn f(x: f64, decimals: usize) -> String {
    format!("{x:.decimals$}")
}

fn opt(x: Option<f64>, decimals: usize) -> String {
    x.map_or(String::new(), |v| f(v, decimals))
}

/// The engagement table: one row per (case, site).
pub fn engage(cases: &[EngageCase]) -> Result<Vec<u8>, String> {
    let mut w = writer(&[
        "architecture",
        "threat",
        "missile",
        "from",
        "to",
        "site",
        "interceptor",
        "engageable",
        "reason",
        "first_detect_s",
        "fire_control_s",
        "launch_s",
        "intercept_s",
        "latest_intercept_s",
        "intercept_alt_km",
        "intercept_lat_deg",
        "intercept_lon_deg",
        "closing_speed_km_s",
        "shots",
        "sensing",
        "threat_burnout_s",
        "track_s",
        "earliest_launch_s",
        "latest_launch_s",
        "margin_s",
        "binding_constraint",
    ])?;
    for c in cases {
        for (k, s) in c.engagement.sites.iter().enumerate() {
            let interceptor = c.sites.get(k).map_or("", |x| x.interceptor.as_str());
            let (ok, reason, cols) = match &s.outcome {
                Ok(o) => (
                    "true",
                    String::new(),
                    vec![
                        f(o.launch_s, 2),
                        f(o.intercept_s, 2),
                        f(o.latest_intercept_s, 2),
                        f(o.intercept.alt_km(), 3),
                        f(o.intercept.lat_deg(), 4),
                        f(o.intercept.lon_deg(), 4),
                        f(o.closing_speed_m_s / 1e3, 3),
                        o.shots.to_string(),
                    ],
                ),
                Err(r) => ("false", r.reason().to_string(), vec![String::new(); 8]),
            };
            let mut row = vec![
                c.architecture.clone(),
                c.threat.clone(),
                c.missile.clone(),
                c.from.0.clone(),
                c.to.0.clone(),
                s.site.clone(),
                interceptor.to_string(),
                ok.to_string(),
                reason,
                opt(s.first_detect_s, 2),
                opt(s.fire_control_s, 2),
            ];
            row.extend(cols);
            row.extend([
                c.engagement.sensing.name().to_string(),
                f(c.engagement.burnout_s, 2),
                opt(s.track_s, 2),
                opt(s.earliest_launch_s, 2),
                opt(s.latest_launch_s, 2),
                opt(s.margin_s, 2),
                s.binding.map_or("", |b| b.name()).to_string(),
            ]);
            put(&mut w, &row)?;
        }
    }
    finish(w)
}

/// The deterrent question: one row per (route, architecture, sensing assumption).
pub fn deterrent(routes: &[DeterrentRoute], rows: &[DeterrentRow]) -> Result<Vec<u8>, String> {
    let mut w = writer(&[
        "architecture",
        "sensing",
        "base",
        "target",
        "missile",
        "flight_time_s",
        "apogee_km",
        "ground_range_km",
        "threat_burnout_s",
        "engageable",
        "sites",
        "launch_s",
        "margin_s",
        "binding_constraint",
    ])?;
    for route in routes {
        for row in route_rows(route, rows) {
            put(
                &mut w,
                &[
                    row.architecture.clone(),
                    row.sensing.clone(),
                    row.base.clone(),
                    row.target.clone(),
                    route.missile.clone(),
                    f(route.flight.flight_time_s(), 2),
                    f(route.flight.rv.apogee_alt_m / 1e3, 3),
                    f(route.flight.rv.ground_range_m / 1e3, 3),
                    f(row.threat_burnout_s, 1),
                    (!row.sites.is_empty()).to_string(),
                    row.sites.join(";"),
                    opt(row.launch_s, 1),
                    opt(row.margin_s, 1),
                    row.binding_constraint.clone().unwrap_or_default(),
                ],
            )?;
        }
    }
    finish(w)
}

/// A footprint's grid nodes with their status.
pub fn footprint(fp: &FootprintCase) -> Result<Vec<u8>, String> {
    let mut w = writer(&["lat_deg", "lon_deg", "status"])?;
    let g = &fp.footprint;
    for (k, c) in g.cells.iter().enumerate() {
        let node = g.grid.node(k % g.nx, k / g.nx);
        put(
            &mut w,
            &[
                f(node.lat_deg(), 4),
                f(node.lon_deg(), 4),
                status_name(*c).to_string(),
            ],
        )?;
    }
    finish(w)
}

/// The speed-needed sweep: one row per (site, route, launch delay after burnout).
pub fn sweep(s: &Sweep) -> Result<Vec<u8>, String> {
    let mut w = writer(&[
        "site",
        "base",
        "target",
        "launch_delay_after_burnout_s",
        "speed_needed_km_s",
        "speed_needed_low_km_s",
        "speed_needed_high_km_s",
    ])?;
    for p in &s.points {
        put(
            &mut w,
            &[
                p.site.clone(),
                p.base.clone(),
                p.target.clone(),
                f(p.latency_s, 1),
                opt(p.speed_needed_km_s, 2),
                opt(p.speed_needed_band_km_s.and_then(|b| b[0]), 2),
                opt(p.speed_needed_band_km_s.and_then(|b| b[1]), 2),
            ],
        )?;
    }
    finish(w)
}

/// The coverage table: shares of a region's land area and population (the region in the
/// last columns, after the columns that predate it).
pub fn coverage(rows: &[CoverageRow]) -> Result<Vec<u8>, String> {
    let mut w = writer(&[
        "architecture",
        "site",
        "threat",
        "launch_area",
        "spacing_km",
        "area_fraction",
        "population_fraction",
        "threatened_area_fraction",
        "threatened_population_fraction",
        "area_fraction_p05",
        "area_fraction_p50",
        "area_fraction_p95",
        "population_fraction_p05",
        "population_fraction_p50",
        "population_fraction_p95",
        "interval_spacing_km",
        "uncertainty_samples",
        "region",
        "region_name",
    ])?;
    for c in rows {
        let q = |x: Option<shieldsim_studies::uncertainty::Quantiles>, k: usize| {
            x.map(|q| f([q.p05, q.p50, q.p95][k], 4))
                .unwrap_or_default()
        };
        put(
            &mut w,
            &[
                c.architecture.clone(),
                c.site.clone().unwrap_or_default(),
                c.threat.clone(),
                c.launch_area.clone(),
                f(c.spacing_km, 1),
                f(c.area_fraction, 4),
                f(c.population_fraction, 4),
                f(c.threatened_area_fraction, 4),
                f(c.threatened_population_fraction, 4),
                q(c.area_fraction_quantiles, 0),
                q(c.area_fraction_quantiles, 1),
                q(c.area_fraction_quantiles, 2),
                q(c.population_fraction_quantiles, 0),
                q(c.population_fraction_quantiles, 1),
                q(c.population_fraction_quantiles, 2),
                c.interval_spacing_km.map(|x| f(x, 1)).unwrap_or_default(),
                c.uncertainty_samples
                    .map(|n| n.to_string())
                    .unwrap_or_default(),
                c.region.key().to_string(),
                c.region_name.clone(),
            ],
        )?;
    }
    finish(w)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Ids with a comma, a quote and a line break read back identical with a CSV reader.
    #[test]
    fn awkward_ids_read_back_identical() {
        let id = "phase \"3\", north,\nsea";
        let rows = [CoverageRow {
            architecture: id.into(),
            region: shieldsim_scenario::geo::RegionId::NatoEurope,
            region_name: "NATO Europe".into(),
            site: Some("a,b".into()),
            threat: "irbm".into(),
            launch_area: "semnan".into(),
            spacing_km: 50.0,
            area_fraction: 0.5,
            population_fraction: 0.25,
            threatened_area_fraction: 0.75,
            threatened_population_fraction: 0.8,
            area_fraction_quantiles: None,
            population_fraction_quantiles: None,
            uncertainty_samples: None,
            interval_spacing_km: None,
            interval_grid_area_fraction: None,
            interval_grid_population_fraction: None,
        }];
        let bytes = coverage(&rows).expect("csv");
        let mut r = ::csv::Reader::from_reader(bytes.as_slice());
        let rec = r.records().next().expect("a row").expect("valid");
        assert_eq!(&rec[0], id);
        assert_eq!(&rec[1], "a,b");
        assert_eq!(rec.len(), r.headers().expect("header").len());
    }
}
