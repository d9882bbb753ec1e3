//! The page in real headless Chromium, driven over WebDriver (chromedriver's HTTP API, with the
//! tests' own small HTTP client): it loads with no console errors; choosing an architecture and
//! a threat shows a timeline and map layers; the engagement it shows equals `engage --json` for
//! the same inputs; a screenshot is written to the target folder.
//!
//! Without `chromium` and `chromedriver` the test prints a note and passes, unless `CI` or
//! `SHIELDSIM_BROWSER` is set: then their absence is a failure (`.ci/run` installs them).
#![allow(clippy::unwrap_used)]

#[path = "../../shieldsim-serve/tests/common/mod.rs"]
mod common;

use common::request;
use serde_json::{Value, json};
use std::io::{BufRead, BufReader};
use std::net::SocketAddr;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// A child process, ended when dropped.
struct Proc(Child);

impl Drop for Proc {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn find(names: &[&str]) -> Option<String> {
    let path = std::env::var("PATH").unwrap_or_default();
    names.iter().find_map(|n| {
        std::env::split_paths(&path)
            .map(|d| d.join(n))
            .find(|p| p.is_file())
            .map(|p| p.display().to_string())
    })
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// One WebDriver session.
struct Driver {
    addr: SocketAddr,
    session: String,
}

impl Driver {
    fn call(&self, method: &str, path: &str, body: Option<Value>) -> Value {
        let path = format!("/session/{}{path}", self.session);
        let body = body.map(|b| b.to_string());
        let r = request(self.addr, method, &path, body.as_deref().map(str::as_bytes)).unwrap();
        let v = r.json();
        assert_eq!(r.status, 200, "{method} {path}: {v}");
        v["value"].clone()
    }

    fn script(&self, js: &str) -> Value {
        self.call(
            "POST",
            "/execute/sync",
            Some(json!({"script": js, "args": []})),
        )
    }

    /// Wait until `js` returns true.
    fn wait_for(&self, js: &str, what: &str) {
        let t = Instant::now();
        while t.elapsed() < Duration::from_secs(90) {
            if self.script(js) == json!(true) {
                return;
            }
            std::thread::sleep(Duration::from_millis(200));
        }
        let status = self.script("return document.getElementById('status').textContent");
        panic!("timed out waiting for {what} (status: {status})");
    }

    /// Browser console entries at level SEVERE.
    fn console_errors(&self) -> Vec<String> {
        let path = format!("/session/{}/se/log", self.session);
        let body = json!({"type": "browser"}).to_string();
        let r = request(self.addr, "POST", &path, Some(body.as_bytes())).unwrap();
        let v = r.json();
        assert_eq!(r.status, 200, "the browser log: {v}");
        v["value"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|e| e["level"] == "SEVERE")
            .map(|e| e["message"].as_str().unwrap_or_default().to_string())
            .collect()
    }
}

/// Every number as an f64 (JavaScript has no integers).
fn as_f64(v: &Value) -> Value {
    match v {
        Value::Number(n) => n
            .as_f64()
            .and_then(serde_json::Number::from_f64)
            .map_or(Value::Null, Value::Number),
        Value::Array(a) => Value::Array(a.iter().map(as_f64).collect()),
        Value::Object(m) => Value::Object(m.iter().map(|(k, x)| (k.clone(), as_f64(x))).collect()),
        other => other.clone(),
    }
}

fn cli_engage(req: &Value) -> Value {
    let mut args = vec!["engage".to_string(), "--json".to_string()];
    for k in ["architecture", "threat", "from", "to", "sensing"] {
        args.push(format!("--{k}"));
        args.push(req[k].as_str().unwrap().to_string());
    }
    if let Some(set) = req.get("set").and_then(Value::as_object) {
        for (k, v) in set {
            args.push("--set".into());
            args.push(format!("{k}={v}"));
        }
    }
    for k in ["samples", "seed"] {
        if let Some(v) = req.get(k).and_then(Value::as_u64) {
            args.push(format!("--{k}"));
            args.push(v.to_string());
        }
    }
    let out = Command::new(env!("CARGO_BIN_EXE_shieldsim"))
        .args(&args)
        .output()
        .unwrap();
    assert!(out.status.success(), "{args:?}");
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn page_in_headless_chromium() {
    let required =
        std::env::var_os("CI").is_some() || std::env::var_os("SHIELDSIM_BROWSER").is_some();
    let (Some(chromium), Some(chromedriver)) = (
        find(&["chromium", "chromium-browser", "google-chrome"]),
        find(&["chromedriver"]),
    ) else {
        assert!(
            !required,
            "chromium and chromedriver are required (CI or SHIELDSIM_BROWSER is set): apt-get install chromium chromium-driver"
        );
        println!(
            "note: skipped — chromium or chromedriver missing (apt-get install chromium chromium-driver)"
        );
        return;
    };
    // The server.
    let mut server = Command::new(env!("CARGO_BIN_EXE_shieldsim"))
        .args(["serve", "--port", "0"])
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(server.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let _server = Proc(server);
    let url = line.trim().strip_prefix("serving ").unwrap().to_string();
    // The driver.
    let port = free_port();
    let _driver = Proc(
        Command::new(&chromedriver)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap(),
    );
    let addr: SocketAddr = format!("127.0.0.1:{port}").parse().unwrap();
    let t = Instant::now();
    while request(addr, "GET", "/status", None).is_err() {
        assert!(
            t.elapsed() < Duration::from_secs(20),
            "chromedriver did not start"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
    let caps = json!({"capabilities": {"alwaysMatch": {
        "browserName": "chrome",
        "goog:chromeOptions": {
            "binary": chromium,
            "args": ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                     "--window-size=1400,1700", "--hide-scrollbars"]
        },
        "goog:loggingPrefs": {"browser": "ALL"}
    }}});
    let r = request(addr, "POST", "/session", Some(caps.to_string().as_bytes())).unwrap();
    let v = r.json();
    assert_eq!(r.status, 200, "new session: {v}");
    let driver = Driver {
        addr,
        session: v["value"]["sessionId"].as_str().unwrap().to_string(),
    };
    struct End<'a>(&'a Driver);
    impl Drop for End<'_> {
        fn drop(&mut self) {
            let path = format!("/session/{}", self.0.session);
            let _ = request(self.0.addr, "DELETE", &path, None);
        }
    }
    let _end = End(&driver);

    // The page loads and answers its default case.
    driver.call("POST", "/url", Some(json!({"url": url})));
    driver.wait_for(
        "return document.body.dataset.engageState === 'done'",
        "the first engagement",
    );
    // Choose an architecture and a threat (and a launch point, sensing and an aim point).
    driver.script(
        "const set = (id, v) => { const e = document.getElementById(id); e.value = v; \
           e.dispatchEvent(new Event('change')); }; \
         set('architecture', 'epaa-phase-2'); set('threat', 'mrbm-2000'); set('from', 'tabriz'); \
         set('to', 'bucharest'); set('sensing', 'cued');",
    );
    driver.wait_for(
        "const r = window.lastEngageRequest; return document.body.dataset.engageState === 'done' \
           && r !== null && r.architecture === 'epaa-phase-2' && r.threat === 'mrbm-2000' \
           && r.from === 'tabriz' && r.sensing === 'cued' && r.to === 'bucharest'",
        "the chosen engagement",
    );
    // A timeline: rows for the threat, every sensor and every site, with launch and intercept
    // windows for an engaging site.
    let shown = driver.script(
        "const svg = document.getElementById('timeline-svg'); return { \
           rects: svg ? svg.querySelectorAll('rect').length : 0, \
           sensors: svg ? svg.querySelectorAll('rect.sensor-window').length : 0, \
           launch: svg ? svg.querySelectorAll('rect.launch-window').length : 0, \
           intercept: svg ? svg.querySelectorAll('rect.intercept-window').length : 0, \
           markers: document.querySelectorAll('.leaflet-overlay-pane path.leaflet-interactive').length, \
           basemap: document.querySelectorAll('.leaflet-overlay-pane path').length, \
           overlays: document.querySelectorAll('.leaflet-control-layers-overlays input').length, \
           engaging: window.lastEngage.opportunities.length }",
    );
    println!("page shows: {shown}");
    assert!(shown["rects"].as_u64().unwrap() >= 3, "{shown}");
    assert!(shown["sensors"].as_u64().unwrap() >= 1, "{shown}");
    let engaging = shown["engaging"].as_u64().unwrap();
    assert_eq!(shown["launch"].as_u64().unwrap(), engaging, "{shown}");
    assert!(shown["intercept"].as_u64().unwrap() >= engaging, "{shown}");
    // Map layers: sites, radars, the track, launch and aim marks, intercept points over the
    // base map; the layer control lists the overlays.
    assert!(shown["markers"].as_u64().unwrap() >= 5, "{shown}");
    assert!(shown["basemap"].as_u64().unwrap() >= 100, "{shown}");
    assert!(shown["overlays"].as_u64().unwrap() >= 5, "{shown}");
    // The engagement shown equals the command line's for the same inputs, both as the page
    // holds it and as it wrote it into the page.
    let req = driver.script("return window.lastEngageRequest");
    let page = driver.script("return window.lastEngage");
    let text = driver.script("return document.getElementById('engage-json').textContent");
    let written: Value = serde_json::from_str(text.as_str().unwrap()).unwrap();
    let cli = cli_engage(&req);
    // The page's object comes back through WebDriver as JavaScript numbers (60.0 arrives as
    // 60): compare it number by number as f64, exactly; the text the page wrote is compared
    // as it is.
    assert_eq!(as_f64(&page), as_f64(&cli), "{req}");
    assert_eq!(written, cli, "{req}");
    // A slider: a slower interceptor, recomputed; still the command line's answer.
    driver.script(
        "const s = document.querySelector('#sliders input[data-key=\"assumptions.decision_delay_s\"]'); \
         s.value = s.min; s.dispatchEvent(new Event('input')); s.dispatchEvent(new Event('change'));",
    );
    driver.wait_for(
        "const r = window.lastEngageRequest; return document.body.dataset.engageState === 'done' \
           && r.set !== undefined",
        "the recomputed engagement",
    );
    let req = driver.script("return window.lastEngageRequest");
    assert_eq!(
        as_f64(&driver.script("return window.lastEngage")),
        as_f64(&cli_engage(&req))
    );
    // Over the catalog's ranges: the page states the share, and it is the command line's.
    driver.script(
        "const s = document.getElementById('samples'); s.value = '200'; \
         s.dispatchEvent(new Event('change'));",
    );
    driver.wait_for(
        "const r = window.lastEngageRequest; return document.body.dataset.engageState === 'done' \
           && r.samples === 200",
        "the engagement over the ranges",
    );
    let req = driver.script("return window.lastEngageRequest");
    let page = driver.script("return window.lastEngage");
    let cli = cli_engage(&req);
    assert_eq!(
        page["engageable_share"].as_f64(),
        cli["engageable_share"].as_f64(),
        "{req}"
    );
    assert!(page["engageable_share"].as_f64().is_some(), "{page}");
    let text = driver.script("return document.getElementById('ranges').textContent");
    let text = text.as_str().unwrap_or_default();
    assert!(
        text.contains("200 parameter sets") && text.contains("% of them"),
        "{text}"
    );
    // The deterrent matrix and a footprint, for the screenshot.
    driver.script("document.getElementById('deterrent-run').click()");
    driver.wait_for(
        "return document.querySelectorAll('#deterrent table tr').length > 1",
        "the deterrent matrix",
    );
    driver.script("document.getElementById('footprint').click()");
    driver.wait_for(
        "return document.getElementById('footprint-info').textContent.length > 0",
        "the footprint",
    );
    // No console errors (a CSP violation would be one).
    let errors = driver.console_errors();
    assert!(errors.is_empty(), "console errors: {errors:?}");
    // A screenshot of the whole page.
    let height = driver.script("return document.documentElement.scrollHeight");
    driver.call(
        "POST",
        "/window/rect",
        Some(json!({"width": 1400, "height": height.as_u64().unwrap_or(1700).clamp(900, 4000) + 120})),
    );
    std::thread::sleep(Duration::from_millis(500));
    let png = common::base64_decode(driver.call("GET", "/screenshot", None).as_str().unwrap());
    assert!(png.starts_with(b"\x89PNG"), "not a PNG");
    let out = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("serve-page.png");
    std::fs::write(&out, &png).unwrap();
    println!("screenshot: {} ({} bytes)", out.display(), png.len());
}
