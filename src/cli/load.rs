//! `derek load`: N-Quads into the store with Oxigraph's bulk loader, the reduce step after a
//! cluster ran `derek extract` over shards. Graphs the store already holds are replaced, as
//! `derek build` replaces them, so loading the same shards again leaves the same quads.

use std::path::PathBuf;
use std::time::Instant;

use clap::Args;

use super::StoreArg;
use crate::error::Result;
use crate::store::{nquads_files, DerekStore};

#[derive(Args, Debug)]
#[command(
    after_help = "Inputs: N-Quads files (as `derek extract --format nq` writes), directories (every
file in them whose name does not start with `.` or `_`, as Spark's part-NNNNN files), or - for
standard input. Nothing is stored unless every input parses: an error names the file and line.

Example (the scale-out recipe in the README):
  spark-submit scripts/spark/extract.py corpus.jsonl quads/ && derek load quads/"
)]
pub struct LoadArgs {
    /// N-Quads files or directories of them; - reads standard input.
    #[arg(required = true, value_name = "PATHS")]
    pub paths: Vec<PathBuf>,
    #[command(flatten)]
    pub store: StoreArg,
    /// Threads the bulk loader uses (default: all cores).
    #[arg(long, short = 'j', value_name = "N")]
    pub jobs: Option<usize>,
    /// Print only errors and the summary.
    #[arg(long, short = 'q')]
    pub quiet: bool,
}

pub fn run(args: LoadArgs) -> Result<i32> {
    let started = Instant::now();
    let files = nquads_files(&args.paths)?;
    let store = DerekStore::open(&args.store.store)?;
    let before = store.len()? - store.default_graph_len()?;
    let progress = |n: u64| eprintln!("derek load: {n} quads so far");
    let loaded = store.load_nquads(&files, args.jobs, (!args.quiet).then_some(progress))?;
    let after = store.len()? - store.default_graph_len()?;
    println!(
        "derek load: {} file{}, {} quads read, {} article graphs ({} replaced), in {:.2} s",
        files.len(),
        if files.len() == 1 { "" } else { "s" },
        loaded.quads,
        loaded.graphs,
        loaded.replaced,
        started.elapsed().as_secs_f64()
    );
    println!(
        "store {}: {} article graphs, {after} quads in them ({:+})",
        args.store.store.display(),
        store.graphs()?.len(),
        after as i64 - before as i64
    );
    Ok(0)
}
