//! `derek viz`: a picture of the graph, as DOT, SVG, GraphML or an interactive HTML page.

use std::io::Write;
use std::path::PathBuf;

use clap::{Args, ValueEnum};

use super::export::{load, note_undated, FilterArgs};
use super::{io_out, Output, StoreArg};
use crate::error::{Error, Result};
use crate::export::dot::{to_dot, to_svg, SvgEngine};
use crate::export::graph::VizGraph;
use crate::export::graphml::to_graphml;
use crate::export::html::{render, PageGraph, PageOptions};
use crate::store::DerekStore;

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum VizFormat {
    /// Graphviz DOT text.
    Dot,
    /// A picture (through Graphviz when installed, else a built-in layout).
    Svg,
    /// GraphML with node and edge attributes, for Gephi, Cytoscape, yEd or networkx.
    Graphml,
    /// One self-contained interactive page: search, pan/zoom, click for relations and evidence.
    Html,
}

#[derive(Args, Debug)]
#[command(after_help = AFTER_HELP)]
pub struct VizArgs {
    #[arg(long, value_enum, default_value_t = VizFormat::Dot)]
    pub format: VizFormat,
    /// Only what is within --depth steps of entities whose name or alias contains this text (or whose IRI it is).
    #[arg(long, value_name = "ENTITY")]
    pub focus: Option<String>,
    /// Steps from the focus.
    #[arg(long, default_value_t = 1, value_name = "N")]
    pub depth: usize,
    #[command(flatten)]
    pub filters: FilterArgs,
    /// Who draws the SVG.
    #[arg(long, value_enum, default_value_t = SvgEngine::Auto)]
    pub svg_engine: SvgEngine,
    /// The HTML page's title (default: derek and what is shown).
    #[arg(long, value_name = "TEXT")]
    pub title: Option<String>,
    /// Write to FILE instead of standard output.
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,
    #[command(flatten)]
    pub store: StoreArg,
}

const AFTER_HELP: &str = concat!(
    "The graph: actors, claims, documents and topics are nodes; each relation (each dk:Statement)
is an edge from its subject to its object, labelled by the relation. Filters (--relation,
--entity, --article, --since, --until) choose the relations first; --focus then keeps what is
near the focus. Output is deterministic: the same store and options give the same bytes.

",
    crate::dates_help!()
);

pub fn run(args: VizArgs) -> Result<i32> {
    let filter = args.filters.filter()?;
    let store = DerekStore::open_read_only(&args.store.store)?;
    let (catalog, all) = load(&store)?;
    let (rows, undated) = filter.apply(&all, &catalog);
    note_undated(undated);
    let mut g = VizGraph::from_statements(&rows, &catalog);
    if let Some(f) = &args.focus {
        if g.focus(f, args.depth) == 0 {
            return Err(Error::Usage(format!(
                "no entity's name contains {f:?} (among the relations chosen)"
            )));
        }
    }
    let mut out = Output::open(args.output.as_ref())?;
    match args.format {
        VizFormat::Dot => out.write_all(to_dot(&g).as_bytes()).map_err(io_out)?,
        VizFormat::Svg => {
            let (svg, engine) = to_svg(&to_dot(&g), args.svg_engine)?;
            // Only when derek chose: asked for the built-in layout, a user needs no note.
            if engine != "graphviz" && args.svg_engine == SvgEngine::Auto {
                eprintln!("derek: note: Graphviz is not installed; drew the SVG with the built-in layout (install graphviz for a tighter picture)");
            }
            out.write_all(svg.as_bytes()).map_err(io_out)?;
        }
        VizFormat::Graphml => out.write_all(to_graphml(&g).as_bytes()).map_err(io_out)?,
        VizFormat::Html => {
            let title = args
                .title
                .clone()
                .unwrap_or_else(|| default_title(&g, &args));
            let page = render(
                &PageGraph::from_viz(&g, &catalog),
                &PageOptions {
                    title: &title,
                    ..Default::default()
                },
            );
            out.write_all(page.as_bytes()).map_err(io_out)?;
        }
    }
    out.finish()?;
    Ok(0)
}

/// "derek: 13 relations from 1 article", and the focus when there is one.
fn default_title(g: &VizGraph, args: &VizArgs) -> String {
    let articles: std::collections::BTreeSet<&str> =
        g.edges.iter().map(|e| e.article.as_str()).collect();
    let n = g.edges.len();
    let a = articles.len();
    let mut t = format!(
        "derek: {n} relation{} from {a} article{}",
        if n == 1 { "" } else { "s" },
        if a == 1 { "" } else { "s" }
    );
    if let Some(f) = &args.focus {
        t.push_str(&format!(" around {f}"));
    }
    t
}
