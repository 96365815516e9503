//! `derek export`: the store's relations, entities or statements as a table, with CSVW
//! metadata beside every CSV file.

use std::io::Write;
use std::path::{Path, PathBuf};

use clap::{Args, ValueEnum};

use super::{io_out, Output, StoreArg};
use crate::error::{Error, Result};
use crate::export::csv::{write_rows, TableFormat};
use crate::export::csvw;
use crate::export::filter::{Catalog, Filter};
use crate::export::tables::{Described, EntityRow, StatementRow};
use crate::export::{catalog_from_store, statements_from_store, RelRow};
use crate::store::DerekStore;

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum What {
    /// One row per relation: article,line,relation,subject,subject_label,object,object_label,date,place,start,end,confidence
    Relations,
    /// One row per actor, document or topic: entity,label,type,aliases,roles,wikidata,mentions,articles,relations
    Entities,
    /// One row per dk:Statement: the relations columns and mode, types, place IRI, article date, rule, claim offsets, evidence sentence
    Statements,
}

/// Filters shared by `derek export` and `derek viz`.
#[derive(Args, Debug, Clone, Default)]
pub struct FilterArgs {
    /// Only these relations (repeatable, or comma-separated): said, wrote, stated, reported, adopted, approved, signed, calledOn, criticized.
    #[arg(long, value_name = "RELATION", value_delimiter = ',')]
    pub relation: Vec<String>,
    /// Only relations whose subject or object is an entity whose name or alias contains TEXT (letter case ignored), or whose IRI is TEXT; claims' text is not searched. Repeatable: any of them. For `export entities`, the entities themselves.
    #[arg(long, value_name = "TEXT")]
    pub entity: Vec<String>,
    /// Only these articles (their id: file stem or JSONL id; repeatable).
    #[arg(long, value_name = "ID")]
    pub article: Vec<String>,
    /// Only relations on or after DATE (YYYY-MM-DD, YYYY-MM or YYYY). See "Dates" below.
    #[arg(long, value_name = "DATE")]
    pub since: Option<String>,
    /// Only relations on or before DATE (YYYY-MM-DD; YYYY-MM and YYYY mean their last day).
    #[arg(long, value_name = "DATE")]
    pub until: Option<String>,
}

/// How --since/--until treat rows, for the help of export and viz.
#[macro_export]
macro_rules! dates_help {
    () => {
        "Dates: --since/--until compare a relation's own date (dk:date; 2019-03 covers the month,
--03-14 takes its article's year); a relation without one takes its article's publication
date; a relation with neither is left out whenever --since or --until is given, and derek says
on stderr how many were left out."
    };
}

impl FilterArgs {
    pub fn filter(&self) -> Result<Filter> {
        Filter::new(
            &self.relation,
            &self.entity,
            &self.article,
            self.since.as_deref(),
            self.until.as_deref(),
        )
    }
}

#[derive(Args, Debug)]
#[command(after_help = AFTER_HELP)]
pub struct ExportArgs {
    #[arg(value_enum)]
    pub what: What,
    #[arg(long, value_enum, default_value_t = TableFormat::Csv)]
    pub format: TableFormat,
    /// Write to FILE instead of standard output. A CSV file gets its CSVW metadata beside it, in FILE-metadata.json.
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,
    #[command(flatten)]
    pub filters: FilterArgs,
    #[command(flatten)]
    pub store: StoreArg,
}

const AFTER_HELP: &str = concat!(
    "The relations CSV has a fixed header (a contract that scripts may rely on):
  article,line,relation,subject,subject_label,object,object_label,date,place,start,end,confidence
line is the 1-based line of the article body (after front matter) where the evidence starts;
start/end are character offsets of the evidence sentence in the article body. The statements
table has the same columns after its first (the statement IRI), then more.

With -o FILE and --format csv, derek also writes FILE-metadata.json: W3C CSV on the Web
metadata (columns, datatypes, meanings) where CSVW tools look for it.

Filters: for relations and statements, a row passes when it passes every filter given. For
entities, --entity selects the entities themselves, --article the entities mentioned or related
in those articles (counts are then over those articles only), and --relation/--since/--until
the entities that take part in a relation that passes them.

",
    dates_help!()
);

/// The catalog and every statement of the store, for the filters to choose from.
pub fn load(store: &DerekStore) -> Result<(Catalog, Vec<StatementRow>)> {
    let catalog = catalog_from_store(store)?;
    let statements = statements_from_store(store, &catalog)?;
    Ok((catalog, statements))
}

/// Tells how many rows the date filters left out.
pub fn note_undated(undated: usize) {
    if undated > 0 {
        let (s, their) = if undated == 1 {
            ("", "its")
        } else {
            ("s", "their")
        };
        eprintln!(
            "derek: note: {undated} relation{s} without a date (neither {their} own nor {their} article's) left out by --since/--until"
        );
    }
}

fn write_table<T: Described>(
    args: &ExportArgs,
    rows: &[T],
    primary_key: Option<&str>,
) -> Result<()> {
    let mut out = Output::open(args.output.as_ref())?;
    write_rows(&mut out, args.format, rows)?;
    let path = out.path().cloned();
    out.finish()?;
    if let (Some(path), TableFormat::Csv) = (path, args.format) {
        write_metadata::<T>(&path, primary_key)?;
    }
    Ok(())
}

fn write_metadata<T: Described>(csv: &Path, primary_key: Option<&str>) -> Result<()> {
    let name = csv
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .ok_or_else(|| Error::Usage(format!("{}: not a file name", csv.display())))?;
    let md = csvw::metadata::<T>(&name, primary_key);
    let path = csvw::metadata_path(csv);
    let mut out = Output::open(Some(&path))?;
    let text = serde_json::to_string_pretty(&md).map_err(|e| Error::Other(e.to_string()))?;
    out.write_all(text.as_bytes()).map_err(io_out)?;
    out.write_all(b"\n").map_err(io_out)?;
    out.finish()
}

pub fn run(args: ExportArgs) -> Result<i32> {
    let filter = args.filters.filter()?;
    let store = DerekStore::open_read_only(&args.store.store)?;
    let (catalog, all) = load(&store)?;
    match args.what {
        What::Relations => {
            let (kept, undated) = filter.apply(&all, &catalog);
            let mut rows: Vec<RelRow> = kept.iter().map(|s| s.to_relation()).collect();
            crate::export::sort_rows(&mut rows);
            rows.dedup();
            write_table(&args, &rows, None)?;
            note_undated(undated);
        }
        What::Statements => {
            let (kept, undated) = filter.apply(&all, &catalog);
            write_table(&args, &kept, Some("statement"))?;
            note_undated(undated);
        }
        What::Entities => {
            let rows: Vec<EntityRow> = filter.entities(&all, &catalog);
            write_table(&args, &rows, Some("entity"))?;
        }
    }
    Ok(0)
}
