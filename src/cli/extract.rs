//! `derek extract`: articles in, RDF or JSON out; no store. Stateless and deterministic, so
//! shards extracted on different machines merge without duplicates. It is the map step of the
//! scale-out recipe (Spark's `RDD.pipe`, Hadoop streaming): with `--stdin-format jsonl` it reads
//! one article per line of standard input and writes each article's quads as soon as it is
//! extracted, so memory stays bounded by the largest article, whatever the stream's length.
//! Files are extracted on all cores in bounded batches, written in input order.

use std::io::{BufRead, BufWriter, Write};
use std::path::PathBuf;

use clap::{Args, ValueEnum};
use oxigraph::io::{RdfFormat, RdfSerializer};

use super::{io_out, Output};
use crate::batch::{article_nquads_of, article_quads_of, article_rows_of, par_map_articles};
use crate::error::Result;
use crate::source::{parse_json_line, Article, ArticleReader, SourceError};

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExtractFormat {
    /// N-Quads: one named graph per article (what `oxigraph load` and triple stores read).
    Nq,
    /// TriG: the same quads, readable.
    Trig,
    /// One JSON object per relation row (the relations CSV's columns).
    Jsonl,
}

/// How `-` (standard input) is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum StdinFormat {
    /// The whole input is one article (front matter allowed).
    Text,
    /// One JSON article per line (`{"id", "text", "date", "url", "title"}`), streamed.
    Jsonl,
}

#[derive(Args, Debug)]
#[command(
    after_help = "Output: N-Quads put each article's quads in the article's named graph, with IRIs that depend
only on the article, so outputs of separate runs or machines concatenate and load without duplicates.

As a filter for a cluster (one process per partition, one article per input line):
  derek extract --stdin-format jsonl - < part.jsonl > part.nq"
)]
pub struct ExtractArgs {
    /// Article files or directories; - reads standard input (see --stdin-format).
    #[arg(required = true, value_name = "PATHS")]
    pub paths: Vec<PathBuf>,
    #[arg(long, value_enum, default_value_t = ExtractFormat::Nq)]
    pub format: ExtractFormat,
    /// What standard input holds when a path is -.
    #[arg(long, value_enum, default_value_t = StdinFormat::Text)]
    pub stdin_format: StdinFormat,
    /// Write to FILE instead of standard output.
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Worker threads for extracting files (default: all cores). Standard input is read one
    /// article at a time on one thread, so that each article's output comes out at once.
    #[arg(long, short = 'j', value_name = "N")]
    pub jobs: Option<usize>,
}

/// Reads JSON Lines from standard input, one article at a time.
fn stdin_jsonl(mut f: impl FnMut(Result<Article, SourceError>) -> Result<()>) -> Result<()> {
    let stdin = std::io::stdin();
    let mut lock = stdin.lock();
    let mut buf = Vec::new();
    let mut lineno = 0usize;
    loop {
        buf.clear();
        lineno += 1;
        let n = lock
            .read_until(b'\n', &mut buf)
            .map_err(|e| crate::Error::io("<stdin>", e))?;
        if n == 0 {
            return Ok(());
        }
        let line = match std::str::from_utf8(&buf) {
            Ok(s) => s.trim(),
            Err(e) => {
                f(Err(SourceError {
                    path: "<stdin>".into(),
                    line: Some(lineno),
                    byte: Some(e.valid_up_to()),
                    message: "invalid UTF-8 in line".into(),
                }))?;
                continue;
            }
        };
        if line.is_empty() {
            continue;
        }
        f(parse_json_line(line, "<stdin>", lineno))?;
    }
}

/// Writes one article's output.
fn write_article(out: &mut impl Write, format: ExtractFormat, a: &Article) -> Result<()> {
    render(&mut *out, format, a)?;
    // One article's output goes out whole as soon as it is ready: a pipe's reader (Spark's
    // RDD.pipe) gets it without waiting for the buffer to fill.
    out.flush().map_err(io_out)
}

/// Extracts one article and serializes its output into `out`.
fn render(out: &mut impl Write, format: ExtractFormat, a: &Article) -> Result<()> {
    match format {
        ExtractFormat::Jsonl => {
            for r in article_rows_of(a).1 {
                serde_json::to_writer(&mut *out, &r)
                    .map_err(|e| crate::Error::Other(e.to_string()))?;
                out.write_all(b"\n").map_err(io_out)?;
            }
        }
        ExtractFormat::Nq => {
            let mut buf = Vec::new();
            article_nquads_of(a, &mut buf);
            out.write_all(&buf).map_err(io_out)?;
        }
        ExtractFormat::Trig => {
            let mut ser = RdfSerializer::from_format(RdfFormat::TriG);
            for (p, iri) in crate::rdf::vocab::PREFIXES {
                ser = ser
                    .with_prefix(*p, *iri)
                    .map_err(|e| crate::Error::Other(e.to_string()))?;
            }
            let mut w = ser.for_writer(&mut *out);
            for q in article_quads_of(a).1 {
                w.serialize_quad(&q).map_err(io_out)?;
            }
            w.finish().map_err(io_out)?;
        }
    }
    Ok(())
}

/// Reports an article's warnings, or counts and reports a skipped input.
fn report(a: &Result<Article, SourceError>, skipped: &mut usize) {
    match a {
        Ok(a) => {
            for w in &a.warnings {
                eprintln!("derek: warning: {w}");
            }
        }
        Err(e) => {
            eprintln!("derek: skipped {e}");
            *skipped += 1;
        }
    }
}

pub fn run(args: ExtractArgs) -> Result<i32> {
    let mut out = BufWriter::new(Output::open(args.output.as_ref())?);
    let mut skipped = 0usize;
    // Files are extracted in parallel batches; standard input streams, one article at a time,
    // in its place among the paths.
    let mut files: Vec<PathBuf> = Vec::new();
    let from_files =
        |files: &mut Vec<PathBuf>, out: &mut BufWriter<Output>, skipped: &mut usize| {
            let skipped = std::cell::RefCell::new(skipped);
            let r = par_map_articles(
                ArticleReader::new(files),
                args.jobs,
                |a| {
                    let mut buf = Vec::new();
                    render(&mut buf, args.format, a).map(|()| buf)
                },
                |e| report(&Err(e), &mut skipped.borrow_mut()),
                |a, bytes| {
                    report(&Ok(a), &mut skipped.borrow_mut());
                    out.write_all(&bytes?).map_err(io_out)
                },
            );
            files.clear();
            r
        };
    for p in &args.paths {
        if p.as_os_str() != "-" {
            files.push(p.clone());
            continue;
        }
        from_files(&mut files, &mut out, &mut skipped)?;
        let mut one = |a: Result<Article, SourceError>| -> Result<()> {
            report(&a, &mut skipped);
            match a {
                Ok(a) => write_article(&mut out, args.format, &a),
                Err(_) => Ok(()),
            }
        };
        if args.stdin_format == StdinFormat::Jsonl {
            stdin_jsonl(&mut one)?;
        } else {
            for a in ArticleReader::new(std::slice::from_ref(p)) {
                one(a)?;
            }
        }
    }
    from_files(&mut files, &mut out, &mut skipped)?;
    let out = out.into_inner().map_err(|e| io_out(e.into_error()))?;
    out.finish()?;
    Ok(if skipped > 0 { 1 } else { 0 })
}
