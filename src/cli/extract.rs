//! `derek extract`: articles in, RDF or JSON out; no store. Stateless and deterministic, so
//! shards extracted on different machines merge without duplicates.

use std::io::Write;
use std::path::PathBuf;

use clap::{Args, ValueEnum};
use oxigraph::io::{RdfFormat, RdfSerializer};

use super::{io_out, Output};
use crate::error::Result;
use crate::export::rows_from_annotations;
use crate::extract::Pipeline;
use crate::rdf::article_quads;
use crate::source::ArticleReader;

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExtractFormat {
    /// N-Quads: one named graph per article (what `oxigraph load` and triple stores read).
    Nq,
    /// TriG: the same quads, readable.
    Trig,
    /// One JSON object per relation row (the relations CSV's columns).
    Jsonl,
}

#[derive(Args, Debug)]
pub struct ExtractArgs {
    /// Article files or directories; - reads one article from standard input.
    #[arg(required = true, value_name = "PATHS")]
    pub paths: Vec<PathBuf>,
    #[arg(long, value_enum, default_value_t = ExtractFormat::Nq)]
    pub format: ExtractFormat,
    /// Write to FILE instead of standard output.
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,
}

pub fn run(args: ExtractArgs) -> Result<i32> {
    let mut out = Output::open(args.output.as_ref())?;
    let mut skipped = 0usize;
    for a in ArticleReader::new(&args.paths) {
        let a = match a {
            Ok(a) => a,
            Err(e) => {
                eprintln!("derek: skipped {e}");
                skipped += 1;
                continue;
            }
        };
        let ann = Pipeline::kazakh().extract(&a);
        match args.format {
            ExtractFormat::Jsonl => {
                for r in rows_from_annotations(&a, &ann) {
                    serde_json::to_writer(&mut out, &r)
                        .map_err(|e| crate::Error::Other(e.to_string()))?;
                    out.write_all(b"\n").map_err(io_out)?;
                }
            }
            ExtractFormat::Nq | ExtractFormat::Trig => {
                let f = if args.format == ExtractFormat::Nq {
                    RdfFormat::NQuads
                } else {
                    RdfFormat::TriG
                };
                let mut ser = RdfSerializer::from_format(f);
                if f == RdfFormat::TriG {
                    for (p, iri) in super::query::PREFIXES {
                        ser = ser
                            .with_prefix(*p, *iri)
                            .map_err(|e| crate::Error::Other(e.to_string()))?;
                    }
                }
                let mut w = ser.for_writer(&mut out);
                for q in article_quads(&a, &ann) {
                    w.serialize_quad(&q).map_err(io_out)?;
                }
                w.finish().map_err(io_out)?;
            }
        }
    }
    out.finish()?;
    Ok(if skipped > 0 { 1 } else { 0 })
}
