//! # shieldsim-serve
//!
//! The local web app behind `shieldsim serve`: a JSON API that mirrors the command line
//! (`GET /api/catalog`, `POST /api/engage`, `/api/footprint`, `/api/deterrent`, `/api/fly`;
//! docs/API.md) and an interactive page whose assets are embedded in the binary (no CDN, no
//! internet).
//!
//! The server is synchronous ([`tiny_http`], docs/decisions/0005-web-server.md): a fixed pool of
//! worker threads takes requests; a study runs on a thread of its own, at most
//! [`Limits::max_studies`] at once, so that the catalog, the assets and the progress endpoint are
//! answered while studies run, and a study that outlives [`Limits::timeout`] is answered with
//! 504 (it finishes in the background, holding its place, so the bound on concurrent work holds).
//!
//! Everything a request names is a catalog id, a PLACE or a number: no request can name a file
//! on the server (docs/SECURITY.md, "Server"). Bad input gets 400 with `{"error": "..."}` naming
//! the field; no input makes the server panic, and a defect is caught and answered with 500.
//!
//! Layers: handlers parse ([`api`]), call a study of `shieldsim-studies` and serialise; no
//! physics lives here.

pub mod api;
mod assets;
mod http;

use std::net::{IpAddr, Ipv4Addr, SocketAddr, TcpListener};
use std::sync::Arc;
use std::time::Duration;

/// The server's limits (docs/SECURITY.md). [`Limits::default`] is what `shieldsim serve` uses.
#[derive(Debug, Clone, PartialEq)]
pub struct Limits {
    /// Largest request body (bytes); larger gets 413.
    pub max_body_bytes: usize,
    /// Most aim points of one footprint grid.
    pub max_aim_points: usize,
    /// Most parameter sets of one engagement (`samples`).
    pub max_samples: u32,
    /// Most ICBM routes (bases × targets) of one deterrent request.
    pub max_routes: usize,
    /// Most architectures of one deterrent request.
    pub max_architectures: usize,
    /// Longest a request may take, waiting for a turn included; then 504 (or 503 if it never
    /// got a turn).
    pub timeout: Duration,
    /// Studies running at once.
    pub max_studies: usize,
    /// Studies waiting for a turn at once; beyond, 503 at once.
    pub max_waiting: usize,
    /// Worker threads taking requests (studies run on threads of their own).
    pub workers: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_body_bytes: 1 << 20,
            max_aim_points: 20_000,
            max_samples: 2_000,
            max_routes: 100,
            max_architectures: 20,
            timeout: Duration::from_secs(60),
            max_studies: 2,
            max_waiting: 8,
            workers: 16,
        }
    }
}

/// Where and how to serve.
#[derive(Debug, Clone)]
pub struct Options {
    /// Address to bind (default loopback, 127.0.0.1).
    pub host: IpAddr,
    /// Port (0: any free port).
    pub port: u16,
    /// Limits.
    pub limits: Limits,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            host: IpAddr::V4(Ipv4Addr::LOCALHOST),
            port: 8080,
            limits: Limits::default(),
        }
    }
}

/// A bound server, not yet serving.
pub struct Server {
    http: Arc<tiny_http::Server>,
    addr: SocketAddr,
    state: Arc<api::State>,
}

impl Server {
    /// Bind the socket and prepare the shared state (the catalog, parsed once).
    pub fn bind(options: &Options) -> Result<Server, String> {
        let listener = TcpListener::bind((options.host, options.port))
            .map_err(|e| format!("cannot listen on {}:{}: {e}", options.host, options.port))?;
        let addr = listener
            .local_addr()
            .map_err(|e| format!("cannot read the bound address: {e}"))?;
        let http = tiny_http::Server::from_listener(listener, None)
            .map_err(|e| format!("cannot serve on {addr}: {e}"))?;
        let state = api::State::new(options.limits.clone(), addr)?;
        Ok(Server {
            http: Arc::new(http),
            addr,
            state: Arc::new(state),
        })
    }

    /// The bound address (with the port chosen when asked for port 0).
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// The page's URL, e.g. `http://127.0.0.1:8080/`.
    pub fn url(&self) -> String {
        match self.addr {
            SocketAddr::V6(a) => format!("http://[{}]:{}/", a.ip(), a.port()),
            SocketAddr::V4(a) => format!("http://{}:{}/", a.ip(), a.port()),
        }
    }

    /// Serve until the process ends. A panic anywhere below is caught per request (500): the
    /// caller should install a panic hook that does not exit the process.
    pub fn run(self) {
        let workers: Vec<_> = (0..self.state.limits.workers.max(1))
            .map(|k| {
                let http = Arc::clone(&self.http);
                let state = Arc::clone(&self.state);
                std::thread::Builder::new()
                    .name(format!("serve-{k}"))
                    .spawn(move || {
                        while let Ok(request) = http.recv() {
                            http::handle(&state, request);
                        }
                    })
            })
            .collect();
        for w in workers.into_iter().flatten() {
            let _ = w.join();
        }
    }
}
