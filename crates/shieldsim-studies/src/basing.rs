//! Basing and consent: every site of an architecture with its host, its commanding alliance,
//! the host's alliances in the architecture's year, and the declared basing rules that apply
//! (`catalog/alliances.toml`, [`Alliances::rules`]).
//!
//! The one rule today is the CSTO Collective Security Council's decision of 20 December 2011
//! (Moscow): military bases of a third country on the territory of a CSTO member need the
//! official consent of all members (The Hindu and UPI, 21–22 Dec 2011; research notes §5). A
//! site applies to it when its host is a member of the rule's alliance in the architecture's
//! year (a member on any day of it), the year is not before the decision, and the site is
//! commanded by neither that alliance, nor one of its members that year, nor the host itself.
//! It then needs the consent of every member that year, and is flagged ("consent not recorded")
//! unless the site's `consent = [...]` names them all. A member whose participation is frozen
//! (Armenia from 2024) is still a member, so its consent is still listed.
//!
//! This states a declared rule and checks the scenario's record against it. It is not legal
//! advice, and not a finding about any real agreement.

use serde::Serialize;
use shieldsim_scenario::alliances::Alliances;
use shieldsim_scenario::defence::ResolvedArchitecture;

/// What the report says of the basing rows.
pub const DISCLAIMER: &str =
    "A statement of a declared rule and of what the scenario records, not legal advice.";

/// No rule applies to the site.
pub const NOT_APPLICABLE: &str = "not applicable";
/// A rule applies and the site records every consent it needs.
pub const CONSENT_RECORDED: &str = "consent recorded";
/// A rule applies and some consent is not recorded: the flag.
pub const CONSENT_NOT_RECORDED: &str = "consent not recorded";
/// The host is not a country the alliances file knows (and not international waters): no
/// rule could be checked.
pub const HOST_UNKNOWN: &str = "host not recognised";

/// One site's basing row (`summary.json` `basing[]`).
#[derive(Debug, Clone, PartialEq, Serialize, serde::Deserialize)]
pub struct BasingRow {
    /// Architecture id.
    pub architecture: String,
    /// Site id.
    pub site: String,
    /// Host, as the architecture names it (a known country's name where it resolves).
    pub host: String,
    /// Commanding alliance (or country), as the architecture names it.
    pub alliance: String,
    /// The alliances the host belongs to in the architecture's year.
    pub host_alliances: Vec<String>,
    /// The id of the declared rule that applies (`csto-consent-2011`), or null.
    pub rule: Option<String>,
    /// The countries whose consent the rule needs (names), every member that year.
    pub consent_required_from: Vec<String>,
    /// The countries whose consent the site records (names).
    pub consent_given: Vec<String>,
    /// `not applicable`, `consent recorded`, `consent not recorded` (the flag) or
    /// `host not recognised`.
    pub status: String,
}

impl BasingRow {
    /// Whether the row is flagged: a rule applies and some consent is not recorded.
    pub fn flagged(&self) -> bool {
        self.status == CONSENT_NOT_RECORDED
    }

    /// The required consents not recorded (names).
    pub fn missing(&self) -> Vec<&str> {
        self.consent_required_from
            .iter()
            .filter(|c| !self.consent_given.contains(c))
            .map(String::as_str)
            .collect()
    }
}

/// Whether `commander` (an alliance id or a country) stands inside `alliance` in `year`, or is
/// the host itself: not a third country for the rule.
fn inside(
    alliances: &Alliances,
    alliance: &str,
    commander: &str,
    host_id: &str,
    year: i32,
) -> bool {
    if alliances
        .alliance(commander)
        .is_some_and(|a| a.id.eq_ignore_ascii_case(alliance))
    {
        return true;
    }
    match alliances.country(commander) {
        Some(c) => c.id == host_id || alliances.members(alliance, year).contains(&c.id),
        None => false,
    }
}

/// The basing rows of an architecture: one per site, in site order.
pub fn basing(arch: &ResolvedArchitecture, alliances: &Alliances) -> Vec<BasingRow> {
    let e = &arch.entry;
    let year = i32::try_from(e.year).unwrap_or(i32::MAX);
    e.sites
        .iter()
        .map(|s| {
            let host = alliances.country(&s.host);
            let consent_given: Vec<String> = s
                .consent
                .iter()
                .map(|c| {
                    alliances
                        .country(c)
                        .map_or_else(|| c.trim().to_string(), |x| x.name.clone())
                })
                .collect();
            let mut row = BasingRow {
                architecture: e.id.clone(),
                site: s.id.clone(),
                host: host.map_or_else(|| s.host.clone(), |c| c.name.clone()),
                alliance: s.alliance.clone(),
                host_alliances: host.map_or_else(Vec::new, |c| alliances.alliances_of(&c.id, year)),
                rule: None,
                consent_required_from: Vec::new(),
                consent_given,
                status: NOT_APPLICABLE.to_string(),
            };
            let Some(host) = host else {
                if !s.host.trim().eq_ignore_ascii_case("international waters") {
                    row.status = HOST_UNKNOWN.to_string();
                }
                return row;
            };
            let applies = alliances.rules.iter().find(|r| {
                r.from.year <= year
                    && alliances.members(&r.alliance, year).contains(&host.id)
                    && !inside(alliances, &r.alliance, &s.alliance, &host.id, year)
            });
            if let Some(r) = applies {
                row.rule = Some(r.id.clone());
                row.consent_required_from = alliances
                    .members(&r.alliance, year)
                    .iter()
                    .map(|c| alliances.name_of(c))
                    .collect();
                row.status = if row.missing().is_empty() {
                    CONSENT_RECORDED
                } else {
                    CONSENT_NOT_RECORDED
                }
                .to_string();
            }
            row
        })
        .collect()
}

/// A sentence on the members whose participation is frozen in a row's year, if any (Armenia
/// from 2024): they stay members, so their consent is still listed.
pub fn frozen_note(row: &BasingRow, year: u32, alliances: &Alliances) -> Option<String> {
    let rule = alliances
        .rules
        .iter()
        .find(|r| Some(&r.id) == row.rule.as_ref())?;
    let frozen: Vec<String> = alliances
        .frozen(&rule.alliance, i32::try_from(year).unwrap_or(i32::MAX))
        .iter()
        .map(|c| alliances.name_of(c))
        .collect();
    (!frozen.is_empty()).then(|| {
        format!(
            "{} froze its participation in the {} without leaving; still listed as a member",
            frozen.join(", "),
            rule.alliance
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use shieldsim_scenario::catalog::Catalog;
    use shieldsim_scenario::defence::DefenceCatalog;

    /// An architecture file with one site at `place`, hosted by `host`, commanded by `alliance`,
    /// in `year`, with `consent` recorded.
    fn arch(
        year: u32,
        place: &str,
        host: &str,
        alliance: &str,
        consent: &[&str],
    ) -> ResolvedArchitecture {
        let consent: Vec<String> = consent.iter().map(|c| format!("\"{c}\"")).collect();
        let text = format!(
            r#"[[architecture]]
id = "test-basing"
name = "A hypothetical site for the basing test"
year = {year}
command = "{alliance}"
source = "test"
engage_on_remote = true
radars = [{{ id = "r", sensor = "an-tpy2", place = "{place}", height_m = 10, boresight_az_deg = 0, source = "test" }}]
sites = [{{ id = "s", kind = "ashore", place = "{place}", host = "{host}", alliance = "{alliance}", interceptor = "sm3-iia", inventory = 24, radars = ["r"], consent = [{}], source = "test" }}]
"#,
            consent.join(", ")
        );
        shieldsim_scenario::architecture_file::parse(
            Catalog::bundled().expect("catalog"),
            DefenceCatalog::bundled().expect("defence"),
            &text,
        )
        .unwrap_or_else(|e| panic!("{e:?}"))
    }

    fn row(a: &ResolvedArchitecture) -> BasingRow {
        let rows = basing(a, Alliances::bundled().expect("alliances"));
        assert_eq!(rows.len(), 1);
        rows.into_iter().next().expect("one row")
    }

    const CSTO_2015: [&str; 6] = [
        "Russia",
        "Armenia",
        "Kazakhstan",
        "Kyrgyzstan",
        "Tajikistan",
        "Belarus",
    ];

    /// Issue 15: a NATO-commanded site in Kazakhstan is flagged, naming every CSTO member of
    /// the year; with the consent of all of them it is not.
    #[test]
    fn nato_site_in_kazakhstan_needs_every_csto_member() {
        let r = row(&arch(2015, "astana", "Kazakhstan", "NATO", &[]));
        assert_eq!(r.host_alliances, ["CSTO"]);
        assert_eq!(r.rule.as_deref(), Some("csto-consent-2011"));
        assert_eq!(r.consent_required_from, CSTO_2015);
        assert!(r.consent_given.is_empty());
        assert_eq!(r.status, CONSENT_NOT_RECORDED);
        assert!(r.flagged());
        // 2011: Uzbekistan too.
        let r = row(&arch(2011, "astana", "KZ", "NATO", &[]));
        assert_eq!(r.consent_required_from.len(), 7);
        assert!(r.consent_required_from.contains(&"Uzbekistan".to_string()));
        // All but one: still flagged, the missing one named.
        let r = row(&arch(2015, "astana", "Kazakhstan", "NATO", &CSTO_2015[..5]));
        assert!(r.flagged());
        assert_eq!(r.missing(), ["Belarus"]);
        // Every member, by name or code, in any order: not flagged.
        let all = ["BY", "tajikistan", "KGZ", "Kazakhstan", "Armenia", "Russia"];
        let r = row(&arch(2015, "astana", "Kazakhstan", "NATO", &all));
        assert_eq!(r.status, CONSENT_RECORDED);
        assert!(!r.flagged() && r.missing().is_empty());
        assert_eq!(r.rule.as_deref(), Some("csto-consent-2011"));
    }

    /// A site in Uzbekistan: flagged in 2011 (a CSTO member), not in 2015 (suspended 2012).
    #[test]
    fn uzbekistan_flagged_in_2011_not_in_2015() {
        let r = row(&arch(2011, "tashkent", "Uzbekistan", "NATO", &[]));
        assert!(r.flagged());
        assert_eq!(r.host_alliances, ["CSTO"]);
        assert!(r.consent_required_from.contains(&"Uzbekistan".to_string()));
        let r = row(&arch(2015, "tashkent", "Uzbekistan", "NATO", &[]));
        assert!(!r.flagged());
        assert_eq!(r.status, NOT_APPLICABLE);
        assert!(r.host_alliances.is_empty() && r.rule.is_none());
        assert!(r.consent_required_from.is_empty());
    }

    /// Not third-country bases: a Russian site in Kazakhstan, a CSTO site, a Kazakh site; and no
    /// rule before December 2011, nor outside the CSTO, nor at sea.
    #[test]
    fn the_rule_applies_to_third_countries_only() {
        for commander in ["Russia", "CSTO", "Kazakhstan"] {
            let r = row(&arch(2015, "balkhash", "Kazakhstan", commander, &[]));
            assert_eq!(r.status, NOT_APPLICABLE, "{commander}");
        }
        assert_eq!(
            row(&arch(2015, "balkhash", "Kazakhstan", "United States", &[])).status,
            CONSENT_NOT_RECORDED
        );
        assert_eq!(
            row(&arch(2010, "astana", "Kazakhstan", "NATO", &[])).status,
            NOT_APPLICABLE
        );
        let r = row(&arch(2024, "redzikowo", "Poland", "NATO", &[]));
        assert_eq!(
            (r.status.as_str(), r.host_alliances.clone()),
            (NOT_APPLICABLE, vec!["NATO".to_string()])
        );
        let r = row(&arch(2024, "helsinki", "Finland", "NATO", &[]));
        assert_eq!(r.host_alliances, ["NATO"]);
        let r = row(&arch(2022, "helsinki", "Finland", "NATO", &[]));
        assert!(r.host_alliances.is_empty() && r.status == NOT_APPLICABLE);
        assert_eq!(
            row(&arch(2015, "astana", "Narnia", "NATO", &[])).status,
            HOST_UNKNOWN
        );
    }

    /// Armenia in 2024: its participation frozen, still a member whose consent is needed; the
    /// note says so.
    #[test]
    fn armenia_2024_frozen_but_listed() {
        let a = Alliances::bundled().expect("alliances");
        let r = row(&arch(2024, "yerevan", "Armenia", "NATO", &[]));
        assert!(r.flagged());
        assert!(r.consent_required_from.contains(&"Armenia".to_string()));
        let note = frozen_note(&r, 2024, a).expect("a note");
        assert!(
            note.starts_with("Armenia froze its participation"),
            "{note}"
        );
        let r = row(&arch(2023, "yerevan", "Armenia", "NATO", &[]));
        assert!(frozen_note(&r, 2023, a).is_none());
    }

    /// The bundled architectures: no site is on CSTO territory, so none is flagged; the rows'
    /// keys are the contract's.
    #[test]
    fn bundled_architectures_are_not_flagged_and_keys_are_the_contract() {
        let (places, defence) = (
            Catalog::bundled().expect("catalog"),
            DefenceCatalog::bundled().expect("defence"),
        );
        let alliances = Alliances::bundled().expect("alliances");
        for e in &defence.architectures {
            let a = defence.architecture(places, &e.id).expect("resolves");
            for r in basing(&a, alliances) {
                assert!(!r.flagged() && r.status != HOST_UNKNOWN, "{r:?}");
            }
        }
        let r = row(&arch(2015, "astana", "Kazakhstan", "NATO", &[]));
        let v = serde_json::to_value(&r).expect("serialises");
        let keys: Vec<&str> = v
            .as_object()
            .expect("object")
            .keys()
            .map(String::as_str)
            .collect();
        let mut want = [
            "architecture",
            "site",
            "host",
            "alliance",
            "host_alliances",
            "rule",
            "consent_required_from",
            "consent_given",
            "status",
        ];
        let mut got = keys.clone();
        got.sort_unstable();
        want.sort_unstable();
        assert_eq!(got, want);
    }
}
