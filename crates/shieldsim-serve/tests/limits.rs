//! The server's limits in process, with limits small enough to reach: the per-request timeout
//! (504), a full queue (503), light requests answered while a study runs, and the caps.
#![allow(clippy::unwrap_used)]

mod common;

use common::{get, post};
use serde_json::json;
use shieldsim_serve::{Limits, Options, Server};
use std::net::SocketAddr;
use std::time::{Duration, Instant};

fn start(limits: Limits) -> SocketAddr {
    let server = Server::bind(&Options {
        port: 0,
        limits,
        ..Options::default()
    })
    .unwrap();
    let addr = server.addr();
    assert!(addr.ip().is_loopback(), "{addr}");
    std::thread::spawn(move || server.run());
    addr
}

/// A footprint that takes seconds: a 20 km grid over NATO Europe.
fn slow_footprint() -> serde_json::Value {
    json!({"architecture": "epaa-phase-3", "threat": "irbm-4000", "from": "semnan",
        "spacing_km": 20})
}

#[test]
fn timeout_busy_and_light_requests_during_a_study() {
    let addr = start(Limits {
        timeout: Duration::from_secs(2),
        max_studies: 1,
        max_waiting: 0,
        max_aim_points: 100_000,
        ..Limits::default()
    });
    let slow = std::thread::spawn(move || {
        let t = Instant::now();
        let r = post(addr, "/api/footprint", &slow_footprint());
        (r, t.elapsed())
    });
    // Let it start, then: the catalog and the page are served at once; another study is
    // refused (no turn, no room to wait); progress shows the running study.
    std::thread::sleep(Duration::from_millis(500));
    let t = Instant::now();
    let c = get(addr, "/api/catalog");
    assert_eq!(c.status, 200);
    assert_eq!(get(addr, "/").status, 200);
    assert!(
        t.elapsed() < Duration::from_millis(1_000),
        "light requests waited {:?} behind a study",
        t.elapsed()
    );
    let p = get(addr, "/api/progress").json();
    assert_eq!(p["studies"].as_array().unwrap().len(), 1, "{p}");
    let busy = post(addr, "/api/footprint", &slow_footprint());
    assert_eq!(busy.status, 503, "{}", busy.text());
    assert!(busy.json()["error"].as_str().unwrap().contains("busy"));
    let (r, took) = slow.join().unwrap();
    assert_eq!(r.status, 504, "{}", r.text());
    let msg = r.json()["error"].as_str().unwrap().to_string();
    assert!(msg.contains("longer than 2 s"), "{msg}");
    assert!(took < Duration::from_secs(4), "{took:?}");
}

#[test]
fn caps_name_the_field() {
    let addr = start(Limits::default());
    let base = json!({"architecture": "epaa-phase-3", "threat": "irbm-4000", "from": "semnan"});
    let with = |k: &str, v: serde_json::Value| {
        let mut b = base.clone();
        b[k] = v;
        b
    };
    for (path, body, field) in [
        ("/api/footprint", with("spacing_km", json!(5)), "spacing_km"),
        (
            "/api/footprint",
            with("spacing_km", json!(10)),
            "aim points",
        ),
        (
            "/api/footprint",
            with("region", json!([60, 50, 0, 10])),
            "region",
        ),
        ("/api/footprint", with("site", json!("nowhere")), "site"),
        (
            "/api/deterrent",
            json!({"bases": vec!["kozelsk"; 11], "targets": vec!["washington"; 10]}),
            "over the server's cap 100",
        ),
        (
            "/api/deterrent",
            json!({"sensing": ["own", "psychic"]}),
            "sensing[1]",
        ),
        (
            "/api/fly",
            json!({"missile": "irbm-4000", "from": "semnan", "to": "rome", "sample_step_s": 0.01}),
            "sample_step_s",
        ),
    ] {
        let r = post(addr, path, &body);
        assert_eq!(r.status, 400, "{path} {body}: {}", r.text());
        let msg = r.json()["error"].as_str().unwrap().to_string();
        assert!(msg.contains(field), "{path} {body}: {msg}");
    }
}
