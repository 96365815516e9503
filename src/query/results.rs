//! Writers of query results: the SPARQL result formats and RDF syntaxes (Oxigraph's
//! serializers), and an aligned text table for people.

use std::io::Write;

use oxigraph::io::{RdfFormat, RdfSerializer};
use oxigraph::model::Term;
use oxigraph::sparql::results::{QueryResultsFormat, QueryResultsSerializer};
use oxigraph::sparql::{QueryEvaluationError, QueryResults};

use crate::error::{io_out, Error, Result};
use crate::rdf::vocab::PREFIXES;

/// How results are written. Solutions and booleans take a SPARQL results format; a graph
/// (CONSTRUCT, DESCRIBE) takes an RDF syntax, and also the JSON and XML results formats, read
/// as JSON-LD and RDF/XML.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ResultFormat {
    /// An aligned text table (SELECT), true/false (ASK), Turtle (CONSTRUCT/DESCRIBE).
    Table,
    /// A SPARQL results format (JSON, XML, CSV, TSV).
    Results(QueryResultsFormat),
    /// An RDF syntax, for graphs only.
    Graph(RdfFormat),
}

fn qerr(e: QueryEvaluationError) -> Error {
    Error::Query(e.to_string())
}

fn term_text(t: &Term) -> String {
    match t {
        Term::Literal(l) => l.value().to_string(),
        Term::NamedNode(n) => n.as_str().to_string(),
        other => other.to_string(),
    }
}

/// Writes results in the chosen format and hands the writer back.
pub fn write_results<W: Write>(
    results: QueryResults<'static>,
    format: ResultFormat,
    mut out: W,
) -> Result<W> {
    match results {
        QueryResults::Solutions(sols) => {
            let vars = sols.variables().to_vec();
            let rf = match format {
                ResultFormat::Results(rf) => rf,
                ResultFormat::Graph(_) => {
                    return Err(Error::Usage(
                        "--format ttl/nt is for CONSTRUCT or DESCRIBE queries; use table, csv, tsv, json or xml".into(),
                    ))
                }
                ResultFormat::Table => {
                    let mut rows: Vec<Vec<String>> = Vec::new();
                    for s in sols {
                        let s = s.map_err(qerr)?;
                        rows.push(
                            vars.iter()
                                .map(|v| s.get(v).map(term_text).unwrap_or_default())
                                .collect(),
                        );
                    }
                    let header: Vec<String> = vars.iter().map(|v| v.as_str().to_string()).collect();
                    write_table(&mut out, &header, &rows)?;
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
                ResultFormat::Table => {
                    writeln!(out, "{b}").map_err(io_out)?;
                    return Ok(out);
                }
                ResultFormat::Results(rf) => rf,
                ResultFormat::Graph(_) => {
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
                    ResultFormat::Graph(rf) => rf,
                    ResultFormat::Table => RdfFormat::Turtle,
                    ResultFormat::Results(QueryResultsFormat::Xml) => RdfFormat::RdfXml,
                    ResultFormat::Results(QueryResultsFormat::Json) => RdfFormat::JsonLd {
                        profile: Default::default(),
                    },
                    ResultFormat::Results(_) => return Err(Error::Usage(
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
pub fn count_results(results: QueryResults<'static>) -> Result<usize> {
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
