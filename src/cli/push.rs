//! `derek push`: sends each article's named graph to a SPARQL server with the SPARQL 1.1 Graph
//! Store HTTP Protocol. One PUT per graph replaces that graph on the server, so pushing again
//! after a rebuild leaves the server with the store's current graphs and no duplicates.

use std::io::IsTerminal;
use std::time::{Duration, Instant};

use clap::Args;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use super::StoreArg;
use crate::error::{Error, Result};
use crate::remote::{graph_ntriples, Remote};
use crate::store::DerekStore;

#[derive(Args, Debug)]
#[command(after_help = "The Graph Store Protocol URL differs between servers:
  Oxigraph (oxigraph serve)
    --endpoint http://HOST:7878/query
    --graph-store http://HOST:7878/store
  Apache Jena Fuseki
    --endpoint http://HOST:3030/DS/sparql
    --graph-store http://HOST:3030/DS/data
  Virtuoso
    --endpoint http://HOST:8890/sparql
    --graph-store http://HOST:8890/sparql-graph-crud
Each graph goes as PUT GRAPH-STORE?graph=<article IRI> with an N-Triples
body.

Exit codes: 0 every graph was stored; 2 the server could not be reached or
answered an error (the message names the graph; graphs before it were
stored, and pushing again is safe).")]
pub struct PushArgs {
    /// The server's SPARQL query endpoint: checked with an ASK before anything is sent.
    #[arg(long, value_name = "URL")]
    pub endpoint: String,
    /// The server's Graph Store Protocol URL (default: the endpoint URL).
    #[arg(long, value_name = "URL")]
    pub graph_store: Option<String>,
    /// Push only these article graphs (article IRIs or ids); default: every graph in the store.
    #[arg(long, value_name = "IRI|ID")]
    pub graph: Vec<String>,
    /// Seconds to wait for the server on each request.
    #[arg(long, default_value_t = 60.0, value_name = "SECONDS")]
    pub timeout: f64,
    /// Print only errors and the summary.
    #[arg(long, short = 'q')]
    pub quiet: bool,
    #[command(flatten)]
    pub store: StoreArg,
}

/// The graphs to push: those named with --graph (article IRIs or ids), else all.
fn chosen_graphs(args: &PushArgs, store: &DerekStore) -> Result<Vec<String>> {
    if args.graph.is_empty() {
        return store.graphs();
    }
    let mut v = Vec::new();
    for g in &args.graph {
        let iri = if g.contains("://") {
            g.clone()
        } else {
            crate::rdf::mint::graph(g)
        };
        if !store.contains_graph(&iri)? {
            return Err(Error::Usage(format!(
                "--graph {g}: no such graph in {}",
                args.store.store.display()
            )));
        }
        v.push(iri);
    }
    Ok(v)
}

pub fn run(args: PushArgs) -> Result<i32> {
    let timeout = Duration::try_from_secs_f64(args.timeout)
        .ok()
        .filter(|d| !d.is_zero())
        .ok_or_else(|| {
            Error::Usage(format!(
                "--timeout {}: expected a positive number of seconds",
                args.timeout
            ))
        })?;
    let remote = Remote::new(&args.endpoint, args.graph_store.as_deref(), timeout)?;
    let store = DerekStore::open_read_only(&args.store.store)?;
    let graphs = chosen_graphs(&args, &store)?;
    remote.check()?;

    let started = Instant::now();
    let total = graphs.len();
    let pb = if args.quiet || !std::io::stderr().is_terminal() {
        ProgressBar::hidden()
    } else {
        ProgressBar::with_draw_target(Some(total as u64), ProgressDrawTarget::stderr())
    };
    pb.set_style(
        ProgressStyle::with_template("{bar:30} {pos}/{len} graphs  {per_sec}  {elapsed}")
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    // Without a terminal, a line per tenth of the work (for logs of long pushes).
    let step = if pb.is_hidden() && !args.quiet && total >= 100 {
        total.div_ceil(10)
    } else {
        usize::MAX
    };
    let mut triples = 0usize;
    for (i, g) in graphs.iter().enumerate() {
        let (body, n) = graph_ntriples(&store, g)?;
        if let Err(e) = remote.put_graph(g, &body, i, total) {
            pb.finish_and_clear();
            return Err(e);
        }
        triples += n;
        pb.inc(1);
        if (i + 1) % step == 0 && i + 1 < total {
            eprintln!("derek push: {}/{total} graphs", i + 1);
        }
    }
    pb.finish_and_clear();
    println!(
        "derek push: {total} graph{}, {triples} triples stored at {} in {:.2} s",
        if total == 1 { "" } else { "s" },
        remote.graph_store,
        started.elapsed().as_secs_f64()
    );
    Ok(0)
}
