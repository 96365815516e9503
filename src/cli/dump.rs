//! `derek dump`: the article graphs of the store as N-Quads (or TriG), the same quads that
//! `derek extract --format nq` writes for the same articles: a backup, or the input of another
//! store (`derek load`, `oxigraph load`). The default graph, which derek derives from the
//! article graphs, is not written.

use std::io::Write;
use std::path::PathBuf;

use clap::{Args, ValueEnum};

use super::{io_out, Output, StoreArg};
use crate::error::Result;
use crate::store::DerekStore;

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DumpFormat {
    /// N-Quads, graphs in IRI order.
    Nq,
    /// TriG, with derek's prefixes.
    Trig,
}

#[derive(Args, Debug)]
#[command(after_help = "Example (a copy of a store, through N-Quads):
  derek dump -o all.nq && derek load --store copy all.nq")]
pub struct DumpArgs {
    #[command(flatten)]
    pub store: StoreArg,
    #[arg(long, value_enum, default_value_t = DumpFormat::Nq)]
    pub format: DumpFormat,
    /// Write to FILE instead of standard output.
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,
}

pub fn run(args: DumpArgs) -> Result<i32> {
    let store = DerekStore::open_read_only(&args.store.store)?;
    let mut out = Output::open(args.output.as_ref())?;
    let format = match args.format {
        DumpFormat::Nq => oxigraph::io::RdfFormat::NQuads,
        DumpFormat::Trig => oxigraph::io::RdfFormat::TriG,
    };
    store.dump_article_graphs(&mut out, format)?;
    out.flush().map_err(io_out)?;
    out.finish()?;
    Ok(0)
}
