//! `derek query`: SPARQL over the store (the default graph is the union of all article graphs).

use std::io::Write;
use std::path::PathBuf;

use clap::{Args, ValueEnum};
use oxigraph::io::RdfFormat;
use oxigraph::sparql::results::QueryResultsFormat;
use oxigraph::sparql::QueryResults;

use super::{io_out, Output, StoreArg};
use crate::error::{Error, Result};
use crate::query::{
    bind_with_index, count_results, describe, evaluate, evaluate_page, named, page, page_by_names,
    parse_params, write_results, Page, ResultFormat, NAMED,
};
use crate::store::DerekStore;

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum QueryFormat {
    /// An aligned text table (SELECT), true/false (ASK), Turtle (CONSTRUCT/DESCRIBE).
    Table,
    Csv,
    Tsv,
    Json,
    Xml,
    /// Turtle (CONSTRUCT/DESCRIBE only).
    Ttl,
    /// N-Triples (CONSTRUCT/DESCRIBE only).
    Nt,
}

impl From<QueryFormat> for ResultFormat {
    fn from(f: QueryFormat) -> ResultFormat {
        match f {
            QueryFormat::Table => ResultFormat::Table,
            QueryFormat::Csv => ResultFormat::Results(QueryResultsFormat::Csv),
            QueryFormat::Tsv => ResultFormat::Results(QueryResultsFormat::Tsv),
            QueryFormat::Json => ResultFormat::Results(QueryResultsFormat::Json),
            QueryFormat::Xml => ResultFormat::Results(QueryResultsFormat::Xml),
            QueryFormat::Ttl => ResultFormat::Graph(RdfFormat::Turtle),
            QueryFormat::Nt => ResultFormat::Graph(RdfFormat::NTriples),
        }
    }
}

#[derive(Args, Debug)]
#[command(
    after_help = "Parameters: `$name` in a query is replaced by the string given with --param name=VALUE
(an empty string when not given).

Examples:
  derek query 'SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }'
  derek query --name who-said-what --param entity=Клинц --format csv
  derek query --name who-said-what --limit 1000 --offset 2000
  derek query --list

Prefixes dk:, schema:, rdfs:, prov:, nif:, xsd:, skos: are predeclared."
)]
pub struct QueryArgs {
    /// The query text.
    #[arg(value_name = "SPARQL", conflicts_with_all = ["file", "name", "list"])]
    pub query: Option<String>,
    /// Read the query from a file.
    #[arg(long, short = 'f', value_name = "FILE", conflicts_with_all = ["name", "list"])]
    pub file: Option<PathBuf>,
    /// Run a shipped named query (see --list).
    #[arg(long, short = 'n', value_name = "NAME")]
    pub name: Option<String>,
    /// Bind a parameter: --param entity=Клинц replaces $entity in the query with "Клинц"; lines
    /// using parameters not given are left out.
    #[arg(long, short = 'p', value_name = "NAME=VALUE")]
    pub param: Vec<String>,
    /// List the named queries.
    #[arg(long)]
    pub list: bool,
    /// Return at most N rows (triples for CONSTRUCT), taken as the query produces them: the
    /// first rows of a large answer come at once, without the rest being computed. An ORDER BY
    /// in the query sorts the whole answer first, except in the listing named queries
    /// (who-said-what, adopted, who-criticized-whom, about-entity), which are paged article by
    /// article in the order they sort by.
    #[arg(long, value_name = "N")]
    pub limit: Option<usize>,
    /// Skip the first M rows (with --limit: the next page of an answer).
    #[arg(long, value_name = "M", default_value_t = 0)]
    pub offset: usize,
    #[arg(long, value_enum, default_value_t = QueryFormat::Table)]
    pub format: QueryFormat,
    /// Write to FILE instead of standard output.
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Run the query N times and print latency percentiles on stderr (for benchmarks); the
    /// results are written once.
    #[arg(long, value_name = "N", hide = true)]
    pub repeat: Option<usize>,
    #[command(flatten)]
    pub store: StoreArg,
}

fn list() -> Result<i32> {
    let mut out = std::io::stdout();
    for (name, text) in NAMED {
        let (title, params) = describe(text);
        writeln!(out, "{name:20} {title}").map_err(io_out)?;
        if !params.is_empty() && params != "none" {
            writeln!(out, "{:20}   params: {params}", "").map_err(io_out)?;
        }
    }
    Ok(0)
}

/// The query text the arguments give.
fn query_text(args: &QueryArgs) -> Result<String> {
    match (&args.query, &args.file, &args.name) {
        (Some(q), _, _) => Ok(q.clone()),
        (_, Some(f), _) => std::fs::read_to_string(f).map_err(|e| Error::io(f, e)),
        (_, _, Some(n)) => {
            let t = named(n).ok_or_else(|| {
                Error::Usage(format!(
                    "no named query {n:?}; known: {}",
                    NAMED.iter().map(|(k, _)| *k).collect::<Vec<_>>().join(", ")
                ))
            })?;
            let (_, params) = describe(t);
            if params.contains("required") && args.param.is_empty() {
                return Err(Error::Usage(format!(
                    "query {n} needs a parameter: {params}"
                )));
            }
            Ok(t.to_string())
        }
        _ => Err(Error::Usage(
            "give a query: derek query 'SPARQL', --file FILE, or --name NAME (see --list)".into(),
        )),
    }
}

/// One page of the answer. A listing named query over the whole archive is paged article by
/// article (`evaluate_page`); with a parameter it is selective, and evaluating it whole (through
/// the index) is faster than visiting every article for the few that match.
fn one_page(
    store: &DerekStore,
    text: &str,
    whole_archive: bool,
    p: Page,
) -> Result<QueryResults<'static>> {
    if whole_archive {
        evaluate_page(&store.store, text, p)
    } else {
        Ok(page(evaluate(&store.store, text)?, p))
    }
}

/// The page `p` of a query with its parameters: by the articles that hold a searched name when
/// it can (`page_by_names`), else with the parameters bound (when `bind`) and [`one_page`].
fn answer(
    store: &DerekStore,
    raw: &str,
    params: &[(String, String)],
    bind: bool,
    p: Page,
) -> Result<QueryResults<'static>> {
    if let Some(r) = page_by_names(&store.store, raw, params, p)? {
        return Ok(r);
    }
    if bind {
        let text = bind_with_index(&store.store, raw, params)?;
        one_page(store, &text, params.is_empty(), p)
    } else {
        one_page(store, raw, params.is_empty(), p)
    }
}

/// Runs the query `n` times and prints latency percentiles on stderr.
/// Each run includes binding the parameters (a part-of-a-name search reads the name index).
fn print_latency(
    store: &DerekStore,
    text: &str,
    params: &[(String, String)],
    p: Page,
    n: usize,
) -> Result<()> {
    let mut times = Vec::with_capacity(n);
    let mut rows = 0usize;
    for _ in 0..n.max(1) {
        let t = std::time::Instant::now();
        rows = count_results(answer(store, text, params, true, p)?)?;
        times.push(t.elapsed().as_secs_f64() * 1000.0);
    }
    times.sort_by(|a, b| a.total_cmp(b));
    let pct = |p: f64| times[((times.len() - 1) as f64 * p).round() as usize];
    eprintln!(
        "latency over {} runs: p50 {:.1} ms, p95 {:.1} ms, max {:.1} ms ({rows} results)",
        times.len(),
        pct(0.5),
        pct(0.95),
        times[times.len() - 1]
    );
    Ok(())
}

pub fn run(args: QueryArgs) -> Result<i32> {
    if args.list {
        return list();
    }
    let raw = query_text(&args)?;
    let params = parse_params(&args.param)?;
    let p = Page {
        offset: args.offset,
        limit: args.limit,
    };
    let store = DerekStore::open_read_only(&args.store.store)?;
    if let Some(n) = args.repeat {
        print_latency(&store, &raw, &params, p, n)?;
    }
    let bind = !params.is_empty() || args.name.is_some();
    let results = answer(&store, &raw, &params, bind, p)?;
    let out = Output::open(args.output.as_ref())?;
    let out = write_results(results, args.format.into(), out)?;
    out.finish()?;
    Ok(0)
}
