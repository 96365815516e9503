//! `derek serve`: a read-only SPARQL 1.1 Protocol endpoint over the store, and a query page.
//!
//! Why this shape:
//! - tiny_http on a few worker threads instead of an async stack: a query is CPU and disk work
//!   on the calling thread anyway, and the crate builds in seconds.
//! - Queries run in worker processes ([`worker`]), one query at a time each, killed at the
//!   timeout and capped in memory: Oxigraph's cancellation does not reach every operator, and a
//!   thread cannot be stopped from outside. This process only speaks HTTP.
//! - Each worker opens the store read-only, so the server runs beside a `derek build` that
//!   writes. A read-only RocksDB open is a snapshot: it never sees later writes. A worker
//!   therefore watches the store directory (its WAL, MANIFEST and CURRENT files) and opens a
//!   fresh snapshot when they have changed and requests are coming (`engine::Snapshots`). The
//!   opening happens on a background thread, because a read-only open replays the writer's
//!   whole write-ahead log (seconds, in the middle of a long build): requests go on being
//!   answered from the previous snapshot meanwhile, and queries already running finish on theirs.
//! - Responses are serialized into memory before the status line goes out, so a query that
//!   times out or passes the result limit half way gets a clear error status instead of a
//!   truncated 200. The result limit bounds that buffer.

mod engine;
pub mod protocol;
pub mod worker;

use std::net::{SocketAddr, ToSocketAddrs};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

use crate::error::{Error, Result};
use crate::query::{bind_params, describe, NAMED};
pub use protocol::{negotiate, Negotiated, ResultKind};
pub use worker::{run_worker, Pool};

/// How the server is set up (the `derek serve` flags).
#[derive(Debug, Clone)]
pub struct Config {
    pub store: PathBuf,
    pub bind: String,
    /// A query still running after this is cancelled and answered with 503.
    pub timeout: Duration,
    /// Most solutions (rows) or triples one response may carry; more is answered with 422.
    pub max_results: usize,
    /// How often, at most, the store directory is checked for a newer build.
    pub refresh: Duration,
    /// Worker threads answering requests.
    pub threads: usize,
    /// Log one line per request on standard error.
    pub log: bool,
    /// The address space a query's worker process may have, in bytes (None: no cap).
    pub max_memory: Option<u64>,
    /// Origins whose pages may query the endpoint (`Access-Control-Allow-Origin`); `*` for
    /// any. Empty: no CORS headers, so browsers keep other origins' pages out.
    pub cors: Vec<String>,
}

/// The largest request body read (a query text); larger bodies get 413.
const MAX_BODY: usize = 1 << 20;

/// The query panel put above the graph view of the page served at `/`, and its script.
const QUERY_HTML: &str = include_str!("query.html");
const QUERY_JS: &str = include_str!("query.js");

/// A bound server, ready to run.
pub struct Server {
    http: Arc<tiny_http::Server>,
    addr: SocketAddr,
    state: Arc<State>,
}

struct State {
    config: Config,
    pool: Pool,
    page: String,
}

/// The query page: the interactive graph page of `derek viz --format html` (one generator for
/// both), with a query panel on top, the shipped named queries as examples (parameters left
/// empty, which the named queries read as "no filter"), and fetches allowed to this origin.
pub fn page() -> String {
    use crate::export::html::{render, script_json, PageGraph, PageOptions};
    let examples: Vec<serde_json::Value> = NAMED
        .iter()
        .map(|(name, text)| {
            let (title, _) = describe(text);
            serde_json::json!({
                "name": name,
                "title": title,
                "text": bind_params(text, &[]),
            })
        })
        .collect();
    let top = format!(
        "{QUERY_HTML}<script id=\"q-examples-data\" type=\"application/json\">{}</script>\n",
        script_json(&examples)
    );
    render(
        &PageGraph::default(),
        &PageOptions {
            title: "derek: SPARQL",
            top_html: &top,
            script: QUERY_JS,
            connect_self: true,
        },
    )
}

/// Resolves `--bind`; a port of 0 picks a free one.
pub fn resolve_bind(bind: &str) -> Result<SocketAddr> {
    bind.to_socket_addrs()
        .map_err(|e| {
            Error::Usage(format!(
                "--bind {bind:?}: {e} (expected HOST:PORT, e.g. 127.0.0.1:7878)"
            ))
        })?
        .next()
        .ok_or_else(|| Error::Usage(format!("--bind {bind:?}: no address")))
}

impl Server {
    pub fn bind(config: Config) -> Result<Server> {
        let addr = resolve_bind(&config.bind)?;
        let pool = Pool::new(&config)?;
        let listener = std::net::TcpListener::bind(addr).map_err(|e| {
            Error::Other(format!(
                "cannot listen on {addr}: {e}{}",
                if e.kind() == std::io::ErrorKind::AddrInUse {
                    " (another server uses that port; pass --bind 127.0.0.1:PORT)"
                } else {
                    ""
                }
            ))
        })?;
        let addr = listener
            .local_addr()
            .map_err(|e| Error::Other(e.to_string()))?;
        let http = tiny_http::Server::from_listener(listener, None)
            .map_err(|e| Error::Other(format!("cannot serve on {addr}: {e}")))?;
        Ok(Server {
            http: Arc::new(http),
            addr,
            state: Arc::new(State {
                config,
                pool,
                page: page(),
            }),
        })
    }

    /// The address actually bound (the port is known here when `--bind` asked for port 0).
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// Answers requests until the process ends.
    pub fn run(self) -> Result<()> {
        let n = self.state.config.threads.max(1);
        let mut workers = Vec::with_capacity(n);
        for _ in 0..n {
            let http = Arc::clone(&self.http);
            let state = Arc::clone(&self.state);
            workers.push(std::thread::spawn(move || loop {
                match http.recv() {
                    Ok(req) => state.answer(req),
                    Err(e) => {
                        eprintln!("derek serve: error: accepting a connection: {e}");
                        std::thread::sleep(Duration::from_millis(50));
                    }
                }
            }));
        }
        for w in workers {
            let _ = w.join();
        }
        Ok(())
    }
}

/// A response before it is sent.
#[derive(Debug, PartialEq, Eq)]
pub struct Reply {
    pub status: u16,
    pub content_type: String,
    pub body: Vec<u8>,
    /// A short note for the request log (rows sent, or the error).
    pub note: String,
    pub allow: Option<&'static str>,
}

impl Reply {
    fn text(status: u16, msg: impl Into<String>) -> Reply {
        let msg = msg.into();
        Reply {
            status,
            content_type: "text/plain; charset=utf-8".into(),
            note: msg.lines().next().unwrap_or("").chars().take(100).collect(),
            body: format!("{msg}\n").into_bytes(),
            allow: None,
        }
    }
}

const READ_ONLY: &str = "derek serve is read-only: SPARQL Update is refused. The store changes only through `derek build` (or `derek load`) on the machine that holds it.";

impl State {
    fn answer(&self, mut req: tiny_http::Request) {
        let started = Instant::now();
        let method = req.method().as_str().to_ascii_uppercase();
        let url = req.url().to_string();
        let header = |name: &str| {
            req.headers()
                .iter()
                .find(|h| h.field.as_str().as_str().eq_ignore_ascii_case(name))
                .map(|h| h.value.as_str().to_string())
        };
        let accept = header("Accept");
        let content_type = header("Content-Type");
        let mut body = Vec::new();
        let mut too_big = false;
        if method == "POST" {
            use std::io::Read;
            let r = req
                .as_reader()
                .take(MAX_BODY as u64 + 1)
                .read_to_end(&mut body);
            too_big = body.len() > MAX_BODY;
            if let Err(e) = r {
                let reply = Reply::text(400, format!("could not read the request body: {e}"));
                self.send(req, reply, &method, &url, started);
                return;
            }
        }
        let reply = if too_big {
            Reply::text(
                413,
                format!("the request body is larger than {MAX_BODY} bytes"),
            )
        } else {
            self.route(
                &method,
                &url,
                accept.as_deref(),
                content_type.as_deref(),
                &body,
            )
        };
        self.send(req, reply, &method, &url, started);
    }

    fn send(
        &self,
        req: tiny_http::Request,
        reply: Reply,
        method: &str,
        url: &str,
        started: Instant,
    ) {
        if self.config.log {
            let path: String = url
                .split('?')
                .next()
                .unwrap_or("")
                .chars()
                .take(60)
                .collect();
            eprintln!(
                "derek serve: {} {method} {path} {} {} ms {}",
                req.remote_addr()
                    .map(|a| a.ip().to_string())
                    .unwrap_or_default(),
                reply.status,
                started.elapsed().as_millis(),
                reply.note
            );
        }
        let origin = req
            .headers()
            .iter()
            .find(|h| h.field.equiv("Origin"))
            .map(|h| h.value.as_str().to_string());
        let mut resp = tiny_http::Response::from_data(reply.body).with_status_code(reply.status);
        let mut add = |k: &str, v: &str| {
            if let Ok(h) = tiny_http::Header::from_bytes(k.as_bytes(), v.as_bytes()) {
                resp.add_header(h);
            }
        };
        add("Content-Type", &reply.content_type);
        add("Vary", "Accept, Origin");
        if let Some(o) = origin.as_deref().and_then(|o| self.allowed_origin(o)) {
            add("Access-Control-Allow-Origin", o);
            if method == "OPTIONS" {
                add("Access-Control-Allow-Methods", "GET, POST, OPTIONS");
                add("Access-Control-Allow-Headers", "Accept, Content-Type");
                add("Access-Control-Max-Age", "600");
            }
        }
        add("Cache-Control", "no-store");
        if let Some(a) = reply.allow {
            add("Allow", a);
        }
        // The client may have gone away; nothing to do about it.
        let _ = req.respond(resp);
    }

    /// Decides what a request asks for and answers it.
    pub fn route(
        &self,
        method: &str,
        url: &str,
        accept: Option<&str>,
        content_type: Option<&str>,
        body: &[u8],
    ) -> Reply {
        let (path, query_string) = url.split_once('?').unwrap_or((url, ""));
        let params = protocol::parse_form(query_string);
        if method == "OPTIONS" && !self.config.cors.is_empty() {
            // A browser's preflight; `send` adds the CORS headers when the origin is allowed.
            return Reply {
                status: 204,
                body: Vec::new(),
                ..Reply::text(204, "preflight")
            };
        }
        match path {
            "/" | "/index.html" => {
                if method != "GET" && method != "HEAD" {
                    return Reply {
                        allow: Some("GET"),
                        ..Reply::text(405, "the query page answers GET")
                    };
                }
                self.page()
            }
            "/sparql" | "/query" => {
                let req = match protocol::sparql_request(method, &params, content_type, body) {
                    Ok(r) => r,
                    Err(reply) => return reply,
                };
                match req {
                    protocol::SparqlRequest::Update => Reply::text(403, READ_ONLY),
                    protocol::SparqlRequest::None => {
                        if protocol::prefers_html(accept) {
                            self.page()
                        } else {
                            Reply::text(400, "no query: pass the SPARQL query as ?query=... (GET), as a form field `query` (POST, application/x-www-form-urlencoded), or as the body (POST, application/sparql-query)")
                        }
                    }
                    protocol::SparqlRequest::Query {
                        text,
                        default_graphs,
                        named_graphs,
                        page,
                    } => {
                        // Clients name the format in the URL under different keys (SPARQLWrapper
                        // sends all three): hints, read after the Accept header fails to decide.
                        let formats = params
                            .iter()
                            .filter(|(k, _)| matches!(k.as_str(), "format" | "output" | "results"))
                            .map(|(_, v)| v.clone())
                            .collect();
                        self.pool.query(&worker::Request {
                            text,
                            default_graphs,
                            named_graphs,
                            accept: accept.map(str::to_string),
                            formats,
                            page,
                        })
                    }
                }
            }
            "/update" => Reply::text(403, READ_ONLY),
            _ => Reply::text(
                404,
                format!("nothing at {path}: the SPARQL endpoint is /sparql, the query page is /"),
            ),
        }
    }

    fn page(&self) -> Reply {
        Reply {
            status: 200,
            content_type: "text/html; charset=utf-8".into(),
            body: self.page.as_bytes().to_vec(),
            note: String::new(),
            allow: None,
        }
    }

    /// The value of `Access-Control-Allow-Origin` for a request from `origin`, if `--cors`
    /// allows it.
    fn allowed_origin<'a>(&'a self, origin: &'a str) -> Option<&'a str> {
        let cors = &self.config.cors;
        if cors.iter().any(|c| c == "*") {
            Some("*")
        } else {
            cors.iter().any(|c| c == origin).then_some(origin)
        }
    }
}

/// Whether an address is reachable only from this machine.
pub fn is_loopback(addr: &SocketAddr) -> bool {
    addr.ip().is_loopback()
}
