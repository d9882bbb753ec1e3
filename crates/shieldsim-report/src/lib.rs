//! # shieldsim-report
//!
//! The writers: study results (`shieldsim-studies`) into the bytes of a report folder, one
//! module per format — [`csv`], [`geojson`] (RFC 7946), [`kml`] (OGC KML 2.2), [`czml`]
//! (Cesium), [`html`] (the self-contained `index.html` with its SVG plots and maps), and
//! `summary.json` as the serde form of the results ([`shieldsim_studies::summary`]). Each
//! file is built when it is written and dropped after, and the whole folder is written
//! atomically ([`write_dir_streaming`]):
//! a failed run leaves no half-written output, and the same inputs give the same bytes. Only a
//! report folder (one carrying [`MARKER`]) is replaced: see [`out_dir`].

pub mod csv;
pub mod czml;
pub mod geojson;
pub mod html;
pub mod kml;
pub mod map;
pub mod out_dir;
pub mod text;

pub use out_dir::{
    MARKER, MARKER_CONTENT, OutError, check_out_dir, is_report, write_dir_atomically,
    write_dir_streaming,
};

use shieldsim_studies::{DeterrentRoute, DeterrentRow, EngageCase, StudyResults};

/// A report's files, by name.
pub type Files = Vec<(String, Vec<u8>)>;

/// Round to a fixed number of decimals for stable, readable output.
pub(crate) fn r(x: f64, decimals: i32) -> f64 {
    let k = 10f64.powi(decimals);
    (x * k).round() / k
}

/// Text escaped for XML and HTML content and attribute values.
pub(crate) fn xml_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&apos;")
}

/// The rows of one deterrent route, in row order.
pub(crate) fn route_rows<'a>(
    route: &'a DeterrentRoute,
    rows: &'a [DeterrentRow],
) -> impl Iterator<Item = &'a DeterrentRow> {
    rows.iter()
        .filter(move |x| x.base == route.base.0 && x.target == route.target.0)
}

/// The name of a footprint cell's status.
pub(crate) fn status_name(c: shieldsim_scenario::analysis::Cell) -> &'static str {
    use shieldsim_scenario::analysis::Cell;
    match c {
        Cell::Defended => "defended",
        Cell::Undefended => "undefended",
        Cell::Unreachable => "unreachable",
        Cell::Skipped => "not-evaluated",
    }
}

/// A file of a report, built when called.
pub type Maker<'a> = Box<dyn Fn() -> Result<Vec<u8>, String> + 'a>;

/// Every file of a report: per footprint, per architecture's engagement cases and for the
/// deterrent question its `.csv`, `.geojson`, `.kml` and `.czml`; `summary.json` (the serde
/// form of the results, [`shieldsim_studies::summary::Summary`]); `index.html`. Sorted by name.
pub fn report_files(results: &StudyResults) -> Result<Files, String> {
    report_makers(results)
        .into_iter()
        .map(|(name, make)| make().map(|bytes| (name, bytes)))
        .collect()
}

/// The files of [`report_files`], each built only when called, so that a writer can hold one
/// file at a time ([`out_dir::write_dir_streaming`]). Sorted by name.
pub fn report_makers(results: &StudyResults) -> Vec<(String, Maker<'_>)> {
    fn json_bytes(v: &dyn erased::Json) -> Result<Vec<u8>, String> {
        v.pretty()
            .map(|mut b| {
                b.push(b'\n');
                b
            })
            .map_err(|e| format!("JSON encoding failed: {e}"))
    }
    fn ok(text: String) -> Result<Vec<u8>, String> {
        Ok(text.into_bytes())
    }
    let title = results.title.as_str();
    let mut files: Vec<(String, Maker<'_>)> = Vec::new();
    for f in &results.footprints {
        files.push((
            format!("{}.csv", f.stem),
            Box::new(move || csv::footprint(f)),
        ));
        files.push((
            format!("{}.geojson", f.stem),
            Box::new(move || json_bytes(&geojson::footprint(f))),
        ));
        files.push((
            format!("{}.kml", f.stem),
            Box::new(move || ok(kml::footprint(f))),
        ));
        files.push((
            format!("{}.czml", f.stem),
            Box::new(move || json_bytes(&czml::footprint(f))),
        ));
    }
    for arch in &results.architectures {
        let cases = &arch.cases;
        if cases.is_empty() {
            continue;
        }
        let stem = format!("engage-{}", arch.info.id);
        files.push((format!("{stem}.csv"), Box::new(move || csv::engage(cases))));
        files.push((
            format!("{stem}.geojson"),
            Box::new(move || json_bytes(&geojson::engage_tracks(cases))),
        ));
        files.push((
            format!("{stem}-points.geojson"),
            Box::new(move || json_bytes(&geojson::engage_points(cases))),
        ));
        files.push((
            format!("{stem}.kml"),
            Box::new(move || ok(kml::engage(title, cases))),
        ));
        files.push((
            format!("{stem}.czml"),
            Box::new(move || json_bytes(&czml::engage(title, cases))),
        ));
    }
    if let Some(d) = &results.deterrent {
        let name = format!("{title}: the deterrent question");
        files.push((
            "deterrent.csv".into(),
            Box::new(move || csv::deterrent(&d.routes, &d.rows)),
        ));
        files.push((
            "deterrent.geojson".into(),
            Box::new(move || json_bytes(&geojson::deterrent(&d.routes, &d.rows))),
        ));
        let kml_name = name.clone();
        files.push((
            "deterrent.kml".into(),
            Box::new(move || ok(kml::deterrent(&kml_name, &d.routes, &d.rows))),
        ));
        files.push((
            "deterrent.czml".into(),
            Box::new(move || json_bytes(&czml::deterrent(&name, &d.routes, &d.rows))),
        ));
    }
    if let Some(s) = &results.sweep {
        files.push(("sweep.csv".into(), Box::new(move || csv::sweep(s))));
    }
    if !results.coverage.is_empty() {
        files.push((
            "coverage.csv".into(),
            Box::new(move || csv::coverage(&results.coverage)),
        ));
    }
    files.push((
        "summary.json".into(),
        Box::new(move || json_bytes(&shieldsim_studies::summary::Summary::of(results))),
    ));
    // The page links every data file it wrote (all but itself, named before it is built).
    let mut data_files: Vec<String> = files.iter().map(|f| f.0.clone()).collect();
    data_files.sort();
    files.push((
        "index.html".into(),
        Box::new(move || {
            let all_cases: Vec<EngageCase> = results.cases().cloned().collect();
            // Answers first: coverage and its maps, the deterrent question, the sweep; then
            // the trajectories and the engagement tables (html::page_html).
            let sections: Vec<String> = (!results.coverage.is_empty())
                .then(|| html::coverage_html(&results.coverage))
                .into_iter()
                .chain((!results.footprints.is_empty()).then(|| {
                    html::footprint_maps_html(&results.footprints, &results.coverage, &all_cases)
                }))
                .chain(results.deterrent.iter().map(html::deterrent_html))
                .chain(results.sweep.iter().map(html::sweep_html))
                .chain((!results.basing.is_empty()).then(|| html::basing_html(results)))
                .collect();
            ok(html::page_html(&html::Page {
                title,
                description: &results.description,
                findings: &shieldsim_studies::summary::findings(results),
                data_files: &data_files,
                assumptions_html: &html::assumptions_html(&results.assumptions, &results.settings),
                cases: &all_cases,
                sections_html: &sections,
            }))
        }),
    ));
    files.sort_by(|x, y| x.0.cmp(&y.0));
    files
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
