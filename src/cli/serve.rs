//! `derek serve`: the store as a read-only SPARQL 1.1 Protocol endpoint, and a query page.

use std::io::Write;
use std::time::Duration;

use clap::Args;

use super::StoreArg;
use crate::error::{Error, Result};
use crate::serve::{is_loopback, run_worker, Config, Server};

#[derive(Args, Debug)]
#[command(after_help = "Endpoints:
  /sparql   SPARQL 1.1 Protocol: GET ?query=..., POST a form (query=...)
            or the query itself (Content-Type: application/sparql-query).
            Results as JSON, XML, CSV or TSV; graphs as Turtle, N-Triples,
            RDF/XML or JSON-LD; chosen by ?format= (or output=: json, xml,
            csv, tsv, ttl, turtle, nt, rdf+xml, json-ld, or a media type)
            when it fits the query, else by the Accept header.
            ?limit=N&offset=M (URL or form parameters) return one page of
            the answer: at most N rows (triples for CONSTRUCT) after the
            first M, taken as the query produces them, so the first rows
            of a large answer come at once.
            Updates are refused with 403.
  /         a query page: a query box, a results table, CONSTRUCT
            results drawn as a graph.

Limits: each query runs in a worker process of its own, killed when it
passes --timeout (503), with at most --max-memory of memory (503).

New articles: the server answers from a read-only snapshot of the store.
Every --refresh seconds, if requests came, it looks whether `derek build`
(or `derek load`) changed the store, and if so opens a new snapshot in the
background and switches to it when it is ready. Each article is committed
whole, so a query sees an article entirely or not at all.

Examples:
  derek serve
  derek serve --cors https://yasgui.triply.cc
  curl -H 'Accept: text/csv' \\
    --data-urlencode 'query=SELECT * WHERE { ?s ?p ?o } LIMIT 5' \\
    http://127.0.0.1:7878/sparql")]
pub struct ServeArgs {
    #[command(flatten)]
    pub store: StoreArg,
    /// Address and port to listen on; port 0 picks a free port. Anything but a loopback
    /// address makes the endpoint reachable from other machines (a warning is printed).
    #[arg(long, default_value = "127.0.0.1:7878", value_name = "HOST:PORT")]
    pub bind: String,
    /// Seconds a query may run before it is stopped (answered with 503): its worker process
    /// is killed one second later if it has not stopped by itself.
    #[arg(long, default_value_t = 30.0, value_name = "SECONDS")]
    pub timeout: f64,
    /// Memory (address space) a query's worker process may use, in MB; a query that needs more
    /// is stopped (503). 0: no cap.
    #[arg(long, default_value_t = DEFAULT_MAX_MEMORY_MB, value_name = "MB")]
    pub max_memory: u64,
    /// Let web pages from ORIGIN query the endpoint (CORS headers; repeatable; * for any
    /// origin). Off by default: browsers keep other sites' pages from reading the answers.
    #[arg(long, value_name = "ORIGIN")]
    pub cors: Vec<String>,
    /// Most rows (or triples, for CONSTRUCT) one answer may carry; a larger result is answered
    /// with 422 and a hint to add LIMIT.
    #[arg(long, default_value_t = 100_000, value_name = "N")]
    pub max_results: usize,
    /// Seconds between looks at the store for newly built articles (made only while requests
    /// come; a change is opened in the background).
    #[arg(long, default_value_t = 2.0, value_name = "SECONDS")]
    pub refresh: f64,
    /// Requests answered at the same time.
    #[arg(long, default_value_t = 4, value_name = "N")]
    pub threads: usize,
    /// Do not log requests on standard error.
    #[arg(long, short = 'q')]
    pub quiet: bool,
}

/// The default of `--max-memory`: a worker with the store open takes about 100 MB of address
/// space idle; this leaves room for large answers (100,000 rows) and sorts.
pub const DEFAULT_MAX_MEMORY_MB: u64 = 2048;

/// The hidden `derek serve-worker`: one query engine process of `derek serve`, started by it
/// (see `crate::serve::worker`); not for people.
#[derive(Args, Debug)]
pub struct WorkerArgs {
    #[command(flatten)]
    pub store: StoreArg,
    #[arg(long)]
    pub timeout: f64,
    #[arg(long)]
    pub max_results: usize,
    #[arg(long)]
    pub refresh: f64,
}

pub fn run_serve_worker(args: WorkerArgs) -> Result<i32> {
    let config = Config {
        store: args.store.store,
        bind: String::new(),
        timeout: seconds(args.timeout, "--timeout")?,
        max_results: args.max_results.max(1),
        refresh: seconds(args.refresh, "--refresh")?,
        threads: 1,
        log: false,
        max_memory: None,
        cors: Vec::new(),
    };
    run_worker(config)?;
    Ok(0)
}

fn seconds(v: f64, flag: &str) -> Result<Duration> {
    Duration::try_from_secs_f64(v)
        .ok()
        .filter(|d| !d.is_zero() || flag == "--refresh")
        .ok_or_else(|| Error::Usage(format!("{flag} {v}: expected a positive number of seconds")))
}

pub fn run(args: ServeArgs) -> Result<i32> {
    if args.max_results == 0 {
        return Err(Error::Usage("--max-results must be at least 1".into()));
    }
    let config = Config {
        store: args.store.store.clone(),
        bind: args.bind.clone(),
        timeout: seconds(args.timeout, "--timeout")?,
        max_results: args.max_results,
        refresh: seconds(args.refresh, "--refresh")?,
        threads: args.threads.max(1),
        log: !args.quiet,
        max_memory: (args.max_memory > 0).then_some(args.max_memory << 20),
        cors: args.cors.clone(),
    };
    let server = Server::bind(config)?;
    let addr = server.addr();
    if !is_loopback(&addr) {
        eprintln!(
            "derek serve: warning: listening on {addr}, which other machines can reach; the endpoint is read-only but has no authentication (--bind 127.0.0.1:{} keeps it on this machine)",
            addr.port()
        );
    }
    let shown = if addr.ip().is_unspecified() {
        format!("127.0.0.1:{}", addr.port())
    } else {
        addr.to_string()
    };
    let mut out = std::io::stdout();
    // The first line is read by scripts (and the tests) to learn the port.
    let _ = writeln!(
        out,
        "derek serve: SPARQL endpoint http://{shown}/sparql , query page http://{shown}/"
    );
    let _ = writeln!(
        out,
        "store {} (read-only); looks for newly built articles every {} s while requests come",
        args.store.store.display(),
        args.refresh
    );
    let _ = out.flush();
    server.run()?;
    Ok(0)
}
