//! `derek export`: the store's relations as a table.

use std::path::PathBuf;

use clap::{Args, ValueEnum};

use super::{Output, StoreArg};
use crate::error::Result;
use crate::export::csv::{write_rows, TableFormat};
use crate::export::rows_from_store;
use crate::store::DerekStore;

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum What {
    /// One row per relation: article,line,relation,subject,subject_label,object,object_label,date,place,start,end,confidence
    Relations,
}

#[derive(Args, Debug)]
#[command(
    after_help = "The relations CSV has a fixed header (a contract that scripts may rely on):
  article,line,relation,subject,subject_label,object,object_label,date,place,start,end,confidence
line is the 1-based line of the article body (after front matter) where the evidence starts;
start/end are character offsets of the evidence sentence in the article body."
)]
pub struct ExportArgs {
    #[arg(value_enum)]
    pub what: What,
    #[arg(long, value_enum, default_value_t = TableFormat::Csv)]
    pub format: TableFormat,
    /// Write to FILE instead of standard output.
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,
    #[command(flatten)]
    pub store: StoreArg,
}

pub fn run(args: ExportArgs) -> Result<i32> {
    let store = DerekStore::open_read_only(&args.store.store)?;
    match args.what {
        What::Relations => {
            let rows = rows_from_store(&store)?;
            let mut out = Output::open(args.output.as_ref())?;
            write_rows(&mut out, args.format, &rows)?;
            out.finish()?;
        }
    }
    Ok(0)
}
