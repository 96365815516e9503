//! Tables: CSV (RFC 4180, UTF-8, header row), TSV (no quoting: tabs and line breaks inside a
//! field become spaces) and JSON Lines.

use std::io::Write;

use serde::Serialize;

use crate::error::{io_out, Error, Result};

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum TableFormat {
    Csv,
    Tsv,
    Jsonl,
}

/// A row type with a fixed header.
pub trait Table: Serialize {
    fn header() -> &'static [&'static str];
    fn fields(&self) -> Vec<String>;
}

/// Writes rows with their header.
pub fn write_rows<W: Write, T: Table>(out: W, format: TableFormat, rows: &[T]) -> Result<()> {
    match format {
        TableFormat::Csv => {
            let mut w = csv::WriterBuilder::new().from_writer(out);
            w.write_record(T::header()).map_err(csv_err)?;
            for r in rows {
                w.write_record(r.fields()).map_err(csv_err)?;
            }
            w.flush().map_err(io_out)
        }
        TableFormat::Tsv => {
            let mut out = out;
            writeln!(out, "{}", T::header().join("\t")).map_err(io_out)?;
            for r in rows {
                let f: Vec<String> = r
                    .fields()
                    .into_iter()
                    .map(|s| s.replace(['\t', '\n', '\r'], " "))
                    .collect();
                writeln!(out, "{}", f.join("\t")).map_err(io_out)?;
            }
            out.flush().map_err(io_out)
        }
        TableFormat::Jsonl => {
            let mut out = out;
            for r in rows {
                // A JSON error here is an I/O error (a closed pipe, say): the rows serialize.
                serde_json::to_writer(&mut out, r).map_err(|e| io_out(e.into()))?;
                out.write_all(b"\n").map_err(io_out)?;
            }
            out.flush().map_err(io_out)
        }
    }
}

fn csv_err(e: csv::Error) -> Error {
    match e.into_kind() {
        csv::ErrorKind::Io(io) => io_out(io),
        other => Error::Other(format!("{other:?}")),
    }
}

impl Table for super::RelRow {
    fn header() -> &'static [&'static str] {
        &super::REL_COLUMNS
    }
    fn fields(&self) -> Vec<String> {
        vec![
            self.article.clone(),
            self.line.to_string(),
            self.relation.clone(),
            self.subject.clone(),
            self.subject_label.clone(),
            self.object.clone(),
            self.object_label.clone(),
            self.date.clone(),
            self.place.clone(),
            self.start.to_string(),
            self.end.to_string(),
            self.confidence.clone(),
        ]
    }
}
