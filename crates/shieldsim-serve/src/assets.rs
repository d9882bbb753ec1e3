//! The page's files, embedded at build time (no CDN, no internet, no file read at run time):
//! `web/` of this crate, Leaflet 1.9.4 vendored from npm with its licence, and the base maps
//! derived from Natural Earth (`catalog/geo/`).

/// An embedded file.
pub struct Asset {
    /// Its MIME type.
    pub content_type: &'static str,
    /// Its bytes.
    pub bytes: &'static [u8],
}

const HTML: &str = "text/html; charset=utf-8";
const JS: &str = "text/javascript; charset=utf-8";
const CSS: &str = "text/css; charset=utf-8";
const JSON: &str = "application/json";
const PNG: &str = "image/png";
const TEXT: &str = "text/plain; charset=utf-8";
const SVG: &str = "image/svg+xml";

/// Every file the server hands out, by path.
const ASSETS: &[(&str, &str, &[u8])] = &[
    ("/", HTML, include_bytes!("../web/index.html")),
    ("/index.html", HTML, include_bytes!("../web/index.html")),
    ("/app.js", JS, include_bytes!("../web/app.js")),
    ("/app.css", CSS, include_bytes!("../web/app.css")),
    ("/favicon.svg", SVG, include_bytes!("../web/favicon.svg")),
    ("/favicon.ico", SVG, include_bytes!("../web/favicon.svg")),
    (
        "/vendor/leaflet/leaflet.js",
        JS,
        include_bytes!("../web/vendor/leaflet/leaflet.js"),
    ),
    (
        "/vendor/leaflet/leaflet.css",
        CSS,
        include_bytes!("../web/vendor/leaflet/leaflet.css"),
    ),
    (
        "/vendor/leaflet/LICENSE",
        TEXT,
        include_bytes!("../web/vendor/leaflet/LICENSE"),
    ),
    (
        "/vendor/leaflet/images/layers.png",
        PNG,
        include_bytes!("../web/vendor/leaflet/images/layers.png"),
    ),
    (
        "/vendor/leaflet/images/layers-2x.png",
        PNG,
        include_bytes!("../web/vendor/leaflet/images/layers-2x.png"),
    ),
    (
        "/vendor/leaflet/images/marker-icon.png",
        PNG,
        include_bytes!("../web/vendor/leaflet/images/marker-icon.png"),
    ),
    (
        "/vendor/leaflet/images/marker-icon-2x.png",
        PNG,
        include_bytes!("../web/vendor/leaflet/images/marker-icon-2x.png"),
    ),
    (
        "/vendor/leaflet/images/marker-shadow.png",
        PNG,
        include_bytes!("../web/vendor/leaflet/images/marker-shadow.png"),
    ),
    (
        "/geo/world.geojson",
        JSON,
        include_bytes!("../../../catalog/geo/world-110m.geojson"),
    ),
    (
        "/geo/nato-europe.json",
        JSON,
        include_bytes!("../../../catalog/geo/nato-europe.json"),
    ),
];

/// The embedded file at `path`, if any.
pub fn find(path: &str) -> Option<Asset> {
    ASSETS
        .iter()
        .find(|(p, _, _)| *p == path)
        .map(|&(_, content_type, bytes)| Asset {
            content_type,
            bytes,
        })
}
