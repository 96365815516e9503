//! The query engine of a worker process: read-only snapshots of the store, reopened when a
//! build has changed it, and one query evaluated with its timeout and result limit into a
//! [`Reply`]. `derek serve` runs it in worker processes ([`super::worker`]), never in the
//! process that answers HTTP, so that a query can always be stopped.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{mpsc, Arc, Mutex};
use std::time::{Duration, SystemTime};

use oxigraph::model::{GraphName, NamedNode, NamedOrBlankNode};
use oxigraph::sparql::{
    CancellationToken, QueryEvaluationError, QueryResults, QuerySolutionIter, QueryTripleIter,
    SparqlEvaluator,
};
use oxigraph::store::Store;

use super::protocol::{self, negotiate, ResultKind};
use super::{Config, Reply, READ_ONLY};
use crate::error::{Error, Result};
use crate::query::write_results;

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
pub fn run_query(store: &Store, config: &Config, req: &super::worker::Request) -> Reply {
    let (text, default_graphs, named_graphs) = (&req.text, &req.default_graphs, &req.named_graphs);
    let (accept, formats, page) = (req.accept.as_deref(), &req.formats, req.page);
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
            return Reply::text(
                400,
                format!(
                    "the query does not parse: {}",
                    crate::query::explain_parse_error(text, &e.to_string())
                ),
            );
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
        Ok(r) => crate::query::page(r, page),
        Err(e) => return evaluation_error(&e.to_string(), watchdog.fired(), config),
    };
    let kind = match &results {
        QueryResults::Solutions(_) => ResultKind::Solutions,
        QueryResults::Boolean(_) => ResultKind::Boolean,
        QueryResults::Graph(_) => ResultKind::Graph,
    };
    let neg = match negotiate(accept, formats, kind) {
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
            content_type: neg.content_type.to_string(),
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

/// The answer to a query stopped at the server's timeout.
pub fn timeout_reply(config: &Config) -> Reply {
    Reply::text(
        503,
        format!(
            "query stopped after {:.1} s, the server's --timeout; narrow the query (a LIMIT, more specific patterns) or raise --timeout",
            config.timeout.as_secs_f64()
        ),
    )
}

fn evaluation_error(msg: &str, timed_out: bool, config: &Config) -> Reply {
    if timed_out {
        timeout_reply(config)
    } else if msg.contains("alloc") || msg.contains("Cannot allocate memory") {
        super::worker::memory_reply(config)
    } else if msg.contains("SERVICE") || msg.contains("service") {
        Reply::text(
            400,
            format!("query evaluation failed: {msg} (derek serve does not call other endpoints)"),
        )
    } else {
        Reply::text(500, format!("query evaluation failed: {msg}"))
    }
}

/// Answers one request on the current snapshot; retries once on a fresh snapshot when the old
/// one lost files to a writer's compaction.
pub fn answer(snapshots: &Snapshots, config: &Config, req: &super::worker::Request) -> Reply {
    let run = |store: &Store| run_query(store, config, req);
    let reply = run(&snapshots.current());
    if reply.status == 500 && reply.note.contains("No such file") {
        return run(&snapshots.force_reopen());
    }
    reply
}
