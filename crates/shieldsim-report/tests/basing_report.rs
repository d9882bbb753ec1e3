//! Issue 15: a scenario whose architecture file places a NATO-commanded site in Kazakhstan
//! carries the basing flag through the whole chain: `summary.json` `basing[]` (the contract's
//! keys) and a finding, and the HTML report's basing section with the disclaimer.

const ARCHITECTURE: &str = r#"[[architecture]]
id = "nato-kazakhstan"
name = "A hypothetical NATO site in Kazakhstan (basing test)"
year = 2015
command = "NATO"
source = "hypothetical, for the test"
engage_on_remote = true
radars = [{ id = "astana-tpy2", sensor = "an-tpy2", place = "astana", height_m = 10, boresight_az_deg = 220, source = "hypothetical" }]
sites = [{ id = "astana", kind = "ashore", place = "astana", host = "Kazakhstan", alliance = "NATO", interceptor = "sm3-iia", inventory = 24, radars = ["astana-tpy2"], CONSENT source = "hypothetical" }]
"#;

const SCENARIO: &str = r#"[scenario]
title = "basing"
[architecture]
file = "arch.toml"
[[threat]]
id = "irbm"
missile = "irbm-4000"
from = "semnan"
to = ["astana"]
[[analysis]]
kind = "engage"
threat = "irbm"
"#;

fn run(consent: &str) -> (serde_json::Value, String) {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(
        dir.path().join("arch.toml"),
        ARCHITECTURE.replace("CONSENT", consent),
    )
    .expect("write");
    let s = shieldsim_scenario::scenario::parse_in(SCENARIO, dir.path())
        .unwrap_or_else(|e| panic!("{e:?}"));
    let results = shieldsim_studies::run_scenario(&s, &|_, _, _| {}).expect("runs");
    let files = shieldsim_report::report_files(&results).expect("report");
    let get = |name: &str| {
        files
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, b)| String::from_utf8(b.clone()).expect("utf-8"))
            .unwrap_or_else(|| panic!("{name}"))
    };
    (
        serde_json::from_str(&get("summary.json")).expect("json"),
        get("index.html"),
    )
}

#[test]
fn nato_site_in_kazakhstan_is_flagged_in_summary_and_report() {
    let (summary, html) = run("");
    let rows = summary["basing"].as_array().expect("basing[]");
    assert_eq!(rows.len(), 1);
    let row = &rows[0];
    let mut keys: Vec<&str> = row
        .as_object()
        .expect("object")
        .keys()
        .map(String::as_str)
        .collect();
    keys.sort_unstable();
    let mut contract = [
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
    contract.sort_unstable();
    assert_eq!(keys, contract);
    assert_eq!(row["status"], "consent not recorded");
    assert_eq!(row["rule"], "csto-consent-2011");
    assert_eq!(
        row["consent_required_from"],
        serde_json::json!([
            "Russia",
            "Armenia",
            "Kazakhstan",
            "Kyrgyzstan",
            "Tajikistan",
            "Belarus"
        ])
    );
    assert!(
        summary["findings"]
            .as_array()
            .expect("findings")
            .iter()
            .any(|f| f["analysis"] == "basing")
    );
    assert!(html.contains("<h2 id=\"basing-and-consent\">Basing and consent</h2>"));
    assert!(html.contains("consent not recorded: missing Russia, Armenia"));
    assert!(html.contains("not legal advice"));

    let (summary, html) = run(
        "consent = [\"Russia\", \"Armenia\", \"Kazakhstan\", \"Kyrgyzstan\", \"Tajikistan\", \"Belarus\"],",
    );
    assert_eq!(summary["basing"][0]["status"], "consent recorded");
    assert!(
        !summary["findings"]
            .as_array()
            .expect("findings")
            .iter()
            .any(|f| f["analysis"] == "basing")
    );
    assert!(!html.contains("consent not recorded: missing"));
    assert!(html.contains("0 of 1 site rows are flagged"));
}

/// A consent naming no known country is refused at the file's line and column.
#[test]
fn unknown_consent_country_is_an_error() {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(
        dir.path().join("arch.toml"),
        ARCHITECTURE.replace("CONSENT", "consent = [\"Narnia\"],"),
    )
    .expect("write");
    let e = shieldsim_scenario::scenario::parse_in(SCENARIO, dir.path()).expect_err("refused");
    let text = format!("{e:?}");
    assert!(text.contains("unknown country \\\"Narnia\\\""), "{text}");
}
