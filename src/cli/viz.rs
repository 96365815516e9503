//! `derek viz`: a picture of the graph.

use std::io::Write;
use std::path::PathBuf;

use clap::{Args, ValueEnum};

use super::{io_out, Output, StoreArg};
use crate::error::{Error, Result};
use crate::export::dot::{to_dot, to_svg, SvgEngine};
use crate::export::graph::VizGraph;
use crate::export::rows_from_store;
use crate::store::DerekStore;

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum VizFormat {
    Dot,
    Svg,
}

#[derive(Args, Debug)]
pub struct VizArgs {
    #[arg(long, value_enum, default_value_t = VizFormat::Dot)]
    pub format: VizFormat,
    /// Only what is within --depth steps of actors whose name contains this text.
    #[arg(long, value_name = "ENTITY")]
    pub focus: Option<String>,
    /// Steps from the focus.
    #[arg(long, default_value_t = 1, value_name = "N")]
    pub depth: usize,
    /// Only these relations (repeatable): said, wrote, stated, reported, adopted, approved, signed, calledOn, criticized.
    #[arg(long, value_name = "RELATION")]
    pub relation: Vec<String>,
    /// Who draws the SVG.
    #[arg(long, value_enum, default_value_t = SvgEngine::Auto)]
    pub svg_engine: SvgEngine,
    /// Write to FILE instead of standard output.
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,
    #[command(flatten)]
    pub store: StoreArg,
}

pub fn run(args: VizArgs) -> Result<i32> {
    for r in &args.relation {
        if crate::extract::RelKind::parse(r).is_none() {
            return Err(Error::Usage(format!("unknown relation {r:?}")));
        }
    }
    let store = DerekStore::open_read_only(&args.store.store)?;
    let rows = rows_from_store(&store)?;
    let mut g = VizGraph::from_rows(&rows);
    g.retain_relations(&args.relation);
    if let Some(f) = &args.focus {
        if g.focus(f, args.depth) == 0 {
            return Err(Error::Usage(format!("no actor's name contains {f:?}")));
        }
    }
    let dot = to_dot(&g);
    let mut out = Output::open(args.output.as_ref())?;
    match args.format {
        VizFormat::Dot => out.write_all(dot.as_bytes()).map_err(io_out)?,
        VizFormat::Svg => {
            let (svg, engine) = to_svg(&dot, args.svg_engine)?;
            if engine != "graphviz" {
                eprintln!("derek: note: Graphviz is not installed; drew the SVG with the built-in layout (install graphviz for a tighter picture)");
            }
            out.write_all(svg.as_bytes()).map_err(io_out)?;
        }
    }
    out.finish()?;
    Ok(0)
}
