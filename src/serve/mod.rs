//! `derek serve`: a read-only SPARQL 1.1 Protocol endpoint over the store, and a query page.
//!
//! Why this shape:
//! - tiny_http on a few worker threads instead of an async stack: a query is CPU and disk work
//!   on the calling thread anyway, and the crate builds in seconds.
//! - The store is opened read-only, so the server runs beside a `derek build` that writes. A
//!   read-only RocksDB open is a snapshot: it never sees later writes. The server therefore
//!   watches the store directory (its WAL, MANIFEST and CURRENT files) and opens a fresh
//!   snapshot when they have changed and requests are coming ([`Snapshots`]). The opening
//!   happens on a background thread, because a read-only open replays the writer's whole
//!   write-ahead log (seconds, in the middle of a long build): requests go on being answered
//!   from the previous snapshot meanwhile, and queries already running finish on theirs.
//! - Responses are serialized into memory before the status line goes out, so a query that
//!   times out or passes the result limit half way gets a clear error status instead of a
//!   truncated 200. The result limit bounds that buffer.

pub mod protocol;

use std::net::{SocketAddr, ToSocketAddrs};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{mpsc, Arc, Mutex};
use std::time::{Duration, Instant, SystemTime};

use oxigraph::model::{GraphName, NamedNode, NamedOrBlankNode};
use oxigraph::sparql::{
    CancellationToken, QueryEvaluationError, QueryResults, QuerySolutionIter, QueryTripleIter,
    SparqlEvaluator,
};
use oxigraph::store::Store;

use crate::error::{Error, Result};
use crate::query::{bind_params, describe, write_results, NAMED};
pub use protocol::{negotiate, Negotiated, ResultKind};

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
}

/// The largest request body read (a query text); larger bodies get 413.
const MAX_BODY: usize = 1 << 20;

/// The query panel put above the graph view of the page served at `/`, and its script.
const QUERY_HTML: &str = include_str!("query.html");
const QUERY_JS: &str = include_str!("query.js");

/// What identifies the on-disk state of a RocksDB store: names, sizes and modification times
/// of the files a commit or a flush changes (the write-ahead logs, MANIFEST and CURRENT).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
struct Fingerprint {
    files: Vec<(String, u64, Option<SystemTime>)>,
}

impl Fingerprint {
    fn read(dir: &Path) -> std::io::Result<Fingerprint> {
        let mut files = Vec::new();
        for e in std::fs::read_dir(dir)? {
            let e = e?;
            let name = e.file_name().to_string_lossy().into_owned();
            let wal = name.ends_with(".log")
                && name[..name.len() - 4].bytes().all(|b| b.is_ascii_digit());
            if !(wal || name == "CURRENT" || name.starts_with("MANIFEST-")) {
                continue;
            }
            // A file can vanish between listing and stat (a writer rotating its log).
            let Ok(m) = e.metadata() else { continue };
            files.push((name, m.len(), m.modified().ok()));
        }
        files.sort();
        Ok(Fingerprint { files })
    }

    fn newest(&self) -> Option<SystemTime> {
        self.files.iter().filter_map(|f| f.2).max()
    }
}

/// The snapshot of the store that new queries run on, and when it was taken.
struct View {
    store: Store,
    fingerprint: Fingerprint,
    opened: SystemTime,
}

/// Writes that land within this long of a snapshot's opening may fall in the same file
/// timestamp tick as the check before it; such a snapshot is taken again once the store is quiet.
const SETTLE: Duration = Duration::from_secs(1);

/// The read-only store the server answers from, reopened when a build has changed it.
///
/// When: every refresh period a background thread looks whether a request came since its last
/// look; if one did, no other process holds the store for writing, and the store directory
/// changed (or was written within [`SETTLE`] before the current snapshot was taken), it opens
/// a new snapshot and swaps it in. So the articles of a build are answered once the build has
/// finished: within a refresh period plus the time of an open, counted from the first request
/// after the build. During the build the server answers from the snapshot it had. An idle
/// server opens nothing.
pub struct Snapshots {
    path: PathBuf,
    refresh: Duration,
    view: Mutex<View>,
    wanted: AtomicBool,
}

impl Snapshots {
    pub fn open(path: &Path, refresh: Duration) -> Result<Snapshots> {
        // Fingerprint first: a write between the two shows as a change at the first check.
        let fingerprint = Fingerprint::read(path).unwrap_or_default();
        let opened = SystemTime::now();
        let store = crate::store::DerekStore::open_read_only(path)?.store;
        Ok(Snapshots {
            path: path.to_path_buf(),
            refresh,
            view: Mutex::new(View {
                store,
                fingerprint,
                opened,
            }),
            wanted: AtomicBool::new(false),
        })
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, View> {
        match self.view.lock() {
            Ok(v) => v,
            Err(p) => p.into_inner(),
        }
    }

    /// The store for a new query (and a note that queries are coming, for the refresher).
    pub fn current(&self) -> Store {
        self.wanted.store(true, Ordering::SeqCst);
        self.lock().store.clone()
    }

    /// Looks once: opens and swaps in a new snapshot if the store changed and no other process
    /// is writing it (RocksDB gives no consistent read-only view of a store being written; the
    /// writer's commits become visible once it is done). Returns whether it swapped.
    pub fn refresh_now(&self) -> bool {
        if crate::store::writer_pid(&self.path).is_some() {
            return false;
        }
        let Ok(fp) = Fingerprint::read(&self.path) else {
            return false;
        };
        let (changed, unsettled) = {
            let v = self.lock();
            (
                fp != v.fingerprint,
                fp.newest().is_some_and(|t| v.opened < t + SETTLE),
            )
        };
        if !(changed || unsettled) {
            return false;
        }
        // The slow part, outside the lock: requests keep the old snapshot meanwhile.
        let opened = SystemTime::now();
        match Store::open_read_only(&self.path) {
            Ok(store) => {
                let mut v = self.lock();
                v.store = store;
                v.fingerprint = fp;
                v.opened = opened;
                true
            }
            // Keep answering from the old snapshot; the next look tries again.
            Err(e) => {
                eprintln!(
                    "derek serve: warning: could not reopen {} to see newer articles ({e}); still answering from the previous snapshot",
                    self.path.display()
                );
                false
            }
        }
    }

    /// The refresher's loop (see [`Snapshots`]); runs until the process ends.
    pub fn watch(self: Arc<Self>) {
        loop {
            std::thread::sleep(self.refresh.max(Duration::from_millis(20)));
            if self.wanted.swap(false, Ordering::SeqCst) {
                self.refresh_now();
            }
        }
    }

    /// Takes a new snapshot now (after a query failed on files a writer's compaction removed),
    /// unless a writer is still at work.
    pub fn force_reopen(&self) -> Store {
        if crate::store::writer_pid(&self.path).is_some() {
            return self.lock().store.clone();
        }
        let fp = Fingerprint::read(&self.path).unwrap_or_default();
        let opened = SystemTime::now();
        if let Ok(store) = Store::open_read_only(&self.path) {
            let mut v = self.lock();
            v.store = store;
            v.fingerprint = fp;
            v.opened = opened;
        }
        self.lock().store.clone()
    }
}

/// A bound server, ready to run.
pub struct Server {
    http: Arc<tiny_http::Server>,
    addr: SocketAddr,
    state: Arc<State>,
}

struct State {
    config: Config,
    snapshots: Arc<Snapshots>,
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
        let snapshots = Arc::new(Snapshots::open(&config.store, config.refresh)?);
        let addr = resolve_bind(&config.bind)?;
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
                snapshots,
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
        let snapshots = Arc::clone(&self.state.snapshots);
        std::thread::spawn(move || snapshots.watch());
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
    pub content_type: &'static str,
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
            content_type: "text/plain; charset=utf-8",
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
        let mut resp = tiny_http::Response::from_data(reply.body).with_status_code(reply.status);
        let mut add = |k: &str, v: &str| {
            if let Ok(h) = tiny_http::Header::from_bytes(k.as_bytes(), v.as_bytes()) {
                resp.add_header(h);
            }
        };
        add("Content-Type", reply.content_type);
        add("Vary", "Accept");
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
                    } => {
                        let format = params
                            .iter()
                            .find(|(k, _)| k == "format")
                            .map(|(_, v)| v.as_str());
                        self.query(&text, &default_graphs, &named_graphs, accept, format)
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
            content_type: "text/html; charset=utf-8",
            body: self.page.as_bytes().to_vec(),
            note: String::new(),
            allow: None,
        }
    }

    /// Runs one query with the timeout and the result limit; retries once on a fresh snapshot
    /// when the old one lost files to a writer's compaction.
    fn query(
        &self,
        text: &str,
        default_graphs: &[String],
        named_graphs: &[String],
        accept: Option<&str>,
        format: Option<&str>,
    ) -> Reply {
        let store = self.snapshots.current();
        let reply = run_query(
            &store,
            &self.config,
            text,
            default_graphs,
            named_graphs,
            accept,
            format,
        );
        if reply.status == 500 && reply.note.contains("No such file") {
            let store = self.snapshots.force_reopen();
            return run_query(
                &store,
                &self.config,
                text,
                default_graphs,
                named_graphs,
                accept,
                format,
            );
        }
        reply
    }
}

/// Cancels a query's token when its time is up, unless told first that it finished.
struct Watchdog {
    done: Option<mpsc::Sender<()>>,
    fired: Arc<AtomicBool>,
}

impl Watchdog {
    fn start(token: CancellationToken, timeout: Duration) -> Watchdog {
        let (tx, rx) = mpsc::channel::<()>();
        let fired = Arc::new(AtomicBool::new(false));
        let f = Arc::clone(&fired);
        std::thread::spawn(move || {
            if let Err(mpsc::RecvTimeoutError::Timeout) = rx.recv_timeout(timeout) {
                f.store(true, Ordering::SeqCst);
                token.cancel();
            }
        });
        Watchdog {
            done: Some(tx),
            fired,
        }
    }

    fn fired(&self) -> bool {
        self.fired.load(Ordering::SeqCst)
    }
}

impl Drop for Watchdog {
    fn drop(&mut self) {
        if let Some(tx) = self.done.take() {
            let _ = tx.send(());
        }
    }
}

/// Stops an iterator of results after `max` items (setting `over`) or once `token` is cancelled:
/// the evaluator checks its token only when it reads the store, this also checks between rows.
fn bounded<T: 'static>(
    iter: impl Iterator<Item = std::result::Result<T, QueryEvaluationError>> + 'static,
    max: usize,
    over: Arc<AtomicBool>,
    token: CancellationToken,
) -> impl Iterator<Item = std::result::Result<T, QueryEvaluationError>> + 'static {
    iter.enumerate().map(move |(i, r)| {
        if token.is_cancelled() {
            Err(QueryEvaluationError::Cancelled)
        } else if i >= max {
            over.store(true, Ordering::SeqCst);
            Err(QueryEvaluationError::Cancelled)
        } else {
            r
        }
    })
}

fn graph_iri(s: &str, what: &str) -> std::result::Result<NamedNode, Reply> {
    NamedNode::new(s).map_err(|e| Reply::text(400, format!("{what} {s:?} is not an IRI: {e}")))
}

/// Parses, evaluates and serializes one query on one snapshot.
pub fn run_query(
    store: &Store,
    config: &Config,
    text: &str,
    default_graphs: &[String],
    named_graphs: &[String],
    accept: Option<&str>,
    format: Option<&str>,
) -> Reply {
    let token = CancellationToken::new();
    let watchdog = Watchdog::start(token.clone(), config.timeout);
    let ev = match crate::query::evaluator() {
        Ok(ev) => ev.with_cancellation_token(token.clone()),
        Err(e) => return Reply::text(500, e.to_string()),
    };
    let mut prepared = match ev.parse_query(text) {
        Ok(p) => p,
        Err(e) => {
            if SparqlEvaluator::new().parse_update(text).is_ok() {
                return Reply::text(403, READ_ONLY);
            }
            return Reply::text(400, format!("the query does not parse: {e}"));
        }
    };
    // The protocol's default-graph-uri / named-graph-uri win over FROM in the query; without
    // either, the default graph is the store's: the union of all article graphs, each triple
    // once, as in `derek query`.
    let ds = prepared.dataset_mut();
    if !default_graphs.is_empty() || !named_graphs.is_empty() {
        let mut d = Vec::new();
        for g in default_graphs {
            match graph_iri(g, "default-graph-uri") {
                Ok(n) => d.push(GraphName::NamedNode(n)),
                Err(r) => return r,
            }
        }
        let mut n = Vec::new();
        for g in named_graphs {
            match graph_iri(g, "named-graph-uri") {
                Ok(x) => n.push(NamedOrBlankNode::NamedNode(x)),
                Err(r) => return r,
            }
        }
        ds.set_default_graph(d);
        if !n.is_empty() {
            ds.set_available_named_graphs(n);
        }
    }
    let results = match prepared.on_store(store).execute() {
        Ok(r) => r,
        Err(e) => return evaluation_error(&e.to_string(), watchdog.fired(), config),
    };
    let kind = match &results {
        QueryResults::Solutions(_) => ResultKind::Solutions,
        QueryResults::Boolean(_) => ResultKind::Boolean,
        QueryResults::Graph(_) => ResultKind::Graph,
    };
    let neg = match negotiate(accept, format, kind) {
        Ok(n) => n,
        Err(msg) => return Reply::text(406, msg),
    };
    let over = Arc::new(AtomicBool::new(false));
    let max = config.max_results;
    let results = match results {
        QueryResults::Solutions(s) => {
            let vars: Arc<[oxigraph::sparql::Variable]> = s.variables().into();
            QueryResults::Solutions(QuerySolutionIter::new(
                vars,
                bounded(s, max, Arc::clone(&over), token.clone()),
            ))
        }
        QueryResults::Graph(t) => QueryResults::Graph(QueryTripleIter::new(bounded(
            t,
            max,
            Arc::clone(&over),
            token.clone(),
        ))),
        b => b,
    };
    let written = if neg.content_type == protocol::PAGE_GRAPH {
        page_graph(results)
    } else {
        write_results(results, neg.format, Vec::new())
    };
    drop(watchdog);
    match written {
        Ok(body) => Reply {
            status: 200,
            content_type: neg.content_type,
            note: format!("{} bytes {}", body.len(), neg.label),
            body,
            allow: None,
        },
        Err(_) if over.load(Ordering::SeqCst) => Reply::text(
            422,
            format!(
                "the result has more than {max} {} (the server's --max-results); add a LIMIT to the query, or raise --max-results",
                if kind == ResultKind::Graph { "triples" } else { "rows" }
            ),
        ),
        Err(e) => evaluation_error(&e.to_string(), token.is_cancelled(), config),
    }
}

/// A graph result as the query page's JSON.
fn page_graph(results: QueryResults<'static>) -> Result<Vec<u8>> {
    let QueryResults::Graph(triples) = results else {
        return Err(Error::Usage("not a graph result".into()));
    };
    let triples = triples
        .collect::<std::result::Result<Vec<_>, _>>()
        .map_err(|e| Error::Query(e.to_string()))?;
    let graph = crate::export::html::PageGraph::from_triples(&triples);
    serde_json::to_vec(&graph).map_err(|e| Error::Other(e.to_string()))
}

fn evaluation_error(msg: &str, timed_out: bool, config: &Config) -> Reply {
    if timed_out {
        Reply::text(
            503,
            format!(
                "query stopped after {:.1} s, the server's --timeout; narrow the query (a LIMIT, more specific patterns) or raise --timeout",
                config.timeout.as_secs_f64()
            ),
        )
    } else if msg.contains("SERVICE") || msg.contains("service") {
        Reply::text(
            400,
            format!("query evaluation failed: {msg} (derek serve does not call other endpoints)"),
        )
    } else {
        Reply::text(500, format!("query evaluation failed: {msg}"))
    }
}

/// Whether an address is reachable only from this machine.
pub fn is_loopback(addr: &SocketAddr) -> bool {
    addr.ip().is_loopback()
}
