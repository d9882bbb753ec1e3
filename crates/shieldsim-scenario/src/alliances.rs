//! Alliances as data: `catalog/alliances.toml` — countries, the CSTO's and NATO's membership by
//! date, and the declared basing rules the `basing` study checks.
//!
//! A country counts as a member in year `Y` if it was a member on any day of `Y` (joined on or
//! before 31 December, not left before 1 January): Uzbekistan, back on 23 June 2006 and
//! suspended on 19 December 2012, is a CSTO member in 2006 … 2012. For a consent rule this
//! reading asks more members, never fewer. A member that froze its participation without
//! leaving (Armenia, from 22 February 2024) stays a member; [`Alliances::frozen`] names it.
//!
//! ```
//! use shieldsim_scenario::alliances::Alliances;
//! let a = Alliances::bundled().expect("bundled alliances parse");
//! assert!(a.members("CSTO", 2011).contains(&"UZ".to_string()));
//! assert!(!a.members("CSTO", 2013).contains(&"UZ".to_string()));
//! assert_eq!(a.alliances_of("Finland", 2023), vec!["NATO".to_string()]);
//! ```

use serde::{Deserialize, Serialize};

pub(crate) const ALLIANCES_TOML: &str = include_str!("../../../catalog/alliances.toml");

/// A country as catalogued.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Country {
    /// ISO 3166 alpha-2 code (upper case): the id.
    pub id: String,
    /// ISO 3166 alpha-3 code.
    pub iso_a3: String,
    /// Short English name, as outputs show it.
    pub name: String,
    /// Other accepted names.
    #[serde(default)]
    pub aliases: Vec<String>,
}

impl Country {
    /// Whether `text` names this country (id, alpha-3 code, name or alias; any case).
    pub fn is_named(&self, text: &str) -> bool {
        let t = text.trim();
        std::iter::once(&self.id)
            .chain([&self.iso_a3, &self.name])
            .chain(self.aliases.iter())
            .any(|n| n.eq_ignore_ascii_case(t))
    }
}

/// A calendar date (proleptic Gregorian), as `YYYY-MM-DD` in the file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Date {
    /// Year.
    pub year: i32,
    /// Month, 1 … 12.
    pub month: u32,
    /// Day, 1 … 31.
    pub day: u32,
}

impl Date {
    /// Parse `YYYY-MM-DD`.
    pub fn parse(text: &str) -> Result<Date, String> {
        let bad = || format!("date \"{text}\" is not YYYY-MM-DD");
        let mut parts = text.trim().splitn(3, '-');
        let mut next = || parts.next().ok_or_else(bad);
        let (y, m, d) = (next()?, next()?, next()?);
        if y.len() != 4 || m.len() != 2 || d.len() != 2 {
            return Err(bad());
        }
        let date = Date {
            year: y.parse().map_err(|_| bad())?,
            month: m.parse().map_err(|_| bad())?,
            day: d.parse().map_err(|_| bad())?,
        };
        if !(1..=12).contains(&date.month) || !(1..=31).contains(&date.day) {
            return Err(bad());
        }
        Ok(date)
    }
}

impl std::fmt::Display for Date {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

impl Serialize for Date {
    fn serialize<S: serde::Serializer>(&self, ser: S) -> Result<S::Ok, S::Error> {
        ser.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: serde::Deserializer<'de>>(de: D) -> Result<Date, D::Error> {
        let s = String::deserialize(de)?;
        Date::parse(&s).map_err(serde::de::Error::custom)
    }
}

/// One period of a country's membership.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Membership {
    /// Country id.
    pub country: String,
    /// First day of membership.
    pub joined: Date,
    /// Last day (withdrawal or suspension), if it ended.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub left: Option<Date>,
    /// From when the member says its participation is frozen (still a member).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub frozen_from: Option<Date>,
    /// Source.
    pub source: String,
}

impl Membership {
    /// Whether the period touches any day of `year`.
    pub fn covers(&self, year: i32) -> bool {
        self.joined.year <= year && self.left.is_none_or(|l| l.year >= year)
    }
}

/// An alliance and its membership periods.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Alliance {
    /// Id (`CSTO`, `NATO`), as sites' `alliance` names it.
    pub id: String,
    /// Name.
    pub name: String,
    /// Source.
    pub source: String,
    /// Why the alliance is one command chain for missile defence (its members' radars feed
    /// its fire control without a hand-off), when it is; `None`: each member is its own side.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub integrated_command: Option<String>,
    /// Membership periods (a country may have several).
    pub members: Vec<Membership>,
}

/// A declared basing rule.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct BasingRule {
    /// Id (`csto-consent-2011`).
    pub id: String,
    /// The alliance whose members' territory it covers and whose members must consent.
    pub alliance: String,
    /// When it was declared.
    pub from: Date,
    /// The rule in words.
    pub statement: String,
    /// Source.
    pub source: String,
}

/// The alliances file.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Alliances {
    /// Countries.
    #[serde(rename = "country")]
    pub countries: Vec<Country>,
    /// Alliances.
    #[serde(rename = "alliance")]
    pub alliances: Vec<Alliance>,
    /// Declared basing rules.
    #[serde(rename = "rule")]
    pub rules: Vec<BasingRule>,
}

impl Alliances {
    /// The bundled `catalog/alliances.toml`, parsed and checked on first use.
    pub fn bundled() -> Result<&'static Alliances, String> {
        static ALLIANCES: std::sync::OnceLock<Result<Alliances, String>> =
            std::sync::OnceLock::new();
        ALLIANCES
            .get_or_init(|| Alliances::parse(ALLIANCES_TOML))
            .as_ref()
            .map_err(Clone::clone)
    }

    /// Parse and check an alliances file: every member and rule names a known country or
    /// alliance, and no period ends before it starts.
    pub fn parse(text: &str) -> Result<Alliances, String> {
        let a: Alliances =
            toml::from_str(text).map_err(|e| format!("catalog/alliances.toml: {e}"))?;
        for al in &a.alliances {
            for m in &al.members {
                if !a.countries.iter().any(|c| c.id == m.country) {
                    return Err(format!(
                        "catalog/alliances.toml: {} member '{}' is not a [[country]] id",
                        al.id, m.country
                    ));
                }
                if m.left.is_some_and(|l| l < m.joined)
                    || m.frozen_from.is_some_and(|f| f < m.joined)
                {
                    return Err(format!(
                        "catalog/alliances.toml: {} membership of {} ends or freezes before it starts",
                        al.id, m.country
                    ));
                }
            }
        }
        for r in &a.rules {
            if a.alliance(&r.alliance).is_none() {
                return Err(format!(
                    "catalog/alliances.toml: rule {} names unknown alliance '{}'",
                    r.id, r.alliance
                ));
            }
        }
        Ok(a)
    }

    /// The command chain of a site's commander or a radar's operator in `year`: an alliance's
    /// id as given; a country inside an alliance with an integrated command (NATO) that
    /// alliance; any other country itself (its name); an unknown name as written.
    pub fn side(&self, who: &str, year: i32) -> String {
        if let Some(a) = self.alliance(who) {
            return a.id.clone();
        }
        let Some(c) = self.country(who) else {
            return who.trim().to_string();
        };
        self.alliances
            .iter()
            .filter(|a| a.integrated_command.is_some())
            .find(|a| {
                a.members
                    .iter()
                    .any(|m| m.country == c.id && m.covers(year))
            })
            .map_or_else(|| c.name.clone(), |a| a.id.clone())
    }

    /// The country `text` names (id, alpha-3 code, name or alias; any case).
    pub fn country(&self, text: &str) -> Option<&Country> {
        self.countries.iter().find(|c| c.is_named(text))
    }

    /// The alliance `text` names (its id, any case).
    pub fn alliance(&self, text: &str) -> Option<&Alliance> {
        self.alliances
            .iter()
            .find(|a| a.id.eq_ignore_ascii_case(text.trim()))
    }

    /// Country ids of the members of `alliance` in `year` (a member on any day of it), in the
    /// file's order; empty for an unknown alliance.
    pub fn members(&self, alliance: &str, year: i32) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for m in self.alliance(alliance).iter().flat_map(|a| &a.members) {
            if m.covers(year) && !out.contains(&m.country) {
                out.push(m.country.clone());
            }
        }
        out
    }

    /// Ids of the alliances `country` (any name) belongs to in `year`, in the file's order.
    pub fn alliances_of(&self, country: &str, year: i32) -> Vec<String> {
        let Some(c) = self.country(country) else {
            return Vec::new();
        };
        self.alliances
            .iter()
            .filter(|a| {
                a.members
                    .iter()
                    .any(|m| m.country == c.id && m.covers(year))
            })
            .map(|a| a.id.clone())
            .collect()
    }

    /// Country ids of the members of `alliance` whose participation is frozen on some day of
    /// `year` (they stay in [`Self::members`]).
    pub fn frozen(&self, alliance: &str, year: i32) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for m in self.alliance(alliance).iter().flat_map(|a| &a.members) {
            if m.covers(year)
                && m.frozen_from.is_some_and(|f| f.year <= year)
                && !out.contains(&m.country)
            {
                out.push(m.country.clone());
            }
        }
        out
    }

    /// A country's name by id (the id itself if unknown).
    pub fn name_of(&self, id: &str) -> String {
        self.countries
            .iter()
            .find(|c| c.id == id)
            .map_or_else(|| id.to_string(), |c| c.name.clone())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn a() -> &'static Alliances {
        Alliances::bundled().expect("bundled alliances parse")
    }

    fn has(alliance: &str, country: &str, year: i32) -> bool {
        a().members(alliance, year).contains(&country.to_string())
    }

    /// Uzbekistan: a CST party 1994–1999, back in the CSTO from 23 June 2006, suspended on
    /// 19 December 2012.
    #[test]
    fn uzbekistan_in_the_csto_2006_to_2012() {
        for y in 2006..=2012 {
            assert!(has("CSTO", "UZ", y), "{y}");
        }
        for y in [1993, 2000, 2005, 2013, 2015, 2024] {
            assert!(!has("CSTO", "UZ", y), "{y}");
        }
        assert!(has("CSTO", "UZ", 1994) && has("CSTO", "UZ", 1999));
        assert_eq!(a().alliances_of("Uzbekistan", 2011), vec!["CSTO"]);
        assert!(a().alliances_of("uzb", 2015).is_empty());
    }

    #[test]
    fn finland_nato_from_2023_sweden_from_2024() {
        assert!(!has("NATO", "FI", 2022) && has("NATO", "FI", 2023));
        assert!(!has("NATO", "SE", 2023) && has("NATO", "SE", 2024));
        assert_eq!(a().alliances_of("sweden", 2024), vec!["NATO"]);
        assert!(a().alliances_of("Sweden", 2023).is_empty());
        assert_eq!(a().members("NATO", 2024).len(), 32);
        assert_eq!(a().members("NATO", 2022).len(), 30);
        assert_eq!(a().members("NATO", 2011).len(), 28);
    }

    /// Armenia's freeze (22 February 2024) is political, not a withdrawal: Armenia stays a
    /// member, and `frozen` names it from 2024.
    #[test]
    fn armenia_frozen_from_2024_still_a_member() {
        for y in [2011, 2023, 2024, 2025] {
            assert!(has("CSTO", "AM", y), "{y}");
        }
        assert!(a().frozen("CSTO", 2023).is_empty());
        assert_eq!(a().frozen("CSTO", 2024), vec!["AM"]);
        assert_eq!(a().alliances_of("Armenia", 2024), vec!["CSTO"]);
    }

    #[test]
    fn csto_members_by_year() {
        let names = |y| {
            a().members("CSTO", y)
                .iter()
                .map(|c| a().name_of(c))
                .collect::<Vec<_>>()
        };
        assert_eq!(
            names(2011),
            [
                "Russia",
                "Armenia",
                "Kazakhstan",
                "Kyrgyzstan",
                "Tajikistan",
                "Belarus",
                "Uzbekistan"
            ]
        );
        assert_eq!(names(2015).len(), 6);
        assert!(!names(2012).contains(&"Azerbaijan".to_string()));
        assert!(a().members("Warsaw Pact", 1980).is_empty());
    }

    #[test]
    fn names_codes_and_aliases_resolve() {
        for n in ["KZ", "kaz", "Kazakhstan", " kazakhstan "] {
            assert_eq!(a().country(n).map(|c| c.id.as_str()), Some("KZ"), "{n}");
        }
        assert_eq!(a().country("UK").map(|c| c.id.as_str()), Some("GB"));
        assert!(a().country("international waters").is_none());
        assert!(Date::parse("2011-12-20").is_ok());
        for bad in ["2011-12", "20111220", "2011-13-01", "11-12-20"] {
            assert!(Date::parse(bad).is_err(), "{bad}");
        }
        assert_eq!(a().rules[0].from.to_string(), "2011-12-20");
    }
}
