//! Map projections and the furniture every map of the report carries: an extent computed from
//! what the map must show, a graticule with degree labels, a scale bar in kilometres, labels
//! placed so that they do not overlap one another, and a legend.
//!
//! Why hand-written SVG rather than a web-map library (Leaflet, MapLibre) or tiles: the report
//! is one static file that opens offline, from a USB stick or an archive, with no script and no
//! asset from anywhere else (no CDN), and the same study gives the same bytes on every machine.
//! A map library would run at view time, fetch its code and base map, and draw differently per
//! browser. Every coordinate here is printed with a fixed number of decimals for the same
//! reason.
//!
//! The projections are on the sphere of radius [`SPHERE_RADIUS_KM`]; the ellipsoid's departure
//! from it (a few tenths of a percent in scale) does not show at a report map's size, and the
//! scale bar is exact on the same sphere.

use crate::xml_escape;
use std::f64::consts::PI;
use std::fmt::Write as _;

/// Radius of the sphere the maps are drawn on (km): the Earth's mean radius (IUGG).
pub const SPHERE_RADIUS_KM: f64 = 6371.0;

/// Kilometres per degree of great circle on [`SPHERE_RADIUS_KM`].
pub fn km_per_deg() -> f64 {
    SPHERE_RADIUS_KM * PI / 180.0
}

/// Great-circle distance (km) on [`SPHERE_RADIUS_KM`] between two [lon, lat] points in degrees
/// (haversine).
pub fn great_circle_km(a: [f64; 2], b: [f64; 2]) -> f64 {
    let (la1, la2) = (a[1].to_radians(), b[1].to_radians());
    let dla = la2 - la1;
    let dlo = (b[0] - a[0]).to_radians();
    let h = (dla / 2.0).sin().powi(2) + la1.cos() * la2.cos() * (dlo / 2.0).sin().powi(2);
    2.0 * SPHERE_RADIUS_KM * h.sqrt().min(1.0).asin()
}

/// Points along the great circle from `a` to `b` ([lon, lat] degrees), `n` + 1 of them with both
/// ends (spherical linear interpolation of the unit vectors).
pub fn great_circle_arc(a: [f64; 2], b: [f64; 2], n: usize) -> Vec<[f64; 2]> {
    let v = |p: [f64; 2]| {
        let (lo, la) = (p[0].to_radians(), p[1].to_radians());
        [la.cos() * lo.cos(), la.cos() * lo.sin(), la.sin()]
    };
    let (va, vb) = (v(a), v(b));
    let dot = (va[0] * vb[0] + va[1] * vb[1] + va[2] * vb[2]).clamp(-1.0, 1.0);
    let omega = dot.acos();
    let n = n.max(1);
    (0..=n)
        .map(|k| {
            let t = k as f64 / n as f64;
            let (wa, wb) = if omega < 1e-12 {
                (1.0 - t, t)
            } else {
                (
                    ((1.0 - t) * omega).sin() / omega.sin(),
                    (t * omega).sin() / omega.sin(),
                )
            };
            let p = [
                wa * va[0] + wb * vb[0],
                wa * va[1] + wb * vb[1],
                wa * va[2] + wb * vb[2],
            ];
            [
                p[1].atan2(p[0]).to_degrees(),
                p[2].atan2(p[0].hypot(p[1])).to_degrees(),
            ]
        })
        .collect()
}

/// A longitude-latitude box (degrees).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Extent {
    /// Western edge (deg).
    pub lon_min_deg: f64,
    /// Eastern edge (deg).
    pub lon_max_deg: f64,
    /// Southern edge (deg).
    pub lat_min_deg: f64,
    /// Northern edge (deg).
    pub lat_max_deg: f64,
}

impl Extent {
    /// The smallest box around `points` ([lon, lat] degrees), widened by `margin_deg` on every
    /// side (latitudes kept within ±89°); `None` without a finite point.
    pub fn around(points: impl IntoIterator<Item = [f64; 2]>, margin_deg: f64) -> Option<Extent> {
        let mut e: Option<Extent> = None;
        for p in points {
            if !(p[0].is_finite() && p[1].is_finite()) {
                continue;
            }
            e = Some(match e {
                None => Extent {
                    lon_min_deg: p[0],
                    lon_max_deg: p[0],
                    lat_min_deg: p[1],
                    lat_max_deg: p[1],
                },
                Some(e) => Extent {
                    lon_min_deg: e.lon_min_deg.min(p[0]),
                    lon_max_deg: e.lon_max_deg.max(p[0]),
                    lat_min_deg: e.lat_min_deg.min(p[1]),
                    lat_max_deg: e.lat_max_deg.max(p[1]),
                },
            });
        }
        e.map(|e| Extent {
            lon_min_deg: e.lon_min_deg - margin_deg,
            lon_max_deg: e.lon_max_deg + margin_deg,
            lat_min_deg: (e.lat_min_deg - margin_deg).max(-89.0),
            lat_max_deg: (e.lat_max_deg + margin_deg).min(89.0),
        })
    }

    /// Whether `p` ([lon, lat] degrees) lies inside, edges included.
    pub fn contains(&self, p: [f64; 2]) -> bool {
        (self.lon_min_deg..=self.lon_max_deg).contains(&p[0])
            && (self.lat_min_deg..=self.lat_max_deg).contains(&p[1])
    }

    /// The central parallel (deg).
    pub fn central_lat_deg(&self) -> f64 {
        0.5 * (self.lat_min_deg + self.lat_max_deg)
    }
}

/// Equirectangular projection true to scale along the extent's central parallel (and along
/// every meridian): x east and y down, in SVG pixels, (0, 0) at the extent's north-west corner.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Equirect {
    /// The extent drawn.
    pub extent: Extent,
    /// Pixels per degree of latitude.
    pub px_per_deg: f64,
    /// Cosine of the standard parallel.
    cos_lat0: f64,
}

impl Equirect {
    /// The projection that draws `extent` `width_px` wide.
    pub fn fit(extent: Extent, width_px: f64) -> Equirect {
        let cos_lat0 = extent.central_lat_deg().to_radians().cos();
        let span = (extent.lon_max_deg - extent.lon_min_deg).max(1e-6) * cos_lat0;
        Equirect {
            extent,
            px_per_deg: width_px / span,
            cos_lat0,
        }
    }

    /// Width of the extent (px).
    pub fn width_px(&self) -> f64 {
        (self.extent.lon_max_deg - self.extent.lon_min_deg) * self.cos_lat0 * self.px_per_deg
    }

    /// Height of the extent (px).
    pub fn height_px(&self) -> f64 {
        (self.extent.lat_max_deg - self.extent.lat_min_deg) * self.px_per_deg
    }

    /// Pixels per kilometre along the standard parallel and the meridians.
    pub fn px_per_km(&self) -> f64 {
        self.px_per_deg / km_per_deg()
    }

    /// The pixel of a [lon, lat] point (degrees).
    pub fn xy(&self, p: [f64; 2]) -> (f64, f64) {
        (
            (p[0] - self.extent.lon_min_deg) * self.cos_lat0 * self.px_per_deg,
            (self.extent.lat_max_deg - p[1]) * self.px_per_deg,
        )
    }

    /// The [lon, lat] point (degrees) of a pixel.
    pub fn lonlat(&self, x: f64, y: f64) -> [f64; 2] {
        [
            self.extent.lon_min_deg + x / (self.cos_lat0 * self.px_per_deg),
            self.extent.lat_max_deg - y / self.px_per_deg,
        ]
    }
}

/// North-polar azimuthal equidistant projection on the sphere: the pole at (`cx`, `cy`),
/// distances from the pole (along every meridian) true to scale, meridian `lon_down_deg`
/// pointing down the page and longitudes increasing anticlockwise, as seen from above the pole.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PolarAzimuthal {
    /// The meridian drawn straight down from the pole (deg).
    pub lon_down_deg: f64,
    /// Pixels per kilometre along the meridians.
    pub px_per_km: f64,
    /// The pole's pixel.
    pub cx: f64,
    /// The pole's pixel.
    pub cy: f64,
    /// Width of the map (px).
    pub width_px: f64,
    /// Height of the map (px).
    pub height_px: f64,
}

impl PolarAzimuthal {
    /// Kilometres east and south (page right and down) of the pole of a [lon, lat] point, for
    /// meridian `lon_down_deg` down.
    fn km(lon_down_deg: f64, p: [f64; 2]) -> (f64, f64) {
        let rho = (90.0 - p[1]) * km_per_deg();
        let th = (p[0] - lon_down_deg).to_radians();
        (rho * th.sin(), rho * th.cos())
    }

    /// The projection that draws the pole and every point of `points` ([lon, lat] degrees)
    /// `width_px` wide with `margin_px` on every side.
    pub fn fit(
        points: impl IntoIterator<Item = [f64; 2]>,
        lon_down_deg: f64,
        width_px: f64,
        margin_px: f64,
    ) -> PolarAzimuthal {
        let (mut x0, mut x1, mut y0, mut y1) = (0f64, 0f64, 0f64, 0f64);
        for p in points {
            if !(p[0].is_finite() && p[1].is_finite()) {
                continue;
            }
            let (x, y) = Self::km(lon_down_deg, p);
            (x0, x1, y0, y1) = (x0.min(x), x1.max(x), y0.min(y), y1.max(y));
        }
        let px_per_km = (width_px - 2.0 * margin_px) / (x1 - x0).max(1.0);
        PolarAzimuthal {
            lon_down_deg,
            px_per_km,
            cx: margin_px - x0 * px_per_km,
            cy: margin_px - y0 * px_per_km,
            width_px,
            height_px: (y1 - y0) * px_per_km + 2.0 * margin_px,
        }
    }

    /// The pixel of a [lon, lat] point (degrees).
    pub fn xy(&self, p: [f64; 2]) -> (f64, f64) {
        let (x, y) = Self::km(self.lon_down_deg, p);
        (self.cx + x * self.px_per_km, self.cy + y * self.px_per_km)
    }

    /// The [lon, lat] point (degrees) of a pixel.
    pub fn lonlat(&self, x: f64, y: f64) -> [f64; 2] {
        let (dx, dy) = (
            (x - self.cx) / self.px_per_km,
            (y - self.cy) / self.px_per_km,
        );
        let rho = dx.hypot(dy);
        let lon = self.lon_down_deg + dx.atan2(dy).to_degrees();
        [
            (lon + 540.0).rem_euclid(360.0) - 180.0,
            90.0 - rho / km_per_deg(),
        ]
    }
}

/// A tick step of 1, 2 or 5 × 10ⁿ giving about `count` intervals over `span`.
pub fn nice_step(span: f64, count: f64) -> f64 {
    let raw = (span / count.max(1.0)).abs().max(1e-12);
    let mag = 10f64.powf(raw.log10().floor());
    [1.0, 2.0, 2.5, 5.0, 10.0]
        .into_iter()
        .map(|k| k * mag)
        .find(|s| *s >= raw)
        .unwrap_or(10.0 * mag)
}

/// A longitude as the graticule labels it: `0°`, `20°E`, `30°W`, `180°`.
pub fn lon_label(lon_deg: f64) -> String {
    let l = (lon_deg + 540.0).rem_euclid(360.0) - 180.0;
    let l = if l == -180.0 { 180.0 } else { l };
    match l {
        0.0 | 180.0 => format!("{:.0}°", l.abs()),
        l if l > 0.0 => format!("{l:.0}°E"),
        l => format!("{:.0}°W", -l),
    }
}

/// A latitude as the graticule labels it: `0°`, `50°N`, `10°S`.
pub fn lat_label(lat_deg: f64) -> String {
    match lat_deg {
        0.0 => "0°".to_string(),
        l if l > 0.0 => format!("{l:.0}°N"),
        l => format!("{:.0}°S", -l),
    }
}

/// SVG path data of a line through pixels, dropping points closer than `min_px` to the last one
/// kept (the last point always kept); closed with `Z` if `close`.
pub fn path_d(points: impl IntoIterator<Item = (f64, f64)>, min_px: f64, close: bool) -> String {
    let pts: Vec<(f64, f64)> = points.into_iter().collect();
    let mut d = String::new();
    let mut last: Option<(f64, f64)> = None;
    for (k, &(x, y)) in pts.iter().enumerate() {
        if let Some(l) = last
            && (x - l.0).hypot(y - l.1) < min_px
            && k + 1 != pts.len()
        {
            continue;
        }
        let _ = write!(d, "{}{x:.1},{y:.1}", if last.is_none() { "M" } else { "L" });
        last = Some((x, y));
    }
    if close && !d.is_empty() {
        d.push('Z');
    }
    d
}

/// The length (km) of a scale bar at most `max_px` long: 1, 2 or 5 × 10ⁿ km.
pub fn scale_bar_km(px_per_km: f64, max_px: f64) -> f64 {
    let max_km = max_px / px_per_km;
    let mag = 10f64.powf(max_km.log10().floor());
    [5.0, 2.0, 1.0]
        .into_iter()
        .map(|k| k * mag)
        .find(|l| *l <= max_km)
        .unwrap_or(mag)
}

/// A scale bar whose left end is at (`x`, `y`) (its baseline), at most `max_px` long: two
/// alternating halves, `0`, the half and the whole length in km, and `note` after it (e.g.
/// where the scale is true), on a white backing.
pub fn scale_bar(px_per_km: f64, x: f64, y: f64, max_px: f64, note: &str) -> String {
    let km = scale_bar_km(px_per_km, max_px);
    let len = km * px_per_km;
    let half = len / 2.0;
    let text_w = text_width_px(note, 10.0);
    format!(
        "<g class=\"scale-bar\" font-size=\"10\" fill=\"#222\"><rect x=\"{bx:.1}\" y=\"{by:.1}\" width=\"{bw:.1}\" height=\"28\" fill=\"#fff\" fill-opacity=\"0.8\"/><rect x=\"{x:.1}\" y=\"{y:.1}\" width=\"{half:.1}\" height=\"5\" fill=\"#222\"/><rect x=\"{xm:.1}\" y=\"{y:.1}\" width=\"{half:.1}\" height=\"5\" fill=\"#fff\" stroke=\"#222\" stroke-width=\"0.8\"/><text x=\"{x:.1}\" y=\"{ty:.1}\" text-anchor=\"middle\">0</text>{mid}<text x=\"{xe:.1}\" y=\"{ty:.1}\" text-anchor=\"middle\">{k} km</text><text x=\"{xn:.1}\" y=\"{yn:.1}\">{note}</text></g>",
        bx = x - 8.0,
        by = y - 16.0,
        bw = len + 30.0 + text_w,
        xm = x + half,
        xe = x + len,
        ty = y - 4.0,
        // The half's figure only where it has room between the ends' figures.
        mid = if half >= 48.0 {
            format!(
                "<text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\">{}</text>",
                x + half,
                y - 4.0,
                fmt_km(km / 2.0)
            )
        } else {
            String::new()
        },
        k = fmt_km(km),
        xn = x + len + 22.0,
        yn = y + 5.0,
        note = xml_escape(note)
    )
}

/// A length in km without needless decimals.
fn fmt_km(km: f64) -> String {
    if (km - km.round()).abs() < 1e-9 {
        format!("{km:.0}")
    } else {
        format!("{km:.1}")
    }
}

/// Estimated width (px) of `text` in a sans-serif font of `font_px`.
pub fn text_width_px(text: &str, font_px: f64) -> f64 {
    0.56 * font_px * text.chars().count() as f64
}

/// A box in pixels: (x0, y0, x1, y1).
type Rect = (f64, f64, f64, f64);

fn overlap(a: Rect, b: Rect) -> f64 {
    let w = (a.2.min(b.2) - a.0.max(b.0)).max(0.0);
    let h = (a.3.min(b.3) - a.1.max(b.1)).max(0.0);
    w * h
}

/// Labels placed one by one beside their points, each where it overlaps the least with the
/// labels and marks already there (first candidate wins ties: right, left, above, below, then
/// the diagonals), inside the map. Deterministic: the same marks in the same order give the same
/// places.
#[derive(Debug, Clone)]
pub struct Labeller {
    taken: Vec<Rect>,
    width_px: f64,
    height_px: f64,
    svg: String,
}

impl Labeller {
    /// Labels for a map of this size.
    pub fn new(width_px: f64, height_px: f64) -> Labeller {
        Labeller {
            taken: Vec::new(),
            width_px,
            height_px,
            svg: String::new(),
        }
    }

    /// Keep labels off a mark of radius `r_px` at (`x`, `y`).
    pub fn avoid(&mut self, x: f64, y: f64, r_px: f64) {
        self.taken.push((x - r_px, y - r_px, x + r_px, y + r_px));
    }

    /// Keep labels off a box (px).
    pub fn avoid_rect(&mut self, x0: f64, y0: f64, x1: f64, y1: f64) {
        self.taken.push((x0, y0, x1, y1));
    }

    /// Place `text` beside the point (`x`, `y`) at `font_px`, `gap_px` from it; `weight` is the
    /// SVG font weight.
    pub fn place(&mut self, x: f64, y: f64, text: &str, font_px: f64, gap_px: f64, weight: &str) {
        let w = text_width_px(text, font_px);
        let h = font_px;
        // (anchor, text x, text baseline y, box)
        let candidates = [
            ("start", x + gap_px, y + 0.35 * h),
            ("end", x - gap_px, y + 0.35 * h),
            ("middle", x, y - gap_px - 0.15 * h),
            ("middle", x, y + gap_px + 0.85 * h),
            ("start", x + 0.7 * gap_px, y - 0.7 * gap_px - 0.1 * h),
            ("end", x - 0.7 * gap_px, y - 0.7 * gap_px - 0.1 * h),
            ("start", x + 0.7 * gap_px, y + 0.7 * gap_px + 0.8 * h),
            ("end", x - 0.7 * gap_px, y + 0.7 * gap_px + 0.8 * h),
        ];
        let rect = |anchor: &str, tx: f64, ty: f64| -> Rect {
            let x0 = match anchor {
                "start" => tx,
                "end" => tx - w,
                _ => tx - w / 2.0,
            };
            (x0, ty - 0.8 * h, x0 + w, ty + 0.2 * h)
        };
        let bounds = (0.0, 0.0, self.width_px, self.height_px);
        let cost = |r: Rect| -> f64 {
            let outside = (r.2 - r.0) * (r.3 - r.1) - overlap(r, bounds);
            10.0 * outside + self.taken.iter().map(|t| overlap(r, *t)).sum::<f64>()
        };
        let mut best = (f64::INFINITY, candidates[0]);
        for c in candidates {
            let k = cost(rect(c.0, c.1, c.2));
            if k < best.0 - 1e-9 {
                best = (k, c);
            }
            if k <= 0.0 {
                break;
            }
        }
        let (anchor, tx, ty) = best.1;
        self.taken.push(rect(anchor, tx, ty));
        let _ = write!(
            self.svg,
            "<text x=\"{tx:.1}\" y=\"{ty:.1}\" text-anchor=\"{anchor}\" font-size=\"{font_px}\" font-weight=\"{weight}\">{}</text>",
            xml_escape(text)
        );
    }

    /// The labels as one SVG group with a white halo, to draw above everything else.
    pub fn into_svg(self) -> String {
        format!(
            "<g class=\"labels\" fill=\"#111\" stroke=\"#fff\" stroke-width=\"3\" stroke-linejoin=\"round\" paint-order=\"stroke\">{}</g>",
            self.svg
        )
    }
}

/// One entry of a map legend.
#[derive(Debug, Clone, Copy)]
pub enum Symbol<'a> {
    /// A filled area: fill colour, fill opacity, stroke colour.
    Area(&'a str, f64, &'a str),
    /// A line: colour, width, dash pattern ("" for solid).
    Line(&'a str, f64, &'a str),
    /// A dot: fill colour, stroke colour.
    Dot(&'a str, &'a str),
    /// A triangle: fill colour.
    Triangle(&'a str),
    /// A square: fill colour, stroke colour.
    Square(&'a str, &'a str),
}

/// The SVG of a symbol whose centre is (`x`, `y`).
pub fn symbol_svg(s: Symbol, x: f64, y: f64) -> String {
    match s {
        Symbol::Area(fill, opacity, stroke) => format!(
            "<rect x=\"{:.1}\" y=\"{:.1}\" width=\"18\" height=\"10\" fill=\"{fill}\" fill-opacity=\"{opacity}\" stroke=\"{stroke}\" stroke-width=\"0.8\"/>",
            x - 9.0,
            y - 5.0
        ),
        Symbol::Line(colour, width, dash) => format!(
            "<line x1=\"{:.1}\" y1=\"{y:.1}\" x2=\"{:.1}\" y2=\"{y:.1}\" stroke=\"{colour}\" stroke-width=\"{width}\"{}/>",
            x - 9.0,
            x + 9.0,
            if dash.is_empty() {
                String::new()
            } else {
                format!(" stroke-dasharray=\"{dash}\"")
            }
        ),
        Symbol::Dot(fill, stroke) => format!(
            "<circle cx=\"{x:.1}\" cy=\"{y:.1}\" r=\"4\" fill=\"{fill}\" stroke=\"{stroke}\" stroke-width=\"1\"/>"
        ),
        Symbol::Triangle(fill) => triangle(x, y, fill),
        Symbol::Square(fill, stroke) => format!(
            "<rect x=\"{:.1}\" y=\"{:.1}\" width=\"7\" height=\"7\" fill=\"{fill}\" stroke=\"{stroke}\" stroke-width=\"1.2\"/>",
            x - 3.5,
            y - 3.5
        ),
    }
}

/// A launch-point triangle centred on (`x`, `y`).
pub fn triangle(x: f64, y: f64, fill: &str) -> String {
    format!(
        "<path d=\"M{:.1},{:.1}L{:.1},{:.1}L{:.1},{:.1}Z\" fill=\"{fill}\" stroke=\"#fff\" stroke-width=\"0.8\"/>",
        x,
        y - 5.5,
        x - 5.0,
        y + 3.5,
        x + 5.0,
        y + 3.5
    )
}

/// A legend laid out in rows across `width_px` from (`x`, `y`) (the first row's centre line):
/// its SVG and its height (px).
pub fn legend(items: &[(Symbol, &str)], x: f64, y: f64, width_px: f64) -> (String, f64) {
    let (row_h, font) = (16.0, 11.0);
    let mut svg = String::from("<g class=\"legend\" font-size=\"11\" fill=\"#222\">");
    let (mut cx, mut cy) = (x, y);
    for (sym, text) in items {
        let w = 24.0 + text_width_px(text, font) + 14.0;
        if cx > x && cx + w > x + width_px {
            cx = x;
            cy += row_h;
        }
        svg.push_str(&symbol_svg(*sym, cx + 9.0, cy));
        let _ = write!(
            svg,
            "<text x=\"{:.1}\" y=\"{:.1}\">{}</text>",
            cx + 24.0,
            cy + 4.0,
            xml_escape(text)
        );
        cx += w;
    }
    svg.push_str("</g>");
    (svg, cy - y + row_h)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The scale bar's length in km and the great-circle distance between its ends, unprojected
    /// at the map's central parallel, agree within 1 %.
    #[test]
    fn analytic_equirect_scale_bar_matches_great_circle() {
        for extent in [
            Extent {
                lon_min_deg: -34.0,
                lon_max_deg: 58.0,
                lat_min_deg: 31.0,
                lat_max_deg: 74.0,
            },
            Extent {
                lon_min_deg: 10.0,
                lon_max_deg: 20.0,
                lat_min_deg: 0.0,
                lat_max_deg: 10.0,
            },
        ] {
            let p = Equirect::fit(extent, 540.0);
            let km = scale_bar_km(p.px_per_km(), 120.0);
            let len_px = km * p.px_per_km();
            assert!(
                len_px <= 120.0 && len_px > 120.0 / 5.0,
                "{km} km, {len_px} px"
            );
            let y = p.xy([0.0, extent.central_lat_deg()]).1;
            let a = p.lonlat(40.0, y);
            let b = p.lonlat(40.0 + len_px, y);
            let d = great_circle_km(a, b);
            assert!(
                (d / km - 1.0).abs() < 0.01,
                "{d} km on the ground, bar {km}"
            );
            // Along a meridian the scale is true everywhere.
            let (a, b) = (p.lonlat(40.0, 10.0), p.lonlat(40.0, 10.0 + len_px));
            assert!((great_circle_km(a, b) / km - 1.0).abs() < 1e-9);
        }
    }

    #[test]
    fn prop_equirect_round_trip_and_extent_corners() {
        let e = Extent {
            lon_min_deg: -34.0,
            lon_max_deg: 58.0,
            lat_min_deg: 31.0,
            lat_max_deg: 74.0,
        };
        let p = Equirect::fit(e, 540.0);
        let (x, y) = p.xy([e.lon_max_deg, e.lat_min_deg]);
        assert!((x - 540.0).abs() < 1e-9 && (y - p.height_px()).abs() < 1e-9);
        assert_eq!(p.xy([e.lon_min_deg, e.lat_max_deg]), (0.0, 0.0));
        for q in [[53.4, 35.6], [26.0, 34.5], [-25.0, 66.0]] {
            let (x, y) = p.xy(q);
            let r = p.lonlat(x, y);
            assert!((r[0] - q[0]).abs() < 1e-9 && (r[1] - q[1]).abs() < 1e-9);
        }
    }

    /// The pole projects to the centre, and every point's distance from it on the page is its
    /// great-circle distance from the pole times the scale.
    #[test]
    fn analytic_polar_pole_is_centre_and_pole_distances_true() {
        let pts = [[35.8, 54.0], [-77.0, 38.9], [-122.3, 47.6], [26.0, 34.5]];
        let p = PolarAzimuthal::fit(pts, 20.0, 800.0, 30.0);
        let (x, y) = p.xy([123.0, 90.0]);
        assert!((x - p.cx).abs() < 1e-9 && (y - p.cy).abs() < 1e-9);
        for q in pts.into_iter().chain([[0.0, 0.0], [170.0, 60.0]]) {
            let (x, y) = p.xy(q);
            let page_km = (x - p.cx).hypot(y - p.cy) / p.px_per_km;
            let gc = great_circle_km([q[0], 90.0], q);
            assert!((page_km - gc).abs() < 1e-6, "{q:?}: {page_km} vs {gc}");
            let r = p.lonlat(x, y);
            assert!((r[1] - q[1]).abs() < 1e-9);
            assert!(((r[0] - q[0] + 540.0).rem_euclid(360.0) - 180.0).abs() < 1e-9);
        }
        // Every fitted point is on the page, inside the margin.
        for q in pts {
            let (x, y) = p.xy(q);
            assert!((29.999..=770.001).contains(&x), "{x}");
            assert!(y >= 29.999 && y <= p.height_px - 29.999, "{y}");
        }
        // The meridian `lon_down_deg` points straight down; 90° east of it, to the right.
        let (x, y) = p.xy([20.0, 60.0]);
        assert!((x - p.cx).abs() < 1e-9 && y > p.cy);
        let (x, y) = p.xy([110.0, 60.0]);
        assert!(x > p.cx && (y - p.cy).abs() < 1e-9);
    }

    #[test]
    fn analytic_great_circle_arc_ends_and_length() {
        let (a, b) = ([35.8, 54.0], [-77.0, 38.9]);
        let arc = great_circle_arc(a, b, 64);
        assert_eq!(arc.len(), 65);
        let (s, e) = (arc[0], arc[64]);
        assert!(great_circle_km(s, a) < 1e-6 && great_circle_km(e, b) < 1e-6);
        let along: f64 = arc.windows(2).map(|w| great_circle_km(w[0], w[1])).sum();
        assert!((along - great_circle_km(a, b)).abs() < 1e-6);
        // Kozelsk to Washington crosses north of 60° N (the polar route).
        assert!(arc.iter().any(|p| p[1] > 60.0));
    }

    #[test]
    fn nice_steps_labels_and_scale_bars() {
        assert_eq!(nice_step(1000.0, 5.0), 200.0);
        assert_eq!(nice_step(876.0, 6.0), 200.0);
        assert_eq!(nice_step(1400.0, 6.0), 250.0);
        assert_eq!(nice_step(0.9, 4.0), 0.25);
        assert_eq!(lon_label(-10.0), "10°W");
        assert_eq!(lon_label(0.0), "0°");
        assert_eq!(lon_label(180.0), "180°");
        assert_eq!(lon_label(-180.0), "180°");
        assert_eq!(lon_label(200.0), "160°W");
        assert_eq!(lat_label(50.0), "50°N");
        assert_eq!(lat_label(-10.0), "10°S");
        assert_eq!(scale_bar_km(1.0, 120.0), 100.0);
        assert_eq!(scale_bar_km(0.1, 120.0), 1000.0);
        assert_eq!(scale_bar_km(0.05, 120.0), 2000.0);
    }

    #[test]
    fn extent_contains_its_points_with_margin() {
        let pts = [[53.4, 35.6], [46.3, 38.1], [26.0, 34.5], [-31.0, 39.5]];
        let e = Extent::around(pts, 2.0).expect("points");
        for p in pts {
            assert!(e.contains([p[0] - 1.9, p[1] - 1.9]) && e.contains([p[0] + 1.9, p[1] + 1.9]));
        }
        assert!((e.lon_max_deg - 55.4).abs() < 1e-9 && (e.lat_min_deg - 32.5).abs() < 1e-9);
        assert!(Extent::around([], 2.0).is_none());
    }

    /// Labels of nearby points do not overlap while there is room, and stay on the map.
    #[test]
    fn labels_avoid_each_other() {
        let mut l = Labeller::new(400.0, 300.0);
        let pts = [
            (200.0, 150.0),
            (204.0, 152.0),
            (198.0, 147.0),
            (395.0, 10.0),
        ];
        for (x, y) in pts {
            l.avoid(x, y, 4.0);
        }
        for (k, (x, y)) in pts.into_iter().enumerate() {
            l.place(x, y, &format!("place {k}"), 11.0, 7.0, "normal");
        }
        let labels = &l.taken[pts.len()..];
        for (i, a) in labels.iter().enumerate() {
            assert!(
                a.0 >= 0.0 && a.2 <= 400.0 && a.1 >= 0.0 && a.3 <= 300.0,
                "{a:?}"
            );
            for b in &labels[i + 1..] {
                assert_eq!(overlap(*a, *b), 0.0, "{a:?} {b:?}");
            }
        }
    }
}
