//! Sectors of responsibility: where on the ground a site's side may intercept.
//!
//! Russia's proposal of a "sectoral" European missile defence (Lisbon, 2010) gave each side the
//! missiles crossing its sector. A [`Sector`] is such a rule as geometry: the countries' land
//! polygons of one side, and whether a site may intercept only over them (that side's sites) or
//! only outside every declared sector (the other side: "the rest"). An intercept point is
//! tested by its geodetic sub-point, so a sector reaches up to any altitude (the rule is about
//! where the threat is, not how high).
//!
//! Point-in-polygon is the even–odd crossing test (Shimrat, "Algorithm 112: Position of point
//! relative to polygon", CACM 5(8), 1962) over all rings. A country outline at Natural Earth's
//! 1:50m scale has tens of thousands of edges, and the test runs for every reachable point of a
//! sectored site's scan, so the edges are bucketed by latitude band once: a query tests only
//! the edges that span its band. Written here because no crate does this one test on plain
//! `[lon, lat]` rings without a geometry type system the rest of the core does not need.

/// Rings of one polygon (exterior first, then holes), `[lon, lat]` in degrees.
pub type Polygon = Vec<Vec<[f64; 2]>>;

/// Height of a latitude band of the edge index (deg).
const BAND_DEG: f64 = 0.25;

/// Polygons with their edges indexed by latitude band, for fast even–odd tests.
#[derive(Debug, Clone, PartialEq)]
pub struct PolygonSet {
    /// Southern edge of band 0 (deg).
    lat0_deg: f64,
    /// Per band: the edges that span some latitude of it, as (x0, y0, x1, y1) in degrees.
    bands: Vec<Vec<[f64; 4]>>,
    /// Bounding box (lon_min, lon_max, lat_min, lat_max; deg).
    bbox: (f64, f64, f64, f64),
}

impl PolygonSet {
    /// The index of `polygons` (any number of rings; even–odd over all of them).
    pub fn new(polygons: &[Polygon]) -> PolygonSet {
        let edges: Vec<[f64; 4]> = polygons
            .iter()
            .flatten()
            .flat_map(|ring| {
                ring.windows(2)
                    .map(|w| [w[0][0], w[0][1], w[1][0], w[1][1]])
            })
            .filter(|e| e[1] != e[3])
            .collect();
        let mut bbox = (
            f64::INFINITY,
            f64::NEG_INFINITY,
            f64::INFINITY,
            f64::NEG_INFINITY,
        );
        for e in &edges {
            bbox.0 = bbox.0.min(e[0]).min(e[2]);
            bbox.1 = bbox.1.max(e[0]).max(e[2]);
            bbox.2 = bbox.2.min(e[1]).min(e[3]);
            bbox.3 = bbox.3.max(e[1]).max(e[3]);
        }
        if edges.is_empty() {
            return PolygonSet {
                lat0_deg: 0.0,
                bands: Vec::new(),
                bbox,
            };
        }
        let lat0_deg = (bbox.2 / BAND_DEG).floor() * BAND_DEG;
        let n = (((bbox.3 - lat0_deg) / BAND_DEG).floor() as usize) + 1;
        let mut bands = vec![Vec::new(); n];
        for e in edges {
            let (lo, hi) = (e[1].min(e[3]), e[1].max(e[3]));
            let first = ((lo - lat0_deg) / BAND_DEG).floor() as usize;
            let last = (((hi - lat0_deg) / BAND_DEG).floor() as usize).min(n - 1);
            for band in &mut bands[first..=last] {
                band.push(e);
            }
        }
        PolygonSet {
            lat0_deg,
            bands,
            bbox,
        }
    }

    /// Whether the point lies inside (even–odd over all rings; longitudes as the data gives
    /// them, without wrapping).
    pub fn contains(&self, lon_deg: f64, lat_deg: f64) -> bool {
        let (x0, x1, y0, y1) = self.bbox;
        if !(lon_deg >= x0 && lon_deg <= x1 && lat_deg >= y0 && lat_deg <= y1) {
            return false;
        }
        let band = ((lat_deg - self.lat0_deg) / BAND_DEG).floor() as usize;
        let Some(edges) = self.bands.get(band) else {
            return false;
        };
        let mut inside = false;
        for &[ax, ay, bx, by] in edges {
            if (ay > lat_deg) != (by > lat_deg)
                && lon_deg < ax + (lat_deg - ay) / (by - ay) * (bx - ax)
            {
                inside = !inside;
            }
        }
        inside
    }
}

/// Where a site may intercept under a sector rule.
#[derive(Debug, Clone, PartialEq)]
pub struct Sector {
    /// What the rule is, for outputs (e.g. "territorial: Russia engages over RU").
    pub describe: String,
    /// The sector's land.
    pub area: PolygonSet,
    /// `true`: only over `area` (the sector's own side); `false`: only outside it (the rest).
    pub inside: bool,
}

impl Sector {
    /// Whether an intercept over this ground point obeys the rule. Longitudes west of
    /// Greenwich are tried as given and unwrapped (+360°), since outlines that cross the
    /// antimeridian (Russia's) are stored with longitudes above 180°.
    pub fn allows(&self, lon_deg: f64, lat_deg: f64) -> bool {
        let over = self.area.contains(lon_deg, lat_deg)
            || (lon_deg < 0.0 && self.area.contains(lon_deg + 360.0, lat_deg));
        over == self.inside
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn square(x0: f64, y0: f64, side: f64) -> Vec<[f64; 2]> {
        vec![
            [x0, y0],
            [x0 + side, y0],
            [x0 + side, y0 + side],
            [x0, y0 + side],
            [x0, y0],
        ]
    }

    /// The banded index agrees with the plain even–odd test on a polygon with a hole and a
    /// second part, at points on a fine grid (including band edges).
    #[test]
    fn banded_test_matches_plain_even_odd() {
        let polygons = vec![
            vec![square(0.0, 0.0, 10.0), square(3.0, 3.0, 2.0)],
            vec![vec![[20.0, 0.0], [30.0, 5.0], [20.0, 9.9], [20.0, 0.0]]],
        ];
        let set = PolygonSet::new(&polygons);
        let plain = |x: f64, y: f64| {
            let mut inside = false;
            for ring in polygons.iter().flatten() {
                for w in ring.windows(2) {
                    let ([ax, ay], [bx, by]) = (w[0], w[1]);
                    if (ay > y) != (by > y) && x < ax + (y - ay) / (by - ay) * (bx - ax) {
                        inside = !inside;
                    }
                }
            }
            inside
        };
        let mut n_inside = 0;
        for i in -10..=340 {
            for j in -10..=120 {
                let (x, y) = (f64::from(i) * 0.1 + 0.013, f64::from(j) * 0.1 + 0.007);
                assert_eq!(set.contains(x, y), plain(x, y), "({x}, {y})");
                n_inside += usize::from(plain(x, y));
            }
        }
        // The test points do fall on both sides.
        assert!(n_inside > 1000);
        assert!(set.contains(1.0, 1.0) && !set.contains(4.0, 4.0) && set.contains(22.0, 5.0));
    }

    /// A sector's own side may intercept only inside; the rest only outside.
    #[test]
    fn sides_are_complements() {
        let area = PolygonSet::new(&[vec![square(0.0, 0.0, 10.0)]]);
        let own = Sector {
            describe: "own".into(),
            area: area.clone(),
            inside: true,
        };
        let rest = Sector {
            describe: "rest".into(),
            area,
            inside: false,
        };
        for (x, y) in [(5.0, 5.0), (15.0, 5.0), (-1.0, 20.0)] {
            assert_ne!(own.allows(x, y), rest.allows(x, y));
        }
        assert!(own.allows(5.0, 5.0) && rest.allows(15.0, 5.0));
    }
}
