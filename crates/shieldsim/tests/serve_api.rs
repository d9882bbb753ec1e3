//! `shieldsim serve` as a child process: the API equals the command line, every bad-input class
//! gets its status and message, the socket listens on loopback only, and 1,000 requests from
//! 16 clients all succeed (throughput and p95 printed; BENCHMARKS.md).
#![allow(clippy::unwrap_used)]

#[path = "../../shieldsim-serve/tests/common/mod.rs"]
mod common;

use common::{get, post, quantile, request, request_with};
use serde_json::{Value, json};
use std::io::{BufRead, BufReader};
use std::net::SocketAddr;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// A running `shieldsim serve --port 0`, ended when dropped.
struct Served {
    child: Child,
    addr: SocketAddr,
    url: String,
}

impl Drop for Served {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn serve() -> Served {
    let mut child = Command::new(env!("CARGO_BIN_EXE_shieldsim"))
        .args(["serve", "--port", "0"])
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    // One line: `serving http://127.0.0.1:PORT/`.
    let url = line
        .trim()
        .strip_prefix("serving ")
        .unwrap_or_else(|| panic!("unexpected first line: {line:?}"))
        .to_string();
    let addr: SocketAddr = url
        .trim_start_matches("http://")
        .trim_end_matches('/')
        .parse()
        .unwrap();
    Served { child, addr, url }
}

/// `shieldsim engage --json` with the same inputs as an API request.
fn cli_engage(req: &Value) -> Value {
    let mut args: Vec<String> = vec!["engage".into(), "--json".into()];
    for k in [
        "architecture",
        "threat",
        "from",
        "to",
        "sensing",
        "samples",
        "seed",
    ] {
        if let Some(v) = req.get(k) {
            args.push(format!("--{k}"));
            args.push(match v {
                Value::String(s) => s.clone(),
                other => other.to_string(),
            });
        }
    }
    if let Some(Value::Object(set)) = req.get("set") {
        for (k, v) in set {
            args.push("--set".into());
            args.push(format!("{k}={v}"));
        }
    }
    let out = Command::new(env!("CARGO_BIN_EXE_shieldsim"))
        .args(&args)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn engage_equals_the_command_line() {
    let s = serve();
    let cases = [
        json!({"architecture": "epaa-phase-3", "threat": "irbm-4000", "from": "semnan", "to": "bucharest"}),
        json!({"architecture": "epaa-phase-1", "threat": "mrbm-2000", "from": "tabriz", "to": "kurecik", "sensing": "cued"}),
        json!({"architecture": "epaa-phase-4", "threat": "icbm-11000", "from": "kozelsk", "to": "washington", "sensing": "kinematic-bound"}),
        json!({"architecture": "epaa-phase-3", "threat": "irbm-4000", "from": "semnan", "to": "44.5,20.5",
            "set": {"sm3-iia.burnout_speed_km_s": 4.0, "assumptions.decision_delay_s": 30.0}}),
        json!({"architecture": "nato-interim-2012", "threat": "irbm-4000", "from": "semnan", "to": "warsaw",
            "samples": 64, "seed": 7}),
    ];
    // The settings are listed in the order given; a JSON object's order is not the command
    // line's, so compare them sorted by key (the list form below keeps the order exactly).
    let sorted = |mut v: Value| {
        if let Some(a) = v["settings"].as_array_mut() {
            a.sort_by(|x, y| x["key"].as_str().cmp(&y["key"].as_str()));
        }
        v
    };
    for req in &cases {
        let r = post(s.addr, "/api/engage", req);
        assert_eq!(r.status, 200, "{req}: {}", r.text());
        assert_eq!(sorted(r.json()), sorted(cli_engage(req)), "{req}");
    }
    // `set` as a list, the command line's spelling, gives the same answer, settings in order.
    let mut listed = cases[3].clone();
    listed["set"] = json!([
        "sm3-iia.burnout_speed_km_s=4.0",
        "assumptions.decision_delay_s=30"
    ]);
    let out = Command::new(env!("CARGO_BIN_EXE_shieldsim"))
        .args([
            "engage",
            "--json",
            "--architecture",
            "epaa-phase-3",
            "--threat",
            "irbm-4000",
            "--from",
            "semnan",
            "--to",
            "44.5,20.5",
            "--set",
            "sm3-iia.burnout_speed_km_s=4.0",
            "--set",
            "assumptions.decision_delay_s=30",
        ])
        .output()
        .unwrap();
    let cli: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(post(s.addr, "/api/engage", &listed).json(), cli);
}

#[test]
fn catalog_equals_list_json() {
    let s = serve();
    let out = Command::new(env!("CARGO_BIN_EXE_shieldsim"))
        .args(["list", "--json"])
        .output()
        .unwrap();
    let cli: Value = serde_json::from_slice(&out.stdout).unwrap();
    let r = get(s.addr, "/api/catalog");
    assert_eq!(r.status, 200);
    assert_eq!(r.header("content-type"), Some("application/json"));
    assert_eq!(r.json(), cli);
}

#[test]
fn every_bad_input_class_gets_its_status_and_message() {
    let s = serve();
    let ok = json!({"architecture": "epaa-phase-3", "threat": "irbm-4000", "from": "semnan", "to": "bucharest"});
    let with = |k: &str, v: Value| {
        let mut b = ok.clone();
        b[k] = v;
        b
    };
    let bad: Vec<(Value, &str)> = vec![
        (with("colour", json!("red")), "unknown field `colour`"),
        (with("samples", json!("many")), "samples: invalid type"),
        (with("to", json!(42)), "to: invalid type"),
        (
            with("architecture", json!("epaa-phase-9")),
            "architecture: unknown architecture 'epaa-phase-9'",
        ),
        (
            with("architecture", json!("/etc/passwd")),
            "architecture: unknown architecture",
        ),
        (
            with("architecture", json!("scenarios/arch.toml")),
            "architecture: unknown architecture",
        ),
        (with("threat", json!("icbm-99")), "threat: unknown missile"),
        (with("from", json!("atlantis")), "from: "),
        (with("to", json!("95,0")), "to: "),
        (
            with("sensing", json!("psychic")),
            "sensing: unknown sensing",
        ),
        (with("samples", json!(0)), "samples: must be at least 1"),
        (with("samples", json!(5000)), "samples: 5000 is over"),
        (with("samples", json!(-1)), "samples: invalid value"),
        (
            with("set", json!({"sm3-iia.burnout_speed_km_s": -1})),
            "set.sm3-iia.burnout_speed_km_s",
        ),
        (
            with("set", json!({"sm3-iia.speed": 5})),
            "set.sm3-iia.speed",
        ),
        (with("set", json!(["nonsense"])), "set[0]"),
        (with("set", json!(7)), "set: expected an object"),
    ];
    for (body, want) in &bad {
        let r = post(s.addr, "/api/engage", body);
        assert_eq!(r.status, 400, "{body}: {}", r.text());
        let msg = r.json()["error"].as_str().unwrap().to_string();
        assert!(msg.contains(want), "{body}: {msg:?} lacks {want:?}");
        assert!(!msg.contains('\n'), "{msg:?}");
    }
    // Not JSON, not an object, a missing field.
    for (body, want) in [
        (&b"{not json"[..], "not JSON"),
        (b"[1, 2]", "must be a JSON object"),
        (
            b"{\"threat\": \"irbm-4000\"}",
            "missing field `architecture`",
        ),
    ] {
        let r = request(s.addr, "POST", "/api/engage", Some(body)).unwrap();
        assert_eq!(r.status, 400, "{}", r.text());
        assert!(r.json()["error"].as_str().unwrap().contains(want));
    }
    // Over 1 MiB: 413, whether declared or not.
    let big = vec![b' '; (1 << 20) + 1];
    let r = request(s.addr, "POST", "/api/engage", Some(&big)).unwrap();
    assert_eq!(r.status, 413, "{}", r.text());
    assert!(r.json()["error"].as_str().unwrap().contains("1048576"));
    // Unknown path; wrong method (with Allow).
    let r = get(s.addr, "/api/nothing");
    assert_eq!(r.status, 404);
    assert!(r.json()["error"].as_str().unwrap().contains("/api/nothing"));
    assert_eq!(get(s.addr, "/etc/passwd").status, 404);
    assert_eq!(get(s.addr, "/../Cargo.toml").status, 404);
    let r = get(s.addr, "/api/engage");
    assert_eq!(r.status, 405);
    assert_eq!(r.header("allow"), Some("POST"));
    let r = request(s.addr, "POST", "/api/catalog", Some(b"{}")).unwrap();
    assert_eq!(r.status, 405);
    assert!(r.json()["error"].as_str().unwrap().contains("takes GET"));
    // Another site's name for 127.0.0.1 (DNS rebinding): 403.
    let r = request_with(s.addr, "GET", "/api/catalog", None, Some("evil.example:80")).unwrap();
    assert_eq!(r.status, 403);
    // The page carries its Content-Security-Policy; scripts are files.
    let r = get(s.addr, "/");
    assert_eq!(r.status, 200);
    let csp = r.header("content-security-policy").unwrap();
    assert!(csp.contains("default-src 'self'") && csp.contains("script-src 'self'"));
    assert!(!r.text().contains("<script>"), "no inline script");
    // The server is still well.
    assert_eq!(post(s.addr, "/api/engage", &ok).status, 200);
}

#[test]
fn listens_on_loopback_only() {
    let s = serve();
    assert!(s.url.starts_with("http://127.0.0.1:"), "{}", s.url);
    assert!(s.addr.ip().is_loopback());
    // The kernel's table of listening sockets: this port, bound to 127.0.0.1 only.
    if let Ok(tcp) = std::fs::read_to_string("/proc/net/tcp") {
        let port = format!("{:04X}", s.addr.port());
        let listening: Vec<&str> = tcp
            .lines()
            .skip(1)
            .filter(|l| {
                let f: Vec<&str> = l.split_whitespace().collect();
                f.len() > 3 && f[1].ends_with(&format!(":{port}")) && f[3] == "0A"
            })
            .collect();
        assert_eq!(listening.len(), 1, "{listening:?}");
        assert!(
            listening[0].split_whitespace().nth(1).unwrap() == format!("0100007F:{port}"),
            "{listening:?}"
        );
    }
    if let Ok(tcp6) = std::fs::read_to_string("/proc/net/tcp6") {
        let port = format!(":{:04X}", s.addr.port());
        assert!(
            !tcp6.lines().any(|l| {
                let f: Vec<&str> = l.split_whitespace().collect();
                f.len() > 3 && f[1].ends_with(&port) && f[3] == "0A"
            }),
            "no IPv6 listener"
        );
    }
    // And from this machine's other address, if it has one, nothing answers.
    let other = std::net::UdpSocket::bind("0.0.0.0:0")
        .and_then(|u| u.connect("192.0.2.1:9").map(|_| u))
        .and_then(|u| u.local_addr())
        .map(|a| a.ip())
        .ok()
        .filter(|ip| !ip.is_loopback() && !ip.is_unspecified());
    if let Some(ip) = other {
        let r = std::net::TcpStream::connect_timeout(
            &SocketAddr::new(ip, s.addr.port()),
            Duration::from_secs(2),
        );
        assert!(r.is_err(), "reachable on {ip}");
    }
}

fn rss_kb(pid: u32) -> Option<u64> {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .ok()?
        .lines()
        .find(|l| l.starts_with("VmRSS:"))?
        .split_whitespace()
        .nth(1)?
        .parse()
        .ok()
}

#[test]
fn load_1000_requests_from_16_clients() {
    let s = serve();
    let engage = json!({"architecture": "epaa-phase-3", "threat": "irbm-4000", "from": "semnan", "to": "bucharest"});
    // Warm the fly-out tables.
    assert_eq!(post(s.addr, "/api/engage", &engage).status, 200);
    let rss_before = rss_kb(s.child.id());
    const CLIENTS: usize = 16;
    const REQUESTS: usize = 1_000;
    let t0 = Instant::now();
    let threads: Vec<_> = (0..CLIENTS)
        .map(|c| {
            let addr = s.addr;
            let engage = engage.clone();
            std::thread::spawn(move || {
                let mut lat = Vec::new();
                for k in (c..REQUESTS).step_by(CLIENTS) {
                    let t = Instant::now();
                    // Every fourth request an engagement, the others the catalog.
                    let r = if k % 4 == 0 {
                        post(addr, "/api/engage", &engage)
                    } else {
                        get(addr, "/api/catalog")
                    };
                    assert_eq!(r.status, 200, "request {k}: {}", r.text());
                    assert!(!r.body.is_empty());
                    lat.push((k % 4 == 0, t.elapsed().as_secs_f64() * 1e3));
                }
                lat
            })
        })
        .collect();
    let lat: Vec<(bool, f64)> = threads
        .into_iter()
        .flat_map(|t| t.join().unwrap())
        .collect();
    let wall = t0.elapsed().as_secs_f64();
    assert_eq!(lat.len(), REQUESTS);
    let mut all: Vec<f64> = lat.iter().map(|x| x.1).collect();
    all.sort_by(f64::total_cmp);
    let mut eng: Vec<f64> = lat.iter().filter(|x| x.0).map(|x| x.1).collect();
    eng.sort_by(f64::total_cmp);
    let rss_after = rss_kb(s.child.id());
    println!(
        "load: {REQUESTS} requests (1 in 4 an engage, the rest /api/catalog) from {CLIENTS} clients in {wall:.2} s: {:.0} requests/s; latency p50 {:.1} ms, p95 {:.1} ms, max {:.1} ms; engage p95 {:.1} ms; server RSS {:?} → {:?} kB",
        REQUESTS as f64 / wall,
        quantile(&all, 0.5),
        quantile(&all, 0.95),
        all.last().unwrap(),
        quantile(&eng, 0.95),
        rss_before,
        rss_after
    );
    assert!(wall < 60.0, "{wall} s");
    if let (Some(a), Some(b)) = (rss_before, rss_after) {
        assert!(b < a + 200_000, "memory grew from {a} to {b} kB");
    }
}
