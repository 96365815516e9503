//! `derek query`: SPARQL over the store (the default graph is the union of all article graphs).

use std::io::Write;
use std::path::PathBuf;

use clap::{Args, ValueEnum};
use oxigraph::io::{RdfFormat, RdfSerializer};
use oxigraph::model::Term;
use oxigraph::sparql::results::{QueryResultsFormat, QueryResultsSerializer};
use oxigraph::sparql::{QueryResults, SparqlEvaluator};

use super::{io_out, Output, StoreArg};
use crate::error::{Error, Result};
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

#[derive(Args, Debug)]
#[command(
    after_help = "Parameters: `$name` in a query is replaced by the string given with --param name=VALUE
(an empty string when not given).

Examples:
  derek query 'SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }'
  derek query --name who-said-what --param entity=Клинц --format csv
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

/// Named queries shipped in `ontology/queries/`.
pub const NAMED: &[(&str, &str)] = &[
    (
        "who-said-what",
        include_str!("../../ontology/queries/who-said-what.rq"),
    ),
    (
        "top-speakers",
        include_str!("../../ontology/queries/top-speakers.rq"),
    ),
    ("adopted", include_str!("../../ontology/queries/adopted.rq")),
    (
        "who-criticized-whom",
        include_str!("../../ontology/queries/who-criticized-whom.rq"),
    ),
    (
        "about-entity",
        include_str!("../../ontology/queries/about-entity.rq"),
    ),
];

/// The first comment line of a named query: what it answers.
pub fn describe(text: &str) -> (&str, &str) {
    let mut lines = text.lines();
    let title = lines.next().unwrap_or("").trim_start_matches('#').trim();
    let params = lines
        .next()
        .and_then(|l| l.trim_start_matches('#').trim().strip_prefix("params:"))
        .unwrap_or("")
        .trim();
    (title, params)
}

/// The prefixes predeclared to queries: the one list, in the vocabulary.
pub use crate::rdf::vocab::PREFIXES;

/// Parses `name=value` bindings.
pub fn parse_params(params: &[String]) -> Result<Vec<(String, String)>> {
    params
        .iter()
        .map(|p| {
            let (k, v) = p
                .split_once('=')
                .ok_or_else(|| Error::Usage(format!("--param {p:?}: expected NAME=VALUE")))?;
            let k = k.trim().trim_start_matches(['$', '?']);
            if k.is_empty() || !k.chars().all(|c| c.is_alphanumeric() || c == '_') {
                return Err(Error::Usage(format!(
                    "--param {p:?}: the name must be letters, digits or _"
                )));
            }
            Ok((k.to_string(), v.to_string()))
        })
        .collect()
}

/// Binds `$name` parameters: each becomes a string literal of the value given (write
/// `$name@kk` for a Kazakh-tagged literal, which matches labels exactly and by index). A line
/// that uses a parameter not given is left out, so one query serves with and without a filter.
pub fn bind_params(text: &str, params: &[(String, String)]) -> String {
    let mut out = String::with_capacity(text.len());
    for line in text.split_inclusive('\n') {
        let mut bound = String::with_capacity(line.len());
        let chars: Vec<char> = line.chars().collect();
        let mut i = 0;
        let mut missing = false;
        while i < chars.len() {
            let starts_param = chars[i] == '$'
                && i + 1 < chars.len()
                && (chars[i + 1].is_alphanumeric() || chars[i + 1] == '_');
            if !starts_param {
                bound.push(chars[i]);
                i += 1;
                continue;
            }
            let mut j = i + 1;
            while j < chars.len() && (chars[j].is_alphanumeric() || chars[j] == '_') {
                j += 1;
            }
            let name: String = chars[i + 1..j].iter().collect();
            match params.iter().find(|(k, _)| *k == name) {
                None => missing = true,
                Some((_, value)) => {
                    bound.push('"');
                    for c in value.chars() {
                        match c {
                            '"' => bound.push_str("\\\""),
                            '\\' => bound.push_str("\\\\"),
                            '\n' => bound.push_str("\\n"),
                            '\r' => bound.push_str("\\r"),
                            c => bound.push(c),
                        }
                    }
                    bound.push('"');
                }
            }
            i = j;
        }
        if !missing {
            out.push_str(&bound);
        }
    }
    out
}

/// Evaluates a query with predeclared prefixes and bindings.
pub fn evaluate(store: &oxigraph::store::Store, text: &str) -> Result<QueryResults<'static>> {
    let mut ev = SparqlEvaluator::new();
    for (p, iri) in PREFIXES {
        ev = ev
            .with_prefix(*p, *iri)
            .map_err(|e| Error::Query(e.to_string()))?;
    }
    let mut prepared = ev
        .parse_query(text)
        .map_err(|e| Error::Query(e.to_string()))?;
    prepared.dataset_mut().set_default_graph_as_union();
    prepared
        .on_store(store)
        .execute()
        .map_err(|e| Error::Query(e.to_string()))
}

fn term_text(t: &Term) -> String {
    match t {
        Term::Literal(l) => l.value().to_string(),
        Term::NamedNode(n) => n.as_str().to_string(),
        other => other.to_string(),
    }
}

/// Writes results in the chosen format.
pub fn write_results<W: Write>(
    results: QueryResults<'static>,
    format: QueryFormat,
    mut out: W,
) -> Result<W> {
    let qerr = |e: oxigraph::sparql::QueryEvaluationError| Error::Query(e.to_string());
    match results {
        QueryResults::Solutions(sols) => {
            let vars = sols.variables().to_vec();
            let rf = match format {
                QueryFormat::Csv => QueryResultsFormat::Csv,
                QueryFormat::Tsv => QueryResultsFormat::Tsv,
                QueryFormat::Json => QueryResultsFormat::Json,
                QueryFormat::Xml => QueryResultsFormat::Xml,
                QueryFormat::Ttl | QueryFormat::Nt => {
                    return Err(Error::Usage(
                        "--format ttl/nt is for CONSTRUCT or DESCRIBE queries; use table, csv, tsv, json or xml".into(),
                    ))
                }
                QueryFormat::Table => {
                    let mut rows: Vec<Vec<String>> = Vec::new();
                    for s in sols {
                        let s = s.map_err(qerr)?;
                        rows.push(vars.iter().map(|v| s.get(v).map(term_text).unwrap_or_default()).collect());
                    }
                    write_table(&mut out, &vars.iter().map(|v| v.as_str().to_string()).collect::<Vec<_>>(), &rows)?;
                    return Ok(out);
                }
            };
            let mut ser = QueryResultsSerializer::from_format(rf)
                .serialize_solutions_to_writer(out, vars)
                .map_err(io_out)?;
            for s in sols {
                ser.serialize(&s.map_err(qerr)?).map_err(io_out)?;
            }
            ser.finish().map_err(io_out)
        }
        QueryResults::Boolean(b) => {
            let rf = match format {
                QueryFormat::Table => {
                    writeln!(out, "{b}").map_err(io_out)?;
                    return Ok(out);
                }
                QueryFormat::Csv => QueryResultsFormat::Csv,
                QueryFormat::Tsv => QueryResultsFormat::Tsv,
                QueryFormat::Json => QueryResultsFormat::Json,
                QueryFormat::Xml => QueryResultsFormat::Xml,
                QueryFormat::Ttl | QueryFormat::Nt => {
                    return Err(Error::Usage(
                        "--format ttl/nt is for CONSTRUCT or DESCRIBE queries".into(),
                    ))
                }
            };
            QueryResultsSerializer::from_format(rf)
                .serialize_boolean_to_writer(out, b)
                .map_err(io_out)
        }
        QueryResults::Graph(triples) => {
            let rf =
                match format {
                    QueryFormat::Nt => RdfFormat::NTriples,
                    QueryFormat::Table | QueryFormat::Ttl => RdfFormat::Turtle,
                    QueryFormat::Xml => RdfFormat::RdfXml,
                    QueryFormat::Json => RdfFormat::JsonLd {
                        profile: Default::default(),
                    },
                    QueryFormat::Csv | QueryFormat::Tsv => return Err(Error::Usage(
                        "CONSTRUCT and DESCRIBE return a graph: use --format ttl, nt, xml or json"
                            .into(),
                    )),
                };
            let mut ser = RdfSerializer::from_format(rf);
            if rf == RdfFormat::Turtle {
                for (p, iri) in PREFIXES {
                    ser = ser
                        .with_prefix(*p, *iri)
                        .map_err(|e| Error::Other(e.to_string()))?;
                }
            }
            let mut w = ser.for_writer(out);
            for t in triples {
                w.serialize_triple(&t.map_err(qerr)?).map_err(io_out)?;
            }
            w.finish().map_err(io_out)
        }
    }
}

/// Consumes results, counting solutions or triples (what a client would read).
fn count_results(results: QueryResults<'static>) -> Result<usize> {
    let qerr = |e: oxigraph::sparql::QueryEvaluationError| Error::Query(e.to_string());
    Ok(match results {
        QueryResults::Solutions(s) => {
            let mut n = 0;
            for x in s {
                x.map_err(qerr)?;
                n += 1;
            }
            n
        }
        QueryResults::Boolean(_) => 1,
        QueryResults::Graph(g) => {
            let mut n = 0;
            for x in g {
                x.map_err(qerr)?;
                n += 1;
            }
            n
        }
    })
}

/// An aligned table; long cells are cut to keep rows on one line.
pub fn write_table<W: Write>(out: &mut W, header: &[String], rows: &[Vec<String>]) -> Result<()> {
    const MAX: usize = 70;
    let cell = |s: &str| -> String {
        let s = s.replace(['\n', '\r', '\t'], " ");
        if s.chars().count() > MAX {
            let mut t: String = s.chars().take(MAX - 1).collect();
            t.push('…');
            t
        } else {
            s
        }
    };
    let mut widths: Vec<usize> = header.iter().map(|h| h.chars().count()).collect();
    let rows: Vec<Vec<String>> = rows
        .iter()
        .map(|r| r.iter().map(|c| cell(c)).collect())
        .collect();
    for r in &rows {
        for (i, c) in r.iter().enumerate() {
            widths[i] = widths[i].max(c.chars().count());
        }
    }
    let line = |cells: &[String]| -> String {
        cells
            .iter()
            .enumerate()
            .map(|(i, c)| format!("{c}{}", " ".repeat(widths[i] - c.chars().count())))
            .collect::<Vec<_>>()
            .join("  ")
            .trim_end()
            .to_string()
    };
    writeln!(out, "{}", line(header)).map_err(io_out)?;
    writeln!(
        out,
        "{}",
        widths
            .iter()
            .map(|w| "-".repeat(*w))
            .collect::<Vec<_>>()
            .join("  ")
    )
    .map_err(io_out)?;
    for r in &rows {
        writeln!(out, "{}", line(r)).map_err(io_out)?;
    }
    writeln!(
        out,
        "({} row{})",
        rows.len(),
        if rows.len() == 1 { "" } else { "s" }
    )
    .map_err(io_out)?;
    Ok(())
}

pub fn run(args: QueryArgs) -> Result<i32> {
    if args.list {
        let mut out = std::io::stdout();
        for (name, text) in NAMED {
            let (title, params) = describe(text);
            writeln!(out, "{name:20} {title}").map_err(io_out)?;
            if !params.is_empty() && params != "none" {
                writeln!(out, "{:20}   params: {params}", "").map_err(io_out)?;
            }
        }
        return Ok(0);
    }
    let text = match (&args.query, &args.file, &args.name) {
        (Some(q), _, _) => q.clone(),
        (_, Some(f), _) => std::fs::read_to_string(f).map_err(|e| Error::io(f, e))?,
        (_, _, Some(n)) => {
            let (_, t) = NAMED.iter().find(|(k, _)| k == n).ok_or_else(|| {
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
            t.to_string()
        }
        _ => {
            return Err(Error::Usage(
                "give a query: derek query 'SPARQL', --file FILE, or --name NAME (see --list)"
                    .into(),
            ))
        }
    };
    let params = parse_params(&args.param)?;
    let text = if params.is_empty() && args.name.is_none() {
        text
    } else {
        bind_params(&text, &params)
    };
    let store = DerekStore::open_read_only(&args.store.store)?;
    if let Some(n) = args.repeat {
        let mut times = Vec::with_capacity(n);
        let mut rows = 0usize;
        for _ in 0..n.max(1) {
            let t = std::time::Instant::now();
            rows = count_results(evaluate(&store.store, &text)?)?;
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
    }
    let results = evaluate(&store.store, &text)?;
    let out = Output::open(args.output.as_ref())?;
    let out = write_results(results, args.format, out)?;
    out.finish()?;
    Ok(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parameters_become_escaped_literals_and_unset_ones_drop_their_line() {
        let p = vec![("entity".to_string(), "Ол \"айтты\"\\".to_string())];
        assert_eq!(
            bind_params("A $entity@kk .\nB $other .\nC\n", &p),
            "A \"Ол \\\"айтты\\\"\\\\\"@kk .\nC\n"
        );
    }

    #[test]
    fn every_named_query_parses_with_and_without_parameters() {
        let store = oxigraph::store::Store::new().unwrap();
        for (name, text) in NAMED {
            for params in [vec![], vec![("entity".to_string(), "x".to_string())]] {
                let q = bind_params(text, &params);
                evaluate(&store, &q).unwrap_or_else(|e| panic!("{name}: {e}"));
            }
        }
    }
}
