//! Requests in, responses out: routing, the `Host` check, the body limit, headers, and the
//! net that turns any panic into a 500.

use crate::api::{self, ApiError, State};
use std::io::Read;
use std::sync::Arc;
use std::time::Instant;
use tiny_http::{Header, Method, Request, Response};

/// The page's Content-Security-Policy: everything from this server, no inline script or style,
/// no framing.
pub const CSP: &str = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/// A response before it is written.
struct Reply {
    status: u16,
    content_type: &'static str,
    body: Vec<u8>,
    headers: Vec<(&'static str, String)>,
}

impl Reply {
    fn json(status: u16, value: &serde_json::Value) -> Reply {
        Reply {
            status,
            content_type: "application/json",
            body: serde_json::to_vec(value).unwrap_or_else(|_| b"{}".to_vec()),
            headers: Vec::new(),
        }
    }

    fn error(e: &ApiError) -> Reply {
        Reply::json(e.status, &serde_json::json!({ "error": e.message }))
    }
}

fn header(name: &str, value: &str) -> Option<Header> {
    Header::from_bytes(name.as_bytes(), value.as_bytes()).ok()
}

/// Answer one request (never panics: a panic below is answered with 500).
pub fn handle(state: &Arc<State>, mut request: Request) {
    let started = Instant::now();
    let reply = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        route(state, &mut request, started)
    }))
    .unwrap_or_else(|p| Reply::error(&ApiError::internal(api::panic_message(p.as_ref()))));
    let mut response = Response::from_data(reply.body).with_status_code(reply.status);
    let common = [
        ("Content-Type", reply.content_type.to_string()),
        ("X-Content-Type-Options", "nosniff".to_string()),
        ("Referrer-Policy", "no-referrer".to_string()),
        ("Cross-Origin-Resource-Policy", "same-origin".to_string()),
    ];
    for (k, v) in common.iter().cloned().chain(reply.headers) {
        if let Some(h) = header(k, &v) {
            response.add_header(h);
        }
    }
    // A closed connection is the client's business.
    let _ = request.respond(response);
}

/// The `Host` header must name this server (a page on another site that resolves its own name
/// to 127.0.0.1 — DNS rebinding — gets 403).
fn host_ok(state: &State, request: &Request) -> bool {
    let Some(host) = request
        .headers()
        .iter()
        .find(|h| h.field.equiv("Host"))
        .map(|h| h.value.as_str().to_ascii_lowercase())
    else {
        // HTTP/1.0 without Host: a local tool.
        return true;
    };
    let port = state.addr.port();
    let ip = state.addr.ip();
    let mut allowed = vec![
        format!("127.0.0.1:{port}"),
        format!("localhost:{port}"),
        format!("[::1]:{port}"),
    ];
    allowed.push(match ip {
        std::net::IpAddr::V6(v6) => format!("[{v6}]:{port}"),
        std::net::IpAddr::V4(v4) => format!("{v4}:{port}"),
    });
    allowed.contains(&host)
}

/// Read the body, at most `limit` bytes (413 beyond).
fn body(request: &mut Request, limit: usize) -> Result<Vec<u8>, ApiError> {
    let too_big = |n: String| ApiError {
        status: 413,
        message: format!("the body ({n}) is over the server's limit of {limit} bytes"),
    };
    if let Some(n) = request.body_length()
        && n > limit
    {
        return Err(too_big(format!("{n} bytes")));
    }
    let mut buf = Vec::new();
    request
        .as_reader()
        .take(limit as u64 + 1)
        .read_to_end(&mut buf)
        .map_err(|e| ApiError::bad(format!("cannot read the body: {e}")))?;
    if buf.len() > limit {
        return Err(too_big("more".into()));
    }
    Ok(buf)
}

/// What a path allows.
enum Allow {
    Get,
    Post,
}

fn route(state: &Arc<State>, request: &mut Request, started: Instant) -> Reply {
    if !host_ok(state, request) {
        return Reply::error(&ApiError {
            status: 403,
            message: "the Host header does not name this server (open the URL the server printed)"
                .into(),
        });
    }
    let url = request.url().to_string();
    let path = url.split(['?', '#']).next().unwrap_or("");
    let method = request.method().clone();
    let allow = if path.starts_with("/api/") {
        match path {
            "/api/catalog" | "/api/progress" => Some(Allow::Get),
            "/api/engage" | "/api/footprint" | "/api/deterrent" | "/api/fly" => Some(Allow::Post),
            p if p.starts_with("/api/architecture/") => Some(Allow::Get),
            _ => None,
        }
    } else if crate::assets::find(path).is_some() {
        Some(Allow::Get)
    } else {
        None
    };
    let Some(allow) = allow else {
        return Reply::error(&ApiError {
            status: 404,
            message: format!("no such path: {}", path.escape_debug()),
        });
    };
    let (ok, allowed) = match allow {
        Allow::Get => (matches!(method, Method::Get | Method::Head), "GET, HEAD"),
        Allow::Post => (method == Method::Post, "POST"),
    };
    if !ok {
        let mut r = Reply::error(&ApiError {
            status: 405,
            message: format!("{path} takes {allowed}, not {method}"),
        });
        r.headers.push(("Allow", allowed.to_string()));
        return r;
    }
    match allow {
        Allow::Get => get(state, path),
        Allow::Post => {
            let body = match body(request, state.limits.max_body_bytes) {
                Ok(b) => b,
                Err(e) => {
                    let mut r = Reply::error(&e);
                    r.headers.push(("Connection", "close".into()));
                    return r;
                }
            };
            let out = match path {
                "/api/engage" => api::engage(state, &body, started),
                "/api/footprint" => api::footprint(state, &body, started),
                "/api/deterrent" => api::deterrent(state, &body, started),
                _ => api::fly(state, &body, started),
            };
            let mut r = match out {
                Ok(v) => Reply::json(200, &v),
                Err(e) => Reply::error(&e),
            };
            r.headers.push(("Cache-Control", "no-store".into()));
            r
        }
    }
}

fn get(state: &Arc<State>, path: &str) -> Reply {
    if path == "/api/catalog" {
        return Reply {
            status: 200,
            content_type: "application/json",
            body: state.catalog_json().to_vec(),
            headers: Vec::new(),
        };
    }
    if path == "/api/progress" {
        let mut r = Reply::json(200, &state.progress());
        r.headers.push(("Cache-Control", "no-store".into()));
        return r;
    }
    if let Some(id) = path.strip_prefix("/api/architecture/") {
        return match api::architecture_json(state, id) {
            Ok(v) => Reply::json(200, &v),
            Err(e) => Reply::error(&e),
        };
    }
    match crate::assets::find(path) {
        Some(a) => {
            let mut headers = Vec::new();
            if a.content_type.starts_with("text/html") {
                headers.push(("Content-Security-Policy", CSP.to_string()));
                headers.push(("X-Frame-Options", "DENY".to_string()));
            }
            headers.push(("Cache-Control", "no-cache".to_string()));
            Reply {
                status: 200,
                content_type: a.content_type,
                body: a.bytes.to_vec(),
                headers,
            }
        }
        None => Reply::error(&ApiError {
            status: 404,
            message: format!("no such path: {}", path.escape_debug()),
        }),
    }
}
