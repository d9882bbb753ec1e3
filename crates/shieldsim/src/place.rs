//! PLACE arguments: a catalog name (case-insensitive) or `LAT,LON` in degrees.
//!
//! The names are the reference points of `../shared/reference/DATA.md` §4 (WGS84 degrees,
//! north and east positive), each with its source and stated precision. They move into the
//! bundled catalog data files with the missile catalog (issue 3).

/// A named reference point.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Place {
    /// Catalog id (lower case, hyphenated).
    pub id: &'static str,
    /// Other accepted names.
    pub aliases: &'static [&'static str],
    /// What the point is.
    pub description: &'static str,
    /// Geodetic latitude (deg, north positive).
    pub lat_deg: f64,
    /// Longitude (deg, east positive).
    pub lon_deg: f64,
    /// Stated precision of the coordinates (km).
    pub precision_km: f64,
    /// Where the coordinates come from (DATA.md section and its sources).
    pub source: &'static str,
}

macro_rules! place {
    ($id:literal, [$($alias:literal),*], $desc:literal, $lat:expr, $lon:expr, $prec:expr, $src:literal) => {
        Place { id: $id, aliases: &[$($alias),*], description: $desc, lat_deg: $lat, lon_deg: $lon, precision_km: $prec, source: $src }
    };
}

/// The bundled places.
pub const PLACES: &[Place] = &[
    place!(
        "deveselu",
        [],
        "Aegis Ashore Romania, NSF Deveselu (approx. base centre)",
        44.08,
        24.41,
        3.0,
        "DATA.md §4.1 (commune coordinates + recalled base position; ±0.03°)"
    ),
    place!(
        "redzikowo",
        [],
        "Aegis Ashore Poland, NSF Redzikowo (Słupsk-Redzikowo airfield)",
        54.4789,
        17.1075,
        1.0,
        "DATA.md §4.1 (airfield 54°28′44″N 17°06′27″E)"
    ),
    place!(
        "kurecik",
        ["kürecik"],
        "AN/TPY-2 radar, Kürecik (Malatya), Turkey",
        38.34944,
        37.79361,
        0.1,
        "DATA.md §4.1 (38°20′58″N 37°47′37″E)"
    ),
    place!(
        "rota",
        [],
        "Naval Station Rota, Spain",
        36.6208,
        -6.3316,
        0.1,
        "DATA.md §4.1 (36°37′15″N 6°19′54″W)"
    ),
    place!(
        "ramstein",
        [],
        "Ramstein Air Base, NATO AIRCOM (BMD command and control)",
        49.43683,
        7.60033,
        0.1,
        "DATA.md §4.1"
    ),
    place!(
        "fylingdales",
        [],
        "RAF Fylingdales UEWR",
        54.361758,
        -0.670051,
        0.1,
        "DATA.md §4.1 (KeepTrack; consistent in three lists)"
    ),
    place!(
        "pituffik",
        ["thule"],
        "Pituffik (Thule) UEWR radar",
        76.570322,
        -68.299211,
        0.5,
        "DATA.md §4.1 (KeepTrack)"
    ),
    place!(
        "vardo",
        ["vardø"],
        "Vardø, Globus radars (Vårberget)",
        70.3671,
        31.1271,
        0.5,
        "DATA.md §4.1 (KeepTrack)"
    ),
    place!(
        "kozelsk",
        [],
        "Kozelsk ICBM base (28th Gds RD), nominal point",
        54.03,
        35.78,
        10.0,
        "DATA.md §4.2 (KeepTrack 54°02′N 35°46′E)"
    ),
    place!(
        "tatishchevo",
        [],
        "Tatishchevo ICBM base (60th RD), nominal point",
        51.67,
        45.57,
        10.0,
        "DATA.md §4.2"
    ),
    place!(
        "teykovo",
        [],
        "Teykovo ICBM base (54th Gds RD), nominal point",
        56.85,
        40.53,
        10.0,
        "DATA.md §4.2"
    ),
    place!(
        "yoshkar-ola",
        ["yoshkar_ola", "yoshkarola"],
        "Yoshkar-Ola ICBM base (14th RD), nominal point",
        56.63,
        47.85,
        10.0,
        "DATA.md §4.2"
    ),
    place!(
        "vypolzovo",
        ["bologoye"],
        "Vypolzovo/Bologoye ICBM base (7th Gds RD), nominal point",
        57.87,
        33.68,
        20.0,
        "DATA.md §4.2 (low confidence)"
    ),
    place!(
        "novosibirsk",
        [],
        "Novosibirsk ICBM base (39th Gds RD), nominal point",
        55.33,
        83.00,
        25.0,
        "DATA.md §4.2 (low confidence)"
    ),
    place!(
        "irkutsk",
        [],
        "Irkutsk ICBM base (29th Gds RD), nominal point",
        52.32,
        104.23,
        10.0,
        "DATA.md §4.2"
    ),
    place!(
        "barnaul",
        [],
        "Barnaul ICBM base (35th RD), nominal point",
        53.4,
        84.0,
        30.0,
        "DATA.md §4.2 (recalled, low confidence)"
    ),
    place!(
        "uzhur",
        [],
        "Uzhur ICBM base (62nd RD), nominal point",
        55.33,
        89.80,
        10.0,
        "DATA.md §4.2"
    ),
    place!(
        "dombarovsky",
        ["yasny"],
        "Dombarovsky/Yasny ICBM base (13th RD), nominal point",
        51.0,
        59.8,
        30.0,
        "DATA.md §4.2 (low confidence)"
    ),
    place!(
        "semnan",
        [],
        "Semnan / Imam Khomeini Space Center, pad 1",
        35.235,
        53.921,
        0.5,
        "DATA.md §4.3 (35°14′05″N 53°55′20″E)"
    ),
    place!(
        "shahrud",
        [],
        "Shahrud missile test area (nominal)",
        36.42,
        55.02,
        30.0,
        "DATA.md §4.3 (recalled, low confidence)"
    ),
    place!(
        "tabriz",
        [],
        "Tabriz (NW Iran launch area, city centre)",
        38.08,
        46.29,
        5.0,
        "DATA.md §4.3"
    ),
    place!(
        "kermanshah",
        [],
        "Kermanshah (W Iran launch area, city centre)",
        34.31,
        47.07,
        5.0,
        "DATA.md §4.3"
    ),
    place!(
        "washington",
        ["washington-dc", "dc"],
        "Washington DC",
        38.8977,
        -77.0365,
        1.0,
        "DATA.md §4.4"
    ),
    place!(
        "new-york",
        ["new_york", "newyork", "nyc"],
        "New York",
        40.7128,
        -74.0060,
        1.0,
        "DATA.md §4.4"
    ),
    place!(
        "london",
        [],
        "London",
        51.5074,
        -0.1278,
        1.0,
        "DATA.md §4.4"
    ),
    place!("paris", [], "Paris", 48.8566, 2.3522, 1.0, "DATA.md §4.4"),
    place!(
        "berlin",
        [],
        "Berlin",
        52.5200,
        13.4050,
        1.0,
        "DATA.md §4.4"
    ),
    place!("rome", [], "Rome", 41.9028, 12.4964, 1.0, "DATA.md §4.4"),
    place!(
        "madrid",
        [],
        "Madrid",
        40.4168,
        -3.7038,
        1.0,
        "DATA.md §4.4"
    ),
    place!(
        "warsaw",
        [],
        "Warsaw",
        52.2297,
        21.0122,
        1.0,
        "DATA.md §4.4"
    ),
    place!(
        "bucharest",
        [],
        "Bucharest",
        44.4268,
        26.1025,
        1.0,
        "DATA.md §4.4"
    ),
    place!(
        "moscow",
        [],
        "Moscow",
        55.7558,
        37.6173,
        1.0,
        "DATA.md §4.4"
    ),
];

/// A resolved PLACE: its name as shown in output, and coordinates (deg).
#[derive(Debug, Clone, PartialEq)]
pub struct Resolved {
    /// Catalog id, or the `LAT,LON` text.
    pub name: String,
    /// Latitude (deg).
    pub lat_deg: f64,
    /// Longitude (deg).
    pub lon_deg: f64,
}

/// Resolve a PLACE argument, or say what is wrong with it.
pub fn resolve(text: &str) -> Result<Resolved, String> {
    let key = text.trim().to_lowercase();
    if let Some(p) = PLACES
        .iter()
        .find(|p| p.id == key || p.aliases.contains(&key.as_str()))
    {
        return Ok(Resolved {
            name: p.id.to_string(),
            lat_deg: p.lat_deg,
            lon_deg: p.lon_deg,
        });
    }
    if let Some((a, b)) = key.split_once(',') {
        let lat: f64 = a
            .trim()
            .parse()
            .map_err(|_| format!("place '{text}': latitude '{}' is not a number", a.trim()))?;
        let lon: f64 = b
            .trim()
            .parse()
            .map_err(|_| format!("place '{text}': longitude '{}' is not a number", b.trim()))?;
        if !(-90.0..=90.0).contains(&lat) {
            return Err(format!(
                "place '{text}': latitude {lat} is out of range −90 … 90"
            ));
        }
        if !(-180.0..=360.0).contains(&lon) {
            return Err(format!(
                "place '{text}': longitude {lon} is out of range −180 … 360"
            ));
        }
        return Ok(Resolved {
            name: format!("{lat},{lon}"),
            lat_deg: lat,
            lon_deg: lon,
        });
    }
    let nearest = PLACES
        .iter()
        .map(|p| (strsim::damerau_levenshtein(&key, p.id), p.id))
        .min()
        .map(|(_, id)| id)
        .unwrap_or("kozelsk");
    Err(format!(
        "unknown place '{text}': not a catalog name (did you mean '{nearest}'?) nor LAT,LON in degrees"
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_aliases_and_coordinates() {
        assert_eq!(resolve("Kozelsk").expect("known").lat_deg, 54.03);
        assert_eq!(resolve("THULE").expect("alias").name, "pituffik");
        let r = resolve("38.9, -77.0").expect("coordinates");
        assert_eq!((r.lat_deg, r.lon_deg), (38.9, -77.0));
    }

    #[test]
    fn bad_places_are_named() {
        assert!(
            resolve("kozelks")
                .expect_err("rejected")
                .contains("did you mean 'kozelsk'")
        );
        assert!(
            resolve("95,10")
                .expect_err("rejected")
                .contains("latitude 95")
        );
        assert!(
            resolve("abc,10")
                .expect_err("rejected")
                .contains("not a number")
        );
    }

    #[test]
    fn ids_are_unique_and_lower_case() {
        let mut ids: Vec<&str> = PLACES
            .iter()
            .flat_map(|p| std::iter::once(p.id).chain(p.aliases.iter().copied()))
            .collect();
        assert!(ids.iter().all(|i| *i == i.to_lowercase()));
        let n = ids.len();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), n);
    }
}
