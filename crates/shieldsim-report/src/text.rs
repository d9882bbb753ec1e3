//! Plain text for a terminal: the single-shot answers (`ballistic`, `aim`, `fly`, `engage`,
//! `list`) rendered from the same documents their JSON is.

use shieldsim_studies::list::ListJson;
use shieldsim_studies::trajectory::{AimJson, BallisticJson, BurnoutJson, FlightJson, FlyJson};

fn model_line(f: &FlightJson) -> String {
    let rotating = if f.rotation {
        "rotating"
    } else {
        "not rotating"
    };
    format!("{}, {rotating}", f.earth)
}

fn burnout_lines(b: &BurnoutJson) -> String {
    format!(
        "burnout        {:.5}°, {:.5}°, {:.3} km\n  speed        {:.6} km/s (Earth-relative)\n  gamma        {:.4}° above horizontal\n  azimuth      {:.4}° from north\n",
        b.lat_deg, b.lon_deg, b.alt_km, b.speed_km_s, b.gamma_deg, b.azimuth_deg
    )
}

fn flight_lines(f: &FlightJson) -> String {
    let i = &f.impact;
    format!(
        "flight time    {:.3} s ({:.2} min)\napogee         {:.3} km at {:.1} s\nground range   {:.3} km\nimpact         {:.5}°, {:.5}° at {:.4} km/s, {:.3}° below horizontal\n",
        f.flight_time_s,
        f.flight_time_s / 60.0,
        f.apogee_km,
        f.apogee_time_s,
        f.ground_range_km,
        i.lat_deg,
        i.lon_deg,
        i.speed_km_s,
        -i.gamma_deg
    )
}

/// `ballistic` as text.
pub fn ballistic_text(j: &BallisticJson) -> String {
    format!(
        "free flight    {} ({})\n{}{}",
        model_line(&j.flight),
        j.flight.method,
        burnout_lines(&j.burnout),
        flight_lines(&j.flight)
    )
}

/// `aim` as text.
pub fn aim_text(j: &AimJson) -> String {
    format!(
        "aim            {} → {} ({:.3} km), {}\nearth          {}\n{}{}miss           {:.3} m\n",
        j.from.name,
        j.to.name,
        j.target_range_km,
        j.mode,
        model_line(&j.flight),
        burnout_lines(&j.burnout),
        flight_lines(&j.flight),
        j.miss_km * 1e3
    )
}

/// `fly` as text.
pub fn fly_text(j: &FlyJson) -> String {
    let b = &j.burnout;
    let mut text = settings_lines(&j.settings);
    text += &format!(
        "fly            {} ({}), {} → {} ({:.1} km), {}\nearth          {}, {}\nsteering       azimuth {:.3}°, kick {:.3}°, cutoff {:.2} s\nburnout        {:.2} s at {:.1} km: {:.4} km/s, {:.3}° above horizontal\nflight time    {:.1} s ({:.2} min)\napogee         {:.1} km\nground range   {:.1} km\nimpact         {:.5}°, {:.5}° at {:.4} km/s\nmiss           {:.3} km\n",
        j.missile,
        j.missile_name,
        j.from.name,
        j.to.name,
        j.target_range_km,
        j.trajectory,
        j.earth,
        if j.rotation {
            "rotating"
        } else {
            "not rotating"
        },
        j.steering.azimuth_deg,
        j.steering.kick_deg,
        j.steering.cutoff_s,
        b.time_s,
        b.alt_km,
        b.speed_km_s,
        b.gamma_deg,
        j.flight_time_s,
        j.flight_time_s / 60.0,
        j.apogee_km,
        j.ground_range_km,
        j.impact.lat_deg,
        j.impact.lon_deg,
        j.impact.speed_km_s,
        j.miss_km
    );
    text
}

/// `list` as text.
pub fn list_text(j: &ListJson) -> String {
    let mut text = String::new();
    if let Some(ms) = &j.missiles {
        text.push_str("MISSILES (generic classes; every parameter sourced: `shieldsim list missiles --json`)\n");
        for m in ms {
            text.push_str(&format!(
                "  {:<11} {}\n              stands for: {}\n              {} stage(s), {:.0} kg at launch, {:.0} kg payload, {:.0} s boost; published range {:.0} km ({})\n",
                m.id,
                m.name,
                m.represents.join("; "),
                m.stages,
                m.launch_mass_kg,
                m.payload_kg,
                m.burn_s,
                m.published_range_km,
                m.range_source
            ));
        }
    }
    if let Some(ps) = &j.places {
        text.push_str("PLACES (WGS84 degrees; use as PLACE)\n");
        for p in ps {
            let aliases: Vec<&str> = p["aliases"]
                .as_array()
                .map(|a| a.iter().filter_map(|x| x.as_str()).collect())
                .unwrap_or_default();
            let alias_text = if aliases.is_empty() {
                String::new()
            } else {
                format!(" (also {})", aliases.join(", "))
            };
            text.push_str(&format!(
                "  {:<12} {:>9.4} {:>10.4}  ±{} km  {}{} [{}]\n",
                p["id"].as_str().unwrap_or(""),
                p["lat_deg"].as_f64().unwrap_or(f64::NAN),
                p["lon_deg"].as_f64().unwrap_or(f64::NAN),
                p["precision_km"],
                p["description"].as_str().unwrap_or(""),
                alias_text,
                p["source"].as_str().unwrap_or("")
            ));
        }
    }
    if let Some(list) = &j.interceptors {
        text.push_str("INTERCEPTORS (kinematic fly-out models; every figure sourced: `--json`)\n");
        for i in list {
            text.push_str(&format!(
                "  {:<11} {}\n              burnout {} km/s ({} … {}; {}), intercept altitude {}–{} km, fly-out ≤ {} s\n",
                i["id"].as_str().unwrap_or(""),
                i["name"].as_str().unwrap_or(""),
                i["burnout_speed_km_s"]["value"],
                i["burnout_speed_km_s"]["low"],
                i["burnout_speed_km_s"]["high"],
                i["burnout_speed_km_s"]["source"].as_str().unwrap_or(""),
                i["min_intercept_alt_km"]["value"],
                i["max_intercept_alt_km"]["value"],
                i["max_flyout_s"]["value"]
            ));
        }
    }
    if let Some(list) = &j.sensors {
        text.push_str("SENSORS\n");
        for x in list {
            let range = if x["ref_range_km"].is_null() {
                format!("report delay {} s", x["delay_s"]["value"])
            } else {
                format!(
                    "{} km ({} … {}) against {} m² ({}), {} face(s)",
                    x["ref_range_km"]["value"],
                    x["ref_range_km"]["low"],
                    x["ref_range_km"]["high"],
                    x["ref_rcs_m2"]["value"],
                    x["ref_range_km"]["source"].as_str().unwrap_or(""),
                    x["faces"].as_array().map_or(0, |f| f.len())
                )
            };
            text.push_str(&format!(
                "  {:<11} {}\n              {range}\n",
                x["id"].as_str().unwrap_or(""),
                x["name"].as_str().unwrap_or("")
            ));
        }
    }
    if let Some(list) = &j.early_warning {
        text.push_str("EARLY-WARNING RADARS (--sensing cued links those marked 'cued'; --cued-radar or cued_radars picks any)\n");
        for x in list {
            let mut about: Vec<String> = Vec::new();
            if let Some(h) = x["host"].as_str() {
                about.push(format!("in {h}"));
            }
            if let Some(o) = x["operator"].as_str() {
                about.push(format!("run by {o}"));
            }
            match (x["in_service_from"].as_u64(), x["in_service_to"].as_u64()) {
                (Some(a), Some(b)) => about.push(format!("in service {a}–{b}")),
                (Some(a), None) => about.push(format!("in service from {a}")),
                (None, Some(b)) => about.push(format!("in service until {b}")),
                (None, None) => {}
            }
            let cued = if x["cued_by_default"].as_bool().unwrap_or(true) {
                "cued"
            } else {
                "not cued by default"
            };
            about.push(cued.to_string());
            text.push_str(&format!(
                "  {:<13} {} at {}: {}\n              [{}]\n",
                x["id"].as_str().unwrap_or(""),
                x["sensor"].as_str().unwrap_or(""),
                x["place"].as_str().unwrap_or(""),
                about.join(", "),
                x["source"].as_str().unwrap_or("")
            ));
        }
    }
    if let Some(a) = &j.assumptions {
        text.push_str("ASSUMPTIONS (--set assumptions.KEY=VALUE)\n");
        for (k, p) in [
            ("decision_delay_s", &a.decision_delay_s),
            ("track_after_burnout_s", &a.track_after_burnout_s),
            ("kill_assessment_s", &a.kill_assessment_s),
            ("rcs_m2", &a.rcs_m2),
            ("cross_side_delay_s", &a.cross_side_delay_s),
        ] {
            text.push_str(&format!(
                "  {k:<22} {} ({} … {}) [{}]\n",
                p.value, p.low, p.high, p.source
            ));
        }
    }
    if let Some(list) = &j.architectures {
        text.push_str("ARCHITECTURES\n");
        for a in list {
            let sites: Vec<String> = a["sites"]
                .as_array()
                .map(|s| {
                    s.iter()
                        .map(|s| {
                            format!(
                                "{} ({} × {})",
                                s["id"].as_str().unwrap_or(""),
                                s["inventory"],
                                s["interceptor"].as_str().unwrap_or("")
                            )
                        })
                        .collect()
                })
                .unwrap_or_default();
            // The other side's rules (issue 15): who runs a radar when it is stated, and the
            // sectors of responsibility.
            let operated: Vec<String> = a["radars"]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(|r| {
                    Some(format!(
                        "{} ({})",
                        r["id"].as_str()?,
                        r["operator"].as_str()?
                    ))
                })
                .collect();
            let sectors: Vec<String> = a["sectors"]
                .as_array()
                .into_iter()
                .flatten()
                .map(|x| {
                    let countries: Vec<&str> = x["countries"]
                        .as_array()
                        .into_iter()
                        .flatten()
                        .filter_map(|c| c.as_str())
                        .collect();
                    format!(
                        "{} intercepts only over {}",
                        x["alliance"].as_str().unwrap_or(""),
                        countries.join(", ")
                    )
                })
                .collect();
            let mut rules = String::new();
            if !operated.is_empty() {
                rules.push_str(&format!(
                    "              radars run by: {}\n",
                    operated.join(", ")
                ));
            }
            if !sectors.is_empty() {
                rules.push_str(&format!(
                    "              sectors: {}; every other site only outside them\n",
                    sectors.join("; ")
                ));
            }
            text.push_str(&format!(
                "  {:<22} {} — {}\n              sites: {}\n{rules}              [{}]\n",
                a["id"].as_str().unwrap_or(""),
                a["year"],
                a["name"].as_str().unwrap_or(""),
                sites.join(", "),
                a["source"].as_str().unwrap_or("")
            ));
        }
    }
    text
}

/// `engage` as text.
pub fn engage_text(j: &shieldsim_studies::engage::EngageJson) -> String {
    let mut t = format!(
        "engage         {} ({}) against {} {} → {}: {:.0} s flight, apogee {:.0} km, {:.0} km\n",
        j.architecture,
        j.year,
        j.threat.missile,
        j.threat.from,
        j.threat.to,
        j.threat.flight_time_s,
        j.threat.apogee_km,
        j.threat.ground_range_km
    );
    t += &format!(
        "timeline       burnout {:.0} s{}\n",
        j.threat.burnout_s,
        j.threat.warning_s.map_or(String::new(), |w| format!(
            ", space-IR warning {w:.0} s (warns, never fire control)"
        ))
    );
    if let Some(a) = &j.assumptions {
        t += &format!(
            "sensing        {}\nkill chain     track → fire control no earlier than burnout + {} s → decision {} s → launch\n",
            a.sensing_meaning, a.track_after_burnout_s, a.decision_delay_s
        );
    }
    t += &settings_lines(&j.settings);
    for s in &j.sensors {
        let w: Vec<String> = s
            .windows_s
            .iter()
            .map(|w| format!("{:.0}–{:.0} s", w[0], w[1]))
            .collect();
        let seen = if w.is_empty() {
            "never".to_string()
        } else {
            w.join(", ")
        };
        t += &format!("sensor         {:<16} tracks {seen}\n", s.sensor);
    }
    for s in &j.sites {
        match j.opportunities.iter().find(|o| o.site == s.site) {
            Some(o) => {
                t += &format!(
                    "site           {:<16} {}: track from {}{}, fire control {:.0} s, earliest launch {:.0} s ({}), latest {:.0} s (margin {:.0} s), launch {:.0} s, intercept {:.0}–{:.0} s, first at {:.0} km ({:.2}°, {:.2}°), closing {:.2} km/s, {} shot(s)\n",
                    s.site,
                    s.interceptor,
                    o.cue_sensor,
                    o.track_s.map_or(String::new(), |x| format!(" at {x:.0} s")),
                    o.fire_control_s,
                    o.earliest_launch_s,
                    o.binding_constraint,
                    o.latest_launch_s,
                    o.margin_s,
                    o.launch_s,
                    o.intercept_s,
                    o.latest_intercept_s,
                    o.intercept_alt_km,
                    o.intercept_lat_deg,
                    o.intercept_lon_deg,
                    o.closing_speed_km_s,
                    o.shots
                );
                if let Some(e) = &o.effectiveness {
                    t += &format!(
                        "               raid of {} at pk {}, {} per salvo, {} on hand: P(no leaker) {:.4} (Monte Carlo {:.4} ± {:.4}, {} trials, seed {})\n",
                        e.raid_size,
                        e.pk,
                        e.shots_per_salvo,
                        e.inventory,
                        e.p_no_leak,
                        e.monte_carlo_p_no_leak,
                        e.monte_carlo_standard_error,
                        e.trials,
                        e.seed
                    );
                }
            }
            None => {
                let late = s
                    .margin_s
                    .map_or(String::new(), |m| format!(" ({:.0} s too late)", -m));
                t += &format!(
                    "site           {:<16} {}: cannot engage — {}{late}\n",
                    s.site,
                    s.interceptor,
                    s.reason.as_deref().unwrap_or("")
                )
            }
        }
    }
    t += &format!(
        "engageable     {}\n",
        if j.engageable { "yes" } else { "no" }
    );
    t
}

/// One `set` line per catalog figure changed, with its sourced range.
fn settings_lines(settings: &[shieldsim_scenario::catalogs::Applied]) -> String {
    settings
        .iter()
        .map(|x| format!("set            {}\n", x.describe()))
        .collect()
}
