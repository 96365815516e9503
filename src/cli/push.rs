//! `derek push`: sends each article's named graph to a SPARQL server with the SPARQL 1.1 Graph
//! Store HTTP Protocol. One PUT per graph replaces that graph on the server, so pushing again
//! after a rebuild leaves the server with the store's current graphs and no duplicates.

use std::io::{IsTerminal, Read};
use std::time::{Duration, Instant};

use clap::Args;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use oxigraph::io::{RdfFormat, RdfSerializer};
use oxigraph::model::{GraphNameRef, NamedNode};

use super::StoreArg;
use crate::error::{Error, Result};
use crate::serve::protocol::encode_component;
use crate::store::DerekStore;

#[derive(Args, Debug)]
#[command(after_help = "The Graph Store Protocol URL differs between servers:
  Oxigraph (oxigraph serve)   --endpoint http://HOST:7878/query --graph-store http://HOST:7878/store
  Apache Jena Fuseki          --endpoint http://HOST:3030/DS/sparql --graph-store http://HOST:3030/DS/data
  Virtuoso                    --endpoint http://HOST:8890/sparql --graph-store http://HOST:8890/sparql-graph-crud
Each graph goes as PUT GRAPH-STORE?graph=<article IRI> with an N-Triples body.

Exit codes: 0 every graph was stored; 2 the server could not be reached or answered an error
(the message names the graph; graphs before it were stored, and pushing again is safe).")]
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

/// Why a request failed, in words that say what to check.
fn describe(url: &str, e: &ureq::Error) -> String {
    match e {
        ureq::Error::ConnectionFailed | ureq::Error::HostNotFound => {
            format!(
                "cannot connect to {url}: {e}; is the server running, and is the address right?"
            )
        }
        ureq::Error::Io(io) if io.kind() == std::io::ErrorKind::ConnectionRefused => {
            format!("cannot connect to {url}: connection refused; is the server running, and is the port right?")
        }
        ureq::Error::Timeout(_) => {
            format!("{url} did not answer in time ({e}); raise --timeout or check the server")
        }
        _ => format!("request to {url} failed: {e}"),
    }
}

/// The first part of an error body, on one line.
fn snippet(body: &str) -> String {
    let one: String = body.split_whitespace().collect::<Vec<_>>().join(" ");
    if one.chars().count() > 300 {
        format!("{}…", one.chars().take(300).collect::<String>())
    } else {
        one
    }
}

fn read_body(resp: &mut ureq::http::Response<ureq::Body>) -> String {
    let mut s = String::new();
    let _ = resp
        .body_mut()
        .as_reader()
        .take(64 * 1024)
        .read_to_string(&mut s);
    s
}

/// `DerekStore::graphs` gives graph names in N-Triples form (`<iri>`); the protocol wants the IRI.
pub fn bare_iri(g: &str) -> &str {
    g.strip_prefix('<')
        .and_then(|g| g.strip_suffix('>'))
        .unwrap_or(g)
}

fn with_param(base: &str, key: &str, value: &str) -> String {
    let sep = if base.contains('?') { '&' } else { '?' };
    format!("{base}{sep}{key}={}", encode_component(value))
}

fn check_url(url: &str, flag: &str) -> Result<()> {
    if url.starts_with("http://") || url.starts_with("https://") {
        Ok(())
    } else {
        Err(Error::Usage(format!(
            "{flag} {url:?}: expected an http:// or https:// URL"
        )))
    }
}

pub fn run(args: PushArgs) -> Result<i32> {
    check_url(&args.endpoint, "--endpoint")?;
    let gsp = args
        .graph_store
        .clone()
        .unwrap_or_else(|| args.endpoint.clone());
    check_url(&gsp, "--graph-store")?;
    let timeout = Duration::try_from_secs_f64(args.timeout)
        .ok()
        .filter(|d| !d.is_zero())
        .ok_or_else(|| {
            Error::Usage(format!(
                "--timeout {}: expected a positive number of seconds",
                args.timeout
            ))
        })?;
    let store = DerekStore::open_read_only(&args.store.store)?;
    let graphs: Vec<String> = if args.graph.is_empty() {
        store
            .graphs()?
            .iter()
            .map(|g| bare_iri(g).to_string())
            .collect()
    } else {
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
        v
    };
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .timeout_global(Some(timeout))
        .timeout_connect(Some(timeout.min(Duration::from_secs(10))))
        .build()
        .into();

    // Is a SPARQL server there? A clear answer before any graph is sent.
    let ask = with_param(&args.endpoint, "query", "ASK {}");
    let mut resp = agent
        .get(&ask)
        .header("Accept", "application/sparql-results+json")
        .call()
        .map_err(|e| Error::Other(describe(&args.endpoint, &e)))?;
    if !resp.status().is_success() {
        let body = read_body(&mut resp);
        return Err(Error::Other(format!(
            "{} answered {} to a SPARQL ASK; is it the server's SPARQL query endpoint? {}",
            args.endpoint,
            resp.status(),
            snippet(&body)
        )));
    }

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
        let name = NamedNode::new(g.as_str()).map_err(|e| store.err(e))?;
        let mut ser = RdfSerializer::from_format(RdfFormat::NTriples).for_writer(Vec::new());
        let mut n = 0usize;
        for q in store.store.quads_for_pattern(
            None,
            None,
            None,
            Some(GraphNameRef::NamedNode(name.as_ref())),
        ) {
            let q = q.map_err(|e| store.err(e))?;
            ser.serialize_triple(q.as_ref())
                .map_err(|e| Error::Other(e.to_string()))?;
            n += 1;
        }
        let body = ser.finish().map_err(|e| Error::Other(e.to_string()))?;
        let url = with_param(&gsp, "graph", g);
        let mut resp = agent
            .put(&url)
            .header("Content-Type", "application/n-triples")
            .send(&body[..])
            .map_err(|e| {
                Error::Other(format!(
                    "{} ({i} of {total} graphs stored before)",
                    describe(&gsp, &e)
                ))
            })?;
        if !resp.status().is_success() {
            let text = read_body(&mut resp);
            pb.finish_and_clear();
            return Err(Error::Other(format!(
                "{gsp} answered {} to PUT of graph <{g}>: {} ({i} of {total} graphs stored before; is --graph-store the server's Graph Store Protocol URL?)",
                resp.status(),
                snippet(&text)
            )));
        }
        triples += n;
        pb.inc(1);
        if (i + 1) % step == 0 && i + 1 < total {
            eprintln!("derek push: {}/{total} graphs", i + 1);
        }
    }
    pb.finish_and_clear();
    println!(
        "derek push: {total} graph{}, {triples} triples stored at {gsp} in {:.2} s",
        if total == 1 { "" } else { "s" },
        started.elapsed().as_secs_f64()
    );
    Ok(0)
}
